import { z } from 'zod';
import { ConfigValidationError, baseServiceEnvSchema, envSchemas, loadConfig } from './load-config';
import { generateServiceKeys, serviceKeyEnv } from './service-keys';

describe('loadConfig', () => {
  const schema = baseServiceEnvSchema.extend({ PORT: envSchemas.port(8000), LFC_FLAG: envSchemas.boolean(false) });
  const keys = serviceKeyEnv('auth', generateServiceKeys());

  it('applies defaults and coerces values', () => {
    const config = loadConfig(schema, { ...keys, LFC_FLAG: 'yes' });
    expect(config.PORT).toBe(8000);
    expect(config.LFC_FLAG).toBe(true);
    expect(config.NODE_ENV).toBe('development');
  });

  it('names every bad variable in one message', () => {
    const attempt = () => loadConfig(schema, { ...keys, LFC_SERVICE_PRIVATE_KEY: 'not-a-key', PORT: 'eighty', LFC_FLAG: 'maybe' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(message).toMatch(/LFC_FLAG:/);
      expect(message).toMatch(/LFC_SERVICE_PRIVATE_KEY: must be this service's own Ed25519 private key .*\(got "<redacted>"\)/);
    }
  });

  it('refuses an out-of-range port', () => {
    expect(() => loadConfig(z.object({ PORT: envSchemas.port(1) }), { PORT: '70000' })).toThrow(/PORT/);
  });

  it('splits lists and drops blanks', () => {
    expect(loadConfig(z.object({ L: envSchemas.list() }), { L: 'a, b,,c ' }).L).toEqual(['a', 'b', 'c']);
  });
});
