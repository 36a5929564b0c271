import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { privateFolder } from '../private-files';
import { isSignedBy, signAs } from './service-keys';

/**
 * Checkpoints of a bureau's audit chain, kept outside its database: now and then the subgraph appends a line naming
 * the newest record and its hash, signed with the audit key (which the database's owner does not hold) and chained to
 * the line before by its SHA-256. Whoever rewrites, re-hashes, renumbers or deletes records — the newest included,
 * once a checkpoint names it — cannot make the chain agree with the checkpoints again. The file is only ever opened
 * for appending; where the operator can, it is made append-only for everyone (`chattr +a`, see the README).
 */

export interface Checkpoint {
  /** The bureau whose chain it is. */
  bureau: string;
  /** The newest record then (0: the chain was empty). */
  seq: number;
  hash: string;
  /** When the line was written (UTC). */
  at: string;
  /** SHA-256 of the line before, or 64 zeros for the first. */
  previous: string;
  signature: string;
}

const GENESIS_LINE = '0'.repeat(64);

/** After an append, the next checkpoint waits this long, so that a burst of requests gives one line. */
const SETTLE_MS = 1000;

/** `<dataDir>.audit-checkpoints`, beside the bureau's data folder, or in `checkpointDir` (`AUDIT_CHECKPOINT_DIR`). */
export function auditCheckpointFile(bureau: string, dataDir: string, checkpointDir: string | undefined): string {
  return checkpointDir ? path.join(checkpointDir, `${bureau}.audit-checkpoints`) : `${dataDir}.audit-checkpoints`;
}

function checkpointMessage(line: Omit<Checkpoint, 'signature'>): string {
  return JSON.stringify(['audit-checkpoint', line.bureau, line.seq, line.hash, line.at, line.previous]);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface CheckpointFileReport {
  /** The lines whose signature holds, in order. */
  checkpoints: Checkpoint[];
  /** Lines read, valid or not. */
  lines: number;
  problems: string[];
  missing: boolean;
}

/** Reads and checks a checkpoint file: every line signed, each chained to the one before, none going backwards. */
export function readCheckpoints(file: string, bureau: string): CheckpointFileReport {
  if (!fs.existsSync(file)) return { checkpoints: [], lines: 0, problems: [], missing: true };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  let previous = GENESIS_LINE;
  let newest = 0;
  lines.forEach((text, index) => {
    const number = index + 1;
    const expected = previous;
    previous = sha256(text);
    let line: Checkpoint;
    try {
      line = JSON.parse(text);
    } catch {
      problems.push(`checkpoint line ${number} is not a checkpoint (edited)`);
      return;
    }
    const { signature, ...body } = line ?? ({} as Checkpoint);
    if (typeof signature !== 'string' || !isSignedBy('audit-checkpoint', checkpointMessage(body), signature) || !Number.isSafeInteger(body.seq)) {
      problems.push(`checkpoint line ${number} carries no valid signature (edited or forged)`);
      return;
    }
    if (body.previous !== expected) problems.push(`checkpoint line ${number} does not follow the line before it (a line was removed, inserted or edited)`);
    if (body.bureau !== bureau) {
      problems.push(`checkpoint line ${number} is of ${body.bureau}'s chain, not ${bureau}'s`);
      return;
    }
    if (body.seq < newest) problems.push(`checkpoint line ${number} names record ${body.seq}, behind record ${newest} checkpointed before it`);
    newest = Math.max(newest, body.seq);
    checkpoints.push(line);
  });
  return { checkpoints, lines: lines.length, problems, missing: false };
}

/** The last line of a file, reading only its end. */
function lastLine(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    return lines.at(-1) ?? null;
  } finally {
    fs.closeSync(fd);
  }
}

/** A place in a chain: a record's sequence number and hash (0 and the genesis hash before the first). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export interface CheckpointOptions {
  bureau: string;
  file: string;
  db: DataSource;
  /** At most one line per interval while records are appended, at least one per interval after one was. */
  intervalMs: number;
  log: Logger;
}

