import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import path from 'node:path';
import { createPrivateFileOnce } from '../private-files';
import { loadSettings, Settings } from '../settings';

/**
 * Keys a service signs with so that others can check what it vouches for (Ed25519): the gateway's request ids,
 * public security's statement of a person's current community, a bureau's audit checkpoints. Locally each pair is
 * created on first use in `DATA_DIR/keys/<name>.pem` (mode 600, folder 700); in production `<NAME>_PRIVATE_KEY` /
 * `<NAME>_PUBLIC_KEY` (PEM, `\n` allowed for newlines) give the keys, and only the signing service holds the private one.
 * A service loads its keys at start (loadServiceKeys); a tool or a test, on first use, from `loadSettings()`.
 */

export type ServiceKeyName = 'gateway-request' | 'residence-statement' | 'audit-checkpoint';

export interface ServiceKeys {
  /** Absent where only the public key was configured (a service that checks but does not sign). */
  privateKey?: KeyObject;
  publicKey: KeyObject;
}

/** Each key's variables: the private and the public key. */
const KEY_VARIABLES = {
  'gateway-request': ['GATEWAY_REQUEST_PRIVATE_KEY', 'GATEWAY_REQUEST_PUBLIC_KEY'],
  'residence-statement': ['RESIDENCE_STATEMENT_PRIVATE_KEY', 'RESIDENCE_STATEMENT_PUBLIC_KEY'],
  'audit-checkpoint': ['AUDIT_CHECKPOINT_PRIVATE_KEY', 'AUDIT_CHECKPOINT_PUBLIC_KEY'],
} as const satisfies Record<ServiceKeyName, readonly [keyof Settings, keyof Settings]>;

const loaded = new Map<ServiceKeyName, ServiceKeys>();

export function serviceKeyFile(name: ServiceKeyName, dataDir: string): string {
  return path.join(dataDir, 'keys', `${name}.pem`);
}

/** The keys of `name`, loaded once per process. */
export function serviceKeys(name: ServiceKeyName, settings?: Settings): ServiceKeys {
  const cached = loaded.get(name);
  if (cached) return cached;
  const source = settings ?? loadSettings();
  const [privateVariable, publicVariable] = KEY_VARIABLES[name];
  const configured = { privateKey: source[privateVariable], publicKey: source[publicVariable] };
  let keys: ServiceKeys;
  if (configured.privateKey || configured.publicKey) {
    keys = { privateKey: configured.privateKey, publicKey: configured.publicKey ?? createPublicKey(configured.privateKey!) };
  } else {
    const stored = createPrivateFileOnce(serviceKeyFile(name, source.DATA_DIR), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const privateKey = createPrivateKey(stored);
    keys = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  loaded.set(name, keys);
  return keys;
}

/** The keys a service signs or checks with, at its start: a key that cannot be read or made stops the start. */
export function loadServiceKeys(settings: Settings, names: ServiceKeyName[]): void {
  for (const name of names) serviceKeys(name, settings);
}

/** A base64url Ed25519 signature of `message` with the service's private key. */
export function signAs(name: ServiceKeyName, message: string): string {
  const { privateKey } = serviceKeys(name);
  if (!privateKey) throw new Error(`${KEY_VARIABLES[name][0]} is not configured: this service cannot sign as ${name}`);
  return sign(null, Buffer.from(message), privateKey).toString('base64url');
}

/** Whether `signature` is the service's signature of `message`. */
export function isSignedBy(name: ServiceKeyName, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message), serviceKeys(name).publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
