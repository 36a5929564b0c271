import { ASTNode, BREAK, GraphQLError, GraphQLFormattedError, Kind, parse, visit } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from './logger';

/** The error codes of the graph contract; clients switch on `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INTERNAL_SERVER_ERROR'
  /** Set by the gateway when a bureau's subgraph cannot be reached; `extensions.serviceName` names it. */
  | 'SERVICE_UNAVAILABLE'
  /** A request cancelled at its deadline, by a subgraph or by the gateway waiting for one (`serviceName`). */
  | 'DEADLINE_EXCEEDED'
  /** An answer that would hold more fields than a subgraph gives in one (MAX_RESPONSE_FIELDS). */
  | 'RESPONSE_TOO_LARGE'
  /** The gateway's refusal of a document its operations registry does not hold (TRUSTED_DOCUMENTS). */
  | 'OPERATION_NOT_TRUSTED';

/** Input that fails validation: names the offending field as a path into the arguments (`input.birthDate`). */
export class UserInputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'NOT_FOUND', ...(field ? { field } : {}) } });
  }
}

/** Codes that are safe to show as they are; anything else is an internal fault. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SERVICE_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'RESPONSE_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'OPERATION_NOT_TRUSTED',
]);

/**
 * graphql's own refusal of an argument while executing, e.g. `Argument "first" of non-null type "Int!" must not be
 * null.` for a null variable where the argument has a default: it comes without a code.
 */
const ARGUMENT_REFUSED = /^Argument "([^"]+)" (of non-null type|of required type|has invalid value)/;

/** `Variable "$input" got invalid value … at "input.birthDate"; …` → `input.birthDate`. */
function fieldFromCoercionMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /^Variable "\$([^"]+)"/.exec(message);
  return variable?.[1];
}

/**
 * Apollo Server gives every validation error the code GRAPHQL_VALIDATION_FAILED; a rule that refused an argument's
 * value (kit/value-limits) said BAD_USER_INPUT naming the argument, and that is what the client is told. (graphql-armor's
 * limits say BAD_USER_INPUT too, about the whole document: they stay validation errors.)
 */
function refusedInputAtValidation(error: unknown): boolean {
  return (
    error instanceof GraphQLError &&
    error.extensions.code === 'GRAPHQL_VALIDATION_FAILED' &&
    error.originalError instanceof GraphQLError &&
    error.originalError.extensions.code === 'BAD_USER_INPUT' &&
    typeof error.originalError.extensions.field === 'string'
  );
}

const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.VARIABLE]);

/**
 * graphql's refusal of a literal that one of the graph's own scalars could not parse (`Expected value of type
 * "Money!", found "-0"; …`, the scalar's TypeError as its original error) names no field: it is found from where the
 * literal sits in the document, as the path into the arguments (`input.amountRecovered`, `filter.ids[1]`).
 */
function scalarLiteralField(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || error.extensions.code !== 'GRAPHQL_VALIDATION_FAILED') return undefined;
  if (!(error.originalError instanceof Error) || error.originalError instanceof GraphQLError) return undefined;
  const [position] = error.positions ?? [];
  if (position === undefined || !error.source) return undefined;
  const segments: string[] = [];
  const segmentOf = (node: ASTNode, key: string | number | undefined): string | undefined => {
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) return node.name.value;
    if (node.kind === Kind.VARIABLE_DEFINITION) return node.variable.name.value;
    // A value whose key is an index is an item of a list literal.
    if (VALUE_KINDS.has(node.kind) && typeof key === 'number') return `[${key}]`;
    return undefined;
  };
  let field: string | undefined;
  visit(parse(error.source), {
    enter(node, key) {
      if (VALUE_KINDS.has(node.kind) && node.loc?.start === position && segments.length > 0) {
        const item = segmentOf(node, key);
        field = [...segments, ...(item ? [item] : [])].reduce(
          (path, segment) => (segment.startsWith('[') || !path ? path + segment : `${path}.${segment}`),
          '',
        );
        return BREAK;
      }
      const segment = segmentOf(node, key);
      if (segment) segments.push(segment);
      return undefined;
    },
    leave(node, key) {
      if (segmentOf(node, key)) segments.pop();
    },
  });
  return field;
}

/**
 * Apollo Server refuses a few requests with an HTTP 4xx status but no code (a persisted query whose text does not
 * match its sha256Hash, an unknown persisted-query version): those are the caller's, not internal faults.
 */
function isCodelessRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Apollo Server `formatError`: keeps client errors (adding `field` to input-coercion errors), and replaces
 * everything else — database errors, bugs — by a generic message, logging the original for operators.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isCodelessRequestError(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    const literalField = scalarLiteralField(error);
    if (literalField) return { ...formatted, extensions: { code: 'BAD_USER_INPUT', field: literalField } };
    const argument = formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' ? ARGUMENT_REFUSED.exec(formatted.message) : null;
    if (argument) return { ...formatted, extensions: { code: 'BAD_USER_INPUT', field: argument[1] } };
    const code = refusedInputAtValidation(error) ? 'BAD_USER_INPUT' : formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const extensions: Record<string, unknown> = { ...formatted.extensions, code };
      delete extensions.stacktrace;
      if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
        const field = fieldFromCoercionMessage(formatted.message);
        if (field) extensions.field = field;
      }
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    log.error({ err: original, path: formatted.path }, 'internal error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
