import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { verifyBureau, verifyDatabase } from '../../scripts/audit-verify';
import {
  AUDIT_COLUMNS,
  AuditEntry,
  AuditRecord,
  auditHash,
  auditRecordFromRow,
  AuditTrail,
  AuditTrailTable1764000000001,
  GENESIS_HASH,
} from '../../subgraphs/kit/auth/audit';
import { AuditCheckpoints, readCheckpoints } from '../../subgraphs/kit/auth/audit-checkpoints';
import { gatewayRequestHeaders } from '../../subgraphs/kit/auth/request-id';
import { BureauDatabase, openBureauDatabase } from '../../subgraphs/kit/database';
import { today } from '../../subgraphs/kit/dates';
import { createLogger } from '../../subgraphs/kit/logger';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import { SeedRunTable1764000000000 } from '../../subgraphs/kit/seed';
import { IdempotencyTable1764000000002 } from '../../subgraphs/kit/idempotency';
import { KIT_MIGRATIONS, startSubgraph } from '../../subgraphs/kit/server';
import { publicSecurity } from '../../subgraphs/public-security/bureau';
import {
  callerHeaders,
  CASEWORKER,
  dropTestDatabase,
  REGISTRY_OFFICER,
  startTestFederation,
  TestFederation,
  testDatabaseUrl,
  tokenFor,
} from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';
import { emptyEmbeddedCluster } from '../support/templates';

// The audit trail as evidence: request ids issued by the gateway, a write and its record in one transaction, the
// subgraph's database role, and audit:verify catching every kind of tampering — on embedded databases and the server.

const onServer = process.env.TEST_DATABASE_URL ? it : it.skip;
const log = createLogger('test');

/** Runs statements as the owner of a database, the way someone with its owner's rights would. */
async function asOwner<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}

