import { loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { Cell, cellText, csvText, figureCell, FigureTable, Suppressible, WITHHELD, WITHHELD_MARK } from './tables';

/**
 * The report for a sending region (流出地协作报告), for the regular exchange with the regions of origin the plan asks
 * for: the gateway's answer to origin-report.graphql rendered in Chinese as a page that prints on A4, and as CSV.
 * Every figure is its bureau's release's, withheld ones written as withheld; each bureau's cut-off heads both, and a
 * bureau that did not answer is named as missing, its columns marked, rather than the report failing.
 */

interface Released extends Suppressible {
  asOf: string;
}
interface Period {
  partial: boolean;
  lastDayCounted: string;
}
interface InDistrict {
  district: { code: string };
}
interface Population extends Released {
  registeredMigrants: number | null;
  validPermits: number | null;
  permitRate: number | null;
}
interface Schooling extends Released {
  enrolled: number | null;
}
interface Cases extends Released {
  disputesOpen: number | null;
}
interface Employment extends Released {
  withContract: number | null;
  insured: number | null;
}
interface TrainingYear extends Released, Period {
  year: number;
  trainingCompleted: number | null;
}
interface CaseYear extends Released, Period {
  year: number;
  reliefGranted: number | null;
  disputesFound: number | null;
  disputesSettled: number | null;
}

/** The gateway's answer to origin-report.graphql: a bureau's fields are null when it did not answer. */
export interface OriginReportAnswer {
  code: string;
  region: { code: string; name: string; nameEn: string };
  population: Population;
  populationByDistrict: (Population & { district: { code: string; name: string } })[] | null;
  populationByMonth: (Population & Period & { month: string })[] | null;
  schooling: Schooling | null;
  schoolingByDistrict: (Schooling & InDistrict)[] | null;
  schoolingByMonth: (Schooling & Period & { month: string })[] | null;
  cases: Cases | null;
  casesByDistrict: (Cases & InDistrict)[] | null;
  casesByYear: CaseYear[] | null;
  employment: Employment | null;
  employmentByDistrict: (Employment & InDistrict)[] | null;
  employmentByMonth: (Employment & Period & { month: string })[] | null;
  trainingByYear: TrainingYear[] | null;
}

/** Written in every cell of a bureau that did not answer: unknown, not withheld and not 0. */
const MISSING = '暂缺';

/** A figure column: its heading and its cell in a record of the bureau's. */
type Column<R> = [heading: string, cell: (record: R) => Cell];

/** A bureau's columns in one table, with its records by row key (a place, a month, a year); null when it did not answer. */
interface Block<R> {
  columns: Column<R>[];
  records: Map<string, R> | null;
}

function block<R>(columns: Column<R>[], records: [string, R][] | null): Block<R> {
  return { columns, records: records && new Map(records) };
}

function blockCells<R>({ columns, records }: Block<R>, key: string): Cell[] {
  if (records === null) return columns.map(() => MISSING);
  const record = records.get(key);
  return columns.map(([, cell]) => (record ? cell(record) : null));
}

/** Rows keyed like the blocks: the first cell a label, then each block's cells. */
function rowsOf(keys: [key: string, label: string, note?: string][], blocks: Block<any>[], notes = false): Cell[][] {
  return keys.map(([key, label, note]) => [label, ...blocks.flatMap((b) => blockCells(b, key)), ...(notes ? [note ?? ''] : [])]);
}

const headings = (blocks: Block<any>[]) => blocks.flatMap((b) => b.columns.map(([heading]) => heading));

const count =
  <R extends Suppressible>(field: keyof R & string) =>
  (record: R): Cell =>
    figureCell(record[field] as number | null, field, record);

/** A rate as a percentage: withheld with either of its counts (kit/disclosure withRate), empty on a base of 0. */
const rate =
  <R extends Suppressible>(field: keyof R & string, part: string, whole: string) =>
  (record: R): Cell => {
    const value = record[field] as number | null;
    if (value !== null) return `${(value * 100).toFixed(1)}%`;
    return record.suppressed.includes(part) || record.suppressed.includes(whole) ? WITHHELD : null;
  };

const POPULATION: Column<Population>[] = [
  ['登记流动人口', count('registeredMigrants')],
  ['有效居住证', count('validPermits')],
  ['持证率', rate('permitRate', 'validPermits', 'registeredMigrants')],
];
const SCHOOLING: Column<Schooling>[] = [['在校随迁子女', count('enrolled')]];
const EMPLOYMENT: Column<Employment>[] = [
  ['签订劳动合同', count('withContract')],
  ['参加社会保险', count('insured')],
];
const TRAINING_YEARS: Column<TrainingYear>[] = [['完成职业技能培训', count('trainingCompleted')]];
const CASES: Column<Cases>[] = [['未结矛盾纠纷', count('disputesOpen')]];
const CASE_YEARS: Column<CaseYear>[] = [
  ['获得救助', count('reliefGranted')],
  ['排查发现矛盾纠纷', count('disputesFound')],
  ['调处化解矛盾纠纷', count('disputesSettled')],
];

const CITY_KEY = 'city';
const byDistrict = <R extends InDistrict>(records: R[] | null): [string, R][] | null => records && records.map((r) => [r.district.code, r]);
const withCity = <R>(city: R | null, districts: [string, R][] | null): [string, R][] | null => city && districts && [[CITY_KEY, city], ...districts];
const byMonth = <R extends { month: string }>(records: R[] | null): [string, R][] | null => records && records.map((r) => [r.month, r]);

/** The note of a partial period: "本月截至 2026-12-03" for the month to date, "本年截至 …" for the year. */
function partialNote(unit: '月' | '年', records: (Period | undefined)[]): string | undefined {
  const partial = records.find((record) => record?.partial);
  return partial && `本${unit}截至 ${partial.lastDayCounted}`;
}

/** The report's tables: the city and each district on the cut-off, the city month by month, the city year by year. */
export function originReportTables(report: OriginReportAnswer): FigureTable[] {
  const places = [
    block(POPULATION, withCity(report.population, byDistrict(report.populationByDistrict))),
    block(SCHOOLING, withCity(report.schooling, byDistrict(report.schoolingByDistrict))),
    block(EMPLOYMENT, withCity(report.employment, byDistrict(report.employmentByDistrict))),
    block(CASES, withCity(report.cases, byDistrict(report.casesByDistrict))),
  ];
  const districts = (report.populationByDistrict ?? []).map(({ district }): [string, string] => [district.code, district.name]);

  const monthly = [report.populationByMonth, report.schoolingByMonth, report.employmentByMonth];
  const months = [
    block(POPULATION, byMonth(report.populationByMonth)),
    block(SCHOOLING, byMonth(report.schoolingByMonth)),
    block(EMPLOYMENT, byMonth(report.employmentByMonth)),
  ];
  const monthKeys = [...new Set(monthly.flatMap((series) => (series ?? []).map((m) => m.month)))].sort();
  const monthNote = (month: string) =>
    partialNote(
      '月',
      monthly.map((series) => series?.find((m) => m.month === month)),
    );

  // Years are published for the city only, from the first month of the monthly table's year on.
  const firstYear = Number((monthKeys[0] ?? '0').slice(0, 4));
  const caseYears = report.casesByYear?.filter((year) => year.year >= firstYear) ?? null;
  const trainingYears = report.trainingByYear?.filter((year) => year.year >= firstYear) ?? null;
  const byYear = <R extends { year: number }>(records: R[] | null): [string, R][] | null => records && records.map((y) => [String(y.year), y]);
  const years = [block(CASE_YEARS, byYear(caseYears)), block(TRAINING_YEARS, byYear(trainingYears))];
  const yearly = [caseYears, trainingYears];
  const yearKeys = [...new Set(yearly.flatMap((series) => (series ?? []).map((y) => String(y.year))))].sort();

  return [
    {
      name: `截至统计截止日的情况（${report.population.asOf}）`,
      columns: ['地区', ...headings(places)],
      rows: rowsOf([[CITY_KEY, '银川市'], ...districts], places),
    },
    {
      name: '全市逐月情况（月末数）',
      columns: ['月份', ...headings(months), '说明'],
      rows: rowsOf(
        monthKeys.map((month) => [month, month, monthNote(month)]),
        months,
        true,
      ),
    },
    {
      name: '全市逐年情况（年内发生数）',
      columns: ['年份', ...headings(years), '说明'],
      rows: rowsOf(
        yearKeys.map((year) => [
          year,
          year,
          partialNote(
            '年',
            yearly.map((series) => series?.find((y) => String(y.year) === year)),
          ),
        ]),
        years,
        true,
      ),
    },
  ];
}

/** Each bureau's part of the report: what it gives, and its release's cut-off, or null when it did not answer. */
function sources(report: OriginReportAnswer): { bureau: string; figures: string; asOf: string | null }[] {
  return [
    { bureau: '银川市公安局', figures: '居住登记、居住证', asOf: report.population.asOf },
    { bureau: '银川市教育局', figures: '随迁子女就学', asOf: report.schooling?.asOf ?? null },
    { bureau: '银川市人力资源和社会保障局', figures: '就业登记、社会保险、职业培训', asOf: report.employment?.asOf ?? null },
    { bureau: '银川市民政局', figures: '社会救助、矛盾纠纷调处', asOf: report.cases?.asOf ?? report.casesByYear?.[0]?.asOf ?? null },
  ];
}

/** The bureaus whose part of the report is missing: they did not answer (the gateway nulls only their fields). */
export function missingBureaus(report: OriginReportAnswer): string[] {
  return sources(report)
    .filter((source) => source.asOf === null)
    .map((source) => source.bureau);
}

/**
 * Whom the report counts: migrants whose household registration place is in the region, less the regions of origin
 * inside it that have reports of their own (Gansu's leaves out Linxia, each counted apart).
 */
export function originScope(region: { code: string; name: string }): string {
  const prefix = region.code.replace(/0+$/, '');
  const inside = loadOriginRegions().filter((other) => other.code !== region.code && other.code.startsWith(prefix));
  const without = inside.length > 0 ? `，不含${inside.map((other) => `${other.nameZh}（${other.code}，另有报告）`).join('、')}` : '';
  return `户籍所在地在${region.name}的流动人口${without}`;
}

/** What heads the report: its title, the region, whom it counts, each bureau's release, the period, the withheld marker. */
function stamp(report: OriginReportAnswer): [string, string][] {
  const months = report.populationByMonth ?? [];
  const present = sources(report).filter((source) => source.asOf !== null);
  const missing = missingBureaus(report);
  return [
    ['报告', `流动人口服务管理协作报告：${report.region.name}`],
    ['来源地', `${report.region.name}（${report.region.code}）`],
    ['统计口径', originScope(report.region)],
    ['统计截止', report.population.asOf],
    ['时间范围', months.length > 0 ? `${months[0].month} 至 ${months[months.length - 1].month}` : '—'],
    ['数据来源', present.map((source) => `${source.bureau}（${source.figures}，截至 ${source.asOf}）`).join('；')],
    ...(missing.length > 0 ? [['数据暂缺', `${missing.join('、')}：未能取得数据，相应栏目记为“${MISSING}”`] as [string, string]] : []),
    ['小于10的数不公开，记为', WITHHELD_MARK.zh],
  ];
}

export function originReportCsv(report: OriginReportAnswer): string {
  const lines: string[][] = stamp(report).map(([key, value]) => [key, value]);
  for (const table of originReportTables(report))
    lines.push([], [table.name], table.columns, ...table.rows.map((row) => row.map((cell) => cellText(cell, 'zh'))));
  return csvText(lines);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PRINT_STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 178mm; }
  h1 { font-size: 16pt; margin: 0 0 4mm; }
  h2 { font-size: 12.5pt; margin: 7mm 0 2mm; break-after: avoid; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0; }
  dt { color: #555; }
  table { border-collapse: collapse; width: 100%; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th, td { border: 0.3mm solid #999; padding: 1mm 1.6mm; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  td { white-space: nowrap; }
  th { background: #eee; font-weight: 600; }
  td.withheld, td.missing { color: #777; }`;

/** The report as a page in Chinese that prints on A4: its stamp, then each table with rows. */
export function originReportHtml(report: OriginReportAnswer): string {
  const [[, title], ...details] = stamp(report);
  const classOf = (value: Cell) => (value === MISSING ? ' class="missing"' : value !== null && typeof value === 'object' ? ' class="withheld"' : '');
  const cell = (value: Cell) => `<td${classOf(value)}>${escapeHtml(cellText(value, 'zh'))}</td>`;
  const tables = originReportTables(report)
    .filter((table) => table.rows.length > 0)
    .map(
      (table) => `<h2>${escapeHtml(table.name)}</h2>
<table><thead><tr>${table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('')}</tr></thead>
<tbody>${table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n')}</tbody></table>`,
    );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PRINT_STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<dl>${details.map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
${tables.join('\n')}
</body></html>
`;
}