/**
 * Writes a subgraph's checkpoints: at start, about a second after an append when the last line is older than the
 * interval (else at the end of the interval), every interval when another instance moved the head, and at stop.
 * A line names the newest record this process knows of: the database's head, or the record it appended itself if the
 * head is behind it — records deleted before the next checkpoint are still caught.
 */
export class AuditCheckpoints {
  private last: (ChainPoint & { lineHash: string; writtenAt: number }) | null = null;
  private own: ChainPoint | null = null;
  private timer: NodeJS.Timeout | undefined;
  private nextAt = Infinity;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: CheckpointOptions) {}

  get file(): string {
    return this.options.file;
  }

  /** Reads the last line, says if the database no longer agrees with it, and checkpoints the head as it is now. */
  async start(): Promise<void> {
    privateFolder(path.dirname(this.options.file));
    const text = lastLine(this.options.file);
    if (text !== null) {
      let line: Partial<Checkpoint> = {};
      try {
        line = JSON.parse(text);
      } catch {
        // Reported by audit:verify; the next line still chains to it as it is.
      }
      // The interval runs from the last line written, by this process or the one before it.
      const writtenAt = Date.parse(String(line.at ?? ''));
      this.last = { seq: Number(line.seq ?? -1), hash: String(line.hash ?? ''), lineHash: sha256(text), writtenAt: Number.isNaN(writtenAt) ? 0 : writtenAt };
      const [record] =
        this.last.seq > 0 ? await this.options.db.query('SELECT hash FROM audit_record WHERE seq = $1', [this.last.seq]) : [{ hash: this.last.hash }];
      if (record?.hash !== this.last.hash) {
        this.options.log.error(
          { checkpointFile: this.options.file, seq: this.last.seq },
          'the audit chain does not match its last checkpoint (records rewritten or deleted?): run npm run audit:verify',
        );
      }
    }
    await this.checkpoint();
    this.schedule(Date.now() + this.options.intervalMs);
  }

  /** A record this process appended and committed. */
  noteAppended(point: ChainPoint): void {
    if (!this.own || point.seq > this.own.seq) this.own = { seq: point.seq, hash: point.hash };
    this.schedule(Math.max(Date.now() + SETTLE_MS, (this.last?.writtenAt ?? 0) + this.options.intervalMs));
  }

  /** Writes a line now if the chain moved since the last one (lines are written one at a time). */
  checkpoint(): Promise<void> {
    this.running = this.running.then(() =>
      this.writeIfMoved().catch((error) => this.options.log.error({ err: error }, 'audit checkpoint could not be written; tried again later')),
    );
    return this.running;
  }

  /** The last checkpoint, at shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checkpoint();
  }

  private schedule(at: number): void {
    if (this.stopped || (this.timer && this.nextAt <= at)) return;
    clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.nextAt = Infinity;
        void this.checkpoint().then(() => this.schedule(Date.now() + this.options.intervalMs));
      },
      Math.max(0, at - Date.now()),
    );
    this.timer.unref();
  }

  private async writeIfMoved(): Promise<void> {
    const [head] = await this.options.db.query('SELECT seq, hash FROM audit_chain_head');
    let point: ChainPoint = { seq: Number(head.seq), hash: head.hash };
    if (this.own && (this.own.seq > point.seq || (this.own.seq === point.seq && this.own.hash !== point.hash))) {
      this.options.log.error({ head: point, appended: this.own }, 'the audit chain head is behind the record this subgraph appended: records were removed');
      point = this.own;
    }
    if (this.last && this.last.seq === point.seq && this.last.hash === point.hash) return;
    const body = { bureau: this.options.bureau, seq: point.seq, hash: point.hash, at: new Date().toISOString(), previous: this.last?.lineHash ?? GENESIS_LINE };
    const text = JSON.stringify({ ...body, signature: signAs('audit-checkpoint', checkpointMessage(body)) });
    // O_APPEND only (an append-only file cannot be opened otherwise), and on disk before it counts as written.
    const fd = fs.openSync(this.options.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${text}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.last = { ...point, lineHash: sha256(text), writtenAt: Date.now() };
  }
}
