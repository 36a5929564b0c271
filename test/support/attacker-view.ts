import type { AuditedTable, Relation, TableCell } from '../../subgraphs/kit/disclosure-audit';
import { STREET_SERIES_MONTHS } from '../../subgraphs/kit/monthly-series';
import { SCHOOL_AGE_GROUPS } from '../../subgraphs/kit/school-age';
import type { Caller, TestFederation } from './federation';

/**
 * What a determined analyst learns by reading every published figure of the five bureaus through the gateway, written
 * down the way the analyst would, without the bureaus' own tables: every figure shown, every figure withheld (null,
 * named in `suppressed`) as an unknown count of at least 1, and every relation between figures that the analyst knows
 * (README, "Decision analysis") — plus the few more that follow from the published definitions, marked below. The
 * attack (kit/disclosure-audit `attack`) then solves all of it at once, across bureaus.
 */

export const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

export type BureauName = 'public-security' | 'education' | 'human-resources' | 'civil-affairs' | 'health';

/** One figure: who publishes it, where, what (a breakdown's group) and, for a monthly series, which month (`Y2024` for a year). */
export interface FigureCell {
  bureau: BureauName;
  /** A place code, or `school:<code>` / `employer:<code>`. */
  place: string;
  measure: string;
  group?: string;
  month?: string;
}

const cellId = ({ bureau, place, measure, group, month }: FigureCell) => `${bureau}|${place}|${measure}${group ? `/${group}` : ''}${month ? `@${month}` : ''}`;
/** The same figure everywhere it is published: the cell without its place. */
const familyOf = (cell: FigureCell) => cellId({ ...cell, place: '' });

// Every figure field, per record type; the test checks this list against the composed schema.
const POPULATION = 'population { asOf registeredMigrants validPermits permitRate suppressed }';
const BY_ORIGIN = 'populationByOrigin { asOf region { code } registeredMigrants validPermits suppressed }';
const BY_ETHNICITY = 'populationByEthnicity { asOf ethnicity { code } registeredMigrants validPermits suppressed }';
const SCHOOL_AGE = 'schoolAgeChildren { asOf ageGroup count suppressed }';
const RATE = 'ageGroup schoolAgeChildren enrolled rate suppressed';
const SCHOOL_ENROLMENT = `schoolEnrolment { asOf schoolYear byAgeGroup { ${RATE} } compulsoryEducation { ${RATE} } }`;
const EMPLOYMENT =
  'employment { asOf registered employed withContract contractRate insurance { type insured rate } trained disputesOpen disputesClosed wagesRecovered suppressed }';
const RELIEF =
  'reliefAndMediation { asOf reliefCases reliefPaid reliefAmountPaid disputesFound disputesOpen settledByLevel { level settled } medianDaysToSettle servicePointVisits suppressed }';
const POPULATION_BY_MONTH = 'populationByMonth { asOf month registeredMigrants newRegistrations validPermits permitRate suppressed }';
const STREET_POPULATION_BY_MONTH = 'populationByMonth { asOf month registeredMigrants validPermits permitRate suppressed }';
const COMMUNITY_POPULATION_BY_YEAR = 'populationByYear { asOf year registeredMigrants validPermits permitRate suppressed }';
const COMMUNITY_CASES_BY_YEAR = 'casesByYear { asOf year disputesOpen suppressed }';
const COMMUNITY_EMPLOYMENT_BY_YEAR = 'employmentByYear { asOf year registered employed withContract contractRate insured insuranceRate suppressed }';
const COMMUNITY_SCHOOLING_BY_YEAR = 'schoolingByYear { asOf year enrolled suppressed }';
const SCHOOLING_BY_MONTH = 'schoolingByMonth { asOf month enrolled newEnrolments suppressed }';
const EMPLOYMENT_BY_MONTH =
  'employmentByMonth { asOf month registered employed withContract contractRate employedWithContract insured insuranceRate trainingCompleted suppressed }';
const SCHOOL_AGE_BY_MONTH = 'schoolAgeChildrenByMonth { asOf month compulsoryAge suppressed }';
const ENROLMENT_RATE_BY_MONTH = 'enrolmentRateByMonth { asOf month enrolled registered rate suppressed }';
const CASES_BY_MONTH = 'casesByMonth { asOf month reliefGranted disputesFound disputesSettled disputesOpen suppressed }';
const STREET_CASES_BY_MONTH = 'casesByMonth { asOf month disputesOpen suppressed }';
const VACCINATION = 'vaccinationCoverage { asOf children upToDate behindSchedule coverageRate suppressed }';
const CITY_OR_DISTRICT = [
  POPULATION,
  BY_ORIGIN,
  BY_ETHNICITY,
  SCHOOL_AGE,
  SCHOOL_ENROLMENT,
  EMPLOYMENT,
  RELIEF,
  POPULATION_BY_MONTH,
  SCHOOLING_BY_MONTH,
  SCHOOL_AGE_BY_MONTH,
  ENROLMENT_RATE_BY_MONTH,
  EMPLOYMENT_BY_MONTH,
  CASES_BY_MONTH,
  VACCINATION,
].join(' ');

