import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { addDays, addMonths, yearsBetween } from '../../subgraphs/kit/dates';
import { createErrorFormatter, NotFoundError, UserInputError } from '../../subgraphs/kit/errors';
import { createLogger } from '../../subgraphs/kit/logger';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../subgraphs/kit/pagination';
import { MoneyScalar } from '../../subgraphs/kit/scalars';
import { requireDigits } from '../../subgraphs/kit/validation';

describe('error formatting', () => {
  const format = createErrorFormatter(createLogger('test'));

  it('keeps client errors with their code and field', () => {
    const error = new UserInputError('input.birthDate', 'input.birthDate must not be in the future');
    expect(format({ message: error.message, extensions: error.extensions }, error)).toEqual({
      message: 'input.birthDate must not be in the future',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.birthDate' },
    });
    const missing = new NotFoundError('No person with id P1', 'input.personId');
    expect(format({ message: missing.message, extensions: missing.extensions }, missing).extensions).toEqual({
      code: 'NOT_FOUND',
      field: 'input.personId',
    });
  });

  it('names the field of a variable that does not coerce', () => {
    const message = 'Variable "$input" got invalid value "1990-13-45" at "input.birthDate"; Expected type "Date".';
    expect(format({ message, extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError(message)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.birthDate',
    });
  });

  it('keeps the requests Apollo refuses with a 4xx status but no code as BAD_REQUEST', () => {
    const error = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(format({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('hides database errors and stack traces behind INTERNAL_SERVER_ERROR', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "person_pkey"'), { code: '23505' });
    const error = new QueryFailedError('INSERT INTO person (id) VALUES ($1)', ['P1'], driverError);
    const formatted = format(
      { message: error.message, path: ['registerPerson'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x.ts:1'] } },
      error,
    );
    expect(formatted).toEqual({ message: 'Internal server error', path: ['registerPerson'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(formatted)).not.toMatch(/INSERT|person_pkey|x\.ts/);
  });
});

describe('cursor connections', () => {
  it('round-trips opaque cursors and refuses cursors of another list', () => {
    const cursor = encodeCursor('person', 'P00RJQ5GN3K');
    expect(cursor).not.toContain('P00RJQ5GN3K');
    expect(decodeCursor('person', cursor)).toBe('P00RJQ5GN3K');
    expect(decodeCursor('person', null)).toBeUndefined();
    expect(() => decodeCursor('school', cursor)).toThrow(UserInputError);
    expect(() => decodeCursor('person', 'garbage')).toThrow(UserInputError);
  });

  it('caps the page size at 100', () => {
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow(UserInputError);
    expect(() => pageSize(-1)).toThrow(UserInputError);
  });

  it('uses the extra row only to tell that more follow, and counts lazily', async () => {
    let counted = 0;
    const count = async () => ++counted;
    const page = toConnection(['a', 'b', 'c'], 2, 'x', (k) => k, (k) => k.toUpperCase(), count);
    expect(page.edges.map((e) => e.node)).toEqual(['A', 'B']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('x', 'b') });
    expect(counted).toBe(0);
    expect(await page.totalCount).toBe(1);
    const last = toConnection(['a'], 2, 'x', (k) => k, (k) => k, count);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });
});

describe('Money', () => {
  it('reads and writes yuan as two-decimal strings', () => {
    expect(MoneyScalar.parseValue('120000')).toBe('120000.00');
    expect(MoneyScalar.parseValue('99.5')).toBe('99.50');
    expect(MoneyScalar.serialize('71000.00')).toBe('71000.00');
    expect(() => MoneyScalar.parseValue('12,000')).toThrow(/decimal string/);
    expect(() => MoneyScalar.parseValue('1.234')).toThrow(/decimal string/);
  });
});

describe('dates and codes', () => {
  it('does calendar arithmetic on ISO days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(yearsBetween('2010-06-15', '2026-06-14')).toBe(15);
    expect(yearsBetween('2010-06-15', '2026-06-15')).toBe(16);
  });

  it('checks code lengths, naming the field', () => {
    expect(requireDigits('640104', 6, 'filter.districtCode')).toBe('640104');
    expect(() => requireDigits('64010', 6, 'filter.districtCode')).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.districtCode' } }),
    );
  });
});
