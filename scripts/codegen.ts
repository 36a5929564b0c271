/**
 * GraphQL Code Generator's configuration for the dashboard's typed operations: the result and variables types of
 * every query in gateway/dashboard/queries/*.graphql, checked against the API schema (the supergraph without its
 * join/link machinery), written to gateway/dashboard/generated/operations.ts.
 *
 *   npm run codegen     writes the file: `graphql-codegen --config scripts/codegen.ts`
 *   npm run build       fails when the file is not what codegen writes now (the same with `--check --silent`)
 *   npm run schema:check  the same check on the supergraph the code composes (staleOperationTypes)
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { repoRoot } from '../subgraphs/kit/paths';
import { apiSchemaOf } from './schema-check';

const root = repoRoot();
const OPERATION_TYPES_FILE = 'gateway/dashboard/generated/operations.ts';

/** The configuration on a supergraph's SDL. */
export function codegenConfig(supergraphSdl: string): CodegenConfig {
  return {
    schema: printSchema(apiSchemaOf(supergraphSdl)),
    documents: path.join(root, 'gateway/dashboard/queries/*.graphql'),
    generates: {
      [path.join(root, OPERATION_TYPES_FILE)]: {
        // typescript-operations alone: only the types the operations use (their enums as string unions), not the whole schema.
        plugins: ['typescript-operations'],
        config: {
          // What the scalars are in JSON (subgraphs/kit/scalars.ts, graphql-scalars): ISO strings, and Money a decimal string in yuan.
          scalars: { Date: 'string', DateTime: 'string', Money: 'string' },
          // A new scalar fails codegen until it is mapped here, instead of becoming `any`.
          strictScalars: true,
          enumType: 'string-literal',
        },
      },
    },
  };
}

/** The generated files (relative to the repository) that differ from what codegen writes on this supergraph. */
export async function staleOperationTypes(supergraphSdl: string): Promise<string[]> {
  // Typed by hand: generate's declared result includes `any` (for its watch mode).
  const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig(supergraphSdl), silent: true }, false);
  return outputs
    .filter(({ filename, content }) => !fs.existsSync(filename) || fs.readFileSync(filename, 'utf8') !== content)
    .map(({ filename }) => path.relative(root, filename));
}

/** The CLI's configuration: on the committed supergraph. */
export default codegenConfig(fs.readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8'));
