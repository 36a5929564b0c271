import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  TypeInfo,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { KnownOperation } from './known-operations';
import { lintSubgraphs, type LintAllowance, type LintResult } from './schema-lint';

/**
 * The schema check of `npm run schema:check`, as a function of the schemas and the known operations: the classified
 * changes from the base to the new schemas (per subgraph and for the supergraph's API schema, the one clients see),
 * every known operation validated against the new API schema, and the lint of the new subgraph SDL. A breaking change
 * that a known operation uses fails the check; one that no known operation uses is a warning.
 */

/** The schema files of one version: each subgraph's SDL by name, and the composed supergraph. */
export interface SchemaVersion {
  subgraphs: Map<string, string>;
  supergraph: string;
}

export interface SchemaCheckInput {
  /** The schemas at the base; null when there is none to compare with (no git, unknown ref). */
  base: SchemaVersion | null;
  next: SchemaVersion;
  operations: KnownOperation[];
  /** Each subgraph's own lint allowances (its bureau.ts `lintAllowances`), by subgraph name. */
  lintAllowances?: ReadonlyMap<string, LintAllowance[]>;
}

export type Criticality = 'breaking' | 'dangerous' | 'safe';

export interface ClassifiedChange {
  criticality: Criticality;
  /** Schema coordinate (`SchoolingMonth.enrolled`, `District.schools.level`), when the change has one. */
  coordinate?: string;
  message: string;
}

export interface SchemaDiff {
  /** A subgraph's name, or `supergraph API`. */
  schema: string;
  /** `added` / `removed` when the schema exists on one side only. */
  status: 'changed' | 'added' | 'removed';
  changes: ClassifiedChange[];
}

/** A known operation a breaking change breaks, or one that no longer validates. */
export interface OperationProblem {
  coordinate?: string;
  message: string;
  /** Where in the operation's file, when known. */
  line?: number;
}

export interface OperationResult {
  operation: KnownOperation;
  problems: OperationProblem[];
}

export interface ApiBreakingChange extends ClassifiedChange {
  /** The known operations that use it: none makes it a warning. */
  usedBy: KnownOperation[];
  /** Known operations that read the enum a removed value belonged to: they no longer receive it, nothing fails. */
  readBy: KnownOperation[];
}

export interface SchemaCheckReport {
  diffs: SchemaDiff[];
  /** The API schema's breaking changes, each with the known operations it breaks. */
  breaking: ApiBreakingChange[];
  operations: OperationResult[];
  lint: LintResult;
  failed: boolean;
}

const CRITICALITY: Record<CriticalityLevel, Criticality> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** The schema clients query: the supergraph without its join/link machinery and @inaccessible elements. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** A subgraph's SDL as a schema to diff: its federation directives are kept as written, not validated. */
function subgraphSchema(sdl: string): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

function classify(changes: Change[]): ClassifiedChange[] {
  return changes.map((change) => ({ criticality: CRITICALITY[change.criticality.level], coordinate: change.path, message: change.message }));
}

/** What an operation touches in a schema: coordinates, and the input types whose values come in variables. */
interface Usage {
  coordinates: Set<string>;
  /** Input object and enum types an operation takes values of in variables, with the input types they contain. */
  variableTypes: Set<string>;
  /** Enum types of the fields it selects. */
  readEnums: Set<string>;
}

function usageOf(schema: GraphQLSchema, operation: KnownOperation): Usage {
  const usage: Usage = { coordinates: new Set(), variableTypes: new Set(), readEnums: new Set() };
  const typeInfo = new TypeInfo(schema);
  const addInputType = (type: GraphQLNamedType | undefined): void => {
    if (!type || usage.variableTypes.has(type.name) || !(isInputObjectType(type) || isEnumType(type))) return;
    usage.variableTypes.add(type.name);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) addInputType(getNamedType(field.type));
  };
  visit(
    operation.document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) usage.coordinates.add(`${parent.name}.${node.name.value}`);
        const type = typeInfo.getType();
        if (type && isEnumType(getNamedType(type))) usage.readEnums.add(getNamedType(type).name);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) usage.coordinates.add(`${parent.name}.${field.name}.${node.name.value}`);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        if (parent) usage.coordinates.add(`${getNamedType(parent).name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        if (type) usage.coordinates.add(`${getNamedType(type).name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type as any);
        if (type) addInputType(getNamedType(type));
      },
    }),
  );
  return usage;
}

/**
 * Whether an operation uses what a change is about: the coordinate itself (a field it selects, an argument or input
 * field it passes, an enum value it writes), anything of a type the change removes, an input field or enum value of a
 * type it takes in a variable (whatever the variable holds), or the field of a changed argument when the operation no
 * longer validates (an argument made required that it does not pass).
 */
