import { DEFAULT_AS_OF, generateGeography, generatePopulation, SyntheticPerson } from '../../subgraphs/synthetic';
import {
  creditCodeCheckCharacter,
  generateEmployers,
  generateHumanResources,
  InsuranceType,
  isValidCreditCode,
  SyntheticEmployer,
  SyntheticEmployment,
  SyntheticHumanResources,
} from '../../subgraphs/human-resources/seed/synthetic-employment';
import { groupBy, pct, problems, share } from '../support/checks';

// Independent date helpers (UTC), so the tests don't trust the module's own date code.
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
function ageOn(birth: string, on: string): number {
  const years = +on.slice(0, 4) - +birth.slice(0, 4);
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** GB 32100 check character, written out again from the standard (weights 3^i mod 31). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function expectedCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += ALPHABET.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}
/** GB 11714 check of the organisation code (weights 3 7 9 10 5 8 4 2; A = 10 … Z = 35). */
function expectedOrgCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + parseInt(c, 36) * weights[i], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

const SEED = 2013;
const SIZE = 20000;
const asOf = DEFAULT_AS_OF;

let people: SyntheticPerson[];
let byId: Map<string, SyntheticPerson>;
let hr: SyntheticHumanResources;
let employerByCode: Map<string, SyntheticEmployer>;
let jobsByPerson: Map<string, SyntheticEmployment[]>;
let everEmployed: Set<string>;
let employedNow: Set<string>;

beforeAll(() => {
  people = [...generatePopulation({ seed: SEED, size: SIZE })];
  byId = new Map(people.map((p) => [p.id, p]));
  hr = generateHumanResources(people, { seed: SEED });
  employerByCode = new Map(hr.employers.map((e) => [e.code, e]));
  jobsByPerson = groupBy(hr.employments, (e) => e.personId);
  everEmployed = new Set(jobsByPerson.keys());
  employedNow = new Set(hr.employments.filter((e) => e.endDate === null).map((e) => e.personId));
});

describe('unified social credit codes', () => {
  it('accepts published codes and computes their check characters', () => {
    for (const code of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F', '914403001922038216']) {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('rejects bad codes', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false); // wrong final check
    expect(isValidCreditCode('91350100M000100Y56')).toBe(false); // wrong organisation-code check, final check recomputed
    expect(creditCodeCheckCharacter('91350100M000100Y5')).toBe('6'); // (so only the inner check is wrong above)
    expect(isValidCreditCode('91350100m000100Y43')).toBe(false); // lower case
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode('9135010M000100Y43')).toBe(false); // 17 characters
    expect(isValidCreditCode('913A0100M000100Y43')).toBe(false); // division code not digits
    expect(isValidCreditCode(null)).toBe(false);
    expect(() => creditCodeCheckCharacter('91350100M000100Y')).toThrow();
    expect(() => creditCodeCheckCharacter('91350100M000100YO')).toThrow();
  });

  it('gives every employer a valid, unique enterprise code of its district', () => {
    expect(new Set(hr.employers.map((e) => e.code)).size).toBe(hr.employers.length);
    expect(
      problems(hr.employers, (e) => {
        if (!isValidCreditCode(e.code)) return `${e.code} invalid`;
        if (!e.code.startsWith('91' + e.districtCode)) return `${e.code} not 91 + ${e.districtCode}`;
        if (e.code[16] !== expectedOrgCheck(e.code.slice(8, 16))) return `${e.code}: organisation-code check`;
        if (e.code[17] !== expectedCheck(e.code.slice(0, 17))) return `${e.code}: final check`;
        return null;
      }),
    ).toEqual([]);
  });
});

