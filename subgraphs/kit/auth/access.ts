import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import type { Identity } from './identity';
import { isPurpose, Purpose, Role, ROLE_PURPOSES } from './roles';
import type { StatedResidences } from './residence-statement';

/**
 * Field-level access rules. A bureau grants each of its fields with `@Authorized(grant)`; the kit's one auth checker
 * applies the grant (role, declared purpose, community scope, extra restriction) and notes the read for the audit
 * trail. A field without a grant is readable by nobody.
 */

export interface Grant {
  /** What the grant covers, in errors and documentation. */
  name: string;
  /** Reference data anyone signed in may read, with no purpose and no audit (geography, code lists, paging). */
  public?: boolean;
  /** The roles that may read it, each with the purposes it may read it for. */
  roles?: Partial<Record<Role, readonly Purpose[]>>;
  /** A further rule on the object read; returns why the caller may not read it, or null. */
  restrict?: (root: any, identity: Identity) => string | null;
}

export function publicGrant(name: string): Grant {
  return { name, public: true };
}

export function personalGrant(name: string, roles: Grant['roles'], restrict?: Grant['restrict']): Grant {
  return { name, roles, restrict };
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
  communityOf?: Record<string, (root: any, context: C) => Promise<string | null> | string | null>;
}

/** One request's reads of personal data: the persons and the fields, for its audit record. */
export class ReadLog {
  readonly personIds = new Set<string>();
  readonly fields = new Set<string>();

  note(persons: string | string[] | null, field: string): void {
    for (const personId of Array.isArray(persons) ? persons : persons ? [persons] : []) this.personIds.add(personId);
    this.fields.add(field);
  }

  get isEmpty(): boolean {
    return this.fields.size === 0;
  }
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

/** Applies a grant to one read of `typeName.fieldName` on `root` (undefined on Query and Mutation); throws FORBIDDEN. */
export async function authorize(grant: Grant, typeName: string, fieldName: string, root: unknown, context: AccessContext): Promise<void> {
  if (grant.public) return;
  const { identity, purpose } = context.access;
  const field = `${typeName}.${fieldName}`;
  const purposes = grant.roles?.[identity.role];
  if (!purposes) throw forbidden(`${identity.role} may not read ${field} (${grant.name})`);
  if (!purpose) throw forbidden(`Declare the purpose of use in the x-purpose header to read ${field}`);
  if (!purposes.includes(purpose)) throw forbidden(`${field} (${grant.name}) may not be read for ${purpose}`);
  if (identity.role === 'COMMUNITY_WORKER') {
    const communityOf = context.bureauAccess.communityOf?.[typeName];
    const community = root === undefined ? identity.community : communityOf ? await communityOf(root, context) : null;
    if (community !== identity.community) throw forbidden(`${field} is outside community ${identity.community}`);
  }
  const refusal = grant.restrict?.(root, identity);
  if (refusal) throw forbidden(`${field}: ${refusal}`);
}

/** The one auth checker of every subgraph: `@Authorized(grant)` passes its grant here. */
export const grantChecker: AuthChecker<AccessContext, Grant> = async ({ root, context, info }, grants) => {
  if (grants.length !== 1) throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} needs exactly one grant`);
  const started = performance.now();
  const [grant] = grants;
  // The check runs synchronously up to its first await (only a community worker's community lookup awaits):
  // that is the time it costs; waiting would also count other resolvers running meanwhile.
  const decided = authorize(grant, info.parentType.name, info.fieldName, parentObject(root, info), context);
  context.access.timings.checksMs += performance.now() - started;
  await decided;
  context.access.approved.set(info, grant);
  return true;
};

/** The object a field is read on; none on Query and Mutation. */
function parentObject(root: unknown, info: GraphQLResolveInfo): unknown {
  const onRootType = info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
  return onRootType ? undefined : root;
}

/**
 * Runs after the auth checker on every field: what no grant let through is refused (denied by default). A personal
 * field goes into the audit record once it has resolved: one that failed (a rejected mutation) read nothing.
 */
export const denyUngranted: MiddlewareFn<AccessContext> = async ({ root, context, info }, next) => {
  const grant = context.access.approved.get(info);
  if (!grant) throw forbidden(`${info.parentType.name}.${info.fieldName} has not been granted to anyone`);
  const value = await next();
  if (!grant.public) {
    const typeName = info.parentType.name;
    context.access.reads.note(context.bureauAccess.personOf?.[typeName]?.(parentObject(root, info)) ?? null, `${typeName}.${info.fieldName}`);
  }
  return value;
};
