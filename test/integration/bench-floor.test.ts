import { PAGE_20, startFloor, type Floor } from '../../scripts/bench-floor';
import { personCountStatement, personPageStatement } from '../../subgraphs/public-security/loaders/person-search';
import { CASEWORKER, startTestFederation, type TestFederation } from '../support/federation';

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
}, 600_000);

afterAll(async () => {
  await federation?.stop();
});

// The bench measures the floor against the gateway only if both answer alike: this keeps the floor's SQL from drifting.
describe('the direct-SQL floor of the bench', () => {
  let floor: Floor;

  beforeAll(async () => {
    floor = await startFloor(
      Object.values(federation.subgraphs).map((subgraph) => subgraph.database.url),
      2,
    );
  }, 600_000);

  afterAll(async () => {
    await floor?.stop();
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

// The plans of the paged workloads, read with EXPLAIN on the seeded, vacuumed database: their shape, not their time.
describe("the SQL of a district's page of persons", () => {
  let largest: { code: string; count: number };

  beforeAll(async () => {
    const districts = await federation.query('{ districts { code } }', {}, CASEWORKER);
    const sizes = await Promise.all(
      (districts.data.districts as { code: string }[]).map(async ({ code }) => {
        const page = await federation.query(PAGE_20, { district: code }, CASEWORKER);
        return { code, count: page.data.persons.totalCount as number };
      }),
    );
    largest = sizes.sort((a, b) => b.count - a.count)[0];
  });

  /**
   * Every node of a plan, depth first, with the relation and index it reads. Sequential scans are priced out: at the
   * test's 1,500 persons reading a table's few pages whole is rightly the cheapest, and what is checked is that the
   * statement can be served by its index, as the planner chooses at city scale (the bench's 300,000).
   */
  async function planNodes(statement: { sql: string; params: unknown[] }) {
    const db = federation.subgraphs['public-security'].database.dataSource;
    const [{ 'QUERY PLAN': plan }] = await db.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params);
    });
    const [root] = plan;
    const nodes: { type: string; relation?: string; index?: string }[] = [];
    const walk = (node: any) => {
      nodes.push({ type: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] });
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(root.Plan);
    return nodes;
  }

  it("counts from the district's rows of current resident counts, reading no registration and no person", async () => {
    const nodes = await planNodes(personCountStatement({ districtCode: largest.code }));
    expect(nodes.filter((node) => node.relation)).toEqual([
      { type: expect.stringMatching(/^Index (Only )?Scan$/), relation: 'current_resident_change', index: 'current_resident_change_district_idx' },
    ]);
    const db = federation.subgraphs['public-security'].database.dataSource;
    const [{ count }] = await db.query(personCountStatement({ districtCode: largest.code }).sql, [largest.code]);
    expect(Number(count)).toBe(largest.count);
    const [registered] = await db.query('SELECT count(*) AS count FROM residence_registration WHERE ended_on IS NULL AND district_code = $1', [largest.code]);
    expect(Number(registered.count)).toBe(largest.count);
  });

  it('walks that index in person order for a page, after the cursor, without sorting or scanning every person', async () => {
    for (const after of [undefined, '0']) {
      const nodes = await planNodes(personPageStatement({ districtCode: largest.code }, after, 21, 'p.id'));
      expect(nodes.map((node) => node.type)).not.toContain('Sort');
      expect(nodes.filter((node) => node.type.includes('Seq Scan'))).toEqual([]);
      expect(nodes.find((node) => node.relation === 'residence_registration')).toMatchObject({ index: 'residence_current_district_idx' });
    }
  });
});
