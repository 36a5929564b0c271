import {
  countOf,
  nestedBreakdown,
  nestedBreakdownNaming,
  protectCount,
  protectedRate,
  protectedSum,
  shownIf,
  sumShownWithCount,
  suppressedFieldsDescription,
  withRate,
} from '../../subgraphs/kit/disclosure';
import { PublishedTable } from '../../subgraphs/kit/published-table';

const shown = (count: number) => ({ count, suppressed: false });
const WITHHELD = { count: null, suppressed: true };

// A release as read back: 640104 has 5 closed disputes (withheld), 640105 none, the city 40.
const table = new PublishedTable('2026-06-30', {
  '640104': { employed: 30, withContract: 12, disputesClosed: null },
  '640105': { employed: 20, withContract: null },
  '640100': { employed: 50, withContract: 25, disputesClosed: 40 },
});
const recordOf = (place: string) => table.record(place, { employed: 'employed', withContract: 'withContract', disputesClosed: 'disputesClosed' });

describe('disclosure control of figure records', () => {
  it('withholds counts of 1–9 and shows 0 and 10 or more', () => {
    expect(protectCount(0)).toEqual(shown(0));
    expect(protectCount(1)).toEqual(WITHHELD);
    expect(protectCount(9)).toEqual(WITHHELD);
    expect(protectCount(10)).toEqual(shown(10));
  });

  it('reads a record: each field, the withheld ones named in suppressed, a cell never counted as 0', () => {
    expect(recordOf('640104')).toEqual({ employed: 30, withContract: 12, disputesClosed: null, suppressed: ['disputesClosed'], asOf: '2026-06-30' });
    expect(recordOf('640105')).toEqual({ employed: 20, withContract: null, disputesClosed: 0, suppressed: ['withContract'], asOf: '2026-06-30' });
    expect(countOf(recordOf('640104'), 'disputesClosed')).toEqual(WITHHELD);
    expect(countOf(recordOf('640104'), 'withContract')).toEqual(shown(12));
  });

  it('gives a rate only when both counts are shown and the base is not zero, to four decimals', () => {
    expect(protectedRate(shown(1), shown(3))).toBe(0.3333);
    expect(protectedRate(WITHHELD, shown(30))).toBeNull();
    expect(protectedRate(shown(0), WITHHELD)).toBeNull();
    expect(protectedRate(shown(0), shown(0))).toBeNull();
    expect(withRate(recordOf('640104'), 'contractRate', 'withContract', 'employed')).toMatchObject({ withContract: 12, contractRate: 0.4 });
    expect(withRate(recordOf('640105'), 'contractRate', 'withContract', 'employed')).toMatchObject({ employed: 20, contractRate: null });
  });

  it('sums protected counts only when no part is withheld, and withholds a sum of 1–9', () => {
    expect(protectedSum([shown(10), shown(12)])).toEqual(shown(22));
    expect(protectedSum([shown(0), shown(0)])).toEqual(shown(0));
    expect(protectedSum([shown(4), shown(0)])).toEqual(WITHHELD);
    expect(protectedSum([shown(30), WITHHELD])).toEqual(WITHHELD);
  });

  it('shows a sum of money only with its count, naming the sum in suppressed otherwise', () => {
    const few = recordOf('640104');
    expect(sumShownWithCount(few, 'wagesRecovered', 'disputesClosed', 1234.5)).toBeNull();
    expect(few.suppressed).toEqual(['disputesClosed', 'wagesRecovered']);
    const many = recordOf('640100');
    expect(sumShownWithCount(many, 'wagesRecovered', 'disputesClosed', 1234.5)).toBe('1234.50');
    expect(sumShownWithCount(recordOf('640105'), 'wagesRecovered', 'disputesClosed', undefined)).toBe('0.00');
    expect(many.suppressed).toEqual([]);
  });

  it('withholds a value by a decision kept without its count', () => {
    const record = recordOf('640100');
    expect(shownIf(record, 'medianDaysToSettle', true, 12.5)).toBe(12.5);
    expect(shownIf(record, 'medianDaysToSettle', false, null)).toBeNull();
    expect(record.suppressed).toEqual(['medianDaysToSettle']);
  });

  it('names the withheld items of a nested breakdown field.KEY in the order of the keys', () => {
    const record = recordOf('640100');
    const counts: Record<string, number> = { PENSION: 5, MEDICAL: 40, UNEMPLOYMENT: 0, INJURY: 2 };
    const items = nestedBreakdown(
      record,
      'insurance',
      Object.keys(counts),
      (type) => protectCount(counts[type]),
      (type, insured) => ({
        type,
        insured: insured.count,
      }),
    );
    expect(items).toEqual([
      { type: 'PENSION', insured: null },
      { type: 'MEDICAL', insured: 40 },
      { type: 'UNEMPLOYMENT', insured: 0 },
      { type: 'INJURY', insured: null },
    ]);
    expect(record.suppressed).toEqual(['insurance.PENSION', 'insurance.INJURY']);
    expect(suppressedFieldsDescription(nestedBreakdownNaming('insurance schemes', 'insurance', 'TYPE'))).toBe(
      'Names of the fields withheld by disclosure control (counts of 1–9, or a count that would give one away by subtraction; insurance schemes as insurance.<TYPE>).',
    );
  });
});
