import type { Bureau } from './kit/bureau';
import { BUREAU_NAMES } from './kit/bureau-identity';

/** The Bureau its folder's bureau.ts exports (the one export that is a bureau of that name). */
function bureauOf(name: string): Bureau<any> {
  // The folders are known only once listed (kit/bureau-identity.ts), so each bureau's code is required by its path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported: Record<string, unknown> = require(`./${name}/bureau`);
  const bureaus = Object.values(exported).filter((value): value is Bureau<any> => (value as Bureau | undefined)?.name === name);
  if (bureaus.length !== 1) throw new Error(`subgraphs/${name}/bureau.ts must export one Bureau named "${name}", found ${bureaus.length}`);
  return bureaus[0];
}

/** Every bureau in the graph, in the order of BUREAU_NAMES: a folder of subgraphs/ with an identity.ts and a bureau.ts. */
export const BUREAUS: Bureau<any>[] = BUREAU_NAMES.map(bureauOf);
