import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// scripts/compile.js is plain JavaScript (it runs before any build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pruneStaleOutputs } = require('../../scripts/compile.js') as { pruneStaleOutputs(root: string): void };

function write(root: string, file: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), '');
}

describe('compile (scripts/compile.js)', () => {
  it('removes from dist/ what a deleted bureau or migration left, so discovery no longer finds it, and keeps the rest', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-'));
    try {
      const kept = ['subgraphs/health/identity', 'subgraphs/health/migrations/1764000000000-Health'];
      for (const source of kept) write(root, `${source}.ts`);
      const outputs = (source: string) => ['.js', '.js.map', '.d.ts', '.d.ts.map'].map((ext) => `dist/${source}${ext}`);
      const gone = ['subgraphs/retired/identity', 'subgraphs/health/migrations/1764000000001-Dropped'];
      for (const file of [...kept, ...gone].flatMap(outputs)) write(root, file);
      write(root, 'dist/dashboard/app.js'); // a bundle, built from gateway/dashboard, not tsc's

      pruneStaleOutputs(root);

      for (const file of kept.flatMap(outputs)) expect({ file, exists: fs.existsSync(path.join(root, file)) }).toEqual({ file, exists: true });
      for (const file of gone.flatMap(outputs)) expect({ file, exists: fs.existsSync(path.join(root, file)) }).toEqual({ file, exists: false });
      expect(fs.existsSync(path.join(root, 'dist/subgraphs/retired'))).toBe(false);
      expect(fs.existsSync(path.join(root, 'dist/dashboard/app.js'))).toBe(true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
