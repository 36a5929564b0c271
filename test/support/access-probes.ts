import {
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  isInputObjectType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import type { GraphQLResponse } from './federation';
import { literal } from './schema-fuzz';

// Queries that read one cell of the access matrix each, built from the schema: a path from an entry point on a
// subject (a person, a community, a school …) down to the coordinate, many of them merged into one request.

export interface Subject {
  /** For messages. */
  name: string;
  /** The Query field that reaches it, and its arguments. */
  entry: string;
  args: Record<string, unknown>;
  /** The community its records are in: a community worker of it reads in their own community. */
  community: string;
  /** The types of which this subject's records have every field set, so that reading one gives a value. */
  holds: readonly string[];
  /** Its synthetic record, for restrictions and expected values. */
  record?: Record<string, any>;
}

type Field = GraphQLField<unknown, unknown>;

export interface Step {
  typeName: string;
  field: Field;
  args: Record<string, unknown>;
  /** The matrix rows whose cells decide this step (the field's, and those of the arguments it uses): all must allow. */
  rows: StepRow[];
}

interface StepRow {
  name: string;
  /** An argument row's argument path, which a refusal for it names. */
  argument?: string;
}

/** One way to read a row's cells: a subject, and the steps from the root of a query to the row's coordinate. */
export interface Probe {
  row: string;
  subject: Subject;
  /** A subgraph asked directly (what the gateway hides); else the gateway. */
  bureau?: string;
  steps: Step[];
}

/**
 * Every shortest path of fields from `from` to the type `to`, none through a barred type: the entry type of a subject
 * is another subject's record (the parties of a dispute are other persons than the one it was reached from).
 */
function routes(schema: GraphQLSchema, from: GraphQLObjectType, to: string, barred: Set<string>): Field[][] {
  if (from.name === to) return [[]];
  const found: Field[][] = [];
  let level: { type: GraphQLObjectType; path: Field[] }[] = [{ type: from, path: [] }];
  const seen = new Set([from.name]);
  while (level.length > 0 && found.length === 0) {
    const next: typeof level = [];
    const reached = new Set<string>();
    for (const { type, path } of level) {
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type);
        if (!isObjectType(target) || seen.has(target.name) || barred.has(target.name) || !reachable(field)) continue;
        if (target.name === to) found.push([...path, field]);
        else next.push({ type: target, path: [...path, field] });
        reached.add(target.name);
      }
    }
    for (const name of reached) seen.add(name);
    level = next;
  }
  return found;
}

/** Fields a path can take: no argument that must be given, and not hidden from clients. */
function reachable(field: Field): boolean {
  return !field.args.some((arg) => isRequiredArgument(arg)) && !isInaccessible(field);
}

export function isInaccessible(field: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }): boolean {
  return (field.astNode?.directives ?? []).some((directive) => directive.name.value === 'inaccessible');
}

/** What a filter argument's value selects: the paths of its set leaves (`filter.ethnicityCode`). */
function selectingPaths(value: unknown, type: GraphQLInputType, path: string): string[] {
  if (value === undefined || value === null || value === false) return [];
  const bare = getNullableType(type);
  if (!isInputObjectType(bare)) return [path];
  return Object.entries(bare.getFields()).flatMap(([name, field]) => selectingPaths((value as Record<string, unknown>)[name], field.type, `${path}.${name}`));
}

/** The arguments a step uses: those given, and the defaults of the others. */
function argumentsInEffect(field: Field, given: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    const value = arg.name in given ? given[arg.name] : arg.defaultValue;
    if (value !== undefined) args[arg.name] = value;
  }
  return args;
}

export interface ProbeOptions {
  /** The schema the probes are written against (the composed graph, or a subgraph's). */
  schema: GraphQLSchema;
  /** Whether the matrix has a row of that name. */
  hasRow: (name: string) => boolean;
  /** A value for an argument of a root field or a filter, from the subject; undefined when there is none. */
  argumentValue: (name: string, subject: Subject) => unknown;
  /** The types subjects are entered by: no path passes through them. */
  entryTypes: Set<string>;
}

/**
 * The matrix rows a step is decided by: its field's row (the row under test on the last step, which may be a
 * restricted one) and the rows of the filter arguments in effect.
 */
