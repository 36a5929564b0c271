import { getNamedType, GraphQLError, GraphQLOutputType, GraphQLResolveInfo, isObjectType } from 'graphql';
import { type AuthChecker, Extensions, type MiddlewareFn } from 'type-graphql';
import { ArgumentSelection, argumentSelections, withinCommunity } from './filter-reads';
import { publicGrant, type Grant } from './grant';
import type { Identity } from './identity';
import { isCommunityScoped, isPurpose, Purpose, Role, ROLE_PURPOSES } from './roles';
import type { StatedResidences } from './residence-statement';

/**
 * Field-level access rules. A bureau grants each of its fields with `@Authorized(grant)`; the kit's one auth checker
 * applies the grant (role, declared purpose, community scope, extra restriction) and notes the read for the audit
 * trail. A field without a grant is readable by nobody.
 */

/**
 * A value some of its readers see in full and the others masked, declared on the field with `@Masked` for the access
 * matrix (full / masked); the field's resolver applies it with `shownInFull`.
 */
export interface Masking {
  fullFor: readonly Role[];
  /** What the others see, for the matrix. */
  masked: string;
}

const MASKING = 'masking';

export function Masked(masking: Masking): MethodDecorator & PropertyDecorator {
  return Extensions({ [MASKING]: masking });
}

/** The masking a field declared, from the extensions of the schema type-graphql built. */
export function maskingOf(extensions: Record<string, unknown> | null | undefined): Masking | undefined {
  return extensions?.[MASKING] as Masking | undefined;
}

export function shownInFull(masking: Masking, identity: Identity): boolean {
  return masking.fullFor.includes(identity.role);
}

/** Reference data of the graph every subgraph shares (paging, code lists). */
export const PUBLIC_STRUCTURE = publicGrant('paging and reference data');

/** Figures of every bureau: aggregates, small counts suppressed, open to every signed-in role (analysts included). */
export const STATISTICS = publicGrant('statistics (aggregates with small counts suppressed)');

/** A refused field: null with this error at its path, the rest of the answer unaffected (HTTP 200). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** A refused request, before anything runs (HTTP 403). */
function forbiddenRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** How a bureau tells, for each of its GraphQL types, whose record an object is and in which community they live. */
export interface BureauAccess<C = any> {
  /** The person (or persons, as the parties of a case) an object is a record about. */
  personOf?: Record<string, (root: any) => string | string[] | null>;
  /** A type without one is in no community worker's scope: their reads of its personal fields are refused. */
  communityOf?: Record<string, (root: any, context: C) => Promise<string | null> | string | null>;
}

/**
 * One request's reads of personal data, for its audit record: the persons and the fields read, and the persons and
 * fields it was refused (FORBIDDEN) — a refused read is recorded too, even when nothing was read.
 */
export class ReadLog {
  readonly personIds = new Set<string>();
  readonly fields = new Set<string>();
  readonly refusedPersonIds = new Set<string>();
  readonly refusedFields = new Set<string>();
  /** What each approved resolution's arguments selected by (filters), noted against the records it returns. */
  readonly selections = new WeakMap<GraphQLResolveInfo, ArgumentSelection[]>();
  /** Connection pages a personal field returned, with what the read is noted as, for when their edges are sent. */
  readonly pages = new WeakMap<object, string[]>();

  note(persons: string | string[] | null, field: string): void {
    for (const personId of personList(persons)) this.personIds.add(personId);
    this.fields.add(field);
  }

  noteRefused(persons: string | string[] | null, field: string): void {
    for (const personId of personList(persons)) this.refusedPersonIds.add(personId);
    this.refusedFields.add(field);
  }

  get isEmpty(): boolean {
    return this.fields.size === 0 && this.refusedFields.size === 0;
  }
}

function personList(persons: string | string[] | null | undefined): string[] {
  return Array.isArray(persons) ? persons : persons ? [persons] : [];
}

/** Time one request spent on its security checks, logged with the request (milliseconds). */
export interface SecurityTimings {
  verifyMs: number;
  checksMs: number;
  auditMs: number;
}

/** What the kit knows about the caller of one request. */
export interface RequestAccess {
  identity: Identity;
  purpose: Purpose | null;
  reads: ReadLog;
  /** Resolutions the auth checker has let through, with their grant; everything else is refused (denied by default). */
  approved: WeakMap<GraphQLResolveInfo, Grant>;
  timings: SecurityTimings;
  /** Public security's statements of where the persons of this request live now: a community worker's scope. */
  residences: StatedResidences;
}

export interface AccessContext {
  access: RequestAccess;
  bureauAccess: BureauAccess;
}

/** The `x-purpose` header, checked against the fixed list and the purposes of the caller's role. */
export function purposeFromHeader(header: string | undefined, role: Role): Purpose | null {
  if (header === undefined || header.trim() === '') return null;
  const purpose = header.trim();
  if (!isPurpose(purpose)) throw forbiddenRequest(`Unknown purpose "${purpose}"; see the list of purposes in the README`);
  if (!ROLE_PURPOSES[role].includes(purpose)) {
    throw forbiddenRequest(`Role ${role} may not declare purpose ${purpose}; it may declare: ${ROLE_PURPOSES[role].join(', ')}`);
  }
  return purpose;
}

