import { BASE_OPTION, figureText, PALETTE, percentPoint, tooltip } from '../charts';
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
};

export const coverage: Panel<DashboardCoverageQuery, DashboardCoverageQueryVariables> = {
  name: 'coverage',
  title: { zh: '各区县覆盖情况', en: 'Coverage by district' },
  query,
  // The latest year of the roll-out: this one.
  variables: () => ({ year: new Date().getFullYear() }),
  suppressible: true,
  draw(data, lang: Lang) {
    const districts = data.districts ?? [];
    const latest = (d: District) => d.rollout?.[d.rollout.length - 1];
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
