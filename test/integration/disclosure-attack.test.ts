import { getNamedType, GraphQLObjectType, GraphQLSchema, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { attack, AttackReport, PROTECTION_RANGE } from '../../subgraphs/kit/disclosure-audit';
import { withPrimarySuppressionOnly } from '../../subgraphs/kit/figure-table';
import { addDays, addMonths } from '../../subgraphs/kit/dates';
import { birthDateRange, SchoolAgeGroup, schoolYearOf } from '../../subgraphs/kit/school-age';
import { OVERDUE_AFTER_DAYS, PROGRAMME_YEARS, SCHEDULED_DOSES } from '../../subgraphs/health/entities/vaccines';
import { ANALYST_QUERIES, AttackerView, BureauName, FigureCell } from '../support/attacker-view';
import { startTestFederation, TestFederation } from '../support/federation';
import { loadSupergraph, typeGraphs } from '../support/supergraph';

// The issue's attack: an analyst reads every figure the bureaus publish, through the gateway, and solves all of
// it at once (kit/disclosure-audit `attack`, exact integer programming) — each bureau's release and the whole city
// across bureaus in one model. With the bureaus' protection nothing may be narrowed below the rule; with complementary
// suppression turned off (a test hook) the same attacker must pin withheld counts, each to its true count.

const FIVE_MINUTES = 300_000;
const TEN_MINUTES = 600_000;

/** Where the analyst's figures hang: the places, the schools and employers with their per-unit counts, the origin reports. */
const ROOTS = ['CityStatistics', 'District', 'Street', 'Community', 'School', 'Employer', 'OriginReport'];
/** The numbers reachable from there that the analyst's queries do not read, and why they are no counts of people. */
const NOT_READ: Record<string, string> = {
  'School.capacity': 'places a school has, set by the bureau',
  'ServicePoint.openedYear': 'a year',
  'ServicePoint.funding': 'money of a service point',
  'ServicePoint.cityShare': 'money of a service point',
  'ServicePoint.districtShare': 'money of a service point',
  'ServicePointMonth.servicesGiven': 'services given, not people; published in full and related to nothing withheld',
  'School.enrolledPupils': 'deprecated: the count read as School.pupils.enrolledPupils',
  'Employer.migrantEmployees': 'deprecated: the count read as Employer.workforce.migrantEmployees',
  'RolloutYear.year': 'a year',
  'RolloutYear.plannedNew': 'service points planned',
  'RolloutYear.plannedCumulative': 'service points planned',
  'RolloutYear.targetShare': 'a planned share of communities',
  'RolloutYear.opened': 'service points opened',
  'RolloutYear.openedCumulative': 'service points open',
  'RolloutYear.coverage': 'a share of communities',
  'ServicePointSpending.windows': 'service windows funded',
  'ServicePointSpending.total': 'money',
  'ServicePointSpending.cityShare': 'money',
  'ServicePointSpending.districtShare': 'money',
  'ServicePointSpending.capPerWindow': 'money',
};
const NUMBERS = new Set(['Int', 'Float', 'Money']);

/**
 * Every number reachable from the roots through figure records (not through other entities, nor through lists of
 * records), and the types walked.
 */
function publishedNumbers(schema: GraphQLSchema): { numbers: Set<string>; types: Set<string> } {
  const numbers = new Set<string>();
  const visited = new Set<string>();
  const walk = (type: GraphQLObjectType) => {
    if (visited.has(type.name)) return;
    visited.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (NUMBERS.has(named.name)) numbers.add(`${type.name}.${field.name}`);
      const entity = isObjectType(named) && typeGraphs(named).some(({ key }) => key);
      if (isObjectType(named) && !entity && !named.name.endsWith('Connection')) walk(named);
    }
  };
  for (const root of ROOTS) walk(schema.getType(root) as GraphQLObjectType);
  return { numbers, types: visited };
}

/** The fields the analyst's queries read (`Type.field`). */
function fieldsRead(schema: GraphQLSchema): Set<string> {
  const read = new Set<string>();
  for (const query of Object.values(ANALYST_QUERIES)) {
    const typeInfo = new TypeInfo(schema);
    visit(parse(query), visitWithTypeInfo(typeInfo, { Field: () => void read.add(`${typeInfo.getParentType()!.name}.${typeInfo.getFieldDef()!.name}`) }));
  }
  return read;
}

