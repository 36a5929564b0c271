import { QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { appendWriteRecord } from './auth/audit';
import { NotFoundError, UserInputError } from './errors';
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

/**
 * The next number of a series: `prefix` followed by a serial of `digits` digits, one more than the highest taken. Only
 * one writer numbers a series at a time: an advisory lock on the series, held until the transaction ends, makes the
 * next writer wait for this one's number to be committed (or rolled back).
 */
export async function nextSerialNumber(manager: EntityManager, series: { table: string; column: string; prefix: string; digits: number }): Promise<string> {
  const { table, column, prefix, digits } = series;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${table}.${column}:${prefix}`]);
  const [last] = await manager.query(`SELECT ${column} AS number FROM ${table} WHERE ${column} >= $1 AND ${column} <= $2 ORDER BY ${column} DESC LIMIT 1`, [
    prefix + '0'.repeat(digits),
    prefix + '9'.repeat(digits),
  ]);
  const serial = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  if (serial >= 10 ** digits) throw new Error(`The serial numbers of ${table}.${column} are used up for ${prefix}`);
  return prefix + String(serial).padStart(digits, '0');
}

/** The row a mutation changes, locked against concurrent changes until the transaction ends; NOT_FOUND naming the field when there is none. */
export async function lockOrNotFound<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  field: string,
  message: string,
): Promise<T> {
  const found = await manager.getRepository(entity).findOne({ where, lock: { mode: 'pessimistic_write' } });
  if (!found) throw new NotFoundError(message, field);
  return found;
}
