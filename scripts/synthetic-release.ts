import type { AuditedTable, Relation, TableCell } from '../subgraphs/kit/disclosure-audit';
import { SMALLEST_SHOWN_COUNT } from '../subgraphs/kit/disclosure';
import { FigureTable } from '../subgraphs/kit/figure-table';
import {
  addMonthlyCells,
  breakdownMonthByMonth,
  FIRST_MONTH,
  firstStreetMonth,
  MeasureKind,
  MonthlyChangeRow,
  monthsFrom,
  sameAsLastMonth,
} from '../subgraphs/kit/monthly-series';
import { addDays, addMonths } from '../subgraphs/kit/dates';
import { CITY, placesContaining, PlaceLevel } from '../subgraphs/kit/places';
import { loadEthnicGroups, loadOriginRegions } from '../subgraphs/kit/reference-data';
import { generatePopulation } from '../subgraphs/synthetic';
import { byOrigin } from '../subgraphs/kit/origin-measures';
import { addYearEndCells, FIRST_COMMUNITY_YEAR, sameAsYearToDate, yearCellOf, yearEndMonth, yearsUpTo, YearlyChangeRow } from '../subgraphs/kit/yearly-series';
import { byEthnicity } from '../subgraphs/public-security/loaders/population-figures';

/**
 * Public security's registration figures counted straight from the synthetic population generator, as the bureau
 * counts them from its database, and put in the kit's tables as its loaders do: the current figures of every
 * community, street and district and of the city, with each district's breakdowns by origin and by ethnic group, and
 * the monthly series of every district and the city since 2013 (registered migrants and valid permits at each month's
 * end, new registrations in it), of every street over its window (the stocks only), every community's stocks at
 * each year's end, and the city's by region of origin (the origin report), in one table as the bureau's release
 * holds them. For measuring disclosure control on realistic data without a database; `attackerView` is
 * what an analyst reading every published figure knows, built from the published figures and the structure alone.
 */
export interface SyntheticRelease {
  /** The release: current figures and monthly series together, as public security's loader builds it. */
  table: FigureTable;
  /** The true counts of every cell, as `place|measure` (monthly cells `measure@YYYY-MM`). */
  truth: Map<string, number>;
  months: string[];
  districts: string[];
  streets: string[];
  communities: string[];
  /** The cut-off: the last day of the generator's month. */
  cutOff: string;
}

const CURRENT_LEVELS: PlaceLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT', 'CITY'];
const COUNTS = ['registeredMigrants', 'validPermits'];
const SERIES = ['registeredMigrants', 'newRegistrations', 'validPermits'];
const monthOf = (day: string) => day.slice(0, 7);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const key = (place: string, measure: string) => `${place}|${measure}`;

