import net from 'node:net';

/**
 * A TCP proxy in front of a service, to inject network faults the way they happen: the service going down (every
 * connection reset, new ones too, until it is back), and the race of a server closing an idle keep-alive connection
 * just as the client reuses it (with `resetAfterIdleMs`, a connection idle that long is reset when its next request
 * arrives, before anything reaches the service), a lost answer (the service did the work, the client never hears), and
 * a service that hangs (connections accepted, requests never answered).
 * Otherwise bytes pass through untouched.
 */
export interface FaultProxy {
  url: string;
  /** Connections reset so far. */
  resets(): number;
  /** Down: every open connection is reset and new ones are reset on arrival. */
  setDown(down: boolean): void;
  /** Lose answers: requests reach the service, and the connection is reset when its answer comes back. */
  setDroppingResponses(dropping: boolean): void;
  /** Hang: what arrives is swallowed, nothing is answered, connections stay open. */
  setHanging(hanging: boolean): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string, options: { resetAfterIdleMs?: number } = {}): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let resets = 0;
  let down = false;
  let droppingResponses = false;
  let hanging = false;
  const clients = new Set<net.Socket>();
  const reset = (client: net.Socket, upstream?: net.Socket) => {
    resets += 1;
    client.resetAndDestroy();
    upstream?.destroy();
  };
  const server = net.createServer((client) => {
    if (down) return reset(client);
    clients.add(client);
    const upstream = net.connect(Number(target.port), target.hostname);
    let lastActivity = Date.now();
    let used = false;
    client.on('data', (chunk) => {
      const idleMs = Date.now() - lastActivity;
      if (down || (used && options.resetAfterIdleMs !== undefined && idleMs >= options.resetAfterIdleMs)) return reset(client, upstream);
      if (hanging) return;
      used = true;
      lastActivity = Date.now();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (droppingResponses) return reset(client, upstream);
      lastActivity = Date.now();
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      clients.delete(client);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.toString(),
    resets: () => resets,
    setDown(value) {
      down = value;
      if (down) for (const client of clients) reset(client);
    },
    setDroppingResponses(value) {
      droppingResponses = value;
    },
    setHanging(value) {
      hanging = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.destroy();
        server.close(() => resolve());
      }),
  };
}
