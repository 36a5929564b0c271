import { Arg } from 'type-graphql';
import { addDays, addMonths } from './dates';
import { UserInputError } from './errors';
import type { FigureTable, IdentityTerm } from './figure-table';
import { coarserLevels, type PlaceLevel, placeLevel, placesContaining } from './places';
import type { PublishedTable } from './published-table';
import type { MonthlyFigures } from './released-figures';

/**
 * Monthly statistics (月度统计) since the plan began in 2013, up to the month of the latest release (see releases.ts).
 * Stocks are counted on the last day of each month (of the release's month, on its cut-off: the month to date) (a record counts when it started on or before that day and its
 * end date, the last day it held, is not before it); flows are what started in the month. A record's end is thus a
 * change of the month of the day after its end date.
 */

export const FIRST_MONTH = '2013-01';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Every month from `from` to `to`, both included ("YYYY-MM"). */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(`${month}-01`, 1).slice(0, 7)) months.push(month);
  return months;
}

/**
 * Checks a requested range: months written "YYYY-MM", from 2013 up to the month of the release cut off on `asOf`,
 * `from` not after `to`.
 */
export function requireMonthRange(from: string, to: string | null | undefined, asOf: string): string[] {
  const latest = asOf.slice(0, 7);
  const last = to ?? latest;
  for (const [field, month] of [
    ['from', from],
    ['to', last],
  ] as const) {
    if (!MONTH.test(month)) throw new UserInputError(field, `${field} must be a month written YYYY-MM, e.g. 2013-01`);
    if (month < FIRST_MONTH || month > latest) {
      throw new UserInputError(field, `${field} must be between ${FIRST_MONTH} and the month of the latest release (${latest})`);
    }
  }
  if (from > last) throw new UserInputError('from', 'from must not be after to');
  return monthsFrom(from, last);
}

/** The `from` and `to` arguments every monthly series takes. */
export function FromMonth() {
  return Arg('from', () => String, { defaultValue: FIRST_MONTH, description: 'First month, YYYY-MM (default 2013-01, when the plan began).' });
}
export function ToMonth() {
  return Arg('to', () => String, { nullable: true, description: 'Last month, YYYY-MM; the month of the latest release when absent.' });
}

/** Records of one measure starting (on their first day) and ending (the day after their last) in a month at a place, as counted in SQL. */
export interface MonthlyChangeRow {
  place: string;
  measure: string;
  month: string;
  starts: number;
  ends: number;
}

export type MeasureKind = 'STOCK' | 'FLOW';

/**
 * The flows a stock moves by, when they are published as measures of the same series: e.g. disputes open, with
 * disputes found (its starts) and settled (its ends). A flow not named here is counted as an unpublished cell.
 */
export interface StockFlows {
  starts?: string;
  ends?: string;
}

const monthBefore = (month: string) => addMonths(`${month}-01`, -1).slice(0, 7);

/** The table cell of a measure in a month. */
export const cellOf = (measure: string, month: string) => `${measure}@${month}`;

/** The month's `partial` and `lastDayCounted` in a release cut off on `asOf`. */
export function monthCounted(month: string, asOf: string): Pick<MonthlyFigures, 'month' | 'partial' | 'lastDayCounted'> {
  const lastDay = addDays(addMonths(`${month}-01`, 1), -1);
  return lastDay <= asOf ? { month, partial: false, lastDayCounted: lastDay } : { month, partial: true, lastDayCounted: asOf };
}

/**
 * A place's series as the graph gives it: for each month, the measures (null where withheld), `suppressed`, and
 * whether it is the month to date. A field reads the table's measure of its name, or the one `measureOf` gives (a
 * breakdown's group, `registeredMigrants@origin:620000`).
 */
export function monthByMonth<F extends string>(
  table: PublishedTable,
  place: string,
  months: string[],
  fields: readonly F[],
  measureOf: Partial<Record<F, string>> = {},
) {
  return months.map((month) => {
    const cells = Object.fromEntries(fields.map((field) => [field, cellOf(measureOf[field] ?? field, month)])) as Record<F, string>;
    return { ...monthCounted(month, table.asOf), ...table.record(place, cells) };
  });
}

/**
 * How many months a street's series holds, up to the release's month: its stocks are small in the plan's early
 * years, when protecting them month by month would withhold much and cost minutes per release, and tell little.
 */
export const STREET_SERIES_MONTHS = 36;

/** The first month of a street's series in a release cut off on `asOf`. */
export const firstStreetMonth = (asOf: string) => addMonths(`${asOf.slice(0, 7)}-01`, -(STREET_SERIES_MONTHS - 1)).slice(0, 7);

