import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attack, protect, PROTECTION_RANGE, AuditedTable, Relation, TableCell } from '../../subgraphs/kit/disclosure-audit';
import { protectRemembered, rememberProtectionsIn } from '../../subgraphs/kit/disclosure-audit/remembered';
import { FigureTable } from '../../subgraphs/kit/figure-table';
import { addMonthlyCells, partOfStock } from '../../subgraphs/kit/monthly-series';
import { attackerView, primaryOnly, published, syntheticRelease } from '../../scripts/synthetic-release';
import { recoverByDifferencing } from '../support/differencing';

const shown = (id: string, value: number): TableCell => ({ id, value, status: 'published' });
const hidden = (id: string): TableCell => ({ id, status: 'withheld' });
const sum = (total: string, parts: string[]): Relation => ({
  terms: [{ cell: total, coefficient: -1 }, ...parts.map((cell) => ({ cell, coefficient: 1 }))],
});

/** A rows × columns table with its margins, as `r/c` (margins `r/all`, `all/c`, `all/all`); `withheld` cells hidden. */
function twoWay(values: number[][], withheld: string[]): AuditedTable {
  const rows = values.map((_, r) => `r${r + 1}`);
  const columns = values[0].map((_, c) => `c${c + 1}`);
  const truth = new Map<string, number>();
  values.forEach((row, r) => row.forEach((value, c) => truth.set(`${rows[r]}/${columns[c]}`, value)));
  rows.forEach((r, i) =>
    truth.set(
      `${r}/all`,
      values[i].reduce((a, b) => a + b, 0),
    ),
  );
  columns.forEach((c, j) =>
    truth.set(
      `all/${c}`,
      values.reduce((a, row) => a + row[j], 0),
    ),
  );
  truth.set(
    'all/all',
    values.flat().reduce((a, b) => a + b, 0),
  );
  const relations = [...rows, 'all'].map((r) =>
    sum(
      `${r}/all`,
      columns.map((c) => `${r}/${c}`),
    ),
  );
  relations.push(
    ...[...columns, 'all'].map((c) =>
      sum(
        `all/${c}`,
        rows.map((r) => `${r}/${c}`),
      ),
    ),
  );
  const cells = [...truth].map(([id, value]) => (withheld.includes(id) ? hidden(id) : shown(id, value)));
  return { cells, relations };
}

/** The same table with the bureau's true values in the withheld cells, as protection needs. */
function withTruth(table: AuditedTable, truth: Map<string, number>): AuditedTable {
  return { ...table, cells: table.cells.map((cell) => ({ ...cell, value: cell.value ?? truth.get(cell.id)! })) };
}

