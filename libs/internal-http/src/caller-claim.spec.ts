import { generateServiceKeys, parseServicePrivateKey, parseServicePublicKeys } from '@lfc/common';
import { CallerContext } from '@lfc/contracts';
import { SignJWT } from 'jose';
import { CallerClaimIssuer, CallerClaimVerifier } from './caller-claim';
import { ServiceTokenIssuer } from './service-token';

const keys = generateServiceKeys();
const publicKeys = parseServicePublicKeys(keys.publicKeys);
const verifier = () => new CallerClaimVerifier(publicKeys.gateway);
const gatewayClaims = () => new CallerClaimIssuer(parseServicePrivateKey(keys.privateKeys.gateway));
const member: CallerContext = { keyId: 'key-1', userId: 'user-1', role: 'user', tenant: 'user-user-1' };
const admin: CallerContext = { keyId: 'key-2', userId: 'user-2', role: 'admin', tenant: 'user-user-2' };

describe('caller claims', () => {
  it('carry the caller the gateway signed, and are reused for the same caller', async () => {
    const issuer = gatewayClaims();
    const claim = await issuer.claimFor(member);
    expect(await issuer.claimFor({ ...member })).toBe(claim);
    expect(await issuer.claimFor(admin)).not.toBe(claim);
    await expect(verifier().verify(claim)).resolves.toEqual({ caller: member, claim });
  });

  it('carry a key’s wish to confirm destructive calls, in a claim of its own', async () => {
    const issuer = gatewayClaims();
    const confirming = { ...member, confirmDestructiveCalls: true };
    const claim = await issuer.claimFor(confirming);
    expect(await issuer.claimFor({ ...member, confirmDestructiveCalls: false })).not.toBe(claim);
    await expect(verifier().verify(claim)).resolves.toEqual({ caller: confirming, claim });
  });

  it('are reused by the next calls of the same caller, whose deadlines move on with the clock', async () => {
    const issuer = gatewayClaims();
    const deadline = Date.now() + 180_000;
    const first = await issuer.claimFor(member, deadline);
    // Calls made up to half a minute later carry deadlines that far on: the same claim serves them.
    expect(await issuer.claimFor(member, deadline + 30_000)).toBe(first);
  });

  it('outlive the deadline of the call they are made for', async () => {
    const issuer = gatewayClaims();
    const short = await issuer.claimFor(member);
    const long = await issuer.claimFor(member, Date.now() + 600_000);
    expect(long).not.toBe(short);
    const { exp } = JSON.parse(Buffer.from(long.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect(exp * 1000).toBeGreaterThan(Date.now() + 600_000);
  });

  it('refuse a claim for an admin that the executor signed itself', async () => {
    const forged = await new CallerClaimIssuer(parseServicePrivateKey(keys.privateKeys['tool-executor'])).claimFor(
      admin,
    );
    await expect(verifier().verify(forged)).rejects.toThrow(/only gateway-signed claims are believed/);
  });

  it('refuse a service token passed off as a claim, a claim naming no caller, and none', async () => {
    const token = await new ServiceTokenIssuer('gateway', parseServicePrivateKey(keys.privateKeys.gateway)).tokenFor(
      'cost-accounting',
    );
    await expect(verifier().verify(token)).rejects.toThrow(/refused/);
    const empty = await new SignJWT({ caller: { role: 'admin' } })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'lfc-caller+jwt' })
      .setIssuer('gateway')
      .setExpirationTime('1m')
      .sign(parseServicePrivateKey(keys.privateKeys.gateway));
    await expect(verifier().verify(empty)).rejects.toThrow(/names no valid caller/);
    await expect(verifier().verify(undefined)).rejects.toThrow(/needs the caller claim/);
  });
});
