import { Caller, CASEWORKER, startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';

// Every bureau's pooled database connections are cut (as a server restart or an operator's pg_terminate_backend
// does): the reads that follow, and reads in flight at that moment, are answered on fresh connections, and /health
// does not report a database that answers as down.

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

function personalReads(count: number) {
  return testPopulation()
    .slice(0, count)
    .map((person) =>
      federation.query(
        `query ($id: ID!) { person(id: $id) { name currentResidence { community { name } } schoolEnrolments { grade } employments { jobTitle } reliefCases { kind } } }`,
        { id: person.id },
        CASEWORKER,
      ),
    );
}

/** Reads of every bureau that write no audit record (structure and published figures), safe to cut mid-flight. */
function publicReads(count: number) {
  const district = currentResidenceOf(testPopulation()[0]).districtCode;
  return Array.from({ length: count }, () =>
    federation.query(
      `query ($d: ID!) { district(code: $d) { name communities { name } schools { name } population { registeredMigrants } employment { registered } } }`,
      { d: district },
      ANALYST,
    ),
  );
}

const cutAll = () => Promise.all(Object.values(federation.subgraphs).map((subgraph) => subgraph.database.terminateConnections()));

describe('pooled database connections cut by the server', () => {
  it('answers the reads that follow on fresh connections, and /health stays up', async () => {
    for (let round = 0; round < 3; round += 1) {
      // Open several pooled connections in every bureau, then cut them all while they sit idle.
      for (const answer of await Promise.all(personalReads(20))) expect(answer.errors).toBeUndefined();
      await cutAll();
      for (const subgraph of Object.values(federation.subgraphs)) {
        const health = await fetch(subgraph.url.replace(/\/graphql$/, '/health'));
        expect({ bureau: subgraph.bureau, status: health.status }).toEqual({ bureau: subgraph.bureau, status: 200 });
      }
      for (const answer of await Promise.all(personalReads(20))) expect(answer.errors).toBeUndefined();
    }
  });

  it('answers reads that were in flight when their connections were cut', async () => {
    for (let round = 0; round < 3; round += 1) {
      const reads = publicReads(12);
      await new Promise((resolve) => setTimeout(resolve, 5 * round));
      await cutAll();
      for (const answer of await Promise.all(reads)) expect(answer.errors).toBeUndefined();
    }
  });
});
