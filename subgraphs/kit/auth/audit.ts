import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { getNamedType } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { AccessContext, RequestAccess } from './access';
import { AuditCheckpoints, ChainPoint, Checkpoint, readCheckpoints } from './audit-checkpoints';
import type { RequestIds } from './request-id';
import { isSignedBy, signAs } from './service-keys';

/**
 * The audit trail: one append-only record per request that read personal data from this bureau, and one per write
 * (in the write's own transaction), each chained to the one before by a SHA-256 hash and signed with the bureau's
 * audit key, the end of the chain checkpointed outside the database (audit-checkpoints.ts). An edited, re-hashed,
 * inserted, renumbered or deleted record is reported by `npm run audit:verify`.
 */

export class AuditTrailTable1764000000001 implements MigrationInterface {
  name = 'AuditTrailTable1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_record (
        seq bigint PRIMARY KEY,
        recorded_at timestamptz NOT NULL,
        request_id varchar(64),
        subject varchar(128) NOT NULL,
        bureau varchar(64) NOT NULL,
        role varchar(32) NOT NULL,
        purpose varchar(32),
        operation_name varchar(200),
        person_ids text[] NOT NULL,
        fields text[] NOT NULL,
        previous_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    // Person.accessLog looks records up by the persons they read.
    await queryRunner.query('CREATE INDEX audit_record_person_idx ON audit_record USING gin (person_ids)');
    // The end of the chain: a deleted last record shows as a head the records no longer reach.
    await queryRunner.query(`
      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq bigint NOT NULL,
        hash char(64) NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64))`);
    // Records are kept (PIPL: at least three years): the application can neither change nor remove one.
    await queryRunner.query(`
      CREATE FUNCTION audit_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_record is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
      FOR EACH ROW EXECUTE FUNCTION audit_record_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_chain_head');
    await queryRunner.query('DROP TABLE audit_record');
    await queryRunner.query('DROP FUNCTION audit_record_is_append_only');
  }
}

/**
 * Tamper evidence: the client's own request id and whether the request read or wrote, in columns of their own; the
 * hash layout of each record (1 for the records written before, which keep their hashes); the bureau's signature of
 * each record; a wider operation name (the gateway's names for a bureau add `__<subgraph>__<n>` to the client's);
 * TRUNCATE refused like UPDATE and DELETE; and a chain head that only moves forward.
 */
export class AuditTamperEvidence1764000000010 implements MigrationInterface {
  name = 'AuditTamperEvidence1764000000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    // New columns with a constant default and a wider varchar rewrite nothing, so the row triggers do not fire.
    await queryRunner.query(`
      ALTER TABLE audit_record
        ADD COLUMN client_request_id varchar(128),
        ADD COLUMN action varchar(5) NOT NULL DEFAULT 'READ' CHECK (action IN ('READ', 'WRITE')),
        ADD COLUMN hash_layout smallint NOT NULL DEFAULT 1,
        ADD COLUMN signature varchar(100),
        ALTER COLUMN operation_name TYPE varchar(300)`);
    await queryRunner.query(`
      CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
      FOR EACH STATEMENT EXECUTE FUNCTION audit_record_is_append_only()`);
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.seq > OLD.seq THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head only moves forward';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_moves_forward()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_moves_forward()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_chain_head_no_truncate ON audit_chain_head');
    await queryRunner.query('DROP TRIGGER audit_chain_head_forward ON audit_chain_head');
    await queryRunner.query('DROP FUNCTION audit_chain_head_moves_forward');
    await queryRunner.query('DROP TRIGGER audit_record_no_truncate ON audit_record');
    await queryRunner.query(`
      ALTER TABLE audit_record
        DROP COLUMN client_request_id, DROP COLUMN action, DROP COLUMN hash_layout, DROP COLUMN signature,
        ALTER COLUMN operation_name TYPE varchar(200)`);
  }
}

/** A read of personal data, or a write (a mutation), as the record says. */
export type AuditAction = 'READ' | 'WRITE';

/**
 * Refused reads (FORBIDDEN) are recorded too, with the persons they were about and the fields refused; Person.accessLog
 * finds a record by either list of persons. Records from before have both empty.
 */
export class AuditRefusedReads1764000000011 implements MigrationInterface {
  name = 'AuditRefusedReads1764000000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE audit_record ADD COLUMN refused_person_ids text[] NOT NULL DEFAULT '{}', ADD COLUMN refused_fields text[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query('CREATE INDEX audit_record_refused_person_idx ON audit_record USING gin (refused_person_ids)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_record_refused_person_idx');
    await queryRunner.query('ALTER TABLE audit_record DROP COLUMN refused_person_ids, DROP COLUMN refused_fields');
  }
}

export interface AuditEntry {
  recordedAt: string;
  action: AuditAction;
  requestId: string | null;
  clientRequestId: string | null;
  subject: string;
  bureau: string;
  role: string;
  purpose: string | null;
  operationName: string | null;
  personIds: string[];
  fields: string[];
  /** Persons a refused read was about, and the fields refused (FORBIDDEN). */
  refusedPersonIds: string[];
  refusedFields: string[];
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  previousHash: string;
  hash: string;
  /** 1: the first layout (records written before signatures); 2: today's. */
  hashLayout: number;
  /** The bureau's signature of the record's hash; null on layout-1 records, vouched for by checkpoints instead. */
  signature: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The layout new records are hashed with. */
export const CURRENT_HASH_LAYOUT = 2;

/** The longest operation name the gateway accepts from a client. */
export const MAX_OPERATION_NAME_LENGTH = 200;

/** The longest a bureau accepts and its audit record keeps (operation_name varchar(300)): the gateway's names are longer. */
export const MAX_SUBGRAPH_OPERATION_NAME_LENGTH = 300;

/**
 * The hash of a record: its sequence number, content and the hash before it, in a fixed JSON layout. Layout 1 is the
 * first eleven values; layout 2 adds an object of the columns added since, each left out while it is null, so that a
 * column added later (also left out while null) does not change the hash of the records before it.
 */
export function auditHash(seq: number, entry: AuditEntry, previousHash: string, layout = CURRENT_HASH_LAYOUT): string {
  const canonical: unknown[] = [
    seq,
    entry.recordedAt,
    entry.requestId,
    entry.subject,
    entry.bureau,
    entry.role,
    entry.purpose,
    entry.operationName,
    entry.personIds,
    entry.fields,
    previousHash,
  ];
  if (layout >= 2) {
    const later: Record<string, unknown> = { action: entry.action };
    if (entry.clientRequestId !== null) later.clientRequestId = entry.clientRequestId;
    if (entry.refusedPersonIds.length > 0) later.refusedPersonIds = entry.refusedPersonIds;
    if (entry.refusedFields.length > 0) later.refusedFields = entry.refusedFields;
    canonical.push(later);
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** What the bureau signs of a record: the hash (which covers its content and all before it) in this bureau's chain. */
function recordSignatureMessage(chain: string, seq: number, hash: string): string {
  return JSON.stringify(['audit-record', chain, seq, hash]);
}

/** The audit entry for a request's reads and refused reads, or null when it neither read nor was refused personal data here. */
export function auditEntryFor(access: RequestAccess, ids: RequestIds, operationName: string | null): AuditEntry | null {
  if (access.reads.isEmpty) return null;
  return {
    recordedAt: new Date().toISOString(),
    action: 'READ',
    requestId: ids.requestId,
    clientRequestId: ids.clientRequestId,
    subject: access.identity.subject,
    bureau: access.identity.bureau,
    role: access.identity.role,
    purpose: access.purpose,
    operationName,
    personIds: [...access.reads.personIds].sort(),
    fields: [...access.reads.fields].sort(),
    refusedPersonIds: [...access.reads.refusedPersonIds].sort(),
    refusedFields: [...access.reads.refusedFields].sort(),
  };
}

/** Runs one SQL statement: on the pool (autocommit) or in a transaction. */
type RunStatement = (sql: string, parameters?: unknown[]) => Promise<any[]>;

/** The most records one statement writes: its JSON stays small, and a burst is written in a few statements. */
const MAX_BATCH = 200;

/**
 * How often an append reads the head again after finding it moved (another process or a write appended meanwhile):
 * each time someone else's records landed, so only a crowd of writers gets here; then the read or write fails (closed).
 */
const MAX_ATTEMPTS = 100;

export const AUDIT_COLUMNS =
  'seq, recorded_at, action, request_id, client_request_id, subject, bureau, role, purpose, operation_name, person_ids, fields, previous_hash, hash, hash_layout, signature, refused_person_ids, refused_fields';

/** The same columns with their types, as jsonb_to_recordset reads them. */
const RECORD_COLUMNS =
  'seq bigint, recorded_at timestamptz, action text, request_id text, client_request_id text, subject text, bureau text, role text, ' +
  'purpose text, operation_name text, person_ids text[], fields text[], previous_hash text, hash text, hash_layout smallint, ' +
  'signature text, refused_person_ids text[], refused_fields text[]';

/**
 * One statement appends records after `head`: it moves the head from exactly there to the last of them and inserts
 * them, or, when the head is no longer there, does nothing. The head's row is locked only while the statement runs
 * (or, in a write's transaction, until it commits). The records come as JSON, one object each (their arrays of
 * persons and fields included, which unnest could not take as one 2-D array).
 */
const APPEND_RECORDS = `
  WITH moved AS (
    UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE seq = $3 AND hash = $4 RETURNING 1
  ), written AS (
    INSERT INTO audit_record (${AUDIT_COLUMNS})
    SELECT ${AUDIT_COLUMNS} FROM jsonb_to_recordset($5::jsonb) AS r(${RECORD_COLUMNS})
    WHERE EXISTS (SELECT 1 FROM moved)
    RETURNING 1
  )
  SELECT count(*)::int AS written FROM written`;

async function readHead(run: RunStatement): Promise<ChainPoint> {
  const [head] = await run('SELECT seq, hash FROM audit_chain_head');
  if (!head) throw new Error('the audit chain head row is missing: no record can be appended');
  return { seq: Number(head.seq), hash: head.hash };
}

/** `entries` as the records that follow `head`, hashed and signed. */
function chainedAfter(chain: string, head: ChainPoint, entries: AuditEntry[]): AuditRecord[] {
  let previous = head;
  return entries.map((entry) => {
    const seq = previous.seq + 1;
    const hash = auditHash(seq, entry, previous.hash);
    const signature = signAs('audit-checkpoint', recordSignatureMessage(chain, seq, hash));
    const record: AuditRecord = { ...entry, seq, previousHash: previous.hash, hash, hashLayout: CURRENT_HASH_LAYOUT, signature };
    previous = record;
    return record;
  });
}

/** Writes `records` after `head` in one statement; false when the head had moved (nothing written). */
async function writeAfter(run: RunStatement, head: ChainPoint, records: AuditRecord[]): Promise<boolean> {
  const rows = records.map((r) => ({
    seq: r.seq,
    recorded_at: r.recordedAt,
    action: r.action,
    request_id: r.requestId,
    client_request_id: r.clientRequestId,
    subject: r.subject,
    bureau: r.bureau,
    role: r.role,
    purpose: r.purpose,
    operation_name: r.operationName,
    person_ids: r.personIds,
    fields: r.fields,
    previous_hash: r.previousHash,
    hash: r.hash,
    hash_layout: r.hashLayout,
    signature: r.signature,
    refused_person_ids: r.refusedPersonIds,
    refused_fields: r.refusedFields,
  }));
  const last = records[records.length - 1];
  const [result] = await run(APPEND_RECORDS, [last.seq, last.hash, head.seq, head.hash, JSON.stringify(rows)]);
  return Number(result.written) === records.length;
}

interface QueuedRead {
  entry: AuditEntry;
  resolve(record: AuditRecord): void;
  reject(error: unknown): void;
}

/**
 * One bureau's audit trail: appends its records and tells its checkpoints about each one committed.
 *
 * Reads are recorded by one writer per trail (group commit): the records of the requests that end while a statement
 * is under way are chained in memory, after the head this trail last wrote or saw, and written together by the next
 * statement, one autocommit statement per batch. Each request's answer waits for the statement that holds its record.
 * If the head moved meanwhile (another process, or a write's transaction), nothing is written: the head is read
 * again and the batch chained anew.
 */
export class AuditTrail {
  /** The end of the chain as this trail last wrote or read it; null until read. */
  private head: ChainPoint | null = null;
  private queue: QueuedRead[] = [];
  private writing = false;

  constructor(
    readonly chain: string,
    private readonly checkpoints: AuditCheckpoints,
    private readonly db: DataSource,
  ) {}

  /** Reads the head, so that the first record costs one statement like the others. */
  async start(): Promise<void> {
    this.head = await readHead(this.runOnPool);
  }

  /** A read's record, committed when the promise resolves (a rejection: it was not written). */
  appendRead(entry: AuditEntry): Promise<AuditRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.writeQueued();
    });
  }

  /**
   * A write's record, appended in its transaction (`manager`) as the statement before its commit, which the caller
   * reports with `committed` once done.
   */
  async appendInTransaction(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    const [record] = await this.append((sql, parameters) => manager.query(sql, parameters), [entry]);
    return record;
  }

  /** A record appended in a transaction that has now committed. */
  committed(record: AuditRecord): void {
    if (this.head === null || record.seq > this.head.seq) this.head = { seq: record.seq, hash: record.hash };
    this.checkpoints.noteAppended(record);
  }

  private readonly runOnPool: RunStatement = (sql, parameters) => this.db.query(sql, parameters);

  private async writeQueued(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const records = await this.append(
          this.runOnPool,
          batch.map((queued) => queued.entry),
        );
        records.forEach((record) => this.committed(record));
        batch.forEach((queued, i) => queued.resolve(records[i]));
      } catch (error) {
        if (batch.length === 1) {
          batch[0].reject(error);
          continue;
        }
        // One by one, so that a record the database refuses withholds only its own request's answer.
        for (const queued of batch) {
          try {
            const [record] = await this.append(this.runOnPool, [queued.entry]);
            this.committed(record);
            queued.resolve(record);
          } catch (alone) {
            queued.reject(alone);
          }
        }
      }
    }
    this.writing = false;
  }

  /** Chains `entries` after the head and writes them in one statement, reading the head again while it has moved. */
  private async append(run: RunStatement, entries: AuditEntry[]): Promise<AuditRecord[]> {
    for (let attempt = 1; ; attempt++) {
      if (this.head === null) this.head = await readHead(run);
      const head = this.head;
      const records = chainedAfter(this.chain, head, entries);
      if (await writeAfter(run, head, records)) return records;
      if (attempt === MAX_ATTEMPTS) throw new Error(`the audit chain head moved ${MAX_ATTEMPTS} times while a record waited to be appended`);
      this.head = await readHead(run);
    }
  }
}

/** What the kit's write auditing needs of a request's context. */
export interface AuditContext extends AccessContext, RequestIds {
  auditTrail: AuditTrail;
}

interface PendingWrite {
  context: AuditContext;
  field: string;
  resultType: string;
  operationName: string | null;
}

const currentWrite = new AsyncLocalStorage<PendingWrite>();

/** For each root mutation field: who writes and what, for the record its transaction will write (see inTransaction). */
export const auditedWrites: MiddlewareFn<AuditContext> = ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  const pending: PendingWrite = {
    context,
    field: `Mutation.${info.fieldName}`,
    resultType: getNamedType(info.returnType).name,
    operationName: info.operation.name?.value ?? null,
  };
  return currentWrite.run(pending, next);
};

/**
 * The record of the mutation running now, appended inside its transaction (`manager`) once its work is done: the
 * write and its record commit together or not at all. The persons are those of the record written (`result`).
 * Null outside a mutation (a seed, a tool).
 */
export async function appendWriteRecord(manager: EntityManager, result: unknown): Promise<{ trail: AuditTrail; record: AuditRecord } | null> {
  const pending = currentWrite.getStore();
  if (!pending) return null;
  const { context } = pending;
  const persons = result == null ? null : (context.bureauAccess.personOf?.[pending.resultType]?.(result) ?? null);
  const personIds = [...new Set(Array.isArray(persons) ? persons : persons ? [persons] : [])].sort();
  const entry: AuditEntry = {
    recordedAt: new Date().toISOString(),
    action: 'WRITE',
    requestId: context.requestId,
    clientRequestId: context.clientRequestId,
    subject: context.access.identity.subject,
    bureau: context.access.identity.bureau,
    role: context.access.identity.role,
    purpose: context.access.purpose,
    operationName: pending.operationName,
    personIds,
    fields: [pending.field],
    refusedPersonIds: [],
    refusedFields: [],
  };
  return { trail: context.auditTrail, record: await context.auditTrail.appendInTransaction(manager, entry) };
}

export function auditRecordFromRow(row: Record<string, any>): AuditRecord {
  return {
    seq: Number(row.seq),
    recordedAt: new Date(row.recorded_at).toISOString(),
    action: row.action,
    requestId: row.request_id,
    clientRequestId: row.client_request_id,
    subject: row.subject,
    bureau: row.bureau,
    role: row.role,
    purpose: row.purpose,
    operationName: row.operation_name,
    personIds: row.person_ids,
    fields: row.fields,
    previousHash: row.previous_hash,
    hash: row.hash,
    hashLayout: Number(row.hash_layout),
    signature: row.signature,
    refusedPersonIds: row.refused_person_ids,
    refusedFields: row.refused_fields,
  };
}

export interface ChainReport {
  records: number;
  /** The checkpoints read from the bureau's checkpoint file (valid or not). */
  checkpoints: number;
  /** The newest valid checkpoint, if any. */
  lastCheckpoint: Checkpoint | null;
  problems: string[];
}

/** Anything that runs SQL and returns rows: a TypeORM DataSource, or a plain pg client wrapped. */
export interface SqlRunner {
  query(sql: string): Promise<any[]>;
}

/** Where the evidence outside the database is: the bureau whose chain it is, and its checkpoint file. */
export interface ChainEvidence {
  chain: string;
  checkpointFile: string;
}

/** `[2, 3, 4, 9]` → `records 2–4, 9 <many>`; one → `record 9 <one>`. */
function about(seqs: number[], one: string, many: string): string {
  const ranges: string[] = [];
  for (let i = 0; i < seqs.length; i++) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j] + 1) j++;
    ranges.push(i === j ? `${seqs[i]}` : `${seqs[i]}–${seqs[j]}`);
    i = j;
  }
  return seqs.length === 1 ? `record ${ranges[0]} ${one}` : `records ${ranges.join(', ')} ${many}`;
}

/**
 * Checks a bureau's chain against itself and against the evidence outside the database:
 * - walking from the first record: a record whose content no longer gives its hash was edited; a record that does
 *   not follow its predecessor's hash, or a gap in the sequence, means records were inserted or deleted; a head row
 *   beyond the last record means records were deleted from the end;
 * - each record must carry the bureau's signature of its hash (only the services hold the key, not the database's
 *   owner), so a re-hashed, renumbered or forged record is reported; a record written before records were signed
 *   must be vouched for by a checkpoint;
 * - each signed checkpoint names a record and its hash: a record that differs from it was rewritten, one that is
 *   missing was deleted, the newest included; the checkpoint file itself must be an unbroken chain of signed lines.
 */
export async function verifyAuditChain(db: SqlRunner, evidence: ChainEvidence): Promise<ChainReport> {
  const problems: string[] = [];
  const rows = (await db.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record ORDER BY seq`)).map(auditRecordFromRow);
  const edited: number[] = [];
  const unsigned: number[] = [];
  const legacyUncovered: number[] = [];
  const uncoveredValues: number[] = [];
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  for (const record of rows) {
    if (record.seq !== expectedSeq) {
      problems.push(
        record.seq > expectedSeq ? `records ${expectedSeq}–${record.seq - 1} are missing (deleted)` : `record ${record.seq} appears out of order (inserted)`,
      );
    }
    if (record.previousHash !== previousHash) {
      problems.push(`record ${record.seq} does not follow the record before it (a record was inserted or deleted before it)`);
    }
    if (auditHash(record.seq, record, record.previousHash, record.hashLayout) !== record.hash) edited.push(record.seq);
    expectedSeq = record.seq + 1;
    previousHash = record.hash;
  }
  if (edited.length > 0)
    problems.push(about(edited, 'was edited: its content no longer matches its hash', 'were edited: their content no longer matches their hashes'));

  const { checkpoints, lines, problems: fileProblems, missing } = readCheckpoints(evidence.checkpointFile, evidence.chain);
  problems.push(...fileProblems);
  if (missing && rows.length > 0) {
    problems.push(`no checkpoint file at ${evidence.checkpointFile}: nothing outside the database vouches for the chain`);
  }
  const bySeq = new Map(rows.map((record) => [record.seq, record]));
  const rewritten = new Set<number>();
  const deleted = new Set<number>();
  let vouchedUpTo = 0;
  for (const checkpoint of checkpoints) {
    const hash = checkpoint.seq === 0 ? GENESIS_HASH : bySeq.get(checkpoint.seq)?.hash;
    if (hash === undefined) deleted.add(checkpoint.seq);
    else if (hash !== checkpoint.hash) rewritten.add(checkpoint.seq);
    else vouchedUpTo = Math.max(vouchedUpTo, checkpoint.seq);
  }
  const sorted = (seqs: Set<number>) => [...seqs].sort((a, b) => a - b);
  if (rewritten.size > 0) {
    problems.push(about(sorted(rewritten), 'differs from its checkpoint (rewritten or re-hashed)', 'differ from their checkpoints (rewritten or re-hashed)'));
  }
  if (deleted.size > 0)
    problems.push(about(sorted(deleted), 'is missing though a checkpoint names it (deleted)', 'are missing though checkpoints name them (deleted)'));

  for (const record of rows) {
    if (record.hashLayout === 1) {
      // Before signatures, a record is vouched for by a checkpoint at or after it (whose hash covers all before it).
      if (record.seq > vouchedUpTo) legacyUncovered.push(record.seq);
      if (record.action !== 'READ' || record.clientRequestId !== null || record.signature !== null) uncoveredValues.push(record.seq);
    } else if (!record.signature || !isSignedBy('audit-checkpoint', recordSignatureMessage(evidence.chain, record.seq, record.hash), record.signature)) {
      unsigned.push(record.seq);
    }
  }
  if (unsigned.length > 0) {
    problems.push(
      about(
        unsigned,
        'carries no valid signature of the bureau (forged, re-hashed or renumbered)',
        'carry no valid signature of the bureau (forged, re-hashed or renumbered)',
      ),
    );
  }
  if (legacyUncovered.length > 0) {
    problems.push(
      about(
        legacyUncovered,
        'was written before records were signed, and no checkpoint vouches for it (start the subgraph once to checkpoint it)',
        'were written before records were signed, and no checkpoint vouches for them (start the subgraph once to checkpoint them)',
      ),
    );
  }
  if (uncoveredValues.length > 0) {
    problems.push(about(uncoveredValues, 'holds values its layout-1 hash does not cover (edited)', 'hold values their layout-1 hash does not cover (edited)'));
  }

  const [head] = await db.query('SELECT seq, hash FROM audit_chain_head');
  if (!head) {
    problems.push('the chain head row is missing (deleted)');
  } else if (Number(head.seq) !== expectedSeq - 1 || head.hash !== previousHash) {
    problems.push(
      Number(head.seq) > expectedSeq - 1
        ? `records ${expectedSeq}–${head.seq} at the end of the chain are missing (deleted)`
        : 'the chain head does not match the last record',
    );
  }
  return { records: rows.length, checkpoints: lines, lastCheckpoint: checkpoints.at(-1) ?? null, problems };
}
