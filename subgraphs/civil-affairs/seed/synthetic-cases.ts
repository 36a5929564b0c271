/**
 * The Civil Affairs Bureau's (市民政局) synthetic records about migrants, from the plan's third and
 * seventh tasks: hardship relief (救助), dispute screening and mediation (矛盾纠纷排查调处) kept by
 * streets and communities, and the monthly activity of the community service points. Laid over
 * the shared population and geography with the kit's PRNG, one stream per concern, so a change
 * to one part never shifts another.
 */
import { parseDate } from '../../kit/dates';
import { derive } from '../../kit/random';
import { DEFAULT_AS_OF, generateGeography, SyntheticPerson } from '../../synthetic';
import { FIRST_ARRIVAL } from '../../synthetic/households';
import { monthIndex } from './case-calendar';
import { toResident } from './case-persons';
import type { SyntheticCivilAffairsCases, SyntheticReliefCase } from './case-types';
import { DisputePlanner } from './dispute-cases';
import { planRelief } from './relief-cases';
import { ResidentMonths, servicePointActivity } from './service-point-activity';

export type * from './case-types';
export { MEDIATED_OUTCOMES } from './dispute-outcomes';
export { servicePointOpeningMonths } from './service-point-activity';

export interface CivilAffairsCasesOptions {
  /** The population's seed (geography and service points come from it too). */
  seed: number;
  /** 'YYYY-MM-DD'; defaults to the generator's DEFAULT_AS_OF. Nothing is dated after it. */
  asOf?: string;
}

/**
 * The bureau's records for `persons`: relief cases in the persons' order, disputes by date found,
 * service-point months point by point. One pass over the persons (which may be a generator), then
 * the other parties of the disputes and the activity from the residences indexed on the way.
 */
export function generateCivilAffairsCases(persons: Iterable<SyntheticPerson>, options: CivilAffairsCasesOptions): SyntheticCivilAffairsCases {
  const { seed } = options;
  const asOf = parseDate(options.asOf ?? DEFAULT_AS_OF);
  if (asOf < FIRST_ARRIVAL) throw new RangeError(`asOf must not precede the first arrivals (2013-01-01)`);
  const relief = { who: derive(seed, 'civil-affairs:relief-applicants'), what: derive(seed, 'civil-affairs:relief') };
  const disputes = new DisputePlanner(derive(seed, 'civil-affairs:dispute-first-parties'), derive(seed, 'civil-affairs:disputes'), asOf);
  const residents = new ResidentMonths(monthIndex(FIRST_ARRIVAL), monthIndex(asOf));

  const reliefCases: SyntheticReliefCase[] = [];
  for (const person of persons) {
    const resident = toResident(person, asOf);
    if (!resident) continue; // arrived after asOf
    for (const stay of resident.stays) residents.add(stay);
    const reliefCase = planRelief(relief.who, relief.what, resident, asOf);
    if (reliefCase) reliefCases.push(reliefCase);
    disputes.add(resident);
  }
  return {
    reliefCases,
    disputes: disputes.cases(derive(seed, 'civil-affairs:dispute-parties')),
    servicePointActivity: servicePointActivity(seed, generateGeography(seed).servicePoints, residents, asOf),
  };
}