/** The analyst's queries: the city and its districts, the streets and communities, the schools, the employers. */
export const ANALYST_QUERIES = {
  cityAndDistricts: `query CityAndDistricts { statistics { code ${CITY_OR_DISTRICT} districts { code ${CITY_OR_DISTRICT} } } }`,
  streetsAndCommunities: `query StreetsAndCommunities($from: String!, $to: String!) { statistics { districts { code
    streets { code ${POPULATION} ${STREET_POPULATION_BY_MONTH} ${RELIEF} ${STREET_CASES_BY_MONTH} communities { code } }
    communities { code ${POPULATION} ${COMMUNITY_POPULATION_BY_YEAR} ${SCHOOL_AGE} ${SCHOOL_ENROLMENT} ${COMMUNITY_SCHOOLING_BY_YEAR} ${EMPLOYMENT} ${COMMUNITY_EMPLOYMENT_BY_YEAR} ${RELIEF} ${COMMUNITY_CASES_BY_YEAR}
      servicePoint { activity(from: $from, to: $to) { month visits } } } } } }`,
  schools: 'query Schools { statistics { districts { code schools { code pupils { asOf enrolledPupils suppressed } } } } }',
  originReport: `query OriginReport($region: ID!) { originReport(region: $region) { code
    populationByDistrict { district { code } asOf registeredMigrants validPermits permitRate suppressed }
    population { asOf registeredMigrants validPermits permitRate suppressed }
    populationByMonth { asOf month registeredMigrants validPermits permitRate suppressed }
    schoolingByDistrict { district { code } asOf enrolled suppressed }
    schooling { asOf enrolled suppressed }
    schoolingByMonth { asOf month enrolled suppressed }
    cases { asOf disputesOpen suppressed }
    casesByDistrict { district { code } asOf disputesOpen suppressed }
    casesByYear { asOf year reliefGranted disputesFound disputesSettled suppressed }
    employment { asOf withContract insured suppressed }
    employmentByDistrict { district { code } asOf withContract insured suppressed }
    employmentByMonth { asOf month withContract insured suppressed }
    trainingByYear { asOf year trainingCompleted suppressed } } }`,
  employers: `query Employers($after: String) { employers(first: 100, after: $after) {
    edges { node { code workforce { asOf migrantEmployees suppressed } } } pageInfo { hasNextPage endCursor } } }`,
};

/** Places as the graph lists them: the city, its districts, their streets and communities. */
interface Geography {
  city: string;
  districts: Map<string, { streets: Map<string, string[]>; communities: string[] }>;
}

export class AttackerView {
  readonly cells = new Map<string, TableCell>();
  readonly figures = new Map<string, FigureCell>();
  readonly relations: Relation[] = [];
  /** What each relation is (same order as `relations`), for reports. */
  readonly relationKinds: string[] = [];
  /** Figures read twice (one republished by another bureau) with different answers. */
  readonly contradictions: string[] = [];
  /** Rates and amounts shown although a count they are computed from is withheld. */
  readonly giveaways: string[] = [];
  /** The cut-offs of the releases read (each record's `asOf`). */
  readonly releases = new Set<string>();
  /** Figure fields read, republished ones included. */
  fieldsRead = 0;
  months: string[] = [];
  geography: Geography = { city: '', districts: new Map() };

  get withheld(): number {
    return [...this.cells.values()].filter((cell) => cell.status === 'withheld').length;
  }

  get shown(): number {
    return [...this.cells.values()].filter((cell) => cell.status === 'published').length;
  }

  /** The table for `attack`: what was read, the unknown flows, and every relation. */
  table(): AuditedTable {
    return { cells: [...this.cells.values()], relations: this.relations };
  }

  /** A figure as read: its count, or withheld when it is null and its record names it in `suppressed`. */
  see(figure: FigureCell, count: number | null, withheld: boolean): string {
    const id = cellId(figure);
    this.fieldsRead += 1;
    if (count === null && !withheld) throw new Error(`${id} is null but not suppressed: refused, or its bureau did not answer`);
    const cell: TableCell = count === null ? { id, status: 'withheld' } : { id, status: 'published', value: count };
    const before = this.cells.get(id);
    if (before && (before.status !== cell.status || before.value !== cell.value)) {
      this.contradictions.push(`${id}: ${before.value ?? 'withheld'} and ${cell.value ?? 'withheld'}`);
    }
    if (!before || cell.status === 'published') this.cells.set(id, cell);
    this.figures.set(id, figure);
    return id;
  }

  /** A count the analyst knows exists but never sees (registrations ended in a month): an unknown ≥ 0. */
  private unseen(figure: FigureCell): string {
    const id = cellId(figure);
    if (!this.cells.has(id)) this.cells.set(id, { id, status: 'unpublished' });
    return id;
  }

  private has(figure: FigureCell): boolean {
    return this.cells.has(cellId(figure));
  }

  private id(figure: FigureCell): string {
    const id = cellId(figure);
    if (!this.cells.has(id)) throw new Error(`${id} was not read: the analyst's queries miss a published figure`);
    return id;
  }

  /** Σ left = Σ right. */
  private equal(kind: string, left: string[], right: string[]): void {
    this.relationKinds.push(kind);
    this.relations.push({ terms: [...left.map((cell) => ({ cell, coefficient: 1 })), ...right.map((cell) => ({ cell, coefficient: -1 }))] });
  }

  /** A rate or an amount computed from counts must not be shown when one of them is withheld. */
  private shownOnlyWithCounts(label: string, value: unknown, counts: string[]): void {
    if (value !== null && counts.some((id) => this.cells.get(id)!.status === 'withheld')) this.giveaways.push(label);
  }

