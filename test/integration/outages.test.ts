import {
  FieldNode,
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
} from 'graphql';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { currentResidenceOf, testPopulation } from '../support/population';
import { fieldGraphs, loadSupergraph, requiredFields, typeGraphs } from '../support/supergraph';

// A bureau that is down nulls only its own fields: each bureau is taken down in turn (its connections reset, as
// when its process dies) under queries that touch every bureau, and every field another bureau serves must come
// back exactly as it does with all of them up: a caseworker's query over persons and places, and an analyst's
// query of every field of District that takes no argument, made from the supergraph (so a new bureau's fields on
// District are in it without an edit here).

let federation: TestFederation;
const proxies: Record<string, FaultProxy> = {};

beforeAll(async () => {
  federation = await startTestFederation({
    routeSubgraph: async (bureau, url) => {
      proxies[bureau] = await startFaultProxy(url);
      return proxies[bureau].url;
    },
  });
});

afterAll(async () => {
  await federation?.stop();
  for (const proxy of Object.values(proxies)) await proxy.stop();
});

const CASEWORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

const EVERY_BUREAU = `
query EveryBureau($district: ID!) {
  persons(first: 5, filter: { districtCode: $district }) {
    totalCount
    edges { node {
      id name birthDate
      currentResidence { address registeredOn community { code name street { code name } district { code name } } }
      residencePermits { number status validUntil }
      schoolEnrolments { grade schoolYear school { code name district { name } } }
      employments { jobTitle startDate employer { code name } }
      reliefCases { kind status }
    } }
  }
  districts { code name streets { code name } schools { code name } }
  district(code: $district) { code name communities { code name } }
  schools(first: 5) { totalCount edges { node { code name district { code name } } } }
  employers(first: 5) { totalCount edges { node { code name } } }
  clinics(first: 5) { totalCount edges { node { code name district { name } } } }
}`;

interface Leaf {
  path: string;
  value: unknown;
  /** For the leaf and each field above it: the subgraphs that can resolve it. */
  owners: string[][];
}

/** Every leaf value of an answer, with who could resolve each field on its path. */
function leaves(schema: GraphQLSchema, query: string, data: Record<string, unknown>): Leaf[] {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const found: Leaf[] = [];
  const walk = (type: GraphQLObjectType, selections: SelectionSetNode, value: any, at: string, owners: string[][]) => {
    for (const selection of selections.selections) {
      if (selection.kind !== Kind.FIELD) throw new Error('fields only');
      const name = selection.name.value;
      // A field resolved with @requires also needs the subgraphs of what it requires (an enrolment rate, the
      // school-age children public security counts): the last entry stays the field's own subgraphs.
      const fieldOwners = [...owners, ...requiredFields(type, name).map((required) => fieldGraphs(type, required)), fieldGraphs(type, name)];
      const fieldType = getNamedType(type.getFields()[name].type);
      const visit = (item: any, itemPath: string) => {
        if (item !== null && selection.selectionSet && isObjectType(fieldType)) walk(fieldType, selection.selectionSet, item, itemPath, fieldOwners);
        else found.push({ path: itemPath, value: item, owners: fieldOwners });
      };
      const fieldValue = value?.[name] ?? null;
      if (Array.isArray(fieldValue)) fieldValue.forEach((item, index) => visit(item, `${at}.${name}[${index}]`));
      else visit(fieldValue, `${at}.${name}`);
    }
  };
  walk(schema.getQueryType()!, operation.selectionSet, data, '', []);
  return found;
}

/** Every field of District without arguments: its scalars, and the scalars of each object it holds (figures, places). */
function everyDistrictFieldQuery(schema: GraphQLSchema): { query: string; graphs: Set<string> } {
  const district = schema.getType('District') as GraphQLObjectType;
  const leavesOf = (type: GraphQLObjectType) =>
    Object.values(type.getFields())
      .filter((field) => field.args.length === 0 && isLeafType(getNamedType(field.type)))
      .map((field) => field.name);
  const graphs = new Set<string>();
  const selections = Object.values(district.getFields())
    .filter((field) => field.args.length === 0)
    .flatMap((field) => {
      const type = getNamedType(field.type);
      const selection = isLeafType(type)
        ? field.name
        : isObjectType(type) && leavesOf(type).length > 0
          ? `${field.name} { ${leavesOf(type).join(' ')} }`
          : null;
      if (selection) for (const graph of fieldGraphs(district, field.name)) graphs.add(graph);
      return selection ?? [];
    });
  return { query: `query EveryDistrictField { districts { ${selections.join(' ')} } }`, graphs };
}

