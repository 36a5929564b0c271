import { getNamedType, GraphQLInputType, GraphQLResolveInfo, GraphQLSchema, isInputObjectType, isListType, isNonNullType, isObjectType } from 'graphql';
import { Extensions } from 'type-graphql';
import { placeAt, placeLevel } from '../places';
import { isWellFormedId } from '../validation';
import type { Grant } from './grant';

/**
 * A filter is a read: an argument that selects or counts records by a field tells the caller that field of every
 * record it returns (the Hui persons of a district, listed by `ethnicityCode`, are persons whose ethnicity was read).
 * Each such argument declares the field it reads and the grant reading that field requires, next to the argument:
 * `@FilterReads(...)` on a field of a filter input type, `@ArgumentReads({...})` on a field for its own arguments.
 * The auth checker (access.ts) applies that grant with the same rules as the field's own, before the field resolves,
 * and the audit record notes the field against the records the filtered list returns.
 */

export interface FilterRead {
  grant: Grant;
  /** The field the argument selects by, `Type.field`, as errors and the audit trail name it. */
  field: string;
  /** For an argument naming persons by registry id (`ids`, `id`): who it names, recorded as read even when not found. */
  namesPersons?: boolean;
  /** A geography argument: a community worker may select only within their own community. */
  place?: boolean;
}

const INPUT_FIELD_READ = 'filterRead';
const ARGUMENT_READS = 'argumentReads';

export function filterRead(grant: Grant, field: string, options: Pick<FilterRead, 'namesPersons' | 'place'> = {}): FilterRead {
  return { grant, field, ...options };
}

/** On a field of a filter input type: filtering by it reads `field`, which `grant` guards. */
export function FilterReads(grant: Grant, field: string, options: Pick<FilterRead, 'namesPersons' | 'place'> = {}): PropertyDecorator {
  return Extensions({ [INPUT_FIELD_READ]: filterRead(grant, field, options) }) as PropertyDecorator;
}

/** On a query or field resolver: what each of its own arguments reads when given (paging arguments read nothing). */
export function ArgumentReads(reads: Record<string, FilterRead>): MethodDecorator {
  return Extensions({ [ARGUMENT_READS]: reads }) as MethodDecorator;
}

/** Every declared read of a schema: by `Type.field` and argument name, and by input type and field name. */
export interface FilterReadIndex {
  arguments: Map<string, Map<string, FilterRead>>;
  inputFields: Map<string, Map<string, FilterRead>>;
}

/**
 * Collects the declarations from the schema type-graphql built (its extensions do not survive the SDL the federated
 * schema is built from). A read under a grant with a per-object restriction cannot be checked before any object is
 * read, so it is refused here, when the schema is built.
 */
export function collectFilterReads(schema: GraphQLSchema): FilterReadIndex {
  const index: FilterReadIndex = { arguments: new Map(), inputFields: new Map() };
  const checked = (read: FilterRead, where: string) => {
    if (read.grant.restriction) throw new Error(`${where} reads ${read.field} under a restricted grant (${read.grant.name}); filters cannot apply it`);
    return read;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const reads = field.extensions?.[ARGUMENT_READS] as Record<string, FilterRead> | undefined;
        if (!reads) continue;
        const coordinate = `${type.name}.${field.name}`;
        for (const name of Object.keys(reads)) {
          if (!field.args.some((arg) => arg.name === name)) throw new Error(`${coordinate} declares a read for ${name}, which is not one of its arguments`);
        }
        index.arguments.set(coordinate, new Map(Object.entries(reads).map(([name, read]) => [name, checked(read, `${coordinate}(${name})`)])));
      }
    }
    if (isInputObjectType(type)) {
      const reads = new Map<string, FilterRead>();
      for (const field of Object.values(type.getFields())) {
        const read = field.extensions?.[INPUT_FIELD_READ] as FilterRead | undefined;
        if (read) reads.set(field.name, checked(read, `${type.name}.${field.name}`));
      }
      if (reads.size > 0) index.inputFields.set(type.name, reads);
    }
  }
  return index;
}

