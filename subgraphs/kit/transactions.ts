import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { appendWriteRecord } from './auth/audit';
import { UserInputError } from './errors';
import { writeLimitsOf } from './database';
import { onceForKey } from './idempotency';

/**
 * Runs a mutation in one transaction: any error rolls everything back. The write's audit record is appended in the
 * same transaction, so the write and its record commit together or not at all. A unique or check constraint that the
 * code's own validation did not catch first (two requests racing) still comes back as BAD_USER_INPUT on its field.
 * (Figures are not affected: they come from releases, see releases.ts.) With an idempotency key, a retry of
 * the same mutation returns the first result instead of writing again (see idempotency.ts).
 */
export async function inTransaction<T>(db: DataSource, constraintFields: Record<string, string>, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    const limits = writeLimitsOf(db);
    // Set inside the transaction's callback (a cast, so the compiler does not take it for null after it).
    let audited = null as Awaited<ReturnType<typeof appendWriteRecord>>;
    const result = await onceForKey<T>(
      limits.idempotencyRetentionHours,
      (sql, parameters) => db.query(sql, parameters),
      (storeKey) =>
        db.transaction(async (manager) => {
          // A write's statements may run longer than a read's (the pool's statement_timeout is the read deadline).
          await manager.query(`SET LOCAL statement_timeout = ${limits.writeStatementMs}`);
          const done = await work(manager);
          await storeKey(manager, done);
          audited = await appendWriteRecord(manager, done);
          return done;
        }),
    );
    if (audited) audited.trail.committed(audited.record);
    return result;
  } catch (error) {
    if (error instanceof QueryFailedError) {
      const constraint = (error.driverError as { constraint?: string }).constraint;
      const field = constraint ? constraintFields[constraint] : undefined;
      if (field) throw new UserInputError(field, `${field} conflicts with an existing record`);
    }
    throw error;
  }
}