type RoleRefusal = 'role' | 'undeclared purpose' | 'purpose';

/** Why the caller's role and declared purpose do not let them read under this grant, or null (public: never). */
function roleRefusal(grant: Grant, access: RequestAccess): RoleRefusal | null {
  if (grant.public) return null;
  const purposes = grant.roles?.[access.identity.role];
  if (!purposes) return 'role';
  if (!access.purpose) return 'undeclared purpose';
  return purposes.includes(access.purpose) ? null : 'purpose';
}

/**
 * Whether a community worker's read on `root` (an object of `typeName`; none on Query and Mutation, which the
 * resolvers scope to the worker's community) stays in their community. Anyone else: always.
 */
async function inOwnCommunity(typeName: string, root: unknown, context: AccessContext): Promise<boolean> {
  const { identity } = context.access;
  if (!isCommunityScoped(identity.role) || root === undefined) return true;
  const communityOf = context.bureauAccess.communityOf?.[typeName];
  return (communityOf ? await communityOf(root, context) : null) === identity.community;
}

/** Applies a grant to one read of `typeName.fieldName` on `root` (undefined on Query and Mutation); throws FORBIDDEN. */
export async function authorize(grant: Grant, typeName: string, fieldName: string, root: unknown, context: AccessContext): Promise<void> {
  if (grant.public) return;
  const { identity } = context.access;
  const field = `${typeName}.${fieldName}`;
  const refusal = roleRefusal(grant, context.access);
  if (refusal === 'role') throw forbidden(`${identity.role} may not read ${field} (${grant.name})`);
  if (refusal === 'undeclared purpose') throw forbidden(`Declare the purpose of use in the x-purpose header to read ${field}`);
  if (refusal === 'purpose') throw forbidden(`${field} (${grant.name}) may not be read for ${context.access.purpose}`);
  if (!(await inOwnCommunity(typeName, root, context))) throw forbidden(`${field} is outside community ${identity.community}`);
  const { restriction } = grant;
  if (restriction && root !== undefined && restriction.applies(root) && !restriction.roles.includes(identity.role)) {
    throw forbidden(`${field}: ${restriction.reason}`);
  }
}

/**
 * Applies to a filter argument the grant of the field it reads (filter-reads.ts), with the rules of `authorize`:
 * role, purpose, and for a community worker the community of the object the list hangs on, and a geography
 * filter within their own community. Throws FORBIDDEN naming the argument.
 */
async function authorizeSelection(selection: ArgumentSelection, typeName: string, root: unknown, context: AccessContext): Promise<void> {
  const { identity } = context.access;
  const { read, path } = selection;
  const requires = `${path} requires ${read.field} (${read.grant.name})`;
  const refusal = roleRefusal(read.grant, context.access);
  if (refusal === 'role') throw forbidden(`${requires}, which ${identity.role} may not read`);
  if (refusal === 'undeclared purpose') throw forbidden(`${requires}: declare the purpose of use in the x-purpose header`);
  if (refusal === 'purpose') throw forbidden(`${requires}, which may not be read for ${context.access.purpose}`);
  if (!(await inOwnCommunity(typeName, root, context)) || (isCommunityScoped(identity.role) && !withinCommunity(selection, identity.community))) {
    throw forbidden(`${path} is outside community ${identity.community}`);
  }
}

/** The persons whose records an object of `typeName` is, by the bureau's `personOf`. */
function personsOf(typeName: string, object: unknown, context: AccessContext): string | string[] | null {
  return object === undefined || object === null ? null : (context.bureauAccess.personOf?.[typeName]?.(object) ?? null);
}

/**
 * Checks a resolution: the field's grant, then each filter its arguments make. A refusal is noted for the audit
 * record, against the persons it was about (the object read on, the persons the arguments name), and thrown.
 */
async function authorizeResolution(
  grant: Grant,
  info: GraphQLResolveInfo,
  root: unknown,
  args: Record<string, unknown>,
  context: AccessContext,
): Promise<ArgumentSelection[]> {
  const typeName = info.parentType.name;
  const selections = argumentSelections(info, args);
  const concerned = () => [...personList(personsOf(typeName, root, context)), ...selections.flatMap((selection) => selection.personIds)];
  try {
    await authorize(grant, typeName, info.fieldName, root, context);
  } catch (error) {
    context.access.reads.noteRefused(concerned(), `${typeName}.${info.fieldName}`);
    throw error;
  }
  for (const selection of selections) {
    try {
      await authorizeSelection(selection, typeName, root, context);
    } catch (error) {
      context.access.reads.noteRefused(concerned(), selection.label);
      throw error;
    }
  }
  return selections;
}

/**
 * The one auth checker of every subgraph: `@Authorized(grant)` passes its grant here. A public field whose
 * arguments filter on nothing personal (every published figure) is let through without a promise of its own: it runs
 * on every field of an answer, tens of thousands in a read of the figures.
 */
