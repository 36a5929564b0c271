import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentId, EMPTY_REGISTRY, readRegistry, registerClient } from '../../gateway/operations-registry';
import { DEFAULT_OPERATION_SOURCES, loadOperations } from '../../scripts/known-operations';
import { isRegistered, register } from '../../scripts/register-operations';
import { repoRoot } from '../../subgraphs/kit/paths';
import { loadSettings, SettingsError } from '../../subgraphs/kit/settings';

// `npm run operations:register`: a client's documents added, updated and removed in the registry, other clients' kept.

const DISTRICTS = '# The districts.\nquery Districts {\n  districts {\n    code\n  }\n}\n';
const COMMUNITIES = 'query Communities {\n  districts {\n    communities {\n      code\n    }\n  }\n}\n';
const PERSONS = 'query Persons {\n  persons(first: 5) {\n    edges {\n      node {\n        id\n      }\n    }\n  }\n}\n';

const portal = { name: 'portal', version: '1.0.0' };
const kiosk = { name: 'kiosk', version: '3.1.0' };
const doc = (text: string, file = 'a.graphql') => ({ text, file });

describe('registerClient', () => {
  it("adds a client's documents by the SHA-256 of their text as sent, with name, type, client and body", () => {
    const { registry, added, updated, removed } = registerClient(EMPTY_REGISTRY, portal, [doc(DISTRICTS)]);
    expect({ added, updated, removed }).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(registry.operations).toEqual([{ id: documentId(DISTRICTS), name: 'Districts', type: 'query', client: portal, body: DISTRICTS }]);
    expect(documentId(DISTRICTS)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("updates the client's documents it still sends, removes those it no longer sends, keeps other clients' entries", () => {
    let registry = registerClient(EMPTY_REGISTRY, portal, [doc(DISTRICTS), doc(COMMUNITIES)]).registry;
    registry = registerClient(registry, kiosk, [doc(DISTRICTS)]).registry;
    const next = registerClient(registry, { ...portal, version: '1.1.0' }, [doc(DISTRICTS), doc(PERSONS)]);
    expect({ added: next.added, updated: next.updated, removed: next.removed }).toEqual({ added: 1, updated: 1, removed: 1 });
    expect(next.registry.operations.map((entry) => [entry.client.name, entry.client.version, entry.name])).toEqual([
      ['kiosk', '3.1.0', 'Districts'],
      ['portal', '1.1.0', 'Districts'],
      ['portal', '1.1.0', 'Persons'],
    ]);
  });

  it('registers the same documents again without a change', () => {
    const once = registerClient(EMPTY_REGISTRY, portal, [doc(DISTRICTS), doc(COMMUNITIES)]);
    const twice = registerClient(once.registry, portal, [doc(COMMUNITIES), doc(DISTRICTS)]);
    expect({ added: twice.added, updated: twice.updated, removed: twice.removed }).toEqual({ added: 0, updated: 0, removed: 0 });
    expect(twice.registry).toEqual(once.registry);
  });

  it('gives a document changed by one character another id', () => {
    const changed = DISTRICTS.replace('code', 'code ');
    expect(documentId(changed)).not.toBe(documentId(DISTRICTS));
  });

  it('refuses a document without exactly one named operation, naming its file', () => {
    expect(() => registerClient(EMPTY_REGISTRY, portal, [doc(DISTRICTS + COMMUNITIES, 'two.graphql')])).toThrow(/two\.graphql: .*holds 2/);
    expect(() => registerClient(EMPTY_REGISTRY, portal, [doc('{ districts { code } }', 'anonymous.graphql')])).toThrow(/anonymous\.graphql: .*name/);
  });
});

describe('register', () => {
  it('writes the registry file, which the next registration reads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    try {
      fs.writeFileSync(path.join(dir, 'districts.graphql'), DISTRICTS);
      fs.writeFileSync(path.join(dir, 'communities.graphql'), COMMUNITIES);
      const file = path.join(dir, 'operations/registry.json');
      expect(register(file, portal, ['*.graphql'], dir)).toMatchObject({ added: 2, updated: 0, removed: 0 });
      fs.rmSync(path.join(dir, 'communities.graphql'));
      expect(register(file, portal, ['*.graphql'], dir)).toMatchObject({ added: 0, updated: 0, removed: 1 });
      expect(readRegistry(file).operations.map((entry) => entry.body)).toEqual([DISTRICTS]);
      expect(readRegistry(file)).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the registry in the schema check', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is stale for a client once one of its documents changed, until it registers again', () => {
    const file = path.join(dir, 'registry.json');
    fs.writeFileSync(path.join(dir, 'districts.graphql'), DISTRICTS);
    expect(isRegistered(file, portal, ['*.graphql'], dir)).toBe(false);
    register(file, portal, ['*.graphql'], dir);
    expect(isRegistered(file, portal, ['*.graphql'], dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'districts.graphql'), DISTRICTS.replace('code', 'code name'));
    expect(isRegistered(file, portal, ['*.graphql'], dir)).toBe(false);
  });

  it("gives known operations by client; the dashboard's, registered too, are known once, from their files", () => {
    const file = path.join(dir, 'registry.json');
    fs.writeFileSync(path.join(dir, 'districts.graphql'), DISTRICTS);
    register(file, portal, ['*.graphql'], dir);
    const sources = loadOperations([...DEFAULT_OPERATION_SOURCES, file], repoRoot()).map((operation) => operation.source);
    expect(sources).toContain('portal 1.0.0');
    expect(sources).toContain('gateway/dashboard/queries/trends.graphql');
    expect(sources).not.toContain('dashboard 0.1.0');
  });
});

describe('TRUSTED_DOCUMENTS', () => {
  it('is off by default, only, or allow-unregistered-for-roles with roles tokens name', () => {
    const trusted = (value?: string) => loadSettings(value === undefined ? {} : { TRUSTED_DOCUMENTS: value }).TRUSTED_DOCUMENTS;
    expect(trusted()).toEqual({ enforced: false, unregisteredRoles: [] });
    expect(trusted('only')).toEqual({ enforced: true, unregisteredRoles: [] });
    expect(trusted('allow-unregistered-for-roles=ANALYST,AUDITOR')).toEqual({ enforced: true, unregisteredRoles: ['ANALYST', 'AUDITOR'] });
    for (const wrong of ['on', 'allow-unregistered-for-roles=', 'allow-unregistered-for-roles=ANALYST,NOBODY']) {
      expect(() => trusted(wrong)).toThrow(SettingsError);
    }
  });
});
