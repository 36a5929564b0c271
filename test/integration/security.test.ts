import { generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { keyIdOf, tokenPolicyOf } from '../../subgraphs/kit/auth/identity';
import { AuditRecord, auditRecordFromRow, AUDIT_COLUMNS } from '../../subgraphs/kit/auth/audit';
import { loadSettings } from '../../subgraphs/kit/settings';
import { Caller, CASEWORKER, callerHeaders, REGISTRY_OFFICER, postGraphQL, startTestFederation, TestFederation, tokenFor } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const publicSecurity = () => federation.subgraphs['public-security'];
const civilAffairs = () => federation.subgraphs['civil-affairs'];

async function auditRecords(bureau: 'public-security' | 'civil-affairs'): Promise<AuditRecord[]> {
  const rows = await federation.subgraphs[bureau].database.dataSource.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record ORDER BY seq`);
  return rows.map(auditRecordFromRow);
}

/** The audit records a bureau wrote for one official (token subject), oldest first. */
async function recordsOf(bureau: 'public-security' | 'civil-affairs', subject: string): Promise<AuditRecord[]> {
  return (await auditRecords(bureau)).filter((record) => record.subject === subject);
}

describe('identity: a signed token on every request', () => {
  const query = '{ persons(first: 1) { totalCount } }';

  it('refuses a missing, malformed, forged, expired or ill-claimed token at the gateway with UNAUTHENTICATED', async () => {
    const otherKey = (await generateKeyPair('ES256')).privateKey;
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['malformed', { authorization: 'Bearer not.a.token' }],
      ['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['signed by another key', { authorization: `Bearer ${await tokenFor(otherKey, CASEWORKER)}` }],
      ['expired', { authorization: `Bearer ${await tokenFor(federation.signingKey, CASEWORKER, Math.floor(Date.now() / 1000) - 60)}` }],
    ];
    for (const [name, headers] of cases) {
      const result = await postGraphQL(federation.gatewayUrl, query, {}, { ...headers, 'x-purpose': 'social-assistance' });
      expect({ name, status: result.status, code: result.errors?.[0].extensions?.code, data: result.data ?? null }).toEqual({
        name,
        status: 401,
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
  });

  it('refuses a token whose role belongs to another bureau', async () => {
    const { signToken } = await import('../../subgraphs/kit/auth/identity');
    const token = await signToken(federation.signingKey, { subject: 'x', bureau: 'civil-affairs', role: 'POLICE_REGISTRY_OFFICER' });
    const result = await postGraphQL(federation.gatewayUrl, query, {}, { authorization: `Bearer ${token}` });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('gives the unsigned no introspection and no field suggestions', async () => {
    const introspection = await postGraphQL(federation.gatewayUrl, '{ __schema { types { name } } }');
    expect(introspection.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(introspection.data ?? null).toBeNull();
    const typo = await postGraphQL(federation.gatewayUrl, '{ persns(first: 1) { totalCount } }');
    expect(typo.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
    const signedIn = await federation.query('{ __schema { queryType { name } } }', {}, { role: 'ANALYST', purpose: 'statistics' });
    expect(signedIn.data.__schema.queryType.name).toBe('Query');
  });
});

describe('zero trust: a subgraph reached directly hands out nothing without a valid token', () => {
  const person = () => testPopulation()[0];
  const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { name } } }`;

  it('keeps every answer out of shared caches (Cache-Control: no-store), from the gateway and straight from each subgraph, answered or refused', async () => {
    const headers = await callerHeaders(federation.signingKey, CASEWORKER);
    const cacheControl = async (url: string, extra: Record<string, string>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...extra },
        body: JSON.stringify({ query: `{ person(id: "${person().id}") { id } }` }),
      });
      await response.arrayBuffer();
      return response.headers.get('cache-control');
    };
    const urls = [federation.gatewayUrl, publicSecurity().url];
    for (const url of urls) {
      expect([url, 'answered', await cacheControl(url, headers)]).toEqual([url, 'answered', 'no-store']);
      expect([url, 'unsigned', await cacheControl(url, {})]).toEqual([url, 'unsigned', 'no-store']);
    }
  });

  it('refuses queries and _entities with no, forged or expired tokens', async () => {
    const otherKey = (await generateKeyPair('ES256')).privateKey;
    const variables = { representations: [{ __typename: 'Person', id: person().id }] };
    const tokens: [string, string | undefined][] = [
      ['none', undefined],
      ['forged', await tokenFor(otherKey, CASEWORKER)],
      ['expired', await tokenFor(federation.signingKey, CASEWORKER, Math.floor(Date.now() / 1000) - 60)],
    ];
    for (const url of Object.values(federation.subgraphs).map((subgraph) => subgraph.url)) {
      for (const [name, token] of tokens) {
        const headers: Record<string, string> = { 'x-purpose': 'social-assistance' };
        if (token) headers.authorization = `Bearer ${token}`;
        for (const [document, vars] of [
          [entities, variables],
          ['{ _service { sdl } }', {}],
          ['{ __typename }', {}],
        ] as const) {
          const result = await postGraphQL(url, document, vars, headers);
          expect({ url, name, status: result.status, code: result.errors?.[0].extensions?.code, data: result.data ?? null }).toEqual({
            url,
            name,
            status: 401,
            code: 'UNAUTHENTICATED',
            data: null,
          });
        }
      }
    }
  });

  it('checks the grant of a reference resolver too: an analyst cannot resolve a Person entity', async () => {
    const headers = await callerHeaders(federation.signingKey, { role: 'ANALYST', purpose: 'statistics' });
    const result = await postGraphQL(publicSecurity().url, entities, { representations: [{ __typename: 'Person', id: person().id }] }, headers);
    expect(result.data?._entities).toEqual([null]);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('caps the representations of one _entities call', async () => {
    const headers = await callerHeaders(federation.signingKey, CASEWORKER);
    const representations = Array.from({ length: 1001 }, (_, i) => ({ __typename: 'Community', code: String(640104001000 + i) }));
    const result = await postGraphQL(
      civilAffairs().url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
      { r: representations },
      headers,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'representations' });
    expect(result.data ?? null).toBeNull();
  });
});

