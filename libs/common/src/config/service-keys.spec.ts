import { generateKeyPairSync } from 'node:crypto';
import { baseServiceEnvSchema, loadConfig } from './load-config';
import {
  encodeServiceKey,
  generateServiceKeys,
  isKeyPair,
  parseServicePrivateKey,
  parseServicePublicKey,
  parseServicePublicKeys,
  serviceKeyEnv,
} from './service-keys';

describe('service keys', () => {
  const keys = generateServiceKeys();

  it('generates a key pair per service, read back from the settings they are written to', () => {
    const config = loadConfig(baseServiceEnvSchema, serviceKeyEnv('auth', keys));
    expect(isKeyPair(config.LFC_SERVICE_PRIVATE_KEY, config.LFC_SERVICE_PUBLIC_KEYS.auth)).toBe(true);
    expect(isKeyPair(config.LFC_SERVICE_PRIVATE_KEY, config.LFC_SERVICE_PUBLIC_KEYS.gateway)).toBe(false);
  });

  it('takes a key as PEM (what openssl prints) or as its one-line body', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(encodeServiceKey(parseServicePrivateKey(pem))).toBe(encodeServiceKey(privateKey));
    expect(encodeServiceKey(parseServicePrivateKey(encodeServiceKey(privateKey)))).toBe(encodeServiceKey(privateKey));
    // Some secret stores keep newlines as the two characters \n.
    expect(
      encodeServiceKey(
        parseServicePublicKey(publicKey.export({ format: 'pem', type: 'spki' }).toString().replace(/\n/g, '\\n')),
      ),
    ).toBe(encodeServiceKey(publicKey));
  });

  it('takes a public key from a certificate holding it (what the Helm chart generates)', () => {
    // Made by helm's genSelfSignedCertWithKey from an Ed25519 key; only the key inside matters.
    const certificate =
      'MIIBIjCB1aADAgECAhBkBAVfzeLcuKkmXY7EWjqYMAUGAytlcDASMRAwDgYDVQQDEwdnYXRld2F5MCAXDTI2MTIwNDIxMjcxMVoYDzIxMjYxMTEwMjEyNzExWjASMRAw' +
      'DgYDVQQDEwdnYXRld2F5MCowBQYDK2VwAyEA6RvHhhwLvVNgUA6TW3WWoafw4ni3b23R9HDLzbvssH2jPzA9MA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAUBggrBgEF' +
      'BQcDAQYIKwYBBQUHAwIwDAYDVR0TAQH/BAIwADAFBgMrZXADQQAAmDKsBhjwYsJIlg5daKDqHk4Y2CN1i6VYlmb1r9hnlS5MT0TBTTJ6GPE+GQcznXUOlUt/n3KRKt0Z1I0OrKUE';
    const privateKey = parseServicePrivateKey('MC4CAQAwBQYDK2VwBCIEIAod/FE1mmhWo1QkWLRaA94bSX6rzs1PhHPSiealfnSJ');
    expect(isKeyPair(privateKey, parseServicePublicKey(certificate))).toBe(true);
  });

  it('refuses keys that are not Ed25519, naming the problem', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => parseServicePrivateKey(rsa)).toThrow(/rsa key, not Ed25519/);
    expect(() => parseServicePrivateKey('not a key!')).toThrow(/not base64 DER or PEM/);
  });

  it('needs one public key for every service, each named once', () => {
    const list = keys.publicKeys.split(',');
    expect(() => parseServicePublicKeys(list.slice(1).join(','))).toThrow(/no public key for gateway/);
    expect(() => parseServicePublicKeys(`${keys.publicKeys},${list[0]!}`)).toThrow(/gateway is listed twice/);
    expect(() => parseServicePublicKeys(`${keys.publicKeys},billing=${list[0]!.split('=')[1]!}`)).toThrow(
      /"billing" is not a service name/,
    );
    expect(() => parseServicePublicKeys(keys.publicKeys.replace(/^gateway=[^,]+/, 'gateway=MCow'))).toThrow(
      /the key of gateway is not an Ed25519 public key/,
    );
  });

  it('names both settings when they are missing, pointing at the docs', () => {
    expect(() => loadConfig(baseServiceEnvSchema, {})).toThrow(
      /LFC_SERVICE_PRIVATE_KEY: required: .*docs\/deploy\.md[\s\S]*LFC_SERVICE_PUBLIC_KEYS: required/,
    );
  });
});