export function syntheticRelease(options: { seed: number; size: number; asOf?: string }): SyntheticRelease {
  const asOf = options.asOf ?? '2026-11-01';
  // The release's cut-off: the last day of the generator's month, as a monthly release has it.
  const cutOff = addDays(addMonths(`${monthOf(asOf)}-01`, 1), -1);
  const truth = new Map<string, number>();
  const count = (place: string, measure: string, n: number, levels: PlaceLevel[]) => {
    for (const at of placesContaining(place, levels)) truth.set(key(at, measure), (truth.get(key(at, measure)) ?? 0) + n);
  };
  const table = new FigureTable(CURRENT_LEVELS);
  const changes = new Map<string, MonthlyChangeRow>();
  const change = (place: string, measure: string, month: string, starts: number, ends: number) => {
    const at = `${place}|${measure}|${month}`;
    const row = changes.get(at) ?? changes.set(at, { place, measure, month, starts: 0, ends: 0 }).get(at)!;
    row.starts += starts;
    row.ends += ends;
  };
  const districts = new Set<string>();
  const streets = new Set<string>();
  const yearChanges: YearlyChangeRow[] = [];
  const yearOf = (day: string) => Number(day.slice(0, 4));
  for (const person of generatePopulation({ ...options, asOf })) {
    const residence = person.residences[person.residences.length - 1];
    if (residence.toDate === null) {
      const valid = person.permits.some((p) => p.issuedOn <= cutOff && p.validUntil >= cutOff && (p.revokedOn === null || p.revokedOn > cutOff)) ? 1 : 0;
      for (const [measure, n] of [
        ['registeredMigrants', 1],
        ['validPermits', valid],
      ] as const) {
        table.add(residence.communityCode, measure, n);
        count(residence.communityCode, measure, n, CURRENT_LEVELS);
        for (const breakdown of [byOrigin(measure, person.originRegionCode), byEthnicity(measure, person.ethnicityCode)]) {
          table.add(residence.districtCode, breakdown, n);
          count(residence.districtCode, breakdown, n, CURRENT_LEVELS);
        }
      }
    }
    for (const spell of person.residences) {
      districts.add(spell.districtCode);
      streets.add(spell.streetCode);
      // A registration counts from its first day up to the day after its last. Stocks are counted by street (and so
      // for its district and the city), new registrations from the district up, as the bureau publishes them.
      const ended = spell.toDate === null ? null : dayAfter(spell.toDate);
      const ofOrigin = (measure: string) => byOrigin(measure, person.originRegionCode);
      change(spell.streetCode, 'registeredMigrants', monthOf(spell.fromDate), 1, 0);
      yearChanges.push({ place: spell.communityCode, measure: 'registeredMigrants', year: yearOf(spell.fromDate), starts: 1, ends: 0 });
      change(spell.districtCode, 'newRegistrations', monthOf(spell.fromDate), 1, 0);
      change(CITY.code, ofOrigin('registeredMigrants'), monthOf(spell.fromDate), 1, 0);
      if (ended) {
        change(spell.streetCode, 'registeredMigrants', monthOf(ended), 0, 1);
        if (ended <= cutOff) yearChanges.push({ place: spell.communityCode, measure: 'registeredMigrants', year: yearOf(ended), starts: 0, ends: 1 });
        change(CITY.code, ofOrigin('registeredMigrants'), monthOf(ended), 0, 1);
      }
      for (const permit of person.permits) {
        // A permit counts while valid and while its holder is registered, in the district of the registration.
        const starts = permit.issuedOn > spell.fromDate ? permit.issuedOn : spell.fromDate;
        const ends = [dayAfter(permit.validUntil), permit.revokedOn, ended].filter((d): d is string => d !== null).sort()[0];
        if (ends <= starts) continue;
        for (const place of [spell.streetCode, CITY.code]) {
          const measure = place === CITY.code ? ofOrigin('validPermits') : 'validPermits';
          change(place, measure, monthOf(starts), 1, 0);
          change(place, measure, monthOf(ends), 0, 1);
        }
        yearChanges.push({ place: spell.communityCode, measure: 'validPermits', year: yearOf(starts), starts: 1, ends: 0 });
        if (ends <= cutOff) yearChanges.push({ place: spell.communityCode, measure: 'validPermits', year: yearOf(ends), starts: 0, ends: 1 });
      }
    }
  }
  for (const measure of COUNTS) {
    table.sumOf(
      measure,
      loadOriginRegions().map((region) => byOrigin(measure, region.code)),
    );
    table.sumOf(
      measure,
      loadEthnicGroups().map((group) => byEthnicity(measure, group.code)),
    );
  }

  const rows = [...changes.values()];
  const months = monthsFrom(FIRST_MONTH, monthOf(asOf));
  const kinds: Record<string, MeasureKind> = { registeredMigrants: 'STOCK', validPermits: 'STOCK', newRegistrations: 'FLOW' };
  for (const measure of COUNTS) for (const region of loadOriginRegions()) kinds[byOrigin(measure, region.code)] = 'STOCK';
  const seriesPlaces = addMonthlyCells(table, rows, kinds, cutOff, { registeredMigrants: { starts: 'newRegistrations' } });
  const communities = addYearEndCells(table, yearChanges, COUNTS, cutOff, { first: FIRST_COMMUNITY_YEAR, streetSeries: true });
  for (const measure of COUNTS) {
    sameAsLastMonth(table, seriesPlaces, measure, measure, cutOff);
    sameAsYearToDate(table, communities, measure, measure, cutOff);
    const origins = loadOriginRegions().map((region) => byOrigin(measure, region.code));
    breakdownMonthByMonth(table, measure, origins, cutOff);
    for (const origin of origins) sameAsLastMonth(table, [CITY.code], origin, origin, cutOff);
  }
  // The series' true counts, from the same rows: a stock is what started up to the month's end less what ended.
  // The rows' places and measures: every street's stocks (counted for the street over its window, and for its district
  // and the city), every district's new registrations, and the city's stocks by region of origin (the origin report).
  const streetsFrom = firstStreetMonth(cutOff);
  const series = [
    ...[...streets].flatMap((street) => COUNTS.map((measure) => [street, measure])),
    ...[...districts].map((district) => [district, 'newRegistrations']),
    ...COUNTS.flatMap((measure) => loadOriginRegions().map((region) => [CITY.code, byOrigin(measure, region.code)])),
  ];
  for (const [place, measure] of series) {
    let held = rows
      .filter((row) => row.place === place && row.measure === measure && row.month < months[0])
      .reduce((sum, row) => sum + row.starts - (measure === 'newRegistrations' ? 0 : row.ends), 0);
    for (const month of months) {
      const row = changes.get(`${place}|${measure}|${month}`);
      held += (row?.starts ?? 0) - (measure === 'newRegistrations' ? 0 : (row?.ends ?? 0));
      const value = measure === 'newRegistrations' ? (row?.starts ?? 0) : held;
      const levels: PlaceLevel[] = place === CITY.code ? ['CITY'] : place.length === 6 ? ['DISTRICT', 'CITY'] : ['STREET', 'DISTRICT', 'CITY'];
      count(place, `${measure}@${month}`, value, month < streetsFrom ? levels.filter((level) => level !== 'STREET') : levels);
    }
  }
  // The communities' year ends, held as the kit adds them.
  const yearChangesOf = new Map<string, YearlyChangeRow[]>();
  for (const row of yearChanges) {
    const of = yearChangesOf.get(key(row.place, row.measure));
    if (of) of.push(row);
    else yearChangesOf.set(key(row.place, row.measure), [row]);
  }
  for (const community of communities)
    for (const measure of COUNTS) {
      const ofCommunity = yearChangesOf.get(key(community, measure)) ?? [];
      for (const year of yearsUpTo(cutOff, FIRST_COMMUNITY_YEAR)) {
        const held = ofCommunity.filter((row) => row.year <= year).reduce((sum, row) => sum + row.starts - row.ends, 0);
        count(community, yearCellOf(measure, year), held, ['COMMUNITY']);
      }
    }
  return { table, truth, months, districts: [...districts].sort(), streets: [...streets].sort(), communities, cutOff };
}