  /** Every figure of one place's record (city, district, street or community), whichever fields it has. */
  readPlace(place: string, record: any): void {
    const suppressedIn = (figures: { suppressed: string[] }, field: string) => figures.suppressed.includes(field);
    const seeRecord = (bureau: BureauName, figures: any, fields: string[], extra: Partial<FigureCell> = {}) => {
      this.releases.add(figures.asOf);
      return fields.map((field) => this.see({ bureau, place, measure: field, ...extra }, figures[field], suppressedIn(figures, field)));
    };
    if (record.population) {
      const [registered, valid] = seeRecord('public-security', record.population, ['registeredMigrants', 'validPermits']);
      this.shownOnlyWithCounts(`${place} permitRate`, record.population.permitRate, [registered, valid]);
    }
    for (const origin of record.populationByOrigin ?? [])
      seeRecord('public-security', origin, ['registeredMigrants', 'validPermits'], { group: `origin:${origin.region.code}` });
    for (const group of record.populationByEthnicity ?? [])
      seeRecord('public-security', group, ['registeredMigrants', 'validPermits'], { group: `ethnicity:${group.ethnicity.code}` });
    for (const children of record.schoolAgeChildren ?? []) {
      this.releases.add(children.asOf);
      this.see({ bureau: 'public-security', place, measure: 'schoolAge', group: children.ageGroup }, children.count, children.suppressed);
    }
    if (record.schoolEnrolment) {
      this.releases.add(record.schoolEnrolment.asOf);
      const rates = [...record.schoolEnrolment.byAgeGroup, record.schoolEnrolment.compulsoryEducation];
      for (const rate of rates) {
        const group = rate.ageGroup ?? 'COMPULSORY';
        // Education republishes public security's children of each age group, and its compulsory total (public
        // security's series' cut-off month at the city and districts, elsewhere the groups' sum): related to the groups below.
        const registeredBy: BureauName = rate.ageGroup ? 'public-security' : 'education';
        const registered = this.see({ bureau: registeredBy, place, measure: 'schoolAge', group }, rate.schoolAgeChildren, rate.suppressed);
        const enrolled = this.see({ bureau: 'education', place, measure: 'enrolled', group }, rate.enrolled, rate.suppressed);
        this.shownOnlyWithCounts(`${place} enrolment rate ${group}`, rate.rate, [registered, enrolled]);
      }
    }
    if (record.employment) {
      const figures = record.employment;
      const [, employed, withContract, , , closed] = seeRecord('human-resources', figures, [
        'registered',
        'employed',
        'withContract',
        'trained',
        'disputesOpen',
        'disputesClosed',
      ]);
      this.shownOnlyWithCounts(`${place} contractRate`, figures.contractRate, [employed, withContract]);
      this.shownOnlyWithCounts(`${place} wagesRecovered`, figures.wagesRecovered, [closed]);
      const registered = cellId({ bureau: 'human-resources', place, measure: 'registered' });
      for (const scheme of figures.insurance) {
        const insured = this.see(
          { bureau: 'human-resources', place, measure: 'insured', group: scheme.type },
          scheme.insured,
          suppressedIn(figures, `insurance.${scheme.type}`),
        );
        this.shownOnlyWithCounts(`${place} insurance rate ${scheme.type}`, scheme.rate, [insured, registered]);
      }
    }
    if (record.reliefAndMediation) {
      const figures = record.reliefAndMediation;
      const [, paid] = seeRecord('civil-affairs', figures, ['reliefCases', 'reliefPaid', 'disputesFound', 'disputesOpen', 'servicePointVisits']);
      this.shownOnlyWithCounts(`${place} reliefAmountPaid`, figures.reliefAmountPaid, [paid]);
      for (const { level, settled } of figures.settledByLevel) {
        this.see({ bureau: 'civil-affairs', place, measure: 'settled', group: level }, settled, suppressedIn(figures, `settledByLevel.${level}`));
      }
    }
    if (record.vaccinationCoverage) {
      const figures = record.vaccinationCoverage;
      const [children, upToDate] = seeRecord('health', figures, ['children', 'upToDate', 'behindSchedule']);
      this.shownOnlyWithCounts(`${place} coverageRate`, figures.coverageRate, [children, upToDate]);
    }
    const series: [BureauName, string, string[]][] = [
      ['public-security', 'populationByMonth', ['registeredMigrants', 'newRegistrations', 'validPermits']],
      ['public-security', 'schoolAgeChildrenByMonth', ['compulsoryAge']],
      ['education', 'schoolingByMonth', ['enrolled', 'newEnrolments']],
      ['human-resources', 'employmentByMonth', ['registered', 'employed', 'withContract', 'employedWithContract', 'insured', 'trainingCompleted']],
      ['civil-affairs', 'casesByMonth', ['reliefGranted', 'disputesFound', 'disputesSettled', 'disputesOpen']],
    ];
    for (const [bureau, field, measures] of series) {
      if (!record[field]) continue;
      const months = record[field].map((month: any) => month.month);
      if (this.months.length === 0) this.months = months;
      // A street's series holds the last STREET_SERIES_MONTHS months of the others'.
      const expected = place.length === 9 ? this.months.slice(-STREET_SERIES_MONTHS) : this.months;
      if (months.join() !== expected.join()) throw new Error(`${place} ${field} covers other months than the other series`);
      for (const month of record[field]) {
        // A street's series has its stocks only (its flows are published from the district up).
        const cells = seeRecord(
          bureau,
          month,
          measures.filter((measure) => measure in month),
          { month: month.month },
        );
        if (field === 'populationByMonth')
          this.shownOnlyWithCounts(`${place} permitRate@${month.month}`, month.permitRate, [
            this.id({ bureau, place, measure: 'registeredMigrants', month: month.month }),
            this.id({ bureau, place, measure: 'validPermits', month: month.month }),
          ]);
        if (field === 'schoolAgeChildrenByMonth')
          this.readEnrolmentRate(
            place,
            record.enrolmentRateByMonth?.find((rate: any) => rate.month === month.month),
          );
        if (field === 'employmentByMonth') {
          const [registered, employed, withContract, , insured] = cells;
          this.shownOnlyWithCounts(`${place} contractRate@${month.month}`, month.contractRate, [withContract, employed]);
          this.shownOnlyWithCounts(`${place} insuranceRate@${month.month}`, month.insuranceRate, [insured, registered]);
        }
      }
    }
    // A community's stocks at each year's end (`Y2024`).
    for (const year of record.populationByYear ?? []) {
      const [registered, valid] = seeRecord('public-security', year, ['registeredMigrants', 'validPermits'], { month: `Y${year.year}` });
      this.shownOnlyWithCounts(`${place} permitRate@Y${year.year}`, year.permitRate, [registered, valid]);
    }
    for (const year of record.casesByYear ?? []) seeRecord('civil-affairs', year, ['disputesOpen'], { month: `Y${year.year}` });
    for (const year of record.employmentByYear ?? []) {
      const [registered, employed, withContract, insured] = seeRecord('human-resources', year, ['registered', 'employed', 'withContract', 'insured'], {
        month: `Y${year.year}`,
      });
      this.shownOnlyWithCounts(`${place} contractRate@Y${year.year}`, year.contractRate, [withContract, employed]);
      this.shownOnlyWithCounts(`${place} insuranceRate@Y${year.year}`, year.insuranceRate, [insured, registered]);
    }
    for (const year of record.schoolingByYear ?? []) seeRecord('education', year, ['enrolled'], { month: `Y${year.year}` });
  }

