import { today } from '../../subgraphs/kit/dates';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { Caller, CASEWORKER, REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';
import { verifyDatabase } from '../../scripts/audit-verify';

// Concurrent reads and writes against the default setup (embedded PGlite behind the kit's socket server) must give
// every answer the serial run gives: a PGlite is one backend session, and interleaved protocol messages of two
// connections used to return wrong rows with no error. The same test runs against the real server in CI.

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const RELIEF_WORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };

/** Reads of different shapes over every bureau, none of which a relief application changes. */
function reads(): { query: string; variables: Record<string, unknown> }[] {
  const population = testPopulation();
  const districts = [...new Set(population.map((p) => currentResidenceOf(p).districtCode))];
  const list: { query: string; variables: Record<string, unknown> }[] = [];
  for (const districtCode of districts) {
    for (const first of [1, 7, 20]) {
      list.push({
        query: `query Page($filter: PersonFilter, $first: Int) {
          persons(filter: $filter, first: $first) { totalCount edges { node { id name currentResidence { community { name street { name } } } } } }
        }`,
        variables: { filter: { districtCode }, first },
      });
    }
    list.push({
      query: `query Place($code: ID!) { district(code: $code) { name communities { code name schools { code name } } } }`,
      variables: { code: districtCode },
    });
  }
  for (const person of population.slice(0, 24)) {
    list.push({
      query: `query One($id: ID!) {
        person(id: $id) { id birthDate residencePermits { number status } schoolEnrolments { school { name } } employments { employer { name } } }
      }`,
      variables: { id: person.id },
    });
  }
  list.push({ query: `{ employers(first: 30) { totalCount edges { node { code name } } } }`, variables: {} });
  return list;
}

describe('the default embedded databases under concurrent reads and writes', () => {
  it('answers every concurrent read exactly as the serial run did, and keeps every concurrent write', async () => {
    const workload = reads();
    const serial: string[] = [];
    for (const { query, variables } of workload) {
      const answer = await federation.query(query, variables, CASEWORKER);
      expect(answer.errors).toBeUndefined();
      serial.push(JSON.stringify(answer));
    }

    const applicants = testPopulation().slice(100, 140);
    const relief = `mutation Apply($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id status } }`;
    const countCases = async () =>
      Number((await federation.subgraphs['civil-affairs'].database.dataSource.query('SELECT count(*) AS n FROM relief_case'))[0].n);
    const casesBefore = await countCases();

    const rounds = 1;
    const clients = 8;
    let wrong = 0;
    let failed = 0;
    const writes: Promise<void>[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let round = 0; round < rounds; round += 1) {
          for (let i = 0; i < workload.length; i += 1) {
            // Each client walks the workload from its own starting point, so different queries overlap.
            const index = (i + client * 7) % workload.length;
            const answer = await federation.query(workload[index].query, workload[index].variables, CASEWORKER);
            if (answer.errors) failed += 1;
            else if (JSON.stringify(answer) !== serial[index]) wrong += 1;
            if (round === 0 && i % 10 === 0 && i / 10 < applicants.length / clients) {
              const person = applicants[client + clients * (i / 10)];
              const input = {
                personId: person.id,
                kind: 'STRANDED_PERSON',
                communityCode: currentResidenceOf(person).communityCode,
                appliedOn: '2026-10-01',
                amountRequested: '600',
              };
              writes.push(
                federation.query(relief, { input }, RELIEF_WORKER).then((result) => {
                  expect(result.errors).toBeUndefined();
                  expect(result.data.applyForRelief.status).toBe('PENDING');
                }),
              );
            }
          }
        }
      }),
    );
    await Promise.all(writes);
    expect({ requests: clients * rounds * workload.length, failed, wrong }).toEqual({ requests: clients * rounds * workload.length, failed: 0, wrong: 0 });
    expect(writes.length).toBeGreaterThan(0);
    expect(await countCases()).toBe(casesBefore + writes.length);
    // 392 requests, eight at a time; every bureau's chain, appended to by all of them and by the writes, verifies.
    await expectChainsIntact();
  }, 600_000);
});

/** audit:verify's findings on every bureau's chain, as its operator would run it. */
async function expectChainsIntact(): Promise<void> {
  for (const [bureau, subgraph] of Object.entries(federation.subgraphs)) {
    const report = await verifyDatabase(subgraph.database.ownerUrl, { chain: bureau, checkpointFile: subgraph.auditCheckpointFile });
    expect({ bureau, problems: report.problems }).toEqual({ bureau, problems: [] });
  }
}

