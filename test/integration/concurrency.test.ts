import { Caller, CASEWORKER, startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';

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
    // 392 requests, eight at a time.
  }, 600_000);
});