  /**
   * A month of education's compulsory-education enrolment rate: its children of compulsory-school age enrolled (its
   * own figure) over public security's registered ones, republished (the same figure as schoolAgeChildrenByMonth's).
   */
  private readEnrolmentRate(place: string, month: any): void {
    if (!month) return;
    this.releases.add(month.asOf);
    const withheld = (field: string) => month.suppressed.includes(field);
    const enrolled = this.see({ bureau: 'education', place, measure: 'compulsoryEnrolled', month: month.month }, month.enrolled, withheld('enrolled'));
    const registered = this.see({ bureau: 'public-security', place, measure: 'compulsoryAge', month: month.month }, month.registered, withheld('registered'));
    this.shownOnlyWithCounts(`${place} enrolment rate@${month.month}`, month.rate, [enrolled, registered]);
  }

  /**
   * A region's origin report: its city and district registrations are the breakdown by origin read already (the same
   * figures, which must agree), its months the city's series of the migrants from there; education's children
   * enrolled from there likewise, on the cut-off and month by month; civil affairs' open disputes in the city and each
   * district, and its flows in the city year by year; human resources' workers with a contract and insured in the city
   * and each district, and in the city month by month, and their courses completed year by year.
   */
  private readOriginReport(report: any): void {
    const group = `origin:${report.code}`;
    const seeFigures = (bureau: BureauName, place: string, figures: any, measures: string[], month?: string) => {
      this.releases.add(figures.asOf);
      for (const measure of measures) this.see({ bureau, place, measure, group, month }, figures[measure], figures.suppressed.includes(measure));
    };
    const city = this.geography.city;
    seeFigures('civil-affairs', city, report.cases, ['disputesOpen']);
    for (const row of report.casesByDistrict) seeFigures('civil-affairs', row.district.code, row, ['disputesOpen']);
    for (const year of report.casesByYear) seeFigures('civil-affairs', city, year, ['reliefGranted', 'disputesFound', 'disputesSettled'], `Y${year.year}`);
    const work = ['withContract', 'insured'];
    seeFigures('human-resources', city, report.employment, work);
    for (const row of report.employmentByDistrict) seeFigures('human-resources', row.district.code, row, work);
    for (const month of report.employmentByMonth) seeFigures('human-resources', city, month, work, month.month);
    for (const year of report.trainingByYear) seeFigures('human-resources', city, year, ['trainingCompleted'], `Y${year.year}`);
    const see = (place: string, figures: any, month?: string) => {
      this.releases.add(figures.asOf);
      const cells = ['registeredMigrants', 'validPermits'].map((measure) =>
        this.see({ bureau: 'public-security', place, measure, group, month }, figures[measure], figures.suppressed.includes(measure)),
      );
      this.shownOnlyWithCounts(`${place} ${group} permitRate${month ? `@${month}` : ''}`, figures.permitRate, cells);
    };
    see(this.geography.city, report.population);
    for (const row of report.populationByDistrict) see(row.district.code, row);
    for (const month of report.populationByMonth) see(this.geography.city, month, month.month);
    const enrolled = (place: string, figures: any, month?: string) => {
      this.releases.add(figures.asOf);
      this.see({ bureau: 'education', place, measure: 'enrolled', group, month }, figures.enrolled, figures.suppressed.includes('enrolled'));
    };
    enrolled(this.geography.city, report.schooling);
    for (const row of report.schoolingByDistrict) enrolled(row.district.code, row);
    for (const month of report.schoolingByMonth) enrolled(this.geography.city, month, month.month);
  }

