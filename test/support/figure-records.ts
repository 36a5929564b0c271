import {
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  GraphQLOutputType,
} from 'graphql';
import { typeGraphs } from './supergraph';
import { BUREAUS } from '../../subgraphs';
import { STATISTICS } from '../../subgraphs/kit/auth/access';
import { declaredGrants } from '../../subgraphs/kit/auth/access-matrix';

// What "every withheld number is named in `suppressed`" means on the composed schema, and on the answers of the graph.
// A figure is a number under the statistics grant. It lives in a figure record (a type with `asOf`, the release it
// comes from) whose `suppressed: [String!]!` names its withheld fields, or in an item nested in such a record
// (insurance by scheme), named there as `field.KEY` (a list's item, by its key) or `field` (a single object), with
// `.count` after it when the item holds more than one count. A record of a single count may mark it with
// `suppressed: Boolean!` (SchoolAgeCount, what @requires hands education). A value derived from counts — a rate
// (`rate`, `…Rate`) or a median — is null when a count it is computed from is withheld, or over nothing (a base of
// zero, no dispute closed); a median withheld in its own right is named.

const NUMBERS = new Set(['Int', 'Float', 'Money']);

/** `Type.field` of every field under the statistics grant, as the bureaus' code grants them. */
export async function statisticsFields(): Promise<Set<string>> {
  const fields = new Set<string>();
  for (const bureau of BUREAUS) {
    for (const field of await declaredGrants(bureau)) if (field.grant === STATISTICS) fields.add(`${field.typeName}.${field.fieldName}`);
  }
  return fields;
}

/** A value computed from counts rather than counted: a rate or a median. */
export const isDerived = (field: string) => field === 'rate' || field.endsWith('Rate') || field.startsWith('median');

const isNumber = (type: GraphQLOutputType) => isScalarType(getNamedType(type)) && NUMBERS.has(getNamedType(type).name);

/** A figure record: it says which release it comes from. */
export const isFigureRecord = (type: unknown): boolean => isObjectType(type) && 'asOf' in type.getFields();

const isNamingList = (type: GraphQLObjectType) => String(type.getFields().suppressed?.type) === '[String!]!';

/** The figures of a type: its nullable numbers under the statistics grant, not deprecated. */
function figuresOf(type: GraphQLObjectType, statistics: Set<string>): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).filter(
    (field) => statistics.has(`${type.name}.${field.name}`) && !isNonNullType(field.type) && isNumber(field.type) && !field.deprecationReason,
  );
}

/**
 * The figures of the schema that no `suppressed` can name, as `Type.field: why`: a figure outside a figure record
 * and the items nested in one, or in a record whose `suppressed` is not a list of names.
 */
export function unmarkedFigures(schema: GraphQLSchema, statistics: Set<string>): string[] {
  const objects = Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'));
  const holders = (type: GraphQLObjectType) =>
    objects.flatMap((holder) =>
      Object.values(holder.getFields())
        .filter((field) => getNamedType(field.type) === type)
        .map((field) => ({ holder, field })),
    );
  const found: string[] = [];
  for (const type of objects) {
    const figures = figuresOf(type, statistics);
    if (figures.length === 0) continue;
    const names = figures.map((field) => `${type.name}.${field.name}`);
    if (isFigureRecord(type)) {
      const single = figures.length === 1 && String(type.getFields().suppressed?.type) === 'Boolean!';
      if (!isNamingList(type) && !single) found.push(...names.map((name) => `${name}: its record has no suppressed: [String!]!`));
      continue;
    }
    const outside = holders(type).filter(({ holder }) => !isFigureRecord(holder) || !isNamingList(holder));
    if (outside.length > 0 || holders(type).length === 0) {
      const where = outside.map(({ holder, field }) => `${holder.name}.${field.name}`).join(', ') || 'nowhere';
      found.push(
        ...names.map(
          (name) => `${name}: a figure no suppressed list names (reached from ${where}); deprecate it for a field of a record with asOf and suppressed`,
        ),
      );
    }
  }
  return found.sort();
}

/**
 * The selection of every field of a figure record and of the items nested in it (objects by their own fields, an
 * entity it names — the district of a row — by its key).
 */
export function selectionOf(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .filter((field) => !field.deprecationReason)
    .map((field) => {
      const named = getNamedType(field.type);
      if (!isObjectType(named)) return field.name;
      const key = typeGraphs(named).find((graph) => graph.key)?.key;
      return `${field.name} { ${key ?? selectionOf(named)} }`;
    })
    .join(' ');
}