describe('one bureau down, the others still answer', () => {
  const supergraph = loadSupergraph();
  const graphName = (bureau: string) => bureau.toUpperCase().replace(/-/g, '_');

  /** Takes each bureau down in turn under `query`: the others' leaves come back as with all up, its own are null. */
  async function eachBureauDown(query: string, variables: Record<string, unknown>, caller: Caller): Promise<void> {
    const allUp = await federation.query(query, variables, caller);
    expect(allUp.errors).toBeUndefined();
    const reference = leaves(supergraph, query, allUp.data);
    const report: Record<string, { othersExpected: number; othersServed: number; ownNulled: number }> = {};

    for (const bureau of Object.keys(proxies)) {
      const graph = graphName(bureau);
      proxies[bureau].setDown(true);
      try {
        const answer = await federation.query(query, variables, caller);
        expect(answer.errors?.length).toBeGreaterThan(0);
        for (const error of answer.errors!) expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: bureau });
        const served = new Map(leaves(supergraph, query, answer.data ?? {}).map((leaf) => [leaf.path, leaf.value]));
        // A leaf is another bureau's when every field on its path can be resolved without the bureau that is down.
        const others = reference.filter((leaf) => leaf.owners.every((owners) => owners.some((owner) => owner !== graph)));
        const own = reference.filter((leaf) => leaf.owners[leaf.owners.length - 1].every((owner) => owner === graph));
        report[bureau] = {
          othersExpected: others.length,
          othersServed: others.filter((leaf) => served.has(leaf.path) && served.get(leaf.path) === leaf.value).length,
          ownNulled: own.filter((leaf) => (served.get(leaf.path) ?? null) === null).length,
        };
        // Nothing of the others comes back only when the bureau down serves every entry point of the query.
        const entryPoints = (parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections.map((selection) =>
          fieldGraphs(supergraph.getQueryType()!, (selection as FieldNode).name.value),
        );
        if (entryPoints.every((owners) => owners.length === 1 && owners[0] === graph)) expect(report[bureau].othersExpected).toBe(0);
        else expect(report[bureau].othersExpected).toBeGreaterThan(20);
        expect(report[bureau].othersServed).toBe(report[bureau].othersExpected);
        expect(report[bureau].ownNulled).toBe(own.length);
      } finally {
        proxies[bureau].setDown(false);
      }
    }
    console.log('fields served with one bureau down', report);
  }

  it("serves every field of the other bureaus, and nulls only the fields of the bureau that is down, in a caseworker's query", async () => {
    await eachBureauDown(EVERY_BUREAU, { district: currentResidenceOf(testPopulation()[0]).districtCode }, CASEWORKER);
  });

  it('does the same for every field of District an analyst reads, which every bureau serves some of', async () => {
    const { query, graphs } = everyDistrictFieldQuery(supergraph);
    const every = typeGraphs(supergraph.getQueryType()!).map(({ graph }) => graph);
    expect(every.length).toBe(Object.keys(proxies).length);
    expect([...graphs].sort()).toEqual([...every].sort());
    await eachBureauDown(query, {}, ANALYST);
  });
});

describe('public security down, its statement of where persons live missing', () => {
  it("still serves the other bureaus' personal fields that @require it, to the roles whose grants do not depend on it", async () => {
    const code = generateHumanResources(testPopulation(), { seed: TEST_POPULATION.seed }).employments.find((e) => e.endDate === null)!.employerCode;
    const query = `query ($code: ID!) {
      employer(code: $code) { name employees(first: 5) { edges { node { jobTitle person { id employments { jobTitle } socialInsurance { type } } } } } }
    }`;
    const caller: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' };
    const allUp = await federation.query(query, { code }, caller);
    expect(allUp.errors).toBeUndefined();
    expect(allUp.data.employer.employees.edges.length).toBeGreaterThan(0);

    proxies['public-security'].setDown(true);
    try {
      const answer = await federation.query(query, { code }, caller);
      expect(answer.data).toEqual(allUp.data);
      expect(answer.errors?.map((error) => error.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', serviceName: 'public-security' }]);
    } finally {
      proxies['public-security'].setDown(false);
    }
  });
});
