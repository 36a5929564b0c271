import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a subgraph that counts the GraphQL requests the gateway sends it and keeps each request's
 * body, so a test can see the query plan's fetches (how many calls per subgraph, and what they asked for).
 */
export interface RequestCounter {
  url: string;
  /** Bodies of the requests passed on since the last reset, oldest first. */
  requests(): { query: string; variables?: Record<string, any> }[];
  reset(): void;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export async function startRequestCounter(targetUrl: string): Promise<RequestCounter> {
  let seen: { query: string; variables?: Record<string, any> }[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (request.method === 'POST') seen.push(JSON.parse(body.toString('utf8')));
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name))) as Record<string, string>;
    const answer = await fetch(targetUrl, { method: request.method, headers, body: request.method === 'POST' ? body : undefined });
    const answerHeaders = Object.fromEntries([...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding'));
    response.writeHead(answer.status, answerHeaders);
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(targetUrl).pathname}`,
    requests: () => seen,
    reset: () => {
      seen = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `routeSubgraph` for startTestFederation that puts a counter in front of each subgraph, kept in `counters`. */
export function throughCounters(counters: Record<string, RequestCounter>): (bureau: string, url: string) => Promise<string> {
  return async (bureau, url) => {
    counters[bureau] = await startRequestCounter(url);
    return counters[bureau].url;
  };
}

export async function stopCounters(counters: Record<string, RequestCounter>): Promise<void> {
  for (const counter of Object.values(counters)) await counter.stop();
}
