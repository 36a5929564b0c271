import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kind, parse, valueFromASTUntyped, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import pg from 'pg';
import { dashboardQueries } from './dashboard-queries';
import { rollout, spending } from '../subgraphs/civil-affairs/resolvers/rollout-resolvers';
import type { DistrictKind } from '../subgraphs/civil-affairs/entities/district';
import type { ServicePoint } from '../subgraphs/civil-affairs/entities/service-point';
import { today } from '../subgraphs/kit/dates';
import { nestedBreakdown, shownIf, withRate } from '../subgraphs/kit/disclosure';
import { monthByMonth, requireMonthRange } from '../subgraphs/kit/monthly-series';
import { CITY } from '../subgraphs/kit/places';
import { PublishedTable, type PublishedCells } from '../subgraphs/kit/published-table';
import { loadEthnicGroups, loadOriginRegions } from '../subgraphs/kit/reference-data';
import { ethnicityByCode, regionByCode } from '../subgraphs/kit/reference-types';
import { byOrigin } from '../subgraphs/kit/origin-measures';
import { byEthnicity } from '../subgraphs/public-security/loaders/population-figures';
import { InsuranceType } from '../subgraphs/human-resources/entities/enums';
import { insuredIn } from '../subgraphs/human-resources/loaders/employment-figures';

/**
 * The direct-SQL floor of `npm run bench`: what each workload costs with the best hand-written SQL straight against
 * the bureaus' databases, no GraphQL, no federation, no access checks. It answers the same JSON as the gateway (same
 * fields, same order), and the bench checks that before it measures. Each request sends at most one statement to each
 * bureau database it needs. The databases are found by the tables they hold, so no bureau is named here.
 */

export const RESIDENCE = `currentResidence { address community { code name street { name } district { name } } } residencePermits { number status }`;
// Within the gateway's query cost limit at a page of 100 (QUERY_MAX_COST).
export const WORK_AND_SCHOOL = `employments { jobTitle employer { name } } childrenInSchool { grade school { name } }`;
/** A page of 20 of a district ($district). */
export const PAGE_20 = `query BenchPage20($district: ID!) { persons(filter: { districtCode: $district }, first: 20) { totalCount edges { node { id name ${RESIDENCE} } } } }`;
/** A page of 100 of a district ($district), with jobs and children in school. */
export const PAGE_100 = `query BenchPage100($district: ID!) { persons(filter: { districtCode: $district }, first: 100) { totalCount edges { node { id name ${RESIDENCE} ${WORK_AND_SCHOOL} } } } }`;
/** One person ($id) across four bureaus. */
export const ONE_PERSON = `query BenchPerson($id: ID!) { person(id: $id) { id name ${RESIDENCE} ${WORK_AND_SCHOOL} socialInsurance { type status } reliefCases { kind status appliedOn } } }`;

/** The bench's person, of a page of 100's nodes: one with children in school and a job where there is one. */
export function benchPerson(nodes: { id: string; childrenInSchool?: unknown[] | null; employments?: unknown[] | null }[]): { id: string } {
  const person = nodes.find((node) => node.childrenInSchool?.length && node.employments?.length) ?? nodes[0];
  if (!person) throw new Error('the page holds no person');
  return person;
}

/** The dashboard's panels (gateway/dashboard/queries/*.graphql), by file name, as the page sends them. */
type Variables = Record<string, unknown>;

export interface Floor {
  url: string;
  stop(): Promise<void>;
}

// The day in UTC, as kit/dates `today()` decides permit status.
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const STATUS = `CASE WHEN revoked_on IS NOT NULL AND revoked_on <= ${TODAY} THEN 'REVOKED' WHEN valid_until < ${TODAY} THEN 'EXPIRED'
  WHEN valid_from > ${TODAY} THEN 'NOT_YET_VALID' ELSE 'VALID' END`;
