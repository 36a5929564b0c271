/**
 * The analyst's token: from the URL fragment (`#token=…`, as `npm start` prints it; a fragment never reaches the
 * server), else from this tab's sessionStorage, else the user pastes one. The fragment is removed from the address
 * bar once read, so the token is not kept in the history or a bookmark.
 */

const STORAGE_KEY = 'dashboard.token';

export function tokenFromPage(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    saveToken(fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return cleanToken(fromHash);
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Accepts a pasted `Bearer …` or `Authorization: Bearer …` as well as the bare token. */
export function cleanToken(text: string): string {
  return text
    .trim()
    .replace(/^(authorization:\s*)?bearer\s+/i, '')
    .trim();
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, cleanToken(token));
  } catch {
    // storage disabled: the token lasts for this page only
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
