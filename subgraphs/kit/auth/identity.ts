import fs from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  JWK,
  jwtVerify,
  JWTVerifyGetKey,
  KeyLike,
  SignJWT,
} from 'jose';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { createPrivateFileOnce } from '../private-files';
import { loadSettings, Settings } from '../settings';
import { isCommunityScoped, isRole, Role, ROLE_BUREAU } from './roles';

/** Who is calling: the verified claims of their token. */
export interface Identity {
  /** The official (JWT `sub`). */
  subject: string;
  bureau: string;
  role: Role;
  /** 12-digit community code, for community workers only. */
  community: string | null;
}

export type TokenVerifier = (token: string) => Promise<Identity>;

const ALGORITHM = 'ES256';

/** What every token must say of itself: who issued it (`iss`), for whom (`aud`), and how long it may live at most. */
export interface TokenPolicy {
  issuer: string;
  audience: string;
  /** From its issue (`iat`) to its expiry (`exp`): `TOKEN_MAX_LIFETIME_SECONDS`, 12 h. */
  maxLifetimeSeconds: number;
}

export function tokenPolicyOf(settings: Settings): TokenPolicy {
  return { issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, maxLifetimeSeconds: settings.TOKEN_MAX_LIFETIME_SECONDS };
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** The claims of a verified token, checked for shape: a known role, its bureau, a community for community workers. */
function identityFromClaims(claims: Record<string, unknown>): Identity {
  const { sub, bureau, role, community } = claims;
  // Bounded like the audit record's columns (subject varchar(128), bureau varchar(64)), which could not hold more.
  if (typeof sub !== 'string' || !/^[^\p{Cc}]{1,128}$/u.test(sub)) throw unauthenticated('The token names no subject of 1–128 characters');
  if (!isRole(role)) throw unauthenticated('The token names no known role');
  if (typeof bureau !== 'string' || !/^[^\p{Cc}]{1,64}$/u.test(bureau)) throw unauthenticated('The token names no bureau of 1–64 characters');
  const home = ROLE_BUREAU[role];
  if (home !== null && home !== bureau) throw unauthenticated(`Role ${role} belongs to ${home}, not ${bureau}`);
  if (isCommunityScoped(role) && (typeof community !== 'string' || !/^\d{12}$/.test(community))) {
    throw unauthenticated('A community worker token must name a 12-digit community');
  }
  return { subject: sub, bureau, role, community: isCommunityScoped(role) ? (community as string) : null };
}

/** How far the clocks of the identity provider and the services may differ, for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** "43200 s" as "12 h", "600 s" as "10 min". */
function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The id of a key: its RFC 7638 JWK thumbprint (of the public part, so a private key and its public key share it). */
export async function keyIdOf(key: KeyLike): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(key));
}

/** A key set that selects by `kid` (an identity provider's JWKS), or one static public key and its id. */
export type TrustedKeys = ReturnType<typeof createRemoteJWKSet> | { publicKey: KeyLike; keyId: string };

const KEY_NOT_TRUSTED = 'The token is not valid: it names a signing key (kid) this service does not trust';

/** One static key: a token that names a key (`kid`) must name this one; a token naming none is checked against it. */
function staticKey({ publicKey, keyId }: { publicKey: KeyLike; keyId: string }): JWTVerifyGetKey {
  return (header) => {
    if (header.kid !== undefined && header.kid !== keyId) throw unauthenticated(KEY_NOT_TRUSTED);
    return publicKey;
  };
}

/** The verified tokens a verifier keeps at most (each its identity, a few hundred bytes): the callers active at once. */
const VERIFIED_TOKENS = 10_000;

/**
 * How long a verified token is taken from the cache at most: jose's JWKS cache age, so that a key the identity provider
 * withdraws from its key set is no longer trusted after the same time as without the cache.
 */
const VERIFIED_TOKEN_MAX_AGE_MS = 10 * 60_000;

/**
 * Verifies signature, issuer, audience, expiry and lifetime, then the claims; any failure is UNAUTHENTICATED.
 *
 * A token must carry `iat` and `exp`, `iat` not in the future, and live at most the policy's lifetime from `iat` to
 * `exp`. Measured as exp − now instead, a token minted for ten years would be refused only until its last
 * 12 h and then accepted; exp − iat refuses it all its life, and with `iat` not in the future it also bounds exp − now.
 *
 * A token once verified is not verified again (the gateway and each subgraph see it on every request, ES256 each time)
 * until its expiry, or at most VERIFIED_TOKEN_MAX_AGE_MS: the cache is keyed by the exact token, so any other string —
 * a token re-signed, altered or with other claims — is verified in full. Refusals are not cached.
 */
export function createTokenVerifier(keys: TrustedKeys, policy = tokenPolicyOf(loadSettings())): TokenVerifier {
  const getKey: JWTVerifyGetKey = typeof keys === 'function' ? keys : staticKey(keys);
  const { issuer, audience, maxLifetimeSeconds: maxLifetime } = policy;
  const verified = new LRUCache<string, { identity: Identity; untilMs: number }>({ max: VERIFIED_TOKENS });
  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() < known.untilMs) return { ...known.identity };
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer,
        audience,
        algorithms: [ALGORITHM],
        requiredClaims: ['iat', 'exp'],
        // Checks too that `iat` is not in the future (jose does so only with a maximum age).
        maxTokenAge: maxLifetime,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const lifetime = payload.exp! - payload.iat!;
      if (lifetime > maxLifetime) {
        throw unauthenticated(`The token is valid for ${duration(lifetime)} from its issue, longer than the ${duration(maxLifetime)} this service accepts`);
      }
      const identity = identityFromClaims(payload);
      // Until exp itself: the clock tolerance past it is left to a full verification.
      verified.set(token, { identity, untilMs: Math.min(payload.exp! * 1000, Date.now() + VERIFIED_TOKEN_MAX_AGE_MS) });
      return { ...identity };
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      throw unauthenticated(refusal(error, maxLifetime));
    }
  };
}