const PERMITS = `(SELECT coalesce(json_agg(json_build_object('number', number, 'status', ${STATUS}) ORDER BY valid_from DESC, id DESC), '[]')
  FROM residence_permit WHERE person_id = p.id) AS permits`;

/**
 * A district's page walks the partial index of current residences in person order; the count adds up the district's
 * rows of current resident counts (public security's current_resident_change, kept by triggers).
 */
const DISTRICT_PAGE = `SELECT p.id, p.family_name || p.given_name AS name, r.address, r.community_code, ${PERMITS},
    (SELECT coalesce(sum(c.change), 0)::int FROM current_resident_change c WHERE c.district_code = $1) AS total_count
  FROM person p JOIN residence_registration r ON r.person_id = p.id AND r.ended_on IS NULL
  WHERE r.district_code = $1 ORDER BY r.person_id LIMIT $2`;

const ONE_PERSON_ROW = `SELECT p.id, p.family_name || p.given_name AS name, r.address, r.community_code, ${PERMITS}
  FROM person p LEFT JOIN residence_registration r ON r.person_id = p.id AND r.ended_on IS NULL WHERE p.id = $1`;

const PLACES = `SELECT c.code, c.name_zh AS name, s.name_zh AS street, d.name_zh AS district
  FROM community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = c.district_code WHERE c.code = ANY($1::varchar[])`;

// Each list in the order its subgraph's loader reads it.
const JOBS = (ids = '$1') => `SELECT e.person_id AS id, json_agg(json_build_object('jobTitle', e.job_title, 'employer', CASE WHEN m.code IS NULL THEN NULL
    ELSE json_build_object('name', m.name) END) ORDER BY e.start_date DESC, e.id DESC) AS list
  FROM employment e LEFT JOIN employer m ON m.code = e.employer_code WHERE e.person_id = ANY(${ids}::varchar[]) GROUP BY e.person_id`;
const INSURANCE = (ids = '$1') => `SELECT person_id AS id, json_agg(json_build_object('type', type, 'status', status) ORDER BY type, start_date DESC) AS list
  FROM social_insurance WHERE person_id = ANY(${ids}::varchar[]) GROUP BY person_id`;
const CHILDREN_IN_SCHOOL = (
  ids = '$1',
) => `SELECT e.guardian_id AS id, json_agg(json_build_object('grade', e.grade, 'school', CASE WHEN s.code IS NULL THEN NULL
    ELSE json_build_object('name', s.name) END) ORDER BY e.child_id) AS list
  FROM enrolment e LEFT JOIN school s ON s.code = e.school_code WHERE e.guardian_id = ANY(${ids}::varchar[]) AND e.ended_on IS NULL GROUP BY e.guardian_id`;
const RELIEF = (
  ids = '$1',
) => `SELECT person_id AS id, json_agg(json_build_object('kind', kind, 'status', status, 'appliedOn', applied_on) ORDER BY applied_on DESC, id DESC) AS list
  FROM relief_case WHERE person_id = ANY(${ids}::varchar[]) GROUP BY person_id`;

/** One person's jobs and insurance (human resources), and their community's places and relief cases (civil affairs). */
const PERSON_WORK = `SELECT (SELECT list FROM (${JOBS()}) x) AS jobs, (SELECT list FROM (${INSURANCE()}) y) AS insurance`;
const PERSON_CIVIL = `SELECT (SELECT coalesce(json_agg(json_build_object('code', code, 'name', name, 'street', street, 'district', district)), '[]')
    FROM (${PLACES}) x) AS places,
  (SELECT list FROM (${RELIEF('$2')}) y) AS relief`;

