import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * The operations registry (gateway/operations/registry.json): every document a known client sends, by the SHA-256 of
 * its text exactly as the client sends it — the id of Apollo's persisted-query protocol, which the gateway computes
 * the same way. The file has the shape of Apollo's persisted-query manifest, each entry naming its client as well.
 * Clients register with `npm run operations:register` (scripts/register-operations.ts); the gateway runs only these
 * when TRUSTED_DOCUMENTS says so (trusted-documents.ts).
 */

/** The checked-in registry, relative to the repository (the default of OPERATIONS_REGISTRY). */
export const REGISTRY_FILE = 'gateway/operations/registry.json';

export interface RegisteredClient {
  name: string;
  version: string;
}

export interface RegisteredOperation {
  /** SHA-256 (hex) of `body`. */
  id: string;
  name: string;
  type: OperationDefinitionNode['operation'];
  client: RegisteredClient;
  /** The document's text, byte for byte as the client sends it. */
  body: string;
}

export interface OperationsRegistry {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: RegisteredOperation[];
}

/** A document a client sends, and the file it comes from (for errors). */
export interface ClientDocument {
  text: string;
  file: string;
}

export const EMPTY_REGISTRY: OperationsRegistry = { format: 'apollo-persisted-query-manifest', version: 1, operations: [] };

/** The id of a document: as Apollo Server hashes a query's text. */
export function documentId(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The registry in a file; an empty one when there is none yet. */
export function readRegistry(file: string): OperationsRegistry {
  if (!fs.existsSync(file)) return EMPTY_REGISTRY;
  const registry = JSON.parse(fs.readFileSync(file, 'utf8')) as OperationsRegistry;
  if (registry.format !== EMPTY_REGISTRY.format || !Array.isArray(registry.operations)) {
    throw new Error(`${file} is not an operations registry (a persisted-query manifest)`);
  }
  return registry;
}

/** The registry as its file holds it: sorted, so that registering the same documents again changes nothing. */
export function registryText(registry: OperationsRegistry): string {
  return JSON.stringify(registry, null, 2) + '\n';
}

/** A document's one operation, registered for the client; a document must hold exactly one (its id names it). */
function registeredOperation(document: ClientDocument, client: RegisteredClient): RegisteredOperation {
  const operations = parse(document.text).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new Error(`${document.file}: a registered document holds one operation, this one holds ${operations.length}`);
  const [operation] = operations;
  if (!operation.name) throw new Error(`${document.file}: a registered operation has a name`);
  return { id: documentId(document.text), name: operation.name.value, type: operation.operation, client, body: document.text };
}

export interface Registration {
  registry: OperationsRegistry;
  added: number;
  updated: number;
  removed: number;
}

/**
 * The registry with the client's operations replaced by those of its documents: new ones added, those it still sends
 * updated to its version, those it no longer sends removed. Other clients' entries stay as they are.
 */
export function registerClient(registry: OperationsRegistry, client: RegisteredClient, documents: ClientDocument[]): Registration {
  const before = new Map(registry.operations.filter((entry) => entry.client.name === client.name).map((entry) => [entry.id, entry]));
  const now = new Map(documents.map((document) => registeredOperation(document, client)).map((entry) => [entry.id, entry]));
  const others = registry.operations.filter((entry) => entry.client.name !== client.name);
  const operations = [...others, ...now.values()].sort(
    (a, b) => a.client.name.localeCompare(b.client.name) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  const updated = [...now.values()].filter((entry) => before.has(entry.id) && JSON.stringify(before.get(entry.id)) !== JSON.stringify(entry)).length;
  return {
    registry: { ...EMPTY_REGISTRY, operations },
    added: [...now.keys()].filter((id) => !before.has(id)).length,
    updated,
    removed: [...before.keys()].filter((id) => !now.has(id)).length,
  };
}

/** The registered documents' texts by id, for the gateway. */
export function registeredDocuments(registry: OperationsRegistry): Map<string, string> {
  return new Map(registry.operations.map((entry) => [entry.id, entry.body]));
}
