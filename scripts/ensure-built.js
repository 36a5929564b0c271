// Builds what `npm start` runs when it is missing or older than its sources: the TypeScript (compile.js:
// incremental, so an up-to-date build costs little), the offline GraphiQL bundle and the dashboard bundle. Plain JavaScript:
// it runs before any build.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// Build output goes to stderr, so commands such as `npm run -s token` print only their own result on stdout.
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: ['inherit', 2, 2] });

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

run([path.join(__dirname, 'compile.js')]);
const graphiqlIndex = path.join(root, 'dist/graphiql/index.html');
if (!fs.existsSync(graphiqlIndex) || fs.statSync(graphiqlIndex).mtimeMs < newestSource(path.join(root, 'gateway/graphiql'))) {
  run([path.join(root, 'dist/scripts/build-graphiql.js')]);
}
const dashboardIndex = path.join(root, 'dist/dashboard/index.html');
if (!fs.existsSync(dashboardIndex) || fs.statSync(dashboardIndex).mtimeMs < newestSource(path.join(root, 'gateway/dashboard'))) {
  run([path.join(root, 'dist/scripts/build-dashboard.js')]);
}
