import { runSubgraph } from '../kit/server';
import { humanResources } from './bureau';

runSubgraph(humanResources);
