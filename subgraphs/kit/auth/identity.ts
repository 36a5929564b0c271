import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, errors, exportJWK, generateKeyPair, importJWK, importSPKI, JWK, jwtVerify, KeyLike, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import { envOptional, envString } from '../config';
import { createPrivateFileOnce, dataRoot } from '../private-files';
import { isRole, Role, ROLE_BUREAU } from './roles';

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

export function issuer(): string {
  return envString('AUTH_ISSUER', 'migrant-graph-local');
}

export function audience(): string {
  return envString('AUTH_AUDIENCE', 'migrant-person-graph');
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
  if (role === 'COMMUNITY_WORKER' && (typeof community !== 'string' || !/^\d{12}$/.test(community))) {
    throw unauthenticated('A community worker token must name a 12-digit community');
  }
  return { subject: sub, bureau, role, community: role === 'COMMUNITY_WORKER' ? (community as string) : null };
}

/** Verifies signature, issuer, audience and expiry, then the claims; any failure is UNAUTHENTICATED. */
export function createTokenVerifier(key: KeyLike | ReturnType<typeof createRemoteJWKSet>): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as KeyLike, { issuer: issuer(), audience: audience(), algorithms: [ALGORITHM] });
      return identityFromClaims(payload);
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      if (error instanceof errors.JWTExpired) throw unauthenticated('The token has expired');
      throw unauthenticated('The token is not valid');
    }
  };
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
export function localKeyFile(): string {
  return path.join(dataRoot(), 'keys', 'local-signing-key.json');
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

/**
 * The verifier configured by env: `AUTH_JWKS_URL` (an identity provider's key set), else `AUTH_PUBLIC_KEY`
 * (a PEM public key), else the local demo key pair.
 */
export async function tokenVerifierFromEnv(): Promise<TokenVerifier> {
  const jwksUrl = envOptional('AUTH_JWKS_URL');
  if (jwksUrl) return createTokenVerifier(createRemoteJWKSet(new URL(jwksUrl)));
  const pem = envOptional('AUTH_PUBLIC_KEY');
  if (pem) return createTokenVerifier(await importSPKI(pem.replace(/\\n/g, '\n'), ALGORITHM));
  return createTokenVerifier((await localSigningKeys()).publicKey);
}

export interface TokenRequest {
  subject: string;
  bureau: string;
  role: Role;
  community?: string | null;
  /** A jose duration such as "8h", or seconds since the epoch. */
  expiresIn?: string | number;
}

export async function signToken(privateKey: KeyLike, request: TokenRequest): Promise<string> {
  const claims: Record<string, unknown> = { bureau: request.bureau, role: request.role };
  if (request.community) claims.community = request.community;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(request.subject)
    .setIssuer(issuer())
    .setAudience(audience())
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(privateKey);
}
