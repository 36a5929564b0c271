import { addDays, addMonths } from '../../subgraphs/kit/dates';
import { dosesDue, DoseStatus, dueOn, SCHEDULE, SCHEDULED_DOSES, Vaccine } from '../../subgraphs/health/entities/vaccines';
import { generateHealth } from '../../subgraphs/health/seed/synthetic-vaccinations';
import { DEFAULT_AS_OF, generatePopulation } from '../../subgraphs/synthetic';

const population = [...generatePopulation({ seed: 7, size: 3000 })];
const health = generateHealth(population, { seed: 7 });

describe('the immunisation schedule', () => {
  it('has every dose of a vaccine due later than the one before it, all before seven', () => {
    for (const vaccine of Object.values(Vaccine)) {
      const ages = SCHEDULE[vaccine].ageInMonths;
      expect([vaccine, [...ages].sort((a, b) => a - b)]).toEqual([vaccine, ages]);
      expect(Math.max(...ages)).toBeLessThan(84);
    }
    expect(SCHEDULED_DOSES).toHaveLength(Object.values(SCHEDULE).reduce((sum, { ageInMonths }) => sum + ageInMonths.length, 0));
  });

  it('has a dose due from its age, overdue 31 days after, and nothing due from the seventh birthday', () => {
    const born = '2025-01-31';
    // HepB dose 2 is due at one month, the day of month clamped like PostgreSQL's date + interval.
    expect(dueOn(born, Vaccine.HEPB, 2)).toBe('2025-02-28');
    const given = new Set(SCHEDULED_DOSES.filter((d) => d.ageInMonths === 0).map((d) => `${d.vaccine}:${d.dose}`));
    expect(dosesDue(born, given, '2025-02-27')).toEqual([]);
    expect(dosesDue(born, given, '2025-02-28')).toEqual([{ vaccine: Vaccine.HEPB, dose: 2, dueOn: '2025-02-28', status: DoseStatus.DUE }]);
    expect(dosesDue(born, given, addDays('2025-02-28', 30))[0].status).toBe(DoseStatus.DUE);
    expect(dosesDue(born, given, addDays('2025-02-28', 31))[0].status).toBe(DoseStatus.OVERDUE);
    expect(dosesDue(born, new Set(), addMonths(born, 84))).toEqual([]);
  });
});

describe("health's synthetic records", () => {
  it('registers the children under seven of the population, where they live now, from birth or arrival', () => {
    const children = population.filter((p) => p.householdRole === 'CHILD' && addMonths(p.birthDate, 84) > DEFAULT_AS_OF);
    expect(health.children.map((c) => c.childId)).toEqual(children.map((c) => c.id));
    for (const child of health.children) expect(child.registeredOn >= child.birthDate).toBe(true);
  });

  it('gives doses in order, at least four weeks apart, never in the future, at a clinic of the district once the child is here', () => {
    const children = new Map(health.children.map((c) => [c.childId, c]));
    const clinics = new Map(health.clinics.map((c) => [c.code, c]));
    const last = new Map<string, string>();
    for (const dose of health.vaccinations) {
      const child = children.get(dose.childId)!;
      const series = `${dose.childId}:${dose.vaccine}`;
      if (dose.dose > 1) expect(addDays(last.get(series)!, 28) <= dose.vaccinatedOn).toBe(true);
      last.set(series, dose.vaccinatedOn);
      expect(dose.vaccinatedOn >= dueOn(child.birthDate, dose.vaccine, dose.dose) && dose.vaccinatedOn <= DEFAULT_AS_OF).toBe(true);
      if (dose.clinicCode === null) expect(dose.vaccinatedOn < child.registeredOn).toBe(true);
      else expect(clinics.get(dose.clinicCode)!.districtCode).toBe(child.communityCode.slice(0, 6));
    }
  });

  it('keeps most children up to date, as the programme reports (well over 88%)', () => {
    const given = (id: string) => new Set(health.vaccinations.filter((v) => v.childId === id).map((v) => `${v.vaccine}:${v.dose}`));
    const behind = health.children.filter((c) => dosesDue(c.birthDate, given(c.childId), DEFAULT_AS_OF).some((d) => d.status === DoseStatus.OVERDUE));
    const share = 1 - behind.length / health.children.length;
    expect(share).toBeGreaterThan(0.88);
    expect(share).toBeLessThan(0.99);
  });

  it('is the same for the same seed', () => {
    expect(generateHealth(population, { seed: 7 })).toEqual(health);
  });
});
