import { BASE_OPTION, figureText, PALETTE, tooltip } from '../charts';
import { figureCell } from '../../reports/tables';
import type { DashboardOriginsDistrictQuery, DashboardOriginsQuery } from '../generated/operations';
import { formatInt, Label, Lang, Named, placeName, t } from '../i18n';
import type { Panel } from '../panel';
import districtQuery from '../queries/origins-district.graphql';
import query from '../queries/origins.graphql';

type OriginFigures = NonNullable<NonNullable<DashboardOriginsQuery['statistics']>['populationByOrigin']>[number];
type District = NonNullable<DashboardOriginsQuery['districts']>[number];

/** Ethnic groups drawn one by one (the largest in the city); the rest are summed as "other". */
const LARGEST_GROUPS = 5;

const T = {
  byOrigin: { zh: '按来源地（全市）', en: 'By region of origin (whole city)' },
  byOriginDistrict: { zh: '按来源地（本区县）', en: 'By region of origin (this district)' },
  byEthnicity: { zh: '按民族（各区县）', en: 'By ethnic group (each district)' },
  byEthnicityDistrict: { zh: '按民族（本区县）', en: 'By ethnic group (this district)' },
  migrants: { zh: '登记流动人口', en: 'Registered migrants' },
  permits: { zh: '有效居住证', en: 'Valid residence permits' },
  other: { zh: '其他民族', en: 'Other groups' },
  otherNote: { zh: '（不含不公开的数）', en: '(without suppressed counts)' },
  persons: { zh: '人数', en: 'Persons' },
  region: { zh: '来源地', en: 'Region of origin' },
  district: { zh: '区县', en: 'District' },
};

const titleStyle = { left: 0, top: 0, textStyle: { fontSize: 14 } };

function originsChart(origins: OriginFigures[], title: Label, lang: Lang) {
  // Largest first from the top; suppressed regions (null) last, still named so the gap is visible.
  const rows = [...origins].sort((a, b) => (b.registeredMigrants ?? -1) - (a.registeredMigrants ?? -1)).reverse();
  const option = {
    ...BASE_OPTION,
    color: [PALETTE[0], PALETTE[1]],
    title: { text: t(title, lang), ...titleStyle },
    legend: { top: 0, right: 0 },
    grid: { left: 10, right: 30, top: 40, bottom: 36, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const row = rows[params[0].dataIndex];
        const format = (v: number) => formatInt(v, lang);
        return tooltip(placeName(row.region, lang), [
          { color: PALETTE[0], name: t(T.migrants, lang), value: figureText(row.registeredMigrants, 'registeredMigrants', row, lang, format) },
          { color: PALETTE[1], name: t(T.permits, lang), value: figureText(row.validPermits, 'validPermits', row, lang, format) },
        ]);
      },
    },
    xAxis: { type: 'value', name: t(T.persons, lang), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: rows.map((row) => placeName(row.region, lang)), axisLabel: { interval: 0 } },
    series: [
      { name: t(T.migrants, lang), type: 'bar', data: rows.map((row) => row.registeredMigrants) },
      { name: t(T.permits, lang), type: 'bar', data: rows.map((row) => row.validPermits) },
    ],
  };
  return { option, height: Math.max(260, 60 + rows.length * 26) };
}

/** The city's largest groups drawn one by one, and each district's count of the others (published counts only). */
function ethnicGroups(districts: District[]) {
  // The city's largest groups, by the published (unsuppressed) counts.
  const totals = new Map<string, { ethnicity: Named; count: number }>();
  for (const district of districts) {
    for (const row of district.populationByEthnicity ?? []) {
      const entry = totals.get(row.ethnicity.code) ?? { ethnicity: row.ethnicity, count: 0 };
      entry.count += row.registeredMigrants ?? 0;
      totals.set(row.ethnicity.code, entry);
    }
  }
  const largest = [...totals.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, LARGEST_GROUPS);
  const largestCodes = new Set(largest.map(([code]) => code));
  const find = (district: District, code: string) => district.populationByEthnicity?.find((row) => row.ethnicity.code === code);
  // "Other" sums only published counts: adding suppressed groups back in (e.g. total minus the rest) would reveal them.
  const other = (district: District) => {
    const rows = (district.populationByEthnicity ?? []).filter((row) => !largestCodes.has(row.ethnicity.code));
    return rows.some((row) => row.registeredMigrants !== null) ? rows.reduce((sum, row) => sum + (row.registeredMigrants ?? 0), 0) : null;
  };
  return { largest, find, other };
}