function stepRows(options: ProbeOptions, typeName: string, field: Field, args: Record<string, unknown>, own?: string): StepRow[] {
  const coordinate = `${typeName}.${field.name}`;
  const rows: StepRow[] = own ? [{ name: own }] : options.hasRow(coordinate) ? [{ name: coordinate }] : [];
  const inEffect = argumentsInEffect(field, args);
  for (const arg of field.args) {
    for (const path of selectingPaths(inEffect[arg.name], arg.type, arg.name)) {
      const name = `${coordinate}(${path})`;
      if (options.hasRow(name)) rows.push({ name, argument: path });
    }
  }
  return rows;
}

/** The value of an argument path (`filter.ethnicityCode`) as arguments: `{ filter: { ethnicityCode: value } }`. */
function nest(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  return { [head]: rest.length === 0 ? value : nest(rest.join('.'), value) };
}

/**
 * A field's own guarded arguments set so that they select nothing (an `…Only` flag false), so the probe of the field
 * reads the field alone; the arguments have rows of their own.
 */
function unselecting(options: ProbeOptions, typeName: string, field: Field): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    const guarded = options.hasRow(`${typeName}.${field.name}(${arg.name})`);
    if (guarded && getNullableType(arg.type).toString() === 'Boolean' && arg.defaultValue === true) args[arg.name] = false;
  }
  return args;
}

/** The root arguments a subject's entry point takes: the subject's own, else values for the required ones. */
function rootArguments(options: ProbeOptions, field: Field, subject: Subject): Record<string, unknown> | undefined {
  if (field.name === subject.entry) return subject.args;
  const args: Record<string, unknown> = {};
  for (const arg of field.args.filter((a) => isRequiredArgument(a))) {
    const value = options.argumentValue(arg.name, subject);
    if (value === undefined) return undefined;
    args[arg.name] = value;
  }
  return args;
}

/**
 * The probes of a field or argument row on `typeName.fieldName`: for every subject that holds the type, every shortest
 * path from its entry point to the type, then the field. An argument row gets the argument's value from the subject.
 */
export function probesFor(
  options: ProbeOptions,
  row: { name: string; typeName: string; fieldName: string; argument?: string },
  subjects: Subject[],
  bureau?: string,
): Probe[] {
  const { schema } = options;
  const query = schema.getQueryType()!;
  const type = schema.getType(row.typeName);
  if (!isObjectType(type)) return [];
  const field = type.getFields()[row.fieldName];
  if (!field) return [];
  const returned = recordType(field);
  const probes: Probe[] = [];
  for (const subject of subjects) {
    const entry = query.getFields()[subject.entry];
    if (!entry) continue;
    const entryType = getNamedType(entry.type) as GraphQLObjectType;
    const atRoot = type === query;
    const holdsReturned = returned !== null && subject.holds.includes(returned);
    // A subject is probed on the rows of the types it holds, and on the fields of its own entry object (or of Query)
    // that return records it holds: a person's relief cases on the person who has some.
    if (!subject.holds.includes(row.typeName) && !(holdsReturned && (atRoot || entryType.name === row.typeName))) continue;
    let lastArgs: Record<string, unknown> = unselecting(options, row.typeName, field);
    if (row.argument) {
      const value = options.argumentValue(row.argument.split('.').pop()!, subject);
      if (value === undefined) continue;
      lastArgs = nest(row.argument, value);
    }
    const last = (args: Record<string, unknown>): Step => ({
      typeName: row.typeName,
      field,
      args,
      rows: row.argument ? stepRows(options, row.typeName, field, args) : stepRows(options, row.typeName, field, args, row.name),
    });
    if (atRoot) {
      const args = rootArguments(options, field, subject);
      if (args) probes.push({ row: row.name, subject, bureau, steps: [last({ ...args, ...lastArgs })] });
      continue;
    }
    const entryArgs = subject.args;
    const first: Step = { typeName: query.name, field: entry, args: entryArgs, rows: stepRows(options, query.name, entry, entryArgs) };
    for (const path of routes(schema, entryType, row.typeName, options.entryTypes)) {
      let parent = entryType;
      const steps = [first];
      for (const step of path) {
        steps.push({ typeName: parent.name, field: step, args: {}, rows: stepRows(options, parent.name, step, {}) });
        parent = getNamedType(step.type) as GraphQLObjectType;
      }
      probes.push({ row: row.name, subject, bureau, steps: [...steps, last(lastArgs)] });
    }
  }
  return probes;
}