  /** Reads every published figure through the gateway as the analyst. */
  async readEverything(federation: TestFederation): Promise<void> {
    const ask = async (query: string, variables?: Record<string, unknown>) => {
      const result = await federation.query(query, variables, ANALYST);
      if (result.errors) throw new Error(`the analyst's query failed: ${JSON.stringify(result.errors)}`);
      return result.data;
    };
    const { statistics } = await ask(ANALYST_QUERIES.cityAndDistricts);
    this.geography.city = statistics.code;
    this.readPlace(statistics.code, statistics);
    for (const district of statistics.districts) this.readPlace(district.code, district);
    const lastMonth = this.months[this.months.length - 1];
    const { statistics: places } = await ask(ANALYST_QUERIES.streetsAndCommunities, { from: monthsBefore(lastMonth, 11), to: lastMonth });
    for (const district of places.districts) {
      const streets = new Map<string, string[]>();
      for (const street of district.streets) {
        streets.set(
          street.code,
          street.communities.map((community: { code: string }) => community.code),
        );
        this.readPlace(street.code, street);
      }
      for (const community of district.communities) {
        this.readPlace(community.code, community);
        // Visits in the release's twelve months, public per service point: what servicePointVisits adds up.
        const visits = (community.servicePoint?.activity ?? []).map((month: { month: string; visits: number }) =>
          this.see({ bureau: 'civil-affairs', place: community.code, measure: 'serviceVisits', month: month.month }, month.visits, false),
        );
        this.equal('service-point visits', [this.id({ bureau: 'civil-affairs', place: community.code, measure: 'servicePointVisits' })], visits);
      }
      this.geography.districts.set(district.code, { streets, communities: district.communities.map((community: { code: string }) => community.code) });
    }
    const { statistics: schools } = await ask(ANALYST_QUERIES.schools);
    for (const district of schools.districts) {
      for (const { code, pupils } of district.schools) {
        this.releases.add(pupils.asOf);
        this.see(
          { bureau: 'education', place: `school:${code}`, measure: 'enrolledPupils' },
          pupils.enrolledPupils,
          pupils.suppressed.includes('enrolledPupils'),
        );
      }
    }
    // The regions of origin as the city's breakdown lists them.
    const originRegions: string[] = statistics.populationByOrigin.map((origin: { region: { code: string } }) => origin.region.code);
    for (const region of originRegions) this.readOriginReport((await ask(ANALYST_QUERIES.originReport, { region })).originReport);
    for (let after: string | null = null; ;) {
      const { employers }: any = await ask(ANALYST_QUERIES.employers, { after });
      for (const { node } of employers.edges) {
        this.releases.add(node.workforce.asOf);
        this.see(
          { bureau: 'human-resources', place: `employer:${node.code}`, measure: 'migrantEmployees' },
          node.workforce.migrantEmployees,
          node.workforce.suppressed.includes('migrantEmployees'),
        );
      }
      if (!employers.pageInfo.hasNextPage) break;
      after = employers.pageInfo.endCursor;
    }
    this.relate();
  }

  /** Every relation the analyst knows between the figures read. */
  private relate(): void {
    this.placesSumUp();
    this.breakdownsSumUp();
    this.seriesMoveByTheirFlows();
    this.flowsOfTheStreets();
    this.yearEndsOfTheCommunities();
    this.originSeries();
    this.originParts();
    this.foundMonthByMonth();
    this.beyondTheReadme();
  }

  /** The city is the sum of its districts, a district of its streets (or communities), a street of its communities. */
  private placesSumUp(): void {
    const { city, districts } = this.geography;
    const published = new Map<string, { figure: FigureCell; places: Set<string> }>();
    for (const figure of this.figures.values()) {
      const family = familyOf(figure);
      if (!published.has(family)) published.set(family, { figure, places: new Set() });
      published.get(family)!.places.add(figure.place);
    }
    // Absent from populationByEthnicity: no one of that group lives there, a shown 0.
    for (const { figure, places } of published.values()) {
      if (!figure.group?.startsWith('ethnicity:')) continue;
      for (const place of [city, ...districts.keys()]) {
        if (!places.has(place)) {
          this.cells.set(cellId({ ...figure, place }), { id: cellId({ ...figure, place }), status: 'published', value: 0 });
          places.add(place);
        }
      }
    }
    for (const { figure, places } of published.values()) {
      const sum = (total: string, parts: string[]) => {
        const read = parts.filter((part) => places.has(part));
        if (read.length === 0) return;
        if (read.length < parts.length) throw new Error(`${familyOf(figure)} is read at only some of the places in ${total}`);
        this.equal(
          'place sum',
          [this.id({ ...figure, place: total })],
          parts.map((part) => this.id({ ...figure, place: part })),
        );
      };
      if (places.has(city)) sum(city, [...districts.keys()]);
      for (const [district, { streets, communities }] of districts) {
        if (!places.has(district)) continue;
        const byStreet = [...streets.keys()].some((street) => places.has(street));
        sum(district, byStreet ? [...streets.keys()] : communities);
        if (byStreet) for (const [street, ofStreet] of streets) sum(street, ofStreet);
      }
    }
  }

