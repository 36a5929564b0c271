import { GraphQLError, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, parse, validate } from 'graphql';
import { decodeProtectedHeader, generateKeyPair } from 'jose';
import { createTokenVerifier, signToken, tokenPolicyOf, trustedKey, TrustedKeys } from '../../subgraphs/kit/auth/identity';
import { QueryFailedError } from 'typeorm';
import { addDays, addMonths, yearsBetween } from '../../subgraphs/kit/dates';
import { createErrorFormatter, NotFoundError, UserInputError } from '../../subgraphs/kit/errors';
import { createLogger } from '../../subgraphs/kit/logger';
import { decodeCursor, encodeCursor, pageSize, readPage } from '../../subgraphs/kit/pagination';
import { MoneyScalar } from '../../subgraphs/kit/scalars';
import { loadSettings } from '../../subgraphs/kit/settings';
import { requireId, requireNonBlank } from '../../subgraphs/kit/validation';

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

  it('names the field of a literal a scalar of the graph cannot read, as BAD_USER_INPUT', () => {
    const input = new GraphQLInputObjectType({
      name: 'AmountsInput',
      fields: { amounts: { type: new GraphQLList(MoneyScalar) }, total: { type: MoneyScalar } },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { sum: { type: GraphQLInt, args: { input: { type: input }, amount: { type: MoneyScalar } } } } }),
    });
    const fieldOf = (document: string) => {
      const [refused] = validate(schema, parse(document));
      // As Apollo Server hands a validation error to formatError.
      const error = new GraphQLError(refused.message, {
        nodes: refused.nodes,
        originalError: refused.originalError,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      return format({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error).extensions;
    };
    expect(fieldOf('{ sum(input: { amounts: ["1.00", "-0"] }) }')).toEqual({ code: 'BAD_USER_INPUT', field: 'input.amounts[1]' });
    expect(fieldOf('{ sum(input: { total: "-0.00" }) }')).toEqual({ code: 'BAD_USER_INPUT', field: 'input.total' });
    expect(fieldOf('{ sum(amount: "1.234") }')).toEqual({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(fieldOf('query ($a: Money = "-0") { sum(amount: $a) }')).toEqual({ code: 'BAD_USER_INPUT', field: 'a' });
    // Other validation errors stay what they are.
    expect(fieldOf('{ sum(amount: "1.00", nope: 1) }')).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('keeps the requests Apollo refuses with a 4xx status but no code as BAD_REQUEST', () => {
    const error = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(format({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('names the argument graphql refuses while executing: a null where the argument has a default', () => {
    const message = 'Argument "first" of non-null type "Int!" must not be null.';
    expect(format({ message, path: ['persons'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError(message))).toEqual({
      message,
      path: ['persons'],
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('hides database errors and stack traces behind INTERNAL_SERVER_ERROR', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "person_pkey"'), { code: '23505' });
    const error = new QueryFailedError('INSERT INTO person (id) VALUES ($1)', ['P1'], driverError);
    const formatted = format(
      { message: error.message, path: ['registerPerson'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x.ts:1'] } },
      error,
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['registerPerson'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/INSERT|person_pkey|x\.ts/);
  });
});

describe('cursor connections', () => {
  it('round-trips opaque cursors and refuses cursors of another list', () => {
    const cursor = encodeCursor('person', 'P00RJQ5GN3K');
    expect(cursor).not.toContain('P00RJQ5GN3K');
    expect(decodeCursor('person', cursor, 'person')).toBe('P00RJQ5GN3K');
    expect(decodeCursor('person', null, 'person')).toBeUndefined();
    expect(() => decodeCursor('school', cursor, 'school')).toThrow(UserInputError);
    expect(() => decodeCursor('person', 'garbage', 'person')).toThrow(UserInputError);
  });

  it('refuses a cursor whose key is not an id of the list, before it reaches SQL', () => {
    for (const key of ['1e30', '99999999999', '0', '-1', '1.5']) {
      expect(() => decodeCursor('dispute', encodeCursor('dispute', key), 'record')).toThrow(
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }),
      );
    }
    expect(decodeCursor('dispute', encodeCursor('dispute', '2147483647'), 'record')).toBe('2147483647');
    expect(() => decodeCursor('person', encodeCursor('person', 'P\u0000'), 'person')).toThrow(UserInputError);
  });

  it('caps the page size at 100', () => {
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow(UserInputError);
    expect(() => pageSize(-1)).toThrow(UserInputError);
  });

  it('reads one row more than the page to tell that more follow, after the cursor, priming each row and counting lazily', async () => {
    const list = ['a1', 'b2', 'c3'];
    const reads: [string | undefined, number][] = [];
    const primed: string[] = [];
    let counted = 0;
    const source = {
      kind: 'x',
      key: 'record' as const,
      read: async (afterKey: string | undefined, limit: number) => {
        reads.push([afterKey, limit]);
        return list.filter((row) => afterKey === undefined || row.slice(1) > afterKey).slice(0, limit);
      },
      keyOf: (row: string) => Number(row.slice(1)),
      count: async () => ++counted,
      prime: (row: string) => void primed.push(row),
    };
    const page = await readPage(2, undefined, source);
    expect(page.edges.map((e) => e.node)).toEqual(['a1', 'b2']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('x', '2') });
    expect(primed).toEqual(['a1', 'b2', 'c3']);
    expect(counted).toBe(0);
    expect(await page.totalCount).toBe(1);
    const last = await readPage(2, page.pageInfo.endCursor, source);
    expect(last.edges.map((e) => e.node)).toEqual(['c3']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(reads).toEqual([
      [undefined, 3],
      ['2', 3],
    ]);
    await expect(readPage(101, undefined, source)).rejects.toThrow(UserInputError);
    await expect(readPage(2, encodeCursor('y', '2'), source)).rejects.toThrow(UserInputError);
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

  it('takes amounts the money columns hold, numeric(12, 2), and shows sums of any size', () => {
    expect(MoneyScalar.parseValue('9999999999.99')).toBe('9999999999.99');
    expect(() => MoneyScalar.parseValue('12345678901.00')).toThrow(/10 digits/);
    expect(() => MoneyScalar.parseValue(123456789012)).toThrow(/10 digits/);
    expect(MoneyScalar.serialize('123456789012.00')).toBe('123456789012.00');
  });

  it('refuses zero written negative, which would pass as 0.00 a check that an amount is not negative', () => {
    for (const value of ['-0', '-0.00', '-0.0', '-00']) expect(() => MoneyScalar.parseValue(value)).toThrow(/negative zero/);
    expect(MoneyScalar.parseValue('0')).toBe('0.00');
    // A JSON number -0 is the number 0, as the gateway passes it on.
    expect(MoneyScalar.parseValue(-0)).toBe('0.00');
    expect(MoneyScalar.parseValue(0)).toBe('0.00');
    expect(MoneyScalar.parseValue('-1.50')).toBe('-1.50');
  });

  it('refuses a number with more than two decimals instead of rounding it', () => {
    for (const value of [1.005, -0.001, 0.001]) expect(() => MoneyScalar.parseValue(value)).toThrow(/at most two decimals/);
    expect(MoneyScalar.parseValue(12.5)).toBe('12.50');
  });
});

describe('tokens', () => {
  const request = { subject: 'unit', bureau: 'civil-affairs', role: 'CIVIL_AFFAIRS_CASEWORKER' as const };

  it('are signed naming their key, and not at all for longer than the services accept', async () => {
    const keys = await generateKeyPair('ES256');
    const token = await signToken(keys.privateKey, { ...request, expiresIn: '12h' });
    const { keyId } = (await trustedKey(keys.publicKey)) as { keyId: string };
    expect(decodeProtectedHeader(token).kid).toBe(keyId);
    await expect(signToken(keys.privateKey, { ...request, expiresIn: '13h' })).rejects.toThrow(
      'A token valid for 13 h would be refused: the services accept at most 12 h',
    );
  });

  it('live at most TOKEN_MAX_LIFETIME_SECONDS', async () => {
    const tenMinutes = tokenPolicyOf(loadSettings({ TOKEN_MAX_LIFETIME_SECONDS: '600' }));
    const twelveHours = tokenPolicyOf(loadSettings({ TOKEN_MAX_LIFETIME_SECONDS: '43200' }));
    const keys = await generateKeyPair('ES256');
    const verify = createTokenVerifier(await trustedKey(keys.publicKey), tenMinutes);
    await expect(verify(await signToken(keys.privateKey, { ...request, expiresIn: '10m' }, tenMinutes))).resolves.toMatchObject({ subject: 'unit' });
    await expect(signToken(keys.privateKey, { ...request, expiresIn: '1h' }, tenMinutes)).rejects.toThrow(/at most 10 min/);
    const hourLong = await signToken(keys.privateKey, { ...request, expiresIn: '1h' }, twelveHours);
    await expect(verify(hourLong)).rejects.toMatchObject({
      message: 'The token is valid for 1 h from its issue, longer than the 10 min this service accepts',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('trust a static key under the id configured for it (AUTH_KEY_ID), else under its thumbprint', async () => {
    const keys = await generateKeyPair('ES256');
    const token = await signToken(keys.privateKey, request);
    await expect(createTokenVerifier(await trustedKey(keys.publicKey, 'idp-2026'))(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(createTokenVerifier(await trustedKey(keys.publicKey))(token)).resolves.toMatchObject({ role: 'CIVIL_AFFAIRS_CASEWORKER' });
  });

  it('are verified once per verifier until they expire, keyed by the exact token: another string is verified in full', async () => {
    const keys = await generateKeyPair('ES256');
    let keyLookups = 0;
    const countingKey = (() => {
      keyLookups += 1;
      return keys.publicKey;
    }) as unknown as TrustedKeys;
    const verify = createTokenVerifier(countingKey);
    const token = await signToken(keys.privateKey, { ...request, expiresIn: '5m' });
    for (let i = 0; i < 3; i++) await expect(verify(token)).resolves.toMatchObject({ subject: 'unit', role: 'CIVIL_AFFAIRS_CASEWORKER' });
    expect(keyLookups).toBe(1);
    // The same claims with a character of the signature changed (not the last, whose low bits base64url ignores), and
    // another caller's token: each checked, the first refused.
    const at = token.length - 10;
    const forged = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    await expect(verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const other = await signToken(keys.privateKey, { ...request, subject: 'other', expiresIn: '5m' });
    await expect(verify(other)).resolves.toMatchObject({ subject: 'other' });
    expect(keyLookups).toBe(3);
    // An identity handed out cannot change the one kept for the next request.
    (await verify(token)).subject = 'changed';
    await expect(verify(token)).resolves.toMatchObject({ subject: 'unit' });

    // Past its expiry (and the clocks' tolerance) the cached token is refused like any expired one.
    jest.useFakeTimers({ now: Date.now() + 6 * 60_000, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'setInterval'] });
    try {
      await expect(verify(token)).rejects.toMatchObject({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      jest.useRealTimers();
    }
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

  it('checks ids and codes for format, length and range, naming the field', () => {
    const refused = (field: string) => expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(requireId('640104', 'district', 'filter.districtCode')).toBe('640104');
    expect(() => requireId('64010', 'district', 'filter.districtCode')).toThrow(refused('filter.districtCode'));
    expect(requireId('P00RJQ5GN3K', 'person', 'input.personId')).toBe('P00RJQ5GN3K');
    for (const id of ['P00RJQ5GN3K0123456', 'P00RJQ5GN3', 'p00rjq5gn3k', 'P00RJQ5GN3\u0000', '99999999999']) {
      expect(() => requireId(id, 'person', 'input.personId')).toThrow(refused('input.personId'));
    }
    expect(requireId('2147483647', 'record', 'input.caseId')).toBe('2147483647');
    for (const id of ['2147483648', '99999999999', '1e30', '0', '-1', '01', '1.0', ' 1', '']) {
      expect(() => requireId(id, 'record', 'input.caseId')).toThrow(refused('input.caseId'));
    }
    expect(requireId('91640100MA76XP0Y1E', 'employer', 'code')).toBe('91640100MA76XP0Y1E');
    expect(() => requireId('91640100MA76XP0Y1I', 'employer', 'code')).toThrow(refused('code'));
    expect(requireId('640104003-2026-0007', 'disputeCase', 'input.caseNumber')).toBe('640104003-2026-0007');
    expect(() => requireId('640104003-2026-7', 'disputeCase', 'input.caseNumber')).toThrow(refused('input.caseNumber'));
  });

  it('refuses control characters in free text, NUL included', () => {
    expect(requireNonBlank('  丽景路 17号  ', 'input.address', 100)).toBe('丽景路 17号');
    for (const text of ['丽景路\u000017号', 'a\u0007b', 'a\u001b[31mb', 'a\u0085b', 'a\nb']) {
      expect(() => requireNonBlank(text, 'input.address', 100)).toThrow(
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'input.address' } }),
      );
    }
  });
});
