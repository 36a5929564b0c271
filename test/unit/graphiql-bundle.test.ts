/**
 * The gateway serves GraphiQL itself so that it works without internet access.
 * This builds the bundle into a temp dir and checks that the page only ever
 * loads files from its own origin.
 *
 * What "no external request" is checked against, honestly:
 *  - index.html and the CSS are small and declarative: every `src=`, `href=`,
 *    `url(...)` and `@import` must be relative (or a data: URL).
 *  - The JS bundles legitimately contain absolute URLs that are never fetched:
 *    XML namespaces (http://www.w3.org/2000/svg), JSON-schema `$schema` ids,
 *    documentation links in error messages and `<a href>` links the user may
 *    click (e.g. the VS Code keyboard-shortcut docs). Failing on any `https://`
 *    would be wrong, and an allow-list of those strings would break on every
 *    dependency bump. So the JS is checked in two ways instead:
 *      1. no known CDN / font / telemetry host appears ANYWHERE in the served
 *         files (license comments are moved to *.LEGAL.txt by the build, which
 *         the page never loads, so there's nothing to strip);
 *      2. no absolute or protocol-relative URL sits in a position that makes
 *         the browser fetch it: fetch(), import(), importScripts(), new
 *         Worker(), new EventSource()/WebSocket(), sendBeacon(), or a `src`
 *         property/attribute (script, img, iframe).
 *  The final word is the browser: test/graphiql.test.ts runs the page in
 *  Chromium with every non-localhost request blocked and recorded.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGraphiql } from '../../scripts/build-graphiql';

const EXPECTED_FILES = ['index.html', 'app.js', 'app.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js'];

/** Hosts that would mean "needs internet" (CDNs, web fonts, Apollo's landing page, telemetry). */
const FORBIDDEN_HOSTS = [
  'unpkg.com',
  'jsdelivr.net',
  'esm.sh',
  'cdnjs.cloudflare.com',
  'skypack.dev',
  'jspm.io',
  'googleapis.com',
  'gstatic.com',
  'google-analytics.com',
  'googletagmanager.com',
  'apollographql.com',
  'apollo.dev',
  'sentry.io',
  'segment.io',
];

/** An absolute (`http:`/`https:`) or protocol-relative (`//host`) URL at the start of a string. */
const ABSOLUTE = String.raw`(?:https?:)?//`;

/** Resource-loading positions in JS followed by a string literal holding an absolute URL. */
const JS_FETCHING_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b(?:fetch|import|importScripts|sendBeacon)\(\s*["'\x60]${ABSOLUTE}`, 'g'),
  new RegExp(String.raw`\bnew\s+(?:Worker|SharedWorker|EventSource|WebSocket)\(\s*["'\x60]${ABSOLUTE}`, 'g'),
  new RegExp(String.raw`\bsrc\s*[:=]\s*["'\x60]${ABSOLUTE}`, 'g'),
];

function servedFiles(dir: string): string[] {
  // Everything the static server would hand out, except license text files,
  // which no page references (checked below that index.html doesn't).
  return fs.readdirSync(dir).filter((f) => !f.endsWith('.LEGAL.txt'));
}

function isRelative(url: string): boolean {
  return url.startsWith('data:') || !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
}

describe('GraphiQL bundle (offline)', () => {
  let outDir: string;
  let buildMs: number;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graphiql-bundle-'));
    const started = Date.now();
    await buildGraphiql(outDir);
    buildMs = Date.now() - started;
  });

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const read = (file: string): string => fs.readFileSync(path.join(outDir, file), 'utf8');

  it('writes the page, the app bundle, its CSS and the three Monaco workers', () => {
    for (const file of EXPECTED_FILES) {
      const stat = fs.statSync(path.join(outDir, file));
      expect(stat.size).toBeGreaterThan(0);
    }
    expect(buildMs).toBeLessThan(60_000);
  });

  it('index.html references only relative URLs, and exactly the built files', () => {
    const html = read('index.html');
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect({ ref, relative: isRelative(ref) }).toEqual({ ref, relative: true });
    expect(refs).toEqual(expect.arrayContaining(['./app.js', './app.css']));
    for (const ref of refs.filter((r) => !r.startsWith('data:'))) {
      expect(fs.existsSync(path.join(outDir, ref))).toBe(true);
    }
  });

  it('the CSS only uses data: or relative url(...) and no absolute @import', () => {
    for (const file of servedFiles(outDir).filter((f) => f.endsWith('.css'))) {
      const css = read(file);
      const urls = [...css.matchAll(/url\(\s*(["']?)([^"')]*)\1\s*\)/g)].map((m) => m[2]);
      for (const url of urls) {
        expect({ file, url: url.slice(0, 80), relative: isRelative(url) }).toEqual({
          file,
          url: url.slice(0, 80),
          relative: true,
        });
      }
      const imports = [...css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/g)].map((m) => m[1]);
      for (const url of imports) expect({ file, url, relative: isRelative(url) }).toEqual({ file, url, relative: true });
    }
  });

  it('no served file mentions a CDN, web-font or telemetry host', () => {
    for (const file of servedFiles(outDir)) {
      const text = read(file).toLowerCase();
      for (const host of FORBIDDEN_HOSTS) {
        expect({ file, host, found: text.includes(host) }).toEqual({ file, host, found: false });
      }
    }
  });

  it('no JS bundle fetches, imports or starts a worker from an absolute URL', () => {
    const jsFiles = servedFiles(outDir).filter((f) => f.endsWith('.js'));
    expect(jsFiles).toEqual(expect.arrayContaining(EXPECTED_FILES.filter((f) => f.endsWith('.js'))));
    for (const file of jsFiles) {
      const js = read(file);
      for (const pattern of JS_FETCHING_PATTERNS) {
        const hits = [...js.matchAll(pattern)].map((m) => js.slice(m.index, (m.index ?? 0) + 120));
        expect({ file, hits }).toEqual({ file, hits: [] });
      }
    }
  });

  it('bundles the example query and wires the workers and the same-origin endpoint', () => {
    const js = read('app.js');
    expect(js).toContain('query FirstPersons');
    for (const worker of ['editor.worker.js', 'json.worker.js', 'graphql.worker.js']) {
      expect(js).toContain(worker);
    }
    expect(js).toContain('"/graphql"');
    // React in production mode (process.env.NODE_ENV replaced at build time).
    expect(js).not.toMatch(/process\.env\.NODE_ENV/);
  });

  it('the patterns used above do catch an external load (self-test)', () => {
    const sample = 'a=fetch("https://unpkg.com/x");b=new Worker(`//cdn.example/w.js`);c.src="http://x/y.js"';
    const hits = JS_FETCHING_PATTERNS.flatMap((p) => [...sample.matchAll(p)]);
    expect(hits).toHaveLength(3);
  });
});
