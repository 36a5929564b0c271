import { today } from '../../subgraphs/kit/dates';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { generateHumanResources, SyntheticHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { INSURANCE_TYPES, type InsuranceType } from '../../subgraphs/human-resources/seed/types';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { readmeQuery } from '../support/readme';
import { expectProtected, expectProtectedCounts, expectRate } from '../support/checks';
import { EmploymentCounts, employmentIn } from '../support/figures';
import { currentResidenceOf, districtsByCode, latestPermitStatus, permitStatusOn, testPopulation } from '../support/population';

let federation: TestFederation;
let records: SyntheticHumanResources;

const CASEWORKER: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' };
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

beforeAll(async () => {
  // The seeded records, computed here from the same population, to check the graph against.
  records = generateHumanResources(testPopulation(), { seed: TEST_POPULATION.seed });
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

describe("one migrant's work next to their residence permit, through the gateway", () => {
  it('shows job, contract, insurance and an open dispute (human resources) with the permit (public security) and community (civil affairs)', async () => {
    const dispute = records.disputes.find((d) => d.status !== 'CLOSED' && records.employments.some((e) => e.personId === d.personId && e.endDate === null))!;
    const person = testPopulation().find((p) => p.id === dispute.personId)!;
    const result = await federation.query(
      `query Worker($id: ID!) {
        person(id: $id) {
          name
          currentResidence { community { name } }
          residencePermits { status }
          employments { jobTitle startDate endDate monthlyWage contractSigned contractType employer { code name } }
          socialInsurance { type status }
          labourDisputes { kind status amountClaimed employer { code } }
        }
      }`,
      { id: person.id },
      CASEWORKER,
    );
    expect(result.errors).toBeUndefined();
    const found = result.data.person;
    expect(found.name).toBe(person.familyName + person.givenName);
    expect(found.currentResidence.community.name).toEqual(expect.any(String));
    expect(found.residencePermits[0]?.status ?? null).toBe(latestPermitStatus(person));
    const jobs = records.employments.filter((e) => e.personId === person.id);
    expect(found.employments.map((e: any) => [e.employer.code, e.startDate, e.endDate, e.monthlyWage, e.contractSigned, e.contractType]).sort()).toEqual(
      jobs.map((e) => [e.employerCode, e.startDate, e.endDate, e.monthlyWageYuan.toFixed(2), e.contractSigned, e.contractType]).sort(),
    );
    expect(found.socialInsurance.map((i: any) => `${i.type}:${i.status}`).sort()).toEqual(
      records.insurance
        .filter((i) => i.personId === person.id)
        .map((i) => `${i.type}:${i.status}`)
        .sort(),
    );
    expect(found.labourDisputes).toContainEqual({
      kind: dispute.kind,
      status: dispute.status,
      amountClaimed: dispute.amountClaimedYuan.toFixed(2),
      employer: { code: dispute.employerCode },
    });
  });
});

/**
 * A place's employment figures against the true counts: each count shown or withheld as expectProtected allows, the
 * rates of the counts shown, and wages recovered only beside the count of closed disputes. `suppressed` is the
 * record's own list unless given.
 */
function expectEmployment(label: string, figures: any, expected: EmploymentCounts, suppressed: string[] = figures.suppressed) {
  const { registered, employed, withContract, trained, disputesOpen, disputesClosed } = expected;
  expectProtectedCounts(label, figures, { registered, employed, withContract, trained, disputesOpen, disputesClosed }, suppressed);
  expectRate(label, figures.contractRate, figures.withContract, figures.employed);
  expect(figures.insurance.map((row: any) => row.type)).toEqual(INSURANCE_TYPES);
  for (const row of figures.insurance) {
    expectProtected(label, row.insured, expected.insured[row.type as InsuranceType], suppressed, `insurance.${row.type}`);
    expectRate(`${label}/${row.type}`, row.rate, row.insured, figures.registered);
  }
  expect([label, figures.wagesRecovered]).toEqual([label, figures.disputesClosed === null ? null : expected.wagesRecovered.toFixed(2)]);
}

describe('contract and insurance coverage by district', () => {
  it('counts the migrants registered with the employment service in a district, small counts suppressed', async () => {
    const district = '640104';
    const result = await federation.query(
      `{ district(code: "${district}") { employment { registered employed withContract contractRate insurance { type insured rate } trained disputesOpen disputesClosed wagesRecovered suppressed } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    expectEmployment(district, result.data.district.employment, employmentIn(district, records, releaseAsOf()));
  });
});

describe("the README's human-resources examples", () => {
  it('ContractAndInsuranceByDistrict gives every district its employment figures, as the generator has them', async () => {
    const result = await federation.query(readmeQuery('ContractAndInsuranceByDistrict'), {}, ANALYST);
    expect(result.errors).toBeUndefined();
    // The example asks no `suppressed`: what was withheld, asked of the same release.
    const withheld = await federation.query('{ districts { employment { suppressed } } }', {}, ANALYST);
    const districts = districtsByCode();
    expect(result.data.districts.map((d: any) => d.name)).toEqual(districts.map((d) => d.nameZh));
    for (const [index, { code }] of districts.entries()) {
      expectEmployment(
        code,
        result.data.districts[index].employment,
        employmentIn(code, records, releaseAsOf()),
        withheld.data.districts[index].employment.suppressed,
      );
    }
  });

  it("Worker gives an employment caseworker a migrant's permits, jobs, insurance and disputes, as the generator has them", async () => {
    // Someone with several jobs, insurance and a dispute closed with wages recovered, so every list has something in it.
    const of = <T extends { personId: string }>(items: T[], id: string) => items.filter((item) => item.personId === id);
    const dispute = records.disputes.find(
      (d) => d.amountRecoveredYuan > 0 && of(records.employments, d.personId).length > 1 && of(records.insurance, d.personId).length > 0,
    )!;
    const person = testPopulation().find((p) => p.id === dispute.personId)!;
    const employer = new Map(records.employers.map((e) => [e.code, e]));
    // Newest first, as the graph lists them (records of the same day in the reverse of their order of entry).
    const newestFirst = <T>(items: T[], day: (item: T) => string) => [...items].reverse().sort((a, b) => day(b).localeCompare(day(a)));
    const result = await federation.query(readmeQuery('query Worker'), { id: person.id }, CASEWORKER);
    expect(result.errors).toBeUndefined();
    expect(result.data.person).toEqual({
      name: person.name,
      residencePermits: [...person.permits].reverse().map((p) => ({ status: permitStatusOn(p, today()), validUntil: p.validUntil })),
      employments: newestFirst(of(records.employments, person.id), (e) => e.startDate).map((e) => ({
        jobTitle: e.jobTitle,
        startDate: e.startDate,
        endDate: e.endDate,
        monthlyWage: e.monthlyWageYuan.toFixed(2),
        contractSigned: e.contractSigned,
        contractType: e.contractType,
        employer: { name: employer.get(e.employerCode)!.name, industry: employer.get(e.employerCode)!.industry },
      })),
      // By scheme, then newest first.
      socialInsurance: newestFirst(of(records.insurance, person.id), (i) => i.startDate)
        .sort((a, b) => a.type.localeCompare(b.type))
        .map((i) => ({ type: i.type, status: i.status, startDate: i.startDate })),
      labourDisputes: newestFirst(of(records.disputes, person.id), (d) => d.filedOn).map((d) => ({
        kind: d.kind,
        status: d.status,
        amountClaimed: d.amountClaimedYuan.toFixed(2),
        amountRecovered: d.amountRecoveredYuan.toFixed(2),
        employer: { name: employer.get(d.employerCode)!.name },
      })),
    });
  });
});

describe('employers and their employees, page by page', () => {
  it('pages through the employers of a district: every employer once', async () => {
    const expected = records.employers
      .filter((e) => e.districtCode === '640106')
      .map((e) => e.code)
      .sort();
    const codes: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(
        `query ($after: String) { employers(filter: { districtCode: "640106" }, first: 25, after: $after) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        ANALYST,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.employers.totalCount).toBe(expected.length);
      codes.push(...result.data.employers.edges.map((e: any) => e.node.code));
      if (!result.data.employers.pageInfo.hasNextPage) break;
      after = result.data.employers.pageInfo.endCursor;
    }
    expect(codes).toEqual(expected);
  });

  it("pages through an employer's current migrant employees, for employment caseworkers only", async () => {
    const counts = new Map<string, number>();
    for (const e of records.employments) if (e.endDate === null) counts.set(e.employerCode, (counts.get(e.employerCode) ?? 0) + 1);
    const [code, total] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const people: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(
        `query ($code: ID!, $after: String) { employer(code: $code) { employees(first: 2, after: $after) { totalCount edges { node { person { id } } } pageInfo { hasNextPage endCursor } } } }`,
        { code, after },
        CASEWORKER,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.employer.employees.totalCount).toBe(total);
      people.push(...result.data.employer.employees.edges.map((e: any) => e.node.person.id));
      if (!result.data.employer.employees.pageInfo.hasNextPage) break;
      after = result.data.employer.employees.pageInfo.endCursor;
    }
    expect(people.sort()).toEqual(
      records.employments
        .filter((e) => e.endDate === null && e.employerCode === code)
        .map((e) => e.personId)
        .sort(),
    );
    const refused = await federation.query(`query ($code: ID!) { employer(code: $code) { name employees { totalCount } } }`, { code }, ANALYST);
    expect(refused.data.employer.name).toEqual(expect.any(String));
    expect(refused.data.employer.employees).toBeNull();
  });
});

describe('no N+1', () => {
  const PAGE = `query Page($first: Int!) {
    persons(first: $first) {
      edges { node {
        name residencePermits { status }
        employments { monthlyWage contractSigned employer { name district { name } } }
        socialInsurance { type status }
        labourDisputes { status }
      } }
    }
  }`;

  it('a page of 100 persons with employments, employers and insurance costs the same SQL statements as a page of 10', async () => {
    const small = await federation.countStatements(async () => {
      expect((await federation.query(PAGE, { first: 10 }, CASEWORKER)).errors).toBeUndefined();
    });
    const large = await federation.countStatements(async () => {
      const result = await federation.query(PAGE, { first: 100 }, CASEWORKER);
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.edges.filter((e: any) => e.node.employments.length > 0).length).toBeGreaterThan(20);
    });
    console.log(`SQL statements with employment: page of 10 → ${small}, page of 100 → ${large}`);
    expect(large).toBe(small);
  });
});

async function tableCounts(): Promise<Record<string, number>> {
  const db = federation.subgraphs['human-resources'].database.dataSource;
  const [row] = await db.query(`SELECT (SELECT count(*) FROM worker) AS workers, (SELECT count(*) FROM employment) AS employments,
    (SELECT count(*) FROM employment WHERE end_date IS NULL) AS current, (SELECT count(*) FROM social_insurance) AS insurance,
    (SELECT count(*) FROM training WHERE completed) AS completed, (SELECT count(*) FROM labour_dispute WHERE status = 'CLOSED') AS closed`);
  return row;
}

describe('recording work, insurance, training and disputes', () => {
  const employer = () => records.employers[0].code;
  const RECORD = `mutation ($input: RecordEmploymentInput!) { recordEmployment(input: $input) { id jobTitle monthlyWage contractType employer { code } } }`;
  const job = (overrides: Record<string, unknown> = {}) => ({
    personId: 'PNEWWORKER1',
    employerCode: employer(),
    jobTitle: '焊工',
    startDate: '2026-03-01',
    monthlyWage: '4200',
    weeklyHours: 48,
    contractSigned: true,
    contractType: 'FIXED_TERM',
    communityCode: currentResidenceOf(testPopulation()[0]).communityCode,
    originRegionCode: testPopulation()[0].originRegionCode,
    ...overrides,
  });

  const invalid: [string, string, Record<string, unknown>][] = [
    ['a negative wage', 'input.monthlyWage', { monthlyWage: '-100' }],
    ['an unknown employer', 'input.employerCode', { employerCode: '91640104MA0000000X' }],
    ['a contract type without a contract', 'input.contractType', { contractSigned: false }],
    ['a new worker without a community', 'input.communityCode', { communityCode: undefined }],
    ['a new worker without a household registration place', 'input.originRegionCode', { originRegionCode: undefined }],
    ['a household registration place that is no region of origin', 'input.originRegionCode', { originRegionCode: '640104' }],
    ['hours beyond the week', 'input.weeklyHours', { weeklyHours: 100 }],
  ];

  it.each(invalid)('refuses %s with BAD_USER_INPUT on %s and writes nothing', async (_name, field, overrides) => {
    const before = await tableCounts();
    const result = await federation.query(RECORD, { input: job(overrides) }, CASEWORKER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await tableCounts()).toEqual(before);
  });

  it('records a job and its end, insurance, a completed course, and a dispute filed and closed', async () => {
    const recorded = await federation.query(RECORD, { input: job() }, CASEWORKER);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordEmployment).toMatchObject({
      jobTitle: '焊工',
      monthlyWage: '4200.00',
      contractType: 'FIXED_TERM',
      employer: { code: employer() },
    });
    const id = recorded.data.recordEmployment.id;
    const db = federation.subgraphs['human-resources'].database.dataSource;
    const [worker] = await db.query('SELECT origin_region_code FROM worker WHERE person_id = $1', ['PNEWWORKER1']);
    expect(worker.origin_region_code).toBe(testPopulation()[0].originRegionCode);

    const END = `mutation ($input: EndEmploymentInput!) { endEmployment(input: $input) { endDate } }`;
    const early = await federation.query(END, { input: { employmentId: id, endDate: '2026-02-01' } }, CASEWORKER);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate' });
    expect((await federation.query(END, { input: { employmentId: id, endDate: '2026-06-30' } }, CASEWORKER)).data.endEmployment.endDate).toBe('2026-06-30');
    const twice = await federation.query(END, { input: { employmentId: id, endDate: '2026-07-30' } }, CASEWORKER);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.employmentId' });

    const ENROL = `mutation ($input: EnrolInSocialInsuranceInput!) { enrolInSocialInsurance(input: $input) { type status } }`;
    const insurance = { personId: 'PNEWWORKER1', type: 'WORK_INJURY', startDate: '2026-03-01' };
    expect((await federation.query(ENROL, { input: insurance }, CASEWORKER)).data.enrolInSocialInsurance).toEqual({ type: 'WORK_INJURY', status: 'ACTIVE' });
    const again = await federation.query(ENROL, { input: insurance }, CASEWORKER);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.type' });

    const REGISTER = `mutation ($input: RegisterTrainingInput!) { registerTraining(input: $input) { id completed } }`;
    const backwards = await federation.query(
      REGISTER,
      {
        input: {
          personId: 'PNEWWORKER1',
          course: '焊工',
          kind: 'VOCATIONAL_SKILL',
          provider: '银川市职业技能培训中心',
          startDate: '2026-05-10',
          endDate: '2026-05-01',
        },
      },
      CASEWORKER,
    );
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate' });
    const course = await federation.query(
      REGISTER,
      {
        input: {
          personId: 'PNEWWORKER1',
          course: '焊工',
          kind: 'VOCATIONAL_SKILL',
          provider: '银川市职业技能培训中心',
          startDate: '2026-04-01',
          endDate: '2026-05-01',
        },
      },
      CASEWORKER,
    );
    const COMPLETE = `mutation ($input: CompleteTrainingInput!) { completeTraining(input: $input) { completed certificate } }`;
    const done = await federation.query(COMPLETE, { input: { trainingId: course.data.registerTraining.id, certificate: '焊工 五级' } }, CASEWORKER);
    expect(done.data.completeTraining).toEqual({ completed: true, certificate: '焊工 五级' });

    const FILE = `mutation ($input: FileLabourDisputeInput!) { fileLabourDispute(input: $input) { id status } }`;
    const filed = await federation.query(
      FILE,
      { input: { personId: 'PNEWWORKER1', employerCode: employer(), kind: 'UNPAID_WAGES', filedOn: '2026-07-01', amountClaimed: '8400' } },
      CASEWORKER,
    );
    expect(filed.data.fileLabourDispute.status).toBe('OPEN');
    const CLOSE = `mutation ($input: CloseLabourDisputeInput!) { closeLabourDispute(input: $input) { status amountRecovered closedOn } }`;
    const before = await tableCounts();
    const tooMuch = await federation.query(
      CLOSE,
      { input: { disputeId: filed.data.fileLabourDispute.id, closedOn: '2026-08-01', amountRecovered: '9000' } },
      CASEWORKER,
    );
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amountRecovered' });
    expect(await tableCounts()).toEqual(before);
    const closed = await federation.query(
      CLOSE,
      { input: { disputeId: filed.data.fileLabourDispute.id, closedOn: '2026-08-01', amountRecovered: '8400' } },
      CASEWORKER,
    );
    expect(closed.data.closeLabourDispute).toEqual({ status: 'CLOSED', amountRecovered: '8400.00', closedOn: '2026-08-01' });
    const reclosed = await federation.query(
      CLOSE,
      { input: { disputeId: filed.data.fileLabourDispute.id, closedOn: '2026-08-02', amountRecovered: '0' } },
      CASEWORKER,
    );
    expect(reclosed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.disputeId' });
  });

  it('lets only employment caseworkers record', async () => {
    const result = await federation.query(
      RECORD,
      { input: job({ personId: 'PNEWWORKER2' }) },
      { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
