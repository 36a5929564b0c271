import type { ChartOption } from './charts';
import type { ExportTable } from './export';
import type { Label, Lang } from './i18n';
import type { Level, Place } from './place';
import type { MonthRange } from './range';

/**
 * One chart of a panel: its ECharts option (rebuilt for each language) and its height in pixels. `drill` gives, for
 * each category of its category axis (x, or y for horizontal bars), the code of the place one level down it stands
 * for: a click on it drills there.
 */
export interface ChartSpec {
  option: ChartOption;
  height: number;
  drill?: string[];
}

/** What a panel draws from its data: charts, or a table (spending) with its number of data rows. */
export type Drawing = { charts: ChartSpec[] } | { table: HTMLElement; rows: number };

/**
 * The operation a panel sends at one level (a file of queries/), its variables from the time range and the place,
 * and how its answer becomes the panel's data (the same shape at every level, so that one drawing serves all).
 */
export interface LevelQuery<Data> {
  /** The file's name in queries/, without ".graphql". */
  file: string;
  query: string;
  variables?: (range: MonthRange, place: Place) => Record<string, unknown>;
  /** The panel's data from the answer (absent: the answer is the data). */
  data?: (answer: any, place: Place) => Data;
  /** Set where the operation gives its whole span whatever the time range (a community's year ends): the range does not apply there. */
  wholeSpan?: boolean;
}

/**
 * A panel of the dashboard: a named GraphQL operation per level of place (from queries/<file>.graphql) and how to draw its result.
 * `Data` and `Variables` are the operation's result and variables types, generated from the query by `npm run codegen`
 * (generated/operations.ts). `draw` is called again with the same data when the language changes.
 */
export interface Panel<Data = any, Variables extends Record<string, unknown> = Record<string, unknown>> {
  /** The `data-panel` name, also the query file's name. */
  name: string;
  /** The heading; a function of the time range and the level of the place for a panel whose heading follows them. */
  title: Label | ((range: MonthRange, level: Level) => Label);
  /**
   * The operation at each level where the graph publishes the panel's figures. At a level without one the panel
   * draws nothing and says `unpublished` (e.g. monthly series exist for the city and districts only).
   */
  levels: { city: LevelQuery<Data> & { variables?: (range: MonthRange, place: Place) => Variables } } & Partial<
    Record<Exclude<Level, 'city'>, LevelQuery<Data>>
  >;
  /** What the panel says at a level without an operation. */
  unpublished?: Label;
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

/** A panel's data narrowed to one district: `narrowed` says so, so that the drawing does not offer to drill into it. */
export type Narrowable<Data> = Data & { narrowed?: boolean };

/**
 * The city's operation of a panel whose figures are published per district only (roll-out, spending, vaccination),
 * used at a district: the same answer, narrowed to the chosen district.
 */
export function narrowedToDistrict<Data extends { districts: { code: string }[] | null }>(city: LevelQuery<Data>): LevelQuery<Narrowable<Data>> {
  return {
    ...city,
    data: (answer: Data, place) => ({ ...answer, districts: (answer.districts ?? []).filter((d) => d.code === place.district), narrowed: true }),
  };
}
