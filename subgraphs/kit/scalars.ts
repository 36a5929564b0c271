import { GraphQLScalarType, Kind } from 'graphql';
import { DateResolver } from 'graphql-scalars';

/** Calendar day, ISO `YYYY-MM-DD` (graphql-scalars `Date`). */
export const DateScalar = DateResolver;

/** A parsed `Date` input (UTC midnight, from graphql-scalars) back to the `YYYY-MM-DD` the database stores. */
export function isoDay(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

const MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

function parseMoney(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : value;
  if (typeof text !== 'string' || !MONEY_PATTERN.test(text)) {
    throw new TypeError('Money must be a decimal string of yuan with at most two decimals, e.g. "120000.00"');
  }
  return Number(text).toFixed(2);
}

/**
 * The graph's money convention: an amount in yuan as a decimal string with two decimals ("120000.00"),
 * exact (stored as `numeric`) and free of the 32-bit limit a GraphQL `Int` of fen would hit in city totals.
 */
export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'Amount of money in yuan (元), as a decimal string with two decimals, e.g. "120000.00".',
  serialize: (value) => parseMoney(value),
  parseValue: (value) => parseMoney(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Money must be given as a string, e.g. "120000.00"');
    return parseMoney(ast.value);
  },
});
