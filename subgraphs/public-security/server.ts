import { runSubgraph } from '../kit/server';
import { publicSecurity } from './bureau';

runSubgraph(publicSecurity);
