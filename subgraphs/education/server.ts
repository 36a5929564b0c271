import { runSubgraph } from '../kit/server';
import { education } from './bureau';

runSubgraph(education);
