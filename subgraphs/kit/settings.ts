import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import path from 'node:path';
import { BUREAU_NAMES, BUREAU_PORTS, BureauName } from './bureau-identity';
import { isRole, Role } from './auth/roles';
import { repoRoot } from './paths';

/**
 * Every environment variable of the services, declared once: what it accepts, its default and what it does (the
 * README's configuration table lists the same variables; test/unit/settings.test.ts holds the two together).
 * `loadSettings` reads them all at once, before a process opens anything, and refuses the start with one error naming
 * every bad variable and what it accepts. The process passes what each part needs down as options; nothing reads the
 * environment once it serves. A kit function called without its options (a test, a tool) takes them from
 * `loadSettings()` when it is called.
 */

/** What a variable accepts, and how its text becomes a value. */
export interface ValueType<T> {
  /** For the error: "an integer from 100 to 600000". */
  accepted: string;
  /** The value, or undefined when `raw` is not one. */
  parse(raw: string): T | undefined;
  /** Not repeated in an error: a private key, a URL that may hold a password. */
  secret?: boolean;
}

/** Whole numbers within bounds; also for the benchmarks' own variables (scripts/bench-options.ts). */
export function integer(min: number, max: number, accepted = `an integer from ${min} to ${max}`): ValueType<number> {
  return {
    accepted,
    parse(raw) {
      if (!/^[+-]?\d+$/.test(raw.trim())) return undefined;
      const value = Number(raw);
      return value >= min && value <= max ? value : undefined;
    },
  };
}

const port = integer(1, 65535, 'a port number from 1 to 65535');

const boolean: ValueType<boolean> = {
  accepted: 'true or false (or 1 / 0, yes / no)',
  parse: (raw) => (/^(1|true|yes)$/i.test(raw) ? true : /^(0|false|no)$/i.test(raw) ? false : undefined),
};

function oneOf<T extends string>(...values: T[]): ValueType<T> {
  return { accepted: `one of ${values.join(', ')}`, parse: (raw) => values.find((value) => value === raw) };
}

const text: ValueType<string> = { accepted: 'any text', parse: (raw) => raw };

const host: ValueType<string> = {
  accepted: 'a host name or IP address, such as 127.0.0.1 or 0.0.0.0',
  parse: (raw) => (/^[\w.-]+$|^[\da-f:.]+$/i.test(raw) ? raw : undefined),
};

/** Relative to the folder the process starts in. */
const folder: ValueType<string> = { accepted: 'a folder path', parse: (raw) => path.resolve(raw) };
const file: ValueType<string> = { accepted: 'a file path', parse: (raw) => path.resolve(raw) };

/** As the JSON body parser reads a limit (the `bytes` notation). */
const byteSize: ValueType<string> = {
  accepted: 'a size such as 100kb, 1mb or 2048 (bytes)',
  parse: (raw) => (/^\d+$|^\d+(\.\d+)? *(kb|mb|gb)$/i.test(raw.trim()) ? raw.trim() : undefined),
};

function url(protocols: string[], options: { database?: boolean } = {}): ValueType<string> {
  const schemes = protocols.map((protocol) => `${protocol}://`).join(' or ');
  return {
    accepted: options.database ? `a ${schemes} URL naming its database` : `a ${schemes} URL`,
    // A database URL carries its password.
    secret: options.database,
    parse(raw) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        return undefined;
      }
      if (!protocols.includes(parsed.protocol.slice(0, -1))) return undefined;
      if (options.database && parsed.pathname.length <= 1) return undefined;
      return raw;
    },
  };
}