describe('employers', () => {
  it('are deterministic and the same as generateHumanResources uses', () => {
    expect(generateEmployers(SEED)).toEqual(hr.employers);
    expect(generateEmployers(SEED + 1)).not.toEqual(hr.employers);
  });

  it('number 8–12 per community, in a community of their district, with unique names', () => {
    const geography = generateGeography(SEED);
    const communities = new Map(geography.districts.flatMap((d) => d.streets.flatMap((s) => s.communities)).map((c) => [c.code, c]));
    expect(problems(hr.employers, (e) => (communities.get(e.communityCode)?.districtCode === e.districtCode ? null : `${e.code} ${e.communityCode}`))).toEqual(
      [],
    );
    const perCommunity = groupBy(hr.employers, (e) => e.communityCode);
    expect(perCommunity.size).toBe(communities.size);
    for (const list of perCommunity.values()) {
      expect(list.length).toBeGreaterThanOrEqual(8);
      expect(list.length).toBeLessThanOrEqual(12);
    }
    expect(new Set(hr.employers.map((e) => e.name)).size).toBe(hr.employers.length);
    expect(problems(hr.employers, (e) => (/^[\u4e00-\u9fff（）]+$/.test(e.name) ? null : e.name))).toEqual([]);
  });

  it('are mostly micro and small, in the migrants’ trades, with more farms in the counties', () => {
    const small = hr.employers.filter((e) => e.size === 'MICRO' || e.size === 'SMALL').length;
    expect(share(small, hr.employers.length)).toBeGreaterThan(0.75);
    const main = ['CONSTRUCTION', 'CATERING', 'RETAIL', 'LOGISTICS', 'MANUFACTURING'];
    expect(share(hr.employers.filter((e) => main.includes(e.industry)).length, hr.employers.length)).toBeGreaterThan(0.6);
    const geography = generateGeography(SEED);
    const urban = new Set(geography.districts.filter((d) => d.kind === 'URBAN_DISTRICT').map((d) => d.code));
    const farms = (inUrban: boolean) => {
      const list = hr.employers.filter((e) => urban.has(e.districtCode) === inUrban);
      return share(list.filter((e) => e.industry === 'AGRICULTURE').length, list.length);
    };
    expect(farms(false)).toBeGreaterThan(2 * farms(true));
  });
});