/** The districts by code, with (for the roll-out and spending) their communities counted and their service points. */
const DISTRICTS = `SELECT d.code, d.name_zh AS name, d.name_en AS "nameEn", d.kind FROM district d ORDER BY d.code`;
const DISTRICTS_WITH_POINTS = `SELECT d.code, d.name_zh AS name, d.name_en AS "nameEn", d.kind,
    (SELECT count(*)::int FROM community c WHERE c.district_code = d.code) AS communities,
    (SELECT coalesce(json_agg(json_build_object('name', sp.name_zh, 'openedYear', sp.opened_year, 'funding', sp.funding_yuan::text,
        'cityShare', sp.city_share_yuan::text, 'districtShare', sp.district_share_yuan::text, 'community', json_build_object('name', c.name_zh))
        ORDER BY sp.opened_year, sp.community_code), '[]')
       FROM service_point sp JOIN community c ON c.code = sp.community_code WHERE left(sp.community_code, 6) = d.code) AS points
  FROM district d ORDER BY d.code`;

/**
 * The cells of the latest stored release that a panel reads: of the table at `$1` (a path into its content), the
 * places matching `$2` and, of each, the measures matching `$3` — read in the database, so only those cross the wire.
 */
const RELEASE_CELLS = `SELECT r.as_of::text AS as_of,
    (SELECT coalesce(jsonb_object_agg(p.key, (SELECT coalesce(jsonb_object_agg(m.key, m.value), '{}') FROM jsonb_each(p.value) m WHERE m.key ~ $3)), '{}')
       FROM jsonb_each(r.content #> $1::text[]) p WHERE p.key ~ $2) AS cells
  FROM statistics_release r ORDER BY r.as_of DESC LIMIT 1`;
/** Civil affairs' service-point visits in the 12 months up to its latest release, by place (never withheld). */
const SERVICE_POINT_VISITS = `SELECT r.content -> 'servicePointVisits' AS visits FROM statistics_release r ORDER BY r.as_of DESC LIMIT 1`;
/** A district's or the city's code (streets have 9 digits, communities 12). */
const CITY_AND_DISTRICTS = '^[0-9]{6}$';
const CITY_ONLY = `^${CITY.code}$`;

interface DistrictRow {
  code: string;
  name: string;
  nameEn: string;
  kind: DistrictKind;
  communities?: number;
  points?: (Pick<ServicePoint, 'name' | 'openedYear' | 'funding' | 'cityShare' | 'districtShare'> & { community: { name: string } })[];
}

async function poolHolding(pools: pg.Pool[], table: string): Promise<pg.Pool> {
  for (const pool of pools) {
    const { rows } = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`public.${table}`]);
    if (rows[0].present) return pool;
  }
  throw new Error(`no database holds the table ${table}`);
}

/** The value as the selection set picks it, field by field in its order (what a GraphQL server does). */
function project(value: unknown, selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): unknown {
  if (!selectionSet || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => project(item, selectionSet, fragments));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const pick = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD)
        out[selection.alias?.value ?? selection.name.value] = project(source[selection.name.value], selection.selectionSet, fragments);
      else if (selection.kind === Kind.INLINE_FRAGMENT) pick(selection.selectionSet);
      else pick(fragments.get(selection.name.value)!.selectionSet);
    }
  };
  pick(selectionSet);
  return out;
}

/** The arguments of the first field named `name` in the document, with the request's variables. */
function fieldArguments(document: DocumentNode, name: string, variables: Variables): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (found) return;
      if (selection.kind !== Kind.FIELD) continue;
      if (selection.name.value === name) {
        found = Object.fromEntries((selection.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value, variables)]));
      } else visit(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) visit(definition.selectionSet);
  return found ?? {};
}