  /**
   * A total is the sum of its breakdown: registered migrants and valid permits over origins and over ethnic groups;
   * compulsory education = primary + junior secondary ages (children registered and enrolled); children enrolled on
   * the cut-off day (the cut-off month's) over origins; disputes found = open + settled at each level; children under
   * seven = up to date + behind the schedule.
   */
  private breakdownsSumUp(): void {
    // The parts of each breakdown read, by bureau, place, measure and breakdown, in the order read: found in one pass
    // over the figures rather than in one per place (that took seconds).
    const breakdowns = new Map<string, FigureCell[]>();
    for (const figure of this.figures.values()) {
      const breakdown = figure.group?.match(/^(origin|ethnicity):/)?.[0];
      if (!breakdown || figure.month) continue;
      const key = `${figure.bureau}|${figure.place}|${figure.measure}|${breakdown}`;
      if (!breakdowns.has(key)) breakdowns.set(key, []);
      breakdowns.get(key)!.push(figure);
    }
    const lastMonth = this.months[this.months.length - 1];
    for (const place of this.placesRead()) {
      const ps = { bureau: 'public-security' as const, place };
      for (const measure of ['registeredMigrants', 'validPermits']) {
        for (const breakdown of ['origin:', 'ethnicity:']) {
          const parts = breakdowns.get(`public-security|${place}|${measure}|${breakdown}`) ?? [];
          if (parts.length > 0) this.equal(`${breakdown.slice(0, -1)} breakdown`, [this.id({ ...ps, measure })], parts.map(cellId));
        }
      }
      const enrolledFrom = breakdowns.get(`education|${place}|enrolled|origin:`) ?? [];
      if (enrolledFrom.length > 0) {
        this.equal('origin breakdown', [this.id({ bureau: 'education', place, measure: 'enrolled', month: lastMonth })], enrolledFrom.map(cellId));
      }
      const compulsory = ['PRIMARY_AGE', 'JUNIOR_SECONDARY_AGE'];
      if (this.has({ bureau: 'education', place, measure: 'enrolled', group: 'COMPULSORY' })) {
        this.equal(
          'compulsory enrolled',
          [this.id({ bureau: 'education', place, measure: 'enrolled', group: 'COMPULSORY' })],
          compulsory.map((group) => this.id({ bureau: 'education', place, measure: 'enrolled', group })),
        );
        this.equal(
          'compulsory school age',
          [this.id({ bureau: 'education', place, measure: 'schoolAge', group: 'COMPULSORY' })],
          compulsory.map((group) => this.id({ ...ps, measure: 'schoolAge', group })),
        );
      }
      const ca = { bureau: 'civil-affairs' as const, place };
      if (this.has({ ...ca, measure: 'disputesFound' })) {
        const settled = ['COMMUNITY', 'STREET', 'DISTRICT'].map((group) => this.id({ ...ca, measure: 'settled', group }));
        this.equal('disputes breakdown', [this.id({ ...ca, measure: 'disputesFound' })], [this.id({ ...ca, measure: 'disputesOpen' }), ...settled]);
      }
      const health = { bureau: 'health' as const, place };
      if (this.has({ ...health, measure: 'children' })) {
        this.equal(
          'vaccination breakdown',
          [this.id({ ...health, measure: 'children' })],
          [this.id({ ...health, measure: 'upToDate' }), this.id({ ...health, measure: 'behindSchedule' })],
        );
      }
    }
  }

  /**
   * Month by month a stock moves by its flows: registered = last month + new registrations − registrations ended;
   * enrolled = last month + new enrolments − enrolments ended; disputes open = last month + found − settled; valid
   * permits, jobs with a contract and migrants insured by what started and ended — flows never published being
   * unknown counts ≥ 0 — with nothing before 2013. The cut-off day's count is the stock at the end of its month
   * where both are published (registered migrants, valid permits, disputes open; migrants registered with the
   * employment service, employed and with a contract). Jobs with a contract are the migrants holding one plus the
   * further contract jobs some hold (unknown, ≥ 0).
   */
  private seriesMoveByTheirFlows(): void {
    const stocks: [BureauName, string, string | null, string | null][] = [
      ['public-security', 'registeredMigrants', 'newRegistrations', null],
      ['public-security', 'validPermits', null, null],
      ['public-security', 'compulsoryAge', null, null],
      ['education', 'enrolled', 'newEnrolments', null],
      ['education', 'compulsoryEnrolled', null, null],
      ['civil-affairs', 'disputesOpen', 'disputesFound', 'disputesSettled'],
      ['human-resources', 'registered', null, null],
      ['human-resources', 'employed', null, null],
      ['human-resources', 'withContract', null, null],
      ['human-resources', 'employedWithContract', null, null],
      ['human-resources', 'insured', null, null],
    ];
    const lastMonth = this.months[this.months.length - 1];
    for (const place of this.placesRead()) {
      for (const [bureau, stock, starts, ends] of stocks) {
        if (!this.has({ bureau, place, measure: stock, month: lastMonth })) continue;
        // A series that begins after 2013 (a street's) says nothing of the flows of its first month.
        const months = this.months.filter((month) => this.has({ bureau, place, measure: stock, month }));
        const fromScratch = months[0] === this.months[0];
        months.forEach((month, m) => {
          if (m === 0 && !fromScratch) return;
          // A published flow not published here (a street's new registrations) is an unknown part of the district's.
          const flow = (measure: string | null, kind: string) =>
            measure
              ? this.has({ bureau, place, measure, month })
                ? this.id({ bureau, place, measure, month })
                : this.unseen({ bureau, place, measure, month })
              : this.unseen({ bureau, place, measure: `${stock}:${kind}`, month });
          const now = [this.id({ bureau, place, measure: stock, month }), flow(ends, 'ended')];
          const before = [flow(starts, 'started')];
          if (m > 0) before.push(this.id({ bureau, place, measure: stock, month: months[m - 1] }));
          this.equal('stock and flow', now, before);
        });
      }
      const hr = { bureau: 'human-resources' as const, place };
      if (this.has({ ...hr, measure: 'withContract', month: lastMonth })) {
        for (const month of this.months) {
          this.equal(
            'contract jobs and people',
            [this.id({ ...hr, measure: 'employedWithContract', month })],
            [this.id({ ...hr, measure: 'withContract', month }), this.unseen({ ...hr, measure: 'employedWithContract:beyondWithContract', month })],
          );
        }
      }
      for (const [bureau, measure] of [
        ['public-security', 'registeredMigrants'],
        ['public-security', 'validPermits'],
        ['civil-affairs', 'disputesOpen'],
        ['human-resources', 'registered'],
        ['human-resources', 'employed'],
        ['human-resources', 'withContract'],
      ] as const) {
        if (this.has({ bureau, place, measure }) && this.has({ bureau, place, measure, month: lastMonth })) {
          this.equal('cut-off day = cut-off month', [this.id({ bureau, place, measure })], [this.id({ bureau, place, measure, month: lastMonth })]);
        }
      }
      this.compulsoryAgeMonths(place, lastMonth);
    }
  }