/** The last day counted in a month: its last day, or the cut-off in the cut-off's month. */
const lastDayCounted = (month: string, asOf: string) => {
  const last = addDays(addMonths(`${month}-01`, 1), -1);
  return last < asOf ? last : asOf;
};

/**
 * A figure's true count, straight from its bureau's database in SQL written here from the figure's definition (not
 * the bureau's loaders): what a withheld figure was.
 */
async function trueCount(federation: TestFederation, figure: FigureCell, asOf: string): Promise<number> {
  const { bureau, place, measure, group, month } = figure;
  // A year (`Y2024`) is counted like a month from its first day to its last, or to the cut-off.
  const year = month?.startsWith('Y') ? month.slice(1) : null;
  const day = year ? (`${year}-12-31` < asOf ? `${year}-12-31` : asOf) : month ? lastDayCounted(month, asOf) : asOf;
  const monthStart = year ? `${year}-01-01` : month ? `${month}-01` : '';
  const count = async (of: BureauName, sql: string, params: unknown[]) => {
    const [row] = await federation.subgraphs[of].database.dataSource.query(sql, params);
    return Number(row.n);
  };
  // Codes nest: a place's records are those whose community code starts with its code; the city holds them all.
  const within = (column: string) => (place === '640100' ? 'true' : `left(${column}, ${place.length}) = '${place.replace(/\D/g, '')}'`);
  const bornIn = (column: string, ageGroups: string[], schoolYear = schoolYearOf(asOf)) =>
    `(${ageGroups
      .map((g) => birthDateRange(g as SchoolAgeGroup, schoolYear))
      .map(({ bornAfter, bornOnOrBefore }) => `(${column} > '${bornAfter}' AND ${column} <= '${bornOnOrBefore}')`)
      .join(' OR ')})`;
  const compulsory = ['PRIMARY_AGE', 'JUNIOR_SECONDARY_AGE'];
  // Civil affairs and human resources by origin: the applicant's, first party's or worker's household registration place.
  const ofOrigin = group?.startsWith('origin:') ? `AND origin_region_code = '${group.slice('origin:'.length).replace(/\D/g, '')}'` : '';
  const key = `${bureau} ${measure}${month ? ' monthly' : ''}`;
  switch (key) {
    case 'public-security registeredMigrants':
    case 'public-security registeredMigrants monthly':
    case 'public-security validPermits':
    case 'public-security validPermits monthly': {
      const valid =
        measure === 'validPermits'
          ? `AND EXISTS (SELECT 1 FROM residence_permit rp WHERE rp.person_id = r.person_id AND rp.valid_from <= $1 AND rp.valid_until >= $1
             AND (rp.revoked_on IS NULL OR rp.revoked_on > $1))`
          : '';
      const [by, code] = group?.split(':') ?? [];
      const ofGroup = by === 'origin' ? `AND p.origin_region_code = '${code}'` : by === 'ethnicity' ? `AND p.ethnicity_code = '${code}'` : '';
      return count(
        'public-security',
        `SELECT count(*) AS n FROM residence_registration r JOIN person p ON p.id = r.person_id
        WHERE r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1) AND ${within('r.community_code')} ${valid} ${ofGroup}`,
        [day],
      );
    }
    case 'public-security newRegistrations monthly':
      return count(
        'public-security',
        `SELECT count(*) AS n FROM residence_registration r WHERE r.registered_on BETWEEN $1 AND $2 AND ${within('r.community_code')}`,
        [monthStart, day],
      );
    case 'public-security schoolAge':
      return count(
        'public-security',
        `SELECT count(*) AS n FROM residence_registration r JOIN person p ON p.id = r.person_id
        WHERE r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1) AND ${within('r.community_code')} AND ${bornIn('p.birth_date', [group!])}`,
        [day],
      );
    case 'public-security compulsoryAge monthly':
      return count(
        'public-security',
        `SELECT count(*) AS n FROM residence_registration r JOIN person p ON p.id = r.person_id
        WHERE r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1) AND ${within('r.community_code')}
          AND ${bornIn('p.birth_date', compulsory, schoolYearOf(day))}`,
        [day],
      );
    case 'education compulsoryEnrolled monthly':
      return count(
        'education',
        `SELECT count(*) AS n FROM enrolment e WHERE e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1)
          AND ${within('e.home_community_code')} AND ${bornIn('e.child_birth_date', compulsory, schoolYearOf(day))}`,
        [day],
      );
    case 'education schoolAge': {
      let sum = 0;
      for (const ageGroup of compulsory) sum += await trueCount(federation, { bureau: 'public-security', place, measure, group: ageGroup }, asOf);
      return sum;
    }
    case 'education enrolled':
    case 'education enrolled monthly': {
      // By age group, or by household registration place (origin:620000), or all.
      const [by, code] = group?.split(':') ?? [];
      const ofGroup =
        by === 'origin' ? `e.origin_region_code = '${code}'` : !group ? 'true' : bornIn('e.child_birth_date', group === 'COMPULSORY' ? compulsory : [group]);
      return count(
        'education',
        `SELECT count(*) AS n FROM enrolment e
        WHERE e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1) AND ${within('e.home_community_code')} AND ${ofGroup}`,
        [day],
      );
    }
    case 'education newEnrolments monthly':
      return count('education', `SELECT count(*) AS n FROM enrolment e WHERE e.enrolled_on BETWEEN $1 AND $2 AND ${within('e.home_community_code')}`, [
        monthStart,
        day,
      ]);
    case 'education enrolledPupils':
      return count(
        'education',
        `SELECT count(*) AS n FROM enrolment e WHERE e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1) AND e.school_code = $2`,
        [day, place.slice('school:'.length)],
      );
    case 'human-resources registered':
    case 'human-resources registered monthly':
    case 'human-resources employed':
    case 'human-resources employed monthly':
    case 'human-resources withContract':
    case 'human-resources withContract monthly':
    case 'human-resources insured':
    case 'human-resources trained': {
      const holds: Record<string, string> = {
        registered: 'true',
        employed: 'EXISTS (SELECT 1 FROM employment e WHERE e.person_id = w.person_id AND e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1))',
        withContract: `EXISTS (SELECT 1 FROM employment e WHERE e.person_id = w.person_id AND e.contract_signed AND e.start_date <= $1
          AND (e.end_date IS NULL OR e.end_date >= $1))`,
        // By scheme, actively insured; by origin, insured in any scheme whatever its status (as month by month).
        insured: `EXISTS (SELECT 1 FROM social_insurance s WHERE s.person_id = w.person_id
          AND ${ofOrigin ? 'true' : `s.status = 'ACTIVE' AND s.type = '${group}'`} AND s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $1))`,
        trained: 'EXISTS (SELECT 1 FROM training t WHERE t.person_id = w.person_id AND t.completed AND t.end_date <= $1)',
      };
      return count(
        'human-resources',
        `SELECT count(*) AS n FROM worker w WHERE w.registered_on <= $1 AND ${within('w.community_code')} AND ${holds[measure]} ${ofOrigin}`,
        [day],
      );
    }
    case 'human-resources disputesOpen':
    case 'human-resources disputesClosed': {
      const state = measure === 'disputesOpen' ? '(d.closed_on IS NULL OR d.closed_on > $1)' : 'd.closed_on <= $1';
      return count(
        'human-resources',
        `SELECT count(*) AS n FROM labour_dispute d JOIN worker w ON w.person_id = d.person_id
        WHERE w.registered_on <= $1 AND d.filed_on <= $1 AND ${state} AND ${within('w.community_code')}`,
        [day],
      );
    }
    case 'human-resources employedWithContract monthly':
      return count(
        'human-resources',
        `SELECT count(*) AS n FROM employment e JOIN worker w ON w.person_id = e.person_id
        WHERE e.contract_signed AND e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1) AND ${within('w.community_code')}`,
        [day],
      );
    case 'human-resources insured monthly':
      return count(
        'human-resources',
        `SELECT count(DISTINCT s.person_id) AS n FROM social_insurance s JOIN worker w ON w.person_id = s.person_id
        WHERE w.registered_on <= $1 AND s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $1) AND ${within('w.community_code')} ${ofOrigin}`,
        [day],
      );
    case 'human-resources trainingCompleted monthly':
      return count(
        'human-resources',
        `SELECT count(*) AS n FROM training t JOIN worker w ON w.person_id = t.person_id
        WHERE t.completed AND t.end_date BETWEEN $1 AND $2 AND ${within('w.community_code')} ${ofOrigin}`,
        [monthStart, day],
      );
    case 'human-resources migrantEmployees':
      return count(
        'human-resources',
        `SELECT count(*) AS n FROM employment e WHERE e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1) AND e.employer_code = $2`,
        [day, place.slice('employer:'.length)],
      );
    case 'civil-affairs reliefCases':
      return count('civil-affairs', `SELECT count(*) AS n FROM relief_case WHERE applied_on <= $1 AND ${within('community_code')}`, [day]);
    case 'civil-affairs reliefPaid':
      return count('civil-affairs', `SELECT count(*) AS n FROM relief_case WHERE status = 'PAID' AND paid_on <= $1 AND ${within('community_code')}`, [day]);
    case 'civil-affairs disputesFound':
      return count('civil-affairs', `SELECT count(*) AS n FROM dispute_case WHERE found_on <= $1 AND ${within('community_code')}`, [day]);
    case 'civil-affairs disputesOpen':
    case 'civil-affairs disputesOpen monthly':
      return count(
        'civil-affairs',
        `SELECT count(*) AS n FROM dispute_case WHERE found_on <= $1 AND (closed_on IS NULL OR closed_on > $1) AND ${within('community_code')} ${ofOrigin}`,
        [day],
      );
    case 'civil-affairs settled':
      return count(
        'civil-affairs',
        `SELECT count(*) AS n FROM dispute_case WHERE found_on <= $1 AND closed_on <= $1 AND level = $2 AND ${within('community_code')}`,
        [day, group],
      );
    case 'civil-affairs servicePointVisits':
      return count(
        'civil-affairs',
        `SELECT coalesce(sum(visits), 0) AS n FROM service_point_month
        WHERE month > to_char($1::date - interval '12 months', 'YYYY-MM') AND month <= to_char($1::date, 'YYYY-MM') AND ${within('community_code')}`,
        [day],
      );
    case 'civil-affairs reliefGranted monthly':
      return count(
        'civil-affairs',
        `SELECT count(*) AS n FROM relief_case WHERE status IN ('APPROVED', 'PAID') AND decided_on BETWEEN $1 AND $2 AND ${within('community_code')} ${ofOrigin}`,
        [monthStart, day],
      );
    case 'civil-affairs disputesFound monthly':
      return count('civil-affairs', `SELECT count(*) AS n FROM dispute_case WHERE found_on BETWEEN $1 AND $2 AND ${within('community_code')} ${ofOrigin}`, [
        monthStart,
        day,
      ]);
    case 'civil-affairs disputesSettled monthly':
      return count('civil-affairs', `SELECT count(*) AS n FROM dispute_case WHERE closed_on BETWEEN $1 AND $2 AND ${within('community_code')} ${ofOrigin}`, [
        monthStart,
        day,
      ]);
    case 'health children':
    case 'health upToDate':
    case 'health behindSchedule': {
      // Behind: a dose of the schedule more than OVERDUE_AFTER_DAYS past its age and not given by the day.
      const behind = `EXISTS (SELECT 1 FROM unnest($2::varchar[], $3::int[], $4::int[]) AS s(vaccine, dose, months)
        WHERE (c.birth_date + make_interval(months => s.months))::date + ${OVERDUE_AFTER_DAYS} < $1::date
          AND NOT EXISTS (SELECT 1 FROM vaccination v WHERE v.child_id = c.child_id AND v.vaccine = s.vaccine AND v.dose = s.dose AND v.vaccinated_on <= $1))`;
      const holds: Record<string, string> = { children: 'true', upToDate: `NOT ${behind}`, behindSchedule: behind };
      return count(
        'health',
        `SELECT count(*) AS n FROM registered_child c WHERE c.registered_on <= $1 AND c.birth_date <= $1
        AND c.birth_date + interval '${PROGRAMME_YEARS} years' > $1::date AND ${within('c.community_code')} AND ${holds[measure]}`,
        [day, SCHEDULED_DOSES.map((d) => d.vaccine), SCHEDULED_DOSES.map((d) => d.dose), SCHEDULED_DOSES.map((d) => d.ageInMonths)],
      );
    }
    default:
      throw new Error(`no true count written for ${key}`);
  }
}

