import { GraphQLScalarType, Kind } from 'graphql';
import { DateResolver } from 'graphql-scalars';

/** Calendar day, ISO `YYYY-MM-DD` (graphql-scalars `Date`). */
export const DateScalar = DateResolver;

/** A parsed `Date` input (UTC midnight, from graphql-scalars) back to the `YYYY-MM-DD` the database stores. */
export function isoDay(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** An amount given must fit the money columns, numeric(12, 2): at most 10 digits before the point. */
const MONEY_INPUT = /^-?\d{1,10}(\.\d{1,2})?$/;
/** An amount shown may be a sum of many. */
const MONEY_OUTPUT = /^-?\d+(\.\d{1,2})?$/;

/** Zero written with a minus ("-0", "-0.00"): parsed, it is 0.00, and would pass a check that the amount is not negative. */
const NEGATIVE_ZERO = /^-0+(\.0*)?$/;

function parseMoney(value: unknown, pattern = MONEY_INPUT): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : value;
  if (typeof text !== 'string' || !pattern.test(text)) {
    throw new TypeError('Money must be a decimal string of yuan with at most 10 digits before the point and two after, e.g. "120000.00"');
  }
  return Number(text).toFixed(2);
}

/**
 * An amount given: as parseMoney, and neither zero written negative nor a number with more than two decimals (never
 * rounded). A JSON number -0 is the number 0 (the gateway passes it on as 0).
 */
function parseMoneyInput(value: unknown): string {
  if (typeof value === 'string' && NEGATIVE_ZERO.test(value)) {
    throw new TypeError('Money must not be negative zero: write "0.00"');
  }
  if (typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) !== value) {
    throw new TypeError('Money must have at most two decimals (fen), e.g. "120000.00"');
  }
  return parseMoney(value);
}

/**
 * The graph's money convention: an amount in yuan as a decimal string with two decimals ("120000.00"),
 * exact (stored as `numeric`) and free of the 32-bit limit a GraphQL `Int` of fen would hit in city totals.
 */
export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'Amount of money in yuan (元), as a decimal string with two decimals, e.g. "120000.00"; amounts given have at most 10 digits before the point.',
  serialize: (value) => parseMoney(value, MONEY_OUTPUT),
  parseValue: (value) => parseMoneyInput(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Money must be given as a string, e.g. "120000.00"');
    return parseMoneyInput(ast.value);
  },
});
