import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BUREAUS } from '../../subgraphs';
import { BUREAU_NAMES } from '../../subgraphs/kit/bureau-identity';
import { repoRoot } from '../../subgraphs/kit/paths';
import { declaredVariables, defaultSettings, loadSettings, optionLike, SettingsError } from '../../subgraphs/kit/settings';

// The one configuration module (kit/settings.ts): every variable checked at once, before a process opens anything.

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}

/** A PEM key as an env file holds it: one line, `\n` for its line breaks. */
const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');

describe('loading the settings', () => {
  it('names every bad variable at once, each with what it accepts', () => {
    const env = {
      REQUEST_DEADLINE_MS: 'abc',
      START_TIMEOUT_SECONDS: '1e3',
      MAX_QUERY_DEPTH: '0',
      LOG_LEVEL: 'loud',
      SEED_SYNTHETIC_DATA: 'maybe',
      STATISTICS_RELEASE: 'week',
      MAX_REQUEST_SIZE: 'large',
      AUTH_JWKS_URL: 'ftp://idp.example/keys',
      EDUCATION_PORT: '70000',
      HUMAN_RESOURCES_URL: 'not a url',
    };
    expect(problemsOf(env)).toEqual([
      'SEED_SYNTHETIC_DATA must be true or false (or 1 / 0, yes / no), got "maybe"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'REQUEST_DEADLINE_MS must be an integer from 100 to 600000, got "abc"',
      'START_TIMEOUT_SECONDS must be an integer from 1 to 86400, got "1e3"',
      'AUTH_JWKS_URL must be a https:// or http:// URL, got "ftp://idp.example/keys"',
      'MAX_QUERY_DEPTH must be an integer from 1 to 100, got "0"',
      'MAX_REQUEST_SIZE must be a size such as 100kb, 1mb or 2048 (bytes), got "large"',
      'STATISTICS_RELEASE must be one of month, day, got "week"',
      'EDUCATION_PORT must be a port number from 1 to 65535, got "70000"',
      'HUMAN_RESOURCES_URL must be a http:// or https:// URL, got "not a url"',
    ]);
    expect(() => loadSettings(env)).toThrow(/^The configuration is not valid \(10 variables\):\n {2}SEED_SYNTHETIC_DATA must be/);
  });

  it('refuses what Number() would have let through as NaN or a fraction; an empty variable is unset', () => {
    for (const raw of ['ten', '5.5', '0x10', 'Infinity', ' ']) {
      expect(problemsOf({ START_TIMEOUT_SECONDS: raw })).toEqual([`START_TIMEOUT_SECONDS must be an integer from 1 to 86400, got "${raw}"`]);
    }
    expect(loadSettings({ START_TIMEOUT_SECONDS: '' }).START_TIMEOUT_SECONDS).toBe(600);
    expect(loadSettings({ START_TIMEOUT_SECONDS: ' 90 ' }).START_TIMEOUT_SECONDS).toBe(90);
  });

  it('checks one variable against another', () => {
    expect(problemsOf({ RESTART_DELAY_SECONDS: '10', RESTART_MAX_DELAY_SECONDS: '5' })).toEqual([
      'RESTART_MAX_DELAY_SECONDS must be at least RESTART_DELAY_SECONDS (10), got "5"',
    ]);
  });

  it('does not repeat a private key or a database URL, which may hold a password, in its error', () => {
    const problems = problemsOf({
      AUDIT_CHECKPOINT_PRIVATE_KEY: 'secret-key-material',
      PUBLIC_SECURITY_DATABASE_URL: 'postgres://owner:hunter2@db.example',
    });
    expect(problems).toEqual([
      'AUDIT_CHECKPOINT_PRIVATE_KEY must be a PEM (PKCS#8) Ed25519 private key (\\n allowed for line breaks), got a value that is not one (not shown)',
      'PUBLIC_SECURITY_DATABASE_URL must be a postgres:// or postgresql:// URL naming its database, got a value that is not one (not shown)',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret-key|hunter2/);
  });

  it('takes keys in PEM, one line with \\n, of the kind each variable is for', () => {
    const ed25519 = generateKeyPairSync('ed25519');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const privatePem = oneLine(ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const publicPem = oneLine(ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const es256Pem = oneLine(p256.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const settings = loadSettings({ AUDIT_CHECKPOINT_PRIVATE_KEY: privatePem, AUDIT_CHECKPOINT_PUBLIC_KEY: publicPem, AUTH_PUBLIC_KEY: es256Pem });
    expect(settings.AUDIT_CHECKPOINT_PRIVATE_KEY?.asymmetricKeyType).toBe('ed25519');
    expect(settings.AUDIT_CHECKPOINT_PUBLIC_KEY?.equals(ed25519.publicKey)).toBe(true);
    expect(settings.AUTH_PUBLIC_KEY?.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    // A private key where a public one belongs, a key of another kind: refused.
    expect(problemsOf({ GATEWAY_REQUEST_PUBLIC_KEY: privatePem, AUTH_PUBLIC_KEY: publicPem }).map((problem) => problem.split(' must ')[0])).toEqual([
      'GATEWAY_REQUEST_PUBLIC_KEY',
      'AUTH_PUBLIC_KEY',
    ]);
  });

  it('gives every variable a valid default, or none', () => {
    const defaults = defaultSettings();
    expect(defaults.REQUEST_DEADLINE_MS).toBe(5000);
    expect(defaults.SEED_SYNTHETIC_DATA).toBe(true);
    expect(defaults.DATA_DIR).toBe(path.join(repoRoot(), 'data'));
    expect(defaults.AUTH_JWKS_URL).toBeUndefined();
    expect(Object.fromEntries(BUREAU_NAMES.map((bureau) => [bureau, defaults.bureaus[bureau].PORT]))).toMatchObject({
      'public-security': 4001,
      'civil-affairs': 4002,
      education: 4003,
      'human-resources': 4004,
    });
    // Each default, set explicitly, is accepted and read as the default is.
    for (const variable of declaredVariables()) {
      if (variable.default === undefined) continue;
      expect({ [variable.name]: problemsOf({ [variable.name]: variable.default }) }).toEqual({ [variable.name]: [] });
    }
    expect(loadSettings(Object.fromEntries(declaredVariables().flatMap(({ name, default: value }) => (value === undefined ? [] : [[name, value]]))))).toEqual(
      defaults,
    );
  });

  it('declares a family of variables for every bureau, the bureaus of subgraphs/index.ts in its order', () => {
    expect(BUREAU_NAMES).toEqual(BUREAUS.map((bureau) => bureau.name));
    const names = declaredVariables().map((variable) => variable.name);
    for (const prefix of ['PUBLIC_SECURITY', 'CIVIL_AFFAIRS', 'EDUCATION', 'HUMAN_RESOURCES']) {
      for (const suffix of ['PORT', 'URL', 'DATABASE_URL', 'APP_DATABASE_URL']) expect(names).toContain(`${prefix}_${suffix}`);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('a command-line option that takes the values of a variable', () => {
  it("is checked by the variable's type, and takes the variable's setting when absent", () => {
    expect(optionLike('USAGE_RETENTION_DAYS', '--usage-days', '7', {})).toBe(7);
    expect(optionLike('USAGE_RETENTION_DAYS', '--usage-days', undefined, {})).toBe(30);
    expect(optionLike('USAGE_RETENTION_DAYS', '--usage-days', undefined, { USAGE_RETENTION_DAYS: '90' })).toBe(90);
    for (const bad of ['0', '7.5', 'NaN', 'seven']) {
      expect(() => optionLike('USAGE_RETENTION_DAYS', '--usage-days', bad, {})).toThrow(`--usage-days must be an integer from 1 to 3660, got "${bad}"`);
    }
  });
});

describe("the README's configuration table", () => {
  it('lists exactly the declared variables', () => {
    const lines = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8').split('\n');
    const section = lines.slice(lines.indexOf('## Configuration'));
    // The section's first table (the services'); the benchmarks' and tests' own variables follow in another.
    const start = section.findIndex((line) => line.startsWith('|'));
    const end = section.findIndex((line, index) => index > start && !line.startsWith('|'));
    const listed = section
      .slice(start, end)
      .map((row) => row.split('|')[1])
      .flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]));
    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual(
      declaredVariables()
        .map((variable) => variable.name)
        .sort(),
    );
  });
});
