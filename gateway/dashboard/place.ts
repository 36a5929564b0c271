/**
 * The place the panels show (city → district → street → community), kept in the page's query string beside the
 * time range (?district=…&street=…&community=…), so that a link reproduces the view. A place names its whole path:
 * a street's district, a community's street and district, each chosen from the list of the level above.
 */
export interface Place {
  district: string | null;
  street: string | null;
  community: string | null;
}

export type Level = 'city' | 'district' | 'street' | 'community';

export const CITY: Place = { district: null, street: null, community: null };

const KEYS = ['district', 'street', 'community'] as const;

/** The level of a place: the deepest code it names. */
export function levelOf(place: Place): Level {
  return place.community ? 'community' : place.street ? 'street' : place.district ? 'district' : 'city';
}

/** The place one level down: `code` chosen below `place` (a district of the city, a street of a district…). */
export function below(place: Place, code: string): Place {
  if (!place.district) return { district: code, street: null, community: null };
  if (!place.street) return { ...place, street: code, community: null };
  return { ...place, community: code };
}

/** The place in the address bar; a path with a gap (a street without its district) is the city. */
export function placeFromUrl(): Place {
  const params = new URLSearchParams(window.location.search);
  const place: Place = { district: params.get('district') || null, street: params.get('street') || null, community: params.get('community') || null };
  const gap = (place.street && !place.district) || (place.community && !place.street);
  return gap ? CITY : place;
}

/** Puts the place into the address bar (replacing the entry, as the range does), keeping the range. */
export function placeToUrl(place: Place): void {
  const url = new URL(window.location.href);
  for (const key of KEYS) {
    url.searchParams.delete(key);
    if (place[key]) url.searchParams.set(key, place[key]);
  }
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}
