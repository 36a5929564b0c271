import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { privateFolder } from './private-files';

/** A PGlite database served on a Unix socket, so `pg` and TypeORM speak the ordinary wire protocol to it. */
export interface EmbeddedPostgres {
  /** `postgres://postgres@<socket folder>/postgres`: the socket lives in a folder only this user may open. */
  url: string;
  /** Closes every client connection, as a server restart or `pg_terminate_backend` would (open transactions roll back). */
  dropConnections(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A PGlite is one backend session: the unnamed prepared statement and portal, the transaction, every session setting
 * are shared by whoever talks to it. Serving it to a pool of connections is correct only if one connection at a time
 * owns it from its first message until the backend is idle again — after a Sync or a simple Query that leaves no
 * transaction open. Per-message queueing (what pglite-socket does) lets the Parse/Bind/Execute of two connections
 * interleave: wrong rows with no error. This server hands the session over only at those boundaries.
 */
class SessionLock {
  private owner: Connection | null = null;
  private readonly waiting: { connection: Connection; grant: () => void }[] = [];

  acquire(connection: Connection): Promise<void> {
    if (this.owner === connection) return Promise.resolve();
    if (this.owner === null) {
      this.owner = connection;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ connection, grant }));
  }

  release(connection: Connection): void {
    if (this.owner !== connection) return;
    const next = this.waiting.shift();
    this.owner = next?.connection ?? null;
    next?.grant();
  }

  /** Drops a closed connection's place in the queue (it will never send the message it waited for). */
  forget(connection: Connection): void {
    const index = this.waiting.findIndex((entry) => entry.connection === connection);
    if (index >= 0) this.waiting.splice(index, 1);
    this.release(connection);
  }

  ownedBy(connection: Connection): boolean {
    return this.owner === connection;
  }
}

const SSL_REQUEST = 80877103;
const GSS_ENCRYPTION_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Sync: ends an extended-protocol sequence, making the backend drop a failed one and report ReadyForQuery. */
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);
/**
 * A connection that holds the session inside a transaction and sends nothing for this long is cut off and its
 * transaction rolled back: every other connection waits on it, so a stuck client must not hang the bureau.
 */
const IDLE_IN_TRANSACTION_MS = 15_000;

/** Message types after which the backend is at a boundary another connection may take over from. */
function endsExchange(type: number): boolean {
  return type === 0x53 /* Sync */ || type === 0x51; /* Query */
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  /** Messages of one connection run strictly in order. */
  private chain: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly db: PGlite,
    private readonly lock: SessionLock,
    private readonly onClosed: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      this.chain = this.chain.then(() => this.run(message));
    }
  }

  /** Cuts one whole message off the buffer; answers SSL and GSS requests itself (no encryption on a local socket). */
  private nextMessage(): { type: number; bytes: Uint8Array } | null {
    if (!this.started) {
      if (this.buffer.length < 8) return null;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return null;
      const code = this.buffer.readInt32BE(4);
      const bytes = new Uint8Array(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSS_ENCRYPTION_REQUEST) {
        this.socket.write('N');
        return this.nextMessage();
      }
      if (code === CANCEL_REQUEST) {
        this.socket.end(); // PGlite cannot cancel a running statement
        return null;
      }
      this.started = true;
      return { type: 0, bytes };
    }
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const bytes = new Uint8Array(this.buffer.subarray(0, length));
    this.buffer = this.buffer.subarray(length);
    return { type: bytes[0], bytes };
  }

  private async run(message: { type: number; bytes: Uint8Array }): Promise<void> {
    if (this.closed) return;
    if (message.type === 0x58 /* Terminate */) {
      this.socket.end();
      return;
    }
    clearTimeout(this.idleTimer);
    await this.lock.acquire(this);
    if (this.closed) {
      await this.handBack();
      return;
    }
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message.bytes, {
          onRawData: (data) => {
            if (!this.closed && data.length > 0) this.socket.write(Buffer.from(data));
          },
        }),
      );
    } catch {
      this.socket.destroy();
      await this.handBack();
      return;
    }
    const boundary = message.type === 0 || endsExchange(message.type);
    if (boundary && !this.db.isInTransaction()) {
      this.lock.release(this);
    } else if (boundary) {
      this.idleTimer = setTimeout(() => this.socket.destroy(), IDLE_IN_TRANSACTION_MS).unref();
    }
  }

  /** Leaves the session as a fresh connection would find it: no half-sent sequence, no open transaction. */
  private async handBack(): Promise<void> {
    if (!this.lock.ownedBy(this)) return;
    try {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    } finally {
      this.lock.release(this);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.socket.destroy();
    // Queued behind its own messages, so a message already running finishes first.
    this.chain = this.chain.then(async () => {
      await this.handBack();
      this.lock.forget(this);
      this.onClosed(this);
    });
  }

  drained(): Promise<void> {
    return this.chain;
  }
}

/**
 * PGlite's WebAssembly module and its file-system bundle, loaded once per process: every database opened after the
 * first then starts in about 0.2 s instead of 0.5–1 s (a federation opens four, a test run dozens).
 */
// Node's global WebAssembly: the ES2022 lib declares its types but not the value.
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;
let pgliteRuntime: Promise<{ pgliteWasmModule: WebAssembly.Module; fsBundle: Blob }> | undefined;
function loadPgliteRuntime() {
  pgliteRuntime ??= (async () => {
    const dist = path.dirname(require.resolve('@electric-sql/pglite'));
    const [code, bundle] = await Promise.all([fs.promises.readFile(path.join(dist, 'pglite.wasm')), fs.promises.readFile(path.join(dist, 'pglite.data'))]);
    return { pgliteWasmModule: await wasm.compile(code), fsBundle: new Blob([bundle]) };
  })();
  return pgliteRuntime;
}

/**
 * Starts PGlite persisted in `dataDir` (created if missing) and serves it on a Unix socket in a fresh folder of mode
 * 700, so only this user can connect (the URL carries no password: the folder is the lock). At most
 * `maxConnections` at once; each gets the whole session for one exchange or transaction at a time (see SessionLock).
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  // The data folder and the one holding it (which also holds the server-url files) are this user's alone.
  privateFolder(path.dirname(dataDir));
  privateFolder(dataDir);
  const db = await PGlite.create({ dataDir, ...(await loadPgliteRuntime()) });
  // mkdtemp creates the folder with mode 700; a short path keeps the socket under the 107-byte limit.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-pg-'));
  const lock = new SessionLock();
  const connections = new Set<Connection>();
  const server = net.createServer((socket) => {
    connections.add(new Connection(socket, db, lock, (connection) => connections.delete(connection)));
  });
  server.maxConnections = maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path.join(socketDir, '.s.PGSQL.5432'), () => resolve());
  });
  return {
    url: `postgres://postgres@${encodeURIComponent(socketDir)}/postgres`,
    async dropConnections() {
      const dropped = [...connections];
      for (const connection of dropped) connection.close();
      await Promise.all(dropped.map((connection) => connection.drained()));
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.close();
      });
      await Promise.all([...connections].map((connection) => connection.drained()));
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
