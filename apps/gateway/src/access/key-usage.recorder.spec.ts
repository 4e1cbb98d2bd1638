import { AuthClient } from '@lfc/identity';
import pino from 'pino';
import { KeyUsageRecorder } from './key-usage.recorder';

/** Auth's touch endpoint as the recorder sees it: each batch it is sent. */
function recordingAuth(batches: string[][]): AuthClient {
  const touch: Pick<AuthClient, 'touchApiKeys'> = {
    touchApiKeys: async (keyIds) => {
      batches.push([...keyIds].sort());
    },
  };
  return touch as AuthClient;
}

describe('KeyUsageRecorder', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports the keys seen in one batch per interval, not one write per request', async () => {
    const batches: string[][] = [];
    const recorder = new KeyUsageRecorder(recordingAuth(batches), 1000, pino({ level: 'silent' }));
    recorder.onModuleInit();
    for (let request = 0; request < 300; request++) recorder.seen(['k1', 'k2', 'k3'][request % 3]!);
    expect(batches).toEqual([]);

    await jest.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([['k1', 'k2', 'k3']]);

    // Nothing seen since: no empty batch.
    await jest.advanceTimersByTimeAsync(3000);
    expect(batches).toHaveLength(1);

    recorder.seen('k2');
    await recorder.onApplicationShutdown();
    expect(batches).toEqual([['k1', 'k2', 'k3'], ['k2']]);
  });
});
