import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, sign } from 'node:crypto';
import { GraphQLObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { Grant } from '../../subgraphs/kit/auth/grant';
import { issueResidenceStatement, readResidenceStatement, StatedResidences } from '../../subgraphs/kit/auth/residence-statement';
import { BUREAUS } from '../../subgraphs';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';

// Public security's statement of where a person lives now, and the bureaus' use of it (kit/auth/residence-statement.ts).

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-statement-'));
process.env.DATA_DIR = dataDir;
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const PERSON = '0A1B2C3D4E';
/** How old a statement may be (RESIDENCE_STATEMENT_MAX_AGE_SECONDS, the subgraph's option). */
const WINDOW_MS = 60_000;
const now = Date.now();
const fresh = () => issueResidenceStatement({ personId: PERSON, communityCode: '640104001001', issuedAt: now });

describe('reading a statement', () => {
  it('gives the fact of a genuine fresh statement', () => {
    expect(readResidenceStatement(fresh(), WINDOW_MS, now + 1000)).toEqual({ personId: PERSON, communityCode: '640104001001', issuedAt: now });
  });

  it('gives nothing for one altered, signed with another key, stale, from the far future, or malformed', () => {
    const [version, payload, signature] = fresh().split('.');
    const altered = Buffer.from(JSON.stringify({ p: PERSON, c: '640104001002', t: now })).toString('base64url');
    const foreign = sign(null, Buffer.from(`${version}.${altered}`), generateKeyPairSync('ed25519').privateKey).toString('base64url');
    const cases: [string, unknown, number][] = [
      ['altered', `${version}.${altered}.${signature}`, now],
      ['another key', `${version}.${altered}.${foreign}`, now],
      ['stale', fresh(), now + WINDOW_MS + 1],
      ['far future', fresh(), now - WINDOW_MS - 1],
      ['another version', `rs2.${payload}.${signature}`, now],
      ['a community code', '640104001001', now],
      ['not a string', { communityCode: '640104001001' }, now],
      ['empty', '', now],
    ];
    for (const [name, statement, at] of cases) expect({ name, fact: readResidenceStatement(statement, WINDOW_MS, at) }).toEqual({ name, fact: null });
    expect(readResidenceStatement(fresh(), WINDOW_MS, now + WINDOW_MS)).not.toBeNull();
  });
});

describe("a request's statements", () => {
  it("takes the newest valid statement about the person and ignores another person's", () => {
    const residences = new StatedResidences(WINDOW_MS);
    const older = issueResidenceStatement({ personId: PERSON, communityCode: '640104001001', issuedAt: Date.now() - 5000 });
    const newer = issueResidenceStatement({ personId: PERSON, communityCode: '640104001002', issuedAt: Date.now() - 1000 });
    const someoneElses = issueResidenceStatement({ personId: 'ZZZZZZZZZZ', communityCode: '640104001003', issuedAt: Date.now() });
    residences.note(PERSON, newer);
    residences.note(PERSON, older);
    residences.note(PERSON, 'forged');
    expect(residences.communityOf(PERSON)).toBe('640104001002');
    residences.note('YYYYYYYYYY', someoneElses);
    expect(residences.communityOf('YYYYYYYYYY')).toBeNull();
    expect(residences.communityOf('XXXXXXXXXX')).toBeNull();
  });
});

describe('every bureau but public security', () => {
  it('requires the statement on each Person field a community worker may read', () => {
    const storage = getMetadataStorage();
    for (const bureau of BUREAUS.filter((b) => b.name !== 'public-security')) {
      const person = buildFederatedSchema(bureau).getType('Person') as GraphQLObjectType;
      const checked: string[] = [];
      const stub = bureau.orphanedTypes?.find((type) => type.name === 'PersonReference');
      for (const resolver of storage.fieldResolvers.filter((r) => r.getObjectType?.() === stub && bureau.resolvers.includes(r.target as Function))) {
        const field = person.getFields()[resolver.schemaName];
        const grant = storage.authorizedFields.find((a) => a.target === resolver.target && a.fieldName === resolver.methodName)?.roles[0] as Grant | undefined;
        const requires = field.astNode?.directives?.find((d) => d.name.value === 'requires');
        const requiresStatement = (requires?.arguments?.[0].value as { value?: string } | undefined)?.value === 'residenceStatement';
        expect({ bureau: bureau.name, field: field.name, requiresStatement }).toEqual({
          bureau: bureau.name,
          field: field.name,
          requiresStatement: grant?.roles?.COMMUNITY_WORKER !== undefined,
        });
        checked.push(field.name);
      }
      expect({ bureau: bureau.name, checked: checked.length > 0 }).toEqual({ bureau: bureau.name, checked: true });
    }
  });
});