/** The record type a field returns: its named object type, or a connection's node type; null for a leaf. */
function recordType(field: Field): string | null {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return null;
  const node = connectionNode(named);
  return node ?? named.name;
}

function connectionNode(type: GraphQLObjectType): string | null {
  const edges = type.getFields().edges;
  if (!edges) return null;
  const edge = getNamedType(edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node.type).name;
}

/** What a probe selects under its last field: a connection's count, an object's type name, nothing on a leaf. */
function leafSelection(field: Field): string | null {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return null;
  return named.getFields().totalCount ? 'totalCount' : '__typename';
}

interface Node {
  name: string;
  args: Record<string, unknown>;
  field: Field;
  key: string;
  selections: Set<string>;
  children: Node[];
}

/** A request holding many probes, and the response key of each of their steps. */
export interface ProbeRequest {
  query: string;
  probes: Map<Probe, string[]>;
}

const argumentsKey = (args: Record<string, unknown>) => JSON.stringify(args);

function render(nodes: Node[]): string {
  return nodes
    .map((node) => {
      const alias = node.key === node.name ? '' : `${node.key}: `;
      const args = Object.entries(node.args).map(([name, value]) => `${name}: ${literal(value, node.field.args.find((arg) => arg.name === name)?.type)}`);
      const inner = [...node.selections, render(node.children)].filter(Boolean).join(' ');
      return `${alias}${node.name}${args.length ? `(${args.join(', ')})` : ''}${inner ? ` { ${inner} }` : ''}`;
    })
    .join(' ');
}

function countAliases(nodes: Node[]): number {
  return nodes.reduce((sum, node) => sum + (node.key === node.name ? 0 : 1) + countAliases(node.children), 0);
}

const lexicalTokens = (query: string) => query.match(/"(?:[^"\\]|\\.)*"|-?\d[\w.]*|\w+|[^\s\w]/g)?.length ?? 0;

/**
 * Merges probes into as few requests as the gateway's limits let through (aliases, tokens): probes sharing a path
 * share its fields, each leaf keeps its own path, so a refusal still lands at the probe's own step.
 */
export function probeRequests(probes: Probe[], limits: { aliases: number; tokens: number }): ProbeRequest[] {
  const within = (roots: Node[]) => countAliases(roots) <= limits.aliases && lexicalTokens(render(roots)) <= limits.tokens;
  const requests: { roots: Node[]; probes: Map<Probe, string[]> }[] = [{ roots: [], probes: new Map() }];
  for (const probe of probes) {
    let current = requests[requests.length - 1];
    let roots = copyTree(current.roots);
    let keys = add(roots, probe);
    if (current.probes.size > 0 && !within(roots)) {
      current = { roots: [], probes: new Map() };
      requests.push(current);
      roots = [];
      keys = add(roots, probe);
    }
    current.roots = roots;
    current.probes.set(probe, keys);
  }
  return requests
    .filter((request) => request.probes.size > 0)
    .map(({ roots, probes: keyed }) => ({ query: `query AccessMatrix { ${render(roots)} }`, probes: keyed }));
}

function copyTree(nodes: Node[]): Node[] {
  return nodes.map((node) => ({ ...node, selections: new Set(node.selections), children: copyTree(node.children) }));
}

/** Adds a probe's steps to a tree; returns the response key of each step. */
function add(roots: Node[], probe: Probe): string[] {
  let level = roots;
  const keys: string[] = [];
  probe.steps.forEach((step, index) => {
    let node = level.find((n) => n.name === step.field.name && argumentsKey(n.args) === argumentsKey(step.args));
    if (!node) {
      const taken = new Set(level.map((n) => n.key));
      const key = taken.has(step.field.name) ? uniqueAlias(step.field.name, taken) : step.field.name;
      node = { name: step.field.name, args: step.args, field: step.field, key, selections: new Set(), children: [] };
      level.push(node);
    }
    if (index === probe.steps.length - 1) {
      const selection = leafSelection(step.field);
      if (selection) node.selections.add(selection);
    }
    keys.push(node.key);
    level = node.children;
  });
  return keys;
}

