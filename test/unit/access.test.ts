import 'reflect-metadata';
import { execute, parse } from 'graphql';
import { Authorized, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { personalGrant, publicGrant, purposeFromHeader, ReadLog } from '../../subgraphs/kit/auth/access';
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
  });

  it('applies a personal grant by role and declared purpose', async () => {
    const analyst = await run({ ...caseworker, role: 'ANALYST', bureau: 'statistics' }, 'statistics');
    expect(analyst.result.data?.probe).toEqual({ label: 'label', note: null, newField: null });
    expect(analyst.reads.isEmpty).toBe(true);
    const undeclared = await run(caseworker, null);
    const noteError = undeclared.result.errors?.find((error) => error.path?.join('.') === 'probe.note');
    expect(noteError?.message).toMatch(/x-purpose/);
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
