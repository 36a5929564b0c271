import { addMonths as addMonthsToDay, ageOn, formatDate, parseDate } from './population/dates';

/** Calendar-day arithmetic on ISO `YYYY-MM-DD` strings, over the generator's UTC day numbers. */

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatDate(parseDate(day) + days);
}

export function addMonths(day: string, months: number): string {
  return formatDate(addMonthsToDay(parseDate(day), months));
}

/** Completed years from `from` to `to` (an age on a day). */
export function yearsBetween(from: string, to: string): number {
  return ageOn(parseDate(from), parseDate(to));
}
