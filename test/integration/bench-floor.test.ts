import { PAGE_20, startFloor, type Floor } from '../../scripts/bench-floor';
import { CASEWORKER, startTestFederation, type TestFederation } from '../support/federation';

// The bench measures the floor against the gateway only if both answer alike: this keeps the floor's SQL from drifting.
describe('the direct-SQL floor of the bench', () => {
  let federation: TestFederation;
  let floor: Floor;

  beforeAll(async () => {
    federation = await startTestFederation();
    floor = await startFloor(
      Object.values(federation.subgraphs).map((subgraph) => subgraph.database.url),
      2,
    );
  }, 600_000);

  afterAll(async () => {
    await floor?.stop();
    await federation?.stop();
  });

  it('answers the page of 20 of every district as the gateway does', async () => {
    const districts = await federation.query('{ districts { code } }', {}, CASEWORKER);
    expect(districts.errors).toBeUndefined();
    expect(districts.data.districts.length).toBeGreaterThan(0);
    for (const { code } of districts.data.districts as { code: string }[]) {
      const gateway = await federation.query(PAGE_20, { district: code }, CASEWORKER);
      expect(gateway.errors).toBeUndefined();
      const response = await fetch(floor.url, { method: 'POST', body: JSON.stringify({ query: PAGE_20, variables: { district: code } }) });
      expect(await response.json()).toEqual({ data: gateway.data });
    }
  });
});
