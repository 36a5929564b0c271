import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';

/**
 * `npm run start:subgraph -- <bureau>`: one bureau's subgraph on its own, as it is deployed, the process `npm start`
 * runs for it (`subgraphs/<bureau>/server.js`). Any folder of subgraphs/ with an identity.ts is a bureau.
 */
const [name, ...rest] = process.argv.slice(2);
if (name === undefined || rest.length > 0 || !BUREAU_NAMES.includes(name)) {
  console.error(`Usage: npm run start:subgraph -- <bureau>, one of: ${BUREAU_NAMES.join(', ')}`);
  process.exit(2);
}
// The bureau is named at run time, so its entry point is required by its path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(`../subgraphs/${name}/server`);
