import { BASE_OPTION, figureText, PALETTE, percentPoint, tooltip } from '../charts';
import { figureCell } from '../export';
import type { DashboardCoverageQuery, DashboardCoverageQueryVariables } from '../generated/operations';
import { formatInt, formatPercent, kindLabel, L, Lang, placeName, t } from '../i18n';
import type { Panel } from '../panel';
import query from '../queries/coverage.graphql';

type District = NonNullable<DashboardCoverageQuery['districts']>[number];

const T = {
  coverage: { zh: '服务站覆盖率', en: 'Communities with a service point' },
  permitRate: { zh: '居住证持有率', en: 'Holding a valid residence permit' },
  migrants: { zh: '登记流动人口', en: 'Registered migrants' },
  share: { zh: '比例', en: 'Share' },
  persons: { zh: '人数', en: 'Persons' },
  district: { zh: '区县', en: 'District' },
  kind: { zh: '类型', en: 'Kind' },
  year: { zh: '年份', en: 'Year' },
  servicePoints: { zh: '服务站数', en: 'Service points' },
};

const latest = (d: District) => d.rollout?.[d.rollout.length - 1];

const TITLE = { zh: '各区县覆盖情况', en: 'Coverage by district' };

export const coverage: Panel<DashboardCoverageQuery, DashboardCoverageQueryVariables> = {
  name: 'coverage',
  title: TITLE,
  query,
  // The latest year of the roll-out: this one.
  variables: () => ({ year: new Date().getFullYear() }),
  suppressible: true,
  asOf: (data) => data.districts?.find((d) => d.population)?.population?.asOf ?? null,
  table(data, lang) {
    return [
      {
        name: t(TITLE, lang),
        columns: [
          T.district,
          T.kind,
          T.year,
          T.servicePoints,
          { zh: '服务站覆盖率 (%)', en: 'Communities with a service point (%)' },
          { zh: '居住证持有率 (%)', en: 'Holding a valid residence permit (%)' },
          T.migrants,
        ].map((label) => t(label, lang)),
        rows: (data.districts ?? []).map((d) => {
          const year = latest(d);
          const p = d.population;
          return [
            placeName(d, lang),
            t(kindLabel(d.kind), lang),
            year?.year ?? null,
            year?.openedCumulative ?? null,
            percentPoint(year?.coverage),
            p?.permitRate !== null && p?.permitRate !== undefined ? percentPoint(p.permitRate) : figureCell(null, 'permitRate', p),
            figureCell(p?.registeredMigrants, 'registeredMigrants', p),
          ];
        }),
      },
    ];
  },
  draw(data, lang: Lang) {
    const districts = data.districts ?? [];
    const option = {
      ...BASE_OPTION,
      color: [PALETTE[0], PALETTE[1], PALETTE[3]],
      legend: { top: 0 },
      grid: { left: 50, right: 60, top: 60, bottom: 60 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const d = districts[params[0].dataIndex];
          const year = latest(d);
          const p = d.population;
          return tooltip(`${placeName(d, lang)} (${t(kindLabel(d.kind), lang)})`, [
            {
              color: PALETTE[0],
              name: t(T.coverage, lang),
              value: !year
                ? t(L.noValue, lang)
                : lang === 'zh'
                  ? `${formatPercent(year.coverage)}（${year.openedCumulative}个服务站，${year.year}年）`
                  : `${formatPercent(year.coverage)} (${year.openedCumulative} service points, ${year.year})`,
            },
            { color: PALETTE[1], name: t(T.permitRate, lang), value: figureText(p?.permitRate, 'permitRate', p, lang, formatPercent) },
            {
              color: PALETTE[3],
              name: t(T.migrants, lang),
              value: figureText(p?.registeredMigrants, 'registeredMigrants', p, lang, (v) => formatInt(v, lang)),
            },
          ]);
        },
      },
      xAxis: { type: 'category', data: districts.map((d) => placeName(d, lang)), axisLabel: { interval: 0, rotate: lang === 'en' ? 20 : 0 } },
      yAxis: [
        { type: 'value', name: `${t(T.share, lang)} (%)`, min: 0, max: 100 },
        { type: 'value', name: t(T.persons, lang), splitLine: { show: false } },
      ],
      series: [
        { name: t(T.coverage, lang), type: 'bar', data: districts.map((d) => percentPoint(latest(d)?.coverage)) },
        { name: t(T.permitRate, lang), type: 'bar', data: districts.map((d) => percentPoint(d.population?.permitRate)) },
        {
          name: t(T.migrants, lang),
          type: 'scatter',
          yAxisIndex: 1,
          symbolSize: 11,
          data: districts.map((d) => d.population?.registeredMigrants ?? null),
        },
      ],
    };
    return { charts: [{ option, height: 400 }] };
  },
};
