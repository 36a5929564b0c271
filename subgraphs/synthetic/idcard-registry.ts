/** ID-card numbers for the synthetic population (the layout and its check character: kit/idcard.ts). */
import { formatDate, pad, toParts } from '../kit/dates';
import { idCardCheckCharacter } from '../kit/idcard';
import type { Random } from '../kit/random';

/**
 * Hands out ID-card numbers unique within one population. The division code is the person's
 * origin region code used as-is (household registration stays in the sending region).
 */
export class IdCardRegistry {
  /** Taken (division, birth date, sequence) triples, packed into one number each. */
  private readonly taken = new Set<number>();
  private readonly divisions = new Map<string, number>();

  issue(rng: Random, divisionCode: string, birth: number, sex: 'MALE' | 'FEMALE'): string {
    if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`Division code must be 6 digits: "${divisionCode}"`);
    let division = this.divisions.get(divisionCode);
    if (division === undefined) this.divisions.set(divisionCode, (division = this.divisions.size));
    const bucket = (division * 100_000 + birth + 50_000) * 1000;
    // Odd sequences 001–999 for men, even 002–998 for women; step by two past taken ones.
    const first = sex === 'MALE' ? 2 * rng.int(0, 499) + 1 : 2 * rng.int(1, 499);
    const slots = sex === 'MALE' ? 500 : 499;
    let seq = first;
    for (let tried = 0; tried < slots; tried++) {
      if (!this.taken.has(bucket + seq)) {
        this.taken.add(bucket + seq);
        const first17 = divisionCode + formatCompactDate(birth) + pad(seq, 3);
        return first17 + idCardCheckCharacter(first17);
      }
      seq += 2;
      if (seq > 999) seq = sex === 'MALE' ? 1 : 2;
    }
    throw new Error(`No free ID-card sequence for ${divisionCode} on ${formatDate(birth)}`);
  }
}

function formatCompactDate(day: number): string {
  const p = toParts(day);
  return pad(p.year, 4) + pad(p.month, 2) + pad(p.day, 2);
}
