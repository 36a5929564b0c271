import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SupergraphManager, SupergraphSdlHook, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import type { Logger } from '../subgraphs/kit/logger';

/**
 * The supergraph the gateway serves, and the next one: a file watched for changes or a URL polled. A new supergraph is
 * checked before Apollo's gateway swaps it in (`update`), while requests keep being served; one that does not check
 * out is logged with the reason and the one in use keeps serving. So one bureau rolls out a change of its subgraph
 * without a restart of the gateway, and the others are not interrupted.
 */

export interface Subgraph {
  name: string;
  /** Where the gateway reaches it: its `<BUREAU>_URL` override, else the URL composed into the supergraph. */
  url: string;
}

/** A supergraph that checked out: its SDL, a short id (of its hash) for the logs, and its subgraphs. */
export interface CheckedSupergraph {
  sdl: string;
  id: string;
  subgraphs: Subgraph[];
}

export type SupergraphOrigin = { file: string } | { url: string; pollSeconds: number };

/** Editors and deployments write a file in several steps (truncate and write, write and rename): read after the last. */
const FILE_SETTLE_MS = 200;

/** How long one poll of a supergraph URL may take. */
const FETCH_TIMEOUT_MS = 10_000;

/** The first 12 hex digits of the SDL's SHA-256 (Apollo's gateway logs the whole hash as its composition id). */
export function supergraphId(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 12);
}

function isHttpUrl(url: string | undefined): boolean {
  try {
    return url !== undefined && ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * The supergraph in `sdl`, if it can be served: it parses, federation accepts it as a supergraph (its join directives,
 * its subgraphs) and derives the API schema from it, and the gateway has an http(s) URL for every subgraph it names (`subgraphUrls`, else the one
 * composed in). Throws an error saying why not.
 */
export function checkSupergraph(sdl: string, subgraphUrls: Record<string, string>): CheckedSupergraph {
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  // What Apollo's gateway derives next, once it has taken the supergraph in: an error there would leave it half-swapped.
  supergraph.apiSchema();
  const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url: subgraphUrls[name] ?? url }));
  const unreachable = subgraphs.filter(({ url }) => !isHttpUrl(url)).map(({ name }) => name);
  if (unreachable.length > 0) {
    throw new Error(`no http(s) URL for the subgraph(s) ${unreachable.join(', ')}: compose one in, or set <BUREAU>_URL`);
  }
  return { sdl, id: supergraphId(sdl), subgraphs };
}

