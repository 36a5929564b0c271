/**
 * Residence permits (居住证): issued at any age from six months after arrival (the kit's permit rule), valid one
 * year, renewed as a chain of new permit records; some holders let them lapse, a few are revoked.
 */
import { addYears, formatDate, pad, toParts } from '../kit/dates';
import { permitEligibleDay } from '../kit/permit-eligibility';
import { derive, Random } from '../kit/random';
import { ResidenceSpell, spellOn } from './residences';

export interface SyntheticPermit {
  /**
   * 16 digits: the issuing district's GB/T 2260 code (6, so always '6401…'), the year of issue (4)
   * and a serial within that district and year (6).
   */
  number: string;
  issuedOn: string;
  /** Inclusive: one year after issue, minus a day. */
  validUntil: string;
  revokedOn: string | null;
}

/** Share of eligible persons who ever apply (a minor through their guardian). */
const HOLDER_SHARE = 0.74;
/** Chance that a holder renews when a permit runs out, and of coming back after a lapse. */
const RENEWAL = 0.92;
const RETURN_AFTER_LAPSE = 0.4;
const REVOCATION = 0.01;

export class PermitOffice {
  /** Next serial per district and year. */
  private readonly serials = new Map<string, number>();
  /** A stream of its own, so a change to the permit rules leaves the rest of the population as it was. */
  private readonly rng: Random;

  constructor(seed: number) {
    this.rng = derive(seed, 'permits');
  }

  /** The person's permits, oldest first, none issued after asOf. */
  issue(arrival: number, spells: ResidenceSpell[], asOf: number): SyntheticPermit[] {
    const { rng } = this;
    const eligible = permitEligibleDay(arrival);
    if (eligible > asOf || !rng.chance(HOLDER_SHARE)) return [];
    // Most apply soon after becoming eligible, some wait a year or two.
    let issued = eligible + (rng.chance(0.6) ? rng.int(0, 90) : rng.int(91, 720));
    const permits: SyntheticPermit[] = [];
    while (issued <= asOf) {
      const validUntil = addYears(issued, 1) - 1;
      const revoked = rng.chance(REVOCATION) ? issued + rng.int(30, validUntil - issued) : null;
      permits.push({
        number: this.number(spellOn(spells, issued).community.districtCode, issued),
        issuedOn: formatDate(issued),
        validUntil: formatDate(validUntil),
        revokedOn: revoked !== null && revoked <= asOf ? formatDate(revoked) : null,
      });
      if (revoked !== null && rng.chance(0.5)) break;
      // The next permit starts after this one ends: on time, a little late, or after a lapse.
      if (rng.chance(RENEWAL)) issued = validUntil + 1 + (rng.chance(0.7) ? 0 : rng.int(1, 60));
      else if (rng.chance(RETURN_AFTER_LAPSE)) issued = validUntil + rng.int(180, 900);
      else break;
    }
    return permits;
  }

  private number(districtCode: string, issued: number): string {
    const year = toParts(issued).year;
    const key = `${districtCode}${year}`;
    const serial = (this.serials.get(key) ?? 0) + 1;
    if (serial > 999_999) throw new Error(`Permit serials exhausted for ${districtCode} in ${year}`);
    this.serials.set(key, serial);
    return key + pad(serial, 6);
  }
}