/** The figure-record fields of a place type (`population { … } populationByMonth { … }`), each with every field. */
export function figureFieldsOf(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .filter((field) => isFigureRecord(getNamedType(field.type)) && !field.deprecationReason)
    .map((field) => `${field.name} { ${selectionOf(getNamedType(field.type) as GraphQLObjectType)} }`)
    .join(' ');
}

type Answer = Record<string, any>;

/** A count of a record as `suppressed` names it, and its value. */
interface NamedCount {
  name: string;
  value: unknown;
}

/** The counts of a record and of its nested items, named as its `suppressed` would name them; derived values apart. */
function countsOf(type: GraphQLObjectType, record: Answer, prefix = ''): { counts: NamedCount[]; derived: NamedCount[]; flagsWrong: string[] } {
  const counts: NamedCount[] = [];
  const derived: NamedCount[] = [];
  // Nested items that also flag themselves (EnrolmentRate.suppressed), with a flag unlike their counts.
  const flagsWrong: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (!(field.name in record) || field.name === 'suppressed') continue;
    const named = getNamedType(field.type);
    if (isNumber(field.type)) {
      (isDerived(field.name) ? derived : counts).push({ name: `${prefix}${field.name}`, value: record[field.name] });
    } else if (isObjectType(named) && !isFigureRecord(named) && record[field.name] !== null) {
      const itemCounts = Object.values(named.getFields()).filter((f) => isNumber(f.type) && !isDerived(f.name)).length;
      const items: Answer[] = isListType(isNonNullType(field.type) ? field.type.ofType : field.type) ? record[field.name] : [record[field.name]];
      for (const item of items) {
        const keyField = Object.values(named.getFields()).find((f) => isEnumType(getNamedType(f.type)) && f.name !== 'suppressed');
        const key = isListType(isNonNullType(field.type) ? field.type.ofType : field.type) ? `${field.name}.${item[keyField!.name]}` : field.name;
        const inner = countsOf(named, item, `${key}.`);
        // An item of one count is named by its key alone: insurance.MEDICAL, settledByLevel.STREET.
        counts.push(...(itemCounts === 1 ? inner.counts.map((count) => ({ ...count, name: key })) : inner.counts));
        derived.push(...inner.derived);
        flagsWrong.push(...inner.flagsWrong);
        if (typeof item.suppressed === 'boolean' && item.suppressed !== inner.counts.some((count) => count.value === null)) flagsWrong.push(key);
      }
    }
  }
  return { counts, derived, flagsWrong };
}

/**
 * What is wrong with the markers of one figure record as the graph answered it (`label` says where): a null count
 * not named in `suppressed`, a name in it that is no null figure, a derived value null (and not named) although
 * every count of the record is shown and none is zero, a nested item's own flag unlike its counts.
 */
export function markerProblems(label: string, type: GraphQLObjectType, record: Answer): string[] {
  const problems: string[] = [];
  const { counts, derived, flagsWrong } = countsOf(type, record);
  for (const item of flagsWrong) problems.push(`${label}: ${item} flags suppressed unlike its counts`);
  if (typeof record.suppressed === 'boolean') {
    // A record of one count: the flag is that count's marker.
    for (const count of counts)
      if ((count.value === null) !== record.suppressed) problems.push(`${label}: ${count.name} is ${count.value} with suppressed ${record.suppressed}`);
    return problems;
  }
  const named = new Set<string>(record.suppressed);
  for (const count of counts) {
    if (count.value === null && !named.has(count.name)) problems.push(`${label}: ${count.name} is null but not named in suppressed`);
  }
  const figures = new Map([...counts, ...derived].map((figure) => [figure.name, figure.value]));
  for (const name of named) {
    if (!figures.has(name)) problems.push(`${label}: suppressed names ${name}, which is no figure of the record`);
    else if (figures.get(name) !== null) problems.push(`${label}: ${name} is named in suppressed but shown (${figures.get(name)})`);
  }
  // What a derived value is computed from is not in the schema: any withheld or zero count of the record may explain it.
  const explained = counts.some((count) => count.value === null || count.value === 0);
  for (const value of derived) {
    if (value.value === null && !named.has(value.name) && !explained)
      problems.push(`${label}: ${value.name} is null although every count of the record is shown (${counts.map((count) => count.value).join(', ')})`);
  }
  return problems;
}
