import { runSubgraph } from '../kit/server';
import { health } from './bureau';

runSubgraph(health);
