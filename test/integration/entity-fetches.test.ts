import { startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, placeName, testGeography, testPopulation } from '../support/population';
import { RequestCounter, stopCounters, throughCounters } from '../support/request-counter';

/**
 * The gateway's entity fetches: a page of persons of one district asks civil affairs for that district once, not once
 * per person (gateway/entity-dedup.ts), and still gets every person's places as the generator has them.
 */

let federation: TestFederation;
const counters: Record<string, RequestCounter> = {};

beforeAll(async () => {
  federation = await startTestFederation({ routeSubgraph: throughCounters(counters) });
});

afterAll(async () => {
  await federation?.stop();
  await stopCounters(counters);
});

const PAGE = `query Page($filter: PersonFilter, $first: Int!) {
  persons(filter: $filter, first: $first) {
    edges { node { id currentResidence { community { code name street { code name district { code name } } } } } }
  }
}`;

describe('entity fetches', () => {
  it('send civil affairs each community, street and district of a page once, and answer every person as the generator has them', async () => {
    const districtCode = '640104';
    const streetOf = new Map<string, string>();
    for (const district of testGeography().districts)
      for (const street of district.streets) for (const community of street.communities) streetOf.set(community.code, street.code);
    const persons = new Map(testPopulation().map((p) => [p.id, p]));

    const civilAffairs = counters['civil-affairs'];
    civilAffairs.reset();
    const result = await federation.query(PAGE, { filter: { districtCode }, first: 100 });
    expect(result.errors).toBeUndefined();
    const nodes = result.data.persons.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(100);

    const expected = nodes.map((node: any) => {
      const community = currentResidenceOf(persons.get(node.id)!).communityCode;
      const street = streetOf.get(community)!;
      return {
        id: node.id,
        currentResidence: {
          community: {
            code: community,
            name: placeName(community),
            street: { code: street, name: placeName(street), district: { code: districtCode, name: placeName(districtCode) } },
          },
        },
      };
    });
    expect(nodes).toEqual(expected);

    const fetches = civilAffairs.requests().filter((request) => Array.isArray(request.variables?.representations));
    expect(fetches.length).toBeGreaterThan(0);
    const sent = fetches.flatMap((request) => request.variables!.representations as unknown[]);
    for (const request of fetches) {
      const keys = (request.variables!.representations as unknown[]).map((r) => JSON.stringify(r));
      expect(new Set(keys).size).toBe(keys.length);
    }
    // Each place of the page once (fewer than the 100 persons who live there): its communities, and their streets and
    // district if the plan asks for them by representation.
    const distinctPlaces: Record<string, number> = {
      Community: new Set(expected.map((e: any) => e.currentResidence.community.code)).size,
      Street: new Set(expected.map((e: any) => e.currentResidence.community.street.code)).size,
      District: 1,
    };
    const counted: Record<string, number> = {};
    for (const representation of sent as { __typename: string }[]) counted[representation.__typename] = (counted[representation.__typename] ?? 0) + 1;
    expect(counted.Community).toBeLessThan(100);
    expect(counted).toEqual(Object.fromEntries(Object.keys(counted).map((typename) => [typename, distinctPlaces[typename]])));
    console.log(`civil affairs was sent ${sent.length} representations in ${fetches.length} fetches for a page of 100 persons`);
  });
});
