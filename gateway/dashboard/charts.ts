/**
 * ECharts, only the parts the panels use (tree-shaken by esbuild): bar, line and scatter charts, their axes, tooltip,
 * legend and zoom slider, drawn on canvas. Plus the helpers every panel shares: suppressed figures and tooltips.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { L, Lang, t } from './i18n';
import type { Suppressible } from '../reports/tables';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

/** The colours of the series, in order (ECharts' default palette, named so a panel can pair two series). */
export const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];

/** The text of a figure in a tooltip or table: the number, "suppressed (<10)", or "n/a" when there is none. */
export function figureText(
  value: number | null | undefined,
  field: string,
  record: Suppressible | null | undefined,
  lang: Lang,
  format: (v: number) => string,
): string {
  if (value !== null && value !== undefined) return format(value);
  return record?.suppressed.includes(field) ? t(L.suppressed, lang) : t(L.noValue, lang);
}

/**
 * A tooltip: a heading and one row per series (colour dot, name, value), built as DOM nodes (ECharts accepts an
 * element from a formatter): no HTML string to escape, and no inline style attribute for the page's CSP to refuse.
 */
export function tooltip(heading: string, rows: { color?: string; name: string; value: string }[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tip';
  const title = document.createElement('strong');
  title.textContent = heading;
  const table = document.createElement('table');
  for (const row of rows) {
    const tr = table.insertRow();
    const name = tr.insertCell();
    if (row.color) {
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = row.color;
      name.append(dot);
    }
    name.append(row.name);
    const value = tr.insertCell();
    value.className = 'num';
    value.textContent = row.value;
  }
  box.append(title, table);
  return box;
}

/** A share 0–1 as a percentage with one decimal, for a chart's axis (a missing share stays a gap). */
export function percentPoint(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : Math.round(share * 1000) / 10;
}

/** Non-null values a chart actually holds, read back from ECharts (what the page and its test count as drawn). */
export function drawnPoints(chart: echarts.ECharts): number {
  const series = (chart.getOption() as { series?: { data?: unknown[] }[] }).series ?? [];
  let points = 0;
  for (const s of series) {
    for (const item of s.data ?? []) {
      const value = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as { value?: unknown }).value : item;
      if (value !== null && value !== undefined && value !== '-' && !(typeof value === 'number' && Number.isNaN(value))) points += 1;
    }
  }
  return points;
}

/**
 * Points drawn with a style of their own (e.g. the roll-out's red rings below target), as "series@category", and
 * shaded ranges (the month to date), as "label@category",
 * read back from ECharts so that a test checks what is on screen.
 */
export function markedPoints(chart: echarts.ECharts): string[] {
  const option = chart.getOption() as {
    series?: { name?: string; data?: unknown[]; markArea?: { label?: { formatter?: unknown }; data?: { xAxis?: unknown }[][] } }[];
    xAxis?: { data?: unknown[] }[];
  };
  const categories = option.xAxis?.[0]?.data ?? [];
  return (option.series ?? []).flatMap((s) => [
    ...(s.data ?? []).flatMap((item, i) =>
      item !== null && typeof item === 'object' && !Array.isArray(item) && 'itemStyle' in item ? [`${s.name}@${String(categories[i])}`] : [],
    ),
    // A shaded range of categories, as "label@first category".
    ...(s.markArea?.data ?? []).map(([start]) => `${String(s.markArea?.label?.formatter ?? '')}@${String(start?.xAxis)}`),
  ]);
}

/** The page's fonts (system fonts only: nothing is loaded from another host). */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

/** Options every chart shares: the font of the page and a short animation. */
export const BASE_OPTION = {
  textStyle: { fontFamily: FONT_FAMILY },
  animationDuration: 400,
  animationDurationUpdate: 300,
};
