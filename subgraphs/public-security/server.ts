import { runSubgraph } from '../kit/server';
import { publicSecurity } from './bureau';

runSubgraph(publicSecurity).catch((error) => {
  console.error(error);
  process.exit(1);
});