describe('the attack: every withheld cell narrowed by all published relations at once', () => {
  // Two blocks of withheld cells joined by one: every row and column sum has two or more withheld cells, so the
  // old complementary step (withhold another cell wherever a sum has exactly one) saw nothing to do.
  const values = [
    [4, 5, 30, 20],
    [6, 3, 7, 25],
    [40, 30, 6, 8],
    [20, 35, 5, 9],
  ];
  const pattern = ['r1/c1', 'r1/c2', 'r2/c1', 'r2/c2', 'r2/c3', 'r3/c3', 'r3/c4', 'r4/c3', 'r4/c4'];
  const truth = new Map<string, number>(values.flatMap((row, r) => row.map((value, c) => [`r${r + 1}/c${c + 1}`, value] as const)));

  it('finds the cell that joins two blocks, which subtraction sum by sum cannot', async () => {
    const table = twoWay(values, pattern);
    const sums = table.relations.map((relation) => ({ total: relation.terms[0].cell, parts: relation.terms.slice(1).map((term) => term.cell) }));
    const cells = new Map(table.cells.map((cell) => [cell.id, cell.value ?? null]));
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());

    const report = await attack(table);
    // r2/c3 = what rows 1–2 withhold (25) less what columns 1–2 withhold (18): 7.
    expect(report.intervals.get('r2/c3')).toEqual({ min: 7, max: 7 });
    expect(report.disclosed.map((cell) => cell.id)).toEqual(['r2/c3']);
    // A block can move: r1/c1 + t, r1/c2 − t, r2/c1 − t, r2/c2 + t with each ≥ 1, so t from −2 (r2/c2 = 3) to 4 (r1/c2 = 5).
    expect(report.intervals.get('r1/c1')).toEqual({ min: 2, max: 8 });
    for (const [id, interval] of report.intervals) {
      expect(interval.min).toBeLessThanOrEqual(truth.get(id)!);
      expect(interval.max).toBeGreaterThanOrEqual(truth.get(id)!);
    }
  });

  it('uses that a withheld count is at least 1: two withheld 1s against a published 2 are both 1', async () => {
    const table: AuditedTable = {
      cells: [hidden('a'), hidden('b'), shown('c', 30), shown('total', 32)],
      relations: [sum('total', ['a', 'b', 'c'])],
    };
    const report = await attack(table);
    expect(report.intervals).toEqual(
      new Map([
        ['a', { min: 1, max: 1 }],
        ['b', { min: 1, max: 1 }],
      ]),
    );
  });

  it('tells the cells that grow without bound from those bounded, within one group of related cells', async () => {
    // c = a + u and e = f + u + a, u never published: c, e and f can grow as far as one likes; a + b = 12 and d ≤ b
    // bound the rest.
    const table: AuditedTable = {
      cells: [hidden('a'), hidden('b'), hidden('c'), hidden('d'), hidden('e'), hidden('f'), { id: 'u', status: 'unpublished' }, shown('total', 12)],
      relations: [
        sum('total', ['a', 'b']),
        sum('c', ['a', 'u']),
        {
          terms: [
            { cell: 'd', coefficient: 1 },
            { cell: 'b', coefficient: -1 },
          ],
          atMost: true,
        },
        sum('e', ['f', 'u', 'a']),
      ],
    };
    const report = await attack(table);
    expect(report.components).toBe(1);
    expect(report.intervals).toEqual(
      new Map([
        ['a', { min: 1, max: 11 }],
        ['b', { min: 1, max: 11 }],
        ['c', { min: 1, max: Infinity }],
        ['d', { min: 1, max: 11 }],
        ['e', { min: 2, max: Infinity }],
        ['f', { min: 1, max: Infinity }],
      ]),
    );
  });

  it('protection withholds more until no cell is narrowed below the rule', async () => {
    const table = withTruth(twoWay(values, pattern), truth);
    const report = await protect(table);
    expect(report.complementary.length).toBeGreaterThan(0);
    const protectedTable = {
      ...table,
      cells: table.cells.map((cell) =>
        report.complementary.includes(cell.id) ? hidden(cell.id) : { ...cell, value: cell.status === 'withheld' ? undefined : cell.value },
      ),
    };
    const after = await attack(protectedTable);
    expect(after.disclosed).toEqual([]);
    for (const interval of after.intervals.values()) expect(interval.max - interval.min).toBeGreaterThanOrEqual(PROTECTION_RANGE);
    expect(report.withheldAfter).toBe(pattern.length + report.complementary.length);
  });

  it('protects the same table to the same pattern whatever order it is given in', async () => {
    const table = withTruth(twoWay(values, pattern), truth);
    const reversed = { cells: [...table.cells].reverse(), relations: [...table.relations].reverse().map((r) => ({ terms: [...r.terms].reverse() })) };
    expect((await protect(reversed)).complementary).toEqual((await protect(table)).complementary);
  });
});

