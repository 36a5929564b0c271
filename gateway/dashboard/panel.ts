import type { ChartOption } from './charts';
import type { ExportTable } from './export';
import type { Label, Lang } from './i18n';
import type { MonthRange } from './range';

/** One chart of a panel: its ECharts option (rebuilt for each language) and its height in pixels. */
export interface ChartSpec {
  option: ChartOption;
  height: number;
}

/** What a panel draws from its data: charts, or a table (spending) with its number of data rows. */
export type Drawing = { charts: ChartSpec[] } | { table: HTMLElement; rows: number };

/**
 * A panel of the dashboard: one named GraphQL operation (from queries/<name>.graphql) and how to draw its result.
 * `Data` and `Variables` are the operation's result and variables types, generated from the query by `npm run codegen`
 * (generated/operations.ts). `draw` is called again with the same data when the language changes.
 */
export interface Panel<Data = any, Variables extends Record<string, unknown> = Record<string, unknown>> {
  /** The `data-panel` name, also the query file's name. */
  name: string;
  /** The heading; a function of the time range for a panel that takes one. */
  title: Label | ((range: MonthRange) => Label);
  query: string;
  /** The operation's variables; `range` is the page's time range (only a `ranged` panel uses it). */
  variables?: (range: MonthRange) => Variables;
  /** Whether the panel follows the page's time range (reloaded when it changes, its range in its files). */
  ranged?: boolean;
  /** Whether the panel shows person counts, which the gateway suppresses below 10 (adds the footnote). */
  suppressible: boolean;
  /** Wide panels span the whole row. */
  wide?: boolean;
  draw(data: Data, lang: Lang): Drawing;
  /** The data it draws, as tables for the CSV and XLSX files (export.ts): the same rows and values, in `lang`. */
  table(data: Data, lang: Lang): ExportTable[];
  /** The cut-off of the release its figures come from (a record's `asOf`), or null when they are not from one. */
  asOf(data: Data): string | null;
}
