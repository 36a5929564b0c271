import { localKeyFile, localSigningKeys, signToken, tokenPolicyOf, trustsLocalKey } from '../subgraphs/kit/auth/identity';
import { ROLE_BUREAU } from '../subgraphs/kit/auth/roles';
import { runProcess } from '../subgraphs/kit/process-runner';
import { Settings, SettingsError } from '../subgraphs/kit/settings';
import { FederationProcesses, startFederationProcesses } from './federation-processes';

/**
 * The dashboard's URL with a fresh analyst token in its fragment (which the browser never sends to the server), signed
 * like `npm run token -- --role analyst`. Without the local demo key (AUTH_JWKS_URL or AUTH_PUBLIC_KEY set, tokens come
 * from an identity provider) the bare URL: the page then asks for a token.
 */
async function dashboardUrl(origin: string, settings: Settings): Promise<string> {
  const url = `${origin}/dashboard`;
  if (!trustsLocalKey(settings)) return url;
  const keys = await localSigningKeys(localKeyFile(settings.DATA_DIR));
  const token = await signToken(
    keys.privateKey,
    { subject: 'demo-analyst', bureau: ROLE_BUREAU.ANALYST ?? 'city-government', role: 'ANALYST', expiresIn: '8h' },
    tokenPolicyOf(settings),
  );
  return `${url}#token=${token}`;
}

/**
 * `npm start`: every subgraph and then the gateway, each its own process as in a real deployment. Waits for each
 * to be healthy, prints the URLs, restarts a service that stops by itself (with back-off, the others keep running),
 * and stops them all on Ctrl-C or SIGTERM. First start creates and seeds the databases.
 */
async function start(settings: Settings): Promise<FederationProcesses> {
  const started = Date.now();
  const federation = await startFederationProcesses({
    env: process.env,
    onLine: (service, line) => console.log(`[${service}] ${line}`),
    onServiceEvent: (event) => console.error(`${new Date().toISOString()} ${event.message}`),
  });
  const { host, gateway, subgraphs } = federation;
  let dashboard: string;
  try {
    dashboard = await dashboardUrl(`http://${host}:${gateway.port}`, settings);
  } catch (error) {
    await federation.stop();
    throw error;
  }
  console.log(`\nThe federation is up (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  console.log(`  GraphiQL and gateway:  http://${host}:${gateway.port}/   (GraphQL endpoint /graphql)`);
  console.log(`  Dashboard (analyst token for 8 h):\n    ${dashboard}`);
  for (const subgraph of subgraphs) console.log(`  ${subgraph.name.padEnd(21)} http://${host}:${subgraph.port}/graphql`);
  console.log('Every request needs a token: `npm run -s token -- --role civil-affairs-caseworker` prints one;');
  console.log('in GraphiQL put it in the Headers tab: {"Authorization": "Bearer <token>", "x-purpose": "social-assistance"}');
  console.log('Press Ctrl-C to stop.\n');
  return federation;
}

runProcess({
  name: 'npm start',
  start,
  // For a person at a terminal: plain text, each bad variable on a line of its own.
  reportFatal: (message, error) => {
    const detail =
      error instanceof SettingsError ? error.problems.map((problem) => `\n  ${problem}`).join('') : ` ${error instanceof Error ? error.message : error}`;
    console.error(`npm start: ${message}:${detail}`);
  },
});