/** Starts the floor on the given PostgreSQL URLs (one per bureau) and an ephemeral port. */
export async function startFloor(databaseUrls: string[], connectionsPerDatabase = 10): Promise<Floor> {
  const pools = databaseUrls.map((connectionString) => new pg.Pool({ connectionString, max: connectionsPerDatabase }));
  const [registry, places, jobs, schools, vaccination] = await Promise.all(
    ['residence_registration', 'community', 'employment', 'enrolment', 'registered_child'].map((table) => poolHolding(pools, table)),
  );
  const listsById = (rows: { id: string; list: unknown[] }[]) => new Map(rows.map((row) => [row.id, row.list]));

  /** A registry row with its residence and permits, placed by civil affairs' row of its community. */
  function personNode(row: any, place: Map<string, any>) {
    const community = place.get(row.community_code);
    return {
      id: row.id,
      name: row.name,
      currentResidence:
        row.community_code === null
          ? null
          : {
              address: row.address,
              community: community
                ? { code: community.code, name: community.name, street: { name: community.street }, district: { name: community.district } }
                : null,
            },
      residencePermits: row.permits,
    };
  }

  async function placesOf(rows: { community_code: string | null }[]) {
    const codes = [...new Set(rows.map((row) => row.community_code).filter((code) => code !== null))];
    return new Map((await places.query(PLACES, [codes])).rows.map((row) => [row.code, row]));
  }

  // One statement on the registry (page, permits and count), then one on each other database the page needs.
  async function districtPage(district: string, first: number, withWork: boolean) {
    const { rows } = await registry.query(DISTRICT_PAGE, [district, first]);
    const ids = rows.map((row) => row.id as string);
    const [place, work, school] = await Promise.all([
      placesOf(rows),
      withWork ? jobs.query(JOBS(), [ids]).then((result) => listsById(result.rows)) : undefined,
      withWork ? schools.query(CHILDREN_IN_SCHOOL(), [ids]).then((result) => listsById(result.rows)) : undefined,
    ]);
    return {
      persons: {
        totalCount: rows[0]?.total_count ?? 0,
        edges: rows.map((row) => ({
          node: withWork
            ? { ...personNode(row, place), employments: work!.get(row.id) ?? [], childrenInSchool: school!.get(row.id) ?? [] }
            : personNode(row, place),
        })),
      },
    };
  }

  // One statement on each of the four databases: the registry and civil affairs one after the other (the community
  // comes from the residence; civil affairs' relief cases come with it), human resources and education meanwhile.
  async function onePerson(id: string) {
    const person = registry.query(ONE_PERSON_ROW, [id]).then(({ rows }) => rows[0]);
    const civil = person.then((row) => places.query(PERSON_CIVIL, [row?.community_code ? [row.community_code] : [], [id]]));
    const [row, work, children, civilRows] = await Promise.all([person, jobs.query(PERSON_WORK, [[id]]), schools.query(CHILDREN_IN_SCHOOL(), [[id]]), civil]);
    if (!row) return { person: null };
    const place = new Map((civilRows.rows[0].places as any[]).map((community) => [community.code, community]));
    return {
      person: {
        ...personNode(row, place),
        employments: work.rows[0].jobs ?? [],
        childrenInSchool: children.rows[0]?.list ?? [],
        socialInsurance: work.rows[0].insurance ?? [],
        reliefCases: civilRows.rows[0].relief ?? [],
      },
    };
  }

  const answers = new Map<string, (variables: Variables) => Promise<unknown>>([
    [PAGE_20, (variables) => districtPage(String(variables.district), 20, false)],
    [PAGE_100, (variables) => districtPage(String(variables.district), 100, true)],
    [ONE_PERSON, (variables) => onePerson(String(variables.id))],
    ...dashboardFloor({ places, registry, schools, jobs, vaccination }),
  ]);

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { query?: string; variables?: Variables };
      const answer = answers.get(body.query ?? '');
      (answer ? answer(body.variables ?? {}) : Promise.reject(new Error('the floor answers only the bench workloads')))
        .then((data) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ data }));
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errors: [{ message: error.message }] }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
}

interface DashboardPools {
  /** Civil affairs: the districts, their communities and service points, and its case release. */
  places: pg.Pool;
  registry: pg.Pool;
  schools: pg.Pool;
  jobs: pg.Pool;
  vaccination: pg.Pool;
}

