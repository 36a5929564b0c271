import { ProtectedCount, SMALLEST_SHOWN_COUNT } from './disclosure';
import { ProtectionReport, AuditedTable, Relation, TableCell } from './disclosure-audit';
import { protectRemembered } from './disclosure-audit/remembered';
import type { PublishedCells } from './published-table';
import { coarserLevels, placeAt, placeLevel, PlaceLevel, placesContaining } from './places';

let complementarySuppression = true;

/**
 * Test hook, for showing what complementary suppression is for: while `work` runs, every FigureTable of this process
 * that is protected withholds its counts of 1–9 only, so an attack on what it publishes pins cells down. Nothing but
 * code calling it in-process reaches it — no environment variable, configuration or request — and it restores
 * protection when `work` ends, however it ends. Releases counted meanwhile are stored like any other: use it only with
 * databases of the test's own.
 */
export async function withPrimarySuppressionOnly<T>(work: () => Promise<T>): Promise<T> {
  complementarySuppression = false;
  try {
    return await work();
  } finally {
    complementarySuppression = true;
  }
}

/** A term of a declared identity: a cell (place and measure) and its coefficient. */
export type IdentityTerm = [place: string, measure: string, coefficient: number];

/**
 * A bureau's counts for every place it publishes, protected together before any of them leaves the subgraph.
 *
 * Counts of 1–9 are withheld (primary suppression). An analyst who solves everything published at once — a place
 * against the places in it, a total against its breakdown (disputes found = open + settled at each level), a stock
 * against its flows month by month (declared with `identity`), knowing a withheld count is at least 1 — could still
 * pin a withheld count down, so `protect()` lets a solver choose further cells to withhold until no withheld cell is
 * narrowed below the rule of kit/disclosure-audit (complementary suppression). Figures are read only once protected.
 *
 * Counts are added at the finest level they are published at and summed upwards over the table's levels; a measure
 * published only from the district up (a breakdown by origin) is added at district level.
 */
export class FigureTable {
  private readonly values = new Map<string, Map<string, number>>();
  private readonly unpublished = new Map<string, Map<string, number>>();
  private readonly groups: { total: string; parts: string[] }[] = [];
  private readonly identities: IdentityTerm[][] = [];
  private protection: Promise<ProtectionReport> | undefined;
  /** Set once protected: the cells withheld, primary and complementary. */
  private withheld: Map<string, Set<string>> | undefined;

  /** @param levels the levels this bureau publishes the figures at (others are neither summed nor shown). */
  constructor(private readonly levels: PlaceLevel[]) {}

  /** Adds a count at a place and at every coarser published level containing it. */
  add(place: string, measure: string, count: number): void {
    this.addTo(this.values, place, measure, count);
  }

  /**
   * Adds a count that is never shown but that an identity names (registrations ended in a month, say): the attacker
   * does not see it, yet knows it is a count, so it is part of what protection must account for.
   */
  addUnpublished(place: string, measure: string, count: number): void {
    this.addTo(this.unpublished, place, measure, count);
  }

  /**
   * Adds an unpublished count at this place only, not summed upwards: the part at a finer place of a count published
   * at the coarser ones (a street's new registrations in a month, of the district's published ones), so that the
   * coarser count is declared its sum.
   */
  addUnpublishedHere(place: string, measure: string, count: number): void {
    this.addAt(this.unpublished, place, measure, count);
  }

  /**
   * Adds a count at this place only, not summed upwards: a figure published at a finer place than the coarser figure
   * it is a part of (a community's stock at a year's end, of its street's December stock), which the caller declares
   * with `identity`.
   */
  addHere(place: string, measure: string, count: number): void {
    this.addAt(this.values, place, measure, count);
  }

  /** Declares that, in every place, `total` is the sum of `parts` (so both are protected together). */
  sumOf(total: string, parts: string[]): void {
    this.requireUnprotected();
    this.groups.push({ total, parts });
  }

  /**
   * Declares a further identity that the true counts satisfy and an analyst could use: Σ coefficient × cell = 0, e.g.
   * a stock against its flows, `stock@m − stock@(m−1) − starts@m + ends@m = 0`. A cell never added counts as a shown 0.
   */
  identity(terms: IdentityTerm[]): void {
    this.requireUnprotected();
    this.identities.push(terms);
  }

  /**
   * Withholds counts of 1–9 and lets the solver choose the complementary cells (kit/disclosure-audit `protect`).
   * Asynchronous because the solver loads WebAssembly; idempotent. The report says what was withheld and how long the
   * solver and the final attack took.
   */
  protect(): Promise<ProtectionReport> {
    this.protection ??= (async () => {
      const report = complementarySuppression ? await protectRemembered(this.publishedTable()) : this.primarySuppressionOnly();
      const withheld = new Map<string, Set<string>>();
      for (const [place, cells] of this.values) {
        for (const [measure, count] of cells) if (count > 0 && count < SMALLEST_SHOWN_COUNT) withheldIn(withheld, place).add(measure);
      }
      for (const id of report.complementary) {
        const [place, measure] = splitId(id);
        withheldIn(withheld, place).add(measure);
      }
      this.withheld = withheld;
      return report;
    })();
    return this.protection;
  }