/** Of the months asked for, those a street's series holds in a release cut off on `asOf`: earlier ones are not published. */
export const inStreetSeries = (months: string[], asOf: string) => months.filter((month) => month >= firstStreetMonth(asOf));

/** The places a series added at `place` is published at: there and at every coarser level of the table. */
const seriesPlacesOf = (place: string) => placesContaining(place, [placeLevel(place), ...coarserLevels(placeLevel(place))]);

/**
 * Adds each measure month by month, from 2013 to the release's month, to a bureau's release table at the places of
 * its rows (districts, or streets) and every coarser level — the stock at the month's end (what started up to that
 * month less what ended) or the flow in the month (what started in it) — as cells named `measure@month`, and declares
 * for each stock `stock@m = stock@(m−1) + starts@m − ends@m`: an analyst knows it, so protection must. Starts and ends
 * not published as a measure (`flows`) are added as unpublished cells `stock@m:starts` / `:ends`; where a stock is
 * added at finer places than its published flow (streets' registered migrants, districts' new registrations), the
 * flow at those places is an unpublished part of the published one. The month before the first is a shown 0 when
 * nothing of the measure started earlier. `rows` must hold only changes up to the cut-off. Returns the places the
 * series were added at.
 */
export function addMonthlyCells(
  table: FigureTable,
  rows: MonthlyChangeRow[],
  kinds: Record<string, MeasureKind>,
  asOf: string,
  flows: Record<string, StockFlows> = {},
): string[] {
  const months = monthsFrom(FIRST_MONTH, asOf.slice(0, 7));
  const byPlaceAndMeasure = new Map<string, MonthlyChangeRow[]>();
  const flowLevels = new Map<string, Set<PlaceLevel>>();
  for (const row of rows) {
    const key = `${row.place}|${row.measure}`;
    const changes = byPlaceAndMeasure.get(key);
    if (changes) changes.push(row);
    else byPlaceAndMeasure.set(key, [row]);
    if (kinds[row.measure] === 'FLOW') {
      let at = flowLevels.get(row.measure);
      if (!at) flowLevels.set(row.measure, (at = new Set()));
      for (const level of [placeLevel(row.place), ...coarserLevels(placeLevel(row.place))]) at.add(level);
    }
  }
  const stocksAt = new Set<string>();
  const places = new Set<string>();
  const startedEarlier = new Set(rows.filter((row) => row.month < months[0]).map((row) => row.measure));
  const streetsFrom = firstStreetMonth(asOf);
  for (const [key, changes] of byPlaceAndMeasure) {
    const [rowPlace, measure] = key.split('|');
    const stock = kinds[measure] === 'STOCK';
    // A street's months before its series begins count at its district only.
    const street = placeLevel(rowPlace) === 'STREET';
    const placeIn = (month: string) => (street && month < streetsFrom ? rowPlace.slice(0, 6) : rowPlace);
    const place = rowPlace;
    // A published flow of the stock that is not published at this place's level: its count here is an unpublished part
    // of it. A flow with no rows at a place of its level is a published 0 there, not a finer part.
    const finerThan = (flow: string | undefined) => {
      const levels = flow === undefined ? undefined : flowLevels.get(flow);
      return levels && !levels.has(placeLevel(place)) ? flow : undefined;
    };
    const [startsHere, endsHere] = [finerThan(flows[measure]?.starts), finerThan(flows[measure]?.ends)];
    changes.sort((a, b) => a.month.localeCompare(b.month));
    let held = 0;
    let next = 0;
    for (const month of months) {
      let started = 0;
      let ended = 0;
      for (; next < changes.length && changes[next].month <= month; next += 1) {
        held += changes[next].starts - changes[next].ends;
        if (changes[next].month === month) [started, ended] = [changes[next].starts, changes[next].ends];
      }
      const at = placeIn(month);
      table.add(at, cellOf(measure, month), stock ? held : started);
      if (stock && (month !== months[0] || !startedEarlier.has(measure))) {
        if (!flows[measure]?.starts) table.addUnpublished(at, `${cellOf(measure, month)}:starts`, started);
        if (!flows[measure]?.ends) table.addUnpublished(at, `${cellOf(measure, month)}:ends`, ended);
        if (at === place && startsHere) table.addUnpublishedHere(place, cellOf(startsHere, month), started);
        if (at === place && endsHere) table.addUnpublishedHere(place, cellOf(endsHere, month), ended);
      }
    }
    for (const at of seriesPlacesOf(place)) {
      places.add(at);
      if (stock) stocksAt.add(`${at}|${measure}`);
    }
  }
  for (const key of stocksAt) {
    const [place, measure] = key.split('|');
    const { starts, ends } = flows[measure] ?? {};
    // Before 2013 the stock is not published, so the first month's identity holds only when nothing started earlier;
    // a street's series has no month before its first.
    const first = placeLevel(place) === 'STREET' ? months.indexOf(streetsFrom) + 1 : startedEarlier.has(measure) ? 1 : 0;
    for (let m = first; m < months.length; m += 1) {
      const [previous, month] = [cellOf(measure, m > 0 ? months[m - 1] : monthBefore(months[0])), cellOf(measure, months[m])];
      table.identity([
        [place, month, 1],
        [place, previous, -1],
        [place, starts ? cellOf(starts, months[m]) : `${month}:starts`, -1],
        [place, ends ? cellOf(ends, months[m]) : `${month}:ends`, 1],
      ]);
    }
  }
  return [...places].sort();
}

