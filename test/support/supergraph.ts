import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, ConstDirectiveNode, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { repoRoot } from '../../subgraphs/kit/paths';

/** The checked-in supergraph, with its join directives kept on the AST nodes. */
export function loadSupergraph(): GraphQLSchema {
  return buildSchema(fs.readFileSync(path.join(repoRoot(), 'schema/supergraph.graphql'), 'utf8'));
}

function argument(directive: ConstDirectiveNode, name: string): unknown {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value && 'value' in value ? value.value : undefined;
}

/** The subgraphs (by their supergraph names, the bureaus' in upper snake case) that declare a type, with the key each gives it. */
export function typeGraphs(type: GraphQLObjectType): { graph: string; key?: string }[] {
  return (type.astNode?.directives ?? [])
    .filter((directive) => directive.name.value === 'join__type')
    .map((directive) => ({ graph: argument(directive, 'graph') as string, key: argument(directive, 'key') as string | undefined }));
}

/** The subgraphs that can resolve a field: its join__field graphs (external ones excluded), else its type's. */
export function fieldGraphs(type: GraphQLObjectType, field: string): string[] {
  const joined = (type.getFields()[field].astNode?.directives ?? [])
    .filter((directive) => directive.name.value === 'join__field' && argument(directive, 'external') !== true)
    .map((directive) => argument(directive, 'graph') as string);
  return joined.length > 0 ? joined : typeGraphs(type).map(({ graph }) => graph);
}

/** The fields of `type` a field's resolving subgraph @requires (the top level of its `requires` selection), if any. */
export function requiredFields(type: GraphQLObjectType, field: string): string[] {
  const requires = (type.getFields()[field].astNode?.directives ?? [])
    .filter((directive) => directive.name.value === 'join__field')
    .map((directive) => argument(directive, 'requires') as string | undefined)
    .filter((selection): selection is string => selection !== undefined);
  return requires.flatMap((selection) => parseSelectionNames(selection));
}

/** `schoolAgeChildren { ageGroup count } population { total }` → the top-level names. */
function parseSelectionNames(selection: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const token of selection.match(/[{}]|[A-Za-z_]\w*/g) ?? []) {
    if (token === '{') depth += 1;
    else if (token === '}') depth -= 1;
    else if (depth === 0) names.push(token);
  }
  return names;
}
