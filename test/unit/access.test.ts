import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { execute, GraphQLObjectType, parse } from 'graphql';
import { Arg, Authorized, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { purposeFromHeader, ReadLog } from '../../subgraphs/kit/auth/access';
import { personalGrant, publicGrant } from '../../subgraphs/kit/auth/grant';
import { ArgumentReads, filterRead, FilterReads } from '../../subgraphs/kit/auth/filter-reads';
import { AuditEntry, auditHash, GENESIS_HASH } from '../../subgraphs/kit/auth/audit';
import type { Identity } from '../../subgraphs/kit/auth/identity';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';

// The kit's rules on a schema of their own: what a bureau gets by default for a new field.

const NOTE = personalGrant('a caseworker note', { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] });

@ObjectType('ProbeRecord', { description: 'A record with fields granted and not.' })
class ProbeRecord {
  @Authorized(publicGrant('label'))
  @Field({ description: 'Granted to everyone.' })
  label!: string;

  @Authorized(NOTE)
  @Field({ nullable: true, description: 'Granted to relief caseworkers.' })
  note!: string;

  @Field({ nullable: true, description: 'Added by a developer, granted to nobody yet.' })
  newField!: string;

  @Authorized(NOTE)
  @Field(() => String, { nullable: true, description: 'Granted to relief caseworkers, and failing.' })
  get failing(): string {
    throw new Error('the note could not be read');
  }
}

@Resolver(() => ProbeRecord)
class ProbeResolver {
  @Authorized(publicGrant('probe'))
  @Query(() => ProbeRecord, { description: 'The probe.' })
  probe(): ProbeRecord {
    return Object.assign(new ProbeRecord(), { label: 'label', note: 'note', newField: 'new' });
  }
}

const schema = buildFederatedSchema({ name: 'probe-bureau', resolvers: [ProbeResolver], references: {} });

async function run(identity: Identity, purpose: string | null, query = '{ probe { label note newField } }') {
  const reads = new ReadLog();
  const result = await execute({
    schema,
    document: parse(query),
    contextValue: { access: { identity, purpose, reads, approved: new WeakMap(), timings: { verifyMs: 0, checksMs: 0, auditMs: 0 } }, bureauAccess: {} },
  });
  return { result, reads };
}

const caseworker: Identity = { subject: 's', bureau: 'civil-affairs', role: 'CIVIL_AFFAIRS_CASEWORKER', community: null };

describe('denied by default', () => {
  it('refuses a field without a grant to everyone, even to a role every other field is open to', async () => {
    const { result, reads } = await run(caseworker, 'social-assistance');
    expect(result.data).toEqual({ probe: { label: 'label', note: 'note', newField: null } });
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.code, e.message])).toEqual([
      ['probe.newField', 'FORBIDDEN', 'ProbeRecord.newField has not been granted to anyone'],
    ]);
    expect([...reads.fields]).toEqual(['ProbeRecord.note']);
    expect([...reads.refusedFields]).toEqual(['ProbeRecord.newField']);
  });

  it('applies a personal grant by role and declared purpose', async () => {
    const analyst = await run({ ...caseworker, role: 'ANALYST', bureau: 'statistics' }, 'statistics');
    expect(analyst.result.data?.probe).toEqual({ label: 'label', note: null, newField: null });
    // Nothing read, but the refusals are recorded: the audit trail keeps who tried.
    expect([...analyst.reads.fields]).toEqual([]);
    expect([...analyst.reads.refusedFields].sort()).toEqual(['ProbeRecord.newField', 'ProbeRecord.note']);
    expect(analyst.reads.isEmpty).toBe(false);
    const undeclared = await run(caseworker, null);
    const noteError = undeclared.result.errors?.find((error) => error.path?.join('.') === 'probe.note');
    expect(noteError?.message).toMatch(/x-purpose/);
  });

  it("reads a property granted to everyone straight off the object, and keeps the kit's checks on every other field", () => {
    // The checks cost promises on every field; a public property has nothing to check (see publicProperties).
    const fields = (schema.getType('ProbeRecord') as GraphQLObjectType).getFields();
    expect(Object.values(fields).map((field) => [field.name, field.resolve === undefined])).toEqual([
      ['label', true],
      ['note', false],
      ['newField', false],
      ['failing', false],
    ]);
  });
});

