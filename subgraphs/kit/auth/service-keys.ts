import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import path from 'node:path';
import { envOptional } from '../config';
import { createPrivateFileOnce, dataRoot } from '../private-files';

/**
 * Keys a service signs with so that others can check what it vouches for (Ed25519): the gateway's request ids,
 * public security's statement of a person's current community, a bureau's audit checkpoints. Locally each pair is
 * created on first use in `DATA_DIR/keys/<name>.pem` (mode 600, folder 700); in production `<NAME>_PRIVATE_KEY` /
 * `<NAME>_PUBLIC_KEY` (PEM, `\n` allowed for newlines) give the keys, and only the signing service holds the private one.
 */

export type ServiceKeyName = 'gateway-request' | 'residence-statement' | 'audit-checkpoint';

export interface ServiceKeys {
  /** Absent where only the public key was configured (a service that checks but does not sign). */
  privateKey?: KeyObject;
  publicKey: KeyObject;
}

const loaded = new Map<ServiceKeyName, ServiceKeys>();

const envName = (name: ServiceKeyName, part: 'PRIVATE' | 'PUBLIC') => `${name.toUpperCase().replace(/-/g, '_')}_${part}_KEY`;
const pem = (value: string) => value.replace(/\\n/g, '\n');

export function serviceKeyFile(name: ServiceKeyName): string {
  return path.join(dataRoot(), 'keys', `${name}.pem`);
}

export function serviceKeys(name: ServiceKeyName): ServiceKeys {
  const cached = loaded.get(name);
  if (cached) return cached;
  const privatePem = envOptional(envName(name, 'PRIVATE'));
  const publicPem = envOptional(envName(name, 'PUBLIC'));
  let keys: ServiceKeys;
  if (privatePem || publicPem) {
    const privateKey = privatePem ? createPrivateKey(pem(privatePem)) : undefined;
    keys = { privateKey, publicKey: publicPem ? createPublicKey(pem(publicPem)) : createPublicKey(privateKey!) };
  } else {
    const stored = createPrivateFileOnce(serviceKeyFile(name), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const privateKey = createPrivateKey(stored);
    keys = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  loaded.set(name, keys);
  return keys;
}

/** A base64url Ed25519 signature of `message` with the service's private key. */
export function signAs(name: ServiceKeyName, message: string): string {
  const { privateKey } = serviceKeys(name);
  if (!privateKey) throw new Error(`${envName(name, 'PRIVATE')} is not configured: this service cannot sign as ${name}`);
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
