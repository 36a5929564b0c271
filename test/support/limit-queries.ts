import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isListType,
  isObjectType,
  isRequiredArgument,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  ValidationContext,
} from 'graphql';
import type { Random } from '../../subgraphs/kit/random';
import { ARMOR_COUNTING, QueryLimits } from '../../subgraphs/kit/query-limits';

// Queries at the edge of the gateway's limits, built from the graph's own schema, and the measure of any document
// (a query, or a fetch of a query plan) on every dimension the limits bound.

/** The figures graphql-armor and graphql's parser count for a document, counted the way the services count them. */
export function measure(schema: GraphQLSchema, query: string): QueryLimits {
  const document = parse(query);
  // A limit of -1 makes each rule report what it found, to onReject.
  const found = (rule: (options: Record<string, unknown>) => (context: ValidationContext) => unknown, options: Record<string, unknown>): number => {
    let figure = 0;
    const onReject = [(_context: unknown, error: GraphQLError) => (figure = Number(/found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? 0))];
    validate(schema, document, [rule({ ...options, onReject, propagateOnRejection: false }) as never]);
    return figure;
  };
  return {
    depth: found(maxDepthRule as never, { n: -1, ...ARMOR_COUNTING }),
    cost: found(costLimitRule as never, { maxCost: -1, ...ARMOR_COUNTING }),
    aliases: found(maxAliasesRule as never, { n: -1 }),
    directives: found(maxDirectivesRule as never, { n: -1 }),
    tokens: countTokens(query),
  };
}

function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

export function withinLimits(figures: QueryLimits, limits: QueryLimits): boolean {
  return (Object.keys(limits) as (keyof QueryLimits)[]).every((dimension) => figures[dimension] <= limits[dimension]);
}

type AnyField = GraphQLField<unknown, unknown>;

/** One field of a chain from the root: its name, printed arguments, and the object type it leads to. */
interface Step {
  field: AnyField;
  args: string;
}

/** Required arguments the generator can fill, by `Type.field`; a field with others is not used. */
export type KnownArguments = Record<string, string>;

function argumentsOf(type: GraphQLObjectType, field: AnyField, known: KnownArguments): string | null {
  const given = known[`${type.name}.${field.name}`];
  if (given !== undefined) return given;
  if (field.args.some(isRequiredArgument)) return null;
  // A page of one: deep queries stay small answers.
  return field.args.some((arg) => arg.name === 'first') ? '(first: 1)' : '';
}

/** A list without a page size fans out; single objects and pages are preferred, lists taken only when nothing else leads on. */
function fanOut(field: AnyField): boolean {
  return isListType(getNullableType(field.type)) && !field.args.some((arg) => arg.name === 'first');
}

function leavesOf(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((field) => isLeafType(getNamedType(field.type)) && !field.args.some(isRequiredArgument))
    .map((field) => field.name);
}

/** A chain of object fields from Query whose last type has a leaf, exactly `length` fields long, or null. */
export function randomChain(schema: GraphQLSchema, length: number, random: Random, known: KnownArguments): Step[] | null {
  const extend = (type: GraphQLObjectType, chain: Step[], budget: { tries: number }): Step[] | null => {
    if (chain.length === length) return leavesOf(type).length > 0 ? chain : null;
    const candidates = Object.values(type.getFields())
      .filter((field) => isObjectType(getNamedType(field.type)) && argumentsOf(type, field, known) !== null)
      .map((field) => ({ field, order: random.next() + (fanOut(field) ? 1 : 0) }))
      .sort((a, b) => a.order - b.order);
    for (const { field } of candidates) {
      if ((budget.tries -= 1) < 0) return null;
      const found = extend(getNamedType(field.type) as GraphQLObjectType, [...chain, { field, args: argumentsOf(type, field, known)! }], budget);
      if (found) return found;
    }
    return null;
  };
  return extend(schema.getQueryType()!, [], { tries: 2000 });
}

/** A selection tree: each node is a field with its arguments and children (leaves have none). */
interface Node {
  name: string;
  alias?: string;
  args: string;
  directives: string;
  children: Node[];
}

