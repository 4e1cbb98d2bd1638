import { generateServiceKeys, parseServicePrivateKey, parseServicePublicKeys } from '@lfc/common';
import { CallerClaimIssuer } from './caller-claim';
import { InternalHttpModule } from './internal-http.module';

describe('InternalHttpModule', () => {
  const keys = generateServiceKeys();
  const publicKeys = parseServicePublicKeys(keys.publicKeys);

  it('refuses to start with the private key of another service', () => {
    expect(() =>
      InternalHttpModule.forRoot({
        service: 'tool-executor',
        privateKey: parseServicePrivateKey(keys.privateKeys.gateway),
        publicKeys,
        imports: [],
      }),
    ).toThrow(/LFC_SERVICE_PRIVATE_KEY: is not the private half of the tool-executor key in LFC_SERVICE_PUBLIC_KEYS/);
  });

  it('gives only the gateway a caller-claim issuer', () => {
    const provides = (service: 'gateway' | 'tool-executor') =>
      (
        InternalHttpModule.forRoot({
          service,
          privateKey: parseServicePrivateKey(keys.privateKeys[service]),
          publicKeys,
          imports: [],
        }).providers ?? []
      ).some((provider) => 'provide' in provider && provider.provide === CallerClaimIssuer);
    expect(provides('gateway')).toBe(true);
    expect(provides('tool-executor')).toBe(false);
  });
});
