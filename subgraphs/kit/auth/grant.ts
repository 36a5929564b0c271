import type { Purpose, Role } from './roles';

/**
 * What a field's `@Authorized(grant)` allows. Declared here, below the checker (access.ts) and the filter reads
 * (filter-reads.ts), which both use it.
 */
export interface Grant {
  /** What the grant covers, in errors and documentation. */
  name: string;
  /** Reference data anyone signed in may read, with no purpose and no audit (geography, code lists, paging). */
  public?: boolean;
  /** The roles that may read it, each with the purposes it may read it for. */
  roles?: Partial<Record<Role, readonly Purpose[]>>;
  /** A further rule on the object read. */
  restriction?: Restriction;
}

/**
 * A rule beyond role and purpose: on the objects it applies to, only some of the grant's roles may read. It is data,
 * not a function of the caller, so that the access matrix can show it (schema/access-matrix.md, a row of its own).
 */
export interface Restriction {
  /** The objects it applies to, as the access matrix names them ("a minor"). */
  objects: string;
  applies: (root: any) => boolean;
  /** The roles that may still read on those objects. */
  roles: readonly Role[];
  /** Why anyone else is refused, for the error. */
  reason: string;
}

export function publicGrant(name: string): Grant {
  return { name, public: true };
}

export function personalGrant(name: string, roles: Grant['roles'], restriction?: Restriction): Grant {
  return { name, roles, restriction };
}