  /**
   * The children of compulsory-school age month by month: the cut-off month's registered are the primary and junior
   * secondary ages of the cut-off day, its enrolled compulsory education's enrolled of that day; and each month the
   * enrolled of that age are some of the children enrolled (the others an unknown count ≥ 0).
   */
  private compulsoryAgeMonths(place: string, lastMonth: string): void {
    const ps = { bureau: 'public-security' as const, place };
    const education = { bureau: 'education' as const, place };
    if (this.has({ ...ps, measure: 'compulsoryAge', month: lastMonth })) {
      this.equal(
        'cut-off day = cut-off month',
        [this.id({ ...ps, measure: 'compulsoryAge', month: lastMonth })],
        ['PRIMARY_AGE', 'JUNIOR_SECONDARY_AGE'].map((group) => this.id({ ...ps, measure: 'schoolAge', group })),
      );
    }
    if (!this.has({ ...education, measure: 'compulsoryEnrolled', month: lastMonth })) return;
    this.equal(
      'cut-off day = cut-off month',
      [this.id({ ...education, measure: 'enrolled', group: 'COMPULSORY' })],
      [this.id({ ...education, measure: 'compulsoryEnrolled', month: lastMonth })],
    );
    for (const month of this.months) {
      this.equal(
        'compulsory age among the enrolled',
        [this.id({ ...education, measure: 'enrolled', month })],
        [this.id({ ...education, measure: 'compulsoryEnrolled', month }), this.unseen({ ...education, measure: 'enrolled:beyondCompulsoryAge', month })],
      );
    }
  }

  /** The streets' unknown parts of a flow published from the district up add up to the district's, month by month. */
  private flowsOfTheStreets(): void {
    const flows: [BureauName, string][] = [
      ['public-security', 'newRegistrations'],
      ['civil-affairs', 'disputesFound'],
      ['civil-affairs', 'disputesSettled'],
    ];
    for (const [district, { streets }] of this.geography.districts) {
      for (const [bureau, measure] of flows) {
        for (const month of this.months) {
          const parts = [...streets.keys()]
            .map((street) => cellId({ bureau, place: street, measure, month }))
            .filter((id) => this.cells.get(id)?.status === 'unpublished');
          if (parts.length === 0) continue;
          if (parts.length < streets.size) throw new Error(`${district} ${measure}@${month}: only some of its streets have a series`);
          this.equal('streets of a flow', [this.id({ bureau, place: district, measure, month })], parts);
        }
      }
    }
  }

  /**
   * A community's stock at a year's end is held on December's last day (the cut-off in the cut-off's year): the
   * communities' year ends add up to their street's month where the street's series holds it, else to their
   * district's (education and human resources publish no street months); the year to date is the community's count
   * on the cut-off day where the bureau publishes it — for education its children enrolled of each school-age group
   * and an unknown count ≥ 0 of other ages.
   */
  private yearEndsOfTheCommunities(): void {
    const lastMonth = this.months[this.months.length - 1];
    const published = (bureau: BureauName, measure: string) => (place: string) =>
      this.has({ bureau, place, measure }) ? [this.id({ bureau, place, measure })] : null;
    const cutOffFigure: [BureauName, string, (community: string) => string[] | null][] = [
      ['public-security', 'registeredMigrants', published('public-security', 'registeredMigrants')],
      ['public-security', 'validPermits', published('public-security', 'validPermits')],
      [
        'education',
        'enrolled',
        (place) => [
          ...SCHOOL_AGE_GROUPS.map(({ group }) => this.id({ bureau: 'education', place, measure: 'enrolled', group })),
          this.unseen({ bureau: 'education', place, measure: 'enrolled:outsideSchoolAges' }),
        ],
      ],
      ['human-resources', 'registered', published('human-resources', 'registered')],
      ['human-resources', 'employed', published('human-resources', 'employed')],
      ['human-resources', 'withContract', published('human-resources', 'withContract')],
      // Insured in any scheme has no cut-off figure at a community (only each scheme's).
      ['human-resources', 'insured', () => null],
      ['civil-affairs', 'disputesOpen', published('civil-affairs', 'disputesOpen')],
    ];
    for (const [district, { streets, communities }] of this.geography.districts) {
      for (const [bureau, measure, onCutOffDay] of cutOffFigure) {
        const years = [...new Set(communities.flatMap((community) => this.yearsRead(bureau, community, measure)))];
        for (const year of years) {
          const month = year === lastMonth.slice(0, 4) ? lastMonth : `${year}-12`;
          const yearEnd = (community: string) => this.id({ bureau, place: community, measure, month: `Y${year}` });
          const byStreet = [...streets.keys()].every((street) => this.has({ bureau, place: street, measure, month }));
          if (byStreet)
            for (const [street, ofStreet] of streets)
              this.equal('year end = December', [this.id({ bureau, place: street, measure, month })], ofStreet.map(yearEnd));
          else this.equal('year end = December', [this.id({ bureau, place: district, measure, month })], communities.map(yearEnd));
        }
        for (const community of communities) {
          const cutOff = onCutOffDay(community);
          if (years.includes(lastMonth.slice(0, 4)) && cutOff)
            this.equal('cut-off day = year to date', cutOff, [this.id({ bureau, place: community, measure, month: `Y${lastMonth.slice(0, 4)}` })]);
        }
      }
    }
  }

