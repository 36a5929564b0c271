import { isRole, Purpose, Role, ROLE_PURPOSES } from './roles';

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

/**
 * Roles are names declared at run time (bureaus' identity.ts), so a grant checks its own when it is made: a misspelt
 * role, or a purpose its role may not declare, stops the subgraph's code from loading instead of granting nobody.
 */
export function personalGrant(name: string, roles: Grant['roles'], restriction?: Restriction): Grant {
  for (const [role, purposes] of Object.entries(roles ?? {})) {
    if (!isRole(role)) throw new Error(`grant "${name}" names the unknown role ${role}`);
    const undeclared = (purposes ?? []).filter((purpose) => !ROLE_PURPOSES[role].includes(purpose));
    if (undeclared.length > 0) throw new Error(`grant "${name}": ${role} may not declare ${undeclared.join(', ')}`);
  }
  const unknown = restriction?.roles.filter((role) => !isRole(role)) ?? [];
  if (unknown.length > 0) throw new Error(`grant "${name}" restricts to the unknown role ${unknown.join(', ')}`);
  return { name, roles, restriction };
}
