import { GraphQLResolveInfo, isObjectType } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import type { Bureau } from '../bureau';
import { schemaClasses } from '../schema';
import { Masking, maskingOf } from './access';
import type { Grant } from './grant';
import { attachFilterReads, collectFilterReads, FilterRead, guardedArguments } from './filter-reads';
import { isCommunityScoped, Purpose, Role, ROLE_PURPOSES, ROLES } from './roles';

/**
 * The access matrix: every place of the graph a personal grant guards — object fields, filter arguments, mutations,
 * entity references — against every role with each purpose it may declare, as the grants in the code give it.
 * `npm run schema:compose` writes it to schema/access-matrix.md, so a bureau team reviews a grant change as a diff of
 * that file, and the access-matrix test runs every cell of the checked-in file through the gateway.
 */

export type CoordinateKind = 'field' | 'argument' | 'mutation' | 'entity';

/**
 * How the kit scopes a community worker's read of a coordinate: `root` not at all (Query and Mutation fields, which
 * their resolvers scope), `community` by the community of the object read (the bureau's `communityOf`), `outside`
 * never in their community (a type without `communityOf`).
 */
export type CommunityScope = 'root' | 'community' | 'outside';

export interface GuardedCoordinate {
  bureau: string;
  kind: CoordinateKind;
  /** `Person.name`, `Query.persons(filter.ethnicityCode)`, `Mutation.recordMove`, `Person.__resolveReference`. */
  name: string;
  typeName: string;
  fieldName: string;
  /** An argument's path, `filter.ethnicityCode`. */
  argument?: string;
  /** The grant applied: a field's own, for an argument the grant of the field it selects by; null: granted to nobody. */
  grant: Grant | null;
  /** What an argument selects by. */
  reads?: FilterRead;
  masking?: Masking;
  scope: CommunityScope;
}

/** A field of a bureau's schema and the grant its auth checker is handed (null: none, so nobody may read it). */
export interface GrantedField {
  typeName: string;
  fieldName: string;
  grant: Grant | null;
  masking?: Masking;
}

type SchemaSource = Pick<Bureau<any>, 'name' | 'resolvers' | 'orphanedTypes' | 'references' | 'access'>;

/**
 * Every field of a bureau's schema with the grant type-graphql hands the auth checker for it: the bureau's classes are
 * built again with an auth checker that only notes the grant and a middleware that stops every resolver before it
 * runs, and each field's resolver is called once. So the grants are read from the same wiring that serves requests
 * (field resolvers, inherited fields), and no resolver of the bureau runs.
 */
async function grantedFields(bureau: SchemaSource): Promise<{ fields: GrantedField[]; arguments: Map<string, FilterRead> }> {
  const handed = new Map<string, Grant[]>();
  const schema = buildSchemaSync({
    ...schemaClasses(bureau),
    authChecker: ({ info }, grants: Grant[]) => {
      handed.set(`${info.parentType.name}.${info.fieldName}`, grants);
      return false;
    },
    authMode: 'null',
    globalMiddlewares: [async () => null],
    skipCheck: true,
    validate: false,
  });
  const fields: GrantedField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      // Without a resolver there is no auth checker, nor the kit's default-deny middleware: the field would be open.
      if (!field.resolve) throw new Error(`${coordinate} has no resolver, so no grant is checked on it`);
      await field.resolve({}, {}, {}, { parentType: type, fieldName: field.name } as GraphQLResolveInfo);
      const grants = handed.get(coordinate);
      if (grants && grants.length !== 1) throw new Error(`@Authorized on ${coordinate} needs exactly one grant`);
      fields.push({ typeName: type.name, fieldName: field.name, grant: grants?.[0] ?? null, masking: maskingOf(field.extensions) });
    }
  }
  attachFilterReads(schema, collectFilterReads(schema));
  return { fields, arguments: guardedArguments(schema) };
}

/** Every field of a bureau's schema with its grant, public ones included. */
export async function declaredGrants(bureau: SchemaSource): Promise<GrantedField[]> {
  return (await grantedFields(bureau)).fields;
}

const personal = (grant: Grant | null) => !grant?.public;

