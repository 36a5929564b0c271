import type { FigureTable } from './figure-table';
import {
  addMonthlyCells,
  breakdownMonthByMonth,
  cellOf,
  FIRST_MONTH,
  heldByMonth,
  MeasureKind,
  MonthlyChangeRow,
  monthsFrom,
  sameAsLastMonth,
} from './monthly-series';
import { CITY } from './places';
import { loadOriginRegions } from './reference-data';
import { addYearlyCells, yearCellOf, YearlyFlowRow, yearsAddUpToMonths } from './yearly-series';

/**
 * A measure counted by household registration place (户籍所在地), the region of origin of the origin report, e.g.
 * `registeredMigrants@origin:620000`; month by month `registeredMigrants@origin:620000@2024-05`.
 */
export const byOrigin = (measure: string, region: string) => `${measure}@origin:${region}`;

/**
 * The region of records kept without an origin (cases or enrolments from before it was asked): never shown, but part
 * of every sum by origin, so that the regions shown add up to the whole only with it.
 */
export const UNRECORDED_ORIGIN = 'unrecorded';

/** A measure in every region of origin. */
export const inEveryRegion = (measure: string) => loadOriginRegions().map((region) => byOrigin(measure, region.code));

/** The parts of a measure by origin: every region of origin, and the records with none. */
export const originParts = (measure: string) => [...inEveryRegion(measure), byOrigin(measure, UNRECORDED_ORIGIN)];

/**
 * A row of a monthly statement grouped by origin as well as by place (a second grouping set): on the rows of the
 * origin set, the region of origin, null for the records kept without one.
 */
export type OriginChangeRow = MonthlyChangeRow & { origin: string | null };

/**
 * The city's stocks by region of origin month by month (`enrolled@origin:620000@2024-05`), from the origin rows of a
 * monthly statement: each region's stock moves by unpublished starts and ends (addMonthlyCells), the records without an
 * origin are an unpublished stock, each month the regions and they add up to the city's stock, and each region's
 * cut-off month is its count on the cut-off day (`enrolled@origin:620000`, which the bureau publishes too).
 */
export function addCityStocksByOrigin(table: FigureTable, rows: OriginChangeRow[], stocks: readonly string[], asOf: string): void {
  const ofStocks = rows.filter((row) => stocks.includes(row.measure));
  const kinds: Record<string, MeasureKind> = {};
  for (const stock of stocks) for (const part of inEveryRegion(stock)) kinds[part] = 'STOCK';
  const byRegion = ofStocks
    .filter((row) => row.origin !== null)
    .map((row): MonthlyChangeRow => ({ ...row, place: CITY.code, measure: byOrigin(row.measure, row.origin!) }));
  addMonthlyCells(table, byRegion, kinds, asOf);
  const months = monthsFrom(FIRST_MONTH, asOf.slice(0, 7));
  for (const stock of stocks) {
    const unrecorded = ofStocks.filter((row) => row.origin === null && row.measure === stock);
    if (unrecorded.length > 0) {
      const held = heldByMonth(unrecorded, months);
      months.forEach((month, m) => table.addUnpublished(CITY.code, cellOf(byOrigin(stock, UNRECORDED_ORIGIN), month), held[m]));
    }
    breakdownMonthByMonth(table, stock, originParts(stock), asOf);
    for (const part of inEveryRegion(stock)) sameAsLastMonth(table, [CITY.code], part, part, asOf);
  }
}

/**
 * The city's flows by region of origin year by year (`reliefGranted@origin:620000@Y2024`, kit/yearly-series.ts), from
 * the origin rows of a monthly statement: the records without an origin are an unpublished part, and each year the
 * regions and it add up to the city's months of the same flow.
 */
export function addCityFlowsByOriginByYear(table: FigureTable, rows: OriginChangeRow[], flows: readonly string[], asOf: string): void {
  const years = new Map<string, YearlyFlowRow>();
  for (const row of rows) {
    if (!flows.includes(row.measure) || row.month < FIRST_MONTH) continue;
    const measure = byOrigin(row.measure, row.origin ?? UNRECORDED_ORIGIN);
    const year = Number(row.month.slice(0, 4));
    const key = yearCellOf(measure, year);
    const counted = years.get(key) ?? { measure, year, count: 0 };
    years.set(key, { ...counted, count: counted.count + row.starts });
  }
  const yearly = [...years.values()];
  addYearlyCells(table, CITY.code, flows.flatMap(inEveryRegion), yearly, asOf);
  for (const row of yearly) {
    if (row.measure.endsWith(`:${UNRECORDED_ORIGIN}`)) table.addUnpublished(CITY.code, yearCellOf(row.measure, row.year), row.count);
  }
  for (const flow of flows) yearsAddUpToMonths(table, CITY.code, originParts(flow), flow, asOf);
}
