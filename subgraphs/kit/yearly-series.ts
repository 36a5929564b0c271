import type { FigureTable, IdentityTerm } from './figure-table';
import { cellOf, FIRST_MONTH, firstStreetMonth, monthsFrom } from './monthly-series';
import { placeAt } from './places';
import type { PublishedTable } from './published-table';
import type { YearlyFigures } from './released-figures';

/**
 * Flows by calendar year (年度), for figures whose months would be mostly withheld: a breakdown of a monthly flow too
 * fine to publish month by month (the relief granted to the migrants of one region of origin) is published by year,
 * the coarser period, with each year tied to the months of the whole that are published; and stocks at places too fine
 * for a monthly series (a community's registered migrants) at each year's end. The year of the cut-off is the year to
 * date. Cells are named `measure@Y2024`.
 */

export const FIRST_YEAR = Number(FIRST_MONTH.slice(0, 4));

/**
 * The first year of a community's series of year ends (public security's Community.populationByYear, civil affairs'
 * Community.casesByYear, human resources' Community.employmentByYear): since the plan began, as the districts' months. Fourteen year ends of every community cost
 * a release's protection seconds (README), not the minutes that streets' months since 2013 did, so no window is needed.
 */
export const FIRST_COMMUNITY_YEAR = FIRST_YEAR;

/** The table cell of a measure in a year. */
export const yearCellOf = (measure: string, year: number) => `${measure}@Y${year}`;

/** Every year from `first` (2013 by default) to the cut-off's. */
export function yearsUpTo(asOf: string, first = FIRST_YEAR): number[] {
  const years: number[] = [];
  for (let year = first; year <= Number(asOf.slice(0, 4)); year += 1) years.push(year);
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

/** A stock's records starting and ending in a calendar year at a place, as counted in SQL (changes up to the cut-off only). */
export interface YearlyChangeRow {
  place: string;
  measure: string;
  year: number;
  starts: number;
  ends: number;
}

/** A row of a bureau's series statement, whose grouping set by community and year fills `community` and `year`. */
export interface CommunityYearRow {
  community: string | null;
  year: number | null;
  measure: string;
  starts: number;
  ends: number;
}

/** The rows of the grouping set by community and year, as addYearEndCells takes them (the others are left out). */
export function communityYearChanges(rows: CommunityYearRow[]): YearlyChangeRow[] {
  return rows
    .filter((row) => row.community !== null)
    .map((row) => ({ place: row.community!, measure: row.measure, year: row.year!, starts: row.starts, ends: row.ends }));
}

/** The month of the monthly series whose stock is a year's end: December, or the cut-off's month for the year to date. */
export const yearEndMonth = (year: number, asOf: string) => (year === Number(asOf.slice(0, 4)) ? asOf.slice(0, 7) : `${year}-12`);

/**
 * Adds stocks at each year's end (年末), from `first` to the cut-off's year (its end the cut-off), at communities, for
 * which a month-by-month series would be mostly withheld: a community's count as `measure@Y2024` at the community only
 * (not summed upwards), a 0 where it held none. A year's end is December's end, so the communities' year ends add up
 * to the December stock of the place whose monthly series holds that month (addMonthlyCells): their street's from
 * firstStreetMonth on where the bureau publishes streets' months of the measures (`streetSeries`), their district's
 * otherwise. An analyst who reads both knows it, so it is declared. `rows` hold every change up to the cut-off, those
 * before `first` included. Returns the communities.
 */
export function addYearEndCells(
  table: FigureTable,
  rows: YearlyChangeRow[],
  measures: string[],
  asOf: string,
  { first, streetSeries }: { first: number; streetSeries: boolean },
): string[] {
  const communities = [...new Set(rows.map((row) => row.place))].sort();
  const years = yearsUpTo(asOf, first);
  const streetsFrom = streetSeries ? firstStreetMonth(asOf) : null;
  for (const measure of measures) {
    const changes = new Map<string, YearlyChangeRow[]>(communities.map((community) => [community, []]));
    for (const row of rows) if (row.measure === measure) changes.get(row.place)!.push(row);
    for (const [community, ofCommunity] of changes) {
      for (const year of years) {
        const held = ofCommunity.reduce((sum, row) => (Number(row.year) <= year ? sum + row.starts - row.ends : sum), 0);
        table.addHere(community, yearCellOf(measure, year), held);
      }
    }
    for (const year of years) {
      const month = yearEndMonth(year, asOf);
      const inSeriesOf = new Map<string, IdentityTerm[]>();
      for (const community of communities) {
        const place = placeAt(community, streetsFrom !== null && month >= streetsFrom ? 'STREET' : 'DISTRICT');
        const terms = inSeriesOf.get(place) ?? inSeriesOf.set(place, [[place, cellOf(measure, month), -1]]).get(place)!;
        terms.push([community, yearCellOf(measure, year), 1]);
      }
      for (const terms of inSeriesOf.values()) table.identity(terms);
    }
  }
  return communities;
}

/**
 * Declares that a stock published on the cut-off day and its end of the year to date (addYearEndCells) are one number
 * at `places`: an analyst who reads both knows it.
 */
export function sameAsYearToDate(table: FigureTable, places: string[], measure: string, stock: string, asOf: string): void {
  for (const place of places)
    table.identity([
      [place, measure, 1],
      [place, yearCellOf(stock, Number(asOf.slice(0, 4))), -1],
    ]);
}

/**
 * A place's figures year by year as the graph gives them, from `first` (2013 by default): for each year, the fields
 * (null where withheld), `suppressed`, and whether it is the year to date. A field reads the measure `measureOf` gives
 * it, else the one of its name.
 */
export function yearByYear<F extends string>(
  table: PublishedTable,
  place: string,
  fields: readonly F[],
  measureOf: Partial<Record<F, string>> = {},
  first = FIRST_YEAR,
) {
  return yearsUpTo(table.asOf, first).map((year) => {
    const cells = Object.fromEntries(fields.map((field) => [field, yearCellOf(measureOf[field] ?? field, year)])) as Record<F, string>;
    return { ...yearCounted(year, table.asOf), ...table.record(place, cells) };
  });
}
