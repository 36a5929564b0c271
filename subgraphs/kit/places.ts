/**
 * The places statistics are given for, from the city down to a community. Codes nest (GB/T 2260 and its extension):
 * a community's 12 digits start with its street's 9, which start with its district's 6; the city is 640100 (银川市).
 */

export const CITY = { code: '640100', name: '银川市', nameEn: 'Yinchuan' } as const;

export type PlaceLevel = 'CITY' | 'DISTRICT' | 'STREET' | 'COMMUNITY';

const CODE_LENGTH: Record<Exclude<PlaceLevel, 'CITY'>, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 12 };

export function placeLevel(code: string): PlaceLevel {
  if (code === CITY.code) return 'CITY';
  if (code.length === 6) return 'DISTRICT';
  if (code.length === 9) return 'STREET';
  return 'COMMUNITY';
}

/** The place at `level` that contains `code` (itself when already at that level). */
export function placeAt(code: string, level: PlaceLevel): string {
  return level === 'CITY' ? CITY.code : code.slice(0, CODE_LENGTH[level]);
}

const ORDER: PlaceLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT', 'CITY'];

/** Levels from finer to coarser, so callers can walk upwards. */
export function coarserLevels(level: PlaceLevel): PlaceLevel[] {
  return ORDER.slice(ORDER.indexOf(level) + 1);
}

/** The place itself and every coarser place containing it, at the given levels only. */
export function placesContaining(place: string, levels: PlaceLevel[]): string[] {
  const level = placeLevel(place);
  return [level, ...coarserLevels(level)].filter((at) => levels.includes(at)).map((at) => placeAt(place, at));
}

/** Adds an amount (money, not a count) to a place and to every coarser place of `levels` that contains it. */
export function addUpwards(sums: Map<string, number>, place: string, amount: number, levels: PlaceLevel[]): void {
  for (const at of placesContaining(place, levels)) sums.set(at, (sums.get(at) ?? 0) + amount);
}