/** The SDL at `url`, or null when the server says it is unchanged since the response tagged `etag`. */
async function fetchSupergraph(url: string, etag: string | undefined): Promise<{ sdl: string; etag?: string } | null> {
  const response = await fetch(url, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return { sdl: await response.text(), etag: response.headers.get('etag') ?? undefined };
}

/** An error's message, with its cause's: fetch's own says only "fetch failed". */
function reasonOf(error: unknown): string {
  const { message, cause } = error as Error;
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}

/** The origin, as the logs name it. */
function originOf(origin: SupergraphOrigin): string {
  return 'file' in origin ? origin.file : origin.url;
}

export class SupergraphSource implements SupergraphManager {
  private current: CheckedSupergraph | undefined;
  private refused: string | undefined;
  private stopped = false;
  private etag: string | undefined;

  constructor(
    private readonly origin: SupergraphOrigin,
    private readonly subgraphUrls: Record<string, string>,
    private readonly log: Logger,
  ) {}

  /** The supergraph in use (once the gateway has loaded). */
  get serving(): CheckedSupergraph {
    if (!this.current) throw new Error('the gateway has not loaded its supergraph yet');
    return this.current;
  }

  /** The id of the last supergraph read that did not check out, while no newer one has been swapped in. */
  get refusedId(): string | undefined {
    return this.refused;
  }

  /** Apollo's gateway calls this once as it loads: the first supergraph must check out, or the gateway does not start. */
  async initialize({ update }: Parameters<SupergraphSdlHook>[0]): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    let sdl: string;
    try {
      sdl = 'file' in this.origin ? await fs.promises.readFile(this.origin.file, 'utf8') : (await this.fetchFromUrl())!;
      this.current = checkSupergraph(sdl, this.subgraphUrls);
    } catch (error) {
      throw new Error(`no supergraph to serve from ${originOf(this.origin)}: ${reasonOf(error)}`);
    }
    const stopReading = 'file' in this.origin ? this.watchFile(this.origin.file, update) : this.pollUrl(this.origin.pollSeconds, update);
    return {
      supergraphSdl: sdl,
      cleanup: async () => {
        this.stopped = true;
        stopReading();
      },
    };
  }

  /** The SDL at the origin URL, or null when unchanged since the last fetch. */
  private async fetchFromUrl(): Promise<string | null> {
    const fetched = await fetchSupergraph((this.origin as { url: string }).url, this.etag);
    if (!fetched) return null;
    this.etag = fetched.etag;
    return fetched.sdl;
  }

  /**
   * The file's folder is watched, not the file: a file replaced by a rename (editors, `kubectl` ConfigMaps swapping a
   * symlink) would leave a watch of the file itself on the old one. Any change in the folder reads the file again once
   * the changes settle; an unchanged file is no new supergraph.
   */
  private watchFile(file: string, update: SupergraphSdlUpdateFunction): () => void {
    let settling: NodeJS.Timeout | undefined;
    const read = () => {
      fs.promises.readFile(file, 'utf8').then(
        (sdl) => this.offer(sdl, update),
        (error: Error) => this.refuse(undefined, `cannot read it: ${error.message}`),
      );
    };
    const watcher = fs.watch(path.dirname(file), { persistent: false }, () => {
      clearTimeout(settling);
      settling = setTimeout(read, FILE_SETTLE_MS).unref();
    });
    watcher.on('error', (error) => this.log.error({ err: error, supergraph: file }, 'watching the supergraph file failed; the supergraph in use stays'));
    return () => {
      clearTimeout(settling);
      watcher.close();
    };
  }

  /** Asks the URL every `seconds`, with the ETag of its last answer so an unchanged supergraph is not sent again. */
  private pollUrl(seconds: number, update: SupergraphSdlUpdateFunction): () => void {
    let next: NodeJS.Timeout | undefined;
    const poll = async () => {
      try {
        const sdl = await this.fetchFromUrl();
        if (sdl !== null) this.offer(sdl, update);
      } catch (error) {
        this.refuse(undefined, `cannot fetch it: ${reasonOf(error)}`);
      }
      if (!this.stopped) next = setTimeout(poll, seconds * 1000).unref();
    };
    next = setTimeout(poll, seconds * 1000).unref();
    return () => clearTimeout(next);
  }

  /** Swaps `sdl` in if it is a new supergraph that checks out; else the supergraph in use stays. */
  private offer(sdl: string, update: SupergraphSdlUpdateFunction): void {
    if (this.stopped) return;
    // Back to the supergraph in use (a refused change undone): nothing to swap, and nothing refused any more.
    if (sdl === this.current?.sdl) {
      this.refused = undefined;
      return;
    }
    let checked: CheckedSupergraph;
    try {
      checked = checkSupergraph(sdl, this.subgraphUrls);
      // Apollo builds the new supergraph's schema and query planner here; what it cannot build is refused as well.
      update(sdl);
    } catch (error) {
      this.refuse(supergraphId(sdl), reasonOf(error));
      return;
    }
    const previous = this.current?.id;
    this.current = checked;
    this.refused = undefined;
    this.log.info({ supergraph: checked.id, previous, origin: originOf(this.origin), subgraphs: checked.subgraphs }, 'new supergraph in use');
  }

  /** Logs why a supergraph (`id`, if one was read) is not used, once per refused supergraph. */
  private refuse(id: string | undefined, reason: string): void {
    if (this.stopped || (id !== undefined && id === this.refused)) return;
    this.refused = id ?? this.refused;
    this.log.warn({ supergraph: id, serving: this.current?.id, origin: originOf(this.origin), reason }, 'new supergraph refused; the one in use keeps serving');
  }
}
