/** A GraphQL request to the gateway's public endpoint, on the page's own origin, as an analyst doing statistics. */

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorItem[];
}

/** The endpoint next to the page: the gateway serves both. */
const ENDPOINT = new URL('/graphql', window.location.href).toString();

/** The operation name of a document holding one named operation (for the gateway's logs). */
function operationName(query: string): string | undefined {
  return /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

/**
 * POSTs one operation. The JSON content type also satisfies Apollo's CSRF prevention (a "simple" request without a
 * preflight is refused). Every request names its purpose of use: `x-purpose: statistics`, the one an analyst may
 * declare. GraphQL errors come back in the result (also with HTTP 4xx, e.g. 401 for a bad token); a response that
 * is not GraphQL JSON at all becomes one error with code HTTP_<status>.
 */
export async function graphql<T>(query: string, variables: Record<string, unknown>, token: string): Promise<GraphQLResult<T>> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'statistics',
      },
      body: JSON.stringify({ query, variables, operationName: operationName(query) }),
    });
  } catch (error) {
    return { errors: [{ message: `The gateway cannot be reached (${(error as Error).message})`, extensions: { code: 'NETWORK_ERROR' } }] };
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json()) as GraphQLResult<T>;
    if (body && (body.data !== undefined || Array.isArray(body.errors))) return body;
  }
  return { errors: [{ message: `${response.status} ${response.statusText}`, extensions: { code: `HTTP_${response.status}` } }] };
}
