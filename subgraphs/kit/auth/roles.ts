import { BUREAU_IDENTITIES, RoleDeclaration } from '../bureau-identity';

/**
 * The roles and purposes of use: the city-wide ones every bureau shares, declared here, and each bureau's own,
 * declared in its `identity.ts`. Which role may read which field for which purpose is each bureau's own decision,
 * written in its subgraph's `access.ts`.
 */

/** A role name, one of ROLES: tokens name them, so they are checked where they arrive (isRole). */
export type Role = string;
/** A purpose of use, one of PURPOSES, checked where it arrives (isPurpose). */
export type Purpose = string;

const SHARED_ROLES: Record<Role, RoleDeclaration> = {
  ANALYST: { description: 'Analyst (统计分析人员): aggregates only, no field about an individual', purposes: ['statistics'] },
  AUDITOR: { description: 'Auditor (审计人员): audit trails only', purposes: ['audit'] },
};

const SHARED_PURPOSES: Record<Purpose, string> = {
  statistics: 'Statistics and decision analysis (统计与决策分析)',
  audit: 'Audit of personal-data access (个人信息访问审计)',
};

interface DeclaredRole extends RoleDeclaration {
  name: Role;
  /** The bureau that declares it; null: shared. */
  bureau: string | null;
}

/**
 * In the order of the access matrix's columns: each bureau's officers (bureaus in their order), then the roles scoped
 * to one community, then the city-wide roles.
 */
function declaredRoles(): DeclaredRole[] {
  const ofBureaus = BUREAU_IDENTITIES.flatMap((identity) => Object.entries(identity.roles).map(([name, role]) => ({ ...role, name, bureau: identity.name })));
  const declared = [
    ...ofBureaus.filter((role) => role.scope !== 'community'),
    ...ofBureaus.filter((role) => role.scope === 'community'),
    ...Object.entries(SHARED_ROLES).map(([name, role]) => ({ ...role, name, bureau: null })),
  ];
  const names = declared.map((role) => role.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new Error(`role ${twice} is declared twice (bureaus' identity.ts, kit/auth/roles.ts)`);
  return declared;
}

const DECLARED_ROLES = declaredRoles();

export const ROLES: readonly Role[] = DECLARED_ROLES.map((role) => role.name);

/** What each role is, for the README, the token script and error messages. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = Object.fromEntries(DECLARED_ROLES.map((role) => [role.name, role.description]));

/** The bureau a role belongs to; a token claiming the role for another bureau is refused. Null: any bureau. */
export const ROLE_BUREAU: Readonly<Record<Role, string | null>> = Object.fromEntries(DECLARED_ROLES.map((role) => [role.name, role.bureau]));

/** The purposes each role may declare; any other is refused. */
export const ROLE_PURPOSES: Readonly<Record<Role, readonly Purpose[]>> = Object.fromEntries(DECLARED_ROLES.map((role) => [role.name, role.purposes]));

/** The roles declared as serving migrants in person, each with the purposes it may declare (RoleDeclaration.servesInPerson). */
export const ROLES_SERVING_IN_PERSON: Readonly<Record<Role, readonly Purpose[]>> = Object.fromEntries(
  DECLARED_ROLES.filter((role) => role.servesInPerson).map((role) => [role.name, role.purposes]),
);

/** Purposes of use a request declares in the `x-purpose` header (PIPL purpose limitation). */
export const PURPOSE_DESCRIPTIONS: Readonly<Record<Purpose, string>> = Object.assign(
  {},
  ...BUREAU_IDENTITIES.map((identity) => identity.purposes),
  SHARED_PURPOSES,
);

/** In the order the roles first declare them. */
export const PURPOSES: readonly Purpose[] = [...new Set(DECLARED_ROLES.flatMap((role) => role.purposes))];

for (const purpose of PURPOSES) {
  if (PURPOSE_DESCRIPTIONS[purpose] === undefined) throw new Error(`purpose ${purpose} of a role is declared by no bureau's identity.ts`);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLE_DESCRIPTIONS, value);
}

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && PURPOSES.includes(value);
}

/** Whether the role reads only within the one community its token names. */
export function isCommunityScoped(role: Role): boolean {
  return DECLARED_ROLES.find((declared) => declared.name === role)?.scope === 'community';
}