/** A PEM key, `\n` allowed for its line breaks (one line in an env file), of the kind `fits` accepts. */
function pemKey(part: 'private' | 'public', accepted: string, fits: (key: KeyObject) => boolean): ValueType<KeyObject> {
  return {
    accepted: `${accepted} (\\n allowed for line breaks)`,
    secret: part === 'private',
    parse(raw) {
      const pem = raw.replace(/\\n/g, '\n');
      try {
        // createPublicKey would take a private key too: a public key's variable takes nothing else.
        if (part === 'public' && !pem.includes('-----BEGIN PUBLIC KEY-----')) return undefined;
        const key = part === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
        return fits(key) ? key : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

const isEd25519 = (key: KeyObject) => key.asymmetricKeyType === 'ed25519';
const ed25519Private = pemKey('private', 'a PEM (PKCS#8) Ed25519 private key', isEd25519);
const ed25519Public = pemKey('public', 'a PEM (SPKI) Ed25519 public key', isEd25519);
const es256Public = pemKey(
  'public',
  'a PEM (SPKI) ES256 (P-256) public key',
  (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
);

/** Which documents the gateway runs: any (not enforced), or only registered ones, except for the roles named. */
export interface TrustedDocuments {
  enforced: boolean;
  /** With `enforced`: the roles whose unregistered documents still run (an analyst exploring in GraphiQL). */
  unregisteredRoles: readonly Role[];
}

const ALLOW_UNREGISTERED = 'allow-unregistered-for-roles=';

const trustedDocuments: ValueType<TrustedDocuments> = {
  accepted: `off, only, or ${ALLOW_UNREGISTERED}<ROLE>,<ROLE>… (roles tokens name)`,
  parse(raw) {
    if (raw === 'off') return { enforced: false, unregisteredRoles: [] };
    if (raw === 'only') return { enforced: true, unregisteredRoles: [] };
    if (!raw.startsWith(ALLOW_UNREGISTERED)) return undefined;
    const roles = raw.slice(ALLOW_UNREGISTERED.length).split(',');
    return roles.every(isRole) ? { enforced: true, unregisteredRoles: roles } : undefined;
  },
};

interface Declaration<T> {
  type: ValueType<T>;
  /** The value when unset, written as it would be set (and checked like a set value); none: unset is undefined. */
  default?: string | (() => string);
  description: string;
}

/** The synthetic population seeded into empty databases unless POPULATION_SEED and POPULATION_SIZE say otherwise. */
export const DEFAULT_POPULATION_SEED = 2013;
export const DEFAULT_POPULATION_SIZE = 20000;

const setting = <T>(type: ValueType<T>, fallback: string | (() => string), description: string) => ({ type, default: fallback, description });
const optional = <T>(type: ValueType<T>, description: string) => ({ type, description });

/** The variables of every process. */
const VARIABLES = {
  DATA_DIR: setting(
    folder,
    () => path.join(repoRoot(), 'data'),
    'embedded databases (a folder per bureau), their audit checkpoints, and the local keys (keys/)',
  ),
  POPULATION_SIZE: setting(integer(0, 1_000_000), String(DEFAULT_POPULATION_SIZE), 'persons in the synthetic population seeded into empty databases'),
  POPULATION_SEED: setting(
    integer(0, 2_147_483_647),
    String(DEFAULT_POPULATION_SEED),
    'seed of the generator: the same seed gives the same people in every bureau',
  ),
  SEED_SYNTHETIC_DATA: setting(boolean, 'true', 'seed an empty database on start'),
  GATEWAY_PORT: setting(port, '4000', 'port of the gateway and GraphiQL'),
  SUPERGRAPH_FILE: setting(
    file,
    () => path.join(repoRoot(), 'schema/supergraph.graphql'),
    'the supergraph the gateway serves, swapped for a new one (once checked) when the file changes',
  ),
  SUPERGRAPH_URL: optional(url(['https', 'http']), 'else, where the gateway fetches its supergraph, asked again every SUPERGRAPH_POLL_SECONDS'),
  SUPERGRAPH_POLL_SECONDS: setting(integer(1, 86_400), '10', 'with SUPERGRAPH_URL: how often the gateway asks it for a new supergraph'),
  TRUSTED_DOCUMENTS: setting(trustedDocuments, 'off', 'which documents the gateway runs: any, only registered ones, or those too for the roles named'),
  OPERATIONS_REGISTRY: setting(
    file,
    () => path.join(repoRoot(), 'gateway/operations/registry.json'),
    'the registered operations (persisted-query manifest) the gateway runs by text or id',
  ),
  HOST: setting(host, '127.0.0.1', 'interface the services listen on'),
  LOG_LEVEL: setting(oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'info', 'threshold of the JSON logs'),
  SQL_STATEMENT_TIMEOUT_MS: setting(integer(1000, 3_600_000), '30000', 'statement_timeout of the connections that migrate, seed and count releases'),
  REQUEST_DEADLINE_MS: setting(integer(100, 600_000), '5000', 'how long a query may run at a subgraph (the gateway waits a second more)'),
  MUTATION_DEADLINE_MS: setting(integer(100, 600_000), '15000', "statement_timeout of a mutation's transaction (the gateway waits a second more)"),
  MAX_RESPONSE_FIELDS: setting(integer(1, 10_000_000), '50000', 'most fields and list items one answer of a subgraph may hold'),
  HTTP_KEEP_ALIVE_MS: setting(integer(1000, 600_000), '65000', 'how long an idle keep-alive connection is kept open'),
  AUDIT_CHECKPOINT_SECONDS: setting(integer(1, 86_400), '60', 'at most one checkpoint of the audit chain per interval while it moves'),
  AUDIT_CHECKPOINT_DIR: optional(folder, 'where <bureau>.audit-checkpoints is appended (unset: beside the data folder)'),
  GATEWAY_REQUEST_PRIVATE_KEY: optional(ed25519Private, 'the key the gateway signs request ids with (unset: a pair in DATA_DIR/keys/)'),
  GATEWAY_REQUEST_PUBLIC_KEY: optional(ed25519Public, 'the key the subgraphs check request ids with'),
  AUDIT_CHECKPOINT_PRIVATE_KEY: optional(ed25519Private, 'the key the subgraphs sign audit records and checkpoints with'),
  AUDIT_CHECKPOINT_PUBLIC_KEY: optional(ed25519Public, 'the key audit:verify checks them with'),
  IDEMPOTENCY_RETENTION_HOURS: setting(integer(1, 8760), '24', "how long a mutation's Idempotency-Key and result are kept"),
  START_TIMEOUT_SECONDS: setting(integer(1, 86_400), '600', 'how long npm start waits for a service to become healthy'),
  RESTART_DELAY_SECONDS: setting(integer(1, 3600), '1', 'npm start: the first wait before starting again a service that stopped'),
  RESTART_MAX_DELAY_SECONDS: setting(integer(1, 86_400), '30', 'npm start: the longest such wait'),
  AUTH_JWKS_URL: optional(url(['https', 'http']), "the identity provider's key set the services verify tokens against"),
  AUTH_PUBLIC_KEY: optional(es256Public, 'else, the one public key they verify tokens against'),
  AUTH_KEY_ID: optional(text, "with AUTH_PUBLIC_KEY: the key id its tokens name (unset: the key's thumbprint)"),
  TOKEN_MAX_LIFETIME_SECONDS: setting(integer(1, 2_592_000), '43200', 'the longest a token may live from iat to exp'),
  AUTH_ISSUER: setting(text, 'migrant-graph-local', 'the iss every token must carry'),
  AUTH_AUDIENCE: setting(text, 'migrant-person-graph', 'the aud every token must carry'),
  RESIDENCE_STATEMENT_PRIVATE_KEY: optional(ed25519Private, 'public security: the key it signs statements of current communities with'),
  RESIDENCE_STATEMENT_PUBLIC_KEY: optional(ed25519Public, 'the other bureaus: the key they check those statements with'),
  RESIDENCE_STATEMENT_MAX_AGE_SECONDS: setting(integer(1, 3600), '60', 'how long a statement of a current community scopes a community worker'),
  MAX_QUERY_DEPTH: setting(integer(1, 100), '12', 'deepest query accepted'),
  MAX_QUERY_COST: setting(integer(1, 10_000_000), '20000', 'highest query cost accepted at the gateway (subgraphs: twice)'),
  MAX_QUERY_ALIASES: setting(integer(0, 1000), '15', 'most aliases in one query'),
  MAX_QUERY_DIRECTIVES: setting(integer(0, 1000), '20', 'most directives in one query'),
  MAX_QUERY_TOKENS: setting(integer(1, 1_000_000), '3000', 'most tokens in one query document at the gateway (subgraphs: ten times)'),
  MAX_REQUEST_SIZE: setting(byteSize, '100kb', 'largest request body at the gateway'),
  MAX_ENTITY_REPRESENTATIONS: setting(integer(1, 100_000), '1000', 'most representations one request passes to _entities'),
  // The graph's own inputs nest 4 levels.
  MAX_INPUT_DEPTH: setting(integer(4, 100), '6', "most levels of lists and objects in an argument's value"),
  MAX_INPUT_LIST_SIZE: setting(integer(1, 1_000_000), '1000', "most items in one list of an argument's value"),
  STATISTICS_RELEASE: setting(oneOf('month', 'day'), 'month', 'the cut-off of statistics releases'),
  DISCLOSURE_MEMO_DIR: optional(folder, 'where disclosure protection results are remembered by their table (unset: nowhere)'),
  USAGE_RECORDING: setting(boolean, 'true', 'gateway: record operation usage (signatures without literals, fields, clients, counts per day)'),
  USAGE_DIR: optional(folder, 'gateway: where usage is recorded, a file per day (unset: DATA_DIR/usage)'),
  USAGE_RETENTION_DAYS: setting(integer(1, 3660), '30', 'gateway: days of recorded usage kept'),
} satisfies Record<string, Declaration<unknown>>;

interface FamilyDeclaration<T> extends Omit<Declaration<T>, 'default'> {
  default?: (bureau: BureauName) => string;
}

/** `<BUREAU>_<suffix>`, one of each for every bureau (its folder's identity.ts). */
const BUREAU_VARIABLES = {
  PORT: { type: port, default: (bureau: BureauName) => String(BUREAU_PORTS[bureau]), description: "port of the bureau's subgraph" },
  URL: optional(url(['http', 'https']), "where the gateway finds the bureau's subgraph (unset: the URL in the supergraph)"),
  DATABASE_URL: optional(url(['postgres', 'postgresql'], { database: true }), "the owner's URL of the bureau's database on a server (unset: embedded)"),
  APP_DATABASE_URL: optional(url(['postgres', 'postgresql'], { database: true }), 'on a server: the role the subgraph serves as (unset: <database>_app)'),
} satisfies Record<string, FamilyDeclaration<unknown>>;

type ValueOf<D> = D extends { type: ValueType<infer T>; default: unknown } ? T : D extends { type: ValueType<infer T> } ? T | undefined : never;

export type BureauSettings = { readonly [K in keyof typeof BUREAU_VARIABLES]: ValueOf<(typeof BUREAU_VARIABLES)[K]> };

export type Settings = { readonly [K in keyof typeof VARIABLES]: ValueOf<(typeof VARIABLES)[K]> } & {
  readonly bureaus: Readonly<Record<BureauName, BureauSettings>>;
};

export type LogLevel = Settings['LOG_LEVEL'];
export type ReleasePeriod = Settings['STATISTICS_RELEASE'];

/** A bureau's name in upper snake case (`city-bureau` → `CITY_BUREAU`), the prefix of its own variables. */
export function envPrefix(bureau: string): string {
  return bureau.toUpperCase().replace(/-/g, '_');
}

/** A declared variable, its name spelled out (a bureau's too), for documentation and its test. */
export interface DeclaredVariable {
  name: string;
  accepted: string;
  /** Unset: no default (the variable is optional). */
  default?: string;
  description: string;
}

interface Expanded extends DeclaredVariable {
  type: ValueType<unknown>;
}

function expanded(): { globals: [keyof typeof VARIABLES, Expanded][]; bureaus: [BureauName, keyof typeof BUREAU_VARIABLES, Expanded][] } {
  const globals = Object.entries(VARIABLES).map(([name, declaration]: [string, Declaration<unknown>]) => {
    const fallback = typeof declaration.default === 'function' ? declaration.default() : declaration.default;
    return [name, { name, type: declaration.type, accepted: declaration.type.accepted, default: fallback, description: declaration.description }];
  }) as [keyof typeof VARIABLES, Expanded][];
  const bureaus = BUREAU_NAMES.flatMap((bureau) =>
    Object.entries(BUREAU_VARIABLES).map(([suffix, declaration]: [string, FamilyDeclaration<unknown>]) => {
      const name = `${envPrefix(bureau)}_${suffix}`;
      return [
        bureau,
        suffix,
        {
          name,
          type: declaration.type,
          accepted: declaration.type.accepted,
          default: declaration.default?.(bureau),
          description: `${bureau}: ${declaration.description}`,
        },
      ];
    }),
  ) as [BureauName, keyof typeof BUREAU_VARIABLES, Expanded][];
  return { globals, bureaus };
}

/** Every variable `loadSettings` reads, in order. */
export function declaredVariables(): DeclaredVariable[] {
  const { globals, bureaus } = expanded();
  return [...globals.map(([, variable]) => variable), ...bureaus.map(([, , variable]) => variable)].map(({ type: _type, ...variable }) => variable);
}

/** A start refused: every variable that is wrong, each with what it accepts. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid (${problems.length === 1 ? 'one variable' : `${problems.length} variables`}):\n  ${problems.join('\n  ')}`);
    this.name = 'SettingsError';
  }
}

function quoted(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

/**
 * The settings in `env` (an unset or empty variable takes its default), all checked before any is used. Throws a
 * SettingsError naming every variable that is not valid.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const read = ({ name, type, default: fallback }: Expanded, where: string): unknown => {
    const set = env[name];
    const raw = set === undefined || set === '' ? fallback : set;
    if (raw === undefined) return undefined;
    const value = type.parse(raw);
    if (value === undefined) {
      const got = type.secret ? 'got a value that is not one (not shown)' : `got ${quoted(raw)}`;
      problems.push(`${name} must be ${type.accepted}, ${got}${set === undefined || set === '' ? ` (its ${where})` : ''}`);
    }
    return value;
  };
  const { globals, bureaus } = expanded();
  const settings: Record<string, unknown> = {};
  for (const [key, variable] of globals) settings[key] = read(variable, 'default');
  const perBureau = Object.fromEntries(BUREAU_NAMES.map((bureau) => [bureau, {} as Record<string, unknown>]));
  for (const [bureau, suffix, variable] of bureaus) perBureau[bureau][suffix] = read(variable, 'default');
  settings.bureaus = perBureau;
  const { RESTART_DELAY_SECONDS: first, RESTART_MAX_DELAY_SECONDS: longest } = settings as Partial<Settings>;
  if (first !== undefined && longest !== undefined && longest < first) {
    problems.push(`RESTART_MAX_DELAY_SECONDS must be at least RESTART_DELAY_SECONDS (${first}), got "${longest}"`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings as Settings;
}

/**
 * A command-line option that takes the values of a declared variable (`--usage-days` those of USAGE_RETENTION_DAYS):
 * `raw` checked by the variable's type, the variable's setting in `env` when the option is absent.
 */
export function optionLike<K extends keyof typeof VARIABLES>(
  key: K,
  option: string,
  raw: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Settings[K] {
  if (raw === undefined) return loadSettings(env)[key];
  const { type } = VARIABLES[key] as Declaration<Settings[K]>;
  const value = type.parse(raw);
  if (value === undefined) throw new SettingsError([`${option} must be ${type.accepted}, got ${quoted(raw)}`]);
  return value;
}

/** Every variable at its default: what a process gets from an empty environment. */
export function defaultSettings(): Settings {
  return loadSettings({});
}

/** The settings of one bureau; a name no identity.ts declares is an error of the code, not of the configuration. */
export function bureauSettings(settings: Settings, bureau: string): BureauSettings {
  const found = (settings.bureaus as Record<string, BureauSettings | undefined>)[bureau];
  if (!found) throw new Error(`no bureau "${bureau}": no subgraphs/${bureau}/identity.ts declares it`);
  return found;
}
