import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { readRegistry, REGISTRY_FILE } from '../gateway/operations-registry';
import type { UsageDay } from '../gateway/usage-recording';

/**
 * The operations clients are known to send, which `npm run schema:check` validates against the new API schema. A
 * source of operations is anything that yields KnownOperation records: files here (the dashboard's queries, the
 * README's examples, the operations registry, `--operations <path>`) and the usage the gateway recorded (`--usage <store>`).
 */

export interface KnownOperation {
  /** The operation's name (`<anonymous>` when it has none). */
  name: string;
  /** Where it comes from, as a reader finds it: a file (`README.md`) or a client (`dashboard 1.2.0`). */
  source: string;
  /** The operation with the fragments of its document. */
  document: DocumentNode;
  /** Line of the file where the document starts (1 for a whole file), so errors point into the file. */
  firstLine?: number;
  /**
   * An operation recorded from traffic: the coordinates the gateway saw it use, as the check spells them
   * (`Type.field`, `Type.field.argument`). Its document is a signature, literals stripped to "" / 0 / {}, which may not
   * validate even against the schema it ran on.
   */
  recordedCoordinates?: string[];
}

/** One KnownOperation per operation of a document; each carries the document's fragments. */
export function operationsOfDocument(text: string, source: string, firstLine = 1): KnownOperation[] {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fragments = document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      name: operation.name?.value ?? '<anonymous>',
      source,
      firstLine,
      document: { kind: Kind.DOCUMENT, definitions: [operation as DefinitionNode, ...fragments] },
    }));
}

/** The operations of the ```graphql blocks of a Markdown file (blocks of type definitions have none). */
export function operationsOfMarkdown(text: string, source: string): KnownOperation[] {
  const operations: KnownOperation[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index].trim() !== '```graphql') continue;
    const end = lines.indexOf('```', index + 1);
    if (end < 0) break;
    operations.push(...operationsOfDocument(lines.slice(index + 1, end).join('\n'), `${source}:${index + 2}`, index + 2));
    index = end;
  }
  return operations;
}

/** The operations of an operations registry (gateway/operations-registry.ts), each from its client (`dashboard 0.1.0`). */
export function operationsOfRegistry(file: string): KnownOperation[] {
  // A client, not a file: no line to point at.
  return readRegistry(file).operations.flatMap((entry) =>
    operationsOfDocument(entry.body, `${entry.client.name} ${entry.client.version}`).map(({ firstLine: _firstLine, ...operation }) => operation),
  );
}

/** The operations of a file: Markdown examples for `.md`, a registry for `.json`, a GraphQL document otherwise. */
export function operationsOfFile(file: string, root: string): KnownOperation[] {
  if (file.endsWith('.json')) return operationsOfRegistry(file);
  const text = fs.readFileSync(file, 'utf8');
  const source = path.relative(root, file);
  return file.endsWith('.md') ? operationsOfMarkdown(text, source) : operationsOfDocument(text, source);
}

/**
 * The files a `--operations` argument names: a file, a folder (its .graphql files) or a pattern with `*` in its last
 * part (`clients/*.graphql`).
 */
export function operationFiles(pattern: string, root: string): string[] {
  const target = path.resolve(root, pattern);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) return operationFiles(path.join(target, '*.graphql'), root);
  if (!path.basename(target).includes('*')) return [target];
  const dir = path.dirname(target);
  const matcher = new RegExp(`^${path.basename(target).split('*').map(escapeRegExp).join('.*')}$`);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => matcher.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the known operations are by default: the dashboard's queries, the reports', the README's examples, the
 * operations registry.
 */
export const DEFAULT_OPERATION_SOURCES = ['gateway/dashboard/queries/*.graphql', 'gateway/reports/*.graphql', 'README.md', REGISTRY_FILE];

/**
 * The operations of the given sources (patterns as for `--operations`), in order; one known from several (the
 * dashboard's queries are in the registry too) once, from the first, whose errors can point into a file.
 */
export function loadOperations(sources: string[], root: string): KnownOperation[] {
  const operations = new Map<string, KnownOperation>();
  for (const operation of sources.flatMap((pattern) => operationFiles(pattern, root).flatMap((file) => operationsOfFile(file, root)))) {
    const key = print(operation.document);
    if (!operations.has(key)) operations.set(key, operation);
  }
  return [...operations.values()];
}

/** A recorded coordinate as the schema check spells it: `Type.field(argument:)` is `Type.field.argument`. */
const checkCoordinate = (coordinate: string) => coordinate.replace(/\((\w+):\)$/, '.$1');

/**
 * One KnownOperation per signature of the recorded usage (`readUsage`), its source naming the clients that sent it and
 * how often over `period` (`in the last 30 days`).
 */
export function operationsOfUsage(days: UsageDay[], period: string): KnownOperation[] {
  const bySignature = new Map<string, { name: string; coordinates: Set<string>; clients: Map<string, number> }>();
  for (const { entries } of days) {
    for (const entry of entries) {
      let recorded = bySignature.get(entry.signature);
      if (!recorded) bySignature.set(entry.signature, (recorded = { name: entry.operation ?? '<anonymous>', coordinates: new Set(), clients: new Map() }));
      for (const coordinate of entry.coordinates) recorded.coordinates.add(checkCoordinate(coordinate));
      const client = [entry.client.name ?? 'unknown', entry.client.version].filter(Boolean).join(' ');
      recorded.clients.set(client, (recorded.clients.get(client) ?? 0) + entry.count);
    }
  }
  return [...bySignature].map(([signature, { name, coordinates, clients }]) => {
    const requests = [...clients].sort(([, a], [, b]) => b - a).map(([client, count]) => `client ${client}, ${count} request${count === 1 ? '' : 's'}`);
    return { name, source: `${requests.join('; ')} ${period}`, document: parse(signature), recordedCoordinates: [...coordinates] };
  });
}