/** What a token verification error of jose means for the caller. */
function refusal(error: unknown, maxLifetime: number): string {
  if (error instanceof errors.JWTExpired)
    return error.claim === 'iat' ? `The token was issued more than ${duration(maxLifetime)} ago` : 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing' && error.claim === 'exp') return 'The token has no expiry (exp): every token must say when it expires';
    if (error.reason === 'missing' && error.claim === 'iat') return 'The token has no time of issue (iat): every token must say when it was issued';
    if (error.claim === 'iat' && error.reason === 'check_failed') return 'The token was issued in the future (iat)';
    return `The token is not valid: ${error.message}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return KEY_NOT_TRUSTED;
  return 'The token is not valid';
}

/** `Authorization: Bearer <token>` → verified identity. */
export async function identityFromHeader(header: string | undefined, verify: TokenVerifier): Promise<Identity> {
  if (!header) throw unauthenticated('Sign in: send a token as "Authorization: Bearer <token>"');
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return verify(match[1]);
}

export interface SigningKeyPair {
  privateKey: KeyLike;
  publicKey: KeyLike;
}

interface StoredKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Where the local demo key pair lives: `DATA_DIR/keys/local-signing-key.json` (git-ignored with data/, mode 600). */
export function localKeyFile(dataDir = loadSettings().DATA_DIR): string {
  return path.join(dataDir, 'keys', 'local-signing-key.json');
}

/** The local demo key pair, created on first use (one creation wins when several processes start at once). */
export async function localSigningKeys(file = localKeyFile()): Promise<SigningKeyPair> {
  let created: StoredKeyPair | undefined;
  if (!fs.existsSync(file)) {
    const pair = await generateKeyPair(ALGORITHM, { extractable: true });
    created = { privateJwk: await exportJWK(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) };
  }
  const stored = JSON.parse(createPrivateFileOnce(file, () => JSON.stringify(created))) as StoredKeyPair;
  return {
    privateKey: (await importJWK(stored.privateJwk, ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(stored.publicJwk, ALGORITHM)) as KeyLike,
  };
}

/** A static public key the services trust, with its id: `keyId`, else its JWK thumbprint. */
export async function trustedKey(publicKey: KeyLike, keyId?: string): Promise<TrustedKeys> {
  return { publicKey, keyId: keyId ?? (await keyIdOf(publicKey)) };
}

/** Whether the services trust the local demo key: neither an identity provider's key set nor a public key is set. */
export function trustsLocalKey(settings: Settings): boolean {
  return !settings.AUTH_JWKS_URL && !settings.AUTH_PUBLIC_KEY;
}

/**
 * The verifier the settings configure: `AUTH_JWKS_URL` (an identity provider's key set), else `AUTH_PUBLIC_KEY`
 * (a public key, its id `AUTH_KEY_ID` or its thumbprint), else the local demo key pair (its id the thumbprint).
 */
export async function tokenVerifierOf(settings: Settings): Promise<TokenVerifier> {
  const policy = tokenPolicyOf(settings);
  if (settings.AUTH_JWKS_URL) return createTokenVerifier(createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL)), policy);
  if (settings.AUTH_PUBLIC_KEY) return createTokenVerifier(await trustedKey(settings.AUTH_PUBLIC_KEY, settings.AUTH_KEY_ID), policy);
  return createTokenVerifier(await trustedKey((await localSigningKeys(localKeyFile(settings.DATA_DIR))).publicKey), policy);
}

export interface TokenRequest {
  subject: string;
  bureau: string;
  role: Role;
  community?: string | null;
  /** A jose duration such as "8h", or seconds since the epoch. */
  expiresIn?: string | number;
}

/**
 * A token signed by `privateKey`, naming it by its thumbprint (`kid`), for the services' policy. Refuses to sign one
 * that would live longer than they accept (TOKEN_MAX_LIFETIME_SECONDS), rather than hand out a token every request is
 * refused with.
 */
export async function signToken(privateKey: KeyLike, request: TokenRequest, policy = tokenPolicyOf(loadSettings())): Promise<string> {
  const claims: Record<string, unknown> = { bureau: request.bureau, role: request.role };
  if (request.community) claims.community = request.community;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, kid: await keyIdOf(privateKey) })
    .setSubject(request.subject)
    .setIssuer(policy.issuer)
    .setAudience(policy.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(privateKey);
  const { iat, exp } = decodeJwt(token);
  const maxLifetime = policy.maxLifetimeSeconds;
  if (exp! - iat! > maxLifetime) {
    throw new Error(
      `A token valid for ${duration(exp! - iat!)} would be refused: the services accept at most ${duration(maxLifetime)} (TOKEN_MAX_LIFETIME_SECONDS)`,
    );
  }
  return token;
}
