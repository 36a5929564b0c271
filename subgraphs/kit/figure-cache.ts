import type { DataSource } from 'typeorm';
import { envInt } from './config';
import { once } from './loaders';

/**
 * Whole-city figures cost a scan of a bureau's records and are the same for every analyst, so a subgraph keeps each
 * for STATISTICS_CACHE_SECONDS (default 60; 0 counts afresh for every request) and forgets them all as soon as one of
 * its own writes commits. Another instance's writes show once the entry expires.
 */

interface Entry {
  value: Promise<unknown>;
  expires: number;
}

const caches = new WeakMap<DataSource, Map<string, Entry>>();

export function cachedFigures<T>(db: DataSource, key: string, count: () => Promise<T>): Promise<T> {
  const seconds = envInt('STATISTICS_CACHE_SECONDS', 60);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const entry = cache.get(key);
  if (entry && entry.expires > Date.now()) return entry.value as Promise<T>;
  const value = count();
  if (seconds > 0) {
    const fresh = { value, expires: Date.now() + seconds * 1000 };
    cache.set(key, fresh);
    // A failed count is not kept: the next request tries again.
    value.catch(() => cache.get(key) === fresh && cache.delete(key));
  }
  return value;
}

/** Called when a write commits: the figures counted before it are out of date. */
export function forgetFigures(db: DataSource): void {
  caches.get(db)?.clear();
}

/** For a request's loaders: the cached figures, looked up at most once per request. */
export function figuresOncePerRequest<T>(db: DataSource, key: string, count: () => Promise<T>): () => Promise<T> {
  return once(() => cachedFigures(db, key, count));
}
