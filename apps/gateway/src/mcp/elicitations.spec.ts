import { MemoryKeyValueStore } from '@lfc/kv';
import { Elicitations, MAX_OPEN_PER_SESSION } from './elicitations';

describe('Elicitations', () => {
  const kv = new MemoryKeyValueStore();
  /** Two replicas sharing one store; an hour to answer, so no test waits on the clock. */
  const asking = new Elicitations(kv, 3_600_000);
  const other = new Elicitations(kv, 3_600_000);

  function ask(sessionId: string, signal = new AbortController().signal) {
    const sent: Record<string, unknown>[] = [];
    const answer = asking.ask(
      sessionId,
      { message: 'Delete a.txt?' },
      async (message) => void sent.push(message),
      signal,
    );
    return {
      answer,
      sent: async () => {
        while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
        return sent[0] as { id: string; method: string; params: unknown };
      },
    };
  }

  it('sends elicitation/create and resolves with the answer POSTed to another replica', async () => {
    const { answer, sent } = ask('s1');
    const request = await sent();
    expect(request).toMatchObject({
      jsonrpc: '2.0',
      method: 'elicitation/create',
      params: { message: 'Delete a.txt?' },
    });
    await other.answer('s1', {
      jsonrpc: '2.0',
      id: request.id,
      result: { action: 'accept', content: { confirm: true } },
    });
    await expect(answer).resolves.toEqual({ action: 'accept', content: { confirm: true } });
  });

  it('takes no answer from another session, and gives up when the call is cancelled', async () => {
    const cancelled = new AbortController();
    const { answer, sent } = ask('s2', cancelled.signal);
    const request = await sent();
    await other.answer('s3', {
      jsonrpc: '2.0',
      id: request.id,
      result: { action: 'accept', content: { confirm: true } },
    });
    cancelled.abort();
    await expect(answer).resolves.toBeUndefined();
  });

  it('answers an error response as no answer', async () => {
    const { answer, sent } = ask('s4');
    const request = await sent();
    await other.answer('s4', { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'no' } });
    await expect(answer).resolves.toBeUndefined();
  });

  it(`keeps at most ${MAX_OPEN_PER_SESSION} questions open per session`, async () => {
    const cancelled = new AbortController();
    const open = Array.from({ length: MAX_OPEN_PER_SESSION }, () => ask('s5', cancelled.signal));
    await Promise.all(open.map(({ sent }) => sent()));
    await expect(ask('s5').answer).rejects.toMatchObject({ code: 'rate_limited' });
    cancelled.abort();
    await Promise.all(open.map(({ answer }) => answer));
  });
});