/**
 * The dashboard's panels, each answered with one statement per bureau database it reads: civil affairs' districts
 * (with service points where the panel shows them) and the release cells the panel shows, shaped by the kit's figure
 * code (records, rates, suppressed lists) as the subgraphs shape them. Keyed by the panel's query text.
 */
function dashboardFloor(pools: DashboardPools): [string, (variables: Variables) => Promise<unknown>][] {
  async function cells(pool: pg.Pool, table: string[], places: string, measures: string): Promise<PublishedTable> {
    const { rows } = await pool.query(RELEASE_CELLS, [table, places, measures]);
    return new PublishedTable(rows[0].as_of, rows[0].cells as PublishedCells);
  }
  const districts = async (withPoints: boolean) => (await pools.places.query(withPoints ? DISTRICTS_WITH_POINTS : DISTRICTS)).rows as DistrictRow[];
  const population = (table: PublishedTable, place: string) =>
    withRate(
      table.record(place, { registeredMigrants: 'registeredMigrants', validPermits: 'validPermits' }),
      'permitRate',
      'validPermits',
      'registeredMigrants',
    );
  /** Employment figures as human resources shapes them: its counts, the insurance schemes and wages in `suppressed`. */
  const employment = (table: PublishedTable, place: string) => {
    const record = table.record(place, {
      registered: 'registered',
      employed: 'employed',
      withContract: 'withContract',
      trained: 'trained',
      disputesOpen: 'disputesOpen',
      disputesClosed: 'disputesClosed',
    });
    nestedBreakdown(
      record,
      'insurance',
      Object.values(InsuranceType),
      (type) => table.get(place, insuredIn(type)),
      () => null,
    );
    shownIf(record, 'wagesRecovered', !record.suppressed.includes('disputesClosed'), null);
    return withRate(record, 'contractRate', 'withContract', 'employed');
  };
  const breakdown = (table: PublishedTable, place: string, measureOf: (measure: string) => string) =>
    table.record(place, { registeredMigrants: measureOf('registeredMigrants'), validPermits: measureOf('validPermits') });
  const vaccination = (table: PublishedTable, place: string) =>
    withRate(table.record(place, { children: 'children', upToDate: 'upToDate', behindSchedule: 'behindSchedule' }), 'coverageRate', 'upToDate', 'children');
  const rolloutOf = (district: DistrictRow, args: Record<string, unknown>) =>
    rollout(
      district.code,
      district.points!.map((point) => point.openedYear),
      district.communities!,
      Number(args.from),
      args.to === undefined || args.to === null ? Number(today().slice(0, 4)) : Number(args.to),
    );
  const series = (measures: string[]) => `^(${measures.join('|')})@[0-9]{4}-[0-9]{2}$`;
  // The measures of each series, as its subgraph's resolver reads them (every one counts in `suppressed`).
  const POPULATION_MONTH = ['registeredMigrants', 'newRegistrations', 'validPermits'] as const;
  const SCHOOLING_MONTH = ['enrolled', 'newEnrolments'] as const;
  const EMPLOYMENT_MONTH = ['registered', 'employed', 'withContract', 'employedWithContract', 'insured', 'trainingCompleted'] as const;
  const CASES_MONTH = ['reliefGranted', 'disputesFound', 'disputesSettled', 'disputesOpen'] as const;

  const panels: Record<string, (document: DocumentNode, variables: Variables) => Promise<unknown>> = {
    async DashboardCoverage() {
      const [rows, table, jobs, visits] = await Promise.all([
        districts(false),
        cells(pools.registry, ['population'], CITY_AND_DISTRICTS, '^(registeredMigrants|validPermits)$'),
        cells(pools.jobs, ['counts'], CITY_AND_DISTRICTS, '^(registered|employed|withContract|trained|disputesOpen|disputesClosed|insured:.*)$'),
        pools.places.query(SERVICE_POINT_VISITS),
      ]);
      const visitsAt = (visits.rows[0]?.visits ?? {}) as Record<string, number>;
      return {
        districts: rows.map((district) => ({
          ...district,
          population: population(table, district.code),
          reliefAndMediation: { servicePointVisits: visitsAt[district.code] ?? 0 },
          employment: employment(jobs, district.code),
        })),
      };
    },
    async DashboardPlaces() {
      return { districts: await districts(false) };
    },
    async DashboardOrigins() {
      const [rows, table] = await Promise.all([districts(false), cells(pools.registry, ['population'], CITY_AND_DISTRICTS, '@(origin|ethnicity):')]);
      return {
        statistics: {
          populationByOrigin: loadOriginRegions().map((region) => ({
            region: regionByCode(region.code),
            ...breakdown(table, CITY.code, (measure) => byOrigin(measure, region.code)),
          })),
        },
        districts: rows.map((district) => ({
          ...district,
          populationByEthnicity: loadEthnicGroups()
            .map((group) => ({ ethnicity: ethnicityByCode(group.code), ...breakdown(table, district.code, (measure) => byEthnicity(measure, group.code)) }))
            .filter((figures) => figures.registeredMigrants !== 0),
        })),
      };
    },
    async DashboardRollout(document, variables) {
      const args = fieldArguments(document, 'rollout', variables);
      return { districts: (await districts(true)).map((district) => ({ ...district, rollout: rolloutOf(district, args) })) };
    },
    async DashboardSpending() {
      // spending() reads a point's money; the rest of each row goes to the answer as the panel selects it.
      return {
        districts: (await districts(true)).map((district) => ({
          ...district,
          servicePointSpending: spending(district.kind, district.points as unknown as ServicePoint[]),
        })),
      };
    },
    async DashboardTrends(document, variables) {
      const [residence, schooling, employment, cases] = await Promise.all([
        cells(pools.registry, ['population'], CITY_ONLY, series([...POPULATION_MONTH])),
        cells(pools.schools, ['places'], CITY_ONLY, series([...SCHOOLING_MONTH])),
        cells(pools.jobs, ['counts'], CITY_ONLY, series([...EMPLOYMENT_MONTH])),
        cells(pools.places, ['counts'], CITY_ONLY, series([...CASES_MONTH])),
      ]);
      const months = (field: string, table: PublishedTable) => {
        const { from, to } = fieldArguments(document, field, variables);
        return requireMonthRange(String(from ?? '2013-01'), to as string | undefined, table.asOf);
      };
      return {
        statistics: {
          populationByMonth: monthByMonth(residence, CITY.code, months('populationByMonth', residence), POPULATION_MONTH).map((record) =>
            withRate(record, 'permitRate', 'validPermits', 'registeredMigrants'),
          ),
          schoolingByMonth: monthByMonth(schooling, CITY.code, months('schoolingByMonth', schooling), SCHOOLING_MONTH),
          employmentByMonth: monthByMonth(employment, CITY.code, months('employmentByMonth', employment), EMPLOYMENT_MONTH),
          casesByMonth: monthByMonth(cases, CITY.code, months('casesByMonth', cases), CASES_MONTH),
        },
      };
    },
    async DashboardVaccination() {
      const [rows, table] = await Promise.all([districts(false), cells(pools.vaccination, [], CITY_AND_DISTRICTS, '^(children|upToDate|behindSchedule)$')]);
      return {
        statistics: { vaccinationCoverage: vaccination(table, CITY.code) },
        districts: rows.map((district) => ({ ...district, vaccinationCoverage: vaccination(table, district.code) })),
      };
    },
  };

  return dashboardQueries().map(({ file, query }) => {
    const document = parse(query);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const panel = operation?.name && panels[operation.name.value];
    if (!operation || !panel) throw new Error(`the floor has no answer for the dashboard panel ${file}`);
    const fragments = new Map(
      document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    return [query, async (variables) => project(await panel(document, variables), operation.selectionSet, fragments)];
  });
}