function uses(usage: Usage, coordinate: string, invalidNow: boolean): boolean {
  if (usage.coordinates.has(coordinate)) return true;
  const [typeName, fieldName, argumentName] = coordinate.split('.');
  if (fieldName === undefined) return [...usage.coordinates].some((used) => used.startsWith(`${typeName}.`)) || usage.variableTypes.has(typeName);
  if (argumentName === undefined) return usage.variableTypes.has(typeName);
  return invalidNow && usage.coordinates.has(`${typeName}.${fieldName}`);
}

// Fragments of a file that one of its operations does not spread are not that operation's error.
const OPERATION_RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

export async function checkSchemas(input: SchemaCheckInput): Promise<SchemaCheckReport> {
  const { base, next, operations } = input;
  const nextApi = apiSchemaOf(next.supergraph);
  const diffs: SchemaDiff[] = [];
  if (base) {
    for (const name of new Set([...base.subgraphs.keys(), ...next.subgraphs.keys()])) {
      const before = base.subgraphs.get(name);
      const after = next.subgraphs.get(name);
      const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
      const changes = before !== undefined && after !== undefined ? classify(await diff(subgraphSchema(before), subgraphSchema(after))) : [];
      diffs.push({ schema: name, status, changes });
    }
  }
  const baseApi = base ? apiSchemaOf(base.supergraph) : null;
  const apiChanges = baseApi ? classify(await diff(baseApi, nextApi)) : [];
  if (baseApi) diffs.push({ schema: 'supergraph API', status: 'changed', changes: apiChanges });

  const results: OperationResult[] = operations.map((operation) => {
    // A recorded signature's stripped literals may not validate anywhere: only what the base accepted counts (without
    // a base there is no change to weigh it against).
    const acceptedBefore = operation.recordedCoordinates
      ? new Set(validate(baseApi ?? nextApi, operation.document, OPERATION_RULES).map((error) => error.message))
      : new Set<string>();
    const errors = validate(nextApi, operation.document, OPERATION_RULES).filter((error) => !acceptedBefore.has(error.message));
    const offset = (operation.firstLine ?? 1) - 1;
    return {
      operation,
      problems: errors.map((error) => ({ message: error.message, line: error.locations?.[0] ? error.locations[0].line + offset : undefined })),
    };
  });
  const breaking: ApiBreakingChange[] = apiChanges
    .filter((change) => change.criticality === 'breaking')
    .map((change) => ({ ...change, usedBy: [], readBy: [] }));
  if (baseApi) {
    for (const result of results) {
      const usage = usageOf(baseApi, result.operation);
      for (const coordinate of result.operation.recordedCoordinates ?? []) usage.coordinates.add(coordinate);
      const invalidNow = result.problems.length > 0;
      for (const change of breaking) {
        if (!change.coordinate) continue;
        if (!uses(usage, change.coordinate, invalidNow)) {
          if (usage.readEnums.has(change.coordinate.split('.')[0])) change.readBy.push(result.operation);
          continue;
        }
        change.usedBy.push(result.operation);
        result.problems.push({ coordinate: change.coordinate, message: change.message });
      }
    }
  }
  const lint = lintSubgraphs(next.subgraphs, input.lintAllowances);
  const failed = results.some((result) => result.problems.length > 0) || lint.findings.length > 0;
  return { diffs, breaking, operations: results, lint, failed };
}

const ORDER: Criticality[] = ['breaking', 'dangerous', 'safe'];
const MARK: Record<Criticality, string> = { breaking: 'BREAKING ', dangerous: 'dangerous', safe: 'safe     ' };

function where(operation: KnownOperation, line?: number): string {
  const file = operation.source.replace(/:\d+$/, '');
  return line !== undefined && operation.firstLine !== undefined ? `${file}:${line}` : operation.source;
}

function counts(changes: ClassifiedChange[]): string {
  const of = (criticality: Criticality) => changes.filter((change) => change.criticality === criticality).length;
  return `${of('breaking')} breaking, ${of('dangerous')} dangerous, ${of('safe')} safe`;
}

