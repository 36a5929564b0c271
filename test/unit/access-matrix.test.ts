import 'reflect-metadata';
import { Arg, Authorized, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Masked } from '../../subgraphs/kit/auth/access';
import { personalGrant, publicGrant } from '../../subgraphs/kit/auth/grant';
import { ACCESS_COLUMNS, accessMatrix, AccessRow, guardedCoordinates } from '../../subgraphs/kit/auth/access-matrix';
import { ArgumentReads, filterRead, FilterReads } from '../../subgraphs/kit/auth/filter-reads';
import { isCommunityScoped, ROLE_PURPOSES, ROLES } from '../../subgraphs/kit/auth/roles';

// The kit's access matrix on a bureau of its own: what it lists, and the cells it gives.

const CORE = personalGrant('core', { POLICE_REGISTRY_OFFICER: ['residence-administration'], CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] });
const NOTES = personalGrant('notes', { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'], COMMUNITY_WORKER: ['community-service'] });
const AGE = personalGrant(
  'age',
  { POLICE_REGISTRY_OFFICER: ['residence-administration'], CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] },
  {
    objects: 'a minor',
    applies: (record: { minor: boolean }) => record.minor,
    roles: ['CIVIL_AFFAIRS_CASEWORKER'],
    reason: "a minor's age is for civil affairs only",
  },
);
const WRITE = personalGrant('writes', { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] });
const OPEN = publicGrant('open');

@InputType('MatrixFilter', { description: 'Which records.' })
class MatrixFilter {
  @FilterReads(NOTES, 'MatrixRecord.note', { place: true })
  @Field({ nullable: true, description: 'A place code.' })
  place?: string;
}

@ObjectType('MatrixPlace', { description: 'A place, in no community of its own.' })
class MatrixPlace {
  @Authorized(NOTES)
  @Field({ nullable: true, description: 'Personal, on a type without communityOf.' })
  secret!: string;
}

@ObjectType('MatrixRecord', { description: 'A personal record.' })
class MatrixRecord {
  @Authorized(OPEN)
  @Field(() => ID, { description: 'Public.' })
  id!: string;

  @Authorized(NOTES)
  @Field({ nullable: true, description: 'Personal.' })
  note!: string;

  @Authorized(AGE)
  @Field({ nullable: true, description: 'Restricted for minors.' })
  age!: number;

  @Authorized(CORE)
  @Masked({ fullFor: ['POLICE_REGISTRY_OFFICER'], masked: 'the last digit' })
  @Field({ nullable: true, description: 'Masked but for the police.' })
  number!: string;

  @Field({ nullable: true, description: 'Granted to nobody.' })
  forgotten!: string;

  @Field(() => MatrixPlace, { nullable: true, description: 'Its place.' })
  place!: MatrixPlace;
}

@Resolver(() => MatrixRecord)
class MatrixResolver {
  @Authorized(OPEN)
  @Query(() => [MatrixRecord], { description: 'Records.' })
  records(@Arg('filter', () => MatrixFilter, { nullable: true, description: 'Which.' }) _filter?: MatrixFilter): MatrixRecord[] {
    return [];
  }

  @Authorized(WRITE)
  @Mutation(() => Boolean, { description: 'A write.' })
  write(): boolean {
    return true;
  }

  @Authorized(NOTES)
  @ArgumentReads({ longerThan: filterRead(NOTES, 'MatrixRecord.note') })
  @FieldResolver(() => String, { nullable: true, description: 'From a field resolver.' })
  computed(
    @Root() record: MatrixRecord,
    @Arg('longerThan', () => Int, { nullable: true, description: 'A filter argument of the field itself, as `Street.disputes(openLongerThanDays)`.' })
    _longerThan?: number,
  ): string {
    return record.note;
  }
}

const bureau = {
  name: 'matrix-bureau',
  resolvers: [MatrixResolver] as [Function],
  references: {
    MatrixRecord: { grant: NOTES, resolve: () => null },
    MatrixPlace: { grant: OPEN, resolve: () => null },
  },
  access: { communityOf: { MatrixRecord: () => null } },
};

const cells = (rows: AccessRow[], name: string) => {
  const row = rows.find((r) => r.name === name)!;
  return Object.fromEntries(ACCESS_COLUMNS.map((column, index) => [column.label.replace(/<br>/g, ' '), row.cells[index]]));
};

