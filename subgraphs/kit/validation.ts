import { today } from './dates';
import { UserInputError } from './errors';

/** Checks that `value` is a code of exactly `digits` digits (GB/T 2260 divisions, streets, communities). */
export function requireDigits(value: string, digits: number, field: string): string {
  if (!new RegExp(`^\\d{${digits}}$`).test(value)) {
    throw new UserInputError(field, `${field} must be a code of ${digits} digits`);
  }
  return value;
}

/** Checks that a day is not before another; both ISO `YYYY-MM-DD`. */
export function requireNotBefore(day: string, earliest: string, field: string, what: string): void {
  if (day < earliest) throw new UserInputError(field, `${field} (${day}) must not be before ${what} (${earliest})`);
}

export function requireNonBlank(value: string, field: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new UserInputError(field, `${field} must not be empty`);
  if (trimmed.length > maxLength) throw new UserInputError(field, `${field} must be at most ${maxLength} characters`);
  return trimmed;
}

/** Checks that a day (ISO) is not after today; returns it. */
export function requireNotInFuture(day: string, field: string): string {
  if (day > today()) throw new UserInputError(field, `${field} must not be in the future`);
  return day;
}
