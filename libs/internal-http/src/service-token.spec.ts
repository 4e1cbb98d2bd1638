import { ServicePublicKeys, generateServiceKeys, parseServicePrivateKey, parseServicePublicKeys } from '@lfc/common';
import { ServiceName } from '@lfc/contracts';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { ServiceTokenIssuer, ServiceTokenVerifier } from './service-token';

const keys = generateServiceKeys();
const publicKeys: ServicePublicKeys = parseServicePublicKeys(keys.publicKeys);
const issuerFor = (service: ServiceName) =>
  new ServiceTokenIssuer(service, parseServicePrivateKey(keys.privateKeys[service]));
const verifierFor = (service: ServiceName) => new ServiceTokenVerifier(service, publicKeys);

describe('service tokens', () => {
  it('names the calling service, is checked with that service’s public key, and is reused', async () => {
    const issuer = issuerFor('gateway');
    const token = await issuer.tokenFor('auth');
    expect(await issuer.tokenFor('auth')).toBe(token);
    await expect(verifierFor('auth').verify(token)).resolves.toEqual({ issuer: 'gateway' });
  });

  it('refuses a token for another audience, or none', async () => {
    const token = await issuerFor('gateway').tokenFor('tool-executor');
    await expect(verifierFor('auth').verify(token)).rejects.toThrow(/refused/);
    await expect(verifierFor('auth').verify(undefined)).rejects.toThrow(/missing/);
  });

  it('refuses a service that names another as issuer: its key is not that issuer’s', async () => {
    // The executor signs with its own key but claims to be the gateway.
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'lfc-service+jwt' })
      .setIssuer('gateway')
      .setAudience('cost-accounting')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(parseServicePrivateKey(keys.privateKeys['tool-executor']));
    await expect(verifierFor('cost-accounting').verify(forged)).rejects.toThrow(/signature verification failed/);
  });

  it('refuses a key from outside the deployment and an issuer that is not one of our services', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    await expect(
      verifierFor('auth').verify(await new ServiceTokenIssuer('gateway', stranger).tokenFor('auth')),
    ).rejects.toThrow(/refused/);
    const unknown = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'lfc-service+jwt' })
      .setIssuer('mallory')
      .setAudience('auth')
      .setExpirationTime('1m')
      .sign(stranger);
    await expect(verifierFor('auth').verify(unknown)).rejects.toThrow(/not one of our services/);
  });

  it('refuses the shared-secret HS256 tokens of before', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'lfc-service+jwt' })
      .setIssuer('gateway')
      .setAudience('auth')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('s'.repeat(40)));
    await expect(verifierFor('auth').verify(token)).rejects.toThrow(/refused/);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'lfc-service+jwt' })
      .setIssuer('gateway')
      .setAudience('auth')
      .setIssuedAt(past)
      .setExpirationTime(past + 60)
      .sign(parseServicePrivateKey(keys.privateKeys.gateway));
    await expect(verifierFor('auth').verify(token)).rejects.toThrow(/refused/);
  });

  it('refuses an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'lfc-service+jwt' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ iss: 'gateway', aud: 'auth', exp: 9999999999 })).toString('base64url');
    await expect(verifierFor('auth').verify(`${header}.${body}.`)).rejects.toThrow(/refused/);
  });
});
