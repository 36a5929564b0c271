/**
 * What a request costs the subgraphs, from what each subgraph's `/health` says it has served since it started: the
 * requests to /graphql and the SQL statements sent on its pools. Each read of `/health` itself sends one statement
 * (`SELECT 1`, counted before it answers), and background work (audit checkpoints, release counting) may add a little.
 */

export interface Served {
  graphqlRequests: number;
  sqlStatements: number;
}

/** What every subgraph (name → its /health URL) has served so far. */
export async function readServed(healthUrls: Record<string, string>): Promise<Record<string, Served>> {
  const entries = await Promise.all(
    Object.entries(healthUrls).map(async ([name, url]) => {
      const response = await fetch(url);
      const body = (await response.json()) as { served?: Served };
      if (!response.ok || !body.served) throw new Error(`${name}'s /health answered ${response.status} without what it served`);
      return [name, body.served] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Subgraph requests and SQL statements per request, over all subgraphs, between two reads of every subgraph's
 * `/health` with `requests` requests in between; the second read's own `SELECT 1` is not the requests'.
 */
export function servedPerRequest(before: Record<string, Served>, after: Record<string, Served>, requests: number): Served {
  let graphqlRequests = 0;
  let sqlStatements = 0;
  for (const [name, end] of Object.entries(after)) {
    const start = before[name];
    if (!start) throw new Error(`no first read of ${name}'s /health`);
    graphqlRequests += end.graphqlRequests - start.graphqlRequests;
    sqlStatements += end.sqlStatements - start.sqlStatements - 1;
  }
  return { graphqlRequests: graphqlRequests / requests, sqlStatements: sqlStatements / requests };
}

/**
 * Resolves once no subgraph has been sent a request for `quietMs` (at most `timeoutMs`): a load generator's run
 * ends with requests still being answered, which would otherwise weigh on the next run.
 */
export async function settle(healthUrls: Record<string, string>, quietMs = 500, timeoutMs = 30_000): Promise<void> {
  const total = async () => Object.values(await readServed(healthUrls)).reduce((sum, served) => sum + served.graphqlRequests, 0);
  const deadline = Date.now() + timeoutMs;
  let last = await total();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await total();
    if (now === last) return;
    last = now;
  }
}