describe('with the whole federation', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await startTestFederation({ auditCheckpointSeconds: 1 });
  });

  afterAll(async () => {
    await federation?.stop();
  });

  const subgraph = (bureau: string) => federation.subgraphs[bureau];

  async function records(bureau: string, after = 0): Promise<AuditRecord[]> {
    const rows = await subgraph(bureau).database.dataSource.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record WHERE seq > $1 ORDER BY seq`, [after]);
    return rows.map(auditRecordFromRow);
  }

  async function lastSeq(bureau: string): Promise<number> {
    const [head] = await subgraph(bureau).database.dataSource.query('SELECT seq FROM audit_chain_head');
    return Number(head.seq);
  }

  async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] },
    };
  }

  function idCardNumber(sequence: number): string {
    const first17 = `620000${'19900517'}${String(sequence * 2 + 2).padStart(3, '0')}`;
    return first17 + idCardCheckCharacter(first17);
  }

  let registrations = 0;
  /** A new person's registration (a new ID-card number each time). */
  function registration() {
    registrations += 1;
    return {
      familyName: '马',
      givenName: '小红',
      sex: 'FEMALE',
      birthDate: '1990-05-17',
      ethnicityCode: '03',
      originRegionCode: '622900',
      idCardNumber: idCardNumber(400 + registrations),
      arrivalDate: '2024-03-01',
      residence: { communityCode: currentResidenceOf(testPopulation()[0]).communityCode, address: '丽景路 17号 3单元 402' },
    };
  }

  const REGISTER = 'mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id name } }';

  async function personsWithIdCard(idCard: string): Promise<number> {
    const [row] = await subgraph('public-security').database.dataSource.query('SELECT count(*) AS n FROM person WHERE id_card_number = $1', [idCard]);
    return Number(row.n);
  }

  describe('request ids', () => {
    it('are issued by the gateway, the same in every bureau, given back to the client without their signature; the client’s own id is kept beside', async () => {
      const person = testPopulation()[3];
      const [beforeSecurity, beforeCivil] = [await lastSeq('public-security'), await lastSeq('civil-affairs')];
      const response = await post(
        federation.gatewayUrl,
        'query Relief($id: ID!) { person(id: $id) { name reliefCases { status } } }',
        { id: person.id },
        { ...(await callerHeaders(federation.signingKey, CASEWORKER)), 'x-request-id': 'trace-0001/a' },
      );
      expect(response.body.errors).toBeUndefined();
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-request-signature')).toBeNull();
      const [security] = await records('public-security', beforeSecurity);
      const [civil] = await records('civil-affairs', beforeCivil);
      for (const record of [security, civil])
        expect(record).toMatchObject({ action: 'READ', requestId, clientRequestId: 'trace-0001/a', personIds: [person.id] });
    });

    it('are the bureau’s own for a request sent to it directly: a client’s id, a forged signature or another caller’s signature is not taken', async () => {
      const url = subgraph('public-security').url;
      const headers = await callerHeaders(federation.signingKey, CASEWORKER);
      const read = async (extra: Record<string, string>) => {
        const before = await lastSeq('public-security');
        const response = await post(url, '{ persons(first: 1) { edges { node { name } } } }', {}, { ...headers, ...extra });
        expect(response.body.errors).toBeUndefined();
        return (await records('public-security', before))[0];
      };
      const own = await read({ 'x-request-id': 'my-own-id' });
      expect(own.requestId).not.toBe('my-own-id');
      expect(own.clientRequestId).toBe('my-own-id');

      const claimed = randomUUID();
      const forged = await read({ 'x-request-id': claimed, 'x-request-signature': `${Date.now()}.${randomBytes(64).toString('base64url')}` });
      expect(forged.requestId).not.toBe(claimed);

      // A real gateway signature, made for another caller's token, does not pass; for this caller's token it does.
      const otherToken = `Bearer ${await tokenFor(federation.signingKey, { ...CASEWORKER, subject: 'someone-else' })}`;
      expect((await read(gatewayRequestHeaders(claimed, otherToken, null))).requestId).not.toBe(claimed);
      expect((await read(gatewayRequestHeaders(claimed, headers.authorization, null))).requestId).toBe(claimed);
    });

    it('refuses a client id that does not fit, with BAD_USER_INPUT before anything is written; keeps one of 128 characters', async () => {
      const headers = await callerHeaders(federation.signingKey, REGISTRY_OFFICER);
      for (const [url, clientId] of [
        [federation.gatewayUrl, 'x'.repeat(129)],
        [federation.gatewayUrl, 'two words'],
        [subgraph('public-security').url, 'y'.repeat(4000)],
      ]) {
        const before = await lastSeq('public-security');
        const input = registration();
        const response = await post(url, REGISTER, { input }, { ...headers, 'x-request-id': clientId });
        expect({ url, status: response.status, errors: response.body.errors?.map((error) => error.extensions) }).toEqual({
          url,
          status: 400,
          errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'x-request-id' })],
        });
        expect(await personsWithIdCard(input.idCardNumber)).toBe(0);
        expect(await lastSeq('public-security')).toBe(before);
      }
      const before = await lastSeq('public-security');
      const response = await post(federation.gatewayUrl, REGISTER, { input: registration() }, { ...headers, 'x-request-id': 'z'.repeat(128) });
      expect(response.body.errors).toBeUndefined();
      expect((await records('public-security', before)).map((record) => record.clientRequestId)).toEqual(['z'.repeat(128), 'z'.repeat(128)]);
    });
  });

  describe('a write and its audit record commit together', () => {
    it('records each mutation as a WRITE in its own transaction, naming the person, beside the READ of its answer', async () => {
      const before = await lastSeq('public-security');
      const result = await federation.query(REGISTER, { input: registration() }, REGISTRY_OFFICER);
      expect(result.errors).toBeUndefined();
      const written = await records('public-security', before);
      expect(written).toEqual([
        expect.objectContaining({
          action: 'WRITE',
          role: 'POLICE_REGISTRY_OFFICER',
          personIds: [result.data.registerPerson.id],
          fields: ['Mutation.registerPerson'],
        }),
        expect.objectContaining({ action: 'READ', personIds: [result.data.registerPerson.id], fields: ['Mutation.registerPerson', 'Person.name'] }),
      ]);
      expect(written[0].operationName).toMatch(/^Register__public_security__\d+$/);
      expect(written[0].requestId).toBe(written[1].requestId);

      const person = testPopulation()[5];
      const civilBefore = await lastSeq('civil-affairs');
      const applied = await federation.query(
        'mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id } }',
        {
          input: {
            personId: person.id,
            kind: 'STRANDED_PERSON',
            communityCode: currentResidenceOf(person).communityCode,
            appliedOn: today(),
            amountRequested: '600',
          },
        },
        CASEWORKER,
      );
      expect(applied.errors).toBeUndefined();
      expect((await records('civil-affairs', civilBefore))[0]).toMatchObject({ action: 'WRITE', personIds: [person.id], fields: ['Mutation.applyForRelief'] });
    });

    it('does not write when the record cannot be written, and writes no record when the write is refused', async () => {
      const db = subgraph('public-security').database;
      const refusedSubject = 'cannot-be-recorded';
      // A fault of the audit table itself, made by its owner: records of this subject cannot be inserted.
      await asOwner(db.ownerUrl, (client) =>
        client.query(`ALTER TABLE audit_record ADD CONSTRAINT test_unrecordable CHECK (subject <> '${refusedSubject}') NOT VALID`),
      );
      try {
        const before = await lastSeq('public-security');
        const input = registration();
        const result = await federation.query(REGISTER, { input }, { ...REGISTRY_OFFICER, subject: refusedSubject });
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(result.data?.registerPerson ?? null).toBeNull();
        expect(await personsWithIdCard(input.idCardNumber)).toBe(0);
        expect(await lastSeq('public-security')).toBe(before);

        // A read whose record cannot be written answers nothing (fail closed).
        const read = await federation.query(
          'query ($id: ID!) { person(id: $id) { name } }',
          { id: testPopulation()[1].id },
          { ...CASEWORKER, subject: refusedSubject },
        );
        expect(read.data?.person ?? null).toBeNull();
        expect(read.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      } finally {
        await asOwner(db.ownerUrl, (client) => client.query('ALTER TABLE audit_record DROP CONSTRAINT test_unrecordable'));
      }

      const input = registration();
      expect((await federation.query(REGISTER, { input }, REGISTRY_OFFICER)).errors).toBeUndefined();
      const before = await lastSeq('public-security');
      const again = await federation.query(REGISTER, { input: { ...input, givenName: '小兰' } }, REGISTRY_OFFICER);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idCardNumber' });
      expect(await lastSeq('public-security')).toBe(before);
    });

    it('keeps operation names of up to 200 characters whole; refuses longer ones and over-long token subjects before anything is written', async () => {
      const name = `R${'e'.repeat(199)}`;
      const before = await lastSeq('public-security');
      const kept = await federation.query(
        `mutation ${name}($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`,
        { input: registration() },
        REGISTRY_OFFICER,
      );
      expect(kept.errors).toBeUndefined();
      expect((await records('public-security', before))[0].operationName).toBe(`${name}__public_security__0`);

      const headers = await callerHeaders(federation.signingKey, REGISTRY_OFFICER);
      for (const [url, length] of [
        [federation.gatewayUrl, 201],
        [subgraph('public-security').url, 301],
      ] as const) {
        const input = registration();
        const response = await post(
          url,
          `mutation R${'e'.repeat(length - 1)}($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`,
          { input },
          headers,
        );
        expect({ url, status: response.status, errors: response.body.errors?.map((error) => error.extensions) }).toEqual({
          url,
          status: 400,
          errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'operationName' })],
        });
        expect(await personsWithIdCard(input.idCardNumber)).toBe(0);
      }
      const input = registration();
      const longSubject = await post(
        federation.gatewayUrl,
        REGISTER,
        { input },
        {
          ...headers,
          authorization: `Bearer ${await tokenFor(federation.signingKey, { ...REGISTRY_OFFICER, subject: 's'.repeat(129) })}`,
        },
      );
      expect(longSubject.status).toBe(401);
      expect(await personsWithIdCard(input.idCardNumber)).toBe(0);
      // The WRITE and the READ of the one registration that was let through, nothing more.
      expect(await lastSeq('public-security')).toBe(before + 2);
    });
  });

  describe('storage', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of audit records, and a chain head that goes back, even to the owner', async () => {
      await asOwner(subgraph('public-security').database.ownerUrl, async (client) => {
        expect(await outcome(client, `UPDATE audit_record SET subject = 'nobody' WHERE seq = 1`)).toMatch(/append-only/);
        expect(await outcome(client, 'DELETE FROM audit_record WHERE seq = 1')).toMatch(/append-only/);
        expect(await outcome(client, 'TRUNCATE audit_record')).toMatch(/append-only/);
        expect(await outcome(client, 'UPDATE audit_chain_head SET seq = seq - 1')).toMatch(/only moves forward/);
        expect(await outcome(client, 'DELETE FROM audit_chain_head')).toMatch(/only moves forward/);
        expect(await outcome(client, 'TRUNCATE audit_chain_head')).toMatch(/only moves forward/);
      });
    });

    onServer('connects each subgraph as a role that may append audit records but not change, remove, truncate or alter them', async () => {
      for (const bureau of Object.keys(federation.subgraphs)) {
        const { database } = subgraph(bureau);
        expect(new URL(database.url).username).toMatch(/_app$/);
        await asOwner(database.url, async (client) => {
          expect(await outcome(client, 'SELECT count(*) FROM audit_record')).toBe('ok');
          for (const statement of [
            `UPDATE audit_record SET subject = 'nobody'`,
            'DELETE FROM audit_record',
            'TRUNCATE audit_record',
            'ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only',
            'DROP TRIGGER audit_record_append_only ON audit_record',
            'DROP TABLE audit_record',
            'DELETE FROM audit_chain_head',
            'TRUNCATE audit_chain_head',
            'ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_forward',
            'DELETE FROM schema_migrations',
          ]) {
            expect({ bureau, statement, outcome: await outcome(client, statement) }).toEqual({ bureau, statement, outcome: expect.stringMatching(/^42501: /) });
          }
        });
      }
    });
  });

  describe('checkpoints', () => {
    it('checkpoints the head of every chain in its file soon after it moves; audit:verify finds every chain intact', async () => {
      await federation.query('query ($id: ID!) { person(id: $id) { name reliefCases { status } } }', { id: testPopulation()[7].id });
      for (const bureau of Object.keys(federation.subgraphs)) {
        const head = await lastSeq(bureau);
        const file = subgraph(bureau).auditCheckpointFile;
        let newest = -1;
        for (let waited = 0; waited < 60_000 && newest < head; waited += 200) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          newest = readCheckpoints(file, bureau).checkpoints.at(-1)?.seq ?? -1;
        }
        expect({ bureau, newest }).toEqual({ bureau, newest: head });
        expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
        const report = await verifyDatabase(subgraph(bureau).database.ownerUrl, { chain: bureau, checkpointFile: file });
        expect({ bureau, problems: report.problems }).toEqual({ bureau, problems: [] });
      }
    });
  });
});

describe('a subgraph on its own', () => {
  it('checkpoints its last record when it stops', async () => {
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-audit-stop-'));
    const databaseName = process.env.TEST_DATABASE_URL ? `mpg_test_stop_${randomBytes(4).toString('hex')}` : undefined;
    try {
      const { generateKeyPair } = await import('jose');
      const { createTokenVerifier, trustedKey } = await import('../../subgraphs/kit/auth/identity');
      const keys = await generateKeyPair('ES256');
      await emptyEmbeddedCluster(path.join(tempDir, 'public-security'));
      const running = await startSubgraph(publicSecurity, {
        databaseUrl: databaseName && testDatabaseUrl(databaseName),
        dataDir: path.join(tempDir, 'public-security'),
        seed: false,
        verifyToken: createTokenVerifier(await trustedKey(keys.publicKey)),
      });
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await callerHeaders(keys.privateKey, CASEWORKER)) },
        body: JSON.stringify({ query: '{ persons(first: 1) { totalCount } }' }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      const ownerUrl = running.database.ownerUrl;
      await running.stop();
      const { checkpoints, problems } = readCheckpoints(running.auditCheckpointFile, 'public-security');
      expect(problems).toEqual([]);
      expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([0, 1]);
      // audit:verify reads a stopped embedded database from its files.
      const report = databaseName
        ? await verifyDatabase(ownerUrl, { chain: 'public-security', checkpointFile: running.auditCheckpointFile })
        : await verifyBureau('public-security', path.join(tempDir, 'public-security'));
      expect(report?.problems).toEqual([]);
    } finally {
      if (databaseName) await dropTestDatabase(databaseName);
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });
});

/** A database with the kit's tables only, in which each tampering case gets a fresh chain. */
interface ChainDatabase {
  database: BureauDatabase;
  dataDir: string;
  /** Opens it again with these migrations, as a newer version of the kit would. */
  reopen(migrations: Function[]): Promise<void>;
  close(): Promise<void>;
}

async function openChainDatabase(migrations: Function[] = KIT_MIGRATIONS): Promise<ChainDatabase> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-audit-'));
  const databaseName = process.env.TEST_DATABASE_URL ? `mpg_test_audit_${randomBytes(4).toString('hex')}` : undefined;
  const dataDir = path.join(tempDir, CHAIN);
  await emptyEmbeddedCluster(dataDir);
  const open = (list: Function[]) =>
    openBureauDatabase({ bureau: CHAIN, entities: [], migrations: list, url: databaseName && testDatabaseUrl(databaseName), dataDir, log });
  const store: ChainDatabase = {
    database: await open(migrations),
    dataDir,
    async reopen(list) {
      await store.database.close();
      store.database = await open(list);
    },
    async close() {
      await store.database.close();
      if (databaseName) await dropTestDatabase(databaseName);
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
  return store;
}

/** One tampering case's chain: records appended and checkpointed the kit's way, and audit:verify's findings. */
interface Chain {
  checkpoints: AuditCheckpoints;
  file: string;
  append(count: number): Promise<void>;
  owner<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  problems(): Promise<string[]>;
}

const CHAIN = 'public-security';

function entry(n: number): AuditEntry {
  return {
    recordedAt: new Date().toISOString(),
    action: 'READ',
    requestId: randomUUID(),
    clientRequestId: null,
    subject: `officer-${n}`,
    bureau: 'civil-affairs',
    role: 'CIVIL_AFFAIRS_CASEWORKER',
    purpose: 'social-assistance',
    operationName: 'Look__public_security__0',
    personIds: [`P${String(n).padStart(10, '0')}`],
    fields: ['Person.name', 'Query.person'],
    refusedPersonIds: [],
    refusedFields: [],
  };
}

let chains = 0;

/** A chain on `store` with a checkpoint file of its own (the database's audit tables as they are). */
function chainOn(store: ChainDatabase): Chain {
  chains += 1;
  const file = path.join(path.dirname(store.dataDir), `chain-${chains}.audit-checkpoints`);
  const checkpoints = new AuditCheckpoints({ bureau: CHAIN, file, db: store.database.dataSource, intervalMs: 3_600_000, log });
  const trail = new AuditTrail(CHAIN, checkpoints, store.database.dataSource);
  let appended = 0;
  return {
    checkpoints,
    file,
    async append(count) {
      for (let i = 0; i < count; i++) await trail.appendRead(entry(++appended));
    },
    owner: (work) => asOwner(store.database.ownerUrl, work),
    async problems() {
      return (await verifyDatabase(store.database.ownerUrl, { chain: CHAIN, checkpointFile: file })).problems;
    },
  };
}

/**
 * A fresh chain of five records, checkpointed when the subgraph would (at start and after the appends). The audit
 * tables are emptied first by their owner: the test's own setup, so that each case starts from nothing.
 */
async function checkpointedChain(store: ChainDatabase): Promise<Chain> {
  await asOwner(store.database.ownerUrl, (client) =>
    tamper(client, [['TRUNCATE audit_record'], ['UPDATE audit_chain_head SET seq = 0, hash = $1', [GENESIS_HASH]]]),
  );
  const chain = chainOn(store);
  await chain.checkpoints.start();
  await chain.append(5);
  await chain.checkpoints.checkpoint();
  return chain;
}

/** What someone with the owner's rights does to cover their tracks: the triggers off while they work. */
async function tamper(client: pg.Client, statements: [string, unknown[]?][]): Promise<void> {
  await client.query('ALTER TABLE audit_record DISABLE TRIGGER USER');
  await client.query('ALTER TABLE audit_chain_head DISABLE TRIGGER USER');
  for (const [sql, parameters] of statements) await client.query(sql, parameters);
  await client.query('ALTER TABLE audit_record ENABLE TRIGGER USER');
  await client.query('ALTER TABLE audit_chain_head ENABLE TRIGGER USER');
}

/** Re-hashes every record from `from` on with the public layout, as a forger can, and moves the head to the end. */
async function rehash(client: pg.Client, from: number, layout = 2): Promise<void> {
  const rows = (await client.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record ORDER BY seq`)).rows.map(auditRecordFromRow);
  let previous = GENESIS_HASH;
  const statements: [string, unknown[]][] = [];
  for (const record of rows) {
    if (record.seq >= from) {
      const hash = auditHash(record.seq, record, previous, layout);
      statements.push([
        'UPDATE audit_record SET previous_hash = $2, hash = $3, hash_layout = $4::smallint, signature = CASE WHEN $4::smallint = 1 THEN NULL ELSE signature END WHERE seq = $1',
        [record.seq, previous, hash, layout],
      ]);
      previous = hash;
    } else {
      previous = record.hash;
    }
  }
  statements.push(['UPDATE audit_chain_head SET seq = (SELECT max(seq) FROM audit_record), hash = $1', [previous]]);
  await tamper(client, statements);
}

