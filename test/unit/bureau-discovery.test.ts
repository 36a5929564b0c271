import fs from 'node:fs';
import path from 'node:path';
import { BUREAUS } from '../../subgraphs';
import { accessLogFieldName } from '../../subgraphs/kit/auth/access-log';
import { PURPOSES, ROLE_BUREAU, ROLES } from '../../subgraphs/kit/auth/roles';
import { BUREAU_IDENTITIES, BUREAU_NAMES, BUREAU_PORTS } from '../../subgraphs/kit/bureau-identity';
import { repoRoot } from '../../subgraphs/kit/paths';
import { envPrefix } from '../../subgraphs/kit/settings';

/**
 * A bureau joins the graph by its folder alone: subgraphs/<bureau>/identity.ts declares its name, port, roles and
 * purposes, bureau.ts its code. Nothing shared may name a bureau, or the next one would have to edit it.
 */

const root = repoRoot();
const subgraphsDir = path.join(root, 'subgraphs');
/** The folders of subgraphs/ that are not bureaus: the kit and the synthetic-data generator. */
const SHARED_FOLDERS = ['kit', 'synthetic'];

/** Where no bureau may be named: the kit, the gateway, the scripts and the tests' shared support. */
const SHARED_CODE = ['subgraphs/kit', 'gateway', 'scripts', 'test/support'];
const TEXT_FILE = /\.(ts|tsx|js|mjs|graphql|html|css|json)$/;

/** Files that name bureaus on purpose, each with why. */
const NAMING_BUREAUS: Record<string, string> = {
  'gateway/graphiql/app.tsx': "GraphiQL's default headers: a caller who may run its example query (a person across bureaus)",
  'scripts/start.ts': "the sample token command `npm start` prints, the README's example caller",
  'scripts/bench-security.ts': "the measured request: a relief caseworker's page of persons",
  'scripts/bench.ts': 'the measured callers: a relief caseworker reading persons across bureaus',
  'scripts/bench-floor.ts': "the bench's floor shapes the figures as the bureaus do, with their own code (roll-out and spending, breakdown names)",
  'scripts/bench-generator.ts': "times each bureau's synthetic-data generator, which is the bureau's own seed code",
  'scripts/synthetic-release.ts': "public security's release counted from the generator, for the disclosure benchmark",
  'test/support/attacker-view.ts': "what an analyst learns from the bureaus' published figures (disclosure attack)",
  'test/support/figures.ts': "the four bureaus' figures counted from their synthetic data, for their integration tests",
  'test/support/federation.ts': "the integration tests' usual callers (a relief caseworker, a registry officer)",
};

function filesUnder(relative: string): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) return filesUnder(file);
    return TEXT_FILE.test(entry.name) ? [file] : [];
  });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How code names a bureau: its name quoted or as a folder in a path (prose may say "education"), its env and supergraph prefix,
 * its AccessLog field, its roles and the purposes it introduces.
 */
function namingPatterns(): { bureau: string; pattern: RegExp }[] {
  return BUREAU_IDENTITIES.flatMap((identity) => {
    const words = [envPrefix(identity.name), ...Object.keys(identity.roles)].map((word) => `\\b${escaped(word)}(?![A-Za-z0-9])`);
    if (accessLogFieldName(identity.name) !== identity.name) words.push(`\\b${accessLogFieldName(identity.name)}\\b`);
    // Quoted, or a folder of a path (`subgraphs/health/`): not a URL path such as `'/health'`, the kit's health check.
    const quoted = [identity.name, ...Object.keys(identity.purposes)].flatMap((name) => [`['"\`]${escaped(name)}['"\`]`, `/${escaped(name)}/`]);
    return [...words, ...quoted].map((source) => ({ bureau: identity.name, pattern: new RegExp(source) }));
  });
}

describe('bureau discovery', () => {
  it('finds every folder of subgraphs/ but the kit and the generator, in the order of their ports', () => {
    const folders = fs
      .readdirSync(subgraphsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !SHARED_FOLDERS.includes(entry.name))
      .map((entry) => entry.name);
    expect([...BUREAU_NAMES].sort()).toEqual(folders.sort());
    const ports = BUREAU_IDENTITIES.map((identity) => identity.port);
    expect(ports).toEqual([...ports].sort((a, b) => a - b));
    expect(BUREAUS.map((bureau) => bureau.name)).toEqual(BUREAU_NAMES);
    // The bureaus there were before discovery keep their names and default ports (PUBLIC_SECURITY_PORT=4001, …).
    expect(BUREAU_PORTS).toMatchObject({ 'public-security': 4001, 'civil-affairs': 4002, education: 4003, 'human-resources': 4004 });
  });

  it("takes each bureau's roles and purposes from its identity, the shared ones from the kit", () => {
    for (const identity of BUREAU_IDENTITIES) {
      for (const [role, declared] of Object.entries(identity.roles)) {
        expect(ROLE_BUREAU[role]).toBe(identity.name);
        for (const purpose of declared.purposes) expect(PURPOSES).toContain(purpose);
      }
      for (const purpose of Object.keys(identity.purposes)) expect(PURPOSES).toContain(purpose);
    }
    expect(ROLES.filter((role) => ROLE_BUREAU[role] === null)).toEqual(['ANALYST', 'AUDITOR']);
    expect(PURPOSES.slice(-2)).toEqual(['statistics', 'audit']);
  });

  it('leaves the kit, the gateway, the scripts and the test support free of any bureau, but for the files listed', () => {
    const patterns = namingPatterns();
    const naming = new Map<string, string[]>();
    for (const file of SHARED_CODE.flatMap(filesUnder)) {
      const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
      const found = lines.flatMap((line, index) =>
        patterns.filter(({ pattern }) => pattern.test(line)).map(({ bureau }) => `${file}:${index + 1} names ${bureau}: ${line.trim()}`),
      );
      if (found.length > 0) naming.set(file, found);
    }
    expect([...naming].filter(([file]) => !(file in NAMING_BUREAUS)).flatMap(([, found]) => found)).toEqual([]);
    // An entry of the list that no longer names a bureau is dropped from it.
    expect(Object.keys(NAMING_BUREAUS).filter((file) => !naming.has(file))).toEqual([]);
  });
});
