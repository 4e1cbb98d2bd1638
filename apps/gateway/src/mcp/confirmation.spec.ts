import { CANNOT_ASK, ConfirmationQuestion, notConfirmed, policyOf } from './confirmation';

const question = (policy: ConfirmationQuestion['policy']): ConfirmationQuestion => ({
  tool: policy === 'budget_overruns' ? 'track_token_usage' : 'delete_file',
  arguments: {},
  message: 'Really?',
  policy,
});

describe('confirmation wording follows the policy that asks', () => {
  it('reads the policy from the executor’s details, taking an executor that names none as asking for destructive calls', () => {
    expect(policyOf({ tool: 'track_token_usage', policy: 'budget_overruns' })).toBe('budget_overruns');
    expect(policyOf({ tool: 'delete_file' })).toBe('destructive_calls');
    expect(policyOf({ tool: 'delete_file', policy: 'whatever' })).toBe('destructive_calls');
    expect(policyOf(undefined)).toBe('destructive_calls');
  });

  it('tells a client that cannot be asked which setting asks, and what else to do', async () => {
    const refusal = (text: RegExp) => ({
      answer: { content: [{ type: 'text', text: expect.stringMatching(text) }], isError: true },
    });
    const signal = new AbortController().signal;
    expect(await CANNOT_ASK.ask(question('destructive_calls'), signal)).toEqual(
      refusal(/"Really\?"\): this API key asks before destructive calls.*confirmDestructiveCalls/s),
    );
    expect(await CANNOT_ASK.ask(question('budget_overruns'), signal)).toEqual(
      refusal(/"Really\?"\): a monthly budget of this key or user asks before usage.*confirmOverrun/s),
    );
    expect(JSON.stringify(await CANNOT_ASK.ask(question('budget_overruns'), signal))).not.toContain('destructive');
  });

  it('says that a call not confirmed neither changed nor recorded anything', () => {
    expect(notConfirmed('track_token_usage')).toEqual({
      content: [
        { type: 'text', text: expect.stringMatching(/^track_token_usage was not run: .*not confirmed.*recorded/) },
      ],
      isError: true,
    });
  });
});
