// Small helpers the tests share, so each test file says what it checks and not how.

/** Up to five descriptions of items failing a check (one assertion instead of thousands). */
export function problems<T>(items: Iterable<T>, check: (item: T) => string | null): string[] {
  const found: string[] = [];
  for (const item of items) {
    const problem = check(item);
    if (problem !== null && found.push(problem) >= 5) break;
  }
  return found;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The field a validation names when it refuses input with BAD_USER_INPUT, or undefined when it accepts it. */
export function refusedField(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error: any) {
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    return error.extensions.field;
  }
}

/** What disclosure control must show of a true count: counts of 1–9 are withheld. */
export const shownCount = (count: number) => (count > 0 && count < 10 ? null : count);

/**
 * A published figure is either the true count, or withheld and named in the record's `suppressed` list: always when
 * it is 1–9, and sometimes beside one (complementary suppression). `field` may be a path named in that list.
 */
export function expectProtected(label: string, published: number | null, trueCount: number, suppressed: string[], field: string) {
  if (published === null) expect([label, field, suppressed]).toEqual([label, field, expect.arrayContaining([field])]);
  else expect([label, field, published]).toEqual([label, field, trueCount]);
  if (shownCount(trueCount) === null) expect([label, field, published]).toEqual([label, field, null]);
}

/** expectProtected for several counts of a record, each field against its true count. */
export function expectProtectedCounts(
  label: string,
  record: Record<string, any>,
  trueCounts: Record<string, number>,
  suppressed: string[] = record.suppressed,
) {
  for (const [field, count] of Object.entries(trueCounts)) expectProtected(label, record[field], count, suppressed, field);
}

/** A published rate, part / whole to four decimals: null when either count is withheld or the whole is 0. */
export function expectRate(label: string, rate: number | null, part: number | null, whole: number | null) {
  const expected = part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
  expect([label, rate]).toEqual([label, expected]);
}
