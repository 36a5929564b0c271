import { BASE_OPTION, figureText, PALETTE, tooltip } from '../charts';
import { Cell, figureCell, Suppressible } from '../../reports/tables';
import type {
  DashboardTrendsCommunityQuery,
  DashboardTrendsDistrictQuery,
  DashboardTrendsQuery,
  DashboardTrendsQueryVariables,
  DashboardTrendsStreetQuery,
} from '../generated/operations';
import { formatInt, Label, Lang, t } from '../i18n';
import type { Panel } from '../panel';
import communityQuery from '../queries/trends-community.graphql';
import districtQuery from '../queries/trends-district.graphql';
import streetQuery from '../queries/trends-street.graphql';
import query from '../queries/trends.graphql';
import { FIRST_MONTH } from '../range';

type Statistics = NonNullable<DashboardTrendsQuery['statistics']>;
type List = keyof Statistics;
/**
 * The panel's data: the lists in the city's shape; `byYear` when they hold a community's year ends instead of months,
 * each year ("2024") standing where a month would.
 */
type Trends = DashboardTrendsQuery & { byYear?: boolean };
/** A month of any of the lists, read by field name. */
type Month = { asOf?: string; month: string; partial?: boolean; lastDayCounted?: string } & Suppressible & Record<string, unknown>;

/** A line: a figure of one list (tsc checks that the query selects it), its label, and its axis. */
type Line = {
  [Name in List]: {
    list: Name;
    field: Exclude<keyof NonNullable<Statistics[Name]>[number], 'asOf' | 'month' | 'suppressed' | 'partial' | 'lastDayCounted'>;
    label: Label;
    axis: 0 | 1;
  };
}[List];

/** The lines drawn: which list and field, their label, and their axis (0: people at the end of the month; 1: cases, in the month or open at its end). */
const LINES: Line[] = [
  { list: 'populationByMonth', field: 'registeredMigrants', label: { zh: '登记流动人口', en: 'Registered migrants' }, axis: 0 },
  { list: 'populationByMonth', field: 'validPermits', label: { zh: '有效居住证', en: 'Valid residence permits' }, axis: 0 },
  { list: 'schoolingByMonth', field: 'enrolled', label: { zh: '随迁子女在校', en: 'Children in school' }, axis: 0 },
  { list: 'employmentByMonth', field: 'withContract', label: { zh: '签订劳动合同就业', en: 'Employed with a contract' }, axis: 0 },
  { list: 'employmentByMonth', field: 'insured', label: { zh: '参加社会保险', en: 'Insured' }, axis: 0 },
  { list: 'casesByMonth', field: 'reliefGranted', label: { zh: '批准救助（当月）', en: 'Relief granted (in the month)' }, axis: 1 },
  { list: 'casesByMonth', field: 'disputesSettled', label: { zh: '调解结案（当月）', en: 'Disputes settled (in the month)' }, axis: 1 },
  { list: 'casesByMonth', field: 'disputesOpen', label: { zh: '调解中纠纷（月末）', en: 'Disputes open (at the month end)' }, axis: 1 },
];

const T = {
  persons: { zh: '人数', en: 'Persons' },
  cases: { zh: '件数', en: 'Cases' },
  monthToDate: { zh: '本月截至', en: 'Month to date, up to' },
  yearToDate: { zh: '本年截至', en: 'Year to date, up to' },
  month: { zh: '月份', en: 'Month' },
  year: { zh: '年份', en: 'Year' },
  monthly: { zh: '月度趋势', en: 'Monthly trends' },
  yearEnds: { zh: '年末趋势', en: 'Year-end trends' },
  lastDayCounted: { zh: '统计至', en: 'Counted up to' },
};

type Row = Partial<Record<List, Month>>;

/**
 * The lines of the fields the answer has: all of them for the city and a district; a street's or a community's stocks
 * (their cases lists have disputes open only).
 */
const linesOf = (data: Trends) => LINES.filter((line) => data.statistics?.[line.list]?.some((month) => line.field in month));

/** The four bureaus' lists, merged by month ("YYYY-MM" sorts as text). */
function monthRows(data: Trends): { months: string[]; rows: Row[] } {
  const stats = data.statistics;
  const byMonth = new Map<string, Row>();
  for (const list of ['populationByMonth', 'schoolingByMonth', 'employmentByMonth', 'casesByMonth'] as const) {
    for (const row of stats?.[list] ?? []) {
      const entry = byMonth.get(row.month) ?? {};
      entry[list] = row;
      byMonth.set(row.month, entry);
    }
  }
  const months = [...byMonth.keys()].sort();
  return { months, rows: months.map((month) => byMonth.get(month)!) };
}

const valueOf = (row: Row, line: Line) => {
  const value = row[line.list]?.[line.field];
  return typeof value === 'number' ? value : null;
};

/** The month to date, if the series ends with one: its month and the last day counted. */
function monthToDate(rows: Row[]): { month: string; lastDayCounted: string } | null {
  const last = rows.at(-1)?.populationByMonth;
  return last?.partial && last.lastDayCounted ? { month: last.month, lastDayCounted: last.lastDayCounted } : null;
}