function uniqueAlias(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) if (!taken.has(`${name}${n}`)) return `${name}${n}`;
}

interface Located {
  value: unknown;
  path: (string | number)[];
}

/** The objects one step below these, lists spread, with their paths in the answer. */
function below(parents: Located[], key: string): Located[] {
  const found: Located[] = [];
  for (const { value, path } of parents) {
    if (value === null || value === undefined) continue;
    const child = (value as Record<string, unknown>)[key];
    if (Array.isArray(child)) child.forEach((item, index) => found.push({ value: item, path: [...path, key, index] }));
    else found.push({ value: child, path: [...path, key] });
  }
  return found;
}

/** What one probe showed of one cell. */
export interface ProbeOutcome {
  /** The probe reached no object where its cell is decided (an empty list on the way): it shows nothing. */
  vacant: boolean;
  /** The step the column may not read, where the refusal is expected; -1 when it may read every step. */
  refusedAt: number;
  problems: string[];
  /** The values read at the coordinate, when allowed. */
  values: unknown[];
}

/**
 * Checks a probe's answer against the cells of its steps in one column: at the first step the column may not read,
 * null with FORBIDDEN at each of its paths and every step above it answered; where all may be read, no error on the
 * way and the values.
 */
export function checkProbe(probe: Probe, keys: string[], response: GraphQLResponse, allows: (row: string) => boolean): ProbeOutcome {
  const errors = new Map<string, { code: string; message: string }[]>();
  for (const error of response.errors ?? []) {
    const path = (error.path ?? []).join('.');
    errors.set(path, [...(errors.get(path) ?? []), { code: String(error.extensions?.code), message: error.message }]);
  }
  const codesAt = (at: string) => (errors.get(at) ?? []).map(({ code }) => code);
  const refusedAt = probe.steps.findIndex((step) => !step.rows.every((row) => allows(row.name)));
  // Refused for an argument alone (the field itself may be read): the refusal names the argument.
  const refusing = refusedAt === -1 ? [] : probe.steps[refusedAt].rows.filter((row) => !allows(row.name));
  const refusedArguments = refusing.every((row) => row.argument) ? refusing.map((row) => row.argument!) : [];
  const problems: string[] = [];
  let parents: Located[] = [{ value: response.data, path: [] }];
  for (let index = 0; index < probe.steps.length; index++) {
    const key = keys[index];
    const present = parents.filter(({ value }) => value !== null && value !== undefined);
    if (present.length === 0) return { vacant: true, refusedAt, problems, values: [] };
    if (index === refusedAt) {
      for (const { value, path } of present) {
        const at = [...path, key].join('.');
        if ((value as Record<string, unknown>)[key] !== null) problems.push(`${at} is not null`);
        const refusals = (errors.get(at) ?? []).filter(({ code }) => code === 'FORBIDDEN');
        if (refusals.length === 0) problems.push(`no FORBIDDEN at ${at} (${JSON.stringify(codesAt(at))})`);
        else if (refusedArguments.length > 0 && !refusals.some(({ message }) => refusedArguments.some((argument) => message.startsWith(`${argument} `)))) {
          problems.push(`the refusal at ${at} does not name ${refusedArguments.join(' or ')}: ${refusals.map(({ message }) => message).join('; ')}`);
        }
      }
      return { vacant: false, refusedAt, problems, values: [] };
    }
    for (const { value, path } of present) {
      const at = [...path, key].join('.');
      if (errors.has(at)) problems.push(`${at} answered with ${codesAt(at).join(', ')}`);
      if (!(key in (value as object))) problems.push(`${at} is missing from the answer`);
    }
    if (index === probe.steps.length - 1) {
      return { vacant: false, refusedAt, problems, values: present.map(({ value }) => (value as Record<string, unknown>)[key]) };
    }
    parents = below(present, key);
  }
  return { vacant: true, refusedAt, problems, values: [] };
}

/** Whether a value read is a value: not null, a list with items, a connection counting some. */
export function isValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && 'totalCount' in value) return (value as { totalCount: number }).totalCount > 0;
  return true;
}
