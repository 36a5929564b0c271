import path from 'node:path';
import { readUsage, usageDirOf, type UsageExport } from '../gateway/usage-recording';
import { loadSettings, optionLike } from '../subgraphs/kit/settings';

/**
 * `npm run usage:export -- [--days N] [--dir <folder>] > usage.json`: the gateway's recorded usage of the last N days
 * (default 30) as one file, for `npm run schema:check -- --usage usage.json` on another machine. Run it where the
 * gateway runs; the folder is USAGE_DIR (default DATA_DIR/usage) unless `--dir` names another.
 */

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function main(): void {
  const args = process.argv.slice(2);
  const settings = loadSettings();
  const dir = path.resolve(option(args, '--dir') ?? usageDirOf(settings));
  const usage: UsageExport = { days: readUsage(dir, optionLike('USAGE_RETENTION_DAYS', '--days', option(args, '--days'))) };
  process.stdout.write(`${JSON.stringify(usage, null, 1)}\n`);
  const requests = usage.days.reduce((sum, day) => sum + day.entries.reduce((daySum, entry) => daySum + entry.count, 0), 0);
  console.error(`exported ${usage.days.length} day${usage.days.length === 1 ? '' : 's'} of ${dir} (${requests} requests)`);
}

main();
