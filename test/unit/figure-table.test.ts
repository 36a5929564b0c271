import { attack } from '../../subgraphs/kit/disclosure-audit';
import { FigureTable } from '../../subgraphs/kit/figure-table';
import { CITY } from '../../subgraphs/kit/places';
import { PublishedSum, recoverByDifferencing } from '../support/differencing';

// Three districts, two streets each, three communities per street: codes nest as in GB/T 2260.
const DISTRICTS = ['640104', '640105', '640106'];
const STREETS = DISTRICTS.flatMap((d) => [`${d}001`, `${d}002`]);
const COMMUNITIES = STREETS.flatMap((s) => [`${s}001`, `${s}002`, `${s}003`]);
const PLACES = [CITY.code, ...DISTRICTS, ...STREETS, ...COMMUNITIES];

function randomCounts(seed: number): number[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // Mostly small counts, so that much is withheld and complementary suppression has work to do.
  return COMMUNITIES.map(() => (next() < 0.2 ? 0 : Math.floor(next() ** 3 * 60)));
}

/** What an attacker sees: every published cell, and the sums the hierarchy and the breakdown imply. */
function publication(table: FigureTable, measures: string[], total: string | null) {
  const cells = new Map<string, number | null>();
  for (const place of PLACES) for (const measure of measures) cells.set(`${place}/${measure}`, table.get(place, measure).count);
  const sums: PublishedSum[] = [];
  const childrenOf = (place: string) =>
    place === CITY.code ? DISTRICTS : place.length === 6 ? STREETS.filter((s) => s.startsWith(place)) : COMMUNITIES.filter((c) => c.startsWith(place));
  for (const place of PLACES) {
    for (const measure of measures) {
      if (place.length < 12) sums.push({ total: `${place}/${measure}`, parts: childrenOf(place).map((c) => `${c}/${measure}`) });
    }
    if (total) sums.push({ total: `${place}/${total}`, parts: measures.filter((m) => m !== total).map((m) => `${place}/${m}`) });
  }
  return { cells, sums };
}

describe('FigureTable: disclosure control over the hierarchy of places', () => {
  it('sums counts upwards and shows counts of 10 or more as they are', async () => {
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    for (const community of COMMUNITIES) table.add(community, 'residents', 20);
    await table.protect();
    expect(table.get('640104001001', 'residents')).toEqual({ count: 20, suppressed: false });
    expect(table.get('640104001', 'residents')).toEqual({ count: 60, suppressed: false });
    expect(table.get('640104', 'residents')).toEqual({ count: 120, suppressed: false });
    expect(table.get(CITY.code, 'residents')).toEqual({ count: 360, suppressed: false });
    expect(table.get('640199', 'residents')).toEqual({ count: 0, suppressed: false });
  });

  it('withholds a lone small community together with a sibling, so the street total does not give it away', async () => {
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    for (const community of COMMUNITIES) table.add(community, 'residents', 30);
    table.add('640104001001', 'residents', -27); // 3 people
    await table.protect();
    expect(table.get('640104001001', 'residents').suppressed).toBe(true);
    const siblings = ['640104001002', '640104001003'].map((c) => table.get(c, 'residents'));
    expect(siblings.filter((s) => s.suppressed)).toHaveLength(1);
    expect(table.get('640104001', 'residents')).toEqual({ count: 63, suppressed: false });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('leaves nothing to recover by differencing or by solving every sum at once (random counts, seed %i)', async (seed) => {
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    const counts = randomCounts(seed);
    const counts2 = randomCounts(seed + 100);
    COMMUNITIES.forEach((community, i) => {
      table.add(community, 'open', counts[i]);
      table.add(community, 'closed', counts2[i]);
      table.add(community, 'found', counts[i] + counts2[i]);
    });
    table.sumOf('found', ['open', 'closed']);
    await table.protect();
    const { cells, sums } = publication(table, ['found', 'open', 'closed'], 'found');

    const primary = COMMUNITIES.filter((_, i) => counts[i] > 0 && counts[i] < 10);
    expect(primary.filter((c) => table.get(c, 'open').count !== null)).toEqual([]);
    expect([...cells.values()].filter((v) => v === null).length).toBeGreaterThan(primary.length);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
    // Nor by solving every sum at once, knowing a withheld count is at least 1.
    const view = {
      cells: [...cells].map(([id, value]) => (value === null ? { id, status: 'withheld' as const } : { id, value, status: 'published' as const })),
      relations: sums.map(({ total, parts }) => ({ terms: [{ cell: total, coefficient: -1 }, ...parts.map((cell) => ({ cell, coefficient: 1 }))] })),
    };
    expect((await attack(view)).disclosed).toEqual([]);
    // What is shown is still true.
    COMMUNITIES.forEach((community, i) => {
      const shown = table.get(community, 'open').count;
      if (shown !== null) expect(shown).toBe(counts[i]);
    });
  });

  it('the attacker would recover a lone withheld cell without the complementary step', () => {
    // The check is able to fail: with primary suppression only, a street total gives its small community away.
    const cells = new Map<string, number | null>([
      ['street', 63],
      ['a', null],
      ['b', 30],
      ['c', 30],
    ]);
    expect(recoverByDifferencing(cells, [{ total: 'street', parts: ['a', 'b', 'c'] }])).toEqual(new Map([['a', 3]]));
  });

  it('protects a breakdown published only from the district up against its district total and the city', async () => {
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    for (const community of COMMUNITIES) table.add(community, 'residents', 25);
    const origins = ['620000', '630000', '410000'];
    for (const district of DISTRICTS) {
      table.add(district, 'residents@620000', 140);
      table.add(district, 'residents@630000', district === '640104' ? 5 : 6);
      table.add(district, 'residents@410000', district === '640104' ? 5 : 4);
    }
    table.sumOf(
      'residents',
      origins.map((o) => `residents@${o}`),
    );
    await table.protect();
    expect(table.get('640104001001', 'residents@620000')).toEqual({ count: 0, suppressed: false });
    const cells = new Map<string, number | null>();
    const sums: PublishedSum[] = [];
    for (const place of [CITY.code, ...DISTRICTS]) {
      cells.set(`${place}/residents`, table.get(place, 'residents').count);
      for (const o of origins) cells.set(`${place}/${o}`, table.get(place, `residents@${o}`).count);
      sums.push({ total: `${place}/residents`, parts: origins.map((o) => `${place}/${o}`) });
    }
    for (const o of origins) sums.push({ total: `${CITY.code}/${o}`, parts: DISTRICTS.map((d) => `${d}/${o}`) });
    expect(cells.get(`${CITY.code}/residents`)).toBe(450);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
  });
});
