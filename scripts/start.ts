import { localSigningKeys, signToken } from '../subgraphs/kit/auth/identity';
import { ROLE_BUREAU } from '../subgraphs/kit/auth/roles';
import { envOptional } from '../subgraphs/kit/config';
import { startFederationProcesses } from './federation-processes';

/**
 * The dashboard's URL with a fresh analyst token in its fragment (which the browser never sends to the server), signed
 * like `npm run token -- --role analyst`. Without the local demo key (AUTH_JWKS_URL or AUTH_PUBLIC_KEY set, tokens come
 * from an identity provider) the bare URL: the page then asks for a token.
 */
async function dashboardUrl(origin: string): Promise<string> {
  const url = `${origin}/dashboard`;
  if (envOptional('AUTH_JWKS_URL') || envOptional('AUTH_PUBLIC_KEY')) return url;
  const token = await signToken((await localSigningKeys()).privateKey, {
    subject: 'demo-analyst',
    bureau: ROLE_BUREAU.ANALYST ?? 'city-government',
    role: 'ANALYST',
    expiresIn: '8h',
  });
  return `${url}#token=${token}`;
}

/**
 * `npm start`: every subgraph and then the gateway, each its own process as in a real deployment. Waits for each
 * to be healthy, prints the URLs, restarts a service that stops by itself (with back-off, the others keep running),
 * and stops them all on Ctrl-C or SIGTERM. First start creates and seeds the databases.
 */
async function main(): Promise<void> {
  const started = Date.now();
  let stopFederation = async () => {};
  let exiting = false;
  const exit = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await stopFederation();
    process.exit(code);
  };
  process.on('SIGINT', () => void exit(0));
  process.on('SIGTERM', () => void exit(0));

  const federation = await startFederationProcesses({
    env: process.env,
    onLine: (service, line) => console.log(`[${service}] ${line}`),
    onServiceEvent: (event) => console.error(`${new Date().toISOString()} ${event.message}`),
  });
  stopFederation = federation.stop;

  const { host, gateway, subgraphs } = federation;
  console.log(`\nThe federation is up (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  console.log(`  GraphiQL and gateway:  http://${host}:${gateway.port}/   (GraphQL endpoint /graphql)`);
  console.log(`  Dashboard (analyst token for 8 h):\n    ${await dashboardUrl(`http://${host}:${gateway.port}`)}`);
  for (const subgraph of subgraphs) console.log(`  ${subgraph.name.padEnd(21)} http://${host}:${subgraph.port}/graphql`);
  console.log('Every request needs a token: `npm run -s token -- --role civil-affairs-caseworker` prints one;');
  console.log('in GraphiQL put it in the Headers tab: {"Authorization": "Bearer <token>", "x-purpose": "social-assistance"}');
  console.log('Press Ctrl-C to stop.\n');
}

main().catch((error) => {
  console.error(`Start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
