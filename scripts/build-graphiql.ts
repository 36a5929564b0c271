/**
 * Bundles the gateway's offline GraphiQL page (gateway/graphiql/) with esbuild
 * into static files the gateway serves at "/":
 *
 *   index.html          page shell, references ./app.css and ./app.js only
 *   app.js, app.css     GraphiQL + React + Monaco (fonts inlined as data URLs)
 *   editor.worker.js    Monaco's base editor worker
 *   json.worker.js      Monaco's JSON worker (variables / headers editors)
 *   graphql.worker.js   monaco-graphql's worker (validation, completion)
 *   *.LEGAL.txt         third-party license comments extracted from the bundles
 *
 * Nothing in the output loads from another host (no CDN, no web fonts).
 *
 * Usage: `node dist/scripts/build-graphiql.js` (part of `npm run build`), or
 * `buildGraphiql(outDir)` from code / tests.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../subgraphs/kit/paths';

const srcDir = path.join(repoRoot(), 'gateway', 'graphiql');

/** Monaco worker entry points, keyed by output file name (without `.js`). */
const workerEntries: Record<string, string> = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

/**
 * @graphiql/toolkit lazily `import('graphql-ws')` for subscriptions over
 * WebSocket (only when a `subscriptionUrl` is given, which we never do).
 * graphql-ws is an optional peer dependency that is not installed, so resolve
 * it to a stub instead of failing the build or leaving a bare import behind.
 */
const graphqlWsStub: esbuild.Plugin = {
  name: 'graphql-ws-stub',
  setup(build) {
    build.onResolve({ filter: /^graphql-ws$/ }, () => ({
      path: 'graphql-ws',
      namespace: 'graphiql-stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'graphiql-stub' }, () => ({
      contents:
        'export function createClient() {' + " throw new Error('GraphQL subscriptions over WebSocket are not supported by this GraphiQL build');" + ' }',
      loader: 'js',
    }));
  },
};

/** Options shared by the app bundle and the worker bundles. */
const common: esbuild.BuildOptions = {
  absWorkingDir: repoRoot(),
  bundle: true,
  minify: true,
  platform: 'browser',
  // Classic scripts: app.js reads document.currentScript, workers are started
  // with `new Worker(url)` (no `{ type: 'module' }`).
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // License comments go to *.LEGAL.txt next to each bundle (kept for the
  // licenses, and keeps comment URLs out of the served JS).
  legalComments: 'linked',
  logLevel: 'warning',
};

export async function buildGraphiql(outDir: string = path.join(repoRoot(), 'dist/graphiql')): Promise<void> {
  const out = path.resolve(outDir);
  fs.mkdirSync(out, { recursive: true });

  const app = esbuild.build({
    ...common,
    entryPoints: { app: path.join(srcDir, 'app.tsx') },
    outdir: out,
    jsx: 'automatic',
    loader: {
      '.graphql': 'text',
      // Fonts/images referenced from CSS (e.g. Monaco's codicon.ttf) are
      // inlined; graphiql/style.css already embeds Roboto/Fira Code this way.
      '.ttf': 'dataurl',
      '.woff': 'dataurl',
      '.woff2': 'dataurl',
      '.eot': 'dataurl',
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.gif': 'dataurl',
    },
    plugins: [graphqlWsStub],
  });

  const workers = esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(workerEntries).map(([name, spec]) => [name, require.resolve(spec, { paths: [repoRoot()] })])),
    outdir: out,
  });

  await Promise.all([app, workers]);
  fs.copyFileSync(path.join(srcDir, 'index.html'), path.join(out, 'index.html'));
}

if (require.main === module) {
  const started = Date.now();
  const outDir = path.join(repoRoot(), 'dist/graphiql');
  buildGraphiql(outDir).then(
    () => {
      console.log(`GraphiQL built into ${outDir} in ${Date.now() - started} ms`);
    },
    (err: unknown) => {
      console.error('GraphiQL build failed:', err);
      process.exitCode = 1;
    },
  );
}