const relationsByKind = (view: AttackerView) => {
  const kinds = new Map<string, number>();
  for (const kind of view.relationKinds) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
};

/** Reads everything as the analyst and attacks it; prints what was read, withheld and found. */
async function readAndAttack(federation: TestFederation, label: string): Promise<{ view: AttackerView; report: AttackReport }> {
  const view = new AttackerView();
  const reading = performance.now();
  await view.readEverything(federation);
  const readMs = Math.round(performance.now() - reading);
  const report = await attack(view.table());
  const pinned = report.disclosed.filter(({ interval }) => interval.min === interval.max).length;
  const withheldBy = new Map<string, number>();
  for (const [id, cell] of view.cells) {
    if (cell.status === 'withheld') withheldBy.set(view.figures.get(id)!.bureau, (withheldBy.get(view.figures.get(id)!.bureau) ?? 0) + 1);
  }
  console.log(
    `${label}: ${view.fieldsRead} figures read through the gateway in ${readMs} ms, ` +
      `${view.shown + view.withheld} distinct cells (${view.withheld} withheld: ${[...withheldBy]
        .sort()
        .map(([bureau, n]) => `${bureau} ${n}`)
        .join(', ')}), ` +
      `${view.relations.length} relations (${relationsByKind(view)}); ` +
      `attack ${report.milliseconds} ms over ${report.components} groups of hidden cells (largest ${report.largestComponent}), ` +
      `${report.solves} LPs (${report.integerSolves} integer); ${report.disclosed.length} narrowed below the rule, ${pinned} pinned`,
  );
  return { view, report };
}

