/**
 * Bundles the decision-analysis dashboard (gateway/dashboard/) with esbuild into static files the gateway serves at
 * "/dashboard/":
 *
 *   index.html     page shell, references ./app.css and ./app.js only
 *   app.js         the page and the parts of ECharts it uses; the panels' queries/*.graphql inlined as text
 *   app.css        the page's styles
 *   LEGAL.txt      licences of the bundled packages (ECharts, zrender), which the page never loads
 *
 * Nothing in the output loads from another host (no CDN, no web fonts).
 *
 * Usage: `node dist/scripts/build-dashboard.js` (part of `npm run build`), or `buildDashboard(outDir)` from code / tests.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../subgraphs/kit/paths';
import { registerDashboard } from './register-operations';

const srcDir = path.join(repoRoot(), 'gateway', 'dashboard');

/** The packages a bundle was built from, by their folder under node_modules. */
function bundledPackages(metafile: esbuild.Metafile): string[] {
  const folders = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) folders.add(input.slice(0, match.index + match[0].length));
  }
  return [...folders].sort();
}

/** Name, version, licence and the licence and notice files of every bundled package. */
function legalText(metafile: esbuild.Metafile): string {
  const parts = ['Third-party software bundled into app.js of the dashboard (gateway/dashboard/).\n'];
  for (const folder of bundledPackages(metafile)) {
    const dir = path.join(repoRoot(), folder);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    parts.push(`${'='.repeat(78)}\n${manifest.name} ${manifest.version} (${manifest.license ?? 'see below'})\n${'='.repeat(78)}\n`);
    for (const file of fs
      .readdirSync(dir)
      .filter((name) => /^(licen[cs]e|notice)(\.|$)/i.test(name))
      .sort()) {
      parts.push(fs.readFileSync(path.join(dir, file), 'utf8').trim() + '\n');
    }
  }
  return parts.join('\n');
}

export async function buildDashboard(outDir: string = path.join(repoRoot(), 'dist/dashboard')): Promise<void> {
  const out = path.resolve(outDir);
  fs.mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: repoRoot(),
    entryPoints: { app: path.join(srcDir, 'main.ts') },
    outdir: out,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    loader: { '.graphql': 'text' },
    // Licences go to LEGAL.txt (below), not into the served JS.
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(out, 'LEGAL.txt'), legalText(result.metafile));
  fs.copyFileSync(path.join(srcDir, 'index.html'), path.join(out, 'index.html'));
}

if (require.main === module) {
  const started = Date.now();
  const outDir = path.join(repoRoot(), 'dist/dashboard');
  buildDashboard(outDir).then(
    () => {
      const sizes = ['app.js', 'app.css'].map((file) => `${file} ${(fs.statSync(path.join(outDir, file)).size / 1024).toFixed(0)} KiB`);
      console.log(`Dashboard built into ${outDir} in ${Date.now() - started} ms (${sizes.join(', ')})`);
      // What the bundle sends is what the gateway trusts (TRUSTED_DOCUMENTS): its queries, registered as they are.
      console.log(registerDashboard());
    },
    (err: unknown) => {
      console.error('Dashboard build failed:', err);
      process.exitCode = 1;
    },
  );
}
