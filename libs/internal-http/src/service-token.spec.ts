import { SignJWT } from 'jose';
import { ServiceTokenIssuer, ServiceTokenVerifier } from './service-token';

const secret = 's'.repeat(40);

describe('service tokens', () => {
  it('accepts a token addressed to this service and reuses issued tokens', async () => {
    const issuer = new ServiceTokenIssuer(secret, 'gateway');
    const token = await issuer.tokenFor('auth');
    expect(await issuer.tokenFor('auth')).toBe(token);
    await expect(new ServiceTokenVerifier(secret, 'auth').verify(token)).resolves.toEqual({ issuer: 'gateway' });
  });

  it('refuses a token for another audience, a wrong secret, or none', async () => {
    const token = await new ServiceTokenIssuer(secret, 'gateway').tokenFor('tool-executor');
    await expect(new ServiceTokenVerifier(secret, 'auth').verify(token)).rejects.toThrow(/refused/);
    await expect(new ServiceTokenVerifier('w'.repeat(40), 'tool-executor').verify(token)).rejects.toThrow(/refused/);
    await expect(new ServiceTokenVerifier(secret, 'auth').verify(undefined)).rejects.toThrow(/missing/);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('gateway')
      .setAudience('auth')
      .setIssuedAt(past)
      .setExpirationTime(past + 60)
      .sign(new TextEncoder().encode(secret));
    await expect(new ServiceTokenVerifier(secret, 'auth').verify(token)).rejects.toThrow(/refused/);
  });

  it('refuses an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ iss: 'gateway', aud: 'auth', exp: 9999999999 })).toString('base64url');
    await expect(new ServiceTokenVerifier(secret, 'auth').verify(`${header}.${body}.`)).rejects.toThrow(/refused/);
  });
});