describe('audit of reads', () => {
  it('notes a granted personal field once it resolved, not one that failed', async () => {
    const { result, reads } = await run(caseworker, 'social-assistance', '{ probe { note failing } }');
    expect(result.errors?.map((e) => e.path?.join('.'))).toEqual(['probe.failing']);
    expect([...reads.fields]).toEqual(['ProbeRecord.note']);
  });
});

describe('purpose header', () => {
  it('accepts a purpose of the role, refuses others and unknown ones', () => {
    expect(purposeFromHeader('social-assistance', 'CIVIL_AFFAIRS_CASEWORKER')).toBe('social-assistance');
    expect(purposeFromHeader(undefined, 'CIVIL_AFFAIRS_CASEWORKER')).toBeNull();
    expect(() => purposeFromHeader('employment-service', 'CIVIL_AFFAIRS_CASEWORKER')).toThrow(/may not declare/);
    expect(() => purposeFromHeader('curiosity', 'AUDITOR')).toThrow(/Unknown purpose/);
  });
});

// A filter is a read: the kit's one rule for arguments that select records by a field.

const SECRET = personalGrant('a secret', { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'], COMMUNITY_WORKER: ['community-service'] });
const LISTING = personalGrant('listing', {
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance', 'dispute-mediation'],
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  COMMUNITY_WORKER: ['community-service'],
});

@InputType('ProbeFilter', { description: 'Which probe persons.' })
class ProbeFilter {
  @FilterReads(LISTING, 'ProbePerson.id', { namesPersons: true })
  @Field(() => [ID], { nullable: true, description: 'These persons.' })
  ids?: string[];

  @FilterReads(SECRET, 'ProbePerson.secret')
  @Field({ nullable: true, description: 'With this secret.' })
  secret?: string;

  @FilterReads(LISTING, 'ProbePerson.community', { place: true })
  @Field({ nullable: true, description: 'Living in this place.' })
  placeCode?: string;

  @Field({ nullable: true, description: 'Selects by nothing personal.' })
  label?: string;
}

@ObjectType('ProbePerson', { description: 'A person of the probe.' })
class ProbePerson {
  @Authorized(publicGrant('key'))
  @Field(() => ID, { description: 'Registry id.' })
  id!: string;

  @Authorized(SECRET)
  @Field({ nullable: true, description: 'Their secret.' })
  secret!: string;

  community!: string;
}

const PROBE_PERSONS = [
  { id: 'P0000000001', secret: 'a', community: '640104001001' },
  { id: 'P0000000002', secret: 'b', community: '640104001001' },
  { id: 'P0000000003', secret: 'a', community: '640105002003' },
].map((person) => Object.assign(new ProbePerson(), person));

@Resolver(() => ProbePerson)
class ProbePersonResolver {
  @Authorized(LISTING)
  @Query(() => [ProbePerson], { nullable: true, description: 'Probe persons matching a filter.' })
  probePersons(@Arg('filter', () => ProbeFilter, { nullable: true, description: 'Which.' }) filter?: ProbeFilter): ProbePerson[] {
    return PROBE_PERSONS.filter(
      (p) =>
        (!filter?.ids || filter.ids.includes(p.id)) &&
        (!filter?.secret || p.secret === filter.secret) &&
        (!filter?.placeCode || p.community.startsWith(filter.placeCode)),
    );
  }

  @Authorized(LISTING)
  @ArgumentReads({ id: filterRead(LISTING, 'ProbePerson.id', { namesPersons: true }) })
  @Query(() => ProbePerson, { nullable: true, description: 'One probe person.' })
  probePerson(@Arg('id', () => ID, { description: 'Registry id.' }) id: string): ProbePerson | null {
    return PROBE_PERSONS.find((p) => p.id === id) ?? null;
  }
}

const filterSchema = buildFederatedSchema({ name: 'probe-filters', resolvers: [ProbePersonResolver], references: {} });
const probeAccess = { personOf: { ProbePerson: (p: ProbePerson) => p.id }, communityOf: { ProbePerson: (p: ProbePerson) => p.community } };

async function runFiltered(identity: Identity, purpose: string | null, query: string) {
  const reads = new ReadLog();
  const result = await execute({
    schema: filterSchema,
    document: parse(query),
    contextValue: {
      access: { identity, purpose, reads, approved: new WeakMap(), timings: { verifyMs: 0, checksMs: 0, auditMs: 0 } },
      bureauAccess: probeAccess,
    },
  });
  return { result, reads };
}

const employment: Identity = { subject: 'e', bureau: 'human-resources', role: 'EMPLOYMENT_CASEWORKER', community: null };
const worker: Identity = { subject: 'w', bureau: 'civil-affairs', role: 'COMMUNITY_WORKER', community: '640104001001' };

describe('a filter is a read', () => {
  it('refuses a filter on a field the caller may not read, naming the argument, and records the refusal against the persons named', async () => {
    const { result, reads } = await runFiltered(employment, 'employment-service', '{ probePersons(filter: { ids: ["P0000000001"], secret: "a" }) { id } }');
    expect(result.data?.probePersons).toBeNull();
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.code, e.message])).toEqual([
      ['probePersons', 'FORBIDDEN', 'filter.secret requires ProbePerson.secret (a secret), which EMPLOYMENT_CASEWORKER may not read'],
    ]);
    expect([...reads.fields]).toEqual([]);
    expect([...reads.refusedFields]).toEqual(['ProbePerson.secret (filter.secret)']);
    expect([...reads.refusedPersonIds]).toEqual(['P0000000001']);
  });

  it('applies the purpose too: the same role, another purpose', async () => {
    const { result } = await runFiltered(
      { ...employment, role: 'CIVIL_AFFAIRS_CASEWORKER' },
      'dispute-mediation',
      '{ probePersons(filter: { secret: "a" }) { id } }',
    );
    expect(result.errors?.[0].message).toBe('filter.secret requires ProbePerson.secret (a secret), which may not be read for dispute-mediation');
  });

  it('lets a caller with the grant filter, and notes the filtered field against every record returned, even when only ids are sent', async () => {
    const { result, reads } = await runFiltered(
      { ...employment, role: 'CIVIL_AFFAIRS_CASEWORKER' },
      'social-assistance',
      '{ probePersons(filter: { secret: "a", label: "x" }) { id } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.probePersons).toEqual([{ id: 'P0000000001' }, { id: 'P0000000003' }]);
    expect([...reads.personIds].sort()).toEqual(['P0000000001', 'P0000000003']);
    expect([...reads.fields].sort()).toEqual(['ProbePerson.secret (filter.secret)', 'Query.probePersons']);
  });

  it('records the persons an id argument names, found or not', async () => {
    const { result, reads } = await runFiltered(
      employment,
      'employment-service',
      '{ a: probePerson(id: "P0000000002") { id } b: probePerson(id: "P0000000009") { id } }',
    );
    expect(result.data).toEqual({ a: { id: 'P0000000002' }, b: null });
    expect([...reads.personIds].sort()).toEqual(['P0000000002', 'P0000000009']);
    expect([...reads.fields].sort()).toEqual(['ProbePerson.id (id)', 'Query.probePerson']);
  });

  it('keeps a community worker to places within their own community', async () => {
    const own = await runFiltered(worker, 'community-service', '{ probePersons(filter: { placeCode: "640104001001" }) { id } }');
    expect(own.result.errors).toBeUndefined();
    for (const place of ['640104', '640104001']) {
      // A place containing their community is fine (the resolver scopes the list to it).
      expect((await runFiltered(worker, 'community-service', `{ probePersons(filter: { placeCode: "${place}" }) { id } }`)).result.errors).toBeUndefined();
    }
    const elsewhere = await runFiltered(worker, 'community-service', '{ probePersons(filter: { placeCode: "640105" }) { id } }');
    expect(elsewhere.result.errors?.map((e) => [e.extensions.code, e.message])).toEqual([['FORBIDDEN', 'filter.placeCode is outside community 640104001001']]);
    expect([...elsewhere.reads.refusedFields]).toEqual(['ProbePerson.community (filter.placeCode)']);
  });

  it('refuses at schema build a filter under a grant with a per-object restriction, which no filter can apply', () => {
    const restricted = personalGrant(
      'restricted',
      { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] },
      {
        objects: 'a secret',
        applies: () => true,
        roles: [],
        reason: 'nobody reads a secret',
      },
    );
    @InputType('RestrictedFilter', { description: 'A filter on a restricted field.' })
    class RestrictedFilter {
      @FilterReads(restricted, 'ProbePerson.secret')
      @Field({ nullable: true, description: 'Secret.' })
      secret?: string;
    }
    @Resolver()
    class RestrictedResolver {
      @Authorized(LISTING)
      @Query(() => Int, { description: 'Count.' })
      restrictedCount(@Arg('filter', () => RestrictedFilter, { nullable: true, description: 'Which.' }) _filter?: RestrictedFilter): number {
        return 0;
      }
    }
    expect(() => buildFederatedSchema({ name: 'probe-restricted', resolvers: [RestrictedResolver], references: {} })).toThrow(/restricted grant/);
  });
});

