import fs from 'node:fs';
import path from 'node:path';

/** A role a bureau's staff hold in their tokens. */
export interface RoleDeclaration {
  /** Who holds it, with the Chinese term, for the README, the token script and error messages. */
  description: string;
  /** The purposes of use the role may declare (`x-purpose`), any other refused. */
  purposes: readonly string[];
  /** `community`: the token names one community and the role reads only within it (a service-point worker). */
  scope?: 'community';
  /**
   * The role serves migrants in person (a counter, a caseworker): public security, whose policy it is (its access.ts),
   * shows such roles the identity core and current residence needed to find and serve a person, for the role's own
   * purposes. Left out for a role that works on its own bureau's register only; a change here shows in the access
   * matrix (schema/access-matrix.md), which `npm run schema:check` keeps current.
   */
  servesInPerson?: true;
}

/**
 * What a bureau declares of itself in `subgraphs/<bureau>/identity.ts`, apart from its GraphQL code so that the
 * settings, the token script and `npm start` know every bureau without loading any.
 */
export interface BureauIdentity {
  /** Kebab-case, the bureau's folder: the subgraph name in the supergraph, the data folder and the env prefix. */
  name: string;
  /** The port its subgraph listens on unless `<BUREAU>_PORT` says otherwise; the bureaus are listed in this order. */
  port: number;
  /** The roles of its staff; a token naming one is accepted only from this bureau. */
  roles: Readonly<Record<string, RoleDeclaration>>;
  /** The purposes of use it introduces, each with its description (Chinese term). */
  purposes: Readonly<Record<string, string>>;
}

/** Kebab-case name of a bureau, one of BUREAU_NAMES (checked where a name comes from outside the code). */
export type BureauName = string;

const SUBGRAPHS_DIR = path.join(__dirname, '..');

/** The declaration in a folder of subgraphs/, from source (tests) or compiled (dist/); a folder without one is no bureau. */
function declaredIn(folder: string): BureauIdentity | undefined {
  const file = ['identity.ts', 'identity.js'].map((name) => path.join(SUBGRAPHS_DIR, folder, name)).find((candidate) => fs.existsSync(candidate));
  if (!file) return undefined;
  // Which bureaus there are is known only by listing the folders, so the declaration is required by its path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const identity = (require(file) as { identity?: BureauIdentity }).identity;
  if (identity?.name !== folder) throw new Error(`${file} must export \`identity\`, a BureauIdentity named "${folder}" like its folder`);
  return identity;
}

function discovered(): BureauIdentity[] {
  const identities = fs
    .readdirSync(SUBGRAPHS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => declaredIn(entry.name) ?? [])
    .sort((a, b) => a.port - b.port);
  for (const [index, identity] of identities.entries()) {
    const before = identities[index - 1];
    if (before?.port === identity.port) throw new Error(`bureaus ${before.name} and ${identity.name} declare the same default port ${identity.port}`);
  }
  return identities;
}

/** Every bureau of the graph, found by its folder's `identity.ts`, in the order of their default ports. */
export const BUREAU_IDENTITIES: readonly BureauIdentity[] = discovered();

export const BUREAU_NAMES: readonly BureauName[] = BUREAU_IDENTITIES.map((identity) => identity.name);

export const BUREAU_PORTS: Readonly<Record<BureauName, number>> = Object.fromEntries(BUREAU_IDENTITIES.map((identity) => [identity.name, identity.port]));
