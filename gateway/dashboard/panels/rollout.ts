import { BASE_OPTION, PALETTE, percentPoint, tooltip } from '../charts';
import type { DashboardRolloutQuery } from '../generated/operations';
import { formatPercent, L, Lang, placeName, t } from '../i18n';
import { narrowedToDistrict, Panel } from '../panel';
import query from '../queries/rollout.graphql';

type District = NonNullable<DashboardRolloutQuery['districts']>[number];

const T = {
  coverage: { zh: '覆盖率', en: 'coverage' },
  target: { zh: '规划目标', en: 'plan target' },
  targetLine: { zh: '规划目标', en: 'Plan target' },
  axis: { zh: '有服务站的社区比例 (%)', en: 'Communities with a service point (%)' },
  legendNote: { zh: '实线：实际覆盖率；虚线：规划目标；红圈：未达目标', en: 'Solid: coverage; dashed: the plan’s target; red ring: below target' },
  open: { zh: '已建', en: 'open' },
  planned: { zh: '规划', en: 'planned' },
  below: { zh: '未达目标', en: 'below target' },
  met: { zh: '达标', en: 'on target' },
  district: { zh: '区县', en: 'District' },
  year: { zh: '年份', en: 'Year' },
  openedCumulative: { zh: '已建服务站（累计）', en: 'Service points open (cumulative)' },
  plannedCumulative: { zh: '规划服务站（累计）', en: 'Service points planned (cumulative)' },
  coveragePercent: { zh: '覆盖率 (%)', en: 'Coverage (%)' },
  targetPercent: { zh: '规划目标 (%)', en: 'Plan target (%)' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
};

const BELOW_TARGET = '#d62728';
type RolloutYear = NonNullable<District['rollout']>[number];
// Below target means fewer points opened than planned: the graph's onTarget compares rounded shares, which marks
// districts that opened exactly what was planned (51 of 51). Without a planned count, onTarget is all there is.
export const belowTarget = (y: RolloutYear) => (y.plannedCumulative !== null ? y.openedCumulative < y.plannedCumulative : y.onTarget === false);

const TITLE = { zh: '服务站建设进度与规划目标', en: 'Roll-out against the plan' };

export const rollout: Panel<DashboardRolloutQuery> = {
  name: 'rollout',
  title: TITLE,
  levels: { city: { file: 'rollout', query }, district: narrowedToDistrict({ file: 'rollout', query }) },
  unpublished: { zh: '服务站建设进度只按区县公布。', en: 'The roll-out of service points is published per district only.' },
  suppressible: false,
  // Service points are the civil affairs bureau's register, not a statistics release.
  asOf: () => null,
  table(data, lang) {
    const columns = [T.district, T.year, T.openedCumulative, T.plannedCumulative, T.coveragePercent, T.targetPercent, T.below];
    return [
      {
        name: t(TITLE, lang),
        columns: columns.map((label) => t(label, lang)),
        rows: (data.districts ?? []).flatMap((d) =>
          (d.rollout ?? []).map((y) => [
            placeName(d, lang),
            y.year,
            y.openedCumulative,
            y.plannedCumulative,
            percentPoint(y.coverage),
            percentPoint(y.targetShare),
            y.plannedCumulative === null && y.onTarget === null ? null : t(belowTarget(y) ? T.yes : T.no, lang),
          ]),
        ),
      },
    ];
  },
  draw(data, lang: Lang) {
    const districts = data.districts ?? [];
    const years = [...new Set(districts.flatMap((d) => (d.rollout ?? []).map((y) => y.year)))].sort((a, b) => a - b);
    const yearOf = (d: District, year: number) => d.rollout?.find((y) => y.year === year);
    const target = (d: District, year: number) => percentPoint(yearOf(d, year)?.targetShare ?? null);
    // The plan sets the same target for every district that has one in a year: then one grey dashed line says it.
    const sharedTarget = years.every((year) => new Set(districts.map((d) => target(d, year)).filter((v) => v !== null)).size <= 1);
    const targetName = t(T.targetLine, lang);
    // Each district has one colour, and one legend entry for its coverage and (when targets differ) its own target.
    const series: Record<string, unknown>[] = districts.flatMap((d, i) => {
      const color = PALETTE[i % PALETTE.length];
      const name = placeName(d, lang);
      const lines: Record<string, unknown>[] = [
        {
          name,
          type: 'line',
          itemStyle: { color },
          lineStyle: { color, width: 2 },
          symbolSize: 7,
          data: years.map((year) => {
            const y = yearOf(d, year);
            if (!y) return null;
            // A year below the plan's target is drawn as a red ring.
            return belowTarget(y)
              ? { value: percentPoint(y.coverage), symbol: 'circle', symbolSize: 12, itemStyle: { color: '#fff', borderColor: BELOW_TARGET, borderWidth: 3 } }
              : percentPoint(y.coverage);
          }),
        },
      ];
      if (!sharedTarget) {
        lines.push({
          name,
          type: 'line',
          itemStyle: { color },
          symbol: 'none',
          lineStyle: { color, type: 'dashed', width: 1.5, opacity: 0.8 },
          data: years.map((year) => target(d, year)),
        });
      }
      return lines;
    });
    if (sharedTarget) {
      series.push({
        name: targetName,
        type: 'line',
        itemStyle: { color: '#333' },
        lineStyle: { color: '#333', type: 'dashed', width: 2 },
        symbol: 'diamond',
        symbolSize: 9,
        // Above the districts' lines, which follow it closely.
        z: 3,
        data: years.map((year) => districts.map((d) => target(d, year)).find((v) => v !== null) ?? null),
      });
    }
    const option = {
      ...BASE_OPTION,
      legend: { top: 0, data: [...districts.map((d) => placeName(d, lang)), ...(sharedTarget ? [targetName] : [])] },
      title: { text: t(T.legendNote, lang), bottom: 0, left: 'center', textStyle: { fontSize: 12, fontWeight: 'normal', color: '#666' } },
      grid: { left: 50, right: 30, top: 80, bottom: 50 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number }[]) => {
          const year = years[params[0].dataIndex];
          return tooltip(
            String(year),
            districts.map((d, i) => {
              const y = yearOf(d, year);
              let value = t(L.noValue, lang);
              if (y) {
                const counts = `${y.openedCumulative}${y.plannedCumulative !== null ? ` / ${t(T.planned, lang)} ${y.plannedCumulative}` : ''}`;
                const target =
                  y.targetShare !== null ? ` · ${t(T.target, lang)} ${formatPercent(y.targetShare)} ${belowTarget(y) ? `✗ ${t(T.below, lang)}` : '✓'}` : '';
                value = `${formatPercent(y.coverage)} (${t(T.open, lang)} ${counts})${target}`;
              }
              return { color: PALETTE[i % PALETTE.length], name: placeName(d, lang), value };
            }),
          );
        },
      },
      xAxis: { type: 'category', data: years.map(String), boundaryGap: false },
      yAxis: { type: 'value', name: t(T.axis, lang), min: 0, max: 100, nameTextStyle: { align: 'left' } },
      series,
    };
    return { charts: [{ option, height: 400 }] };
  },
};
