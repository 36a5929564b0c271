import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Once per test run, through the environment the workers inherit: a fresh folder where disclosure protection results
 * are remembered by the hash of their table (see subgraphs/kit/disclosure-audit/remembered.ts), so identical releases
 * are protected once; and deadlines and statement timeouts for a busy machine. global-teardown.ts removes the memo folder.
 */
export default function globalSetup(): void {
  process.env.DISCLOSURE_MEMO_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-disclosure-memo-'));
  // Deadlines for a busy machine, where a test process runs a whole federation (gateway and four subgraphs) beside
  // other workers: the service defaults (5 s for a query) would fail the heaviest queries of the suite, such as an
  // analyst reading every figure at once. The tests of the deadlines themselves set the defaults again.
  process.env.REQUEST_DEADLINE_MS ??= '60000';
  process.env.MUTATION_DEADLINE_MS ??= '120000';
  // And for the connections that migrate, seed and count releases (their pool waits as long for a connection): a
  // template build beside other work once failed its 30 s wait for the embedded database's one connection.
  process.env.SQL_STATEMENT_TIMEOUT_MS ??= '300000';
}
