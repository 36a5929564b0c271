import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { addDays, today } from './dates';
import { ExecutionBudget } from './execution-budget';
import { once } from './loaders';
import { defaultSettings, ReleasePeriod } from './settings';

/**
 * Statistics are published, not live (统计发布). A bureau counts its figures as of a cut-off — the last day of the
 * last complete month by default (`STATISTICS_RELEASE=month`), or of yesterday (`day`) — protects them (disclosure
 * control) and stores the protected result as a release. Every figure served until the next cut-off comes from that
 * stored release, whatever is registered meanwhile, so an analyst cannot see one registration move a figure by
 * diffing two answers; the next release differs from it by a whole period's changes. A subgraph counts its release at
 * start, and the first request after a cut-off starts counting the next, serving the one before until it is stored;
 * concurrent instances agree on the first one stored.
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

let processPeriod: ReleasePeriod | undefined;

/**
 * The release period of this process (`STATISTICS_RELEASE`), set by the subgraph at start: cut-offs are computed
 * throughout the figure code, far from any options. Until it is set, the variable's default.
 */
export function useReleasePeriod(period: ReleasePeriod): void {
  processPeriod = period;
}

/** The cut-off of the latest release on `day`: the day before the current period began (YYYY-MM-DD). */
export function releaseAsOf(day = today(), period = processPeriod ?? defaultSettings().STATISTICS_RELEASE): string {
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

/** A release wanted: the one of the current cut-off, and what to serve until it is ready. */
interface WantedRelease {
  ready: Promise<Release<unknown>>;
  /** An earlier release to serve while this one is counted; none when it was stored already, or nothing earlier is. */
  meanwhile: Promise<Release<unknown> | undefined>;
}

interface BureauReleases {
  wanted: Map<string, WantedRelease>;
  /** The latest release served of each name. */
  served: Map<string, Release<unknown>>;
}

const releasesOf = new WeakMap<DataSource, BureauReleases>();
/** Releases not yet read or counted. */
const pending = new WeakSet<Promise<unknown>>();
/** The pool a request pool's releases are counted on (database.ts backgroundDataSource), if not itself. */
const countingPools = new WeakMap<DataSource, DataSource>();

/**
 * Releases wanted through `requests` are counted on `background`, whose statements may run longer than a request's
 * deadline.
 */
export function countReleasesOn(requests: DataSource, background: DataSource): void {
  countingPools.set(requests, background);
}

/** Counts a release as of its cut-off, on the pool given (see countReleasesOn). */
export type ReleaseCount<T> = (asOf: string, db: DataSource) => Promise<T>;

/**
 * The latest release named `name` of this bureau: kept in memory, else read from `statistics_release`, else counted
 * by `count(asOf, db)` (which must count as of the cut-off and return protected, JSON-serialisable figures) and stored.
 * While a new cut-off's release is counted, the one before it is served (its `asOf` says so); only a bureau that has
 * never released makes its first requests wait for the count, and their deadlines wait with them (it is no request's
 * own work, and no caller can make more of it).
 */
export function latestRelease<T>(db: DataSource, name: string, count: ReleaseCount<T>): Promise<Release<T>> {
  let releases = releasesOf.get(db);
  if (!releases) releasesOf.set(db, (releases = { wanted: new Map(), served: new Map() }));
  const asOf = releaseAsOf();
  const key = `${name}|${asOf}`;
  let wanted = releases.wanted.get(key);
  if (!wanted) {
    wanted = wantRelease(db, releases, name, asOf, count as ReleaseCount<unknown>);
    for (const older of releases.wanted.keys()) if (older.startsWith(`${name}|`)) releases.wanted.delete(older);
    releases.wanted.set(key, wanted);
  }
  const { ready, meanwhile } = wanted;
  if (!pending.has(ready)) return ready as Promise<Release<T>>;
  return meanwhile.then((earlier) => {
    if (earlier) return earlier as Release<T>;
    ExecutionBudget.current()?.pauseWhile(ready);
    return ready as Promise<Release<T>>;
  });
}

function wantRelease(db: DataSource, releases: BureauReleases, name: string, asOf: string, count: ReleaseCount<unknown>): WantedRelease {
  const key = `${name}|${asOf}`;
  const stored = storedRelease(db, name, asOf);
  const ready = stored.then((found) => found ?? countAndStore(db, name, asOf, count));
  pending.add(ready);
  ready.then(
    (release) => {
      pending.delete(ready);
      releases.served.set(name, release);
    },
    () => {
      pending.delete(ready);
      // A failed count is not kept: the next request tries again.
      if (releases.wanted.get(key)?.ready === ready) releases.wanted.delete(key);
    },
  );
  const meanwhile = stored.then((found) => (found ? undefined : (releases.served.get(name) ?? storedRelease(db, name, asOf, 'before'))));
  // Nobody may be waiting on it when it fails; `ready` carries the failure to the requests.
  meanwhile.catch(() => undefined);
  return { ready, meanwhile };
}

/** The release of `asOf`, or with `before` the latest one stored before it. */
async function storedRelease(db: DataSource, name: string, asOf: string, which: 'of' | 'before' = 'of'): Promise<Release<unknown> | undefined> {
  const [row] = await db.query(
    which === 'of'
      ? 'SELECT as_of, content FROM statistics_release WHERE name = $1 AND as_of = $2'
      : 'SELECT as_of, content FROM statistics_release WHERE name = $1 AND as_of < $2 ORDER BY as_of DESC LIMIT 1',
    [name, asOf],
  );
  return row ? { asOf: row.as_of, content: row.content } : undefined;
}

async function countAndStore(db: DataSource, name: string, asOf: string, count: ReleaseCount<unknown>): Promise<Release<unknown>> {
  const counting = countingPools.get(db) ?? db;
  const content = await count(asOf, counting);
  await counting.query('INSERT INTO statistics_release (name, as_of, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    name,
    asOf,
    JSON.stringify(content),
  ]);
  // Another instance may have stored its count first: everyone serves the one stored.
  return (await storedRelease(db, name, asOf))!;
}

/**
 * Settles when every release wanted on `db` so far is stored: the releases of the current cut-off, not the ones
 * served meanwhile (for a caller that must read the current figures, such as a test that has just moved the cut-off).
 */
export async function releasesCounted(db: DataSource): Promise<void> {
  await Promise.all([...(releasesOf.get(db)?.wanted.values() ?? [])].map((wanted) => wanted.ready));
}

/** For a request's loaders: the latest release, looked up at most once per request. */
export function releaseOncePerRequest<T>(db: DataSource, name: string, count: ReleaseCount<T>): () => Promise<Release<T>> {
  return once(() => latestRelease(db, name, count));
}
