import { BASE_OPTION, figureText, PALETTE, percentPoint, tooltip } from '../charts';
import { Cell, figureCell } from '../../reports/tables';
import type { DashboardVaccinationQuery, VaccinationFiguresFragment } from '../generated/operations';
import { formatInt, formatPercent, kindLabel, Lang, placeName, t } from '../i18n';
import { Narrowable, narrowedToDistrict, Panel } from '../panel';
import query from '../queries/vaccination.graphql';

const T = {
  upToDate: { zh: '按时完成接种', en: 'Up to date' },
  behind: { zh: '逾期未种', en: 'Behind schedule' },
  rate: { zh: '接种率', en: 'Coverage' },
  children: { zh: '0–6岁登记儿童', en: 'Registered children aged 0–6' },
  city: { zh: '全市', en: 'City' },
  asOf: { zh: '截至', en: 'as of' },
  district: { zh: '区县', en: 'District' },
};

/** A row of the file: the place, its children, up to date, behind, and the rate in percent. */
function figureRow(place: string, f: VaccinationFiguresFragment | null | undefined): Cell[] {
  const rate = f?.coverageRate;
  return [
    place,
    figureCell(f?.children, 'children', f),
    figureCell(f?.upToDate, 'upToDate', f),
    figureCell(f?.behindSchedule, 'behindSchedule', f),
    rate !== null && rate !== undefined ? percentPoint(rate) : figureCell(null, 'coverageRate', f),
  ];
}

/** The city's coverage as the chart's subtitle: the rate and the children counted, as of the release. */
function citySummary(city: VaccinationFiguresFragment | null | undefined, lang: Lang): string {
  if (!city) return '';
  const rate = figureText(city.coverageRate, 'coverageRate', city, lang, formatPercent);
  const children = figureText(city.children, 'children', city, lang, (v) => formatInt(v, lang));
  return `${t(T.city, lang)} ${t(T.rate, lang)} ${rate} · ${t(T.children, lang)} ${children} · ${t(T.asOf, lang)} ${city.asOf}`;
}

const TITLE = { zh: '流动儿童预防接种', en: "Vaccination of migrants' children" };

export const vaccination: Panel<Narrowable<DashboardVaccinationQuery>> = {
  name: 'vaccination',
  title: TITLE,
  levels: { city: { file: 'vaccination', query }, district: narrowedToDistrict({ file: 'vaccination', query }) },
  unpublished: { zh: '预防接种情况只按全市和区县公布。', en: 'Vaccination is published for the city and the districts only.' },
  suppressible: true,
  asOf: (data) => data.statistics?.vaccinationCoverage?.asOf ?? null,
  table(data, lang) {
    return [
      {
        name: t(TITLE, lang),
        columns: [T.district, T.children, T.upToDate, T.behind, { zh: '接种率 (%)', en: 'Coverage (%)' }].map((label) => t(label, lang)),
        rows: [
          ...(data.districts ?? []).map((d) => figureRow(placeName(d, lang), d.vaccinationCoverage)),
          figureRow(t(T.city, lang), data.statistics?.vaccinationCoverage),
        ],
      },
    ];
  },
  draw(data, lang: Lang) {
    const districts = data.districts ?? [];
    const figures = districts.map((d) => d.vaccinationCoverage);
    const option = {
      ...BASE_OPTION,
      color: [PALETTE[4], PALETTE[1], PALETTE[3], PALETTE[0]],
      title: { subtext: citySummary(data.statistics?.vaccinationCoverage, lang), left: 'center', top: 18 },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 70, bottom: 60 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const d = districts[params[0].dataIndex];
          const f = d.vaccinationCoverage;
          const count = (v: number) => formatInt(v, lang);
          return tooltip(`${placeName(d, lang)} (${t(kindLabel(d.kind), lang)})`, [
            { color: PALETTE[4], name: t(T.children, lang), value: figureText(f?.children, 'children', f, lang, count) },
            { color: PALETTE[1], name: t(T.upToDate, lang), value: figureText(f?.upToDate, 'upToDate', f, lang, count) },
            { color: PALETTE[3], name: t(T.behind, lang), value: figureText(f?.behindSchedule, 'behindSchedule', f, lang, count) },
            { color: PALETTE[0], name: t(T.rate, lang), value: figureText(f?.coverageRate, 'coverageRate', f, lang, formatPercent) },
          ]);
        },
      },
      xAxis: { type: 'category', data: districts.map((d) => placeName(d, lang)), axisLabel: { interval: 0, rotate: lang === 'en' ? 20 : 0 } },
      yAxis: [
        { type: 'value', name: t(T.children, lang) },
        { type: 'value', name: `${t(T.rate, lang)} (%)`, min: 0, max: 100, splitLine: { show: false } },
      ],
      // Side by side, not stacked: a withheld part would make a stack lie about the whole.
      series: [
        { name: t(T.children, lang), type: 'bar', data: figures.map((f) => f?.children ?? null) },
        { name: t(T.upToDate, lang), type: 'bar', data: figures.map((f) => f?.upToDate ?? null) },
        { name: t(T.behind, lang), type: 'bar', data: figures.map((f) => f?.behindSchedule ?? null) },
        { name: t(T.rate, lang), type: 'line', yAxisIndex: 1, symbolSize: 8, data: figures.map((f) => percentPoint(f?.coverageRate)) },
      ],
    };
    // At the city, a click on a district's column drills into it.
    return { charts: [{ option, height: 400, drill: data.narrowed ? [] : districts.map((d) => d.code) }] };
  },
};