describe('token rules, at the gateway and at every subgraph reached directly', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const HOUR = 3600;
  // The services' issuer and audience, as they read them from the environment at start.
  const { issuer, audience } = tokenPolicyOf(loadSettings());
  const claims = { sub: 'token-rules', bureau: 'civil-affairs', role: 'CIVIL_AFFAIRS_CASEWORKER', iss: issuer, aud: audience };

  /** A token as an identity provider might mint it: the claims and header given, nothing added. */
  async function mint(payload: JWTPayload, header: { kid?: string } = {}, key: KeyLike = federation.signingKey): Promise<string> {
    return new SignJWT({ ...claims, ...payload }).setProtectedHeader({ alg: 'ES256', ...header }).sign(key);
  }

  /** What every service answers the token with, by name: the gateway's and each subgraph's. */
  async function answers(token: string) {
    const services = [['gateway', federation.gatewayUrl], ...Object.entries(federation.subgraphs).map(([name, subgraph]) => [name, subgraph.url])];
    return Promise.all(
      services.map(async ([service, url]) => {
        const result = await postGraphQL(url, '{ __typename }', {}, { authorization: `Bearer ${token}` });
        return { service, status: result.status, code: result.errors?.[0].extensions?.code ?? null, message: result.errors?.[0].message ?? null };
      }),
    );
  }

  const refusedEverywhere = (message: RegExp) =>
    ['gateway', ...Object.keys(federation.subgraphs)].map((service) => ({
      service,
      status: 401,
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(message),
    }));
  const acceptedEverywhere = () => ['gateway', ...Object.keys(federation.subgraphs)].map((service) => ({ service, status: 200, code: null, message: null }));

  it('refuses a token with no expiry or no time of issue', async () => {
    expect(await answers(await mint({ iat: now() }))).toEqual(refusedEverywhere(/no expiry \(exp\)/));
    expect(await answers(await mint({ exp: now() + HOUR }))).toEqual(refusedEverywhere(/no time of issue \(iat\)/));
  });

  it('refuses a token that lives longer than 12 hours from its issue, however little of it is left', async () => {
    expect(await answers(await mint({ iat: now(), exp: now() + 10 * 365 * 24 * HOUR }))).toEqual(refusedEverywhere(/longer than the 12 h/));
    expect(await answers(await mint({ iat: now(), exp: now() + 12 * HOUR + 60 }))).toEqual(refusedEverywhere(/longer than the 12 h/));
    // Minted for ten years, in its last hour: exp − now alone would let it through.
    expect(await answers(await mint({ iat: now() - 10 * 365 * 24 * HOUR, exp: now() + HOUR }))).toEqual(refusedEverywhere(/issued more than 12 h ago/));
    // Issued in the future, to make a long-lived token look short.
    expect(await answers(await mint({ iat: now() + 11 * HOUR, exp: now() + 12 * HOUR }))).toEqual(refusedEverywhere(/issued in the future/));
    expect(await answers(await mint({ iat: now(), exp: now() + 12 * HOUR }))).toEqual(acceptedEverywhere());
  });

  it('refuses a token naming another key (kid) than the one the services trust, and one whose signature does not match its kid', async () => {
    const lifetime = () => ({ iat: now(), exp: now() + HOUR });
    const keyId = await keyIdOf(federation.signingKey);
    expect(await answers(await mint(lifetime(), { kid: 'another-key' }))).toEqual(refusedEverywhere(/names a signing key \(kid\) this service does not trust/));
    const otherKey = (await generateKeyPair('ES256')).privateKey;
    expect(await answers(await mint(lifetime(), { kid: keyId }, otherKey))).toEqual(refusedEverywhere(/^The token is not valid$/));
    // The trusted key, named or not.
    expect(await answers(await mint(lifetime(), { kid: keyId }))).toEqual(acceptedEverywhere());
    expect(await answers(await mint(lifetime()))).toEqual(acceptedEverywhere());
  });

  it('gets the key id into the tokens the graph signs itself', async () => {
    const token = await tokenFor(federation.signingKey, CASEWORKER);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES256', kid: await keyIdOf(federation.signingKey) });
    expect(await answers(token)).toEqual(acceptedEverywhere());
  });
});

