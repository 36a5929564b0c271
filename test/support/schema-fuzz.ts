import {
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import type { Random } from '../../subgraphs/kit/random';

// Bad inputs generated from a schema: every field that takes arguments, reached from the root of its operation, with
// random and mutated argument values, sent as variables or inline.

type AnyField = GraphQLField<unknown, unknown>;

/** A field with arguments to call, and the fields that lead to it from the root of its operation. */
export interface FuzzTarget {
  /** `Type.field`, e.g. `District.rollout`. */
  coordinate: string;
  operation: 'query' | 'mutation';
  path: { field: AnyField; args: Record<string, unknown> }[];
  field: AnyField;
}

/** A known good value for an argument or input field called `name` of type `type`, if the caller has one. */
export type GoodValue = (name: string, type: GraphQLNamedType) => unknown;

/** Fields leading to an object type: every one of them answers without further arguments, or with known ones. */
function pathsToTypes(schema: GraphQLSchema, rootArgs: Record<string, Record<string, unknown>>): Map<string, FuzzTarget['path']> {
  const query = schema.getQueryType()!;
  const paths = new Map<string, FuzzTarget['path']>([[query.name, []]]);
  const queue: GraphQLObjectType[] = [query];
  while (queue.length > 0) {
    const type = queue.shift()!;
    // Single objects before lists, so a path fans out as little as possible.
    const fields = Object.values(type.getFields()).sort((a, b) => Number(isListType(getNullableType(a.type))) - Number(isListType(getNullableType(b.type))));
    for (const field of fields) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || paths.has(target.name)) continue;
      const known = rootArgs[`${type.name}.${field.name}`] ?? {};
      if (field.args.some((arg) => isRequiredArgument(arg) && !(arg.name in known))) continue;
      // A page of one is enough to reach the items' fields.
      const args = field.args.some((arg) => arg.name === 'first') ? { first: 1, ...known } : known;
      paths.set(target.name, [...paths.get(type.name)!, { field, args }]);
      queue.push(target);
    }
  }
  return paths;
}

/** Every mutation, and every field with arguments a query can reach. */
export function fuzzTargets(schema: GraphQLSchema, rootArgs: Record<string, Record<string, unknown>>): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    targets.push({ coordinate: `Mutation.${field.name}`, operation: 'mutation', path: [], field });
  }
  for (const [typeName, path] of pathsToTypes(schema, rootArgs)) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length > 0) targets.push({ coordinate: `${typeName}.${field.name}`, operation: 'query', path, field });
    }
  }
  return targets;
}

function unwrapNonNull(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The input type one level inside `type`: a list's items, an input object's field. */
function innerType(type: GraphQLInputType | undefined, key?: string): GraphQLInputType | undefined {
  if (!type) return undefined;
  const bare = unwrapNonNull(type);
  if (key === undefined) return isListType(bare) ? bare.ofType : bare;
  return isInputObjectType(bare) ? bare.getFields()[key]?.type : undefined;
}

/** A value as a GraphQL literal; strings where an enum is expected are written as enum values when they can be. */
export function literal(value: unknown, type?: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, innerType(type))).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).filter(([key, field]) => NAME.test(key) && field !== undefined);
    return `{${fields.map(([key, field]) => `${key}: ${literal(field, innerType(type, key))}`).join(', ')}}`;
  }
  if (typeof value === 'string') {
    const named = type && getNamedType(type);
    const asEnum = named && isEnumType(named) && NAME.test(value) && !['true', 'false', 'null'].includes(value);
    return asEnum ? value : JSON.stringify(value);
  }
  return String(value);
}

