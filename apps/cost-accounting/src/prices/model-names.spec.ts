import { priceCandidates } from './model-names';

describe('priceCandidates', () => {
  it('resolves dated snapshots to their base model', () => {
    expect(priceCandidates('gpt-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06', 'gpt-4o']);
    expect(priceCandidates('claude-sonnet-4-20250514')).toEqual(['claude-sonnet-4-20250514', 'claude-sonnet-4']);
    expect(priceCandidates('mistral-large-2411')).toEqual(['mistral-large-2411', 'mistral-large']);
    expect(priceCandidates('claude-3-5-sonnet@20240620')).toContain('claude-3-5-sonnet');
    expect(priceCandidates('gemini-2.5-flash-preview-05-20')).toContain('gemini-2.5-flash');
  });

  it('drops a router prefix and host packaging', () => {
    expect(priceCandidates('OpenAI/GPT-4o-mini')).toEqual(['gpt-4o-mini']);
    expect(priceCandidates('meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo')).toEqual([
      'meta-llama-3.1-70b-instruct-turbo',
      'llama-3.1-70b-instruct-turbo',
      'llama-3.1-70b',
    ]);
  });

  it('never guesses a neighbouring model for an unknown variant', () => {
    expect(priceCandidates('gpt-4o-audio-preview')).toEqual(['gpt-4o-audio-preview', 'gpt-4o-audio']);
  });
});
