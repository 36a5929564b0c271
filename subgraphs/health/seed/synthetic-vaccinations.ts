/**
 * The Health Bureau's part of the synthetic population: its clinics, its register of the migrant children under seven
 * and the doses they were given, laid over each child's birth date and arrival. A dose due before the child came was
 * given back home and copied from the vaccination certificate (no clinic); later ones at a clinic of the district the
 * family lives in. Most children are vaccinated on time, some late, and a few stop a vaccine's series.
 */
import { addDays, addMonths } from '../../kit/dates';
import { derive, Random } from '../../kit/random';
import { DEFAULT_AS_OF, generateGeography, SyntheticPerson } from '../../synthetic';
import { dueOn, PROGRAMME_YEARS, SCHEDULE, Vaccine } from '../entities/vaccines';

export interface SyntheticClinic {
  /** District code, 9, a serial of three digits. */
  code: string;
  name: string;
  districtCode: string;
  communityCode: string;
}

export interface SyntheticRegisteredChild {
  childId: string;
  birthDate: string;
  /** Where the child lives now (the population's current residence). */
  communityCode: string;
  /** The later of birth and arrival. */
  registeredOn: string;
}

export interface SyntheticVaccination {
  childId: string;
  vaccine: Vaccine;
  dose: number;
  vaccinatedOn: string;
  clinicCode: string | null;
}

export interface SyntheticHealth {
  clinics: SyntheticClinic[];
  children: SyntheticRegisteredChild[];
  vaccinations: SyntheticVaccination[];
}

/** Clinics per district: a community health centre's clinic (社区卫生服务中心预防接种门诊) for every few streets. */
const STREETS_PER_CLINIC = 3;
/** Share of families that keep to the schedule; the others are late more often and now and then stop a series. */
const DILIGENT_SHARE = 0.85;
/** Per dose: the chance a series stops there (the dose never given), and that it is given more than a month late. */
const STOPS = { diligent: 0.001, other: 0.01 };
const LATE = { diligent: 0.01, other: 0.1 };
/** Two doses of a vaccine are at least four weeks apart. */
const MIN_DAYS_BETWEEN_DOSES = 28;

function generateClinics(seed: number): SyntheticClinic[] {
  const rng = derive(seed, 'health:clinics');
  return generateGeography(seed).districts.flatMap((district) => {
    const count = Math.max(1, Math.round(district.streets.length / STREETS_PER_CLINIC));
    const communities = rng.shuffle(district.streets.flatMap((street) => street.communities)).slice(0, count);
    return communities.map((community, index) => ({
      code: `${district.code}9${String(index + 1).padStart(3, '0')}`,
      name: `${community.nameZh}卫生服务站预防接种门诊`,
      districtCode: district.code,
      communityCode: community.code,
    }));
  });
}

/** A series of one vaccine: doses in order until one is missed or not yet due. */
function series(
  rng: Random,
  child: SyntheticRegisteredChild,
  vaccine: Vaccine,
  diligent: boolean,
  clinics: SyntheticClinic[],
  asOf: string,
): SyntheticVaccination[] {
  const doses: SyntheticVaccination[] = [];
  let previous: string | null = null;
  for (let dose = 1; dose <= SCHEDULE[vaccine].ageInMonths.length; dose++) {
    const due = dueOn(child.birthDate, vaccine, dose);
    if (rng.chance(diligent ? STOPS.diligent : STOPS.other)) break;
    let vaccinatedOn = addDays(due, rng.chance(diligent ? LATE.diligent : LATE.other) ? rng.int(31, 120) : rng.int(0, 14));
    if (previous !== null && vaccinatedOn < addDays(previous, MIN_DAYS_BETWEEN_DOSES)) vaccinatedOn = addDays(previous, MIN_DAYS_BETWEEN_DOSES);
    if (vaccinatedOn > asOf) break;
    const clinic = vaccinatedOn < child.registeredOn ? null : rng.pick(clinics).code;
    doses.push({ childId: child.childId, vaccine, dose, vaccinatedOn, clinicCode: clinic });
    previous = vaccinatedOn;
  }
  return doses;
}

/** Health's records of the population's children under seven on `asOf` (the generator's reference date by default). */
export function generateHealth(persons: Iterable<SyntheticPerson>, options: { seed: number; asOf?: string }): SyntheticHealth {
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const clinics = generateClinics(options.seed);
  const clinicsOf = new Map<string, SyntheticClinic[]>();
  for (const clinic of clinics) clinicsOf.set(clinic.districtCode, [...(clinicsOf.get(clinic.districtCode) ?? []), clinic]);
  const rng = derive(options.seed, 'health:vaccinations');
  const children: SyntheticRegisteredChild[] = [];
  const vaccinations: SyntheticVaccination[] = [];
  for (const person of persons) {
    if (person.householdRole !== 'CHILD' || addMonths(person.birthDate, PROGRAMME_YEARS * 12) <= asOf || person.birthDate > asOf) continue;
    const home = person.residences[person.residences.length - 1].communityCode;
    const child = {
      childId: person.id,
      birthDate: person.birthDate,
      communityCode: home,
      registeredOn: person.arrivalDate > person.birthDate ? person.arrivalDate : person.birthDate,
    };
    children.push(child);
    const diligent = rng.chance(DILIGENT_SHARE);
    for (const vaccine of Object.values(Vaccine)) vaccinations.push(...series(rng, child, vaccine, diligent, clinicsOf.get(home.slice(0, 6))!, asOf));
  }
  return { clinics, children, vaccinations };
}