describe('generateHumanResources', () => {
  it('is deterministic', () => {
    expect(generateHumanResources(people, { seed: SEED })).toEqual(hr);
  });

  it('refers only to persons of the population and to known employers', () => {
    const records = [...hr.employments, ...hr.insurance, ...hr.trainings, ...hr.services, ...hr.disputes];
    expect(problems(records, (r) => (byId.has(r.personId) ? null : `unknown person ${r.personId}`))).toEqual([]);
    expect(problems([...hr.employments, ...hr.disputes], (r) => (employerByCode.has(r.employerCode) ? null : r.employerCode))).toEqual([]);
  });

  it('dates nothing after asOf, and nothing before the person arrived', () => {
    const dates = (r: object) => Object.entries(r).filter(([k, v]) => typeof v === 'string' && /Date$|On$|^date$/.test(k));
    const records = [...hr.employments, ...hr.insurance, ...hr.trainings, ...hr.services, ...hr.disputes];
    expect(
      problems(records, (r) => {
        const arrival = byId.get(r.personId)!.arrivalDate;
        const bad = dates(r).find(([, v]) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || v > asOf || v < arrival);
        return bad ? `${r.personId} ${bad[0]} ${bad[1]} (arrived ${arrival})` : null;
      }),
    ).toEqual([]);
  });

  it('holds for an earlier asOf than the population’s', () => {
    const early = '2020-06-30';
    const some = people.slice(0, 3000);
    const past = generateHumanResources(some, { seed: SEED, asOf: early });
    const records = [...past.employments, ...past.insurance, ...past.trainings, ...past.services, ...past.disputes];
    expect(records.length).toBeGreaterThan(1000);
    const late = (r: object) => Object.values(r).some((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > early);
    expect(problems(records, (r) => (late(r) ? JSON.stringify(r) : null))).toEqual([]);
    const arrivedLater = new Set(some.filter((p) => p.arrivalDate > early).map((p) => p.id));
    expect(problems(records, (r) => (arrivedLater.has(r.personId) ? r.personId : null))).toEqual([]);
  });
});

describe('employment', () => {
  it('lies within the stay, in order, without overlaps, at most one current (the last)', () => {
    expect(
      problems(jobsByPerson, ([id, jobs]) => {
        const p = byId.get(id)!;
        for (let i = 0; i < jobs.length; i++) {
          const j = jobs[i];
          if (j.startDate < p.arrivalDate) return `${id}: starts ${j.startDate} before arrival ${p.arrivalDate}`;
          if (j.endDate !== null && j.endDate < j.startDate) return `${id}: ends before it starts`;
          if (j.endDate === null && i !== jobs.length - 1) return `${id}: current job not the last`;
          if (i > 0 && jobs[i - 1].endDate! >= j.startDate) return `${id}: overlapping jobs`;
          const age = ageOn(p.birthDate, j.startDate);
          if (age < 16 || age >= 60) return `${id}: starts at ${age}`;
        }
        return jobs.length > 3 ? `${id}: ${jobs.length} jobs` : null;
      }),
    ).toEqual([]);
  });

  it('is at employers mostly in the district the person lived in then', () => {
    const sameDistrict = hr.employments.filter((j) => {
      const home = byId.get(j.personId)!.residences.find((r) => r.fromDate <= j.startDate && (r.toDate === null || j.startDate <= r.toDate));
      return home?.districtCode === employerByCode.get(j.employerCode)!.districtCode;
    }).length;
    expect(share(sameDistrict, hr.employments.length)).toBeGreaterThan(0.75);
  });

  it('employs most heads, fewer spouses, few 16–17-year-olds; three in four still in their last job', () => {
    const workingAge = people.filter((p) => ageOn(p.birthDate, asOf) >= 18 && ageOn(p.birthDate, asOf) < 60);
    const rate = (role: string) => {
      const group = workingAge.filter((p) => p.householdRole === role);
      return share(group.filter((p) => everEmployed.has(p.id)).length, group.length);
    };
    expect(rate('HEAD')).toBeGreaterThan(0.8);
    expect(rate('HEAD')).toBeLessThan(0.9);
    expect(rate('SPOUSE')).toBeGreaterThan(0.55);
    expect(rate('SPOUSE')).toBeLessThan(0.66);
    const teens = people.filter((p) => ageOn(p.birthDate, asOf) >= 16 && ageOn(p.birthDate, asOf) < 18);
    expect(share(teens.filter((p) => everEmployed.has(p.id)).length, teens.length)).toBeLessThan(0.05);
    expect(people.filter((p) => ageOn(p.birthDate, asOf) < 16 && everEmployed.has(p.id))).toEqual([]);
    const current = share(employedNow.size, everEmployed.size);
    expect(current).toBeGreaterThan(0.7);
    expect(current).toBeLessThan(0.82);
    const retired = people.filter((p) => ageOn(p.birthDate, asOf) >= 60 && employedNow.has(p.id));
    expect(retired).toEqual([]);
  });

  it('pays at least the minimum wage for full-time work, within sane ranges', () => {
    expect(
      problems(hr.employments, (j) => {
        if (!Number.isInteger(j.monthlyWageYuan) || !Number.isInteger(j.weeklyHours)) return `not whole: ${JSON.stringify(j)}`;
        if (j.weeklyHours >= 40 && j.monthlyWageYuan < 1950) return `full-time below minimum wage: ${j.monthlyWageYuan}`;
        if (j.monthlyWageYuan < 2000 || j.monthlyWageYuan > 9000) return `wage ${j.monthlyWageYuan}`;
        if (j.weeklyHours < 40 || j.weeklyHours > 66) return `hours ${j.weeklyHours}`;
        return j.jobTitle.length > 0 ? null : 'no job title';
      }),
    ).toEqual([]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const byIndustry = groupBy(hr.employments, (j) => employerByCode.get(j.employerCode)!.industry);
    const hours = (i: string) => mean(byIndustry.get(i)!.map((j) => j.weeklyHours));
    const wage = (i: string) => mean(byIndustry.get(i)!.map((j) => j.monthlyWageYuan));
    expect(hours('CONSTRUCTION')).toBeGreaterThan(hours('RETAIL') + 3);
    expect(hours('CATERING')).toBeGreaterThan(hours('OTHER_SERVICES') + 3);
    expect(wage('CONSTRUCTION')).toBeGreaterThan(wage('CATERING'));
    // Wages rise over the years.
    const byYear = (y: string) => mean(hr.employments.filter((j) => j.startDate.startsWith(y)).map((j) => j.monthlyWageYuan));
    expect(byYear('2025')).toBeGreaterThan(byYear('2015') * 1.3);
  });

  it('has a written contract for about 65%, more at bigger employers, fewer on sites and in households', () => {
    expect(problems(hr.employments, (j) => ((j.contractType === null) === !j.contractSigned ? null : JSON.stringify(j)))).toEqual([]);
    const signed = (jobs: SyntheticEmployment[]) => share(jobs.filter((j) => j.contractSigned).length, jobs.length);
    const overall = signed(hr.employments);
    expect(overall).toBeGreaterThan(0.6);
    expect(overall).toBeLessThan(0.7);
    const of = (f: (e: SyntheticEmployer) => boolean) => signed(hr.employments.filter((j) => f(employerByCode.get(j.employerCode)!)));
    expect(of((e) => e.size === 'MEDIUM' || e.size === 'LARGE')).toBeGreaterThan(of((e) => e.size === 'MICRO' || e.size === 'SMALL'));
    expect(of((e) => e.industry === 'CONSTRUCTION')).toBeLessThan(overall);
    expect(of((e) => e.industry === 'DOMESTIC_SERVICES')).toBeLessThan(overall);
  });
});

describe('social insurance', () => {
  it('belongs to persons who worked, starts with or after their first job, and ends iff not active', () => {
    expect(
      problems(hr.insurance, (i) => {
        const jobs = jobsByPerson.get(i.personId);
        if (!jobs) return `${i.personId}: insured without a job`;
        if (i.startDate < jobs[0].startDate) return `${i.personId}: ${i.type} before the first job`;
        if ((i.endDate === null) !== (i.status === 'ACTIVE')) return `${i.personId}: ${i.status} with end ${i.endDate}`;
        if (i.endDate !== null && i.endDate < i.startDate) return `${i.personId}: ends before it starts`;
        return null;
      }),
    ).toEqual([]);
    const keys = hr.insurance.map((i) => `${i.personId}|${i.type}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers the ever-employed at the expected shares, mostly active while employed', () => {
    const shares: Record<InsuranceType, [number, number]> = {
      MEDICAL: [0.65, 0.75],
      PENSION: [0.5, 0.6],
      WORK_INJURY: [0.45, 0.55],
      UNEMPLOYMENT: [0.35, 0.45],
      MATERNITY: [0.3, 0.4],
    };
    for (const [type, [lo, hi]] of Object.entries(shares)) {
      const s = share(hr.insurance.filter((i) => i.type === type).length, everEmployed.size);
      expect([type, s >= lo && s <= hi, pct(s)]).toEqual([type, true, pct(s)]);
    }
    const active = (employed: boolean) => {
      const list = hr.insurance.filter((i) => employedNow.has(i.personId) === employed);
      return share(list.filter((i) => i.status === 'ACTIVE').length, list.length);
    };
    expect(active(true)).toBeGreaterThan(0.75);
    expect(active(false)).toBeLessThan(0.25);
  });

  it('gives work-injury cover mostly to construction and manufacturing workers with contracts', () => {
    const injury = new Set(hr.insurance.filter((i) => i.type === 'WORK_INJURY').map((i) => i.personId));
    const rate = (f: (j: SyntheticEmployment) => boolean) => {
      const persons = [...jobsByPerson].filter(([, jobs]) => jobs.some(f)).map(([id]) => id);
      return share(persons.filter((id) => injury.has(id)).length, persons.length);
    };
    const risky = (j: SyntheticEmployment) => ['CONSTRUCTION', 'MANUFACTURING'].includes(employerByCode.get(j.employerCode)!.industry);
    expect(rate((j) => risky(j) && j.contractSigned)).toBeGreaterThan(0.7);
    expect(rate((j) => risky(j) && j.contractSigned)).toBeGreaterThan(rate((j) => !risky(j)) + 0.15);
  });
});

describe('training', () => {
  it('reaches about a fifth of working-age adults, mostly vocational, most completed and certified', () => {
    const workingAge = people.filter((p) => ageOn(p.birthDate, asOf) >= 18 && ageOn(p.birthDate, asOf) < 60);
    const trainees = new Set(hr.trainings.map((t) => t.personId));
    const reach = share(workingAge.filter((p) => trainees.has(p.id)).length, workingAge.length);
    expect(reach).toBeGreaterThan(0.16);
    expect(reach).toBeLessThan(0.24);
    const kinds = groupBy(hr.trainings, (t) => t.kind);
    expect(share(kinds.get('START_UP')!.length, hr.trainings.length)).toBeGreaterThan(0.06);
    expect(share(kinds.get('START_UP')!.length, hr.trainings.length)).toBeLessThan(0.14);
    expect(kinds.get('VOCATIONAL_SKILL')!.length).toBeGreaterThan(hr.trainings.length / 2);
    const completed = hr.trainings.filter((t) => t.completed);
    expect(share(completed.length, hr.trainings.length)).toBeGreaterThan(0.8);
    expect(share(completed.length, hr.trainings.length)).toBeLessThan(0.9);
    expect(share(completed.filter((t) => t.certificate).length, completed.length)).toBeGreaterThan(0.63);
    expect(share(completed.filter((t) => t.certificate).length, completed.length)).toBeLessThan(0.77);
    expect(
      problems(hr.trainings, (t) => {
        if (t.certificate !== null && !t.completed) return `certificate without completion: ${t.personId}`;
        if (t.endDate < t.startDate) return `${t.personId}: course ends before it starts`;
        if (day(t.endDate) - day(t.startDate) > 60) return `${t.personId}: course of ${day(t.endDate) - day(t.startDate)} days`;
        if (t.certificate !== null && t.kind !== 'START_UP' && !/^职业技能等级证书（\S+ [三四五]级）$/.test(t.certificate)) return t.certificate;
        if (!/培训$/.test(t.course) || t.provider.length < 6) return `${t.course} / ${t.provider}`;
        return null;
      }),
    ).toEqual([]);
  });
});

describe('employment services', () => {
  it('served about 30% of adults, 1–3 times, with outcomes fitting the kind of service', () => {
    const adults = people.filter((p) => ageOn(p.birthDate, asOf) >= 18);
    const visits = groupBy(hr.services, (s) => s.personId);
    const reach = share(adults.filter((p) => visits.has(p.id)).length, adults.length);
    expect(reach).toBeGreaterThan(0.26);
    expect(reach).toBeLessThan(0.34);
    expect(problems(visits, ([id, list]) => (list.length <= 3 ? null : `${id}: ${list.length} visits`))).toEqual([]);
    expect(
      problems(hr.services, (s) => {
        const advice = s.kind !== 'JOB_REFERRAL';
        if (advice !== (s.outcome === 'ADVISED')) return `${s.kind} → ${s.outcome}`;
        if (s.outcome === 'PENDING' && day(asOf) - day(s.date) > 60) return `pending since ${s.date}`;
        return null;
      }),
    ).toEqual([]);
  });

  it('places people in jobs that start within 60 days', () => {
    const placed = hr.services.filter((s) => s.outcome === 'PLACED');
    expect(placed.length).toBeGreaterThan(100);
    const followed = placed.filter((s) => (jobsByPerson.get(s.personId) ?? []).some((j) => j.startDate >= s.date && day(j.startDate) - day(s.date) <= 60));
    expect(share(followed.length, placed.length)).toBeGreaterThan(0.95);
  });
});

describe('labour disputes', () => {
  it('are a few percent of the ever-employed, mostly over unpaid wages, against their own employers', () => {
    const rate = share(hr.disputes.length, everEmployed.size);
    expect(rate).toBeGreaterThan(0.015);
    expect(rate).toBeLessThan(0.04);
    expect(share(hr.disputes.filter((d) => d.kind === 'UNPAID_WAGES').length, hr.disputes.length)).toBeGreaterThan(0.5);
    expect(
      problems(hr.disputes, (d) => {
        const jobs = (jobsByPerson.get(d.personId) ?? []).filter((j) => j.employerCode === d.employerCode);
        if (jobs.length === 0) return `${d.personId}: never worked for ${d.employerCode}`;
        if (d.filedOn < jobs[0].startDate) return `${d.personId}: filed before the job began`;
        if (d.kind === 'NO_CONTRACT' && jobs.every((j) => j.contractSigned)) return `${d.personId}: no-contract claim with a contract`;
        return null;
      }),
    ).toEqual([]);
  });

  it('have sane amounts, and a closing date exactly when closed', () => {
    expect(
      problems(hr.disputes, (d) => {
        if (d.amountClaimedYuan < 3000 || d.amountClaimedYuan > 60000) return `claimed ${d.amountClaimedYuan}`;
        if (d.amountRecoveredYuan < 0 || d.amountRecoveredYuan > d.amountClaimedYuan) return `recovered ${d.amountRecoveredYuan} of ${d.amountClaimedYuan}`;
        if ((d.closedOn !== null) !== (d.status === 'CLOSED')) return `${d.status} closed on ${d.closedOn}`;
        if (d.status !== 'CLOSED' && d.amountRecoveredYuan !== 0) return `recovered before closing`;
        if (d.closedOn !== null && (d.closedOn < d.filedOn || d.closedOn > asOf)) return `filed ${d.filedOn} closed ${d.closedOn}`;
        return null;
      }),
    ).toEqual([]);
    const closed = share(hr.disputes.filter((d) => d.status === 'CLOSED').length, hr.disputes.length);
    expect(closed).toBeGreaterThan(0.65);
    expect(closed).toBeLessThan(0.85);
  });
});
