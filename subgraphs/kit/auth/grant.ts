import type { Identity } from './identity';
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
  /** A further rule on the object read; returns why the caller may not read it, or null. */
  restrict?: (root: any, identity: Identity) => string | null;
}

export function publicGrant(name: string): Grant {
  return { name, public: true };
}

export function personalGrant(name: string, roles: Grant['roles'], restrict?: Grant['restrict']): Grant {
  return { name, roles, restrict };
}
