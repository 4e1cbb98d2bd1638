import { Writable } from 'node:stream';
import { createLogger, maskApiKey, scrubSecrets } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('test', 'trace', stream), text: () => lines.join('') };
}

const apiKey = `lfc_${'S'.repeat(43)}`;
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA';

describe('log redaction', () => {
  it('never writes a secret field, at the top level, nested, or in headers', () => {
    const { logger, text } = capture();
    const secrets = {
      password: 'hunter2-password',
      newPassword: 'new-password-value',
      token: 'token-value-123',
      accessToken: 'access-token-value',
      secret: 'shared-secret-value',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      apiKey,
      key: 'generated-key-value',
      keyHash: 'a'.repeat(64),
      privateKeyPem: '-----BEGIN PRIVATE KEY-----abc',
      content: 'file contents that are private',
      arguments: { content: 'tool argument secret' },
    };
    logger.info(secrets, 'top level');
    logger.info({ user: secrets }, 'nested');
    logger.info(
      {
        headers: {
          authorization: `Bearer ${jwt}`,
          'x-api-key': apiKey,
          'x-lfc-service-token': 'svc-token-value',
          cookie: 'sid=cookie-value',
        },
      },
      'headers',
    );
    logger.info({ req: { headers: { authorization: 'Bearer req-header-token' } } }, 'request');
    const output = text();
    for (const value of [
      'hunter2-password',
      'new-password-value',
      'token-value-123',
      'access-token-value',
      'shared-secret-value',
      'JBSWY3DPEHPK3PXP',
      apiKey,
      'generated-key-value',
      'a'.repeat(64),
      'BEGIN PRIVATE KEY',
      'file contents that are private',
      'tool argument secret',
      jwt,
      'svc-token-value',
      'cookie-value',
      'req-header-token',
    ]) {
      expect(output).not.toContain(value);
    }
    expect(output).toContain('[REDACTED]');
  });

  it('masks keys and bearer tokens pasted into messages', () => {
    const { logger, text } = capture();
    logger.warn(`client sent ${apiKey} and Authorization: Bearer ${jwt}`);
    expect(text()).not.toContain(apiKey);
    expect(text()).not.toContain(jwt);
    expect(scrubSecrets(`x ${apiKey} y`)).toBe('x lfc_[REDACTED] y');
  });

  it('writes the fields operators search by', () => {
    const { logger, text } = capture();
    logger.info({ request_id: 'r1', api_key: maskApiKey(apiKey), status_code: 200 }, 'request completed');
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      service: 'test',
      request_id: 'r1',
      status_code: 200,
      message: 'request completed',
    });
    expect(typeof line.timestamp).toBe('string');
    expect(line.api_key).toBe(`${apiKey.slice(0, 12)}…`);
  });
});