function chainTree(schema: GraphQLSchema, chain: Step[]): Node {
  const root: Node = { name: 'query', args: '', directives: '', children: [] };
  let at = root;
  let type = schema.getQueryType()!;
  for (const step of chain) {
    const node: Node = { name: step.field.name, args: step.args, directives: '', children: [] };
    at.children.push(node);
    at = node;
    type = getNamedType(step.field.type) as GraphQLObjectType;
  }
  at.children.push({ name: leavesOf(type)[0], args: '', directives: '', children: [] });
  return root;
}

function print(node: Node, fragments = ''): string {
  const head = `${node.alias ? `${node.alias}: ` : ''}${node.name}${node.args}${node.directives}`;
  const body = node.children.length > 0 ? ` { ${node.children.map((child) => print(child)).join(' ')} }` : '';
  return node.name === 'query' ? `query${body}${fragments}` : `${head}${body}`;
}

/** The object nodes of a tree along its chain, deepest first, with their types. */
function chainNodes(schema: GraphQLSchema, tree: Node): { node: Node; type: GraphQLObjectType }[] {
  const nodes: { node: Node; type: GraphQLObjectType }[] = [];
  let node = tree;
  let type = schema.getQueryType()!;
  while (true) {
    nodes.push({ node, type });
    const next = node.children.find((child) => child.children.length > 0);
    if (!next) break;
    type = getNamedType(type.getFields()[next.name].type) as GraphQLObjectType;
    node = next;
  }
  return nodes.reverse();
}

/**
 * Grows a tree while it stays within `limits`: every leaf of each type along the chain, deepest first (where fields
 * cost most), then aliased copies of the deepest leaves. What it returns is as large as the limits let it be on the
 * dimension that binds first.
 */
export function widest(schema: GraphQLSchema, chain: Step[], limits: QueryLimits): string {
  const tree = chainTree(schema, chain);
  let accepted = print(tree);
  const tryAdd = (parent: Node, child: Node): boolean => {
    parent.children.push(child);
    const candidate = print(tree);
    if (withinLimits(measure(schema, candidate), limits)) {
      accepted = candidate;
      return true;
    }
    parent.children.pop();
    return false;
  };
  const levels = chainNodes(schema, tree);
  for (const { node, type } of levels) {
    for (const leaf of leavesOf(type)) {
      if (!node.children.some((child) => child.name === leaf && !child.alias)) tryAdd(node, { name: leaf, args: '', directives: '', children: [] });
    }
  }
  const [deepest] = levels;
  const leaves = leavesOf(deepest.type);
  for (let index = 0; index < limits.aliases; index += 1) {
    if (!tryAdd(deepest.node, { name: leaves[index % leaves.length], alias: `copy${index}`, args: '', directives: '', children: [] })) break;
  }
  return accepted;
}

/** The chain with `@include(if: true) @skip(if: false)` on its fields, as many as the directive limit allows. */
export function withDirectives(schema: GraphQLSchema, chain: Step[], limits: QueryLimits): string {
  const tree = chainTree(schema, chain);
  let count = 0;
  const mark = (node: Node) => {
    for (const child of node.children) {
      for (const directive of ['@include(if: true)', '@skip(if: false)']) {
        if (count === limits.directives) break;
        child.directives += ` ${directive}`;
        count += 1;
      }
      mark(child);
    }
  };
  mark(tree);
  return print(tree);
}

/**
 * The chain under aliased copies of its first field, each ending in one named fragment with every leaf of the last
 * type: a short document whose plans spell the fragment out once per copy.
 */
export function withSharedFragment(schema: GraphQLSchema, chain: Step[], limits: QueryLimits): string {
  const last = getNamedType(chain[chain.length - 1].field.type) as GraphQLObjectType;
  const fragment = ` fragment Leaves on ${last.name} { ${leavesOf(last).join(' ')} }`;
  const copy = (alias: string) => {
    const tree = chainTree(schema, chain);
    const levels = chainNodes(schema, tree);
    levels[0].node.children = [{ name: '...Leaves', args: '', directives: '', children: [] }];
    tree.children[0].alias = alias;
    return tree.children[0];
  };
  const root: Node = { name: 'query', args: '', directives: '', children: [] };
  let accepted = '';
  for (let index = 0; index < limits.aliases; index += 1) {
    root.children.push(copy(`copy${index}`));
    const candidate = print(root, fragment);
    if (!withinLimits(measure(schema, candidate), limits)) break;
    accepted = candidate;
  }
  return accepted;
}
