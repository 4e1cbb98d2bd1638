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
    const attempt = () =>
      loadConfig(schema, { ...keys, LFC_SERVICE_PRIVATE_KEY: 'not-a-key', PORT: 'eighty', LFC_FLAG: 'maybe' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(message).toMatch(/LFC_FLAG:/);
      expect(message).toMatch(
        /LFC_SERVICE_PRIVATE_KEY: must be this service's own Ed25519 private key .*\(got "<redacted>"\)/,
      );
    }
  });

  it('refuses an out-of-range port', () => {
    expect(() => loadConfig(z.object({ PORT: envSchemas.port(1) }), { PORT: '70000' })).toThrow(/PORT/);
  });

  it('splits lists and drops blanks', () => {
    expect(loadConfig(z.object({ L: envSchemas.list() }), { L: 'a, b,,c ' }).L).toEqual(['a', 'b', 'c']);
  });

  describe('LFC_CORS_ORIGINS', () => {
    const cors = (value: string) => loadConfig(schema, { ...keys, LFC_CORS_ORIGINS: value }).LFC_CORS_ORIGINS;

    it('is empty by default, so no CORS headers are sent', () => {
      expect(loadConfig(schema, keys).LFC_CORS_ORIGINS).toEqual([]);
    });

    it('takes a comma list of exact origins', () => {
      expect(cors('https://app.example.com, http://localhost:5173')).toEqual([
        'https://app.example.com',
        'http://localhost:5173',
      ]);
    });

    it.each(['*', 'https://app.example.com,*', 'https://*.example.com'])(
      'refuses the wildcard in %s, naming the variable',
      (value) => {
        expect(() => cors(value)).toThrow(
          /LFC_CORS_ORIGINS: must list exact origins .*a wildcard \(\*\) is not accepted/,
        );
      },
    );

    it.each([
      'https://app.example.com/',
      'https://app.example.com/path',
      'app.example.com',
      'ftp://files.example.com',
      'https://App.example.com',
    ])('refuses %s, which is not an exact origin', (value) => {
      expect(() => cors(value)).toThrow(/LFC_CORS_ORIGINS: must be a comma list of origins/);
    });
  });

  describe('LFC_HTTP_LISTEN_BACKLOG', () => {
    it("is 4096 unless set, well above Node's 511", () => {
      expect(loadConfig(schema, keys).LFC_HTTP_LISTEN_BACKLOG).toBe(4096);
      expect(loadConfig(schema, { ...keys, LFC_HTTP_LISTEN_BACKLOG: '8192' }).LFC_HTTP_LISTEN_BACKLOG).toBe(8192);
    });

    it.each(['0', '-1', '1.5', 'many', '70000'])('refuses %s at start-up', (value) => {
      expect(() => loadConfig(schema, { ...keys, LFC_HTTP_LISTEN_BACKLOG: value })).toThrow(/LFC_HTTP_LISTEN_BACKLOG/);
    });
  });
});
