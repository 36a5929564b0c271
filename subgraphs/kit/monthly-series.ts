import { Arg } from 'type-graphql';
import { addMonths, today } from './dates';
import { UserInputError } from './errors';
import { FigureTable } from './figure-table';
import { PlaceLevel, placesContaining } from './places';
import type { DataSource } from 'typeorm';
import { figuresOncePerRequest } from './figure-cache';

/**
 * Monthly statistics (月度统计) since the plan began in 2013. Stocks are counted on the last day of each month (a
 * record counts when it started on or before that day and had not ended by it); flows are what started in the month.
 */

export const FIRST_MONTH = '2013-01';
/** The oldest month a series may start at: records before it are too sparse to be worth publishing. */
const EARLIEST_MONTH = '2000-01';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function currentMonth(): string {
  return today().slice(0, 7);
}

/** Every month from `from` to `to`, both included ("YYYY-MM"). */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(`${month}-01`, 1).slice(0, 7)) months.push(month);
  return months;
}

/** Checks a requested range: months written "YYYY-MM", from 2000 up to this month, `from` not after `to`. */
export function requireMonthRange(from: string, to: string | null | undefined): string[] {
  const last = to ?? currentMonth();
  for (const [field, month] of [['from', from], ['to', last]] as const) {
    if (!MONTH.test(month)) throw new UserInputError(field, `${field} must be a month written YYYY-MM, e.g. 2013-01`);
    if (month < EARLIEST_MONTH || month > currentMonth()) {
      throw new UserInputError(field, `${field} must be between ${EARLIEST_MONTH} and this month (${currentMonth()})`);
    }
  }
  if (from > last) throw new UserInputError('from', 'from must not be after to');
  return monthsFrom(from, last);
}

/** The `from` and `to` arguments every monthly series takes. */
export function FromMonth() {
  return Arg('from', { defaultValue: FIRST_MONTH, description: 'First month, YYYY-MM (default 2013-01, when the plan began).' });
}
export function ToMonth() {
  return Arg('to', () => String, { nullable: true, description: 'Last month, YYYY-MM; this month when absent.' });
}

/** Records of one measure starting and ending in a month at a place, as counted in SQL. */
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

/** Series are published for every district and the city. */
const SERIES_LEVELS: PlaceLevel[] = ['DISTRICT', 'CITY'];

/** The table cell of a measure in a month. */
const cellOf = (measure: string, month: string) => `${measure}@${month}`;

/** A place's series as the graph gives it: for each month, the measures (null where withheld) and `suppressed`. */
export function monthByMonth<F extends string>(table: FigureTable, place: string, months: string[], measures: readonly F[]) {
  return months.map((month) => {
    const cells = Object.fromEntries(measures.map((measure) => [measure, cellOf(measure, month)])) as Record<F, string>;
    return { month, ...table.record(place, cells) };
  });
}

/**
 * Fills a table with each measure month by month — the stock at the month's end (what started up to that month less
 * what ended) or the flow in the month (what started in it) — as cells named `measure@month`, and declares for each
 * stock `stock@m = stock@(m−1) + starts@m − ends@m`: an analyst knows it, so protection must. Starts and ends not
 * published as a measure (`flows`) are added as unpublished cells `stock@m:starts` / `:ends`. The month before the
 * first is a shown 0 when nothing of the measure started earlier (months before a series begins read as 0).
 */
export function monthlyTable(
  rows: MonthlyChangeRow[],
  kinds: Record<string, MeasureKind>,
  months: string[],
  flows: Record<string, StockFlows> = {},
): FigureTable {
  const table = new FigureTable(SERIES_LEVELS);
  const byPlaceAndMeasure = new Map<string, MonthlyChangeRow[]>();
  for (const row of rows) {
    const key = `${row.place}|${row.measure}`;
    const changes = byPlaceAndMeasure.get(key);
    if (changes) changes.push(row);
    else byPlaceAndMeasure.set(key, [row]);
  }
  const stocksAt = new Set<string>();
  const startedEarlier = new Set(rows.filter((row) => row.month < months[0]).map((row) => row.measure));
  const firstMonth = (measure: string) => (startedEarlier.has(measure) ? 1 : 0);
  for (const [key, changes] of byPlaceAndMeasure) {
    const [place, measure] = key.split('|');
    const stock = kinds[measure] === 'STOCK';
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
      table.add(place, cellOf(measure, month), stock ? held : started);
      if (stock && (month !== months[0] || !startedEarlier.has(measure))) {
        if (!flows[measure]?.starts) table.addUnpublished(place, `${cellOf(measure, month)}:starts`, started);
        if (!flows[measure]?.ends) table.addUnpublished(place, `${cellOf(measure, month)}:ends`, ended);
      }
    }
    if (stock) for (const at of placesContaining(place, SERIES_LEVELS)) stocksAt.add(`${at}|${measure}`);
  }
  for (const key of stocksAt) {
    const [place, measure] = key.split('|');
    const { starts, ends } = flows[measure] ?? {};
    for (let m = firstMonth(measure); m < months.length; m += 1) {
      const [previous, month] = [cellOf(measure, m > 0 ? months[m - 1] : monthBefore(months[0])), cellOf(measure, months[m])];
      table.identity([
        [place, month, 1],
        [place, previous, -1],
        [place, starts ? cellOf(starts, months[m]) : `${month}:starts`, -1],
        [place, ends ? cellOf(ends, months[m]) : `${month}:ends`, 1],
      ]);
    }
  }
  return table;
}

/**
 * Per request: the bureau's whole series, from its first month with a change (2000-01 at the earliest) to this month,
 * read in one statement and protected once (kept in the bureau's figure cache); every range asked for is read from
 * it, so a month shows the same in every range and no two ranges can be set against each other.
 */
export function monthlyTables(
  db: DataSource,
  key: string,
  readChanges: () => Promise<MonthlyChangeRow[]>,
  kinds: Record<string, MeasureKind>,
  flows: Record<string, StockFlows> = {},
): () => Promise<FigureTable> {
  const thisMonth = currentMonth();
  return figuresOncePerRequest(db, `${key}@${thisMonth}`, async () => {
    const rows = await readChanges();
    const first = rows.reduce((earliest, row) => (row.month < earliest ? row.month : earliest), thisMonth);
    const table = monthlyTable(rows, kinds, monthsFrom(first < EARLIEST_MONTH ? EARLIEST_MONTH : first, thisMonth), flows);
    await table.protect();
    return table;
  });
}
