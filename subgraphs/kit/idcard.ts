/**
 * Resident ID-card numbers in the GB 11643 layout:
 * 6-digit division code + birth date YYYYMMDD + 3-digit sequence (odd = male, even = female)
 * + a check character by ISO 7064 MOD 11-2 ('0'–'9' or 'X').
 */
import { formatDate, fromParts, toParts } from './dates';

/** Weight of digit i (from the left) is 2^(17 - i) mod 11: its power of two by position from the right. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);

export function idCardCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`Need 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  // The check value c makes the weighted sum including c ≡ 1 (mod 11); 10 is written 'X'.
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : `${c}`;
}

export interface IdCardParts {
  divisionCode: string;
  birthDate: string;
  sequence: number;
  sex: 'MALE' | 'FEMALE';
}

/** The parts of a valid number, or null if the layout, date or check character is wrong. */
export function parseIdCardNumber(s: string): IdCardParts | null {
  if (typeof s !== 'string' || !/^\d{17}[\dX]$/.test(s)) return null;
  const [y, m, d] = [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))];
  const parts = toParts(fromParts(y, m, d));
  if (y < 1900 || parts.month !== m || parts.day !== d) return null;
  if (idCardCheckCharacter(s.slice(0, 17)) !== s[17]) return null;
  const sequence = Number(s.slice(14, 17));
  return {
    divisionCode: s.slice(0, 6),
    birthDate: formatDate(fromParts(y, m, d)),
    sequence,
    sex: sequence % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

export function isValidIdCardNumber(s: string): boolean {
  return parseIdCardNumber(s) !== null;
}