describe('audit records of concurrent reads', () => {
  const READ = `query Name($id: ID!) { person(id: $id) { id name } }`;
  const records = async () =>
    (await federation.subgraphs['public-security'].database.dataSource.query('SELECT request_id FROM audit_record ORDER BY seq')).map(
      (row: { request_id: string }) => row.request_id,
    );

  it('are all written, in one statement each alone and in fewer than one each together, and chain as audit:verify expects', async () => {
    const ids = testPopulation()
      .slice(200, 240)
      .map((p) => p.id);
    const n = ids.length;
    const read = async (id: string) => {
      const answer = await federation.query(READ, { id }, CASEWORKER);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.person.id).toBe(id);
    };
    // Warm: the pool's connections are open before anything is counted.
    await Promise.all(ids.map(read));

    const one = await federation.countStatements(() => read(ids[0]));
    const before = (await records()).length;
    const serial = await federation.countStatements(async () => {
      for (const id of ids) await read(id);
    });
    // Alone, a read costs the same each time: its lookup and its record, one statement each.
    expect(serial).toBe(n * one);
    expect((await records()).length).toBe(before + n);

    const together = await federation.countStatements(() => Promise.all(ids.map(read)));
    const written = (await records()).slice(before + n);
    expect(written).toHaveLength(n);
    expect(new Set(written).size).toBe(n);
    // The lookups cost what they cost alone; the records of reads that ended together shared statements: fewer than
    // one a record (a record alone is one; it was five before records were written in one statement).
    const recordStatements = together - n * (one - 1);
    console.log(`${n} concurrent reads: ${together} SQL statements, ${recordStatements} of them writing their ${n} audit records (alone: ${one} a read)`);
    expect(recordStatements).toBeGreaterThanOrEqual(1);
    expect(recordStatements).toBeLessThan(n);
    await expectChainsIntact();
  }, 120_000);
});

describe("a place's count of current residents under concurrent moves", () => {
  const MOVE = `mutation Move($input: RecordMoveInput!) { recordMove(input: $input) { isCurrent } }`;
  const COUNT = `query Count($district: ID!) { persons(filter: { districtCode: $district }, first: 1) { totalCount } }`;
  const registry = () => federation.subgraphs['public-security'].database.dataSource;

  /** totalCount through the gateway, and the current registrations counted in public security's database. */
  async function counts(district: string) {
    const answer = await federation.query(COUNT, { district }, CASEWORKER);
    expect(answer.errors).toBeUndefined();
    const [row] = await registry().query('SELECT count(*) AS n FROM residence_registration WHERE ended_on IS NULL AND district_code = $1', [district]);
    return { totalCount: answer.data.persons.totalCount as number, registered: Number(row.n) };
  }

  it('stays exact when moves cross in opposite directions and counts are folded meanwhile, with no write refused', async () => {
    const byDistrict = new Map<string, SyntheticPerson[]>();
    // Persons not used by the other tests of this file, registered before today (a move today ends yesterday's).
    for (const person of testPopulation().slice(300)) {
      const residence = currentResidenceOf(person);
      if (residence.fromDate >= today()) continue;
      byDistrict.set(residence.districtCode, [...(byDistrict.get(residence.districtCode) ?? []), person]);
    }
    const [[a, fromA], [b, fromB]] = [...byDistrict].sort((x, y) => y[1].length - x[1].length);
    const [leavingA, leavingB] = [fromA.slice(0, 12), fromB.slice(0, 20)];
    const before = { a: await counts(a), b: await counts(b) };
    expect([before.a.totalCount, before.b.totalCount]).toEqual([before.a.registered, before.b.registered]);

    const move = (person: SyntheticPerson, to: SyntheticPerson) =>
      federation.query(
        MOVE,
        { input: { personId: person.id, communityCode: currentResidenceOf(to).communityCode, address: `迁入路 ${person.id.slice(-3)}号`, movedOn: today() } },
        REGISTRY_OFFICER,
      );
    const fold = () => registry().query('SELECT fold_current_resident_changes()');
    const results = await Promise.all([
      ...leavingA.map((person) => move(person, fromB[30])),
      ...leavingB.map((person) => move(person, fromA[30])),
      fold(),
      fold(),
    ]);
    for (const result of results.slice(0, leavingA.length + leavingB.length)) expect(result.errors).toBeUndefined();

    const after = { a: await counts(a), b: await counts(b) };
    const expected = { a: before.a.registered - 12 + 20, b: before.b.registered + 12 - 20 };
    expect(after).toEqual({ a: { totalCount: expected.a, registered: expected.a }, b: { totalCount: expected.b, registered: expected.b } });
    await fold();
    expect({ a: (await counts(a)).totalCount, b: (await counts(b)).totalCount }).toEqual(expected);
  }, 120_000);
});