describe('the access matrix of a bureau', () => {
  it('lists what personal grants guard (the kit’s AccessLog field too), and what no grant covers; nothing public', async () => {
    const coordinates = await guardedCoordinates(bureau);
    expect(coordinates.map((c) => [c.kind, c.name, c.grant?.name ?? null])).toEqual([
      ['field', 'AccessLog.matrixBureau', 'audit trail'],
      ['field', 'MatrixPlace.secret', 'notes'],
      ['field', 'MatrixRecord.note', 'notes'],
      ['field', 'MatrixRecord.age', 'age'],
      ['field', 'MatrixRecord.number', 'core'],
      ['field', 'MatrixRecord.forgotten', null],
      ['field', 'MatrixRecord.place', null],
      ['field', 'MatrixRecord.computed', 'notes'],
      ['argument', 'MatrixRecord.computed(longerThan)', 'notes'],
      ['argument', 'Query.records(filter.place)', 'notes'],
      ['mutation', 'Mutation.write', 'writes'],
      ['entity', 'MatrixRecord.__resolveReference', 'notes'],
    ]);
  });

  it('gives a column to each role and purpose, a community worker’s twice', () => {
    // One per role and purpose it may declare; a community-scoped role's twice (own community, another).
    const columns = ROLES.flatMap((role) => ROLE_PURPOSES[role].map(() => (isCommunityScoped(role) ? 2 : 1)));
    expect(ACCESS_COLUMNS).toHaveLength(columns.reduce((sum, count) => sum + count, 0));
    expect(ACCESS_COLUMNS.filter((column) => column.role === 'COMMUNITY_WORKER').map((column) => [column.purpose, column.community])).toEqual([
      ['community-service', 'own'],
      ['community-service', 'other'],
      ['dispute-mediation', 'own'],
      ['dispute-mediation', 'other'],
    ]);
  });

  it('scopes a community worker by the community of the record, except on Query and Mutation', async () => {
    const { rows } = await accessMatrix([bureau]);
    expect(cells(rows, 'MatrixRecord.note')).toMatchObject({
      'civil-affairs-caseworker social-assistance': 'allow',
      'civil-affairs-caseworker dispute-mediation': 'deny',
      'community-worker community-service own community': 'allow',
      'community-worker community-service other community': 'deny',
      'community-worker dispute-mediation own community': 'deny',
      'police-registry-officer residence-administration': 'deny',
    });
    // A type without communityOf is in no worker's community.
    expect(cells(rows, 'MatrixPlace.secret')['community-worker community-service own community']).toBe('deny');
    // A geography filter stays within the worker's own community; the argument is used on a public list.
    expect(cells(rows, 'Query.records(filter.place)')).toMatchObject({
      'community-worker community-service own community': 'allow',
      'community-worker community-service other community': 'deny',
      'civil-affairs-caseworker social-assistance': 'allow',
    });
    expect(cells(rows, 'MatrixRecord.__resolveReference')['community-worker community-service other community']).toBe('deny');
    // A field's own filter argument: its field's cells, a community worker scoped by the record it is read on.
    expect(cells(rows, 'MatrixRecord.computed(longerThan)')).toEqual(cells(rows, 'MatrixRecord.computed'));
    expect(cells(rows, 'MatrixRecord.computed(longerThan)')).toMatchObject({
      'civil-affairs-caseworker social-assistance': 'allow',
      'civil-affairs-caseworker dispute-mediation': 'deny',
      'community-worker community-service own community': 'allow',
      'community-worker community-service other community': 'deny',
      'police-registry-officer residence-administration': 'deny',
    });
  });

  it('gives a restricted grant a row for the objects it applies to, and shows masking', async () => {
    const { rows } = await accessMatrix([bureau]);
    expect(cells(rows, 'MatrixRecord.age')).toMatchObject({
      'police-registry-officer residence-administration': 'allow',
      'civil-affairs-caseworker social-assistance': 'allow',
    });
    expect(cells(rows, 'MatrixRecord.age (a minor)')).toMatchObject({
      'police-registry-officer residence-administration': 'deny',
      'civil-affairs-caseworker social-assistance': 'allow',
    });
    expect(cells(rows, 'MatrixRecord.number')).toMatchObject({
      'police-registry-officer residence-administration': 'full',
      'civil-affairs-caseworker social-assistance': 'masked',
      'analyst statistics': 'deny',
    });
    expect(Object.values(cells(rows, 'MatrixRecord.forgotten'))).toEqual(ACCESS_COLUMNS.map(() => 'deny'));
  });

  it('writes one table per bureau and kind, a row per line', async () => {
    const { document } = await accessMatrix([bureau]);
    expect(document).toContain('## matrix-bureau');
    expect(document).toContain('| `MatrixRecord.forgotten` | granted to nobody | deny | deny |');
    expect(document).toContain('| `Mutation.write` | writes | deny | allow | deny |');
    expect(document).toContain('| `MatrixRecord.age (a minor)` | age; only civil-affairs-caseworker | deny | allow |');
  });
});