// One model for the whole city: each bureau alone knows less (fewer relations, so every interval at least as wide),
// so nothing narrowed across bureaus means nothing narrowed in any one bureau's release.
/** What the attacker read of the bureaus' protected releases, and what the attack found. */
let protectedRun: { view: AttackerView; report: AttackReport };
/** The same with complementary suppression off: only counts of 1–9 withheld. Its federation stays up for true counts. */
let primaryOnlyRun: { view: AttackerView; report: AttackReport };
let primaryOnlyFederation: TestFederation;

beforeAll(async () => {
  const federation = await startTestFederation();
  try {
    protectedRun = await readAndAttack(federation, 'protected releases');
  } finally {
    await federation.stop();
  }
  // Releases counted at the federation's start while the hook is on, and read while it still is.
  primaryOnlyRun = await withPrimarySuppressionOnly(async () => {
    primaryOnlyFederation = await startTestFederation({ releases: 'primary-suppression-only' });
    return readAndAttack(primaryOnlyFederation, 'counts of 1–9 withheld only');
  });
}, TEN_MINUTES);

afterAll(async () => {
  await primaryOnlyFederation?.stop();
});

describe('every figure of the five bureaus, read through the gateway and attacked across bureaus', () => {
  let view: AttackerView;
  let report: AttackReport;
  beforeAll(() => ({ view, report } = protectedRun));

  it('reads every figure field of the composed schema', () => {
    const schema = loadSupergraph();
    const read = fieldsRead(schema);
    const { numbers, types } = publishedNumbers(schema);
    expect([...numbers].filter((field) => !read.has(field)).sort()).toEqual(Object.keys(NOT_READ).sort());
    // Every record of a release (it says its cut-off, asOf) hangs where the walk looks.
    const releaseRecords = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && 'asOf' in type.getFields());
    expect(releaseRecords.length).toBeGreaterThanOrEqual(10);
    expect(releaseRecords.map((type) => type.name).filter((name) => !types.has(name))).toEqual([]);
  });

  it('reads one release per bureau, the same figure the same wherever it is published, no rate or sum beside a withheld count', () => {
    expect(view.releases.size).toBe(1);
    expect(view.withheld).toBeGreaterThan(0);
    expect(view.contradictions).toEqual([]);
    expect(view.giveaways).toEqual([]);
  });

  it('narrows no withheld cell below the rule, solving all five bureaus at once', () => {
    expect(report.disclosed.slice(0, 10)).toEqual([]);
    expect(report.intervals.size).toBe(view.withheld);
    for (const interval of report.intervals.values()) expect(interval.max - interval.min).toBeGreaterThanOrEqual(PROTECTION_RANGE);
  });
});

