import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { usageReportingSignature } from '@apollo/utils.usagereporting';
import { type DocumentNode, type GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { addDays } from '../subgraphs/kit/dates';
import type { Logger } from '../subgraphs/kit/logger';
import { privateFolder } from '../subgraphs/kit/private-files';
import type { Settings } from '../subgraphs/kit/settings';

/**
 * Operation usage, recorded by the gateway: for each operation it runs, the operation's signature (Apollo's usage
 * reporting signature: literals stripped to "" / 0 / [] / {}, aliases removed, sorted, one line), the field and
 * argument coordinates it uses and the client that sent it (`apollographql-client-name` / `-version`), counted per
 * day (UTC). Nothing else of a request is kept: no variable value (variables are never read), no token, no caller.
 * One JSON file per day in the usage folder, written in batches; `npm run schema:check -- --usage` weighs breaking
 * changes against it.
 */

/** One signature sent by one client on one day. */
export interface UsageEntry {
  /** The operation's name (null when it has none). */
  operation: string | null;
  signature: string;
  /** `Type.field` and `Type.field(argument:)` coordinates of the API schema the operation uses. */
  coordinates: string[];
  client: { name: string | null; version: string | null };
  count: number;
}

/** A day file, `usage-<day>.json`. */
export interface UsageDay {
  day: string;
  entries: UsageEntry[];
}

/** What `npm run usage:export` writes: several day files in one. */
export interface UsageExport {
  days: UsageDay[];
}

/** The usage folder: USAGE_DIR, else DATA_DIR/usage. */
export function usageDirOf(settings: Settings): string {
  return settings.USAGE_DIR ?? path.join(settings.DATA_DIR, 'usage');
}

const DAY_FILE = /^usage-(\d{4}-\d{2}-\d{2})\.json$/;
export const usageDayFile = (dir: string, day: string) => path.join(dir, `usage-${day}.json`);
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

const entryKey = (entry: Pick<UsageEntry, 'signature' | 'client'>) => JSON.stringify([entry.signature, entry.client.name, entry.client.version]);

/** Entries with the same signature and client added up (with the coordinates of each: the schema may have changed). */
function mergeEntries(entries: Iterable<UsageEntry>): UsageEntry[] {
  const merged = new Map<string, UsageEntry>();
  for (const entry of entries) {
    const key = entryKey(entry);
    const known = merged.get(key);
    if (!known) merged.set(key, { ...entry, coordinates: [...entry.coordinates] });
    else {
      known.count += entry.count;
      known.coordinates = [...new Set([...known.coordinates, ...entry.coordinates])].sort();
    }
  }
  return [...merged.values()];
}

/**
 * The recorded days of `days` days up to `today` (inclusive): the day files of a usage folder, or the days of one file
 * (an export, or a day file copied alone).
 */
export function readUsage(source: string, days: number, today = utcDay(new Date())): UsageDay[] {
  if (!fs.existsSync(source)) throw new Error(`no usage store at ${source}: a usage folder (USAGE_DIR) or a file of npm run usage:export`);
  const first = addDays(today, -(days - 1));
  let recorded: UsageDay[];
  if (fs.statSync(source).isDirectory()) {
    recorded = fs
      .readdirSync(source)
      .filter((name) => DAY_FILE.test(name))
      .map((name) => JSON.parse(fs.readFileSync(path.join(source, name), 'utf8')) as UsageDay);
  } else {
    const content = JSON.parse(fs.readFileSync(source, 'utf8')) as UsageExport | UsageDay;
    recorded = 'days' in content ? content.days : [content];
  }
  return recorded.filter((usage) => usage.day >= first && usage.day <= today).sort((a, b) => a.day.localeCompare(b.day));
}

/** Writes a file whole or not at all: readers (and a gateway that stopped half-way) never see half of one. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, content, { mode: 0o600 });
  await fs.promises.rename(temp, file);
}

/** The longest client name or version kept; a header is the client's to fill. */
const MAX_CLIENT_LENGTH = 64;

/** A client header as recorded: printable name characters only, bounded; null when absent or empty. */
function clientHeaderValue(raw: string | undefined | null): string | null {
  const value = (raw ?? '')
    .replace(/[^\w.+\-@/: ]/g, '')
    .trim()
    .slice(0, MAX_CLIENT_LENGTH);
  return value === '' ? null : value;
}

/**
 * The `Type.field` and `Type.field(argument:)` coordinates a document uses; meta fields (`__typename`, `__schema`) and
 * the introspection types' fields are not of the graph.
 */
function usedCoordinates(schema: GraphQLSchema, document: DocumentNode): string[] {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const isMeta = (typeName: string, fieldName: string) => typeName.startsWith('__') || fieldName.startsWith('__');
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !isMeta(parent.name, node.name.value)) coordinates.add(`${parent.name}.${node.name.value}`);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field && !isMeta(parent.name, field.name)) coordinates.add(`${parent.name}.${field.name}(${node.name.value}:)`);
      },
    }),
  );
  return [...coordinates].sort();
}