describe('stock and flow: disputes open this month = open last month + found − settled', () => {
  const district = '640104';
  // Disputes found in March 2020: 4; everything else published in the district and the city series.
  const rows = [
    { place: district, measure: 'disputesOpen', month: '2020-01', starts: 40, ends: 0 },
    { place: district, measure: 'disputesOpen', month: '2020-03', starts: 4, ends: 12 },
    { place: district, measure: 'disputesOpen', month: '2020-04', starts: 20, ends: 0 },
    { place: district, measure: 'disputesFound', month: '2020-01', starts: 40, ends: 0 },
    { place: district, measure: 'disputesFound', month: '2020-03', starts: 4, ends: 0 },
    { place: district, measure: 'disputesFound', month: '2020-04', starts: 20, ends: 0 },
    { place: district, measure: 'disputesSettled', month: '2020-03', starts: 12, ends: 0 },
    { place: '640105', measure: 'disputesOpen', month: '2020-01', starts: 50, ends: 0 },
    { place: '640105', measure: 'disputesFound', month: '2020-01', starts: 50, ends: 0 },
  ];
  const months = ['2020-01', '2020-02', '2020-03', '2020-04'];
  const kinds = { disputesOpen: 'STOCK', disputesFound: 'FLOW', disputesSettled: 'FLOW' } as const;
  const flows = { disputesOpen: { starts: 'disputesFound', ends: 'disputesSettled' } };

  /** The analyst's view of the series: every published cell, the city sums, and the stock against its flows. */
  function view(get: (place: string, measure: string) => number | null): AuditedTable {
    const cells: TableCell[] = [];
    const relations: Relation[] = [];
    const places = ['640100', district, '640105'];
    const id = (place: string, measure: string, month: string) => `${place}/${measure}@${month}`;
    for (const month of months) {
      for (const measure of Object.keys(kinds)) {
        for (const place of places) {
          const value = get(place, `${measure}@${month}`);
          cells.push(value === null ? hidden(id(place, measure, month)) : shown(id(place, measure, month), value));
        }
        relations.push(sum(id('640100', measure, month), [id(district, measure, month), id('640105', measure, month)]));
      }
    }
    for (const place of places) {
      months.slice(1).forEach((month, m) => {
        relations.push({
          terms: [
            { cell: id(place, 'disputesOpen', month), coefficient: 1 },
            { cell: id(place, 'disputesOpen', months[m]), coefficient: -1 },
            { cell: id(place, 'disputesFound', month), coefficient: -1 },
            { cell: id(place, 'disputesSettled', month), coefficient: 1 },
          ],
        });
      });
    }
    return { cells, relations };
  }

  it('gives a withheld flow away under primary suppression alone, and nothing once protected with the identity declared', async () => {
    // A release cut at the end of April 2020: its series runs from 2013, empty until January 2020.
    const table = new FigureTable(['DISTRICT', 'CITY']);
    addMonthlyCells(table, rows, kinds, '2020-04-30', flows);
    const report = await table.protect();
    // Primary suppression alone: the 4 found in March follows from the open counts and the settled ones.
    const primary = await attack(
      view((place, measure) => {
        const value = rowsTruth(place, measure);
        return value > 0 && value < 10 ? null : value;
      }),
    );
    expect(primary.disclosed.map((cell) => [cell.id, cell.interval])).toContainEqual([`${district}/disputesFound@2020-03`, { min: 4, max: 4 }]);

    const after = await attack(view((place, measure) => table.get(place, measure).count));
    expect(table.get(district, 'disputesFound@2020-03')).toEqual({ count: null, suppressed: true });
    expect(after.disclosed).toEqual([]);
    expect(report.complementary.length).toBeGreaterThan(0);
  });

  /** The true counts of the example, straight from its rows. */
  function rowsTruth(place: string, cell: string): number {
    const [measure, month] = cell.split('@');
    const mine = rows.filter((row) => row.measure === measure && (place === '640100' || row.place === place));
    if (kinds[measure as keyof typeof kinds] === 'FLOW') return mine.filter((row) => row.month === month).reduce((a, row) => a + row.starts, 0);
    return mine.filter((row) => row.month <= month).reduce((a, row) => a + row.starts - row.ends, 0);
  }
});