export const trends: Panel<Trends, DashboardTrendsQueryVariables> = {
  name: 'trends',
  title: (range, level) =>
    level === 'community'
      ? { zh: '2013年以来年末趋势', en: 'Year-end trends since 2013' }
      : range.from === FIRST_MONTH && range.to === null
        ? { zh: '2013年以来月度趋势', en: 'Monthly trends since 2013' }
        : T.monthly,
  levels: {
    city: { file: 'trends', query, variables: (range) => ({ from: range.from, to: range.to }) },
    // A district's own series, in the city's shape.
    district: {
      file: 'trends-district',
      query: districtQuery,
      variables: (range, place) => ({ district: place.district, from: range.from, to: range.to }),
      data: (answer: DashboardTrendsDistrictQuery): DashboardTrendsQuery => ({ statistics: answer.district }),
    },
    // A street's stocks only, registrations and open disputes: education's and human resources' series stop at the district.
    street: {
      file: 'trends-street',
      query: streetQuery,
      variables: (range, place) => ({ street: place.street, from: range.from, to: range.to }),
      data: (answer: DashboardTrendsStreetQuery): DashboardTrendsQuery =>
        ({
          statistics: answer.street && { populationByMonth: answer.street.populationByMonth, casesByMonth: answer.street.casesByMonth },
        }) as DashboardTrendsQuery,
    },
    // A community's stocks at each year's end since 2013, whatever the range of months: it has no months.
    community: {
      file: 'trends-community',
      query: communityQuery,
      variables: (_range, place) => ({ community: place.community }),
      wholeSpan: true,
      data: (answer: DashboardTrendsCommunityQuery): Trends => {
        const byYear = <T extends { year: number }>(ends: T[] | null | undefined) => ends?.map(({ year, ...end }) => ({ ...end, month: String(year) }));
        const community = answer.community;
        return {
          statistics: community && {
            populationByMonth: byYear(community.populationByYear),
            schoolingByMonth: byYear(community.schoolingByYear),
            employmentByMonth: byYear(community.employmentByYear),
            casesByMonth: byYear(community.casesByYear),
          },
          byYear: true,
        } as Trends;
      },
    },
  },
  ranged: true,
  suppressible: true,
  wide: true,
  asOf: (data) => data.statistics?.populationByMonth?.[0]?.asOf ?? null,
  table(data, lang) {
    const { months, rows } = monthRows(data);
    const lines = linesOf(data);
    return [
      {
        name: t(data.byYear ? T.yearEnds : T.monthly, lang),
        columns: [t(data.byYear ? T.year : T.month, lang), ...lines.map((line) => t(line.label, lang)), t(T.lastDayCounted, lang)],
        rows: rows.map((row, i): Cell[] => [
          months[i],
          ...lines.map((line) => figureCell(valueOf(row, line), line.field, row[line.list])),
          // The month to date says up to which day it counts; a whole month, its last day.
          row.populationByMonth?.lastDayCounted ?? null,
        ]),
      },
    ];
  },
  draw(data, lang: Lang) {
    const { months, rows } = monthRows(data);
    const lines = linesOf(data);
    // A month (or year) to date is shaded and named as such: its stocks are of its last day counted, its flows short.
    const partial = monthToDate(rows);
    const toDate = t(data.byYear ? T.yearToDate : T.monthToDate, lang);
    const titleOf = (month: string) => (partial?.month === month ? `${month} · ${toDate} ${partial.lastDayCounted}` : month);
    const option = {
      ...BASE_OPTION,
      color: PALETTE,
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 60, bottom: 70 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number }[]) => {
          const row = rows[params[0].dataIndex];
          return tooltip(
            titleOf(months[params[0].dataIndex]),
            lines.map((line) => ({
              color: PALETTE[LINES.indexOf(line)],
              name: t(line.label, lang),
              value: figureText(valueOf(row, line), line.field, row[line.list], lang, (v) => formatInt(v, lang)),
            })),
          );
        },
      },
      dataZoom: [{ type: 'slider', bottom: 10 }, { type: 'inside' }],
      xAxis: { type: 'category', data: months },
      yAxis: [
        // Counts: whole numbers on both axes, even where a line is all zeros.
        { type: 'value', name: t(T.persons, lang), minInterval: 1 },
        // The cases axis only where cases are drawn.
        { type: 'value', name: t(T.cases, lang), minInterval: 1, splitLine: { show: false }, show: lines.some((line) => line.axis === 1) },
      ],
      series: lines.map((line, i) => ({
        name: t(line.label, lang),
        color: PALETTE[LINES.indexOf(line)],
        ...(i === 0 && partial
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(120, 120, 120, 0.12)' },
                label: { position: 'insideTop', fontSize: 11, formatter: `${toDate} ${partial.lastDayCounted.slice(5)}` },
                data: [[{ xAxis: partial.month }, { xAxis: partial.month }]],
              },
            }
          : {}),
        type: 'line',
        yAxisIndex: line.axis,
        // A year end is a point of its own (between withheld years too); months are many, a line.
        showSymbol: data.byYear === true,
        // A suppressed month is a gap, not a zero.
        connectNulls: false,
        lineStyle: line.axis === 1 ? { width: 1 } : { width: 2 },
        data: rows.map((row) => valueOf(row, line)),
      })),
    };
    return { charts: [{ option, height: 420 }] };
  },
};