describe('the hash of an audit record', () => {
  const entry: AuditEntry = {
    recordedAt: '2026-01-05T08:00:00.000Z',
    action: 'READ',
    requestId: 'r-1',
    clientRequestId: null,
    subject: 'officer-1',
    bureau: 'civil-affairs',
    role: 'CIVIL_AFFAIRS_CASEWORKER',
    purpose: 'social-assistance',
    operationName: 'Relief',
    personIds: ['P0000000001'],
    fields: ['Person.name'],
    refusedPersonIds: [],
    refusedFields: [],
  };

  it('is unchanged for a record with no refused reads, so records written before them still verify', () => {
    const firstLayout = JSON.stringify([
      7,
      entry.recordedAt,
      entry.requestId,
      entry.subject,
      entry.bureau,
      entry.role,
      entry.purpose,
      entry.operationName,
      entry.personIds,
      entry.fields,
      GENESIS_HASH,
    ]);
    expect(auditHash(7, entry, GENESIS_HASH, 1)).toBe(createHash('sha256').update(firstLayout).digest('hex'));
    const currentLayout = JSON.stringify([...JSON.parse(firstLayout), { action: 'READ' }]);
    expect(auditHash(7, entry, GENESIS_HASH)).toBe(createHash('sha256').update(currentLayout).digest('hex'));
  });

  it('covers the refused reads: editing them changes the hash', () => {
    const refused = { ...entry, refusedPersonIds: ['P0000000002'], refusedFields: ['Person.ethnicity'] };
    const hash = auditHash(7, refused, GENESIS_HASH);
    expect(hash).not.toBe(auditHash(7, entry, GENESIS_HASH));
    expect(auditHash(7, { ...refused, refusedPersonIds: ['P0000000003'] }, GENESIS_HASH)).not.toBe(hash);
    expect(auditHash(7, { ...refused, refusedFields: ['Person.name'] }, GENESIS_HASH)).not.toBe(hash);
  });
});