describe('purpose of use', () => {
  const query = `query ($id: ID!) { person(id: $id) { name } district(code: "640104") { name } }`;
  const id = () => testPopulation()[0].id;

  it('refuses personal fields without a declared purpose, and still answers the public ones', async () => {
    const result = await federation.query(query, { id: id() }, { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: null });
    expect(result.data.district.name).toEqual(expect.any(String));
    expect(result.data.person).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: ['person'], extensions: { code: 'FORBIDDEN' } });
    expect(result.errors?.[0].message).toMatch(/x-purpose/);
  });

  it('refuses a purpose the role may not declare, or one not on the list', async () => {
    for (const purpose of ['employment-service', 'curiosity']) {
      const headers = await callerHeaders(federation.signingKey, { role: 'CIVIL_AFFAIRS_CASEWORKER' });
      const result = await postGraphQL(federation.gatewayUrl, query, { id: id() }, { ...headers, 'x-purpose': purpose });
      expect(result.status).toBe(403);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.data ?? null).toBeNull();
    }
  });

  it('answers the rest when one field is refused: null with FORBIDDEN at its path', async () => {
    const result = await federation.query(
      `query ($id: ID!) { person(id: $id) { name ethnicity { name } residencePermits { number } } }`,
      { id: id() },
      { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' },
    );
    expect(result.data.person.name).toEqual(expect.any(String));
    expect(result.data.person.residencePermits).toEqual(expect.any(Array));
    expect(result.data.person.ethnicity).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['person', 'ethnicity'], extensions: { code: 'FORBIDDEN' } });
  });

  it('keeps a community worker to the people of their own community', async () => {
    const community = currentResidenceOf(testPopulation()[0]).communityCode;
    const worker = { role: 'COMMUNITY_WORKER' as const, purpose: 'community-service' as const, community };
    const listed = await federation.query(`{ persons(first: 100) { totalCount edges { node { currentResidence { community { code } } } } } }`, {}, worker);
    expect(listed.errors).toBeUndefined();
    const expected = testPopulation().filter((p) => currentResidenceOf(p).communityCode === community).length;
    expect(listed.data.persons.totalCount).toBe(expected);
    for (const edge of listed.data.persons.edges) expect(edge.node.currentResidence.community.code).toBe(community);
    // A geography filter is a read of the residence: within their own community only.
    const ownDistrict = await federation.query(
      `query ($district: ID!) { persons(first: 1, filter: { districtCode: $district }) { totalCount } }`,
      { district: community.slice(0, 6) },
      worker,
    );
    expect(ownDistrict.errors).toBeUndefined();
    expect(ownDistrict.data.persons.totalCount).toBe(expected);
    const otherDistrict = community.startsWith('640105') ? '640104' : '640105';
    const elsewhere = await federation.query(
      `query ($district: ID!) { persons(first: 5, filter: { districtCode: $district }) { totalCount } }`,
      { district: otherDistrict },
      worker,
    );
    expect(elsewhere.data?.persons ?? null).toBeNull();
    expect(elsewhere.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['FORBIDDEN', `filter.districtCode is outside community ${community}`],
    ]);
  });
});

