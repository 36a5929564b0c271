import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { envString } from './config';
import { addDays, today } from './dates';
import { ExecutionBudget } from './execution-budget';
import { once } from './loaders';

/**
 * Statistics are published, not live (统计发布). A bureau counts its figures as of a cut-off — the last day of the
 * last complete month by default (`STATISTICS_RELEASE=month`), or of yesterday (`day`) — protects them (disclosure
 * control) and stores the protected result as a release. Every figure served until the next cut-off comes from that
 * stored release, whatever is registered meanwhile, so an analyst cannot see one registration move a figure by
 * diffing two answers; the next release differs from it by a whole period's changes. The first request after a
 * cut-off counts the release; concurrent instances agree on the first one stored.
 */

export class StatisticsReleaseTable1764000000003 implements MigrationInterface {
  name = 'StatisticsReleaseTable1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE statistics_release (
        name varchar(64) NOT NULL,
        as_of date NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now(),
        content jsonb NOT NULL,
        PRIMARY KEY (name, as_of)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE statistics_release');
  }
}

export type ReleasePeriod = 'month' | 'day';

export function releasePeriod(): ReleasePeriod {
  const period = envString('STATISTICS_RELEASE', 'month');
  if (period !== 'month' && period !== 'day') throw new Error(`STATISTICS_RELEASE must be month or day, got "${period}"`);
  return period;
}

/** The cut-off of the latest release on `day`: the day before the current period began (YYYY-MM-DD). */
export function releaseAsOf(day = today(), period = releasePeriod()): string {
  return period === 'day' ? addDays(day, -1) : addDays(`${day.slice(0, 7)}-01`, -1);
}

/** The month of the latest release (YYYY-MM): its cut-off's month, the last complete month with monthly releases. */
export function releasedMonth(): string {
  return releaseAsOf().slice(0, 7);
}

/** What a release holds, with its cut-off. */
export interface Release<T> {
  asOf: string;
  content: T;
}

const latest = new WeakMap<DataSource, Map<string, Promise<Release<unknown>>>>();
/** Releases being read or counted. */
const pending = new WeakSet<Promise<unknown>>();
/** The pool a request pool's releases are counted on (database.ts backgroundDataSource), if not itself. */
const countingPools = new WeakMap<DataSource, DataSource>();

/**
 * Releases wanted through `requests` are counted on `background`, whose statements may run longer than a request's
 * deadline: a count started by a request that then ran out of time goes on, and the next request gets its release.
 */
export function countReleasesOn(requests: DataSource, background: DataSource): void {
  countingPools.set(requests, background);
}

/** Counts a release as of its cut-off, on the pool given (see countReleasesOn). */
export type ReleaseCount<T> = (asOf: string, db: DataSource) => Promise<T>;

/**
 * The latest release named `name` of this bureau: kept in memory, else read from `statistics_release`, else counted
 * by `count(asOf, db)` (which must count as of the cut-off and return protected, JSON-serialisable figures) and stored.
 */
export function latestRelease<T>(db: DataSource, name: string, count: ReleaseCount<T>): Promise<Release<T>> {
  let releases = latest.get(db);
  if (!releases) latest.set(db, (releases = new Map()));
  const asOf = releaseAsOf();
  const key = `${name}|${asOf}`;
  let release = releases.get(key) as Promise<Release<T>> | undefined;
  if (!release) {
    release = storedOrCounted(db, name, asOf, count);
    for (const older of releases.keys()) if (older.startsWith(`${name}|`)) releases.delete(older);
    releases.set(key, release);
    // A failed count is not kept: the next request tries again.
    release.catch(() => releases!.get(key) === release && releases!.delete(key));
    const settled = () => pending.delete(release!);
    pending.add(release);
    release.then(settled, settled);
  }
  // Waiting for the release to be read or counted is not the request's own work: its deadline waits too.
  if (pending.has(release)) ExecutionBudget.current()?.pauseWhile(release);
  return release;
}

async function storedOrCounted<T>(db: DataSource, name: string, asOf: string, count: ReleaseCount<T>): Promise<Release<T>> {
  const stored = async () => {
    const [row] = await db.query('SELECT content FROM statistics_release WHERE name = $1 AND as_of = $2', [name, asOf]);
    return row ? { asOf, content: row.content as T } : undefined;
  };
  const found = await stored();
  if (found) return found;
  const counting = countingPools.get(db) ?? db;
  const content = await count(asOf, counting);
  await counting.query('INSERT INTO statistics_release (name, as_of, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    name,
    asOf,
    JSON.stringify(content),
  ]);
  // Another instance may have stored its count first: everyone serves the one stored.
  return (await stored())!;
}

/** For a request's loaders: the latest release, looked up at most once per request. */
export function releaseOncePerRequest<T>(db: DataSource, name: string, count: ReleaseCount<T>): () => Promise<Release<T>> {
  return once(() => latestRelease(db, name, count));
}
