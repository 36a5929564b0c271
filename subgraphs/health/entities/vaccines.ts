import { registerEnumType } from 'type-graphql';
import { addDays, addMonths } from '../../kit/dates';

/** The vaccines of the National Immunization Programme (国家免疫规划) given to children from birth to six. */
export enum Vaccine {
  HEPB = 'HEPB',
  BCG = 'BCG',
  IPV = 'IPV',
  BOPV = 'BOPV',
  DTAP = 'DTAP',
  DT = 'DT',
  MMR = 'MMR',
  JE_L = 'JE_L',
  MPSV_A = 'MPSV_A',
  MPSV_AC = 'MPSV_AC',
  HEPA_L = 'HEPA_L',
}

/**
 * Each vaccine's Chinese name and the age in months at which each dose is due (the programme's schedule,
 * 国家免疫规划疫苗儿童免疫程序, 2021 edition): dose n is `ageInMonths[n - 1]`.
 */
export const SCHEDULE: Record<Vaccine, { name: string; english: string; ageInMonths: number[] }> = {
  HEPB: { name: '乙肝疫苗', english: 'Hepatitis B vaccine (HepB)', ageInMonths: [0, 1, 6] },
  BCG: { name: '卡介苗', english: 'BCG vaccine', ageInMonths: [0] },
  IPV: { name: '脊灰灭活疫苗', english: 'Inactivated poliovirus vaccine (IPV)', ageInMonths: [2, 3] },
  BOPV: { name: '脊灰减毒活疫苗', english: 'Bivalent oral poliovirus vaccine (bOPV)', ageInMonths: [4, 48] },
  DTAP: { name: '百白破疫苗', english: 'Diphtheria, tetanus and acellular pertussis vaccine (DTaP)', ageInMonths: [3, 4, 5, 18] },
  DT: { name: '白破疫苗', english: 'Diphtheria and tetanus vaccine (DT)', ageInMonths: [72] },
  MMR: { name: '麻腮风疫苗', english: 'Measles, mumps and rubella vaccine (MMR)', ageInMonths: [8, 18] },
  JE_L: { name: '乙脑减毒活疫苗', english: 'Live Japanese encephalitis vaccine (JE-L)', ageInMonths: [8, 24] },
  MPSV_A: { name: 'A群流脑多糖疫苗', english: 'Group A meningococcal polysaccharide vaccine (MPSV-A)', ageInMonths: [6, 9] },
  MPSV_AC: { name: 'A群C群流脑多糖疫苗', english: 'Group A and C meningococcal polysaccharide vaccine (MPSV-AC)', ageInMonths: [36, 72] },
  HEPA_L: { name: '甲肝减毒活疫苗', english: 'Live hepatitis A vaccine (HepA-L)', ageInMonths: [18] },
};

registerEnumType(Vaccine, {
  name: 'Vaccine',
  description: 'A vaccine of the National Immunization Programme (国家免疫规划疫苗).',
  valuesConfig: Object.fromEntries(Object.entries(SCHEDULE).map(([code, { name, english }]) => [code, { description: `${english} (${name}).` }])),
});

export enum DoseStatus {
  DUE = 'DUE',
  OVERDUE = 'OVERDUE',
}
registerEnumType(DoseStatus, {
  name: 'DoseStatus',
  description: 'Where a dose not yet given stands against the schedule.',
  valuesConfig: {
    DUE: { description: `Due: the age for it was reached at most 30 days ago (应种).` },
    OVERDUE: { description: 'Overdue: not given within 30 days of the age for it (逾期未种, to be caught up 补种).' },
  },
});

/** A dose is overdue once this many days have passed since it was due (timely vaccination, 及时接种). */
export const OVERDUE_AFTER_DAYS = 30;

/** The programme ends at seven: doses are due, and children counted, from birth to their seventh birthday. */
export const PROGRAMME_YEARS = 7;

/** Every dose of the schedule as a row, in the order vaccine, dose; the SQL of the loaders takes them as arrays. */
export const SCHEDULED_DOSES: { vaccine: Vaccine; dose: number; ageInMonths: number }[] = Object.values(Vaccine).flatMap((vaccine) =>
  SCHEDULE[vaccine].ageInMonths.map((ageInMonths, index) => ({ vaccine, dose: index + 1, ageInMonths })),
);

/** The day a dose is due for a child born on `birthDate`. */
export function dueOn(birthDate: string, vaccine: Vaccine, dose: number): string {
  return addMonths(birthDate, SCHEDULE[vaccine].ageInMonths[dose - 1]);
}

export interface DoseDue {
  vaccine: Vaccine;
  dose: number;
  dueOn: string;
  status: DoseStatus;
}

/**
 * The doses a child has not had by `on` though the age for them is reached, in the order of the schedule — none once
 * the child is seven. `given` are the doses recorded by that day, as `vaccine:dose`.
 */
export function dosesDue(birthDate: string, given: ReadonlySet<string>, on: string): DoseDue[] {
  if (addMonths(birthDate, PROGRAMME_YEARS * 12) <= on) return [];
  return SCHEDULED_DOSES.flatMap(({ vaccine, dose }) => {
    const due = dueOn(birthDate, vaccine, dose);
    if (due > on || given.has(`${vaccine}:${dose}`)) return [];
    return [{ vaccine, dose, dueOn: due, status: addDays(due, OVERDUE_AFTER_DAYS) < on ? DoseStatus.OVERDUE : DoseStatus.DUE }];
  });
}