/**
 * Declares `whole@m = part@m + rest@m` month by month at the places of the series, for two stocks of which one
 * counts a subset of the other (the migrants holding a contract job among the contract jobs held): the rest is an
 * unpublished count ≥ 0, and an analyst who knows it is small (few hold two contract jobs) bounds one stock by the
 * other, so protection must relate them. `rows` as given to addMonthlyCells.
 */
export function partOfStock(table: FigureTable, rows: MonthlyChangeRow[], part: string, whole: string, asOf: string): void {
  const months = monthsFrom(FIRST_MONTH, asOf.slice(0, 7));
  const changesOf = new Map<string, MonthlyChangeRow[]>();
  for (const row of rows.filter((row) => row.measure === part || row.measure === whole)) {
    const key = `${row.place}|${row.measure}`;
    const changes = changesOf.get(key);
    if (changes) changes.push(row);
    else changesOf.set(key, [row]);
  }
  const places = new Set<string>();
  for (const place of new Set([...changesOf.keys()].map((key) => key.split('|')[0]))) {
    const [held, within] = [whole, part].map((measure) => heldByMonth(changesOf.get(`${place}|${measure}`) ?? [], months));
    months.forEach((month, m) => table.addUnpublished(place, `${cellOf(whole, month)}:less:${part}`, held[m] - within[m]));
    for (const at of seriesPlacesOf(place)) places.add(at);
  }
  for (const place of places)
    for (const month of months)
      table.identity([
        [place, cellOf(whole, month), 1],
        [place, cellOf(part, month), -1],
        [place, `${cellOf(whole, month)}:less:${part}`, -1],
      ]);
}

/** A stock at the end of each month from its changes (those before the first month included). */
export function heldByMonth(changes: MonthlyChangeRow[], months: string[]): number[] {
  const sorted = [...changes].sort((a, b) => a.month.localeCompare(b.month));
  let held = 0;
  let next = 0;
  return months.map((month) => {
    for (; next < sorted.length && sorted[next].month <= month; next += 1) held += sorted[next].starts - sorted[next].ends;
    return held;
  });
}

/**
 * Declares `total@m = Σ parts@m` month by month from 2013 to the cut-off, wherever the total and a part are added:
 * a monthly series broken down (registered migrants of the city by region of origin), every group listed.
 */
export function breakdownMonthByMonth(table: FigureTable, total: string, parts: string[], asOf: string): void {
  for (const month of monthsFrom(FIRST_MONTH, asOf.slice(0, 7)))
    table.sumOf(
      cellOf(total, month),
      parts.map((part) => cellOf(part, month)),
    );
}

/**
 * Declares that a count published on the cut-off day and the same stock at the end of the cut-off month are one
 * number at the places of the series (see addMonthlyCells): an analyst who reads both knows it.
 */
export function sameAsLastMonth(table: FigureTable, places: string[], measure: string, stock: string, asOf: string): void {
  for (const place of places)
    table.identity([
      [place, measure, 1],
      [place, cellOf(stock, asOf.slice(0, 7)), -1],
    ]);
}

/**
 * Declares that a count published on the cut-off day of everything that ever started (disputes found by then) is the
 * sum of its flow month by month since 2013 at the places of the series: an analyst who reads both knows it. Only
 * when nothing started before 2013, which the caller knows from its rows.
 */
export function sumOfTheMonths(table: FigureTable, places: string[], measure: string, flow: string, asOf: string): void {
  const months = monthsFrom(FIRST_MONTH, asOf.slice(0, 7));
  for (const place of places) table.identity([[place, measure, 1], ...months.map((month): IdentityTerm => [place, cellOf(flow, month), -1])]);
}
