import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  GraphQLInputType,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  typeFromAST,
  ValidationRule,
  ValueNode,
} from 'graphql';
import type { Settings } from './settings';

/** How far argument values may nest and grow, in the query's literals and in its variables alike. */
export interface ValueLimits {
  /** Most levels of lists and objects, one inside the other (`{ ids: ["P1"] }` is 2). */
  maxDepth: number;
  /** Most items in one list. */
  maxListSize: number;
}

/**
 * The graph's inputs nest at most 4 levels (the representations the gateway sends for `@requires`: a list of objects
 * holding a list of objects), and its longest lists are those representations (MAX_ENTITY_REPRESENTATIONS).
 */
export function valueLimitsOf(settings: Settings): ValueLimits {
  return { maxDepth: settings.MAX_INPUT_DEPTH, maxListSize: settings.MAX_INPUT_LIST_SIZE };
}

/** Scalars whose values are objects by design: the representations of `_entities`. */
const STRUCTURED_SCALARS = new Set(['_Any']);

/** A value seen as the walk needs it: the items of a list, the fields of an object, or nothing inside (a leaf). */
type Shape<V> = { items: readonly V[] } | { fields: readonly (readonly [string, V])[] } | undefined;

function literalShape(node: ValueNode): Shape<ValueNode> {
  if (node.kind === Kind.LIST) return { items: node.values };
  if (node.kind === Kind.OBJECT) return { fields: node.fields.map((field) => [field.name.value, field.value] as const) };
  return undefined;
}

function jsonShape(value: unknown): Shape<unknown> {
  if (Array.isArray(value)) return { items: value };
  if (value !== null && typeof value === 'object') return { fields: Object.entries(value) };
  return undefined;
}

/** What is wrong with a value, and where: the argument or variable and the object fields leading to it. */
interface Refusal {
  field: string;
  message: string;
}

/**
 * The first place where `value` breaks the limits, or takes a list or object where `type` wants one value of a custom
 * scalar. The walk stops there, and never goes below the depth limit or into a list longer than the size limit, so
 * a value many times nested costs no more than one at the limit.
 */
function refusalOf<V>(
  value: V,
  type: GraphQLInputType | undefined,
  field: string,
  depth: number,
  shapeOf: (value: V) => Shape<V>,
  limits: ValueLimits,
): Refusal | undefined {
  const shape = shapeOf(value);
  if (!shape) return undefined;
  if (depth >= limits.maxDepth) {
    return { field, message: `${field} nests lists and objects more than ${limits.maxDepth} levels deep` };
  }
  let expected = type && getNullableType(type);
  // One value where a list is expected stands for a list of that value (GraphQL input coercion).
  while (isListType(expected) && !('items' in shape)) expected = getNullableType(expected.ofType);
  // graphql-js refuses these for its own scalars and for enums; the supergraph's custom scalars take anything.
  if (isScalarType(expected) && !isSpecifiedScalarType(expected) && !STRUCTURED_SCALARS.has(expected.name)) {
    return { field, message: `${field} takes one ${expected.name} value, not a list or an object` };
  }
  if ('items' in shape) {
    if (shape.items.length > limits.maxListSize) {
      return { field, message: `${field} has ${shape.items.length} items, more than the ${limits.maxListSize} allowed` };
    }
    const itemType = isListType(expected) ? expected.ofType : undefined;
    for (const item of shape.items) {
      const refusal = refusalOf(item, itemType, field, depth + 1, shapeOf, limits);
      if (refusal) return refusal;
    }
    return undefined;
  }
  const fieldTypes = isInputObjectType(expected) ? expected.getFields() : undefined;
  for (const [name, fieldValue] of shape.fields) {
    const refusal = refusalOf(fieldValue, fieldTypes?.[name]?.type, `${field}.${name}`, depth + 1, shapeOf, limits);
    if (refusal) return refusal;
  }
  return undefined;
}

function refusalError(refusal: Refusal, node?: ValueNode): GraphQLError {
  return new GraphQLError(refusal.message, {
    nodes: node,
    extensions: { code: 'BAD_USER_INPUT', field: refusal.field, http: { status: 400 } },
  });
}

/**
 * A validation rule holding every argument literal and every variable's default value to the limits, and refusing
 * lists and objects where a custom scalar is expected. It runs before the gateway plans the query: the gateway validates
 * against the supergraph, whose custom scalars (Date, Money, …) take any literal, and planning a deeply nested one
 * takes time exponential in its depth.
 */
export function valueLimitsRule(limits: ValueLimits): ValidationRule {
  return (context) => ({
    Argument(node) {
      const refusal = refusalOf(node.value, context.getArgument()?.type, node.name.value, 0, literalShape, limits);
      if (refusal) context.reportError(refusalError(refusal, node.value));
    },
    VariableDefinition(node) {
      if (!node.defaultValue) return;
      const type = context.getInputType() ?? undefined;
      const refusal = refusalOf(node.defaultValue, type, node.variable.name.value, 0, literalShape, limits);
      if (refusal) context.reportError(refusalError(refusal, node.defaultValue));
    },
  });
}

/** The same limits for the variables' values, checked once the operation is known and before it is planned or run. */
export function variableLimitsPlugin(limits: ValueLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, schema }) {
          for (const definition of operation?.variableDefinitions ?? []) {
            const name = definition.variable.name.value;
            const type = typeFromAST(schema, definition.type);
            const refusal = refusalOf(request.variables?.[name], isInputType(type) ? type : undefined, name, 0, jsonShape, limits);
            if (refusal) throw refusalError(refusal);
          }
        },
      };
    },
  };
}