describe('the same attacker against releases with complementary suppression turned off', () => {
  let federation: TestFederation;
  let view: AttackerView;
  let report: AttackReport;
  beforeAll(() => {
    ({ view, report } = primaryOnlyRun);
    federation = primaryOnlyFederation;
  });

  it(
    'pins withheld counts down, each to the count in its bureau database',
    async () => {
      const pinned = report.disclosed.filter(({ interval }) => interval.min === interval.max);
      expect(pinned.length).toBeGreaterThan(0);
      const [asOf] = view.releases;
      const wrong: string[] = [];
      for (const { id, interval } of report.disclosed) {
        const truth = await trueCount(federation, view.figures.get(id)!, asOf);
        if (truth < interval.min || truth > interval.max) wrong.push(`${id}: attack says ${interval.min}–${interval.max}, the database ${truth}`);
      }
      expect(wrong).toEqual([]);
      // In every bureau's release: the attacker's model of each one has teeth.
      const bureaus = new Set(pinned.map(({ id }) => view.figures.get(id)!.bureau));
      expect([...bureaus].sort()).toEqual(Object.keys(federation.subgraphs).sort());
      console.log(
        `pinned with primary suppression only: ${pinned.length} cells of ${[...bureaus].sort().join(', ')} (e.g. ${pinned
          .slice(0, 3)
          .map(({ id, interval }) => `${id} = ${interval.min}`)
          .join('; ')})`,
      );
    },
    FIVE_MINUTES,
  );
});

