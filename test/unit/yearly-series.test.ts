import { attack } from '../../subgraphs/kit/disclosure-audit';
import { FigureTable } from '../../subgraphs/kit/figure-table';
import { addMonthlyCells, firstStreetMonth, monthsFrom } from '../../subgraphs/kit/monthly-series';
import { CITY } from '../../subgraphs/kit/places';
import { PublishedTable } from '../../subgraphs/kit/published-table';
import {
  addYearEndCells,
  addYearlyCells,
  yearByYear,
  yearCellOf,
  yearCounted,
  yearEndMonth,
  yearsAddUpToMonths,
  yearsUpTo,
} from '../../subgraphs/kit/yearly-series';

// A monthly flow of the city (relief granted, say) shown month by month, and two groups of it (regions of origin)
// shown by year only: the years must add up to the months, and the protection must know it.

const ASOF = '2014-06-30';
const MONTHS = monthsFrom('2013-01', '2014-06');

function cityTable(monthly: number[], groupA: [number, number]) {
  const table = new FigureTable(['DISTRICT', 'CITY']);
  MONTHS.forEach((month, m) => table.add(CITY.code, `granted@${month}`, monthly[m]));
  const total = (year: string) => MONTHS.reduce((sum, month, m) => (month.startsWith(year) ? sum + monthly[m] : sum), 0);
  addYearlyCells(
    table,
    CITY.code,
    ['granted@origin:A', 'granted@origin:B'],
    [
      { measure: 'granted@origin:A', year: 2013, count: groupA[0] },
      { measure: 'granted@origin:A', year: 2014, count: groupA[1] },
      { measure: 'granted@origin:B', year: 2013, count: total('2013') - groupA[0] },
      { measure: 'granted@origin:B', year: 2014, count: total('2014') - groupA[1] },
    ],
    ASOF,
  );
  yearsAddUpToMonths(table, CITY.code, ['granted@origin:A', 'granted@origin:B'], 'granted', ASOF);
  return table;
}

