import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, generateServiceKeys, parseServicePrivateKey, parseServicePublicKeys } from '@lfc/common';
import { CALLER_CLAIM_HEADER, CallerContext, SERVICE_TOKEN_HEADER, ServiceName } from '@lfc/contracts';
import { CallerClaimIssuer, CallerClaimVerifier } from './caller-claim';
import { ForEndUser, InternalCallers } from './internal-callers';
import { ServiceTokenGuard } from './service-token.guard';
import { ServiceTokenIssuer, ServiceTokenVerifier } from './service-token';

const keys = generateServiceKeys();
const publicKeys = parseServicePublicKeys(keys.publicKeys);
const privateKey = (service: ServiceName) => parseServicePrivateKey(keys.privateKeys[service]);
const admin: CallerContext = { keyId: null, userId: 'user-admin', role: 'admin', tenant: 'user-admin' };

@InternalCallers('tool-executor')
class CostRoutes {
  @ForEndUser()
  summary(): void {}
  estimate(): void {}
  @InternalCallers('gateway')
  @ForEndUser()
  upsertPrice(): void {}
}

class Undeclared {
  anything(): void {}
}

interface FakeRequest {
  method: string;
  url: string;
  routeOptions: { url: string };
  headers: Record<string, string>;
  logFields: Record<string, string | undefined>;
}

function contextFor<T>(
  target: new () => T,
  method: keyof T & string,
  headers: Record<string, string>,
): { context: ExecutionContext; request: FakeRequest } {
  const handler: unknown = (target.prototype as Record<string, unknown>)[method];
  const request: FakeRequest = {
    method: 'POST',
    url: '/internal/v1/x',
    routeOptions: { url: '/internal/v1/x' },
    headers,
    logFields: {},
  };
  const context = {
    getHandler: () => handler,
    getClass: () => target,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function headersFrom(service: ServiceName, claim?: string): Promise<Record<string, string>> {
  const token = await new ServiceTokenIssuer(service, privateKey(service)).tokenFor('cost-accounting');
  return { [SERVICE_TOKEN_HEADER]: token, ...(claim ? { [CALLER_CLAIM_HEADER]: claim } : {}) };
}

async function refusal(promise: Promise<boolean>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the guard let the call through');
}

describe('ServiceTokenGuard', () => {
  const guard = new ServiceTokenGuard(
    new ServiceTokenVerifier('cost-accounting', publicKeys),
    new CallerClaimVerifier(publicKeys.gateway),
    new Reflector(),
  );
  const gatewayClaim = () => new CallerClaimIssuer(privateKey('gateway')).claimFor(admin);

  it('lets a declared caller through with the end user of the gateway’s claim', async () => {
    const { context, request } = contextFor(
      CostRoutes,
      'summary',
      await headersFrom('tool-executor', await gatewayClaim()),
    );
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.logFields).toMatchObject({ caller_service: 'tool-executor', user_id: 'user-admin' });
  });

  it('refuses a service the route does not accept, naming it (403)', async () => {
    const { context } = contextFor(CostRoutes, 'estimate', await headersFrom('gateway'));
    const error = await refusal(guard.canActivate(context));
    expect(error).toMatchObject({
      code: 'service_not_allowed',
      status: 403,
      details: { caller: 'gateway', accepted: ['tool-executor'] },
    });
    expect(error.message).toMatch(/^gateway may not call POST \/internal\/v1\/x/);
  });

  it('takes a method’s own declaration over its controller’s', async () => {
    const claim = await gatewayClaim();
    const { context } = contextFor(CostRoutes, 'upsertPrice', await headersFrom('gateway', claim));
    await expect(guard.canActivate(context)).resolves.toBe(true);
    const executor = contextFor(CostRoutes, 'upsertPrice', await headersFrom('tool-executor', claim));
    await expect(refusal(guard.canActivate(executor.context))).resolves.toMatchObject({ code: 'service_not_allowed' });
  });

  it('refuses every service on a route that declares no callers (fail closed)', async () => {
    for (const service of ['gateway', 'tool-executor', 'auth'] as const) {
      const { context } = contextFor(Undeclared, 'anything', await headersFrom(service));
      const error = await refusal(guard.canActivate(context));
      expect(error).toMatchObject({ code: 'service_not_allowed', details: { caller: service, accepted: [] } });
      expect(error.message).toMatch(/accepts no internal caller/);
    }
  });

  it('refuses a route for an end user without a claim, or with one the executor signed for an admin (401)', async () => {
    const without = contextFor(CostRoutes, 'summary', await headersFrom('tool-executor'));
    await expect(refusal(guard.canActivate(without.context))).resolves.toMatchObject({
      code: 'invalid_caller_claim',
      status: 401,
    });
    const forged = await new CallerClaimIssuer(privateKey('tool-executor')).claimFor(admin);
    const withForged = contextFor(CostRoutes, 'summary', await headersFrom('tool-executor', forged));
    await expect(refusal(guard.canActivate(withForged.context))).resolves.toMatchObject({
      code: 'invalid_caller_claim',
    });
  });

  it('refuses a missing or forged service token before looking at the route (401)', async () => {
    const { context } = contextFor(CostRoutes, 'estimate', {});
    await expect(refusal(guard.canActivate(context))).resolves.toMatchObject({
      code: 'invalid_service_token',
      status: 401,
    });
  });
});