const BAD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[2J',
  'x\u0085y',
  '\u202eevil',
  '\ufeff',
  '😀😀😀',
  '\ud800',
  "' OR 1=1 --",
  '%',
  '_',
  '\\',
  '"',
  '{}',
  '[]',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '1e30',
  '-1e30',
  '99999999999',
  '9223372036854775808',
  '2147483648',
  '-1',
  '0',
  '00',
  '1.5',
  '0x10',
  '１２３',
  'P00RJQ5GN3K0',
  'p00rjq5gn3k',
  'P00RJQ5GN3\u0000',
  'PXXXXXXXXXX',
  '640104',
  '6401040010010',
  '640104001-2026-0001',
  '2024-02-30',
  '2024-13-01',
  '0000-00-00',
  '9999-12-31',
  '1900-01-01',
  '2024-1-1',
  '20240101',
  '2024-01-01T00:00:00Z',
  '+002024-01-01',
  '-2024-01-01',
  '2099-01-01',
  '2013-00',
  '1999-12',
  '12345678901.00',
  '123456789012',
  '99999999.99',
  '1e5',
  '-0.001',
  '1,000',
  ' 1',
  '-0',
  '0.000',
];
const BAD_NUMBERS = [0, -1, 1, 1.5, -0.5, 1e30, -1e30, 2 ** 31, -(2 ** 31) - 1, 2 ** 31 - 1, 2 ** 53 + 2, 99999999999, 1e-7, 100, 101, 1000];
const WRONG_KINDS: (() => unknown)[] = [() => 0, () => 1e30, () => true, () => 'x', () => [], () => ({}), () => ({ a: 1 }), () => [[1]]];

export class InputFuzzer {
  constructor(
    private readonly rng: Random,
    private readonly good: GoodValue,
  ) {}

  /** A plausible value: known good where there is one, else one of the right type. */
  valid(type: GraphQLInputType, name: string): unknown {
    if (isNonNullType(type)) return this.valid(type.ofType, name);
    if (isListType(type)) return Array.from({ length: this.rng.int(1, 2) }, () => this.valid(type.ofType, name));
    const known = this.good(name, type);
    if (known !== undefined) return known;
    if (isInputObjectType(type)) {
      const value: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (isNonNullType(field.type) || this.rng.chance(0.5)) value[field.name] = this.valid(field.type, field.name);
      }
      return value;
    }
    if (isEnumType(type)) return this.rng.pick(type.getValues()).value;
    switch (type.name) {
      case 'Int':
        return this.rng.int(0, 20);
      case 'Float':
        return this.rng.next() * 100;
      case 'Boolean':
        return this.rng.chance(0.5);
      case 'Date':
        return `20${this.rng.int(14, 25)}-0${this.rng.int(1, 9)}-1${this.rng.int(0, 9)}`;
      case 'Money':
        return this.rng.pick(['100.00', '2500', '0.50', '88000']);
      default:
        return this.rng.pick(['测试', 'Test 1', '丽景路 17号']);
    }
  }

  /** A value that should be refused somewhere on its way: of the wrong kind, out of range, malformed, missing. */
  bad(type: GraphQLInputType, name: string, depth = 0): unknown {
    const roll = this.rng.next();
    if (roll < 0.1) return null;
    if (roll < 0.15) return undefined;
    if (roll < 0.3) return this.rng.pick(WRONG_KINDS)();
    const bare = unwrapNonNull(type);
    if (isListType(bare)) {
      switch (this.rng.int(0, 4)) {
        case 0:
          return [];
        case 1:
          // Wide, but within the body limit.
          return Array.from({ length: this.rng.int(101, 400) }, () => this.valid(bare.ofType, name));
        case 2:
          return [[this.valid(bare.ofType, name)]];
        case 3:
          return [this.valid(bare.ofType, name), null];
        default:
          return Array.from({ length: this.rng.int(1, 3) }, () => (depth < 3 ? this.bad(bare.ofType, name, depth + 1) : null));
      }
    }
    if (isInputObjectType(bare)) {
      switch (this.rng.int(0, 3)) {
        case 0:
          return {};
        case 1:
          return { ...(this.valid(bare, name) as object), [this.rng.pick(['extra', 'id', '__proto__x', 'input'])]: 1 };
        case 2: {
          let nested: unknown = this.valid(bare, name);
          for (let level = this.rng.int(2, 12); level > 0; level--) nested = { [this.rng.pick(Object.keys(bare.getFields()))]: nested };
          return nested;
        }
        default:
          return depth < 3 ? this.mutate(this.valid(bare, name), bare, name, depth + 1) : {};
      }
    }
    if (isEnumType(bare)) {
      return this.rng.pick(['', 'UNKNOWN', 'lowercase', bare.getValues()[0].name.toLowerCase(), `${bare.getValues()[0].name} `, '1', 'null']);
    }
    if (isLeafType(bare) && ['Int', 'Float'].includes(bare.name)) {
      return this.rng.chance(0.8) ? this.rng.pick(BAD_NUMBERS) : this.rng.pick(BAD_STRINGS);
    }
    if (this.rng.chance(0.1)) return 'x'.repeat(this.rng.pick([17, 49, 65, 101, 201, 1000, 20000]));
    return this.rng.chance(0.85) ? this.rng.pick(BAD_STRINGS) : this.rng.pick(BAD_NUMBERS);
  }

  /** `value` with one place in it made bad: a leaf, an item, a field removed or one added. */
  mutate(value: unknown, type: GraphQLInputType, name: string, depth = 0): unknown {
    const bare = unwrapNonNull(type);
    if (isInputObjectType(bare) && value && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
      const fields = bare.getFields();
      const key = this.rng.pick(Object.keys(fields));
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const roll = this.rng.next();
      if (roll < 0.15) delete copy[key];
      else if (roll < 0.2) copy.unknownField = this.valid(fields[key].type, key);
      else copy[key] = this.mutate(copy[key] ?? this.valid(fields[key].type, key), fields[key].type, key, depth + 1);
      return copy;
    }
    if (isListType(bare) && Array.isArray(value) && value.length > 0 && this.rng.chance(0.6)) {
      const copy = value.slice();
      const index = this.rng.int(0, copy.length - 1);
      copy[index] = this.mutate(copy[index], bare.ofType, name, depth + 1);
      return copy;
    }
    return this.bad(type, name, depth);
  }
}