export const grantChecker: AuthChecker<AccessContext, Grant> = ({ root, args, context, info }, grants) => {
  if (grants.length !== 1) throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} needs exactly one grant`);
  const [grant] = grants;
  if (grant.public && argumentSelections(info, args).length === 0) {
    context.access.approved.set(info, grant);
    return true;
  }
  return checkedResolution(grant, root, args, context, info);
};

async function checkedResolution(
  grant: Grant,
  root: unknown,
  args: Record<string, unknown>,
  context: AccessContext,
  info: GraphQLResolveInfo,
): Promise<boolean> {
  const started = performance.now();
  // The check runs synchronously up to its first await (only a community worker's community lookup awaits):
  // that is the time it costs; waiting would also count other resolvers running meanwhile.
  const decided = authorizeResolution(grant, info, parentObject(root, info), args, context);
  context.access.timings.checksMs += performance.now() - started;
  const selections = await decided;
  context.access.approved.set(info, grant);
  if (selections.length > 0) context.access.reads.selections.set(info, selections);
  return true;
}

/**
 * Checks the grant of a reference resolver (`_entities`) for one representation. The key is a read of the persons
 * it names (`Person.id (entity key)`), found or not; a refusal is noted against them.
 */
export async function authorizeReference(grant: Grant, typeName: string, reference: Record<string, unknown>, context: AccessContext): Promise<void> {
  const personOf = context.bureauAccess.personOf?.[typeName];
  const keyFields = Object.keys(reference).filter((key) => key !== '__typename');
  const label = `${typeName}.${keyFields.join(',')} (entity key)`;
  try {
    await authorize(grant, typeName, '__resolveReference', reference, context);
  } catch (error) {
    context.access.reads.noteRefused(personOf?.(reference) ?? null, label);
    throw error;
  }
  if (personOf) context.access.reads.note(personOf(reference), label);
}

/** The object a field is read on; none on Query and Mutation. */
function parentObject(root: unknown, info: GraphQLResolveInfo): unknown {
  const onRootType = info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
  return onRootType ? undefined : root;
}

/** The records a field returned (an object, a list of them; a connection's edges give their nodes), with their type. */
function recordsIn(value: unknown, type: GraphQLOutputType): { typeName: string; record: unknown }[] {
  const named = getNamedType(type);
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const fields = isObjectType(named) ? named.getFields() : {};
  const node = fields.node;
  if (node && fields.cursor) {
    const typeName = getNamedType(node.type).name;
    return items.map((edge) => ({ typeName, record: (edge as { node: unknown }).node }));
  }
  return items.map((record) => ({ typeName: named.name, record }));
}

/** Whether a field returns a cursor connection, whose records are sent only if its edges are asked for. */
function isConnection(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && named.getFields().edges !== undefined;
}

/**
 * Runs after the auth checker on every field: what no grant let through is refused (denied by default). A personal
 * field goes into the audit record once it has resolved — one that failed (a rejected mutation) read nothing —
 * against the persons of the object it was read on, those its arguments name by id (found or not), and those whose
 * records it returned, with the fields its filters selected by: a list read is a read of the persons it lists.
 */
export const denyUngranted: MiddlewareFn<AccessContext> = ({ root, context, info }, next) => {
  const grant = context.access.approved.get(info);
  const typeName = info.parentType.name;
  const { reads } = context.access;
  if (!grant) {
    reads.noteRefused(personsOf(typeName, parentObject(root, info), context), `${typeName}.${info.fieldName}`);
    throw forbidden(`${typeName}.${info.fieldName} has not been granted to anyone`);
  }
  const pageLabels = typeof root === 'object' && root !== null ? reads.pages.get(root) : undefined;
  const listsPage = pageLabels !== undefined && info.fieldName === 'edges';
  // A public field read on no page of persons notes nothing: its value passes through, without awaiting it here.
  if (grant.public && !listsPage) return next();
  return notedRead(grant, root, context, info, next, listsPage ? pageLabels : undefined);
};

async function notedRead(
  grant: Grant,
  root: unknown,
  context: AccessContext,
  info: GraphQLResolveInfo,
  next: () => Promise<unknown>,
  pageLabels: string[] | undefined,
): Promise<unknown> {
  const typeName = info.parentType.name;
  const { reads } = context.access;
  const value = await next();
  if (pageLabels) {
    for (const { typeName: recordType, record } of recordsIn(value, info.returnType)) {
      for (const label of pageLabels) reads.note(personsOf(recordType, record, context), label);
    }
  }
  if (grant.public) return value;
  const selections = reads.selections.get(info) ?? [];
  const labels = [`${typeName}.${info.fieldName}`, ...selections.map((selection) => selection.label)];
  reads.note(personsOf(typeName, parentObject(root, info), context), labels[0]);
  for (const selection of selections) reads.note(selection.personIds, selection.label);
  if (isConnection(info.returnType)) {
    if (typeof value === 'object' && value !== null) reads.pages.set(value, labels);
  } else if (context.bureauAccess.personOf?.[getNamedType(info.returnType).name]) {
    for (const { typeName: recordType, record } of recordsIn(value, info.returnType)) {
      for (const label of labels) reads.note(personsOf(recordType, record, context), label);
    }
  }
  return value;
}