export interface UsageRecordingOptions {
  dir: string;
  retentionDays: number;
  /** How often recorded counts are written (default 5 s). */
  flushMs?: number;
}

/** Signatures and coordinates of the documents seen lately, by query hash: computed once, not per request. */
const MAX_CACHED_DOCUMENTS = 1000;

/**
 * The plugin recording usage: counts are kept in memory and added to the day's file every few seconds and when the
 * server stops (read, merged, written aside and renamed into place), so a restart on the same day adds to the day's
 * counts. A document that did not parse or validate never executes and is not recorded, nor is one that asks only
 * for meta fields (introspection). Day files older than the retention are deleted at start and once a day.
 */
export function usageRecordingPlugin<C extends BaseContext>(options: UsageRecordingOptions, log: Logger): ApolloServerPlugin<C> {
  const { dir, retentionDays, flushMs = 5000 } = options;
  const pending = new Map<string, Map<string, UsageEntry>>();
  const cache = new Map<string, { schema: GraphQLSchema; signature: string; coordinates: string[] }>();
  let prunedOn: string | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const prune = async (today: string) => {
    const oldestKept = addDays(today, -(retentionDays - 1));
    for (const name of await fs.promises.readdir(dir)) {
      const day = DAY_FILE.exec(name)?.[1];
      if (day && day < oldestKept) await fs.promises.rm(path.join(dir, name), { force: true });
    }
    prunedOn = today;
  };

  // Off the request path, and asynchronous: requests go on being served while a file is written.
  const writePending = async () => {
    const today = utcDay(new Date());
    // What is counted while the batch is written goes into the next one.
    const batch = [...pending];
    pending.clear();
    for (const [day, entries] of batch) {
      const file = usageDayFile(dir, day);
      const known = fs.existsSync(file) ? (JSON.parse(await fs.promises.readFile(file, 'utf8')) as UsageDay).entries : [];
      const usage: UsageDay = { day, entries: mergeEntries([...known, ...entries.values()]) };
      await writeAtomically(file, `${JSON.stringify(usage, null, 1)}\n`);
    }
    if (prunedOn !== today) await prune(today);
  };

  // One write at a time; a write that fails is logged and its counts are lost, the requests are not failed.
  const flush = () => {
    flushing = flushing.then(writePending).catch((error) => log.error({ err: error, dir }, 'operation usage could not be written'));
    return flushing;
  };

  const record = (context: GraphQLRequestContext<C>) => {
    const { document, schema, queryHash, operationName } = context;
    if (!document || !queryHash) return;
    const cacheKey = `${queryHash}:${operationName ?? ''}`;
    let seen = cache.get(cacheKey);
    if (!seen || seen.schema !== schema) {
      seen = { schema, signature: usageReportingSignature(document, operationName ?? ''), coordinates: usedCoordinates(schema, document) };
      if (cache.size >= MAX_CACHED_DOCUMENTS) cache.clear();
      cache.set(cacheKey, seen);
    }
    if (seen.coordinates.length === 0) return;
    const headers = context.request.http?.headers;
    const client = {
      name: clientHeaderValue(headers?.get('apollographql-client-name')),
      version: clientHeaderValue(headers?.get('apollographql-client-version')),
    };
    const day = utcDay(new Date());
    let entries = pending.get(day);
    if (!entries) pending.set(day, (entries = new Map()));
    const entry = { operation: context.operation?.name?.value ?? null, signature: seen.signature, coordinates: seen.coordinates, client, count: 1 };
    const key = entryKey(entry);
    const known = entries.get(key);
    if (known) known.count += 1;
    else entries.set(key, entry);
  };

  return {
    async serverWillStart() {
      privateFolder(dir);
      await prune(utcDay(new Date()));
      const timer = setInterval(flush, flushMs);
      timer.unref();
      return {
        async serverWillStop() {
          clearInterval(timer);
          await flush();
        },
      };
    },
    async requestDidStart() {
      return {
        async executionDidStart(context) {
          // Recording never fails a request.
          try {
            record(context);
          } catch (error) {
            log.warn({ err: error }, 'operation usage not recorded');
          }
        },
      };
    },
  };
}
