import { runSubgraph } from '../kit/server';
import { civilAffairs } from './bureau';

runSubgraph(civilAffairs);