/** The coordinates of a bureau that are personal (a personal grant, or none at all), in a stable order. */
export async function guardedCoordinates(bureau: SchemaSource): Promise<GuardedCoordinate[]> {
  const { fields, arguments: filterArguments } = await grantedFields(bureau);
  const scopeOf = (typeName: string): CommunityScope =>
    typeName === 'Query' || typeName === 'Mutation' ? 'root' : bureau.access.communityOf?.[typeName] ? 'community' : 'outside';
  const coordinate = (kind: CoordinateKind, typeName: string, fieldName: string, rest: Partial<GuardedCoordinate>): GuardedCoordinate => ({
    bureau: bureau.name,
    kind,
    name: `${typeName}.${fieldName}`,
    typeName,
    fieldName,
    grant: null,
    scope: scopeOf(typeName),
    ...rest,
  });
  // Query first, then the types by name, each type's fields in schema order (the sort is stable).
  const typeKey = (field: GrantedField) => (field.typeName === 'Query' ? '' : field.typeName);
  const guardedFields = fields.filter((field) => personal(field.grant)).sort((a, b) => (typeKey(a) < typeKey(b) ? -1 : typeKey(a) > typeKey(b) ? 1 : 0));
  const personalArguments = [...filterArguments].filter(([, read]) => personal(read.grant));
  const argumentRows = personalArguments
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, read]) => {
      const [, typeName, fieldName, argument] = /^(\w+)\.(\w+)\((.+)\)$/.exec(name)!;
      return coordinate('argument', typeName, fieldName, { name, argument, grant: read.grant, reads: read });
    });
  const entities = Object.entries(bureau.references)
    .filter(([, reference]) => personal(reference.grant))
    .map(([typeName, reference]) => coordinate('entity', typeName, '__resolveReference', { grant: reference.grant }));
  return [
    ...guardedFields.filter((field) => field.typeName !== 'Mutation').map((field) => coordinate('field', field.typeName, field.fieldName, field)),
    ...argumentRows,
    ...guardedFields.filter((field) => field.typeName === 'Mutation').map((field) => coordinate('mutation', field.typeName, field.fieldName, field)),
    ...entities,
  ];
}

/** A role with a purpose it may declare; a community worker's read of a record of their own community, or another's. */
export interface AccessColumn {
  role: Role;
  purpose: Purpose;
  community?: 'own' | 'other';
  label: string;
}

const roleName = (role: Role) => role.toLowerCase().replace(/_/g, '-');

export const ACCESS_COLUMNS: readonly AccessColumn[] = ROLES.flatMap((role) =>
  ROLE_PURPOSES[role].flatMap((purpose): AccessColumn[] =>
    isCommunityScoped(role)
      ? (['own', 'other'] as const).map((community) => ({ role, purpose, community, label: `${roleName(role)}<br>${purpose}<br>${community} community` }))
      : [{ role, purpose, label: `${roleName(role)}<br>${purpose}` }],
  ),
);

export type Access = 'allow' | 'deny' | 'full' | 'masked';

/** One row of the matrix: a coordinate, or for a restricted grant the objects its restriction applies to. */
export interface AccessRow {
  name: string;
  coordinate: GuardedCoordinate;
  restricted: boolean;
  cells: Access[];
}

function allowed(coordinate: GuardedCoordinate, column: AccessColumn, restricted: boolean): boolean {
  const { grant, scope, reads } = coordinate;
  if (!grant?.roles?.[column.role]?.includes(column.purpose)) return false;
  if (restricted && !grant.restriction!.roles.includes(column.role)) return false;
  if (!column.community) return true;
  if (scope === 'outside') return false;
  return column.community === 'own' || (scope === 'root' && !reads?.place);
}

export function expectedAccess(coordinate: GuardedCoordinate, column: AccessColumn, restricted = false): Access {
  if (!allowed(coordinate, column, restricted)) return 'deny';
  if (!coordinate.masking) return 'allow';
  return coordinate.masking.fullFor.includes(column.role) ? 'full' : 'masked';
}

/**
 * The rows of these coordinates. Using an argument is reading its field too, so an argument's cells are its field's
 * and its own together (a public field's: its own).
 */
