// Editor-only typings for the GraphiQL bundle (this folder is excluded from
// the repo's tsc build; esbuild compiles it, see scripts/build-graphiql.ts).

/** `.graphql` files are imported as plain text (esbuild `text` loader). */
declare module '*.graphql' {
  const text: string;
  export default text;
}

declare module '*.css';
