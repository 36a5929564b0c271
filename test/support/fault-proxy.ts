import net from 'node:net';

/**
 * A TCP proxy in front of a service that plays the race of a server closing an idle keep-alive connection just as
 * the client reuses it: a connection that has been idle for `idleMs` or more is reset when its next request arrives,
 * before anything reaches the service. Fresh connections pass through untouched.
 */
export interface FaultProxy {
  url: string;
  /** Connections reset so far. */
  resets(): number;
  stop(): Promise<void>;
}

export async function startIdleResetProxy(targetUrl: string, idleMs: number): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let resets = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    let lastActivity = Date.now();
    let used = false;
    client.on('data', (chunk) => {
      if (used && Date.now() - lastActivity >= idleMs) {
        resets += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      used = true;
      lastActivity = Date.now();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      lastActivity = Date.now();
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    resets: () => resets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