/** How a request's arguments come about: all plausible, one place made bad, or bad here and there. */
export type FuzzMode = 'valid' | 'mutated' | 'random';

/** A GraphQL request calling `target` with arguments made by `fuzzer`, mostly as variables, some inline. */
export function fuzzRequest(target: FuzzTarget, fuzzer: InputFuzzer, rng: Random, mode: FuzzMode): { query: string; variables: Record<string, unknown> } {
  const { field } = target;
  const values = field.args.map((arg) => (isRequiredArgument(arg) || rng.chance(0.5) ? fuzzer.valid(arg.type, arg.name) : undefined));
  if (mode === 'mutated') {
    const index = rng.int(0, field.args.length - 1);
    const arg = field.args[index];
    values[index] = fuzzer.mutate(values[index] ?? fuzzer.valid(arg.type, arg.name), arg.type, arg.name);
  }
  if (mode === 'random') {
    field.args.forEach((arg, index) => {
      if (rng.chance(0.5)) values[index] = fuzzer.bad(arg.type, arg.name);
    });
  }
  const inline = mode !== 'valid' && rng.chance(0.2);
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const args: string[] = [];
  field.args.forEach((arg, index) => {
    const value = values[index];
    if (value === undefined && !isRequiredArgument(arg)) return;
    if (inline) {
      if (value !== undefined) args.push(`${arg.name}: ${literal(value, arg.type)}`);
      return;
    }
    const variable = `v${index}`;
    // Now and then a variable of another type than its argument's.
    const declared = mode !== 'valid' && rng.chance(0.05) ? rng.pick(['String', 'Int', '[String]', 'ID!']) : String(arg.type);
    definitions.push(`$${variable}: ${declared}`);
    args.push(`${arg.name}: $${variable}`);
    if (value !== undefined) variables[variable] = value;
  });
  if (mode !== 'valid' && rng.chance(0.03)) args.push('unknownArgument: 1');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  let text = `${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection}`;
  for (const step of [...target.path].reverse()) {
    const stepArgs = Object.entries(step.args).map(([name, value]) => `${name}: ${literal(value, step.field.args.find((arg) => arg.name === name)?.type)}`);
    text = `${step.field.name}${stepArgs.length ? `(${stepArgs.join(', ')})` : ''} { ${text} }`;
  }
  return { query: `${target.operation} Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} { ${text} }`, variables };
}
