import type { Storage } from '@graphiql/toolkit';

/**
 * GraphiQL's storage: localStorage, as GraphiQL's own default, except for the request headers, which hold the
 * caller's Bearer token and are kept in this tab's sessionStorage only, as the dashboard keeps its token. An analyst
 * expects GraphiQL to keep their queries and tabs, and the token across a reload of the page; a token in localStorage
 * would outlive the session, on a shared office computer too, for as long as it is valid (8 hours by default).
 *
 * GraphiQL stores the headers editor's text under `headers`, and each tab's, each history entry's and each
 * favourite's headers inside `tabState`, `queries` and `favorites`. `headers` goes to sessionStorage only; the three
 * others go whole to sessionStorage and, with every `headers` replaced by the headers of a fresh tab, to
 * localStorage. This tab reads its whole copy back; a new session finds the queries with fresh headers.
 */
const NAMESPACE = 'graphiql:';
const HEADERS_KEY = `${NAMESPACE}headers`;
const KEYS_WITH_HEADERS = new Set(['tabState', 'queries', 'favorites'].map((name) => NAMESPACE + name));

export function sessionHeadersStorage(freshHeaders: string): Storage {
  /** Stores in localStorage what may outlive the session of a value that holds headers. */
  const keepAcrossSessions = (key: string, value: string): void => {
    let kept: string | null = null;
    if (key !== HEADERS_KEY) {
      try {
        kept = JSON.stringify(JSON.parse(value), (name, inner) => (name === 'headers' ? freshHeaders : inner));
      } catch {
        // not GraphiQL's JSON: not kept beyond the session
      }
    }
    if (kept === null) localStorage.removeItem(key);
    else localStorage.setItem(key, kept);
  };
  const holdsHeaders = (key: string): boolean => key === HEADERS_KEY || KEYS_WITH_HEADERS.has(key);
  const ownKeys = (storage: globalThis.Storage): string[] => Object.keys(storage).filter((key) => key.startsWith(NAMESPACE));

  // Headers an earlier build of this page left in localStorage (it persisted them there) are removed.
  for (const key of [HEADERS_KEY, ...KEYS_WITH_HEADERS]) {
    const value = localStorage.getItem(key);
    if (value !== null) keepAcrossSessions(key, value);
  }

  return {
    getItem(key) {
      return (holdsHeaders(key) ? sessionStorage.getItem(key) : null) ?? localStorage.getItem(key);
    },
    setItem(key, value) {
      if (holdsHeaders(key)) {
        sessionStorage.setItem(key, value);
        keepAcrossSessions(key, value);
      } else {
        localStorage.setItem(key, value);
      }
    },
    removeItem(key) {
      sessionStorage.removeItem(key);
      localStorage.removeItem(key);
    },
    clear() {
      for (const storage of [sessionStorage, localStorage]) for (const key of ownKeys(storage)) storage.removeItem(key);
    },
    // GraphiQL reads the length only to tell a full storage from an empty one when a write fails.
    get length() {
      return ownKeys(localStorage).length;
    },
  };
}
