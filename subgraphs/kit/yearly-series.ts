import type { FigureTable, IdentityTerm } from './figure-table';
import { FIRST_MONTH, monthsFrom } from './monthly-series';
import type { PublishedTable } from './published-table';
import type { YearlyFigures } from './released-figures';

/**
 * Flows by calendar year (年度), for figures whose months would be mostly withheld: a breakdown of a monthly flow too
 * fine to publish month by month (the relief granted to the migrants of one region of origin) is published by year,
 * the coarser period, with each year tied to the months of the whole that are published. The year of the cut-off is
 * the year to date. Cells are named `measure@Y2024`.
 */

const FIRST_YEAR = Number(FIRST_MONTH.slice(0, 4));

/** The table cell of a measure in a year. */
export const yearCellOf = (measure: string, year: number) => `${measure}@Y${year}`;

/** Every year from 2013 to the cut-off's. */
export function yearsUpTo(asOf: string): number[] {
  const years: number[] = [];
  for (let year = FIRST_YEAR; year <= Number(asOf.slice(0, 4)); year += 1) years.push(year);
  return years;
}

/** The year's `partial` and `lastDayCounted` in a release cut off on `asOf`. */
export function yearCounted(year: number, asOf: string): Pick<YearlyFigures, 'year' | 'partial' | 'lastDayCounted'> {
  const lastDay = `${year}-12-31`;
  return lastDay <= asOf ? { year, partial: false, lastDayCounted: lastDay } : { year, partial: true, lastDayCounted: asOf };
}

/** One flow's count in a year at a place, as counted in SQL (events up to the cut-off only). */
export interface YearlyFlowRow {
  measure: string;
  year: number;
  count: number;
}

/** Adds each measure's flow year by year from 2013 to the cut-off's at `place`, a zero where nothing happened. */
export function addYearlyCells(table: FigureTable, place: string, measures: string[], rows: YearlyFlowRow[], asOf: string): void {
  const counts = new Map(rows.map((row) => [yearCellOf(row.measure, Number(row.year)), Number(row.count)]));
  for (const measure of measures) for (const year of yearsUpTo(asOf)) table.add(place, yearCellOf(measure, year), counts.get(yearCellOf(measure, year)) ?? 0);
}

/**
 * Declares, for each year at `place`, that the yearly parts add up to the months of a monthly flow of that year
 * (`monthly@YYYY-MM`, see addMonthlyCells): Σ part@Y = Σ monthly@m — the regions of origin's relief granted in a year
 * are the city's relief granted in its months. An analyst who reads both knows it, so protection must.
 */
export function yearsAddUpToMonths(table: FigureTable, place: string, parts: string[], monthly: string, asOf: string): void {
  const months = monthsFrom(FIRST_MONTH, asOf.slice(0, 7));
  for (const year of yearsUpTo(asOf)) {
    table.identity([
      ...parts.map((part): IdentityTerm => [place, yearCellOf(part, year), 1]),
      ...months.filter((month) => month.startsWith(`${year}-`)).map((month): IdentityTerm => [place, `${monthly}@${month}`, -1]),
    ]);
  }
}

/**
 * A place's flows year by year as the graph gives them: for each year, the fields (null where withheld), `suppressed`,
 * and whether it is the year to date. A field reads the measure `measureOf` gives it, else the one of its name.
 */
export function yearByYear<F extends string>(table: PublishedTable, place: string, fields: readonly F[], measureOf: Partial<Record<F, string>> = {}) {
  return yearsUpTo(table.asOf).map((year) => {
    const cells = Object.fromEntries(fields.map((field) => [field, yearCellOf(measureOf[field] ?? field, year)])) as Record<F, string>;
    return { ...yearCounted(year, table.asOf), ...table.record(place, cells) };
  });
}
