import { RunningSuite } from './support/suite';
import { describeSuiteBehaviour } from './support/suite-behaviour';

jest.setTimeout(60_000);

describe('the suite on the machine’s PostgreSQL and Redis', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start();
  });

  afterAll(async () => {
    await suite?.stop();
  });

  describeSuiteBehaviour(() => ({ gatewayUrl: suite.gatewayUrl, apiKey: suite.apiKey }));
});
