import type { DataSource } from 'typeorm';
import { envInt } from './config';
import { once } from './loaders';

/**
 * Whole-city figures cost a scan of a bureau's records (seconds at 300,000 persons on the embedded database) and are
 * the same for every analyst, so a subgraph keeps each for STATISTICS_CACHE_SECONDS (default 300; 0 counts afresh for
 * every request) and forgets them all as soon as one of its own writes commits. When an entry is older than that,
 * it is still served once more while the figures are counted again in the background, so no analyst waits for a
 * recount; another instance's writes show within that time.
 */

interface Entry {
  value: Promise<unknown>;
  expires: number;
  recounting: boolean;
}

const caches = new WeakMap<DataSource, Map<string, Entry>>();

function cacheOf(db: DataSource): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

function keep(cache: Map<string, Entry>, key: string, value: Promise<unknown>, seconds: number): void {
  const entry: Entry = { value, expires: Date.now() + seconds * 1000, recounting: false };
  cache.set(key, entry);
  // A failed count is not kept: the next request tries again.
  value.catch(() => cache.get(key) === entry && cache.delete(key));
}

export function cachedFigures<T>(db: DataSource, key: string, count: () => Promise<T>): Promise<T> {
  const seconds = envInt('STATISTICS_CACHE_SECONDS', 300);
  if (seconds <= 0) return count();
  const cache = cacheOf(db);
  const entry = cache.get(key);
  if (!entry) {
    const value = count();
    keep(cache, key, value, seconds);
    return value;
  }
  if (entry.expires <= Date.now() && !entry.recounting) {
    entry.recounting = true;
    const value = count();
    value.then(
      () => cache.get(key) === entry && keep(cache, key, value, seconds),
      () => (entry.recounting = false),
    );
  }
  return entry.value as Promise<T>;
}

/** Called when a write commits: the figures counted before it are out of date. */
export function forgetFigures(db: DataSource): void {
  caches.get(db)?.clear();
}

/** For a request's loaders: the cached figures, looked up at most once per request. */
export function figuresOncePerRequest<T>(db: DataSource, key: string, count: () => Promise<T>): () => Promise<T> {
  return once(() => cachedFigures(db, key, count));
}
