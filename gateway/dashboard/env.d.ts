// Editor-only typings for the dashboard bundle (this folder is excluded from the repo's node tsc build; esbuild
// compiles it, see scripts/build-dashboard.ts; `npx tsc -p gateway/dashboard` type-checks it with the DOM library).

/** `.graphql` files are imported as plain text (esbuild `text` loader). */
declare module '*.graphql' {
  const text: string;
  export default text;
}

declare module '*.css';
