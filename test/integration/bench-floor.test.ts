import { benchPerson, ONE_PERSON, PAGE_100, PAGE_20, startFloor, type Floor } from '../../scripts/bench-floor';
import { personCountStatement, personPageStatement } from '../../subgraphs/public-security/loaders/person-search';
import { ANALYST } from '../support/attacker-view';
import { dashboardQueries } from '../../scripts/dashboard-queries';
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
  let districts: string[];

  async function floorAnswer(query: string, variables: Record<string, unknown>) {
    const response = await fetch(floor.url, { method: 'POST', body: JSON.stringify({ query, variables }) });
    return response.json();
  }

  /** The gateway's answer, which must be whole (no errors) and the floor's, for the same request. */
  async function bothAnswers(query: string, variables: Record<string, unknown>, caller = CASEWORKER) {
    const gateway = await federation.query(query, variables, caller);
    expect(gateway.errors).toBeUndefined();
    return { gateway: { data: gateway.data }, floor: await floorAnswer(query, variables) };
  }

  beforeAll(async () => {
    floor = await startFloor(
      Object.values(federation.subgraphs).map((subgraph) => subgraph.database.url),
      2,
    );
    const answer = await federation.query('{ districts { code } }', {}, CASEWORKER);
    expect(answer.errors).toBeUndefined();
    districts = (answer.data.districts as { code: string }[]).map(({ code }) => code);
  }, 600_000);

  afterAll(async () => {
    await floor?.stop();
  });

  it('answers the page of 20 of every district as the gateway does', async () => {
    expect(districts.length).toBeGreaterThan(0);
    for (const district of districts) {
      const { gateway, floor } = await bothAnswers(PAGE_20, { district });
      expect(floor).toEqual(gateway);
    }
  });

  it('answers the page of 100 with jobs and schooling of every district as the gateway does', async () => {
    let withWork = 0;
    for (const district of districts) {
      const { gateway, floor } = await bothAnswers(PAGE_100, { district });
      expect(floor).toEqual(gateway);
      withWork += gateway.data.persons.edges.filter((edge: any) => edge.node.employments.length && edge.node.childrenInSchool.length).length;
    }
    // Pages that hold jobs and schooling, or the comparison would not reach them.
    expect(withWork).toBeGreaterThan(0);
  });

  it("answers one person across four bureaus as the gateway does: the bench's person, a few others, and a person who is not registered", async () => {
    const { gateway: page } = await bothAnswers(PAGE_100, { district: districts[0] });
    const nodes = page.data.persons.edges.map((edge: any) => edge.node);
    const chosen = benchPerson(nodes);
    const [withRelief] = await federation.subgraphs['civil-affairs'].database.dataSource.query('SELECT person_id FROM relief_case ORDER BY id LIMIT 1');
    const UNREGISTERED = 'PZZZZZZZZZZ';
    const ids = [chosen.id, ...nodes.slice(0, 3).map((node: any) => node.id), withRelief.person_id, UNREGISTERED];
    for (const id of ids) {
      const { gateway, floor } = await bothAnswers(ONE_PERSON, { id });
      expect(floor).toEqual(gateway);
    }
    // The comparison reaches relief cases and a person the registry does not hold.
    const { gateway } = await bothAnswers(ONE_PERSON, { id: withRelief.person_id });
    expect(gateway.data.person.reliefCases.length).toBeGreaterThan(0);
    expect((await bothAnswers(ONE_PERSON, { id: UNREGISTERED })).gateway.data.person).toBeNull();
  });

  it('answers every dashboard panel as the gateway does, for the analyst', async () => {
    const panels = dashboardQueries();
    expect(panels.length).toBeGreaterThan(0);
    for (const { file, query, variables } of panels) {
      const { gateway, floor } = await bothAnswers(query, variables, ANALYST);
      expect({ file, answer: floor }).toEqual({ file, answer: gateway });
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
