/**
 * Calendar dates, as whole day numbers (days since 1970-01-01, UTC), so date arithmetic is plain
 * integer arithmetic and never depends on the machine's time zone, and as ISO `YYYY-MM-DD` strings over them.
 */
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (measured ~15x).
const { floor, min } = Math;
export function parseDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: "${iso}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = fromParts(y, mo, d);
  const check = toParts(day);
  if (check.month !== mo || check.day !== d) throw new RangeError(`No such date: "${iso}"`);
  return day;
}

export function formatDate(day: number): string {
  const { year, month, day: d } = toParts(day);
  return `${year}-${pad(month, 2)}-${pad(d, 2)}`;
}

/** Zero-padded decimal digits. */
export function pad(n: number, width: number): string {
  return `${n}`.padStart(width, '0');
}

/*
 * Pure-integer conversions (a hot path: Date objects made generation several times slower).
 * They count in 400-year eras of 146,097 days with the year starting on 1 March, so the leap
 * day falls at the end of the year and month lengths follow a fixed pattern.
 */
const DAYS_PER_ERA = 146_097;
const EPOCH_SHIFT = 719_468; // days from 0000-03-01 to 1970-01-01

export function fromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yearOfEra = y - era * 400;
  const marchMonth = (month + 9) % 12; // March = 0 … February = 11
  const dayOfYear = floor((153 * marchMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floor(yearOfEra / 4) - floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

export function toParts(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + EPOCH_SHIFT;
  const era = floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = floor((dayOfEra - floor(dayOfEra / 1460) + floor(dayOfEra / 36_524) - floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floor(yearOfEra / 4) - floor(yearOfEra / 100));
  const marchMonth = floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - floor((153 * marchMonth + 2) / 5) + 1;
  const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Adds calendar months; the day of month is clamped (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsToDay(day: number, months: number): number {
  const p = toParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = toParts(fromParts(year, month + 1, 1) - 1).day;
  return fromParts(year, month, min(p.day, lastDay));
}

export function addYears(day: number, years: number): number {
  return addMonthsToDay(day, years * 12);
}

/** Completed years of age on a date. */
export function ageOn(birth: number, on: number): number {
  const b = toParts(birth);
  const o = toParts(on);
  const beforeBirthday = o.month < b.month || (o.month === b.month && o.day < b.day);
  return o.year - b.year - (beforeBirthday ? 1 : 0);
}

/* The same arithmetic on ISO `YYYY-MM-DD` strings. */

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
