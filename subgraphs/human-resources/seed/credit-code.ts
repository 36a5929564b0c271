/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registration authority (1),
 * entity type (1), division code (6), organisation code (9, GB 11714, with its own check
 * character) and a final check character. Real employers' codes are never used: every code here
 * is invented, but valid, so the bureau's validation treats synthetic and real codes alike.
 */
import { Random } from '../../kit/random';

/** The 31 characters of GB 32100: digits and capitals without I, O, S, V, Z (easily misread). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_VALUE = new Map([...CREDIT_CODE_ALPHABET].map((c, i) => [c, i]));
/** Weight of position i (from the left, 0-based) is 3^i mod 31. */
const CODE_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/** GB 11714 weights of the eight body characters of an organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character: the weighted sum including it is a multiple of 31. */
export function creditCodeCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) throw new RangeError(`Need 17 GB 32100 characters, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_VALUE.get(first17[i])! * CODE_WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * GB 11714 check character of an organisation code body (8 characters). Letters count by their
 * place in the full Latin alphabet (A = 10 … Z = 35), not by the GB 32100 alphabet; a check
 * value of 10 is written 'X' and 11 is written '0'.
 */
export function organisationCodeCheckCharacter(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new RangeError(`Need 8 digits or capitals, got "${body}"`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * ORG_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : `${check}`;
}

/** Layout, alphabet, the organisation code's check character and the final one. */
export function isValidCreditCode(code: unknown): boolean {
  if (typeof code !== 'string' || !SHAPE.test(code)) return false;
  if (organisationCodeCheckCharacter(code.slice(8, 16)) !== code[16]) return false;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}

/**
 * Hands out unique codes for enterprises (registration authority 9, market regulation; type 1,
 * enterprise). Organisation codes assigned since the 2015 reform start with 'MA'; older ones,
 * carried over from the old organisation-code certificates, are all digits.
 */
export class CreditCodeIssuer {
  private readonly issued = new Set<string>();

  constructor(private readonly rng: Random) {}

  issue(divisionCode: string, registeredSinceReform: boolean): string {
    if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`Bad division code "${divisionCode}"`);
    for (;;) {
      let body = registeredSinceReform ? 'MA' : '';
      while (body.length < 8) {
        body += registeredSinceReform ? this.rng.pick(BODY_CHARS) : `${this.rng.int(0, 9)}`;
      }
      const first17 = `91${divisionCode}${body}${organisationCodeCheckCharacter(body)}`;
      const code = first17 + creditCodeCheckCharacter(first17);
      if (this.issued.has(code)) continue; // a collision is rare (31^6 bodies); draw again
      this.issued.add(code);
      return code;
    }
  }
}

const BODY_CHARS = [...CREDIT_CODE_ALPHABET];
