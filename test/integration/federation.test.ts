import { Caller, REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, latestPermitStatus, permitStatusOn, placeName, testGeography, testPopulation } from '../support/population';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, today } from '../../subgraphs/kit/dates';
import { loadEthnicGroups, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { generateGeography, SyntheticPerson } from '../../subgraphs/synthetic';
import { repoRoot } from '../../subgraphs/kit/paths';
import { readmeQuery } from '../support/readme';

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation({ withGraphiql: true });
});

afterAll(async () => {
  await federation?.stop();
});

const PERSON_PAGE = `
  query Page($filter: PersonFilter, $first: Int!, $after: String) {
    persons(filter: $filter, first: $first, after: $after) {
      totalCount
      edges { cursor node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** Every id of a filtered list, read page by page through the gateway. */
async function readAllPages(filter: Record<string, unknown>, first: number, caller?: Caller): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  for (;;) {
    const result = await federation.query(PERSON_PAGE, { filter, first, after }, caller);
    expect(result.errors).toBeUndefined();
    const page: any = result.data.persons;
    totalCount = page.totalCount;
    pages += 1;
    ids.push(...page.edges.map((edge: any) => edge.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { ids, totalCount, pages };
}

describe('a person through the gateway', () => {
  it('joins the residence (public security) with its community, street and district names (civil affairs)', async () => {
    const person = testPopulation().find((p) => p.residences.length > 1)!;
    const residence = currentResidenceOf(person);
    const geography = generateGeography(2013);
    const district = geography.districts.find((d) => d.code === residence.districtCode)!;
    const street = district.streets.find((s) => s.code === residence.streetCode)!;
    const community = street.communities.find((c) => c.code === residence.communityCode)!;

    const result = await federation.query(
      `query One($id: ID!) {
        person(id: $id) {
          id name sex birthDate idCardNumber arrivalDate
          ethnicity { code name } originRegion { code name }
          currentResidence { address registeredOn endedOn isCurrent community { code name street { name } district { code name } } }
          residences { registeredOn endedOn }
          residencePermits { number status }
        }
      }`,
      { id: person.id },
    );
    expect(result.errors).toBeUndefined();
    const found = result.data.person;
    expect(found.name).toBe(person.familyName + person.givenName);
    expect(found.birthDate).toBe(person.birthDate);
    expect(found.ethnicity.code).toBe(person.ethnicityCode);
    expect(found.originRegion.code).toBe(person.originRegionCode);
    expect(found.idCardNumber).toBe(`**************${person.idCardNumber.slice(-4)}`);
    expect(found.currentResidence).toMatchObject({
      address: residence.address,
      registeredOn: residence.fromDate,
      endedOn: null,
      isCurrent: true,
      community: { code: community.code, name: community.nameZh, street: { name: street.nameZh }, district: { code: district.code, name: district.nameZh } },
    });
    expect(found.residences).toHaveLength(person.residences.length);
    expect(found.residencePermits.map((p: any) => p.number)).toEqual(person.permits.map((p) => p.number).reverse());
  });

  it('returns null for an unknown id, without an error', async () => {
    const result = await federation.query('{ person(id: "PXXXXXXXXXX") { id name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.person).toBeNull();
  });
});

describe('Community.residents, added to the civil-affairs Community by public security', () => {
  it('lists exactly the people currently registered in the community, with the count', async () => {
    const byCommunity = new Map<string, string[]>();
    for (const person of testPopulation()) {
      const code = currentResidenceOf(person).communityCode;
      byCommunity.set(code, [...(byCommunity.get(code) ?? []), person.id]);
    }
    const [code, expected] = [...byCommunity].sort((a, b) => b[1].length - a[1].length)[0];
    const result = await federation.query(
      `query Residents($code: ID!) { community(code: $code) { name district { name } residents(first: 100) { totalCount edges { node { id currentResidence { community { code } } } } } } }`,
      { code },
    );
    expect(result.errors).toBeUndefined();
    const residents = result.data.community.residents;
    expect(residents.totalCount).toBe(expected.length);
    expect(residents.edges.map((e: any) => e.node.id).sort()).toEqual([...expected].sort());
    for (const edge of residents.edges) expect(edge.node.currentResidence.community.code).toBe(code);
  });

  it('pages residents of several communities in one request', async () => {
    const result = await federation.query(`{ district(code: "640104") { communities { code residents(first: 2) { totalCount edges { node { id } } } } } }`);
    expect(result.errors).toBeUndefined();
    const communities = result.data.district.communities;
    const population = testPopulation();
    for (const community of communities) {
      const expected = population.filter((p) => currentResidenceOf(p).communityCode === community.code).length;
      expect(community.residents.totalCount).toBe(expected);
      expect(community.residents.edges.length).toBe(Math.min(2, expected));
    }
  });
});

describe('persons filters', () => {
  const population = () => testPopulation();
  const cases: [string, Record<string, unknown>, (p: ReturnType<typeof testPopulation>[number]) => boolean][] = [
    ['district', { districtCode: '640104' }, (p) => currentResidenceOf(p).districtCode === '640104'],
    ['community', { communityCode: '' }, () => true], // filled in below from the data
    ['ethnicity', { ethnicityCode: '03' }, (p) => p.ethnicityCode === '03'],
    ['origin region', { originRegionCode: '640400' }, (p) => p.originRegionCode === '640400'],
    ['arrival range', { arrivedFrom: '2020-01-01', arrivedTo: '2022-12-31' }, (p) => p.arrivalDate >= '2020-01-01' && p.arrivalDate <= '2022-12-31'],
    ['permit status VALID', { permitStatus: 'VALID' }, (p) => latestPermitStatus(p) === 'VALID'],
    ['permit status EXPIRED', { permitStatus: 'EXPIRED' }, (p) => latestPermitStatus(p) === 'EXPIRED'],
    [
      'permit expiring within 30 days (the renewal list)',
      { permitExpiresWithin: 30 },
      (p) => latestPermitStatus(p) === 'VALID' && p.permits[p.permits.length - 1].validUntil <= addDays(today(), 30),
    ],
    [
      'district, ethnicity and permit together',
      { districtCode: '640104', ethnicityCode: '03', permitStatus: 'VALID' },
      (p) => currentResidenceOf(p).districtCode === '640104' && p.ethnicityCode === '03' && latestPermitStatus(p) === 'VALID',
    ],
  ];

  it.each(cases)('%s: totalCount and members match the synthetic population', async (name, filter, predicate) => {
    let effectiveFilter = filter;
    let effectivePredicate = predicate;
    if (name === 'community') {
      const code = currentResidenceOf(population()[0]).communityCode;
      effectiveFilter = { communityCode: code };
      effectivePredicate = (p) => currentResidenceOf(p).communityCode === code;
    }
    const expected = population()
      .filter(effectivePredicate)
      .map((p) => p.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    // The renewal list is the registry's (PERMIT_RENEWAL); the other filters are read as the default caseworker.
    const caller: Caller | undefined = 'permitExpiresWithin' in filter ? REGISTRY_OFFICER : undefined;
    const { ids, totalCount } = await readAllPages(effectiveFilter, 100, caller);
    expect(totalCount).toBe(expected.length);
    expect(ids.sort()).toEqual(expected);
  });

  it("pages through the README's renewal list to exactly the persons whose latest permit is valid and ends within 30 days", async () => {
    const due = (p: SyntheticPerson) => latestPermitStatus(p) === 'VALID' && p.permits[p.permits.length - 1].validUntil <= addDays(today(), 30);
    const expected = population().filter(due);
    expect(expected.length).toBeGreaterThan(20); // more than a page of 20
    const listed: { id: string; validUntil: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(readmeQuery('PermitsDueForRenewal'), { first: 20, after }, REGISTRY_OFFICER);
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.totalCount).toBe(expected.length);
      for (const { node } of result.data.persons.edges) listed.push({ id: node.id, validUntil: node.residencePermits[0].validUntil });
      if (!result.data.persons.pageInfo.hasNextPage) break;
      after = result.data.persons.pageInfo.endCursor;
    }
    expect(listed.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
    const byId = new Map(expected.map((p) => [p.id, p.permits[p.permits.length - 1].validUntil]));
    for (const row of listed) expect(row.validUntil).toBe(byId.get(row.id));
  });

  it('fetches many known persons in one request with filter.ids', async () => {
    const wanted = population()
      .slice(0, 25)
      .map((p) => p.id);
    const result = await federation.query(PERSON_PAGE, { filter: { ids: wanted }, first: 100 });
    expect(result.data.persons.totalCount).toBe(25);
    expect(result.data.persons.edges.map((e: any) => e.node.id).sort()).toEqual([...wanted].sort());
  });

  it('refuses a malformed code or an inverted date range, naming the field', async () => {
    const badCode = await federation.query(PERSON_PAGE, { filter: { districtCode: '6401' }, first: 5 });
    expect(badCode.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.districtCode' });
    const badRange = await federation.query(PERSON_PAGE, { filter: { arrivedFrom: '2024-01-01', arrivedTo: '2023-01-01' }, first: 5 });
    expect(badRange.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.arrivedTo' });
    for (const days of [0, 367]) {
      const badDays = await federation.query(PERSON_PAGE, { filter: { permitExpiresWithin: days }, first: 5 }, REGISTRY_OFFICER);
      expect(badDays.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.permitExpiresWithin' });
    }
  });
});

describe('paging', () => {
  it('reads a whole filtered list in small pages: every match exactly once, no gaps', async () => {
    const expected = testPopulation()
      .filter((p) => currentResidenceOf(p).districtCode === '640105')
      .map((p) => p.id)
      .sort();
    const { ids, totalCount, pages } = await readAllPages({ districtCode: '640105' }, 7);
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(new Set(ids).size).toBe(ids.length);
    expect(totalCount).toBe(expected.length);
    expect([...ids].sort()).toEqual(expected);
  });

  it('caps first at 100 and rejects a cursor from elsewhere', async () => {
    const tooMany = await federation.query(PERSON_PAGE, { first: 101 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await federation.query(PERSON_PAGE, { first: 5, after: 'bm90LWEtY3Vyc29y' });
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('no N+1', () => {
  const PAGE_WITH_EVERYTHING = `
    query Page($first: Int!) {
      persons(first: $first) {
        totalCount
        edges { node {
          id name ethnicity { name } originRegion { name }
          currentResidence { address community { code name servicePoint { name } street { name } district { name } } }
          residencePermits { number status }
        } }
      }
    }`;

  it('a page of 100 persons with residence, community, street, district and permits costs the same SQL statements as a page of 10', async () => {
    const small = await federation.countStatements(async () => {
      const result = await federation.query(PAGE_WITH_EVERYTHING, { first: 10 });
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.edges).toHaveLength(10);
    });
    const large = await federation.countStatements(async () => {
      const result = await federation.query(PAGE_WITH_EVERYTHING, { first: 100 });
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.edges).toHaveLength(100);
    });
    console.log(`SQL statements: page of 10 → ${small}, page of 100 → ${large}`);
    expect(large).toBe(small);
    // 6 reads (page, count, residence, permits; communities with their streets and districts, service points) and the
    // audit record (1).
    expect(small).toBe(7);
  });
});

describe('the example queries users are given', () => {
  /** The persons currently registered in a district (and of an ethnic group), in the order the graph lists them. */
  const listedIn = (districtCode: string, ethnicityCode?: string) =>
    testPopulation()
      .filter((p) => currentResidenceOf(p).districtCode === districtCode && (ethnicityCode === undefined || p.ethnicityCode === ethnicityCode))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  /** Permits as the examples list them: newest first, each with its status today. */
  const permitsOf = (person: SyntheticPerson) =>
    [...person.permits].reverse().map((p) => ({ number: p.number, status: permitStatusOn(p, today()), validUntil: p.validUntil }));

  /** The cursor is opaque: what a user does with `endCursor` is ask for the next page, which must start after the first five. */
  async function expectNextPageAfter(endCursor: string, filter: Record<string, unknown>, matches: SyntheticPerson[]) {
    const next = await federation.query(PERSON_PAGE, { filter, first: 5, after: endCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data.persons.edges.map((e: any) => e.node.id)).toEqual(matches.slice(5, 10).map((p) => p.id));
  }

  it("GraphiQL's default query gives the first persons of 兴庆区 as the generator has them", async () => {
    const result = await federation.query(fs.readFileSync(path.join(repoRoot(), 'gateway/graphiql/example-query.graphql'), 'utf8'));
    expect(result.errors).toBeUndefined();
    const matches = listedIn('640104');
    const { totalCount, edges, pageInfo } = result.data.persons;
    expect(totalCount).toBe(matches.length);
    expect(edges.map((e: any) => e.node)).toEqual(
      matches.slice(0, 5).map((p) => {
        const residence = currentResidenceOf(p);
        return {
          id: p.id,
          name: p.name,
          currentResidence: {
            address: residence.address,
            community: { code: residence.communityCode, name: placeName(residence.communityCode), district: { name: placeName(residence.districtCode) } },
          },
          residencePermits: permitsOf(p),
        };
      }),
    );
    expect(pageInfo).toEqual({ hasNextPage: matches.length > 5, endCursor: edges[4].cursor });
    await expectNextPageAfter(pageInfo.endCursor, { districtCode: '640104' }, matches);
  });

  it("the README's first query gives the first Hui migrants of 兴庆区 and the district's communities as the generator has them", async () => {
    const result = await federation.query(readmeQuery('query FirstLook'));
    expect(result.errors).toBeUndefined();
    const matches = listedIn('640104', '03');
    const ethnicity = new Map(loadEthnicGroups().map((g) => [g.code, g.nameZh]));
    const region = new Map(loadOriginRegions().map((r) => [r.code, r.nameZh]));
    const servicePoint = new Map(testGeography().servicePoints.map((sp) => [sp.communityCode, sp]));
    const { persons, district } = result.data;
    expect(persons.totalCount).toBe(matches.length);
    expect(persons.edges.map((e: any) => e.node)).toEqual(
      matches.slice(0, 5).map((p) => {
        const residence = currentResidenceOf(p);
        const point = servicePoint.get(residence.communityCode);
        return {
          id: p.id,
          name: p.name,
          ethnicity: { name: ethnicity.get(p.ethnicityCode) },
          originRegion: { name: region.get(p.originRegionCode) },
          currentResidence: {
            address: residence.address,
            community: {
              name: placeName(residence.communityCode),
              street: { name: placeName(residence.streetCode) },
              district: { name: placeName(residence.districtCode) },
              servicePoint: point ? { name: point.nameZh, openedYear: point.openedYear, funding: point.fundingYuan.toFixed(2) } : null,
            },
          },
          residencePermits: permitsOf(p),
        };
      }),
    );
    expect(persons.pageInfo.hasNextPage).toBe(matches.length > 5);
    await expectNextPageAfter(persons.pageInfo.endCursor, { districtCode: '640104', ethnicityCode: '03' }, matches);

    const communities = testGeography()
      .districts.find((d) => d.code === '640104')!
      .streets.flatMap((s) => s.communities);
    expect(district).toEqual({
      name: placeName('640104'),
      communities: communities
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((c) => {
          const residents = testPopulation()
            .filter((p) => currentResidenceOf(p).communityCode === c.code)
            .sort((a, b) => (a.id < b.id ? -1 : 1));
          return {
            code: c.code,
            name: c.nameZh,
            residents: { totalCount: residents.length, edges: residents.slice(0, 3).map((p) => ({ node: { name: p.name } })) },
          };
        }),
    });
  });
});

describe('health and GraphiQL', () => {
  it('answers /health on every subgraph and on the gateway', async () => {
    for (const subgraph of Object.values(federation.subgraphs)) {
      const response = await fetch(subgraph.url.replace(/\/graphql$/, '/health'));
      expect(response.status).toBe(200);
    }
    const gateway = await fetch(`${federation.gatewayOrigin}/health`);
    expect(gateway.status).toBe(200);
    expect(await gateway.json()).toMatchObject({ status: 'ok', subgraphs: { 'public-security': 'ok', 'civil-affairs': 'ok' } });
  });

  it("says on a subgraph's /health what it has served: requests to /graphql and SQL statements, as counted in the pools", async () => {
    const health = async () => {
      const response = await fetch(federation.subgraphs['public-security'].url.replace(/\/graphql$/, '/health'));
      return ((await response.json()) as { served: { graphqlRequests: number; sqlStatements: number } }).served;
    };
    const before = await health();
    let answer: any;
    // A person's registry record only: one request to public security, whose statements the process's pg clients count.
    const sent = await federation.countStatements(async () => {
      answer = await federation.query('query ($id: ID!) { person(id: $id) { name residencePermits { number } } }', { id: testPopulation()[0].id });
    });
    const after = await health();
    expect(answer.errors).toBeUndefined();
    expect(after.graphqlRequests - before.graphqlRequests).toBe(1);
    // Less the second health check's own `SELECT 1`.
    expect(after.sqlStatements - before.sqlStatements - 1).toBe(sent);
    expect(sent).toBeGreaterThan(0);
  });

  it('serves GraphiQL from the gateway itself, every asset from the same origin', async () => {
    const page = await fetch(`${federation.gatewayOrigin}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]).filter((url) => !url.startsWith('data:'));
    expect(assets).toEqual(expect.arrayContaining(['./app.js', './app.css']));
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const response = await fetch(new URL(asset, `${federation.gatewayOrigin}/`));
      expect(response.status).toBe(200);
    }
  });
});

describe('a bureau that is down', () => {
  it('makes only its own fields null, with an error naming it; the rest still comes back', async () => {
    await federation.subgraphs['civil-affairs'].stop();
    const result = await federation.query(`{ persons(first: 3) { edges { node { id name currentResidence { address community { code name } } } } } }`);
    expect(result.data.persons.edges).toHaveLength(3);
    for (const edge of result.data.persons.edges) {
      expect(edge.node.name).toEqual(expect.any(String));
      expect(edge.node.currentResidence.address).toEqual(expect.any(String));
    }
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.errors)).toContain('civil-affairs');
    const health = await fetch(`${federation.gatewayOrigin}/health`);
    expect(health.status).toBe(503);
  });
});
