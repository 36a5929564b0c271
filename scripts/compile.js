// Compiles the TypeScript into dist/ (tsc -b, incremental) after removing what dist/ holds of sources that are gone:
// tsc never deletes an output, and the bureaus and their migrations are discovered by listing dist/ folders, so a
// deleted bureau or migration would otherwise still be found and run. Plain JavaScript: it runs before any build.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// What tsc writes for one source file, and the source it comes from.
const OUTPUT = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

/** Removes compiled files under `dir` (in `dist` of `root`) whose .ts source no longer exists, and folders left empty. */
function prune(root, dist, dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(root, dist, full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    if (!OUTPUT.test(entry.name)) continue;
    const source = path.join(root, path.relative(dist, full)).replace(OUTPUT, '.ts');
    if (!fs.existsSync(source)) fs.rmSync(full);
  }
}

/** Prunes tsc's own output folders of `root`/dist: the bundles (dist/graphiql, dist/dashboard) are built by their scripts. */
function pruneStaleOutputs(root) {
  const dist = path.join(root, 'dist');
  for (const folder of ['gateway', 'subgraphs', 'scripts']) {
    if (fs.existsSync(path.join(dist, folder))) prune(root, dist, path.join(dist, folder));
  }
}

module.exports = { pruneStaleOutputs };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  pruneStaleOutputs(root);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b'], { cwd: root, stdio: ['inherit', 2, 2] });
}
