import type { DataSource, QueryRunner } from 'typeorm';

/** SQLSTATEs of a backend that went away (terminated, server shutting down, connection failure). */
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006']);
const LOST_MESSAGES = /Connection terminated|not queryable|ECONNRESET|EPIPE|socket hang up/;

/** Whether a failed query failed because its connection died, not because of the statement. */
export function isLostConnection(error: unknown): boolean {
  const driverError = ((error as { driverError?: unknown }).driverError ?? error) as { code?: unknown; message?: unknown };
  return (typeof driverError.code === 'string' && LOST_STATES.has(driverError.code)) || LOST_MESSAGES.test(String(driverError.message));
}

/** The parts of TypeORM's PostgresQueryRunner that hand a runner a fresh pooled connection. */
interface PooledRunner extends QueryRunner {
  databaseConnection?: unknown;
  databaseConnectionPromise?: Promise<unknown>;
  /** Gives the connection back (destroyed when given an error) and leaves the driver's list of connected runners. */
  releasePostgresConnection(error?: unknown): Promise<void>;
}

/**
 * A pooled connection the server closed (a restart, `pg_terminate_backend`, a dropped socket) fails the next query
 * sent on it. For a statement outside a transaction that is safe to repeat: the broken connection goes back to the
 * pool marked as broken (so it is destroyed), and the statement runs again on another. When the server dropped them
 * all at once, the other idle connections are dead too and are discarded the same way, so at most `poolSize` more
 * attempts are made, each on a different connection. Inside a transaction nothing is repeated: the transaction is
 * lost and its error reaches the caller, whose write then did not happen.
 */
export function retryStatementsOnLostConnection(dataSource: DataSource, poolSize: number, onRetry: (error: unknown) => void): void {
  const driver = dataSource.driver;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode) as PooledRunner;
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = (async (...args: unknown[]) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await query(...args);
        } catch (error) {
          if (runner.isTransactionActive || !isLostConnection(error) || attempt >= poolSize) throw error;
          onRetry(error);
          // Already done if the connection's error event came first; the runner must not stay listed twice, or
          // closing the pool loops over it forever.
          await runner.releasePostgresConnection(error);
          runner.databaseConnection = undefined;
          runner.databaseConnectionPromise = undefined;
          (runner as { isReleased: boolean }).isReleased = false;
          // Lets the pool see the close events of other connections that died with this one before picking one.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }) as QueryRunner['query'];
    return runner;
  };
}