describe('audit:verify catches tampering', () => {
  let store: ChainDatabase;
  let chain: Chain;

  beforeAll(async () => {
    store = await openChainDatabase();
  });

  afterEach(async () => {
    await chain?.checkpoints.stop();
  });

  afterAll(async () => {
    await store?.close();
  });

  it('finds a chain of signed, checkpointed records intact', async () => {
    chain = await checkpointedChain(store);
    expect(await chain.problems()).toEqual([]);
    expect(readCheckpoints(chain.file, CHAIN).checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([0, 5]);
  });

  it('an edited record', async () => {
    chain = await checkpointedChain(store);
    await chain.owner((client) => tamper(client, [[`UPDATE audit_record SET subject = 'someone-else' WHERE seq = 3`]]));
    expect(await chain.problems()).toEqual(['record 3 was edited: its content no longer matches its hash']);
  });

  it('an edited record with the whole chain and its head re-hashed, signatures kept or dropped', async () => {
    chain = await checkpointedChain(store);
    await chain.owner(async (client) => {
      await tamper(client, [[`UPDATE audit_record SET person_ids = '{P9999999999}' WHERE seq = 2`]]);
      await rehash(client, 1);
    });
    expect(await chain.problems()).toEqual([
      'record 5 differs from its checkpoint (rewritten or re-hashed)',
      'records 2–5 carry no valid signature of the bureau (forged, re-hashed or renumbered)',
    ]);
    // Passing the records off as written before records were signed does not help.
    await chain.owner((client) => rehash(client, 1, 1));
    expect(await chain.problems()).toEqual([
      'record 5 differs from its checkpoint (rewritten or re-hashed)',
      'records 1–5 were written before records were signed, and no checkpoint vouches for them (start the subgraph once to checkpoint them)',
    ]);
  });

  it('a record deleted from the middle and the rest renumbered and re-hashed', async () => {
    chain = await checkpointedChain(store);
    await chain.owner(async (client) => {
      await tamper(client, [['DELETE FROM audit_record WHERE seq = 3'], ['UPDATE audit_record SET seq = seq - 1 WHERE seq > 3']]);
      await rehash(client, 3);
    });
    expect(await chain.problems()).toEqual([
      'record 5 is missing though a checkpoint names it (deleted)',
      'records 3–4 carry no valid signature of the bureau (forged, re-hashed or renumbered)',
    ]);
  });

  it('the newest records deleted and the head moved back, after a checkpoint or before the next one while the subgraph runs', async () => {
    chain = await checkpointedChain(store);
    const deleteNewest = (count: number) =>
      chain.owner(async (client) => {
        const [head] = (await client.query('SELECT seq FROM audit_chain_head')).rows;
        const keep = Number(head.seq) - count;
        const [kept] = (await client.query('SELECT hash FROM audit_record WHERE seq = $1', [keep])).rows;
        await tamper(client, [
          ['DELETE FROM audit_record WHERE seq > $1', [keep]],
          ['UPDATE audit_chain_head SET seq = $1, hash = $2', [keep, kept.hash]],
        ]);
      });
    // Record 6 is appended, then deleted before any checkpoint names it: the subgraph's next one still does.
    await chain.append(1);
    await deleteNewest(1);
    await chain.checkpoints.checkpoint();
    expect(await chain.problems()).toEqual(['record 6 is missing though a checkpoint names it (deleted)']);

    await deleteNewest(2);
    expect(await chain.problems()).toEqual(['records 5–6 are missing though checkpoints name them (deleted)']);
  });

  it('a truncated table', async () => {
    chain = await checkpointedChain(store);
    await chain.owner(async (client) => {
      expect(await outcome(client, 'TRUNCATE audit_record')).toMatch(/append-only/);
      await tamper(client, [['TRUNCATE audit_record'], [`UPDATE audit_chain_head SET seq = 0, hash = $1`, [GENESIS_HASH]]]);
    });
    expect(await chain.problems()).toEqual(['record 5 is missing though a checkpoint names it (deleted)']);
  });

  it('a forged record appended at the end, chained and hashed as the kit does', async () => {
    chain = await checkpointedChain(store);
    await chain.owner(async (client) => {
      const [head] = (await client.query('SELECT seq, hash FROM audit_chain_head')).rows;
      const forged = { ...entry(99), subject: 'officer-who-never-read' };
      const seq = Number(head.seq) + 1;
      for (const [layout, signature] of [
        [2, randomBytes(64).toString('base64url')],
        [1, null],
      ] as const) {
        const hash = auditHash(seq, forged, head.hash, layout);
        await tamper(client, [
          ['DELETE FROM audit_record WHERE seq = $1', [seq]],
          [
            `INSERT INTO audit_record (seq, recorded_at, action, request_id, client_request_id, subject, bureau, role, purpose, operation_name, person_ids, fields, previous_hash, hash, hash_layout, signature)
             VALUES ($1, $2, 'READ', $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
            [
              seq,
              forged.recordedAt,
              forged.requestId,
              forged.subject,
              forged.bureau,
              forged.role,
              forged.purpose,
              forged.operationName,
              forged.personIds,
              forged.fields,
              head.hash,
              hash,
              layout,
              signature,
            ],
          ],
          ['UPDATE audit_chain_head SET seq = $1, hash = $2', [seq, hash]],
        ]);
        expect(await chain.problems()).toEqual([
          layout === 2
            ? 'record 6 carries no valid signature of the bureau (forged, re-hashed or renumbered)'
            : 'record 6 was written before records were signed, and no checkpoint vouches for it (start the subgraph once to checkpoint it)',
        ]);
      }
    });
  });

  it('a checkpoint file edited, cut or removed', async () => {
    chain = await checkpointedChain(store);
    for (let i = 0; i < 3; i++) {
      await chain.append(1);
      await chain.checkpoints.checkpoint();
    }
    const original = fs.readFileSync(chain.file, 'utf8');
    const lines = original.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(await chain.problems()).toEqual([]);

    const edited = JSON.parse(lines[2]);
    fs.writeFileSync(chain.file, [...lines.slice(0, 2), JSON.stringify({ ...edited, seq: edited.seq - 1 }), ...lines.slice(3)].join('\n') + '\n');
    expect(await chain.problems()).toEqual([
      'checkpoint line 3 carries no valid signature (edited or forged)',
      'checkpoint line 4 does not follow the line before it (a line was removed, inserted or edited)',
    ]);

    fs.writeFileSync(chain.file, [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n');
    expect(await chain.problems()).toEqual(['checkpoint line 3 does not follow the line before it (a line was removed, inserted or edited)']);

    fs.rmSync(chain.file);
    expect(await chain.problems()).toEqual([`no checkpoint file at ${chain.file}: nothing outside the database vouches for the chain`]);
  });
});

describe('a database from before signed records', () => {
  let store: ChainDatabase;

  afterAll(async () => {
    await store?.close();
  });

  it('keeps its records verifiable: layout-1 hashes as before, vouched for by the first checkpoint after the upgrade', async () => {
    // The hash the first layout gave this record (computed by the code of that version).
    const legacy: AuditEntry = {
      recordedAt: '2025-03-01T08:00:00.000Z',
      action: 'READ',
      requestId: 'req-1',
      clientRequestId: null,
      subject: 'officer-1',
      bureau: 'civil-affairs',
      role: 'CIVIL_AFFAIRS_CASEWORKER',
      purpose: 'social-assistance',
      operationName: 'Look__public_security__0',
      personIds: ['P0000000001'],
      fields: ['Person.name', 'Query.person'],
      refusedPersonIds: [],
      refusedFields: [],
    };
    expect(auditHash(1, legacy, GENESIS_HASH, 1)).toBe('bbb89e78f3520ec4cc621dc60248a1f8099d4ac5b202506412ce3f49e62d0733');

    // The database as the earlier version left it: its migrations only, records written the way it wrote them.
    store = await openChainDatabase([SeedRunTable1764000000000, AuditTrailTable1764000000001, IdempotencyTable1764000000002]);
    await asOwner(store.database.ownerUrl, async (client) => {
      let previous = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const record = { ...legacy, requestId: `req-${seq}` };
        const hash = auditHash(seq, record, previous, 1);
        await client.query(
          `INSERT INTO audit_record (seq, recorded_at, request_id, subject, bureau, role, purpose, operation_name, person_ids, fields, previous_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            seq,
            record.recordedAt,
            record.requestId,
            record.subject,
            record.bureau,
            record.role,
            record.purpose,
            record.operationName,
            record.personIds,
            record.fields,
            previous,
            hash,
          ],
        );
        await client.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [seq, hash]);
        previous = hash;
      }
    });

    // This version opens it: the new migration runs; the first checkpoint vouches for the old records.
    await store.reopen(KIT_MIGRATIONS);
    const chain = chainOn(store);
    expect(await chain.problems()).toEqual([
      `no checkpoint file at ${chain.file}: nothing outside the database vouches for the chain`,
      'records 1–3 were written before records were signed, and no checkpoint vouches for them (start the subgraph once to checkpoint them)',
    ]);
    await chain.checkpoints.start();
    await chain.append(1);
    await chain.checkpoints.stop();
    expect(await chain.problems()).toEqual([]);
    const rows = await store.database.dataSource.query('SELECT seq, hash_layout, signature IS NOT NULL AS signed FROM audit_record ORDER BY seq');
    expect(rows.map((row: any) => [Number(row.seq), Number(row.hash_layout), row.signed])).toEqual([
      [1, 1, false],
      [2, 1, false],
      [3, 1, false],
      [4, 2, true],
    ]);
  });
});
