import { generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import { loadGatewayConfig } from './config';

const ENV = {
  ...serviceKeyEnv('gateway', generateServiceKeys()),
  DATABASE_URL: 'postgres://gateway@127.0.0.1:5432/lfc',
};

describe('the gateway configuration: admission control', () => {
  it('holds up to 1024 requests in flight (fewer while the loop is over 20 ms) and 4096 waiting for at most 5 s, unless told otherwise', () => {
    expect(loadGatewayConfig(ENV)).toMatchObject({
      LFC_GATEWAY_MAX_IN_FLIGHT: 1024,
      LFC_GATEWAY_LOOP_DELAY_TARGET_MS: 20,
      LFC_GATEWAY_MAX_QUEUED: 4096,
      LFC_GATEWAY_QUEUE_TIMEOUT_MS: 5000,
    });
    expect(
      loadGatewayConfig({
        ...ENV,
        LFC_GATEWAY_MAX_IN_FLIGHT: '1',
        LFC_GATEWAY_LOOP_DELAY_TARGET_MS: '0',
        LFC_GATEWAY_MAX_QUEUED: '0',
        LFC_GATEWAY_QUEUE_TIMEOUT_MS: '250',
      }),
    ).toMatchObject({
      LFC_GATEWAY_MAX_IN_FLIGHT: 1,
      LFC_GATEWAY_LOOP_DELAY_TARGET_MS: 0,
      LFC_GATEWAY_MAX_QUEUED: 0,
      LFC_GATEWAY_QUEUE_TIMEOUT_MS: 250,
    });
  });

  it.each([
    ['LFC_GATEWAY_MAX_IN_FLIGHT', '0'],
    ['LFC_GATEWAY_MAX_IN_FLIGHT', '2.5'],
    ['LFC_GATEWAY_LOOP_DELAY_TARGET_MS', '-1'],
    ['LFC_GATEWAY_MAX_QUEUED', '-1'],
    ['LFC_GATEWAY_MAX_QUEUED', '1000000'],
    ['LFC_GATEWAY_QUEUE_TIMEOUT_MS', '0'],
  ])('refuses %s=%s at start-up', (variable, value) => {
    expect(() => loadGatewayConfig({ ...ENV, [variable]: value })).toThrow(new RegExp(`${variable}:`));
  });
});
