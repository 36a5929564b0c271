// GraphiQL for the gateway, bundled with esbuild (scripts/build-graphiql.ts) and served as static files at "/",
// because graphiql 5 (bare ESM imports, CommonJS React, Monaco workers) cannot run from node_modules and the CDN pages are blank offline.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
// Imported as plain text by esbuild's `text` loader.
import exampleQuery from './example-query.graphql';
import { sessionHeadersStorage } from './storage';

/**
 * Monaco asks for a web worker per language. The three workers are built as
 * separate files next to app.js (editor.worker.js, json.worker.js,
 * graphql.worker.js); resolve them against this script's own URL so the page
 * keeps working if the gateway mounts it under a sub-path. This replaces
 * `graphiql/setup-workers/*`, whose esm.sh variant loads workers from a CDN.
 */
const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src ?? window.location.href;

const workerFile = (label: string): string => {
  switch (label) {
    case 'json':
      return 'json.worker.js';
    case 'graphql':
      return 'graphql.worker.js';
    default:
      return 'editor.worker.js';
  }
};

(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return new Worker(new URL(workerFile(label), scriptUrl));
  },
};

/** The gateway's GraphQL endpoint, on the page's own origin. */
const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', window.location.href).toString(),
});

/**
 * Headers of a fresh tab (JSONC, so comments are allowed). Users paste their
 * token here; with `shouldPersistHeaders` the headers are kept across reloads
 * of this tab, in sessionStorage only (see storage.ts; users can switch this
 * off in GraphiQL's settings dialog).
 * Note: `initialHeaders` is deliberately NOT used, it would overwrite the
 * stored headers on every page load.
 */
const defaultHeaders = `{
  // Every request needs a token and, to read personal data, a purpose of use. In a terminal:
  //   npm run -s token -- --role civil-affairs-caseworker
  // then paste it below and reload the schema (the ⟳ button, bottom left).
  "Authorization": "Bearer <token>",
  "x-purpose": "social-assistance"
}`;

/** Queries and tabs in localStorage, headers (the token) in sessionStorage. */
const storage = sessionHeadersStorage(defaultHeaders);

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={exampleQuery}
      defaultHeaders={defaultHeaders}
      isHeadersEditorEnabled
      shouldPersistHeaders
      storage={storage}
      defaultEditorToolsVisibility="headers"
    >
      <GraphiQL.Logo>
        <span lang="en">Migrant-person graph</span> <span lang="zh-CN">流动人口服务管理图谱</span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const container = document.getElementById('graphiql');
if (!container) throw new Error('GraphiQL: #graphiql container is missing');
container.textContent = '';
createRoot(container).render(<App />);