describe('two stocks of which one counts a subset of the other: contract jobs and the migrants holding one (partOfStock)', () => {
  // January 2013 alone, in three districts: 2 migrants holding 2 contract jobs in 640104 (withheld), 30 holding 45 in
  // 640105, 40 holding 40 in 640106. Protected apart, each stock hides 640104 behind its cheapest partner — 640105 for
  // the migrants, 640106 for the jobs — and an analyst who knows jobs ≥ migrants bounds 640104's jobs by 2 from above.
  const districts = ['640104', '640105', '640106'];
  const counts = { withContract: [2, 30, 40], employedWithContract: [2, 45, 40] };
  const rows = Object.entries(counts).flatMap(([measure, values]) =>
    districts.map((place, d) => ({ place, measure, month: '2013-01', starts: values[d], ends: 0 })),
  );
  const kinds = { withContract: 'STOCK', employedWithContract: 'STOCK' } as const;

  /** The analyst's view: every cell of the month, the city the sum of its districts, jobs = migrants + further jobs (≥ 0). */
  function view(table: FigureTable): AuditedTable {
    const cells: TableCell[] = [];
    const relations: Relation[] = [];
    for (const place of ['640100', ...districts]) {
      for (const measure of Object.keys(counts)) {
        const id = `${place}/${measure}`;
        const { count } = table.get(place, `${measure}@2013-01`);
        cells.push(count === null ? hidden(id) : shown(id, count));
      }
      cells.push({ id: `${place}/further`, status: 'unpublished' });
      relations.push(sum(`${place}/employedWithContract`, [`${place}/withContract`, `${place}/further`]));
    }
    for (const measure of Object.keys(counts))
      relations.push(
        sum(
          `640100/${measure}`,
          districts.map((place) => `${place}/${measure}`),
        ),
      );
    return { cells, relations };
  }

  async function protectedTable(related: boolean): Promise<FigureTable> {
    const table = new FigureTable(['DISTRICT', 'CITY']);
    addMonthlyCells(table, rows, kinds, '2013-01-31');
    if (related) partOfStock(table, rows, 'withContract', 'employedWithContract', '2013-01-31');
    await table.protect();
    return table;
  }

  it('gives the withheld jobs away when the two are protected apart, and nothing once related', async () => {
    const apart = await attack(view(await protectedTable(false)));
    expect(apart.disclosed.map((cell) => cell.id)).toContain('640104/employedWithContract');

    const related = await protectedTable(true);
    expect(related.get('640104', 'employedWithContract@2013-01')).toEqual({ count: null, suppressed: true });
    expect((await attack(view(related))).disclosed).toEqual([]);
  });
});

describe('FigureTable is read only once protected', () => {
  it('throws on get() before protect() and on add() after', async () => {
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    table.add('640104001001', 'residents', 30);
    expect(() => table.get('640104001001', 'residents')).toThrow(/protect/);
    await table.protect();
    expect(table.get('640104001001', 'residents')).toEqual({ count: 30, suppressed: false });
    expect(() => table.add('640104001001', 'residents', 1)).toThrow(/protect/);
  });
});

describe("public security's registration figures from the synthetic population (20,000 persons)", () => {
  const release = syntheticRelease({ seed: 2013, size: 20_000 });

  it('primary suppression alone gives withheld counts away to the solving attacker; the protected figures none', async () => {
    const before = await attack(attackerView(release, primaryOnly(release)));
    const truth = (id: string) => release.truth.get(id) ?? 0;
    const pinned = before.disclosed.filter((cell) => cell.interval.min === cell.interval.max);
    expect(pinned.length).toBeGreaterThan(50);
    // The attacker is right: every interval holds the true count, and a pinned cell is the true count.
    for (const [id, interval] of before.intervals) expect([interval.min <= truth(id), interval.max >= truth(id)]).toEqual([true, true]);
    for (const cell of pinned) expect(cell.interval.min).toBe(truth(cell.id));

    const report = await release.table.protect();
    const after = await attack(attackerView(release, published(release)));
    expect(after.disclosed).toEqual([]);
    expect(after.intervals.size).toBe(report.withheldAfter);
    // Shown figures are the true counts, and every count of 1–9 is withheld.
    const view = published(release);
    for (const [id, value] of release.truth) {
      const [place, measure] = id.split('|');
      const shownCount = view(place, measure);
      if (value > 0 && value < 10) expect(shownCount).toBeNull();
      else if (shownCount !== null) expect(shownCount).toBe(value);
    }
  });
});

describe('protection remembered by the hash of its table (DISCLOSURE_MEMO_DIR)', () => {
  it('gives an identical table the same result from the memo, and protects any other table afresh', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-memo-test-'));
    try {
      rememberProtectionsIn(dir);
      const table = (corner: number): AuditedTable => ({
        cells: [{ id: 'a', value: corner, status: 'withheld' }, shown('b', 20), shown('total', corner + 20)],
        relations: [sum('total', ['a', 'b'])],
      });
      const first = await protectRemembered(table(3));
      expect(first.complementary).toEqual(['b']);
      expect(fs.readdirSync(dir)).toHaveLength(1);
      // The same table again — its cells listed in another order — is read back, not solved.
      const again = await protectRemembered({ ...table(3), cells: [...table(3).cells].reverse() });
      expect(again).toEqual(first);
      expect(fs.readdirSync(dir)).toHaveLength(1);
      // One count different: another table, protected afresh.
      const other = await protectRemembered(table(4));
      expect(other.complementary).toEqual(['b']);
      expect(fs.readdirSync(dir)).toHaveLength(2);
    } finally {
      rememberProtectionsIn(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