/** The report as a person reads it in a terminal: changes, operations, lint, then the verdict. */
export function formatReport(report: SchemaCheckReport, baseLabel: string | null): string[] {
  const out: string[] = [];
  if (baseLabel === null) {
    out.push('', '== Changes ==', 'skipped: no base to compare with (see above)');
  } else {
    out.push('', `== Changes against ${baseLabel} ==`);
    const width = Math.max(...report.diffs.map((schemaDiff) => schemaDiff.schema.length));
    for (const schemaDiff of report.diffs) {
      const label = schemaDiff.schema.padEnd(width);
      if (schemaDiff.status !== 'changed') out.push(`${label}  subgraph ${schemaDiff.status}`);
      else out.push(`${label}  ${schemaDiff.changes.length === 0 ? 'no changes' : counts(schemaDiff.changes)}`);
      const isApi = schemaDiff.schema === 'supergraph API';
      // Breaking first, safe last.
      const ordered = [...schemaDiff.changes].sort((a, b) => ORDER.indexOf(a.criticality) - ORDER.indexOf(b.criticality));
      for (const change of ordered) {
        let line = `    ${MARK[change.criticality]}  ${change.message}`;
        const weighed = isApi
          ? report.breaking.find((candidate) => candidate.coordinate === change.coordinate && candidate.message === change.message)
          : undefined;
        if (weighed && weighed.usedBy.length > 0)
          line += `  -> breaks ${weighed.usedBy.map((operation) => `${operation.name} (${operation.source})`).join(', ')}`;
        else if (weighed) {
          line += '  -> no known operation uses it: warning';
          if (weighed.readBy.length > 0)
            line += ` (read, not sent, by ${weighed.readBy.map((operation) => `${operation.name} (${operation.source})`).join(', ')})`;
        }
        out.push(line);
      }
    }
    out.push(`(clients see the supergraph API schema: its breaking changes are weighed against the known operations)`);
  }

  const bySource = new Map<string, number>();
  for (const { operation } of report.operations) {
    // Markdown examples by file, query files by folder, recorded operations together, a registry's operations (no
    // line: not from a file) by client.
    const file = operation.source.replace(/:\d+$/, '');
    const group = operation.recordedCoordinates ? 'recorded usage' : file.endsWith('.md') || operation.firstLine === undefined ? file : path.dirname(file);
    bySource.set(group, (bySource.get(group) ?? 0) + 1);
  }
  const sources = [...bySource].map(([file, count]) => `${file} ${count}`).join(', ');
  out.push('', `== Operations: ${report.operations.length} known (${sources}), validated against the new API schema ==`);
  const broken = report.operations.filter((result) => result.problems.length > 0);
  for (const { operation, problems } of broken) {
    out.push(`FAIL ${operation.name} (${operation.source})`);
    for (const problem of problems) {
      if (problem.coordinate) out.push(`       uses ${problem.coordinate}: ${problem.message}`);
      else out.push(`       ${where(operation, problem.line)}: ${problem.message}`);
    }
  }
  out.push(
    `${broken.length === 0 ? 'ok  ' : '    '} ${report.operations.length - broken.length} of ${report.operations.length} operations valid and untouched by breaking changes`,
  );

  out.push('', '== Lint (graphql-eslint on the subgraph SDL) ==');
  for (const finding of report.lint.findings) out.push(`FAIL ${finding.file}:${finding.line}  ${finding.rule}: ${finding.message}`);
  if (report.lint.findings.length === 0) out.push('ok   no findings');
  out.push("allowed on purpose (shared: scripts/schema-lint.ts; a bureau's own: lintAllowances in subgraphs/<bureau>/bureau.ts):");
  for (const [allowance, { of, findings }] of report.lint.allowed) {
    const note = findings.length === 0 ? 'matches nothing now: remove it' : `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
    out.push(`  ${of ?? 'shared'}: ${allowance.rule}, ${note}: ${allowance.reason}`);
    out.push(`    ${allowance.coordinates.join(', ')}`);
  }
  return out;
}

/** The final line: what fails, and what warns. */
export function verdict(report: SchemaCheckReport, otherFailures: string[]): string {
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const failures = [...otherFailures];
  const broken = report.operations.filter((result) => result.problems.length > 0);
  if (broken.length > 0) failures.push(`${plural(broken.length, 'known operation')} broken (${broken.map((result) => result.operation.name).join(', ')})`);
  if (report.lint.findings.length > 0) failures.push(plural(report.lint.findings.length, 'lint finding'));
  const unused = report.breaking.filter((change) => change.usedBy.length === 0);
  const warnings =
    unused.length === 0
      ? ''
      : `${plural(unused.length, 'warning')}: ${plural(unused.length, 'breaking change')} no known operation uses (${unused.map((change) => change.coordinate ?? change.message).join(', ')})`;
  if (failures.length > 0) return `schema check FAILED: ${failures.join('; ')}${warnings ? `; ${warnings}` : ''}`;
  return warnings ? `schema check PASSED with ${warnings}` : 'schema check PASSED';
}
