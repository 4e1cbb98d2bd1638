import { Writable } from 'node:stream';
import pino from 'pino';
import { AdminChangeLog } from './admin-changes';

describe('AdminChangeLog', () => {
  it('writes the change with its actor and values even when the service logs only warnings', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const changes = new AdminChangeLog(pino({ level: 'warn' }, sink));
    changes.record(
      {
        keyId: 'k-1',
        userId: 'u-1',
        role: 'admin',
        tenant: 'user-u-1',
        origin: { requestId: 'req-1', userAgent: 'curl/8' },
      },
      'budget.update',
      'budget:key:k-2',
      { before: { monthlyLimitUsd: '10' }, after: { monthlyLimitUsd: '20' } },
    );
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'cost_admin_change',
        action: 'budget.update',
        resource: 'budget:key:k-2',
        actor_user_id: 'u-1',
        actor_key_id: 'k-1',
        actor_role: 'admin',
        channel: 'api',
        request_id: 'req-1',
        user_agent: 'curl/8',
        before: { monthlyLimitUsd: '10' },
        after: { monthlyLimitUsd: '20' },
      }),
    ]);
  });
});