  /** The count of a measure at a place, after disclosure control; zero where nothing was added. */
  get(place: string, measure: string): ProtectedCount {
    if (!this.withheld) throw new Error('a figure table is read before protect() has finished');
    if (this.unpublished.get(place)?.has(measure)) throw new Error(`${place} ${measure} is an unpublished count`);
    if (this.withheld.get(place)?.has(measure)) return { count: null, suppressed: true };
    return { count: this.values.get(place)?.get(measure) ?? 0, suppressed: false };
  }

  /** Every published cell after disclosure control, for a release (see published-table.ts). */
  published(): PublishedCells {
    const cells: PublishedCells = {};
    for (const [place, measures] of this.values) {
      cells[place] = {};
      for (const measure of measures.keys()) cells[place][measure] = this.get(place, measure).count;
    }
    return cells;
  }

  /** What protect() reports when the test hook has turned complementary suppression off: the 1–9 cells alone. */
  private primarySuppressionOnly(): ProtectionReport {
    let withheld = 0;
    for (const cells of this.values.values()) for (const count of cells.values()) if (count > 0 && count < SMALLEST_SHOWN_COUNT) withheld += 1;
    return {
      complementary: [],
      withheldBefore: withheld,
      withheldAfter: withheld,
      rounds: 0,
      attackSolves: 0,
      protectionSolves: 0,
      attackMilliseconds: 0,
      milliseconds: 0,
    };
  }

  private addTo(cellsByPlace: Map<string, Map<string, number>>, place: string, measure: string, count: number): void {
    this.requireUnprotected();
    for (const at of placesContaining(place, this.levels)) {
      let cells = cellsByPlace.get(at);
      if (!cells) cellsByPlace.set(at, (cells = new Map()));
      cells.set(measure, (cells.get(measure) ?? 0) + count);
    }
  }

  private addAt(cellsByPlace: Map<string, Map<string, number>>, place: string, measure: string, count: number): void {
    this.requireUnprotected();
    let cells = cellsByPlace.get(place);
    if (!cells) cellsByPlace.set(place, (cells = new Map()));
    cells.set(measure, (cells.get(measure) ?? 0) + count);
  }

  private requireUnprotected(): void {
    if (this.protection) throw new Error('a figure table is changed after protect()');
  }

  /** The table as the attacker model sees it: every cell, what is shown of it, and every identity between cells. */
  private publishedTable(): AuditedTable {
    const cells = new Map<string, TableCell>();
    for (const [place, measures] of this.values) {
      for (const [measure, value] of measures) {
        const id = cellId(place, measure);
        cells.set(id, { id, value, status: value > 0 && value < SMALLEST_SHOWN_COUNT ? 'withheld' : 'published' });
      }
    }
    for (const [place, measures] of this.unpublished) {
      for (const [measure, value] of measures) {
        const id = cellId(place, measure);
        if (cells.has(id)) throw new Error(`${place} ${measure} is added both as published and as unpublished`);
        cells.set(id, { id, value, status: 'unpublished' });
      }
    }
    const has = (place: string, measure: string) => this.values.get(place)?.has(measure) || this.unpublished.get(place)?.has(measure);
    const relations: Relation[] = this.sums(has).map(({ total, parts }) => ({
      terms: [{ cell: cellId(...total), coefficient: -1 }, ...parts.map((part) => ({ cell: cellId(...part), coefficient: 1 }))],
    }));
    for (const terms of this.identities) {
      for (const [place, measure] of terms) {
        const id = cellId(place, measure);
        if (!cells.has(id)) cells.set(id, { id, value: 0, status: 'published' });
      }
      relations.push({ terms: terms.map(([place, measure, coefficient]) => ({ cell: cellId(place, measure), coefficient })) });
    }
    return { cells: [...cells.values()], relations };
  }

  /** Every total with its parts: each place against its children at the next level, each group within a place. */
  private sums(has: (place: string, measure: string) => boolean | undefined): { total: Cell; parts: Cell[] }[] {
    const places = new Set([...this.values.keys(), ...this.unpublished.keys()]);
    const children = new Map<string, string[]>();
    for (const place of places) {
      const parent = coarserLevels(placeLevel(place)).find((level) => this.levels.includes(level));
      if (!parent) continue;
      const parentCode = placeAt(place, parent);
      const siblings = children.get(parentCode);
      if (siblings) siblings.push(place);
      else children.set(parentCode, [place]);
    }
    const sums: { total: Cell; parts: Cell[] }[] = [];
    for (const place of places) {
      const measures = new Set([...(this.values.get(place)?.keys() ?? []), ...(this.unpublished.get(place)?.keys() ?? [])]);
      for (const measure of measures) {
        const parts = (children.get(place) ?? []).filter((child) => has(child, measure));
        if (parts.length > 0) sums.push({ total: [place, measure], parts: parts.map((child) => [child, measure]) });
      }
      for (const group of this.groups) {
        // A breakdown published from the district up has no parts at a community: no sum there.
        const parts = group.parts.filter((part) => has(place, part));
        if (has(place, group.total) && parts.length > 0) sums.push({ total: [place, group.total], parts: parts.map((part) => [place, part]) });
      }
    }
    return sums;
  }
}

type Cell = [place: string, measure: string];
const cellId = (place: string, measure: string) => `${place}|${measure}`;
const splitId = (id: string): Cell => {
  const at = id.indexOf('|');
  return [id.slice(0, at), id.slice(at + 1)];
};

function withheldIn(withheld: Map<string, Set<string>>, place: string): Set<string> {
  let cells = withheld.get(place);
  if (!cells) withheld.set(place, (cells = new Set()));
  return cells;
}
