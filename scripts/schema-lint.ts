import { Linter, type Rule } from 'eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { Kind, type DocumentNode, type TypeNode } from 'graphql';
import type { SchemaLintAllowance } from '../subgraphs/kit/schema-lint-allowances';

/**
 * Schema lint of the subgraph SDL (`npm run schema:check`), with @graphql-eslint's rules for what the graph contract
 * (../shared/graph-contract.md) asks: every type and field described, its naming, and well-formed connections; plus
 * one rule of ours, that a list which grows is a connection. What the graph keeps on purpose is allowed below, each
 * with its reason, and the check prints them.
 */

/** A decision to keep what a lint rule would report, with the reason a reader of the check's output sees. */
export type LintAllowance = SchemaLintAllowance;

/**
 * What the kit and the graph contract keep, in every subgraph's SDL; each bureau's own allowances are declared in its
 * bureau.ts (`lintAllowances`) and cover its SDL only.
 */
export const SHARED_LINT_ALLOWANCES: LintAllowance[] = [
  {
    rule: 'require-description',
    coordinates: ['Query', 'Mutation'],
    reason: 'root operation types: type-graphql generates them without a description; each of their fields has one',
  },
  {
    rule: 'growable-lists-are-connections',
    coordinates: ['Query.districts', 'CityStatistics.districts', 'District.streets', 'District.communities', 'Street.communities'],
    reason: 'the administrative divisions (GB/T 2260): a published code list, fixed by the graph contract as plain lists',
  },
  {
    rule: 'growable-lists-are-connections',
    coordinates: ['AccessLog.*'],
    reason: "a person's access records at each bureau, newest first, capped by `first`: an auditor reads the latest, not pages of history",
  },
];

function allows(allowance: LintAllowance, rule: string, coordinate: string): boolean {
  if (allowance.rule !== rule) return false;
  const [typeName, fieldName] = coordinate.split('.');
  return allowance.coordinates.some(
    (allowed) => allowed === coordinate || (fieldName !== undefined && (allowed === `*.${fieldName}` || allowed === `${typeName}.*`)),
  );
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * The graph contract: "Unbounded lists are cursor connections". A field of an object type returning a list of
 * objects is reported unless its type is a connection (its `edges` are the page) or it is allowed with a reason.
 * Lists of scalars and enums (the names in `suppressed`, the fields of an access record) come from closed sets.
 */
const growableListsAreConnections: Rule.RuleModule = {
  meta: { type: 'suggestion', schema: [], docs: { description: 'a list field of objects is a cursor connection (graph contract)' } },
  create(context) {
    return {
      Document(node: any) {
        const document: DocumentNode = node.rawNode();
        const objectTypes = new Set<string>();
        for (const definition of document.definitions) {
          if ('name' in definition && definition.name && 'fields' in definition) objectTypes.add(definition.name.value);
        }
        for (const definition of document.definitions) {
          if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
          if (definition.name.value.endsWith('Connection')) continue;
          for (const field of definition.fields ?? []) {
            const listType = field.type.kind === Kind.NON_NULL_TYPE ? field.type.type : field.type;
            if (listType.kind !== Kind.LIST_TYPE || !objectTypes.has(namedType(listType))) continue;
            const start = field.name.loc!.startToken;
            context.report({
              loc: { line: start.line, column: start.column - 1 },
              message: `${definition.name.value}.${field.name.value} is a list of ${namedType(listType)}: a list that grows is a cursor connection (graph contract)`,
            });
          }
        }
      },
    };
  },
};

const RULES: Linter.RulesRecord = {
  '@graphql-eslint/require-description': ['error', { types: true, FieldDefinition: true, EnumValueDefinition: true, InputValueDefinition: true }],
  // Names as the contract writes them: types in PascalCase, fields and arguments in camelCase, enum values upper snake case.
  '@graphql-eslint/naming-convention': [
    'error',
    { types: 'PascalCase', FieldDefinition: 'camelCase', InputValueDefinition: 'camelCase', Argument: 'camelCase', EnumValueDefinition: 'UPPER_CASE' },
  ],
  // Connections are `edges { cursor node }` with `pageInfo`.
  '@graphql-eslint/relay-connection-types': 'error',
  'graph-contract/growable-lists-are-connections': 'error',
};

const CONFIG: Linter.Config[] = [
  {
    files: ['**/*.graphql'],
    // The rules read the SDL only: no schema is built (no graphql-config).
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: {} } },
    plugins: { '@graphql-eslint': graphqlPlugin as any, 'graph-contract': { rules: { 'growable-lists-are-connections': growableListsAreConnections } } },
    rules: RULES,
  },
];

export interface LintFinding {
  /** schema/<subgraph>.graphql */
  file: string;
  line: number;
  rule: string;
  message: string;
}

export interface LintResult {
  findings: LintFinding[];
  /** Findings an allowance keeps, by the allowance, with the subgraph that declares it (null: shared). */
  allowed: Map<LintAllowance, { of: string | null; findings: LintFinding[] }>;
}

/** The coordinate a finding is about, from the SDL line it points at and the type definition above it. */
function coordinateAt(lines: string[], line: number): string {
  const fieldName = /^\s+([A-Za-z_]\w*)/.exec(lines[line - 1] ?? '')?.[1];
  for (let index = line - 1; index >= 0; index--) {
    const typeName = /^(?:extend\s+)?(?:type|interface|input|enum|union|scalar)\s+([A-Za-z_]\w*)/.exec(lines[index])?.[1];
    if (typeName) return index === line - 1 || !fieldName ? typeName : `${typeName}.${fieldName}`;
  }
  return fieldName ?? '';
}

/** Lints each subgraph's SDL (subgraph name → SDL as in schema/<subgraph>.graphql), with the shared allowances and each subgraph's own. */
export function lintSubgraphs(subgraphs: Map<string, string>, ownAllowances: ReadonlyMap<string, LintAllowance[]> = new Map()): LintResult {
  const linter = new Linter({ configType: 'flat' });
  const every: { allowance: LintAllowance; of: string | null }[] = [
    ...SHARED_LINT_ALLOWANCES.map((allowance) => ({ allowance, of: null })),
    ...[...ownAllowances].flatMap(([of, list]) => list.map((allowance) => ({ allowance, of }))),
  ];
  const result: LintResult = { findings: [], allowed: new Map(every.map(({ allowance, of }) => [allowance, { of, findings: [] }])) };
  for (const [name, sdl] of subgraphs) {
    const file = `schema/${name}.graphql`;
    const lines = sdl.split('\n');
    for (const message of linter.verify(sdl, CONFIG, { filename: file })) {
      const rule = (message.ruleId ?? 'parse').replace(/^@graphql-eslint\/|^graph-contract\//, '');
      const finding = { file, line: message.line, rule, message: message.message };
      const coordinate = coordinateAt(lines, message.line);
      const allowed = every.find(({ allowance, of }) => (of === null || of === name) && allows(allowance, rule, coordinate));
      if (allowed) result.allowed.get(allowed.allowance)!.findings.push(finding);
      else result.findings.push(finding);
    }
  }
  return result;
}