describe('a filter is a read', () => {
  const hui640104 = () => testPopulation().filter((p) => p.ethnicityCode === '03' && currentResidenceOf(p).communityCode.startsWith('640104'));
  // The attack: the Hui persons of a district, with names and masked ID numbers, by a role refused Person.ethnicity.
  const attack = `query Attack { persons(first: 100, filter: { ethnicityCode: "03", districtCode: "640104" }) { totalCount edges { node { name idCardNumber } } } }`;
  const countOnly = `query Count { persons(filter: { ethnicityCode: "03", districtCode: "640104" }) { totalCount } }`;
  /** The community of 640104 where most Hui persons live, for a community worker. */
  const huiCommunity = () => {
    const counts = new Map<string, number>();
    for (const p of hui640104()) counts.set(currentResidenceOf(p).communityCode, (counts.get(currentResidenceOf(p).communityCode) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  };

  it('refuses listing or counting persons by ethnicity to every role refused Person.ethnicity, naming the argument', async () => {
    const refused: [Caller, string][] = [
      [{ role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' }, 'which EMPLOYMENT_CASEWORKER may not read'],
      [{ role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' }, 'which SCHOOL_ENROLMENT_OFFICER may not read'],
      [{ role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' }, 'which may not be read for dispute-mediation'],
      [{ role: 'COMMUNITY_WORKER', purpose: 'dispute-mediation', community: huiCommunity() }, 'which may not be read for dispute-mediation'],
    ];
    for (const [caller, reason] of refused) {
      for (const query of [attack, countOnly]) {
        const result = await federation.query(query, {}, caller);
        expect({ caller, data: result.data?.persons ?? null, errors: result.errors?.map((e) => [e.extensions?.code, e.path?.join('.'), e.message]) }).toEqual({
          caller,
          data: null,
          errors: [['FORBIDDEN', 'persons', `filter.ethnicityCode requires Person.ethnicity (ethnicity), ${reason}`]],
        });
      }
    }
  });

  it('lets the roles that may read ethnicity list by it', async () => {
    const expected = hui640104();
    for (const caller of [REGISTRY_OFFICER, CASEWORKER]) {
      const result = await federation.query(attack, {}, caller);
      expect(result.errors).toBeUndefined();
      expect(result.data.persons.totalCount).toBe(expected.length);
      expect(result.data.persons.edges.map((edge: any) => edge.node.name)).toEqual(
        expected
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .slice(0, 100)
          .map((p) => p.name),
      );
    }
    // A community worker, for community service, within their own community.
    const community = huiCommunity();
    const worker = await federation.query(attack, {}, { role: 'COMMUNITY_WORKER', purpose: 'community-service', community });
    expect(worker.errors).toBeUndefined();
    expect(worker.data.persons.totalCount).toBe(expected.filter((p) => currentResidenceOf(p).communityCode === community).length);
  });

  it("refuses the probe of one person's ethnicity by id, and records the refusal against that person", async () => {
    const person = testPopulation()[3];
    const probe = `query Probe($ids: [ID!], $code: ID) { persons(filter: { ids: $ids, ethnicityCode: $code }) { totalCount } }`;
    const otherCode = person.ethnicityCode === '01' ? '03' : '01';
    const police = await Promise.all([person.ethnicityCode, otherCode].map((code) => federation.query(probe, { ids: [person.id], code }, REGISTRY_OFFICER)));
    expect(police.map((result) => result.data.persons.totalCount)).toEqual([1, 0]);

    const caller: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service', subject: 'employment-probe' };
    for (const code of [person.ethnicityCode, otherCode]) {
      const result = await federation.query(probe, { ids: [person.id], code }, caller);
      expect(result.data?.persons ?? null).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const records = await recordsOf('public-security', 'employment-probe');
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({ personIds: [], fields: [], refusedPersonIds: [person.id], refusedFields: ['Person.ethnicity (filter.ethnicityCode)'] });
    }
    const log = await federation.query(
      `query ($id: ID!) { person(id: $id) { accessLog { publicSecurity { subject role fields refusedFields } } } }`,
      { id: person.id },
      { role: 'AUDITOR', purpose: 'audit' },
    );
    expect(log.errors).toBeUndefined();
    expect(log.data.person.accessLog.publicSecurity.filter((r: any) => r.subject === 'employment-probe')).toEqual([
      { subject: 'employment-probe', role: 'EMPLOYMENT_CASEWORKER', fields: [], refusedFields: ['Person.ethnicity (filter.ethnicityCode)'] },
      { subject: 'employment-probe', role: 'EMPLOYMENT_CASEWORKER', fields: [], refusedFields: ['Person.ethnicity (filter.ethnicityCode)'] },
    ]);
  });

  it('records a refused field against the person it was read on', async () => {
    const person = testPopulation()[4];
    const caller: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service', subject: 'employment-ethnicity' };
    const result = await federation.query(`query ($id: ID!) { person(id: $id) { name ethnicity { name } } }`, { id: person.id }, caller);
    expect(result.data.person).toEqual({ name: person.name, ethnicity: null });
    expect(await recordsOf('public-security', 'employment-ethnicity')).toEqual([
      expect.objectContaining({
        personIds: [person.id],
        fields: ['Person.id (id)', 'Person.name', 'Query.person'],
        refusedPersonIds: [person.id],
        refusedFields: ['Person.ethnicity'],
      }),
    ]);
  });

  it('records reads of ids only against those persons: id filters, lookups found or not, entity keys', async () => {
    const population = testPopulation();
    const community = currentResidenceOf(population[0]).communityCode;
    // Persons no other test here reads (those are at the start of the population).
    const strangers = population
      .slice(-100)
      .filter((p) => currentResidenceOf(p).communityCode !== community)
      .slice(0, 2)
      .map((p) => p.id)
      .sort();
    const worker: Caller = { role: 'COMMUNITY_WORKER', purpose: 'community-service', community, subject: 'worker-probing-ids' };
    const probe = await federation.query(
      `query ($ids: [ID!]) { persons(filter: { ids: $ids }) { totalCount edges { node { id } } } }`,
      { ids: strangers },
      worker,
    );
    expect(probe.errors).toBeUndefined();
    expect(probe.data.persons).toEqual({ totalCount: 0, edges: [] });
    const nobody = 'P0000000000';
    const missing = await federation.query(`query ($id: ID!) { person(id: $id) { id } }`, { id: nobody }, worker);
    expect(missing.data.person).toBeNull();
    expect(await recordsOf('public-security', 'worker-probing-ids')).toEqual([
      expect.objectContaining({ personIds: strangers, fields: ['Person.id (filter.ids)', 'Query.persons'], refusedFields: [] }),
      expect.objectContaining({ personIds: [nobody], fields: ['Person.id (id)', 'Query.person'], refusedFields: [] }),
    ]);

    // A bureau asked directly for a Person entity by key records the key, though it hands out nothing else.
    const headers = await callerHeaders(federation.signingKey, { ...CASEWORKER, subject: 'caseworker-entity-keys' });
    const entities = await postGraphQL(
      civilAffairs().url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`,
      { r: strangers.map((id) => ({ __typename: 'Person', id })) },
      headers,
    );
    expect(entities.errors).toBeUndefined();
    expect(await recordsOf('civil-affairs', 'caseworker-entity-keys')).toEqual([
      expect.objectContaining({ personIds: strangers, fields: ['Person.id (entity key)'], refusedFields: [] }),
    ]);
    const log = await federation.query(
      `query ($id: ID!) { person(id: $id) { accessLog { publicSecurity { subject fields } civilAffairs { subject fields } } } }`,
      { id: strangers[0] },
      { role: 'AUDITOR', purpose: 'audit' },
    );
    expect(log.data.person.accessLog.publicSecurity).toContainEqual({ subject: 'worker-probing-ids', fields: ['Person.id (filter.ids)', 'Query.persons'] });
    expect(log.data.person.accessLog.civilAffairs).toContainEqual({ subject: 'caseworker-entity-keys', fields: ['Person.id (entity key)'] });
  });

  it('names the filtered field in the audit record of the persons a filtered search lists, ids only included', async () => {
    const caller: Caller = { ...REGISTRY_OFFICER, subject: 'police-hui-ids' };
    const result = await federation.query(`{ persons(first: 100, filter: { ethnicityCode: "03" }) { edges { node { id } } } }`, {}, caller);
    expect(result.errors).toBeUndefined();
    const ids = result.data.persons.edges.map((edge: any) => edge.node.id).sort();
    expect(ids).toHaveLength(100);
    expect(await recordsOf('public-security', 'police-hui-ids')).toEqual([
      expect.objectContaining({ personIds: ids, fields: ['Person.ethnicity (filter.ethnicityCode)', 'Query.persons'], refusedFields: [] }),
    ]);
  });
});

describe('the renewal list: persons whose permit runs out soon', () => {
  const dueSoon = `query Due { persons(first: 100, filter: { permitExpiresWithin: 30 }) { totalCount edges { node { id } } } }`;

  it('refuses every role but the registry using filter.permitExpiresWithin, naming the field, and records the refusal', async () => {
    const refused: [Caller, string][] = [
      [
        { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: currentResidenceOf(testPopulation()[0]).communityCode, subject: 'due-worker' },
        'which COMMUNITY_WORKER may not read',
      ],
      [{ role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service', subject: 'due-employment' }, 'which EMPLOYMENT_CASEWORKER may not read'],
      [{ role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance', subject: 'due-caseworker' }, 'which CIVIL_AFFAIRS_CASEWORKER may not read'],
    ];
    for (const [caller, reason] of refused) {
      const result = await federation.query(dueSoon, {}, caller);
      expect({ data: result.data?.persons ?? null, errors: result.errors?.map((e) => [e.extensions?.code, e.message]) }).toEqual({
        data: null,
        errors: [['FORBIDDEN', `filter.permitExpiresWithin requires ResidencePermit.validUntil (permits due for renewal), ${reason}`]],
      });
      expect(await recordsOf('public-security', caller.subject!)).toEqual([
        expect.objectContaining({ personIds: [], refusedFields: ['ResidencePermit.validUntil (filter.permitExpiresWithin)'] }),
      ]);
    }
  });

  it('lists them for the registry and records the read against each person listed', async () => {
    const caller: Caller = { ...REGISTRY_OFFICER, subject: 'police-renewals' };
    const result = await federation.query(dueSoon, {}, caller);
    expect(result.errors).toBeUndefined();
    const ids = result.data.persons.edges.map((edge: any) => edge.node.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(await recordsOf('public-security', 'police-renewals')).toEqual([
      expect.objectContaining({ personIds: ids, fields: ['Query.persons', 'ResidencePermit.validUntil (filter.permitExpiresWithin)'], refusedFields: [] }),
    ]);
  });
});

describe('audit trail', () => {
  it('writes exactly one record per subgraph that served personal data, with the persons and fields read', async () => {
    const beforePublicSecurity = (await auditRecords('public-security')).length;
    const beforeCivilAffairs = (await auditRecords('civil-affairs')).length;
    const result = await federation.query(
      `query ThreePersons { persons(first: 3, filter: { districtCode: "640104" }) { edges { node { id name currentResidence { address community { name } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const ids = result.data.persons.edges.map((edge: any) => edge.node.id).sort();
    const records = (await auditRecords('public-security')).slice(beforePublicSecurity);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      subject: 'test-civil_affairs_caseworker',
      bureau: 'civil-affairs',
      role: 'CIVIL_AFFAIRS_CASEWORKER',
      purpose: 'social-assistance',
      personIds: ids,
      fields: [
        'Person.currentResidence',
        'Person.currentResidence (filter.districtCode)',
        'Person.name',
        'Query.persons',
        'ResidenceRegistration.address',
        'ResidenceRegistration.community',
      ],
      refusedPersonIds: [],
      refusedFields: [],
    });
    expect(records[0].operationName).toMatch(/^ThreePersons/);
    // The geography civil affairs served is not personal: no record there.
    expect(await auditRecords('civil-affairs')).toHaveLength(beforeCivilAffairs);
  });

  it('records a refused read, with the person it was about, though nothing was read', async () => {
    const person = testPopulation()[1];
    const result = await federation.query(
      `query ($id: ID!) { person(id: $id) { name ethnicity { name } } }`,
      { id: person.id },
      {
        role: 'ANALYST',
        purpose: 'statistics',
        subject: 'analyst-refused',
      },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await recordsOf('public-security', 'analyst-refused')).toEqual([
      expect.objectContaining({ role: 'ANALYST', personIds: [], fields: [], refusedPersonIds: [person.id], refusedFields: ['Query.person'] }),
    ]);
  });

  it('shows an auditor, on the person, who read their data in each bureau', async () => {
    const person = testPopulation()[2];
    await federation.query(`query Relief($id: ID!) { person(id: $id) { name } }`, { id: person.id }, { ...CASEWORKER, subject: 'officer-0042' });
    const result = await federation.query(
      `query Audit($id: ID!) { person(id: $id) { accessLog { personId publicSecurity { subject role purpose fields operationName } civilAffairs { subject } } } }`,
      { id: person.id },
      { role: 'AUDITOR', purpose: 'audit' },
    );
    expect(result.errors).toBeUndefined();
    const log = result.data.person.accessLog;
    expect(log.personId).toBe(person.id);
    expect(log.publicSecurity[0]).toMatchObject({
      subject: 'officer-0042',
      role: 'CIVIL_AFFAIRS_CASEWORKER',
      purpose: 'social-assistance',
      fields: ['Person.id (id)', 'Person.name', 'Query.person'],
    });
    expect(log.civilAffairs).toEqual([]);
  });

  // Append-only storage, the subgraph's role, writes and tamper evidence: audit-evidence.test.ts.
});

describe('gateway hardening', () => {
  it('refuses a query nested too deep, with a clear message', async () => {
    let selection = 'name';
    for (let i = 0; i < 8; i += 1) selection = `currentResidence { person { ${selection} } }`;
    const result = await federation.query(`query ($id: ID!) { person(id: $id) { ${selection} } }`, { id: testPopulation()[0].id });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0].message).toMatch(/depth/i);
  });

  it('refuses a query that costs too much', async () => {
    const wide = Array.from({ length: 40 }, (_, i) => `f${i}: residences { address registeredOn person { name sex birthDate } }`).join(' ');
    const result = await federation.query(`{ persons(first: 100) { edges { node { ${wide} } } } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((e) => e.message).join(' ')).toMatch(/cost/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `d${i}: districts { name }`).join(' ');
    const result = await federation.query(`{ ${aliases} }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses an oversized request body', async () => {
    const headers = await callerHeaders(federation.signingKey, CASEWORKER);
    const padding = ' '.repeat(200_000);
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `{ districts { name } ${padding}}` }),
    });
    expect(response.status).toBe(413);
  });

  it('blocks cross-site GET requests (CSRF prevention)', async () => {
    const headers = await callerHeaders(federation.signingKey, CASEWORKER);
    const response = await fetch(`${federation.gatewayUrl}?query=${encodeURIComponent('{ districts { name } }')}`, { headers });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});
