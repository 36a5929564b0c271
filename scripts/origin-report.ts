import fs from 'node:fs';
import path from 'node:path';
import { missingBureaus, originReportCsv, originReportHtml, OriginReportAnswer } from '../gateway/reports/origin-report';
import { addMonths, today } from '../subgraphs/kit/dates';
import { repoRoot } from '../subgraphs/kit/paths';
import { loadSettings } from '../subgraphs/kit/settings';

/**
 * `npm run -s report:origin -- --region <code> --token <analyst token> [--from YYYY-MM] [--to YYYY-MM] [--out <folder>]
 * [--gateway <url>]`: asks the gateway for a sending region's report (gateway/reports/origin-report.graphql) as the
 * analyst the token names, and writes it as a page to print (HTML, A4, in Chinese) and as CSV, named by the region and
 * the release: `origin-report-620000-2026-11-30.html` / `.csv`. The months default to the 24 before this one. A bureau
 * that does not answer is left out with a warning and named in the report; without public security there is none.
 */

const USAGE = `Usage: npm run -s report:origin -- --region <code> --token <token> [--from YYYY-MM] [--to YYYY-MM] [--out <folder>] [--gateway <url>]

  --region   GB/T 2260 code of a region of origin (620000 Gansu, 630000 Qinghai, 622900 Linxia, 640400 Guyuan …)
  --token    an analyst's token, e.g. "$(npm run -s token -- --role analyst)"
  --from/--to  the months of the monthly table (default: the 24 months before this one, up to the latest release)
  --out      the folder the files are written to (default: the current folder)
  --gateway  the gateway's GraphQL endpoint (default: http://localhost:GATEWAY_PORT/graphql)`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function fail(message: string, usage = true): never {
  console.error(usage ? `${message}\n\n${USAGE}` : message);
  process.exit(2);
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) return void console.log(USAGE);
  const region = option(args, 'region') ?? fail('Name a region of origin with --region.');
  const token = option(args, 'token') ?? fail('Give an analyst token with --token.');
  const gateway = option(args, 'gateway') ?? `http://localhost:${loadSettings().GATEWAY_PORT}/graphql`;
  const from = option(args, 'from') ?? addMonths(`${today().slice(0, 7)}-01`, -24).slice(0, 7);
  const response = await fetch(gateway, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'statistics',
      'apollographql-client-name': 'origin-report',
    },
    body: JSON.stringify({
      query: fs.readFileSync(path.join(repoRoot(), 'gateway/reports/origin-report.graphql'), 'utf8'),
      variables: { region, from, to: option(args, 'to') ?? null },
    }),
  }).catch((error: Error) => fail(`The gateway at ${gateway} did not answer (${error.message}): is the federation running (npm start)?`, false));
  const answer = (await response.json().catch(() => null)) as {
    data?: { originReport: OriginReportAnswer | null };
    errors?: { message: string; path?: (string | number)[] }[];
  } | null;
  const report = answer?.data?.originReport;
  const errors = answer?.errors ?? [];
  // Without public security's figures there is no report; another bureau's failure nulls only its part, named in it.
  if (!report?.population) {
    const why = errors.length > 0 ? `: ${errors.map((error) => error.message).join('; ')}` : ` (HTTP ${response.status})`;
    fail(`The gateway gave no report${why}`, false);
  }
  for (const error of errors) console.error(`warning: ${error.path?.join('.') ?? 'the report'}: ${error.message}`);
  const missing = missingBureaus(report);
  if (missing.length > 0) console.error(`warning: the report is written without the part of ${missing.join(', ')}, marked 暂缺 in it`);
  const out = option(args, 'out') ?? '.';
  fs.mkdirSync(out, { recursive: true });
  const base = path.join(out, `origin-report-${report.code}-${report.population.asOf}`);
  fs.writeFileSync(`${base}.html`, originReportHtml(report));
  fs.writeFileSync(`${base}.csv`, originReportCsv(report));
  console.log(`${base}.html\n${base}.csv`);
}

main(process.argv.slice(2)).catch((error) => fail(error instanceof Error ? error.message : String(error), false));