  /** The years of a community's year ends read (`2024` of `Y2024`). */
  private yearsRead(bureau: BureauName, community: string, measure: string): string[] {
    return this.months
      .map((month) => month.slice(0, 4))
      .filter((year, i, all) => all.indexOf(year) === i && this.has({ bureau, place: community, measure, month: `Y${year}` }));
  }

  /**
   * The city's series by region of origin: each month the regions add up to the city (every region of origin is
   * listed; for human resources with the workers registered without an origin, an unknown count ≥ 0), each region's
   * stocks move by what started and ended (registrations, permits, enrolments, contracts, insurance: unknown counts
   * ≥ 0), and its last month is its count on the cut-off day.
   */
  private originSeries(): void {
    const city = this.geography.city;
    const lastMonth = this.months[this.months.length - 1];
    for (const [bureau, measure, unrecorded] of [
      ['public-security', 'registeredMigrants', false],
      ['public-security', 'validPermits', false],
      ['education', 'enrolled', false],
      ['human-resources', 'withContract', true],
      ['human-resources', 'insured', true],
    ] as const) {
      const ps = { bureau, place: city, measure };
      const groups = [
        ...new Set(
          [...this.figures.values()].filter((f) => f.bureau === bureau && f.place === city && f.measure === measure && f.month && f.group).map((f) => f.group!),
        ),
      ];
      if (groups.length === 0) continue;
      for (const month of this.months) {
        const parts = groups.map((group) => this.id({ ...ps, group, month }));
        if (unrecorded) parts.push(this.unseen({ ...ps, group: 'origin:unrecorded', month }));
        this.equal('origin breakdown by month', [this.id({ ...ps, month })], parts);
      }
      for (const group of groups) {
        this.months.forEach((month, m) => {
          const flow = (kind: string) => this.unseen({ ...ps, measure: `${measure}:${kind}`, group, month });
          const now = [this.id({ ...ps, group, month }), flow('ended')];
          const before = [flow('started')];
          if (m > 0) before.push(this.id({ ...ps, group, month: this.months[m - 1] }));
          this.equal('stock and flow', now, before);
        });
        this.equal('cut-off day = cut-off month', [this.id({ ...ps, group })], [this.id({ ...ps, group, month: lastMonth })]);
      }
    }
  }

  /**
   * Civil affairs and human resources by region of origin: in each place the regions' figures on the cut-off and, each
   * year, the city's flows of the regions add up to the bureau's own figure — civil affairs' open disputes, human
   * resources' workers with a contract and insured (that one published by month only: its cut-off month), the months
   * of that year — with the records kept without an origin (an unknown count ≥ 0).
   */
  private originParts(): void {
    const lastMonth = this.months[this.months.length - 1];
    const ofOrigin = (figure: FigureCell) =>
      (figure.bureau === 'civil-affairs' || figure.bureau === 'human-resources') &&
      figure.group?.startsWith('origin:') &&
      (!figure.month || figure.month.startsWith('Y'));
    const parts = new Map<string, FigureCell[]>();
    for (const figure of this.figures.values()) {
      if (!ofOrigin(figure)) continue;
      const whole = cellId({ ...figure, group: undefined });
      parts.set(whole, [...(parts.get(whole) ?? []), figure]);
    }
    for (const figures of parts.values()) {
      const { bureau, place, measure, month } = figures[0];
      const own = { bureau, place, measure };
      const unrecorded = this.unseen({ ...own, group: 'origin:unrecorded', month });
      const whole = month
        ? this.months.filter((m) => m.startsWith(`${month.slice(1)}-`)).map((m) => this.id({ ...own, month: m }))
        : [this.id(this.has(own) ? own : { ...own, month: lastMonth })];
      this.equal(month ? 'origin breakdown by year' : 'origin breakdown', [...figures.map(cellId), unrecorded], whole);
    }
  }

  /** Disputes found by the cut-off are those found month by month since 2013. */
  private foundMonthByMonth(): void {
    for (const place of this.placesRead()) {
      const ca = { bureau: 'civil-affairs' as const, place, measure: 'disputesFound' };
      if (this.has(ca) && this.has({ ...ca, month: this.months[0] }))
        this.equal(
          'disputes found = found month by month',
          [this.id(ca)],
          this.months.map((month) => this.id({ ...ca, month })),
        );
    }
  }

  /**
   * A relation the README does not list but the published definitions give away, which a determined analyst uses too:
   * the pupils of all schools are the children enrolled in the city at the cut-off. (servicePointVisits against the
   * service points' monthly visits is declared where both are read.)
   */
  private beyondTheReadme(): void {
    const lastMonth = this.months[this.months.length - 1];
    const pupils = [...this.figures.values()].filter((f) => f.measure === 'enrolledPupils').map(cellId);
    this.equal('pupils of all schools', [this.id({ bureau: 'education', place: this.geography.city, measure: 'enrolled', month: lastMonth })], pupils);
  }

  private placesRead(): string[] {
    return [...new Set([...this.figures.values()].map((figure) => figure.place))];
  }
}

/** The month `n` months before `month` ("YYYY-MM"). */
function monthsBefore(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