const indexes = new WeakMap<GraphQLSchema, FilterReadIndex>();

/** Attaches the declarations to the schema that serves requests, where the auth checker finds them. */
export function attachFilterReads(schema: GraphQLSchema, index: FilterReadIndex): void {
  indexes.set(schema, index);
}

/** One declared read a request's arguments make: the argument path (`filter.ethnicityCode`) and its value. */
export interface ArgumentSelection {
  path: string;
  read: FilterRead;
  value: unknown;
  /** The persons the argument names by registry id (well-formed ids only: a malformed one names nobody). */
  personIds: string[];
  /** How the audit record names it: `Person.ethnicity (filter.ethnicityCode)`. */
  label: string;
}

/** Null, absent and `false` (an `…Only` flag left off) select nothing; any other value is a filter. */
function selects(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function namedPersons(read: FilterRead, value: unknown): string[] {
  if (!read.namesPersons) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((id): id is string => typeof id === 'string' && isWellFormedId(id, 'person'));
}

/** The declared reads the arguments of this resolution make, nested input objects and lists of them included. */
export function argumentSelections(info: GraphQLResolveInfo, args: Record<string, unknown>): ArgumentSelection[] {
  const index = indexes.get(info.schema);
  if (!index) return [];
  const selections: ArgumentSelection[] = [];
  const add = (path: string, read: FilterRead, value: unknown) =>
    selections.push({ path, read, value, personIds: namedPersons(read, value), label: `${read.field} (${path})` });
  const walk = (value: unknown, type: GraphQLInputType, path: string) => {
    if (!selects(value)) return;
    if (isNonNullType(type)) return walk(value, type.ofType, path);
    if (isListType(type)) {
      for (const item of value as unknown[]) walk(item, type.ofType, path);
      return;
    }
    if (!isInputObjectType(type)) return;
    const reads = index.inputFields.get(type.name);
    for (const [name, field] of Object.entries(type.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[name];
      const read = reads?.get(name);
      if (read && selects(fieldValue)) add(`${path}.${name}`, read, fieldValue);
      else walk(fieldValue, field.type, `${path}.${name}`);
    }
  };
  const field = info.parentType.getFields()[info.fieldName];
  const argumentReads = index.arguments.get(`${info.parentType.name}.${info.fieldName}`);
  for (const arg of field.args) {
    const read = argumentReads?.get(arg.name);
    if (read && selects(args[arg.name])) add(arg.name, read, args[arg.name]);
    else if (isInputObjectType(getNamedType(arg.type))) walk(args[arg.name], arg.type, arg.name);
  }
  return selections;
}

/** Whether a community worker's geography filter stays within their community (a place that contains it). */
export function withinCommunity(selection: ArgumentSelection, community: string | null): boolean {
  if (!selection.read.place) return true;
  const code = selection.value;
  return typeof code === 'string' && community !== null && placeAt(community, placeLevel(code)) === code;
}

/** The filter arguments a schema guards, as `Type.field(argument.path)`, with what each reads (for the access matrix). */
export function guardedArguments(schema: GraphQLSchema): Map<string, FilterRead> {
  const index = indexes.get(schema);
  const guarded = new Map<string, FilterRead>();
  if (!index) return guarded;
  const walk = (type: GraphQLInputType, path: string, seen: Set<string>) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const [name, field] of Object.entries(named.getFields())) {
      const read = index.inputFields.get(named.name)?.get(name);
      if (read) guarded.set(`${path}.${name})`, read);
      else walk(field.type, `${path}.${name}`, new Set([...seen, named.name]));
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      for (const arg of field.args) {
        const read = index.arguments.get(coordinate)?.get(arg.name);
        if (read) guarded.set(`${coordinate}(${arg.name})`, read);
        else walk(arg.type, `${coordinate}(${arg.name}`, new Set());
      }
    }
  }
  return guarded;
}
