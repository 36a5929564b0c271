import { today } from './dates';
import { UserInputError } from './errors';

const digitCode = (digits: number) => ({ pattern: new RegExp(`^\\d{${digits}}$`), description: `a code of ${digits} digits` });

/**
 * The formats of the graph's identifiers. Every id an argument or input carries is checked against its format before
 * it reaches SQL: a wrong length, a character no column can hold (NUL) or a number beyond `integer` would otherwise
 * fail in the database, as an internal error.
 */
const ID_FORMATS = {
  /** Registry ids: P and ten letters or digits (kit/opaque-ids makes them). */
  person: { pattern: /^P[0-9A-Z]{10}$/, description: 'a registry id: P and 10 letters or digits' },
  /** Serial ids of records (relief cases, employments, trainings, labour disputes): a positive PostgreSQL `integer`. */
  record: { pattern: /^[1-9]\d{0,9}$/, max: 2_147_483_647, description: 'a record id: a whole number from 1 to 2147483647' },
  district: digitCode(6),
  street: digitCode(9),
  community: digitCode(12),
  school: digitCode(10),
  /** Vaccination clinics (接种门诊): district, 9, serial. */
  clinic: { pattern: /^\d{6}9\d{3}$/, description: 'a clinic code of 10 digits' },
  ethnicity: digitCode(2),
  region: digitCode(6),
  employer: { pattern: /^[0-9A-HJ-NP-RTUWXY]{18}$/, description: 'a unified social credit code of 18 characters' },
  /** Issuing district, year and serial. */
  permit: { pattern: /^\d{16}$/, description: 'a permit number of 16 digits' },
  /** Street, year and serial: '640104003-2026-0007'. */
  disputeCase: { pattern: /^\d{9}-\d{4}-\d{4,5}$/, description: 'a case number such as 640104003-2026-0007' },
};
export type IdKind = keyof typeof ID_FORMATS;

export function isWellFormedId(value: string, kind: IdKind): boolean {
  const format: { pattern: RegExp; max?: number } = ID_FORMATS[kind];
  return format.pattern.test(value) && (format.max === undefined || Number(value) <= format.max);
}

/** Checks that `value` is an id of `kind` (format, length, range); errors name `field`. */
export function requireId(value: string, kind: IdKind, field: string): string {
  if (!isWellFormedId(value, kind)) throw new UserInputError(field, `${field} must be ${ID_FORMATS[kind].description}`);
  return value;
}

/** Checks that a day is not before another; both ISO `YYYY-MM-DD`. */
export function requireNotBefore(day: string, earliest: string, field: string, what: string): void {
  if (day < earliest) throw new UserInputError(field, `${field} (${day}) must not be before ${what} (${earliest})`);
}

/** C0 and C1 control characters: NUL cannot be stored in a PostgreSQL text, the others have no place in a name or note. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks free text: not blank, at most `maxLength` characters, no control characters; returns it trimmed. */
export function requireNonBlank(value: string, field: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new UserInputError(field, `${field} must not be empty`);
  if (trimmed.length > maxLength) throw new UserInputError(field, `${field} must be at most ${maxLength} characters`);
  if (CONTROL_CHARACTER.test(trimmed)) throw new UserInputError(field, `${field} must not contain control characters`);
  return trimmed;
}

/** Checks that a day (ISO) is not after today; returns it. */
export function requireNotInFuture(day: string, field: string): string {
  if (day > today()) throw new UserInputError(field, `${field} must not be in the future`);
  return day;
}
