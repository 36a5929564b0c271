import { Arg } from 'type-graphql';
import { addMonths, today } from './dates';
import { UserInputError } from './errors';
import { FigureTable } from './figure-table';
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
 * what ended) or the flow in the month (what started in it) — as cells named `measure@month`.
 */
export function monthlyTable(rows: MonthlyChangeRow[], kinds: Record<string, MeasureKind>, months: string[]): FigureTable {
  const table = new FigureTable(['DISTRICT', 'CITY']);
  const byPlaceAndMeasure = new Map<string, MonthlyChangeRow[]>();
  for (const row of rows) {
    const key = `${row.place}|${row.measure}`;
    const changes = byPlaceAndMeasure.get(key);
    if (changes) changes.push(row);
    else byPlaceAndMeasure.set(key, [row]);
  }
  for (const [key, changes] of byPlaceAndMeasure) {
    const [place, measure] = key.split('|');
    changes.sort((a, b) => a.month.localeCompare(b.month));
    let stock = 0;
    let next = 0;
    for (const month of months) {
      let startedInMonth = 0;
      for (; next < changes.length && changes[next].month <= month; next += 1) {
        stock += changes[next].starts - changes[next].ends;
        if (changes[next].month === month) startedInMonth = changes[next].starts;
      }
      table.add(place, cellOf(measure, month), kinds[measure] === 'STOCK' ? stock : startedInMonth);
    }
  }
  return table;
}

/**
 * Per request: the monthly changes are read once (one statement, kept in the bureau's figure cache), and a protected
 * table is made for each range of months asked for. Cells of a month depend only on that month, so the same month
 * shows the same in every range.
 */
export function monthlyTables(db: DataSource, key: string, readChanges: () => Promise<MonthlyChangeRow[]>, kinds: Record<string, MeasureKind>) {
  const changes = figuresOncePerRequest(db, key, readChanges);
  const tables = new Map<string, Promise<FigureTable>>();
  return (months: string[]): Promise<FigureTable> => {
    const key = `${months[0]}|${months[months.length - 1]}`;
    let table = tables.get(key);
    if (!table) tables.set(key, (table = changes().then((rows) => monthlyTable(rows, kinds, months))));
    return table;
  };
}