/**
 * Protection withholds no more than the rule needs. Without complementary suppression exactly the counts of 1–9 are
 * withheld, so the cells withheld only with it on are the complements. Each must hide a count of 1–9: share a relation
 * with one, directly or through other withheld cells — a complement tied to no small count protects nothing. And
 * they stay few beside the small counts they protect (the solver minimises what it withholds).
 */
describe('complementary suppression, bounded', () => {
  const withheldIds = (view: AttackerView) => new Set([...view.cells.values()].filter((cell) => cell.status === 'withheld').map((cell) => cell.id));

  it('withholds every count of 1–9, and besides them only a few cells, each tied through relations to one of them', () => {
    const primary = withheldIds(primaryOnlyRun.view);
    const withheld = withheldIds(protectedRun.view);
    expect([...primary].filter((id) => !withheld.has(id)).slice(0, 10)).toEqual([]);
    const complements = [...withheld].filter((id) => !primary.has(id));
    // Withheld cells linked by a relation they both appear in: each complement must reach a small count.
    const linked = new Map<string, string[]>();
    for (const relation of protectedRun.view.relations) {
      const hidden = relation.terms.map((term) => term.cell).filter((id) => withheld.has(id));
      for (const id of hidden) linked.set(id, [...(linked.get(id) ?? []), ...hidden.filter((other) => other !== id)]);
    }
    const reachesSmallCount = (start: string) => {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        const id = queue.shift()!;
        if (primary.has(id)) return true;
        for (const next of linked.get(id) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return false;
    };
    expect(complements.filter((id) => !reachesSmallCount(id)).slice(0, 10)).toEqual([]);
    expect(complements.length).toBeGreaterThan(0);
    // 3% at the test population (652 complements for 18,979 small counts): a quarter leaves room for a changed
    // population, not for a table withheld whole.
    expect(complements.length).toBeLessThan(primary.size / 4);
    console.log(`withheld: ${primary.size} counts of 1–9 and ${complements.length} complements (${((100 * complements.length) / primary.size).toFixed(0)}%)`);
  });
});
