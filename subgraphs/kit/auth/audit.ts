import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { RequestAccess } from './access';

/**
 * The audit trail: one append-only record per request that read personal data from this bureau, each chained to the
 * one before by a SHA-256 hash, so an edited, inserted or deleted record breaks the chain (`npm run audit:verify`).
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
 * Refused reads (FORBIDDEN) are recorded too, with the persons they were about and the fields refused; Person.accessLog
 * finds a record by either list of persons. Records from before have both empty.
 */
export class AuditRefusedReads1764000000011 implements MigrationInterface {
  name = 'AuditRefusedReads1764000000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_record ADD COLUMN refused_person_ids text[] NOT NULL DEFAULT '{}', ADD COLUMN refused_fields text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query('CREATE INDEX audit_record_refused_person_idx ON audit_record USING gin (refused_person_ids)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_record_refused_person_idx');
    await queryRunner.query('ALTER TABLE audit_record DROP COLUMN refused_person_ids, DROP COLUMN refused_fields');
  }
}

export interface AuditEntry {
  recordedAt: string;
  requestId: string | null;
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
}

export const GENESIS_HASH = '0'.repeat(64);

/** The longest operation name an audit record keeps (operation_name varchar(200)). */
export const MAX_OPERATION_NAME_LENGTH = 200;

/**
 * The request id a caller sent, if it can go into the audit record (request_id varchar(64)) as it is; else a new one.
 * It is only a thread between the bureaus' records, so a malformed one is replaced rather than refused.
 */
export function requestIdFromHeader(header: string | undefined): string {
  return header !== undefined && /^[\w.:-]{1,64}$/.test(header) ? header : randomUUID();
}

/**
 * The hash of a record: its sequence number, content and the hash before it, in a fixed JSON layout. Fields added
 * later are appended only when set, so records written before them keep their hash.
 */
export function auditHash(seq: number, entry: AuditEntry, previousHash: string): string {
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
  if (entry.refusedPersonIds.length > 0 || entry.refusedFields.length > 0) canonical.push(entry.refusedPersonIds, entry.refusedFields);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The audit entry for a request's reads and refused reads, or null when it neither read nor was refused personal data here. */
export function auditEntryFor(access: RequestAccess, requestId: string | null, operationName: string | null): AuditEntry | null {
  if (access.reads.isEmpty) return null;
  return {
    recordedAt: new Date().toISOString(),
    requestId,
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

/** Appends one record at the end of the chain; the head row lock makes concurrent appends take turns. */
export async function appendAuditRecord(db: DataSource, entry: AuditEntry): Promise<AuditRecord> {
  return db.transaction(async (manager) => {
    const [head] = await manager.query('SELECT seq, hash FROM audit_chain_head FOR UPDATE');
    const seq = Number(head.seq) + 1;
    const hash = auditHash(seq, entry, head.hash);
    await manager.query(
      `INSERT INTO audit_record (seq, recorded_at, request_id, subject, bureau, role, purpose, operation_name, person_ids, fields, previous_hash, hash, refused_person_ids, refused_fields)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [seq, entry.recordedAt, entry.requestId, entry.subject, entry.bureau, entry.role, entry.purpose, entry.operationName, entry.personIds, entry.fields, head.hash, hash, entry.refusedPersonIds, entry.refusedFields],
    );
    await manager.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [seq, hash]);
    return { ...entry, seq, previousHash: head.hash, hash };
  });
}

export const AUDIT_COLUMNS = `seq, recorded_at, request_id, subject, bureau, role, purpose, operation_name, person_ids, fields, previous_hash, hash, refused_person_ids, refused_fields`;

export function auditRecordFromRow(row: Record<string, any>): AuditRecord {
  return {
    seq: Number(row.seq),
    recordedAt: new Date(row.recorded_at).toISOString(),
    requestId: row.request_id,
    subject: row.subject,
    bureau: row.bureau,
    role: row.role,
    purpose: row.purpose,
    operationName: row.operation_name,
    personIds: row.person_ids,
    fields: row.fields,
    previousHash: row.previous_hash,
    hash: row.hash,
    refusedPersonIds: row.refused_person_ids,
    refusedFields: row.refused_fields,
  };
}

export interface ChainReport {
  records: number;
  problems: string[];
}

/**
 * Walks the chain from the first record: a record whose content no longer gives its hash was edited; a record that
 * does not follow its predecessor's hash, or a gap in the sequence, means records were inserted or deleted; a head
 * beyond the last record means records were deleted from the end.
 */
/** Anything that runs SQL and returns rows: a TypeORM DataSource, or a plain pg client wrapped. */
export interface SqlRunner {
  query(sql: string): Promise<any[]>;
}

export async function verifyAuditChain(db: SqlRunner): Promise<ChainReport> {
  const problems: string[] = [];
  const rows = (await db.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record ORDER BY seq`)).map(auditRecordFromRow);
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  for (const record of rows) {
    if (record.seq !== expectedSeq) {
      problems.push(
        record.seq > expectedSeq
          ? `records ${expectedSeq}–${record.seq - 1} are missing (deleted)`
          : `record ${record.seq} appears out of order (inserted)`,
      );
    }
    if (record.previousHash !== previousHash) {
      problems.push(`record ${record.seq} does not follow the record before it (a record was inserted or deleted before it)`);
    }
    if (auditHash(record.seq, record, record.previousHash) !== record.hash) {
      problems.push(`record ${record.seq} was edited: its content no longer matches its hash`);
    }
    expectedSeq = record.seq + 1;
    previousHash = record.hash;
  }
  const [head] = await db.query('SELECT seq, hash FROM audit_chain_head');
  if (Number(head.seq) !== expectedSeq - 1 || head.hash !== previousHash) {
    problems.push(
      Number(head.seq) > expectedSeq - 1
        ? `records ${expectedSeq}–${head.seq} at the end of the chain are missing (deleted)`
        : 'the chain head does not match the last record',
    );
  }
  return { records: rows.length, problems };
}
