import fs from 'node:fs';
import path from 'node:path';
import { ClientDocument, readRegistry, registerClient, Registration, RegisteredClient, REGISTRY_FILE, registryText } from '../gateway/operations-registry';
import { repoRoot } from '../subgraphs/kit/paths';
import { loadSettings } from '../subgraphs/kit/settings';
import { operationFiles } from './known-operations';

/**
 * `npm run operations:register -- --client <name> --version <v> <files or patterns…>`: registers the client's
 * documents in the operations registry (OPERATIONS_REGISTRY, gateway/operations/registry.json): adds new ones,
 * updates those it still sends, removes those of the client it no longer sends. Each file is one document, sent as
 * the file's text. The dashboard's build registers the dashboard's queries (registerDashboard).
 */

/** The dashboard as a client: its queries, sent as the files' texts, at the project's version. */
export const DASHBOARD_QUERIES = 'gateway/dashboard/queries/*.graphql';

export function dashboardClient(root: string): RegisteredClient {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { name: 'dashboard', version };
}

function documentsOf(patterns: string[], root: string): ClientDocument[] {
  return patterns.flatMap((pattern) => operationFiles(pattern, root)).map((file) => ({ text: fs.readFileSync(file, 'utf8'), file: path.relative(root, file) }));
}

/** The registration of the client's documents in the registry file, not yet written. */
export function registration(file: string, client: RegisteredClient, patterns: string[], root: string): Registration {
  return registerClient(readRegistry(file), client, documentsOf(patterns, root));
}

/** Whether the registry file holds the client's documents as they are now (`npm run schema:check` asks for the dashboard). */
export function isRegistered(file: string, client: RegisteredClient, patterns: string[], root: string): boolean {
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8') === registryText(registration(file, client, patterns, root).registry);
}

/** Registers the client's documents and writes the registry; what changed. */
export function register(file: string, client: RegisteredClient, patterns: string[], root: string): Registration {
  const result = registration(file, client, patterns, root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, registryText(result.registry));
  return result;
}

function registrationSummary(client: RegisteredClient, file: string, { added, updated, removed }: Registration, root: string): string {
  return `${client.name} ${client.version}: ${added} added, ${updated} updated, ${removed} removed in ${path.relative(root, file)}`;
}

/** The dashboard's build registers its queries in the checked-in registry; what changed, in a line. */
export function registerDashboard(root = repoRoot()): string {
  const file = path.join(root, REGISTRY_FILE);
  const client = dashboardClient(root);
  return registrationSummary(client, file, register(file, client, [DASHBOARD_QUERIES], root), root);
}

/** Whether the checked-in registry holds the dashboard's queries as they are. */
export function isDashboardRegistered(root = repoRoot()): boolean {
  return isRegistered(path.join(root, REGISTRY_FILE), dashboardClient(root), [DASHBOARD_QUERIES], root);
}

function main(args: string[]): void {
  const usage = 'usage: npm run operations:register -- --client <name> --version <version> <files.graphql…>';
  const value = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args.splice(index, 2)[1] : undefined;
  };
  const name = value('--client');
  const version = value('--version');
  if (!name || !version || args.length === 0) throw new Error(usage);
  const root = repoRoot();
  const file = loadSettings().OPERATIONS_REGISTRY;
  const client = { name, version };
  console.log(registrationSummary(client, file, register(file, client, args, root), root));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