/**
 * What an analyst knows who reads every figure of the release: each cell as `shown` gives it (null: withheld), and
 * every relation the structure implies — a place is the sum of the places in it (community, street, district, city),
 * a district's total is the sum over origins and over ethnic groups, the city's breakdown the sum of the districts',
 * each month of the series sums over the districts (and over the streets, in their window), and month by month a
 * stock moves by its flows: registered migrants by the new registrations and the registrations ended (not published),
 * valid permits by permits starting and ending (neither published); a street's flows are unpublished parts of its
 * district's. Withheld and unpublished cells carry no value: the attack works from what is shown.
 */
export function attackerView(release: SyntheticRelease, shown: (place: string, measure: string) => number | null): AuditedTable {
  const cells = new Map<string, TableCell>();
  const relations: Relation[] = [];
  const cellOf = (place: string, measure: string) => {
    const id = key(place, measure);
    if (!cells.has(id)) {
      const value = shown(place, measure);
      cells.set(id, value === null ? { id, status: 'withheld' } : { id, value, status: 'published' });
    }
    return id;
  };
  const unpublished = (id: string) => (cells.set(id, { id, status: 'unpublished' }), id);
  const sum = (total: string, parts: string[]) =>
    relations.push({ terms: [{ cell: total, coefficient: -1 }, ...parts.map((cell) => ({ cell, coefficient: 1 }))] });

  const places = new Set([...release.truth.keys()].map((id) => id.slice(0, id.indexOf('|'))));
  const childrenOf = (place: string, levelLength: number) =>
    [...places].filter((child) => child !== CITY.code && child.length === levelLength && (place === CITY.code || child.startsWith(place)));
  const breakdowns = COUNTS.flatMap((measure) => [
    ...loadOriginRegions().map((region) => byOrigin(measure, region.code)),
    ...loadEthnicGroups().map((group) => byEthnicity(measure, group.code)),
  ]);
  for (const measure of COUNTS) {
    for (const place of places) {
      const finer = place === CITY.code ? 6 : place.length === 6 ? 9 : place.length === 9 ? 12 : 0;
      if (finer)
        sum(
          cellOf(place, measure),
          childrenOf(place, finer).map((child) => cellOf(child, measure)),
        );
    }
    for (const place of [CITY.code, ...release.districts]) {
      sum(
        cellOf(place, measure),
        loadOriginRegions().map((region) => cellOf(place, byOrigin(measure, region.code))),
      );
      sum(
        cellOf(place, measure),
        loadEthnicGroups().map((group) => cellOf(place, byEthnicity(measure, group.code))),
      );
    }
  }
  for (const breakdown of breakdowns) {
    sum(
      cellOf(CITY.code, breakdown),
      release.districts.map((district) => cellOf(district, breakdown)),
    );
  }
  release.months.forEach((month, m) => {
    for (const measure of SERIES) {
      sum(
        cellOf(CITY.code, `${measure}@${month}`),
        release.districts.map((d) => cellOf(d, `${measure}@${month}`)),
      );
    }
    // The stock before the series begins (2013) is not published: the first month says nothing of its flows.
    if (m === 0) return;
    const previous = release.months[m - 1];
    for (const place of [CITY.code, ...release.districts]) {
      const at = (measure: string, when: string) => cellOf(place, `${measure}@${when}`);
      const ended = unpublished(`${place}|registrations ended@${month}`);
      relations.push({
        terms: [
          { cell: at('registeredMigrants', month), coefficient: 1 },
          { cell: at('registeredMigrants', previous), coefficient: -1 },
          { cell: at('newRegistrations', month), coefficient: -1 },
          { cell: ended, coefficient: 1 },
        ],
      });
      const [permitsStarting, permitsEnding] = ['starting', 'ending'].map((what) => unpublished(`${place}|permits ${what}@${month}`));
      relations.push({
        terms: [
          { cell: at('validPermits', month), coefficient: 1 },
          { cell: at('validPermits', previous), coefficient: -1 },
          { cell: permitsStarting, coefficient: -1 },
          { cell: permitsEnding, coefficient: 1 },
        ],
      });
    }
  });
  // The city's series by region of origin: each month the regions add up to the city, each region's stocks move by
  // what started and ended (not published), and its cut-off month is its cut-off day.
  for (const measure of COUNTS) {
    const origins = loadOriginRegions().map((region) => byOrigin(measure, region.code));
    release.months.forEach((month, m) => {
      sum(
        cellOf(CITY.code, `${measure}@${month}`),
        origins.map((origin) => cellOf(CITY.code, `${origin}@${month}`)),
      );
      if (m === 0) return;
      for (const origin of origins) {
        const [starting, ending] = ['starting', 'ending'].map((what) => unpublished(`${CITY.code}|${origin} ${what}@${month}`));
        relations.push({
          terms: [
            { cell: cellOf(CITY.code, `${origin}@${month}`), coefficient: 1 },
            { cell: cellOf(CITY.code, `${origin}@${release.months[m - 1]}`), coefficient: -1 },
            { cell: starting, coefficient: -1 },
            { cell: ending, coefficient: 1 },
          ],
        });
      }
    });
    for (const origin of origins)
      relations.push({
        terms: [
          { cell: cellOf(CITY.code, origin), coefficient: 1 },
          { cell: cellOf(CITY.code, `${origin}@${release.months[release.months.length - 1]}`), coefficient: -1 },
        ],
      });
  }
  // The streets' stocks over their window: each month they add up to their district's, and from the window's second
  // month on each moves by what started and ended in it (not published), the parts of their district's new
  // registrations, registrations ended, permits starting and ending.
  const lastMonth = release.months[release.months.length - 1];
  const streetsFrom = firstStreetMonth(`${lastMonth}-01`);
  const streetsOf = (district: string) => release.streets.filter((street) => street.startsWith(district));
  release.months.forEach((month, m) => {
    if (month < streetsFrom) return;
    for (const district of release.districts)
      for (const measure of COUNTS)
        sum(
          cellOf(district, `${measure}@${month}`),
          streetsOf(district).map((street) => cellOf(street, `${measure}@${month}`)),
        );
    if (month === streetsFrom) return;
    const flows = [
      ['registeredMigrants', 'new registrations', 'registrations ended'],
      ['validPermits', 'permits starting', 'permits ending'],
    ];
    for (const street of release.streets) {
      for (const [measure, starting, ending] of flows)
        relations.push({
          terms: [
            { cell: cellOf(street, `${measure}@${month}`), coefficient: 1 },
            { cell: cellOf(street, `${measure}@${release.months[m - 1]}`), coefficient: -1 },
            { cell: unpublished(`${street}|${starting}@${month}`), coefficient: -1 },
            { cell: unpublished(`${street}|${ending}@${month}`), coefficient: 1 },
          ],
        });
    }
    for (const district of release.districts) {
      const parts = (flow: string) => streetsOf(district).map((street) => `${street}|${flow}@${month}`);
      sum(cellOf(district, `newRegistrations@${month}`), parts('new registrations'));
      for (const flow of ['registrations ended', 'permits starting', 'permits ending']) sum(`${district}|${flow}@${month}`, parts(flow));
    }
  });
  // The communities' year ends: each year they add up to the December (or, for the year to date, the cut-off month)
  // stock of their street, or of their district before the street's window; the last is the community's cut-off day.
  for (const measure of COUNTS) {
    for (const year of yearsUpTo(release.cutOff, FIRST_COMMUNITY_YEAR)) {
      const month = yearEndMonth(year, release.cutOff);
      const inSeriesOf = new Map<string, string[]>();
      for (const community of release.communities) {
        const place = community.slice(0, month >= streetsFrom ? 9 : 6);
        inSeriesOf.set(place, [...(inSeriesOf.get(place) ?? []), cellOf(community, yearCellOf(measure, year))]);
      }
      for (const [place, parts] of inSeriesOf) sum(cellOf(place, `${measure}@${month}`), parts);
    }
    for (const community of release.communities)
      relations.push({
        terms: [
          { cell: cellOf(community, measure), coefficient: 1 },
          { cell: cellOf(community, yearCellOf(measure, Number(release.cutOff.slice(0, 4)))), coefficient: -1 },
        ],
      });
  }
  // The figures of the cut-off day are the stocks at the end of its month.
  for (const place of [CITY.code, ...release.districts, ...release.streets]) {
    for (const measure of COUNTS)
      relations.push({
        terms: [
          { cell: cellOf(place, measure), coefficient: 1 },
          { cell: cellOf(place, `${measure}@${lastMonth}`), coefficient: -1 },
        ],
      });
  }
  return { cells: [...cells.values()], relations };
}

/** What primary suppression alone would show: every true count, with those of 1–9 withheld. */
export function primaryOnly(release: SyntheticRelease) {
  return (place: string, measure: string): number | null => {
    const value = release.truth.get(key(place, measure)) ?? 0;
    return value > 0 && value < SMALLEST_SHOWN_COUNT ? null : value;
  };
}

/** What the protected tables show. */
export function published(release: SyntheticRelease) {
  return (place: string, measure: string): number | null => release.table.get(place, measure).count;
}
