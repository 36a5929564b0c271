import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { UserInputError } from './errors';
import { onceForKey } from './idempotency';

/**
 * Runs a mutation in one transaction: any error rolls everything back. A unique or check constraint that the
 * code's own validation did not catch first (two requests racing) still comes back as BAD_USER_INPUT on its field.
 * (Figures are not affected: they come from releases, see releases.ts.) With an idempotency key, a retry of
 * the same mutation returns the first result instead of writing again (see idempotency.ts).
 */
export async function inTransaction<T>(
  db: DataSource,
  constraintFields: Record<string, string>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    const result = await onceForKey<T>(
      (sql, parameters) => db.query(sql, parameters),
      (storeKey) =>
        db.transaction(async (manager) => {
          const done = await work(manager);
          await storeKey(manager, done);
          return done;
        }),
    );
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
