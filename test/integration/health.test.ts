import { addDays, today } from '../../subgraphs/kit/dates';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { CITY } from '../../subgraphs/kit/places';
import { dosesDue, DoseStatus, SCHEDULE } from '../../subgraphs/health/entities/vaccines';
import { generateHealth, SyntheticHealth, SyntheticRegisteredChild } from '../../subgraphs/health/seed/synthetic-vaccinations';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { expectProtectedCounts, expectRate } from '../support/checks';
import { readmeQuery } from '../support/readme';
import { currentResidenceOf, districtsByCode, testPopulation } from '../support/population';

let federation: TestFederation;
let records: SyntheticHealth;

const OFFICER: Caller = { role: 'VACCINATION_OFFICER', purpose: 'immunisation' };
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

beforeAll(async () => {
  // The seeded register and doses, computed here from the same population, to check the graph against.
  records = generateHealth(testPopulation(), { seed: TEST_POPULATION.seed });
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const dosesOf = (childId: string, by = '9999-12-31') => records.vaccinations.filter((v) => v.childId === childId && v.vaccinatedOn <= by);
const givenBy = (childId: string, day: string) => new Set(dosesOf(childId, day).map((v) => `${v.vaccine}:${v.dose}`));
const dueOf = (child: SyntheticRegisteredChild, day: string) => dosesDue(child.birthDate, givenBy(child.childId, day), day);

/** The oracle of the coverage figures: the register's children under seven on the cut-off, up to date or behind. */
function coverageIn(place: string, asOf: string) {
  const registered = records.children.filter(
    (c) => (place === CITY.code || c.communityCode.startsWith(place)) && c.registeredOn <= asOf && c.birthDate <= asOf,
  );
  // Under seven on the cut-off: from birth HepB and BCG are due, from the seventh birthday nothing.
  const counted = registered.filter((c) => dosesDue(c.birthDate, new Set(), asOf).length > 0);
  const behind = counted.filter((c) => dueOf(c, asOf).some((due) => due.status === DoseStatus.OVERDUE)).length;
  return { children: counted.length, upToDate: counted.length - behind, behindSchedule: behind };
}

const CHILD = `query Child($id: ID!) {
  registeredChild(id: $id) {
    vaccinations { vaccine vaccineName dose vaccinatedOn clinic { code name } }
    dosesDue { vaccine dose dueOn status }
  }
}`;

describe('vaccination clinics', () => {
  it("lists a district's clinics page by page, with their communities, as the generator has them", async () => {
    const district = '640104';
    const query = `query Clinics($district: ID, $after: String) {
      clinics(districtCode: $district, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code name community { code } } } }
    }`;
    const seen: any[] = [];
    for (let after: string | null = null; ;) {
      const result: any = await federation.query(query, { district, after }, ANALYST);
      expect(result.errors).toBeUndefined();
      seen.push(...result.data.clinics.edges.map((edge: any) => edge.node));
      if (!result.data.clinics.pageInfo.hasNextPage) break;
      after = result.data.clinics.pageInfo.endCursor;
    }
    const expected = records.clinics.filter((c) => c.districtCode === district).sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(expected.length).toBeGreaterThan(2);
    expect(seen).toEqual(expected.map((c) => ({ code: c.code, name: c.name, community: { code: c.communityCode } })));
  });
});

describe("a child's vaccinations, through the gateway", () => {
  /** A child with doses at a clinic and some due today. */
  const subject = () => records.children.find((c) => dosesOf(c.childId).some((v) => v.clinicCode !== null) && dueOf(c, today()).length > 0)!;

  it('gives the vaccination officer every dose and the doses due today, as the generator has them', async () => {
    const child = subject();
    const result = await federation.query(CHILD, { id: child.childId }, OFFICER);
    expect(result.errors).toBeUndefined();
    const clinics = new Map(records.clinics.map((c) => [c.code, c]));
    expect(result.data.registeredChild.vaccinations).toEqual(
      dosesOf(child.childId)
        .sort((a, b) => (a.vaccine === b.vaccine ? a.dose - b.dose : a.vaccine < b.vaccine ? -1 : 1))
        .map((v) => ({
          vaccine: v.vaccine,
          vaccineName: SCHEDULE[v.vaccine].name,
          dose: v.dose,
          vaccinatedOn: v.vaccinatedOn,
          clinic: v.clinicCode === null ? null : { code: v.clinicCode, name: clinics.get(v.clinicCode)!.name },
        })),
    );
    expect(result.data.registeredChild.dosesDue).toEqual(dueOf(child, today()));
  });

  it("the README's ChildVaccinations example gives the officer the child's birth date, doses and doses due", async () => {
    const child = subject();
    const result = await federation.query(readmeQuery('query ChildVaccinations'), { id: child.childId }, OFFICER);
    expect(result.errors).toBeUndefined();
    const clinics = new Map(records.clinics.map((c) => [c.code, c.name]));
    expect(result.data.registeredChild.birthDate).toBe(child.birthDate);
    expect(result.data.registeredChild.vaccinations.map((v: any) => [v.vaccine, v.dose, v.vaccinatedOn, v.clinic?.name ?? null]).sort()).toEqual(
      dosesOf(child.childId)
        .map((v) => [v.vaccine, v.dose, v.vaccinatedOn, v.clinicCode === null ? null : clinics.get(v.clinicCode)])
        .sort(),
    );
    expect(result.data.registeredChild.dosesDue).toEqual(dueOf(child, today()));
  });

  it('answers null for a person not in the register', async () => {
    const adult = testPopulation().find((p) => p.householdRole === 'HEAD')!;
    const result = await federation.query(CHILD, { id: adult.id }, OFFICER);
    expect(result.errors).toBeUndefined();
    expect(result.data.registeredChild).toBeNull();
  });

  it.each([
    ['a school-enrolment officer', { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' }],
    ['a relief caseworker', { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' }],
    ['a registry officer', { role: 'POLICE_REGISTRY_OFFICER', purpose: 'residence-administration' }],
    ['an analyst', ANALYST],
  ] as [string, Caller][])('refuses %s the records and the doses due (FORBIDDEN)', async (_name, caller) => {
    const child = subject();
    const direct = await federation.query(CHILD, { id: child.childId }, caller);
    expect(direct.data.registeredChild).toBeNull();
    expect(direct.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const viaPerson = await federation.query(`query Due($id: ID!) { person(id: $id) { vaccinationsDue { vaccine } } }`, { id: child.childId }, caller);
    expect(viaPerson.data?.person?.vaccinationsDue ?? null).toBeNull();
    expect(viaPerson.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });
});

describe("a community worker's follow-up of missed doses", () => {
  it('shows the doses due of a child registered in the own community, through person(id), and refuses another community', async () => {
    const child = records.children.find((c) => dueOf(c, today()).length > 0)!;
    const query = `query Due($id: ID!) { person(id: $id) { vaccinationsDue { vaccine dose dueOn status } } }`;
    const home = currentResidenceOf(testPopulation().find((p) => p.id === child.childId)!).communityCode;
    const own = await federation.query(query, { id: child.childId }, { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: home });
    expect(own.errors).toBeUndefined();
    expect(own.data.person.vaccinationsDue).toEqual(dueOf(child, today()));
    // The records themselves are the immunisation service's alone, on its register.
    const register = await federation.query(CHILD, { id: child.childId }, { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: home });
    expect(register.data.registeredChild).toBeNull();
    expect(register.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const other = testPopulation()
      .map((p) => currentResidenceOf(p).communityCode)
      .find((code) => code !== home)!;
    const elsewhere = await federation.query(query, { id: child.childId }, { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: other });
    expect(elsewhere.data?.person?.vaccinationsDue ?? null).toBeNull();
    expect(elsewhere.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });
});

describe('vaccination coverage per district, with disclosure control', () => {
  it('gives every district and the city its children, up to date and behind, as the generator has them, 1–9 withheld', async () => {
    const figures = 'vaccinationCoverage { asOf children upToDate behindSchedule coverageRate suppressed }';
    const result = await federation.query(`{ statistics { code ${figures} } districts { code ${figures} } }`, {}, ANALYST);
    expect(result.errors).toBeUndefined();
    const places = [result.data.statistics, ...result.data.districts];
    expect(result.data.districts.map((d: any) => d.code)).toEqual(districtsByCode().map((d) => d.code));
    for (const place of places) {
      const coverage = place.vaccinationCoverage;
      expect(coverage.asOf).toBe(releaseAsOf());
      expectProtectedCounts(place.code, coverage, coverageIn(place.code, releaseAsOf()));
      expectRate(place.code, coverage.coverageRate, coverage.upToDate, coverage.children);
    }
    expect(result.data.statistics.vaccinationCoverage.children).toBeGreaterThan(0);
    expect(result.data.statistics.vaccinationCoverage.suppressed).toEqual([]);
  });

  it("the README's VaccinationCoverage example gives what the generator has", async () => {
    const result = await federation.query(readmeQuery('query VaccinationCoverage'), {}, ANALYST);
    expect(result.errors).toBeUndefined();
    for (const district of result.data.districts) {
      const expected = coverageIn(district.code, releaseAsOf());
      const coverage = district.vaccinationCoverage;
      expectProtectedCounts(district.code, coverage, { children: expected.children, upToDate: expected.upToDate });
      expectRate(district.code, coverage.coverageRate, coverage.upToDate, coverage.children);
    }
  });
});

const DUE_LIST = `query DueList($code: ID!, $first: Int!, $after: String) {
  district(code: $code) {
    childrenDueForVaccination(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { child { id } birthDate community { code } dosesDue { vaccine dose dueOn status } } }
    }
  }
}`;

describe("a district's follow-up list (催种)", () => {
  const district = '640104';
  const dueChildren = () =>
    records.children.filter((c) => c.communityCode.startsWith(district) && dueOf(c, today()).length > 0).sort((a, b) => (a.childId < b.childId ? -1 : 1));

  it('lists, page by page, every child of the district with doses due today and the doses', async () => {
    const expected = dueChildren();
    expect(expected.length).toBeGreaterThan(10);
    const seen: any[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(DUE_LIST, { code: district, first: 10, after }, OFFICER);
      expect(result.errors).toBeUndefined();
      const page = result.data.district.childrenDueForVaccination;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((edge: any) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(
      expected.map((c) => ({ child: { id: c.childId }, birthDate: c.birthDate, community: { code: c.communityCode }, dosesDue: dueOf(c, today()) })),
    );
  });

  it('refuses it to a community worker and an analyst (FORBIDDEN)', async () => {
    for (const caller of [{ role: 'COMMUNITY_WORKER', purpose: 'community-service', community: dueChildren()[0].communityCode }, ANALYST] as Caller[]) {
      const result = await federation.query(DUE_LIST, { code: district, first: 10 }, caller);
      expect(result.data.district.childrenDueForVaccination).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('costs the same SQL statements for a page of 100 as for a page of 10', async () => {
    const count = (first: number) =>
      federation.countStatements(async () => {
        const result = await federation.query(DUE_LIST, { code: district, first }, OFFICER);
        expect(result.errors).toBeUndefined();
      });
    const small = await count(10);
    const large = await count(100);
    console.log(`SQL statements of the follow-up list: page of 10 → ${small}, page of 100 → ${large}`);
    expect(large).toBe(small);
  });
});

const RECORD = `mutation Record($input: RecordVaccinationInput!) { recordVaccination(input: $input) { vaccine dose vaccinatedOn clinic { code } child { id } } }`;

describe('recording a vaccination', () => {
  const db = () => federation.subgraphs.health.database.dataSource;
  /** A child whose next dose of some vaccine is due, with that dose and a clinic of the district. */
  function nextDose() {
    for (const child of records.children) {
      const due = dueOf(child, today())[0];
      if (!due) continue;
      const clinic = records.clinics.find((c) => c.districtCode === child.communityCode.slice(0, 6))!;
      const previous = dosesOf(child.childId).find((v) => v.vaccine === due.vaccine && v.dose === due.dose - 1);
      if (due.dose > 1 && !previous) continue;
      return { child, input: { childId: child.childId, vaccine: due.vaccine, dose: due.dose, vaccinatedOn: today(), clinicCode: clinic.code } };
    }
    throw new Error('no child with a dose due');
  }
  const doseCount = async () => Number((await db().query('SELECT count(*) AS n FROM vaccination'))[0].n);

  it.each([
    ['a child not in the register', 'input.childId', { childId: 'P0000000000' }],
    ['a dose the vaccine does not have', 'input.dose', { dose: 9 }],
    ['a day in the future', 'input.vaccinatedOn', { vaccinatedOn: addDays(today(), 1) }],
    ['an unknown clinic', 'input.clinicCode', { clinicCode: '6401049999' }],
  ])('refuses %s with BAD_USER_INPUT on %s and writes nothing', async (_name, field, overrides) => {
    const before = await doseCount();
    const result = await federation.query(RECORD, { input: { ...nextDose().input, ...overrides } }, OFFICER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await doseCount()).toBe(before);
  });

  it('refuses a dose before the one before it is recorded, and other roles (FORBIDDEN)', async () => {
    const child = records.children.find((c) => !dosesOf(c.childId).some((v) => v.vaccine === 'HEPA_L'))!;
    const clinic = records.clinics[0].code;
    const skipping = await federation.query(
      RECORD,
      { input: { childId: child.childId, vaccine: 'DTAP', dose: 4, vaccinatedOn: today(), clinicCode: clinic } },
      OFFICER,
    );
    const dtap = dosesOf(child.childId).filter((v) => v.vaccine === 'DTAP').length;
    if (dtap < 3) expect(skipping.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dose' });
    const refused = await federation.query(RECORD, { input: nextDose().input }, { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('writes the dose, audits the write, takes the dose off the child’s list, and refuses it twice', async () => {
    const { child, input } = nextDose();
    const [{ seq }] = await db().query('SELECT coalesce(max(seq), 0) AS seq FROM audit_record');
    const result = await federation.query(RECORD, { input }, OFFICER);
    expect(result.errors).toBeUndefined();
    expect(result.data.recordVaccination).toEqual({
      vaccine: input.vaccine,
      dose: input.dose,
      vaccinatedOn: today(),
      clinic: { code: input.clinicCode },
      child: { id: child.childId },
    });
    const audit = await db().query('SELECT role, purpose, person_ids FROM audit_record WHERE seq > $1 ORDER BY seq', [seq]);
    expect(audit).toContainEqual({ role: 'VACCINATION_OFFICER', purpose: 'immunisation', person_ids: [child.childId] });
    const after = await federation.query(CHILD, { id: child.childId }, OFFICER);
    expect(after.data.registeredChild.dosesDue).not.toContainEqual(expect.objectContaining({ vaccine: input.vaccine, dose: input.dose }));
    const twice = await federation.query(RECORD, { input }, OFFICER);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dose' });
    await db().query('DELETE FROM vaccination WHERE child_id = $1 AND vaccine = $2 AND dose = $3', [child.childId, input.vaccine, input.dose]);
  });
});
