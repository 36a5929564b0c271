import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { MiddlewareFn } from 'type-graphql';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { AccessContext } from './auth/access';
import { GraphQLError } from 'graphql';
import { UserInputError } from './errors';

/**
 * Safe retries of mutations. A client that sends `Idempotency-Key: <key>` with a mutation and loses the answer (a
 * timeout, a dropped connection) sends the same request again with the same key: the bureau returns the result of
 * the first attempt and writes nothing more. The key is stored with the result in the mutation's own transaction,
 * so either both exist or neither does; a key is the caller's own (scoped to the token subject) and kept for
 * `IDEMPOTENCY_RETENTION_HOURS`. The same key with another mutation or other input is refused.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Printable, URL-safe and short: a UUID or a client's own request number fits. */
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/;

export class IdempotencyTable1764000000002 implements MigrationInterface {
  name = 'IdempotencyTable1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_record (
        subject varchar(128) NOT NULL,
        key varchar(100) NOT NULL,
        mutation varchar(64) NOT NULL,
        request_hash char(64) NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, key, mutation)
      )`);
    await queryRunner.query('CREATE INDEX idempotency_record_created_idx ON idempotency_record (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_record');
  }
}

/** The key of this request, checked; undefined without the header. */
export function idempotencyKeyFromHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY_PATTERN.test(value)) {
    // Checked before the request runs, so it is a whole-request error with its HTTP status.
    throw new GraphQLError('Idempotency-Key must be 8–100 characters: letters, digits, ".", "_", ":" or "-"', {
      extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key', http: { status: 400 } },
    });
  }
  return value;
}

interface IdempotentCall {
  subject: string;
  key: string;
  mutation: string;
  requestHash: string;
}

const currentCall = new AsyncLocalStorage<IdempotentCall>();

/** For each root mutation field of a request that carries a key: what a retry must match (the field and its input). */
export const idempotentMutations: MiddlewareFn<AccessContext & { idempotencyKey?: string }> = ({ context, info, args }, next) => {
  if (info.parentType.name !== 'Mutation' || !context.idempotencyKey) return next();
  const requestHash = createHash('sha256')
    .update(JSON.stringify([info.fieldName, args]))
    .digest('hex');
  return currentCall.run({ subject: context.access.identity.subject, key: context.idempotencyKey, mutation: info.fieldName, requestHash }, next);
};

type Query = (sql: string, parameters: unknown[]) => Promise<{ request_hash: string; result: unknown }[]>;

async function storedResult(query: Query, call: IdempotentCall, retentionHours: number): Promise<{ found: false } | { found: true; result: unknown }> {
  const rows = await query(
    `SELECT request_hash, result FROM idempotency_record
     WHERE subject = $1 AND key = $2 AND mutation = $3 AND created_at > now() - make_interval(hours => $4)`,
    [call.subject, call.key, call.mutation, retentionHours],
  );
  if (rows.length === 0) return { found: false };
  if (rows[0].request_hash !== call.requestHash) {
    throw new UserInputError('Idempotency-Key', `Idempotency-Key was already used for another ${call.mutation} request`);
  }
  return { found: true, result: rows[0].result };
}

/**
 * Runs a mutation's transaction at most once per idempotency key: a retry gets the stored result of the first
 * attempt. Two attempts racing with the same key both run, but the second cannot store its key (primary key), so its
 * transaction rolls back and it answers with the first one's result. Without a key, `transaction` just runs.
 */
export async function onceForKey<T>(
  /** How long keys are kept (`IDEMPOTENCY_RETENTION_HOURS`). */
  retentionHours: number,
  query: Query,
  transaction: (store: (manager: EntityManager, result: T) => Promise<void>) => Promise<T>,
): Promise<T> {
  const call = currentCall.getStore();
  if (!call) return transaction(async () => undefined);
  const earlier = await storedResult(query, call, retentionHours);
  if (earlier.found) return earlier.result as T;
  try {
    return await transaction(async (manager, result) => {
      // Past their window, keys are forgotten (this one's too, if it was used long ago); a live key of a racing
      // attempt is left alone, so the insert below conflicts with it.
      await manager.query('DELETE FROM idempotency_record WHERE created_at <= now() - make_interval(hours => $1)', [retentionHours]);
      await manager.query(`INSERT INTO idempotency_record (subject, key, mutation, request_hash, result) VALUES ($1, $2, $3, $4, $5)`, [
        call.subject,
        call.key,
        call.mutation,
        call.requestHash,
        JSON.stringify(result ?? null),
      ]);
    });
  } catch (error) {
    if ((error as { driverError?: { constraint?: string } }).driverError?.constraint !== 'idempotency_record_pkey') throw error;
    const winner = await storedResult(query, call, retentionHours);
    if (winner.found) return winner.result as T;
    throw error;
  }
}
