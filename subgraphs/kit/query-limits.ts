import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Settings } from './settings';

/**
 * How large an operation may be, at the gateway and at every subgraph (graphql-armor, plus graphql's own token count),
 * from the same settings. A subgraph takes operations from the gateway's query plans, and anyone holding a token may
 * send it one directly, so it keeps the same limits, with allowances only where a plan is larger than the query the
 * gateway accepted (see subgraphLimits).
 */
export interface QueryLimits {
  depth: number;
  cost: number;
  aliases: number;
  directives: number;
  tokens: number;
}

/** The gateway's limits (`MAX_QUERY_*`). */
export function queryLimitsOf(settings: Settings): QueryLimits {
  return {
    depth: settings.MAX_QUERY_DEPTH,
    cost: settings.MAX_QUERY_COST,
    aliases: settings.MAX_QUERY_ALIASES,
    directives: settings.MAX_QUERY_DIRECTIVES,
    tokens: settings.MAX_QUERY_TOKENS,
  };
}

/**
 * The limits of a subgraph, for the plans of any query the gateway accepts. Fragments do not count as levels (both
 * sides), so a plan is never deeper than its query: `_entities` stands in for at least one level of the path to the
 * entity, and the planner's own additions (`__typename`, key fields) sit beside fields already there. Aliases and
 * directives are the query's own. Cost is doubled: each entity in a plan brings `__typename` and its key beside the
 * fields asked for, which the armor counts. Tokens are multiplied by ten: a plan spells out the client's named
 * fragments where it uses them, and adds `__typename`, keys and `... on Type` around them; the cost limit still bounds
 * the expanded document.
 */
export function subgraphLimits(limits: QueryLimits): QueryLimits {
  return { ...limits, cost: limits.cost * 2, tokens: limits.tokens * 10 };
}

/**
 * How depth and cost are counted here: fragments are not levels, so a plan (whose fetches wrap an entity's fields in
 * `... on Type`) counts like the query it came from.
 */
export const ARMOR_COUNTING = { flattenFragments: true };

/**
 * Apollo Server options enforcing `limits`: armor's validation rules and plugins, and the parser's token limit.
 * Tokens are counted by graphql's own parser: armor's token plugin parses in a hook whose errors, syntax errors
 * included, Apollo answers with HTTP 500.
 */
export function queryLimitOptions(limits: QueryLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, ...ARMOR_COUNTING },
    costLimit: { maxCost: limits.cost, ...ARMOR_COUNTING },
    maxAliases: { n: limits.aliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.directives },
    // Suggestions only ever reach signed-in callers: an unsigned request is refused before validation.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules: armor.validationRules, plugins: armor.plugins, parseOptions: { maxLexicalTokens: limits.tokens } };
}
