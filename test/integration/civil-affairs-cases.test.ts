import { today } from '../../subgraphs/kit/dates';
import { loadDistricts, URBAN_COMMUNITY_WINDOW_CAP_YUAN } from '../../subgraphs/kit/reference-data';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { generateCivilAffairsCases, SyntheticCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { currentResidenceOf, districtsByCode, placeName, testGeography, testPopulation } from '../support/population';
import { readmeQuery } from '../support/readme';
import { expectProtected, expectProtectedCounts } from '../support/checks';
import { PublishedSum, recoverByDifferencing } from '../support/differencing';
import { ReliefAndMediationCounts, reliefAndMediationIn } from '../support/figures';

let federation: TestFederation;
let cases: SyntheticCivilAffairsCases;

const RELIEF_WORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
const MEDIATOR: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' };
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

beforeAll(async () => {
  // The seeded cases, computed here from the same population, to check the graph against.
  cases = generateCivilAffairsCases(testPopulation(), { seed: TEST_POPULATION.seed });
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const isOpen = (d: SyntheticCivilAffairsCases['disputes'][number]) => d.events[d.events.length - 1].kind !== 'CLOSED';
const levelOf = (d: SyntheticCivilAffairsCases['disputes'][number]) => d.events[d.events.length - 1].level;

/** The street with the most open disputes, and those disputes. */
function busiestStreet(): [string, SyntheticCivilAffairsCases['disputes']] {
  const counts = new Map<string, number>();
  for (const d of cases.disputes) if (isOpen(d)) counts.set(d.streetCode, (counts.get(d.streetCode) ?? 0) + 1);
  const [streetCode] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return [streetCode, cases.disputes.filter((d) => d.streetCode === streetCode && isOpen(d))];
}

/** Days from finding a dispute to today, as an open case's age is given. */
const daysOpen = (d: SyntheticCivilAffairsCases['disputes'][number]) => Math.round((Date.parse(today()) - Date.parse(d.foundOn)) / 86_400_000);

/**
 * A place's relief and mediation figures against the true counts: each count shown or withheld as expectProtected
 * allows, the amount paid only beside its count, the median only over ten closed disputes or more, and the visits,
 * never withheld. `suppressed` is the record's own list unless given.
 */
function expectReliefAndMediation(label: string, figures: any, expected: ReliefAndMediationCounts, suppressed: string[] = figures.suppressed) {
  const { reliefCases, reliefPaid, disputesFound, disputesOpen } = expected;
  expectProtectedCounts(label, figures, { reliefCases, reliefPaid, disputesFound, disputesOpen }, suppressed);
  expect([label, figures.reliefAmountPaid]).toEqual([label, figures.reliefPaid === null ? null : expected.reliefAmountPaid.toFixed(2)]);
  expect(figures.settledByLevel.map((row: any) => row.level)).toEqual(['COMMUNITY', 'STREET', 'DISTRICT']);
  for (const row of figures.settledByLevel) {
    expectProtected(label, row.settled, expected.settledByLevel[row.level], suppressed, `settledByLevel.${row.level}`);
  }
  expect([label, figures.medianDaysToSettle]).toEqual([label, expected.medianDaysToSettle]);
  if ('servicePointVisits' in figures) expect([label, figures.servicePointVisits]).toEqual([label, expected.servicePointVisits]);
}

/** A district's roll-out year by year against the plan's counts and shares, from the seeded service points. */
function expectedRollout(districtCode: string, from: number, to: number) {
  const plan = loadDistricts().find((row) => row.code === districtCode)!;
  const district = testGeography().districts.find((d) => d.code === districtCode)!;
  const communities = district.streets.flatMap((s) => s.communities).length;
  const opened = testGeography()
    .servicePoints.filter((p) => p.communityCode.startsWith(districtCode))
    .map((p) => p.openedYear);
  const lastPlanYear = Math.max(...plan.newPlatforms.map((p) => p.year));
  let plannedSoFar = 0;
  const years = [];
  for (let year = from; year <= to; year += 1) {
    const plannedNew = plan.newPlatforms.find((p) => p.year === year)?.count ?? null;
    plannedSoFar += plannedNew ?? 0;
    const cumulative = opened.filter((y) => y <= year).length;
    const share = plan.targetShares.find((t) => t.year === year)?.share ?? null;
    years.push({
      year,
      plannedNew,
      plannedCumulative: year <= lastPlanYear ? plannedSoFar : null,
      targetShare: share,
      opened: opened.filter((y) => y === year).length,
      openedCumulative: cumulative,
      coverage: Math.round((cumulative / communities) * 10_000) / 10_000,
      onTarget: share === null ? null : cumulative / communities >= share,
    });
  }
  return years;
}

/**
 * A district's spending on its service windows, from the seeded service points: the cap and the windows over it (or
 * paid more than half by the city) for urban districts only, whose windows the city co-funds.
 */
function expectedSpending(districtCode: string) {
  const urban = testGeography().districts.find((d) => d.code === districtCode)!.kind === 'URBAN_DISTRICT';
  const points = testGeography()
    .servicePoints.filter((p) => p.communityCode.startsWith(districtCode))
    .sort((a, b) => a.openedYear - b.openedYear || a.communityCode.localeCompare(b.communityCode));
  const total = (pick: (p: (typeof points)[number]) => number) => points.reduce((sum, p) => sum + pick(p), 0).toFixed(2);
  const overCap = points.filter((p) => p.fundingYuan > URBAN_COMMUNITY_WINDOW_CAP_YUAN || p.cityShareYuan > p.fundingYuan / 2);
  return {
    windows: points.length,
    total: total((p) => p.fundingYuan),
    cityShare: total((p) => p.cityShareYuan),
    districtShare: total((p) => p.districtShareYuan),
    capPerWindow: urban ? URBAN_COMMUNITY_WINDOW_CAP_YUAN.toFixed(2) : null,
    overCap: urban ? overCap.map((p) => ({ name: p.nameZh, funding: p.fundingYuan.toFixed(2), cityShare: p.cityShareYuan.toFixed(2) })) : [],
  };
}

describe("a street office's open disputes, with the parties' residence", () => {
  it('lists the open disputes of its communities with their age and level; parties come with their address from public security', async () => {
    const [streetCode, expected] = busiestStreet();
    const result = await federation.query(
      `query Open($code: ID!) {
        street(code: $code) {
          name
          disputes(openOnly: true, first: 100) {
            totalCount
            edges { node { caseNumber kind level status ageInDays foundOn community { code name } parties { id name currentResidence { address } } } }
          }
        }
      }`,
      { code: streetCode },
      MEDIATOR,
    );
    expect(result.errors).toBeUndefined();
    const disputes = result.data.street.disputes;
    expect(disputes.totalCount).toBe(expected.length);
    const byNumber = new Map(expected.map((d) => [d.caseNumber, d]));
    for (const { node } of disputes.edges) {
      const dispute = byNumber.get(node.caseNumber)!;
      expect(node).toMatchObject({
        kind: dispute.kind,
        level: levelOf(dispute),
        status: 'OPEN',
        foundOn: dispute.foundOn,
        community: { code: dispute.communityCode },
      });
      expect(node.ageInDays).toBe(daysOpen(dispute));
      expect(node.parties.map((p: any) => p.id).sort()).toEqual([...dispute.partyIds].sort());
      for (const party of node.parties) {
        const person = testPopulation().find((p) => p.id === party.id)!;
        expect(party.currentResidence.address).toBe(currentResidenceOf(person).address);
      }
    }
  });

  it('pages through a community dispute file: every case once', async () => {
    const counts = new Map<string, number>();
    for (const d of cases.disputes) counts.set(d.communityCode, (counts.get(d.communityCode) ?? 0) + 1);
    const [communityCode, total] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const numbers: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(
        `query ($code: ID!, $after: String) { community(code: $code) { disputes(first: 2, after: $after) { totalCount edges { node { caseNumber } } pageInfo { hasNextPage endCursor } } } }`,
        { code: communityCode, after },
        MEDIATOR,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.community.disputes.totalCount).toBe(total);
      numbers.push(...result.data.community.disputes.edges.map((e: any) => e.node.caseNumber));
      if (!result.data.community.disputes.pageInfo.hasNextPage) break;
      after = result.data.community.disputes.pageInfo.endCursor;
    }
    expect(numbers.sort()).toEqual(
      cases.disputes
        .filter((d) => d.communityCode === communityCode)
        .map((d) => d.caseNumber)
        .sort(),
    );
  });

  it("keeps a community worker to their own community's files", async () => {
    const dispute = cases.disputes[0];
    const worker = { role: 'COMMUNITY_WORKER' as const, purpose: 'dispute-mediation' as const, community: dispute.communityCode };
    const own = await federation.query(`query ($code: ID!) { community(code: $code) { disputes { totalCount } } }`, { code: dispute.communityCode }, worker);
    expect(own.errors).toBeUndefined();
    const other = cases.disputes.find((d) => d.communityCode !== dispute.communityCode)!;
    const refused = await federation.query(
      `query ($code: ID!) { community(code: $code) { name disputes { totalCount } } }`,
      { code: other.communityCode },
      worker,
    );
    expect(refused.data.community.name).toEqual(expect.any(String));
    expect(refused.data.community.disputes).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe("the README's civil-affairs examples", () => {
  it("StreetOpenDisputes gives a mediating caseworker the street's open disputes and their parties, as the generator has them", async () => {
    const [streetCode, open] = busiestStreet();
    const result = await federation.query(readmeQuery('StreetOpenDisputes'), { code: streetCode }, MEDIATOR);
    expect(result.errors).toBeUndefined();
    const person = new Map(testPopulation().map((p) => [p.id, p]));
    expect(result.data.street).toEqual({
      name: placeName(streetCode),
      disputes: {
        totalCount: open.length,
        // Newest file first: the reverse of the order the files were opened in.
        edges: [...open]
          .reverse()
          .slice(0, 50)
          .map((d) => ({
            node: {
              caseNumber: d.caseNumber,
              kind: d.kind,
              level: levelOf(d),
              // An open case's age counts to today, so it is expected from the same clock (a run across midnight may differ by one).
              ageInDays: daysOpen(d),
              community: { name: placeName(d.communityCode) },
              parties: d.partyIds.map((id) => ({ name: person.get(id)!.name, currentResidence: { address: currentResidenceOf(person.get(id)!).address } })),
            },
          })),
      },
    });
  });

  it('RolloutAgainstPlan gives every district its roll-out against the plan and its spending, as the generator has them', async () => {
    const result = await federation.query(readmeQuery('RolloutAgainstPlan'), {}, ANALYST);
    expect(result.errors).toBeUndefined();
    expect(result.data.districts).toEqual(
      districtsByCode().map((d) => ({ name: d.nameZh, rollout: expectedRollout(d.code, 2013, 2018), servicePointSpending: expectedSpending(d.code) })),
    );
  });

  it('ReliefAndMediationByDistrict gives every district its relief and mediation figures, as the generator has them', async () => {
    const result = await federation.query(readmeQuery('ReliefAndMediationByDistrict'), {}, ANALYST);
    expect(result.errors).toBeUndefined();
    // The example asks no `suppressed`: what was withheld, asked of the same release.
    const withheld = await federation.query('{ districts { reliefAndMediation { suppressed } } }', {}, ANALYST);
    const districts = districtsByCode();
    expect(result.data.districts.map((d: any) => d.name)).toEqual(districts.map((d) => d.nameZh));
    for (const [index, { code }] of districts.entries()) {
      const figures = result.data.districts[index].reliefAndMediation;
      expectReliefAndMediation(code, figures, reliefAndMediationIn(code, cases, releaseAsOf()), withheld.data.districts[index].reliefAndMediation.suppressed);
    }
  });
});

describe('relief and mediation by district, for a dashboard', () => {
  it('matches independent counts of the seeded cases, small counts suppressed', async () => {
    const result = await federation.query(
      `{ districts { code reliefAndMediation { reliefCases reliefPaid reliefAmountPaid disputesFound disputesOpen settledByLevel { level settled } medianDaysToSettle suppressed } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    for (const district of result.data.districts) {
      expectReliefAndMediation(district.code, district.reliefAndMediation, reliefAndMediationIn(district.code, cases, releaseAsOf()));
    }
  });
});

describe('complementary suppression', () => {
  it('lets no count be recovered by subtraction, within a record (found = open + settled) or across places', async () => {
    const figures = '{ disputesFound disputesOpen settledByLevel { level settled } reliefCases reliefPaid }';
    const result = await federation.query(
      `{ statistics { code reliefAndMediation ${figures} districts { code reliefAndMediation ${figures}
         streets { code reliefAndMediation ${figures} communities { code reliefAndMediation ${figures} } } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const cells = new Map<string, number | null>();
    const sums: PublishedSum[] = [];
    const measures = ['disputesFound', 'disputesOpen', 'COMMUNITY', 'STREET', 'DISTRICT', 'reliefCases', 'reliefPaid'];
    const visit = (place: any, children: any[]) => {
      const row = place.reliefAndMediation;
      for (const field of ['disputesFound', 'disputesOpen', 'reliefCases', 'reliefPaid']) cells.set(`${place.code}/${field}`, row[field]);
      for (const level of row.settledByLevel) cells.set(`${place.code}/${level.level}`, level.settled);
      sums.push({ total: `${place.code}/disputesFound`, parts: ['disputesOpen', 'COMMUNITY', 'STREET', 'DISTRICT'].map((m) => `${place.code}/${m}`) });
      for (const measure of measures) {
        if (children.length > 0) sums.push({ total: `${place.code}/${measure}`, parts: children.map((child) => `${child.code}/${measure}`) });
      }
    };
    const city = result.data.statistics;
    visit(city, city.districts);
    for (const district of city.districts) {
      visit(district, district.streets);
      for (const street of district.streets) {
        visit(street, street.communities);
        for (const community of street.communities) visit(community, []);
      }
    }
    expect([...cells.values()].filter((value) => value === null).length).toBeGreaterThan(0);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
  });
});

describe('roll-out of service points against the plan, and spending against the caps', () => {
  it('gives per district and year the points opened against the plan’s counts and shares', async () => {
    const result = await federation.query(
      `{ districts { code rollout(from: 2013, to: 2018) { year plannedNew plannedCumulative targetShare opened openedCumulative coverage onTarget } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    for (const district of result.data.districts)
      expect([district.code, district.rollout]).toEqual([district.code, expectedRollout(district.code, 2013, 2018)]);
    // The seeded programme is not uniform: some district is behind its target in some year, some ahead.
    const verdicts = result.data.districts.flatMap((d: any) => d.rollout.map((r: any) => r.onTarget)).filter((v: any) => v !== null);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it('adds up spending per district and lists any window over its cap', async () => {
    const query = `{ district(code: "640104") { servicePointSpending { windows total cityShare districtShare capPerWindow overCap { name funding cityShare } } } }`;
    const before = await federation.query(query, {}, ANALYST);
    expect(before.data.district.servicePointSpending).toEqual({ ...expectedSpending('640104'), overCap: [] });
    const db = federation.subgraphs['civil-affairs'].database.dataSource;
    const [point] = await db.query(
      `SELECT community_code, funding_yuan, city_share_yuan, district_share_yuan FROM service_point WHERE left(community_code, 6) = '640104' LIMIT 1`,
    );
    await db.query('UPDATE service_point SET funding_yuan = 130000, city_share_yuan = 70000, district_share_yuan = 60000 WHERE community_code = $1', [
      point.community_code,
    ]);
    try {
      const after = await federation.query(query, {}, ANALYST);
      expect(after.data.district.servicePointSpending.overCap).toEqual([expect.objectContaining({ funding: '130000.00', cityShare: '70000.00' })]);
    } finally {
      // The other tests of this file see the seeded funding, whatever this one found.
      await db.query('UPDATE service_point SET funding_yuan = $2, city_share_yuan = $3, district_share_yuan = $4 WHERE community_code = $1', [
        point.community_code,
        point.funding_yuan,
        point.city_share_yuan,
        point.district_share_yuan,
      ]);
    }
  });
});

describe('no N+1', () => {
  const PAGE = `query Page($ids: [ID!]!) {
    persons(filter: { ids: $ids }, first: 100) { edges { node { name reliefCases { kind status amountApproved community { name } history { kind on } } } } }
  }`;

  it('100 persons with their relief cases and histories cost the same SQL statements as 10', async () => {
    // Both pages hold persons with relief cases, so both need every loader once.
    const withRelief = [...new Set(cases.reliefCases.map((c) => c.personId))];
    const others = testPopulation()
      .map((p) => p.id)
      .filter((id) => !withRelief.includes(id));
    const ten = withRelief.slice(0, 10);
    const hundred = [...withRelief, ...others].slice(0, 100);
    const small = await federation.countStatements(async () => {
      expect((await federation.query(PAGE, { ids: ten }, RELIEF_WORKER)).errors).toBeUndefined();
    });
    const large = await federation.countStatements(async () => {
      const result = await federation.query(PAGE, { ids: hundred }, RELIEF_WORKER);
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.edges).toHaveLength(100);
    });
    console.log(`SQL statements with relief: 10 persons → ${small}, 100 persons → ${large}`);
    expect(large).toBe(small);
  });
});

async function eventCounts(): Promise<Record<string, number>> {
  const db = federation.subgraphs['civil-affairs'].database.dataSource;
  const [row] = await db.query(`SELECT (SELECT count(*) FROM relief_case) AS relief, (SELECT count(*) FROM relief_event) AS relief_events,
    (SELECT count(*) FROM dispute_case) AS disputes, (SELECT count(*) FROM dispute_event) AS dispute_events`);
  return row;
}

describe('relief: apply, decide, pay — every step kept', () => {
  const APPLY = `mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id status } }`;
  const DECIDE = `mutation ($input: DecideReliefInput!) { decideRelief(input: $input) { status amountApproved } }`;
  const PAY = `mutation ($input: PayReliefInput!) { payRelief(input: $input) { status paidOn history { kind on amount recordedBy } } }`;
  const application = () => ({
    personId: testPopulation()[5].id,
    kind: 'STRANDED_PERSON',
    communityCode: currentResidenceOf(testPopulation()[5]).communityCode,
    appliedOn: '2026-10-01',
    amountRequested: '600',
    customsAccommodation: '清真餐食',
  });

  async function refused(mutation: string, input: Record<string, unknown>, field: string) {
    const before = await eventCounts();
    const result = await federation.query(mutation, { input }, RELIEF_WORKER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await eventCounts()).toEqual(before);
  }

  it('refuses an unknown community and a payment before approval, and keeps the history of a case', async () => {
    await refused(APPLY, { ...application(), communityCode: '640104999999' }, 'input.communityCode');
    const applied = await federation.query(APPLY, { input: application() }, RELIEF_WORKER);
    expect(applied.data.applyForRelief.status).toBe('PENDING');
    const caseId = applied.data.applyForRelief.id;

    await refused(PAY, { caseId, paidOn: '2026-10-05' }, 'input.caseId');
    await refused(DECIDE, { caseId, approve: true, amountApproved: '700', decidedOn: '2026-10-03' }, 'input.amountApproved');
    await refused(DECIDE, { caseId, approve: true, amountApproved: '600', decidedOn: '2026-09-30' }, 'input.decidedOn');
    const decided = await federation.query(DECIDE, { input: { caseId, approve: true, amountApproved: '500', decidedOn: '2026-10-03' } }, RELIEF_WORKER);
    expect(decided.data.decideRelief).toEqual({ status: 'APPROVED', amountApproved: '500.00' });
    await refused(DECIDE, { caseId, approve: false, decidedOn: '2026-10-04' }, 'input.caseId');

    const paid = await federation.query(PAY, { input: { caseId, paidOn: '2026-10-05' } }, { ...RELIEF_WORKER, subject: 'officer-7' });
    expect(paid.errors).toBeUndefined();
    expect(paid.data.payRelief.history.map((e: any) => [e.kind, e.on, e.amount])).toEqual([
      ['APPLIED', '2026-10-01', '600.00'],
      ['APPROVED', '2026-10-03', '500.00'],
      ['PAID', '2026-10-05', '500.00'],
    ]);
    expect(paid.data.payRelief.history[2].recordedBy).toBe('officer-7');
    await refused(PAY, { caseId, paidOn: '2026-10-06' }, 'input.caseId');
  });
});

describe('disputes: open, escalate, mediate, close — legal and illegal steps', () => {
  const OPEN = `mutation ($input: OpenDisputeInput!) { openDispute(input: $input) { caseNumber level status } }`;
  const ESCALATE = `mutation ($input: DisputeStepInput!) { escalateDispute(input: $input) { level } }`;
  const MEDIATE = `mutation ($input: RecordMediationInput!) { recordMediation(input: $input) { mediatedOutcome } }`;
  const CLOSE = `mutation ($input: DisputeStepInput!) { closeDispute(input: $input) { status closedOn ageInDays history { kind level on note } } }`;

  async function refused(mutation: string, input: Record<string, unknown>, field: string) {
    const before = await eventCounts();
    const result = await federation.query(mutation, { input }, MEDIATOR);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await eventCounts()).toEqual(before);
  }

  it('goes up one level at a time, keeps every step, and refuses what the rules forbid', async () => {
    const party = testPopulation()[7];
    const community = currentResidenceOf(party).communityCode;
    await refused(OPEN, { kind: 'TENANCY', communityCode: '640000000000', foundOn: '2026-09-01', partyIds: [party.id] }, 'input.communityCode');
    const opened = await federation.query(
      OPEN,
      { input: { kind: 'TENANCY', communityCode: community, foundOn: '2026-09-01', partyIds: [party.id] } },
      MEDIATOR,
    );
    expect(opened.data.openDispute).toMatchObject({ level: 'COMMUNITY', status: 'OPEN' });
    const caseNumber = opened.data.openDispute.caseNumber;
    expect(caseNumber.startsWith(community.slice(0, 9))).toBe(true);

    await refused(CLOSE, { caseNumber, on: '2026-08-31' }, 'input.on');
    expect((await federation.query(ESCALATE, { input: { caseNumber, on: '2026-09-05' } }, MEDIATOR)).data.escalateDispute.level).toBe('STREET');
    expect((await federation.query(ESCALATE, { input: { caseNumber, on: '2026-09-10' } }, MEDIATOR)).data.escalateDispute.level).toBe('DISTRICT');
    await refused(ESCALATE, { caseNumber, on: '2026-09-11' }, 'input.caseNumber');
    const mediated = await federation.query(MEDIATE, { input: { caseNumber, on: '2026-09-20', outcome: '房东退还押金，双方和解' } }, MEDIATOR);
    expect(mediated.data.recordMediation.mediatedOutcome).toBe('房东退还押金，双方和解');
    const closed = await federation.query(CLOSE, { input: { caseNumber, on: '2026-09-25' } }, MEDIATOR);
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeDispute).toMatchObject({ status: 'CLOSED', closedOn: '2026-09-25', ageInDays: 24 });
    expect(closed.data.closeDispute.history.map((e: any) => [e.kind, e.level])).toEqual([
      ['OPENED', 'COMMUNITY'],
      ['ESCALATED', 'STREET'],
      ['ESCALATED', 'DISTRICT'],
      ['MEDIATED', 'DISTRICT'],
      ['CLOSED', 'DISTRICT'],
    ]);
    await refused(ESCALATE, { caseNumber, on: '2026-09-26' }, 'input.caseNumber');
    await refused(CLOSE, { caseNumber, on: '2026-09-26' }, 'input.caseNumber');
  });
});
