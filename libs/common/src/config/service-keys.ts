import { KeyObject, X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SERVICE_NAMES, ServiceName } from '@lfc/contracts';
import { z } from 'zod';
import { errorMessage } from '../errors/domain-error';

/*
 * Each service signs its service tokens with an Ed25519 key only it holds (ADR 007). Keys travel as
 * one line of base64 DER (PKCS#8 private, SPKI public), which is the body of the PEM that
 * `openssl genpkey -algorithm ed25519` prints; a whole PEM is accepted too. A public key may also
 * be given as a certificate holding it: Helm can make one from a key it generates (it cannot
 * print a bare public key), which is how the chart generates keys by default.
 */

export type ServicePublicKeys = Readonly<Record<ServiceName, KeyObject>>;

function derOf(text: string): Buffer {
  const body = text.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\\n|\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new Error('not base64 DER or PEM');
  return Buffer.from(body, 'base64');
}

function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

export function parseServicePrivateKey(text: string): KeyObject {
  return ed25519(createPrivateKey({ key: derOf(text), format: 'der', type: 'pkcs8' }));
}

export function parseServicePublicKey(text: string): KeyObject {
  const der = derOf(text);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    key = new X509Certificate(der).publicKey;
  }
  return ed25519(key);
}

export function encodeServiceKey(key: KeyObject): string {
  const der =
    key.type === 'private' ? key.export({ format: 'der', type: 'pkcs8' }) : key.export({ format: 'der', type: 'spki' });
  return der.toString('base64');
}

/** Whether `privateKey` is the private half of `publicKey`. */
export function isKeyPair(privateKey: KeyObject, publicKey: KeyObject): boolean {
  return encodeServiceKey(createPublicKey(privateKey)) === encodeServiceKey(publicKey);
}

/** `gateway=MCow…,auth=MCow…`: one public key per service (split at the first `=`; base64 may end in `=`). */
export function parseServicePublicKeys(text: string): ServicePublicKeys {
  const keys: Partial<Record<ServiceName, KeyObject>> = {};
  for (const item of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)) {
    const split = item.indexOf('=');
    const name = item.slice(0, Math.max(split, 0)).trim();
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `"${name || item.slice(0, 20)}" is not a service name (${SERVICE_NAMES.join(', ')}); give name=key pairs`,
      );
    }
    const service = name as ServiceName;
    if (keys[service]) throw new Error(`${service} is listed twice`);
    try {
      keys[service] = parseServicePublicKey(item.slice(split + 1));
    } catch (error) {
      throw new Error(`the key of ${service} is not an Ed25519 public key (${errorMessage(error)})`);
    }
  }
  const missing = SERVICE_NAMES.filter((service) => !keys[service]);
  if (missing.length > 0) throw new Error(`no public key for ${missing.join(', ')}`);
  return keys as ServicePublicKeys;
}

export function formatServicePublicKeys(keys: Readonly<Record<ServiceName, string>>): string {
  return SERVICE_NAMES.map((service) => `${service}=${keys[service]}`).join(',');
}

export interface GeneratedServiceKeys {
  /** Per service, the value of its LFC_SERVICE_PRIVATE_KEY. */
  privateKeys: Record<ServiceName, string>;
  /** The value of LFC_SERVICE_PUBLIC_KEYS, the same for every service. */
  publicKeys: string;
}

/** A fresh key pair per service (npm start, the e2e suite, `node dist/scripts/service-keys.js`). */
export function generateServiceKeys(): GeneratedServiceKeys {
  const pairs = SERVICE_NAMES.map((service) => [service, generateKeyPairSync('ed25519')] as const);
  const encoded = (pick: 'privateKey' | 'publicKey') =>
    Object.fromEntries(pairs.map(([service, pair]) => [service, encodeServiceKey(pair[pick])])) as Record<
      ServiceName,
      string
    >;
  return { privateKeys: encoded('privateKey'), publicKeys: formatServicePublicKeys(encoded('publicKey')) };
}

/** The key settings of one service: its own private key and everyone's public keys. */
export function serviceKeyEnv(
  service: ServiceName,
  keys: GeneratedServiceKeys,
): { LFC_SERVICE_PRIVATE_KEY: string; LFC_SERVICE_PUBLIC_KEYS: string } {
  return { LFC_SERVICE_PRIVATE_KEY: keys.privateKeys[service], LFC_SERVICE_PUBLIC_KEYS: keys.publicKeys };
}

const HOW_TO = 'see "Service keys" in docs/deploy.md';

function parsedWith<T>(parse: (text: string) => T, what: string) {
  return z.string({ error: `required: ${what} (${HOW_TO})` }).transform((text, context): T => {
    try {
      return parse(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `must be ${what}: ${errorMessage(error)}` });
      return z.NEVER;
    }
  });
}

/** The key settings every service reads. */
export const serviceKeysEnvShape = {
  LFC_SERVICE_PRIVATE_KEY: parsedWith(
    parseServicePrivateKey,
    "this service's own Ed25519 private key (PKCS#8, PEM or one-line base64)",
  ),
  LFC_SERVICE_PUBLIC_KEYS: parsedWith(
    parseServicePublicKeys,
    'the Ed25519 public key of every service as name=key,… (SPKI, one-line base64)',
  ),
};