function ethnicityChart(districts: District[], inDistrict: boolean, lang: Lang) {
  const { largest, find, other } = ethnicGroups(districts);
  const otherLabel = `${t(T.other, lang)} ${t(T.otherNote, lang)}`;
  const option = {
    ...BASE_OPTION,
    color: PALETTE,
    title: { text: t(inDistrict ? T.byEthnicityDistrict : T.byEthnicity, lang), ...titleStyle },
    legend: { top: 24 },
    grid: { left: 10, right: 30, top: 80, bottom: 36, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const district = districts[params[0].dataIndex];
        const format = (v: number) => formatInt(v, lang);
        return tooltip(placeName(district, lang), [
          ...largest.map(([code, { ethnicity }], i) => {
            const row = find(district, code);
            return { color: PALETTE[i], name: placeName(ethnicity, lang), value: figureText(row?.registeredMigrants, 'registeredMigrants', row, lang, format) };
          }),
          { color: PALETTE[largest.length], name: otherLabel, value: figureText(other(district), 'registeredMigrants', null, lang, format) },
        ]);
      },
    },
    xAxis: { type: 'value', name: t(T.persons, lang), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: districts.map((d) => placeName(d, lang)), inverse: true },
    series: [
      ...largest.map(([code, { ethnicity }]) => ({
        name: placeName(ethnicity, lang),
        type: 'bar',
        stack: 'ethnicity',
        data: districts.map((district) => find(district, code)?.registeredMigrants ?? null),
      })),
      { name: otherLabel, type: 'bar', stack: 'ethnicity', data: districts.map(other) },
    ],
  };
  // At the city, a click on a district's bar drills into it.
  return { option, height: 120 + districts.length * 40, drill: inDistrict ? [] : districts.map((d) => d.code) };
}

/** The panel's data: the city's (or one district's) origins, and the ethnic groups of each district shown. */
type OriginsData = DashboardOriginsQuery & { inDistrict?: boolean };

export const origins: Panel<OriginsData> = {
  name: 'origins',
  title: { zh: '来源地与民族', en: 'Origins and ethnic groups' },
  levels: {
    city: { file: 'origins', query },
    // One district: its origins, and its ethnic groups as the one district shown.
    district: {
      file: 'origins-district',
      query: districtQuery,
      variables: (_range, place) => ({ district: place.district }),
      data: ({ district }: DashboardOriginsDistrictQuery): OriginsData => ({
        statistics: district ? { populationByOrigin: district.populationByOrigin } : null,
        districts: district ? [district] : [],
        inDistrict: true,
      }),
    },
  },
  unpublished: {
    zh: '来源地与民族只按全市和区县公布。',
    en: 'Origins and ethnic groups are published for the city and the districts only.',
  },
  suppressible: true,
  wide: true,
  asOf: (data) => data.statistics?.populationByOrigin?.[0]?.asOf ?? null,
  table(data, lang) {
    const origins = data.statistics?.populationByOrigin ?? [];
    const districts = data.districts ?? [];
    const { largest, find, other } = ethnicGroups(districts);
    return [
      {
        name: t(data.inDistrict ? T.byOriginDistrict : T.byOrigin, lang),
        columns: [T.region, T.migrants, T.permits].map((label) => t(label, lang)),
        rows: origins.map((row) => [
          placeName(row.region, lang),
          figureCell(row.registeredMigrants, 'registeredMigrants', row),
          figureCell(row.validPermits, 'validPermits', row),
        ]),
      },
      {
        name: t(data.inDistrict ? T.byEthnicityDistrict : T.byEthnicity, lang),
        columns: [t(T.district, lang), ...largest.map(([, { ethnicity }]) => placeName(ethnicity, lang)), `${t(T.other, lang)} ${t(T.otherNote, lang)}`],
        rows: districts.map((district) => [
          placeName(district, lang),
          ...largest.map(([code]) => {
            const row = find(district, code);
            return figureCell(row?.registeredMigrants, 'registeredMigrants', row);
          }),
          other(district),
        ]),
      },
    ];
  },
  draw(data, lang: Lang) {
    return {
      charts: [
        originsChart(data.statistics?.populationByOrigin ?? [], data.inDistrict ? T.byOriginDistrict : T.byOrigin, lang),
        ethnicityChart(data.districts ?? [], data.inDistrict ?? false, lang),
      ],
    };
  },
};
