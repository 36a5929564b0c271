import type { Bureau } from './kit/bureau';
import { civilAffairs } from './civil-affairs/bureau';
import { education } from './education/bureau';
import { humanResources } from './human-resources/bureau';
import { publicSecurity } from './public-security/bureau';

/** Every bureau in the graph; a new subgraph is added here (start script, schema script and tests read this list). */
export const BUREAUS: Bureau<any>[] = [publicSecurity, civilAffairs, education, humanResources];
