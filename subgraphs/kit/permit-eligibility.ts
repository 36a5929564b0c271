/**
 * Who may be issued a residence permit (居住证), stated once for public security's mutations and the seeded
 * permits. The national Interim Regulation on Residence Permits (居住证暂行条例, 2015), art. 2 and 9: a person who
 * has lived in the city for six months or more may apply; a minor applies through their guardian, so there is no
 * age limit.
 */
import { addMonthsToDay, formatDate, parseDate } from './dates';

export const PERMIT_WAIT_MONTHS = 6;

/** The first day a permit may be issued to a person, of any age, who arrived on `arrival` (a day number). */
export function permitEligibleDay(arrival: number): number {
  return addMonthsToDay(arrival, PERMIT_WAIT_MONTHS);
}

/** The same on ISO `YYYY-MM-DD` dates. */
export function permitEligibleFrom(arrivalDate: string): string {
  return formatDate(permitEligibleDay(parseDate(arrivalDate)));
}
