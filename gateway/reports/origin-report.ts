import { Cell, cellText, csvText, figureCell, FigureTable, Suppressible, WITHHELD, WITHHELD_MARK } from './tables';

/**
 * The report for a sending region (流出地协作报告), for the regular exchange with the regions of origin the plan asks
 * for: the gateway's answer to origin-report.graphql rendered in Chinese as a page that prints on A4, and as CSV.
 * Every figure is the release's, withheld ones written as withheld; the release's cut-off heads both.
 */

interface Counts extends Suppressible {
  asOf: string;
  registeredMigrants: number | null;
  validPermits: number | null;
  permitRate: number | null;
}

/** The gateway's answer to origin-report.graphql. */
export interface OriginReportAnswer {
  code: string;
  region: { code: string; name: string; nameEn: string };
  population: Counts;
  populationByDistrict: (Counts & { district: { code: string; name: string } })[];
  populationByMonth: (Counts & { month: string; partial: boolean; lastDayCounted: string })[];
}

const COUNT_COLUMNS = ['登记流动人口', '有效居住证', '持证率'];

/** The permit rate as a percentage; withheld with either of its counts (kit/disclosure withRate). */
const rate = (record: Counts): Cell => {
  if (record.permitRate !== null) return `${(record.permitRate * 100).toFixed(1)}%`;
  return record.suppressed.length > 0 ? WITHHELD : null;
};
const countCells = (record: Counts): Cell[] => [
  figureCell(record.registeredMigrants, 'registeredMigrants', record),
  figureCell(record.validPermits, 'validPermits', record),
  rate(record),
];

/** The report's tables: the city and each district on the cut-off, then month by month. */
export function originReportTables(report: OriginReportAnswer): FigureTable[] {
  return [
    {
      name: `登记情况（截至 ${report.population.asOf}）`,
      columns: ['地区', ...COUNT_COLUMNS],
      rows: [['银川市', ...countCells(report.population)], ...report.populationByDistrict.map((row) => [row.district.name, ...countCells(row)])],
    },
    {
      name: '全市逐月登记情况',
      columns: ['月份', ...COUNT_COLUMNS, '说明'],
      rows: report.populationByMonth.map((month) => [month.month, ...countCells(month), month.partial ? `本月截至 ${month.lastDayCounted}` : '']),
    },
  ];
}

/** What heads the report: its title, the region, the release, the period, the marker of a withheld figure. */
function stamp(report: OriginReportAnswer): [string, string][] {
  const months = report.populationByMonth;
  return [
    ['报告', `流动人口服务管理协作报告：${report.region.name}`],
    ['来源地', `${report.region.name}（${report.region.code}）`],
    ['统计截止', report.population.asOf],
    ['时间范围', months.length > 0 ? `${months[0].month} 至 ${months[months.length - 1].month}` : '—'],
    ['数据来源', '银川市公安局（居住登记、居住证）'],
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
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; margin: 0 auto; max-width: 178mm; }
  h1 { font-size: 16pt; margin: 0 0 4mm; }
  h2 { font-size: 12.5pt; margin: 7mm 0 2mm; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0; }
  dt { color: #555; }
  table { border-collapse: collapse; width: 100%; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th, td { border: 0.3mm solid #999; padding: 1.2mm 2mm; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  th { background: #eee; }
  td.withheld { color: #777; }`;

/** The report as a page in Chinese that prints on A4: its stamp, then each table. */
export function originReportHtml(report: OriginReportAnswer): string {
  const [[, title], ...details] = stamp(report);
  const cell = (value: Cell) => `<td${value !== null && typeof value === 'object' ? ' class="withheld"' : ''}>${escapeHtml(cellText(value, 'zh'))}</td>`;
  const tables = originReportTables(report).map(
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