export function accessRows(coordinates: GuardedCoordinate[]): AccessRow[] {
  const fields = new Map(coordinates.filter((c) => c.kind !== 'argument').map((c) => [`${c.bureau} ${c.name}`, c]));
  return coordinates.flatMap((coordinate) => {
    const field = coordinate.kind === 'argument' ? fields.get(`${coordinate.bureau} ${coordinate.typeName}.${coordinate.fieldName}`) : undefined;
    const cell = (column: AccessColumn, restricted: boolean): Access =>
      field && expectedAccess(field, column) === 'deny' ? 'deny' : expectedAccess(coordinate, column, restricted);
    const row = (restricted: boolean): AccessRow => ({
      name: restricted ? `${coordinate.name} (${coordinate.grant!.restriction!.objects})` : coordinate.name,
      coordinate,
      restricted,
      cells: ACCESS_COLUMNS.map((column) => cell(column, restricted)),
    });
    return coordinate.grant?.restriction ? [row(false), row(true)] : [row(false)];
  });
}

/** What the grant column says of a row. */
function grantText({ coordinate, restricted }: AccessRow): string {
  const { grant, reads, masking } = coordinate;
  if (!grant) return 'granted to nobody';
  const parts = [reads ? `selects by ${reads.field}: ${grant.name}` : grant.name];
  if (reads?.place) parts.push('a community worker only within their community');
  if (grant.restriction) {
    const { objects, roles } = grant.restriction;
    parts.push(restricted ? `only ${roles.map(roleName).join(', ')}` : `for ${objects} see the next row`);
  }
  if (masking) parts.push(`in full for ${masking.fullFor.map(roleName).join(', ')}, others see ${masking.masked}`);
  return parts.join('; ');
}

const KIND_HEADINGS: Record<CoordinateKind, string> = {
  field: 'Fields',
  argument: 'Filter arguments (a filter is a read of the field it selects by)',
  mutation: 'Mutations',
  entity: "Entity references (the gateway resolving this bureau's entity from its key, `_entities`)",
};

export const ACCESS_MATRIX_HEADER = '<!-- Generated by `npm run schema:compose` from the grants in the subgraph code. Do not edit. -->\n';

/** schema/access-matrix.md: one table per bureau and kind of coordinate, one column per role and purpose. */
export function accessMatrixDocument(bureaus: string[], rows: AccessRow[]): string {
  const head = `| coordinate | grant | ${ACCESS_COLUMNS.map((column) => column.label).join(' | ')} |`;
  const rule = `|---|---|${ACCESS_COLUMNS.map(() => '---').join('|')}|`;
  const lines = [
    ACCESS_MATRIX_HEADER,
    '# Access matrix',
    '',
    'Every coordinate of the graph that a personal grant guards (`subgraphs/<bureau>/access.ts`, attached with',
    '`@Authorized`), against every role with each purpose of use it may declare (`x-purpose`). A field without a grant',
    'is readable by nobody and is listed as "granted to nobody".',
    '',
    '- `allow`: the value comes back; `deny`: null, with `FORBIDDEN` at that path; `full` / `masked`: allowed, the value',
    '  in full or masked.',
    "- A community worker's `own community` is the community of the record read (for a person, where public security has",
    '  them registered now), `other community` any other. On Query and Mutation fields the grant does not scope them:',
    '  the resolvers do (a list holds only their community, a mutation acts only on its files).',
    "- Using a filter argument reads its field too: an argument's cells are its field's and its own together.",
    '- A restricted grant has a second row for the objects its restriction applies to.',
    '',
    'The access-matrix test (`test/integration/access-matrix.test.ts`) runs every cell through the gateway.',
  ];
  for (const bureau of bureaus) {
    lines.push('', `## ${bureau}`);
    for (const kind of Object.keys(KIND_HEADINGS) as CoordinateKind[]) {
      const ofKind = rows.filter((row) => row.coordinate.bureau === bureau && row.coordinate.kind === kind);
      if (ofKind.length === 0) continue;
      lines.push('', `### ${KIND_HEADINGS[kind]}`, '', head, rule);
      for (const row of ofKind) lines.push(`| \`${row.name}\` | ${grantText(row)} | ${row.cells.join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The matrix of these bureaus, from their code. */
export async function accessMatrix(bureaus: SchemaSource[]): Promise<{ rows: AccessRow[]; document: string }> {
  const coordinates = (await Promise.all(bureaus.map(guardedCoordinates))).flat();
  const rows = accessRows(coordinates);
  return {
    rows,
    document: accessMatrixDocument(
      bureaus.map((bureau) => bureau.name),
      rows,
    ),
  };
}
