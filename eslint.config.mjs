// `npm run lint`: typescript-eslint's recommended rules, no import cycles (type-only imports included) and no import of
// the synthetic-data generator from serving code. Formatting is prettier's: eslint-config-prettier, last, turns off the
// rules that would disagree with it.
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// import-x/no-cycle skips `import type` (and imports whose names are all `type`), with no option to count them; but
// a cycle of types still ties its modules together. This parser marks every import and re-export as a value edge, so
// the rule sees the whole graph; the rules here read nothing else of an import's kind, and tsc compiles the code as
// written. import-x parses the imported modules with it too (there is no 'import-x/parsers' setting to say otherwise).
const parserCountingTypeImports = {
  meta: { name: 'typescript-eslint-parser-counting-type-imports' },
  parseForESLint(code, options) {
    const result = tseslint.parser.parseForESLint(code, options);
    for (const statement of result.ast.body) {
      if (statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration') {
        statement.importKind = 'value';
        for (const specifier of statement.specifiers ?? []) if (specifier.importKind) specifier.importKind = 'value';
      } else if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
        statement.exportKind = 'value';
        for (const specifier of statement.specifiers ?? []) specifier.exportKind = 'value';
      }
    }
    return result;
  },
};

export default defineConfig(
  { ignores: ['dist/', 'data/', 'test-artifacts/'] },
  tseslint.configs.recommended,
  {
    languageOptions: { parser: parserCountingTypeImports },
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads only .js dependencies unless told otherwise.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      // Cycles through packages are not ours to break, and following imports into node_modules is slow.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // `any` marks where data arrives untyped on purpose: raw SQL rows, roots of whichever GraphQL type, JSON answers in tests.
      '@typescript-eslint/no-explicit-any': 'off',
      // type-graphql and TypeORM take classes as `Function` (resolvers, entities, migrations); the kit passes them on as such.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // A leading underscore names a parameter a signature needs but the body does not (decorated resolver arguments).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The synthetic-data generator is for the seeders, tools and tests: what serves (the kit, the gateway, a bureau's
    // code outside seed/) must not import it, so a running subgraph never needs it.
    files: ['gateway/**/*.{ts,tsx}', 'subgraphs/**/*.ts'],
    ignores: ['subgraphs/synthetic/**', 'subgraphs/*/seed/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: '.',
              from: './subgraphs/synthetic',
              message: "The synthetic-data generator is for seeding (a bureau's seed/), scripts and tests, not for running code.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    // The one .js file, scripts/ensure-built.js, is CommonJS on purpose: it runs before anything is compiled.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
