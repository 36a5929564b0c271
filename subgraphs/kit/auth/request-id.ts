import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isSignedBy, signAs } from './service-keys';

/**
 * Request ids. The gateway issues one per request (a UUID) and sends it to every bureau the request reaches, with its
 * signature ('gateway-request' key) bound to the id, the caller's token and the time; the signature never goes back
 * to the client. A bureau takes the id only with a valid signature, so the same id in two bureaus' audit trails is
 * the same request; a request sent to a bureau directly gets an id of the bureau's own. The id a client sends
 * (`x-request-id`) is only its own label: kept, bounded, in a column of its own.
 */

export const REQUEST_ID_HEADER = 'x-request-id';
export const REQUEST_SIGNATURE_HEADER = 'x-request-signature';
export const CLIENT_REQUEST_ID_HEADER = 'x-client-request-id';

/** The longest client request id kept (audit_record.client_request_id varchar(128)). */
export const MAX_CLIENT_REQUEST_ID_LENGTH = 128;

/** How long a gateway signature is accepted: a request's fetches all start within it, clock skew included. */
const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Visible ASCII only: what a tracing header or a client's own counter holds, and nothing a log could misread. */
const CLIENT_REQUEST_ID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_CLIENT_REQUEST_ID_LENGTH}}$`);

export interface RequestIds {
  /** Issued by the gateway (signed), or by this bureau for a direct request. */
  requestId: string;
  /** The caller's own `x-request-id`, if it sent one. */
  clientRequestId: string | null;
}

/**
 * A client's `x-request-id`, checked before anything runs: at most 128 visible ASCII characters, else BAD_USER_INPUT
 * (HTTP 400). Refused rather than cut or replaced, so that an id the client quotes is the one recorded.
 */
export function clientRequestIdFromHeader(header: string | undefined, name = REQUEST_ID_HEADER): string | null {
  if (header === undefined || header === '') return null;
  if (!CLIENT_REQUEST_ID.test(header)) {
    throw new GraphQLError(`${name} must be 1–${MAX_CLIENT_REQUEST_ID_LENGTH} visible ASCII characters (no spaces)`, {
      extensions: { code: 'BAD_USER_INPUT', field: name, http: { status: 400 } },
    });
  }
  return header;
}

function signedMessage(requestId: string, issuedAt: number, authorization: string, clientRequestId: string | null): string {
  const token = createHash('sha256').update(authorization).digest('hex');
  return JSON.stringify(['gateway-request', requestId, issuedAt, token, clientRequestId]);
}

/** The gateway's headers for every subgraph fetch of one request: its id, the signature, the client's own id. */
export function gatewayRequestHeaders(requestId: string, authorization: string, clientRequestId: string | null): Record<string, string> {
  const issuedAt = Date.now();
  const headers: Record<string, string> = {
    [REQUEST_ID_HEADER]: requestId,
    [REQUEST_SIGNATURE_HEADER]: `${issuedAt}.${signAs('gateway-request', signedMessage(requestId, issuedAt, authorization, clientRequestId))}`,
  };
  if (clientRequestId !== null) headers[CLIENT_REQUEST_ID_HEADER] = clientRequestId;
  return headers;
}

/** Whether the headers carry the gateway's signature of this request id, for this token, issued recently. */
function signedByGateway(header: (name: string) => string | undefined, clientRequestId: string | null): boolean {
  const requestId = header(REQUEST_ID_HEADER);
  const match = /^(\d{1,15})\.([\w-]{1,200})$/.exec(header(REQUEST_SIGNATURE_HEADER) ?? '');
  if (!requestId || !UUID.test(requestId) || !match) return false;
  const issuedAt = Number(match[1]);
  if (Math.abs(Date.now() - issuedAt) > SIGNATURE_MAX_AGE_MS) return false;
  return isSignedBy('gateway-request', signedMessage(requestId, issuedAt, header('authorization') ?? '', clientRequestId), match[2]);
}

/**
 * The ids of a request a bureau received: the gateway's (with a valid signature; the client's id as the gateway
 * forwarded it), else a new one of its own, the caller's `x-request-id` being then only the client's id.
 */
export function requestIdsFromHeaders(header: (name: string) => string | undefined): RequestIds {
  if (header(REQUEST_SIGNATURE_HEADER) !== undefined) {
    const forwarded = clientRequestIdFromHeader(header(CLIENT_REQUEST_ID_HEADER), CLIENT_REQUEST_ID_HEADER);
    if (signedByGateway(header, forwarded)) return { requestId: header(REQUEST_ID_HEADER)!, clientRequestId: forwarded };
  }
  return { requestId: randomUUID(), clientRequestId: clientRequestIdFromHeader(header(REQUEST_ID_HEADER)) };
}
