import { DomainError } from '@lfc/common';
import type { CallerContext, PreviewUsageRequest, RecordUsageResponse, UsagePreview } from '@lfc/contracts';
import type { InternalHttpClient } from '@lfc/internal-http';
import { CostClient, UsageReport } from '../../downstream/cost.client';
import { TrackTokenUsageTool } from './track-token-usage.tool';

/** cost-accounting as the tool sees it: a preview to answer (or a failure to throw), and what was recorded. */
class StubCost extends CostClient {
  answer: UsagePreview | Error = { costUsd: '0.25', overruns: [] };
  readonly previews: Array<{ claim: string | undefined; usage: PreviewUsageRequest }> = [];
  readonly recorded: UsageReport[] = [];

  constructor() {
    super(undefined as unknown as InternalHttpClient);
  }

  override async previewUsage(claim: string | undefined, usage: PreviewUsageRequest): Promise<UsagePreview> {
    this.previews.push({ claim, usage });
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }

  override async recordUsage(_claim: string | undefined, usage: UsageReport): Promise<RecordUsageResponse> {
    this.recorded.push(usage);
    return {
      created: true,
      record: {
        id: 'r1',
        operationId: usage.operationId,
        operationType: usage.operationType,
        model: usage.model,
        modelKnown: true,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        totalTokens: usage.inputTokens + usage.outputTokens,
        costUsd: '0.25',
        overrunConfirmed: usage.overrunConfirmed === true,
        keyId: 'k1',
        userId: 'u1',
        recordedAt: '2026-01-01T00:00:00.000Z',
      },
    };
  }
}

describe('track_token_usage asks before usage past a budget’s limit', () => {
  const caller: CallerContext = { keyId: 'k1', userId: 'u1', role: 'developer', tenant: 'user-u1' };
  const signal = new AbortController().signal;
  const args = {
    operation_id: 'op-1',
    model: 'gpt-4o',
    input_tokens: 100_000,
    output_tokens: 0,
    operation_type: 'completion',
  };
  let cost: StubCost;
  let tool: TrackTokenUsageTool;

  beforeEach(() => {
    cost = new StubCost();
    tool = new TrackTokenUsageTool(cost);
  });

  it('is asked under the budgets’ policy, whatever the key says about destructive calls', () => {
    expect(tool.confirmationPolicy).toBe('budget_overruns');
  });

  it('asks the question cost-accounting’s preview calls for, for the caller of the claim', async () => {
    cost.answer = {
      costUsd: '0.25',
      overruns: [
        {
          id: 'b1',
          scope: 'key',
          subjectId: 'k1',
          monthlyLimitUsd: '1',
          blockWhenExceeded: false,
          confirmOverrun: true,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          spentUsd: '0.9',
          percentUsed: 90,
          exceeded: false,
        },
      ],
    };
    await expect(tool.confirmation(args, { callerClaim: 'claim', signal })).resolves.toBe(
      'Recording this usage ($0.25) takes the key’s monthly budget past its limit: $0.90 of $1.00 spent. Record it anyway?',
    );
    expect(cost.previews).toEqual([
      { claim: 'claim', usage: { operationId: 'op-1', model: 'gpt-4o', inputTokens: 100_000, outputTokens: 0 } },
    ]);
    expect(cost.recorded).toEqual([]);
  });

  it('asks nothing when the preview names no budget', async () => {
    await expect(tool.confirmation(args, { callerClaim: 'claim', signal })).resolves.toBeUndefined();
  });

  it.each([
    new DomainError('dependency_unavailable', 'cost-accounting is unreachable (ECONNREFUSED)'),
    new DomainError('deadline_exceeded', 'cost-accounting did not answer within 5000 ms'),
  ])('fails closed with a dependency error when cost-accounting cannot say (%s)', async (failure) => {
    cost.answer = failure;
    const refusal = tool.confirmation(args, { callerClaim: 'claim', signal });
    await expect(refusal).rejects.toMatchObject({
      code: 'dependency_unavailable',
      message: expect.stringMatching(/^Nothing was recorded: cannot check whether this usage takes a budget past/),
    });
    await expect(refusal).rejects.toThrow(failure.message);
  });

  it('passes any other refusal through as it is', async () => {
    cost.answer = new DomainError('invalid_caller_claim', 'the caller claim has expired');
    await expect(tool.confirmation(args, { callerClaim: 'claim', signal })).rejects.toMatchObject({
      code: 'invalid_caller_claim',
    });
  });

  it('records a confirmed call as the person’s confirmed overrun, and says so', async () => {
    const outcome = await tool.execute(args, { caller, callerClaim: 'claim', signal, confirmed: true });
    expect(cost.recorded).toEqual([expect.objectContaining({ operationId: 'op-1', overrunConfirmed: true })]);
    expect(outcome).toMatchObject({ text: expect.stringContaining('past the budget’s limit as you confirmed') });
    await tool.execute({ ...args, operation_id: 'op-2' }, { caller, callerClaim: 'claim', signal });
    expect(cost.recorded[1]).toMatchObject({ operationId: 'op-2', overrunConfirmed: false });
  });
});
