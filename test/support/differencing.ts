/**
 * An attacker's view of published figures: cells known or withheld (null), and the sums the publication implies
 * (a total and its parts). `recoverByDifferencing` solves every sum with one unknown cell, again and again with what
 * it learnt, and returns what it found: after disclosure control it must find nothing.
 */

export interface PublishedSum {
  total: string;
  parts: string[];
}

export function recoverByDifferencing(cells: Map<string, number | null>, sums: PublishedSum[]): Map<string, number> {
  const known = new Map<string, number>();
  for (const [id, value] of cells) if (value !== null) known.set(id, value);
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const { total, parts } of sums) {
      const unknown = [total, ...parts].filter((id) => !known.has(id));
      if (unknown.length !== 1) continue;
      const [cell] = unknown;
      const partsSum = parts.filter((id) => id !== cell).reduce((sum, id) => sum + known.get(id)!, 0);
      const value = cell === total ? partsSum : known.get(total)! - partsSum;
      known.set(cell, value);
      recovered.set(cell, value);
      progress = true;
    }
  }
  return recovered;
}