describe('yearly series', () => {
  it('runs from 2013 to the year of the cut-off, the last one the year to date', () => {
    expect(yearsUpTo(ASOF)).toEqual([2013, 2014]);
    expect(yearCounted(2013, ASOF)).toEqual({ year: 2013, partial: false, lastDayCounted: '2013-12-31' });
    expect(yearCounted(2014, ASOF)).toEqual({ year: 2014, partial: true, lastDayCounted: ASOF });
    expect(yearCounted(2014, '2014-12-31')).toEqual({ year: 2014, partial: false, lastDayCounted: '2014-12-31' });
  });

  it('reads a place year by year with its withheld fields named, a year with nothing counted a shown 0', () => {
    const published = new PublishedTable(ASOF, { [CITY.code]: { [yearCellOf('granted@origin:A', 2013)]: 25, [yearCellOf('granted@origin:A', 2014)]: null } });
    expect(yearByYear(published, CITY.code, ['reliefGranted', 'other'] as const, { reliefGranted: 'granted@origin:A' })).toEqual([
      { year: 2013, partial: false, lastDayCounted: '2013-12-31', asOf: ASOF, reliefGranted: 25, other: 0, suppressed: [] },
      { year: 2014, partial: true, lastDayCounted: ASOF, asOf: ASOF, reliefGranted: null, other: 0, suppressed: ['reliefGranted'] },
    ]);
  });

  it("protects a group's small year against the other group's year and the months it adds up to", async () => {
    // 2014: group A has 4, group B the rest of the months' 60: with the months shown, B's year gives A's away.
    const monthly = MONTHS.map((month) => (month.startsWith('2013') ? 20 : 10));
    const table = cityTable(monthly, [120, 4]);
    await table.protect();
    const a2014 = table.get(CITY.code, yearCellOf('granted@origin:A', 2014));
    const b2014 = table.get(CITY.code, yearCellOf('granted@origin:B', 2014));
    expect(a2014).toEqual({ count: null, suppressed: true });
    // Something else is withheld with it: B's year, or months of 2014.
    const months2014 = MONTHS.filter((month) => month.startsWith('2014')).map((month) => table.get(CITY.code, `granted@${month}`));
    expect(b2014.suppressed || months2014.some((month) => month.suppressed)).toBe(true);

    // And the analyst who reads it all and knows the years add up to the months cannot narrow A's 2014 below the rule.
    const cell = (id: string, shown: { count: number | null }) =>
      shown.count === null ? { id, status: 'withheld' as const } : { id, value: shown.count, status: 'published' as const };
    const cells = [
      ...MONTHS.map((month) => cell(month, table.get(CITY.code, `granted@${month}`))),
      ...[2013, 2014].flatMap((year) => ['A', 'B'].map((group) => cell(`${group}${year}`, table.get(CITY.code, yearCellOf(`granted@origin:${group}`, year))))),
    ];
    const relations = [2013, 2014].map((year) => ({
      terms: [
        { cell: `A${year}`, coefficient: 1 },
        { cell: `B${year}`, coefficient: 1 },
        ...MONTHS.filter((month) => month.startsWith(`${year}`)).map((month) => ({ cell: month, coefficient: -1 })),
      ],
    }));
    expect((await attack({ cells, relations })).disclosed).toEqual([]);
  });

  it("ties a community's year ends to its street's December, or its district's before the street's months", async () => {
    // Two communities of one street, registrations starting in 2013 and 2021 (no ends): community A holds 4, B 30.
    const asOf = '2024-06-30';
    const [street, a, b] = ['640104001', '640104001001', '640104001002'];
    const changes = [
      { place: a, measure: 'registered', month: '2013-03', starts: 3, ends: 0 },
      { place: b, measure: 'registered', month: '2013-05', starts: 20, ends: 0 },
      { place: a, measure: 'registered', month: '2021-02', starts: 1, ends: 0 },
      { place: b, measure: 'registered', month: '2021-08', starts: 10, ends: 0 },
    ];
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    const streetRows = changes.map((row) => ({ ...row, place: street }));
    addMonthlyCells(table, streetRows, { registered: 'STOCK' }, asOf);
    const years = addYearEndCells(
      table,
      changes.map((row) => ({ ...row, year: Number(row.month.slice(0, 4)) })),
      ['registered'],
      asOf,
      { first: 2013, streetSeries: true },
    );
    expect(years).toEqual([a, b]);
    expect(yearEndMonth(2024, asOf)).toBe('2024-06');
    expect(firstStreetMonth(asOf)).toBe('2021-07');
    await table.protect();
    // A's 3 (2013–2020) and 4 (2021 on) are withheld, and B's year ends with them: else the street's or district's December gives A away.
    for (const year of yearsUpTo(asOf)) {
      expect(table.get(a, yearCellOf('registered', year)).suppressed).toBe(true);
      const month = yearEndMonth(year, asOf);
      const whole = table.get(month >= firstStreetMonth(asOf) ? street : '640104', `registered@${month}`);
      expect([year, whole.suppressed || table.get(b, yearCellOf('registered', year)).suppressed]).toEqual([year, true]);
    }
  });

  it("ties a community's year ends to its district's December where the bureau publishes no street months", async () => {
    // Two communities of two streets of one district, inside the streets' 36 months (2021-07 on): A holds 3, B 19 at 2023's end.
    const asOf = '2024-06-30';
    const [district, a, b] = ['640104', '640104001001', '640104002001'];
    const changes = [
      { place: a, measure: 'enrolled', month: '2022-03', starts: 3, ends: 0 },
      { place: b, measure: 'enrolled', month: '2023-05', starts: 20, ends: 1 },
    ];
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    addMonthlyCells(
      table,
      changes.map((row) => ({ ...row, place: district })),
      { enrolled: 'STOCK' },
      asOf,
    );
    addYearEndCells(
      table,
      changes.map((row) => ({ ...row, year: Number(row.month.slice(0, 4)) })),
      ['enrolled'],
      asOf,
      { first: 2013, streetSeries: false },
    );
    await table.protect();
    for (const year of [2022, 2023, 2024]) {
      expect(table.get(a, yearCellOf('enrolled', year)).suppressed).toBe(true);
      const december = table.get(district, `enrolled@${yearEndMonth(year, asOf)}`);
      expect([year, december.suppressed || table.get(b, yearCellOf('enrolled', year)).suppressed]).toEqual([year, true]);
    }
  });
});
