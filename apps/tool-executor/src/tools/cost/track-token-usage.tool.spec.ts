import { DomainError } from '@lfc/common';
import type { CallerContext, RecordUsageResponse, UsagePreview } from '@lfc/contracts';
import type { InternalHttpClient } from '@lfc/internal-http';
import { CostClient, UsageReport } from '../../downstream/cost.client';
import { TrackTokenUsageTool } from './track-token-usage.tool';

/** cost-accounting as the tool sees it: each usage it was sent, answered with a record or a failure. */
class StubCost extends CostClient {
  refusal: Error | undefined;
  readonly sent: Array<{ claim: string | undefined; usage: UsageReport }> = [];

  constructor() {
    super(undefined as unknown as InternalHttpClient);
  }

  override async recordUsage(claim: string | undefined, usage: UsageReport): Promise<RecordUsageResponse> {
    this.sent.push({ claim, usage });
    if (this.refusal && usage.overrunConfirmed !== true) throw this.refusal;
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

  const preview: UsagePreview = {
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

  it('asks the question cost-accounting’s refusal to record unasked calls for, and records on a yes', async () => {
    cost.refusal = new DomainError('confirmation_required', 'recording this usage takes a budget…', { preview });
    await expect(tool.execute(args, { caller, callerClaim: 'claim', signal })).rejects.toMatchObject({
      code: 'confirmation_required',
      message:
        'Recording this usage ($0.25) takes the key’s monthly budget past its limit: $0.90 of $1.00 spent. Record it anyway?',
      details: { tool: 'track_token_usage', policy: 'budget_overruns' },
    });
    expect(cost.sent).toEqual([
      {
        claim: 'claim',
        usage: {
          operationId: 'op-1',
          model: 'gpt-4o',
          inputTokens: 100_000,
          outputTokens: 0,
          operationType: 'completion',
          overrunConfirmed: false,
        },
      },
    ]);
    await expect(tool.execute(args, { caller, callerClaim: 'claim', signal, confirmed: true })).resolves.toMatchObject({
      structured: { created: true, record: { overrunConfirmed: true } },
    });
  });

  it('fails closed when cost-accounting asks for a yes without saying for what', async () => {
    cost.refusal = new DomainError('confirmation_required', 'no preview', { preview: { costUsd: 'lots' } });
    await expect(tool.execute(args, { caller, callerClaim: 'claim', signal })).rejects.toMatchObject({
      code: 'dependency_unavailable',
      message: expect.stringContaining('cost-accounting asked for a confirmation it did not explain'),
    });
  });

  it.each([
    new DomainError('dependency_unavailable', 'cost-accounting is unreachable (ECONNREFUSED)'),
    new DomainError('deadline_exceeded', 'cost-accounting did not answer within 5000 ms'),
  ])('says a retry with the same operation is safe when cost-accounting is away or late (%s)', async (failure) => {
    cost.refusal = failure;
    await expect(tool.execute(args, { caller, callerClaim: 'claim', signal })).rejects.toMatchObject({
      code: failure.code,
      message: `The usage may not be recorded (${failure.message}). Retry with the same operation_id: it never counts twice.`,
    });
  });

  it('passes any other refusal through as it is', async () => {
    const failure = new DomainError('invalid_caller_claim', 'the caller claim has expired');
    cost.refusal = failure;
    await expect(tool.execute(args, { caller, callerClaim: 'claim', signal })).rejects.toBe(failure);
  });

  it('records a confirmed call as the person’s confirmed overrun, and says so', async () => {
    const outcome = await tool.execute(args, { caller, callerClaim: 'claim', signal, confirmed: true });
    expect(cost.sent.map(({ usage }) => usage)).toEqual([
      expect.objectContaining({ operationId: 'op-1', overrunConfirmed: true }),
    ]);
    expect(outcome).toMatchObject({ text: expect.stringContaining('past the budget’s limit as you confirmed') });
    await tool.execute({ ...args, operation_id: 'op-2' }, { caller, callerClaim: 'claim', signal });
    expect(cost.sent[1]?.usage).toMatchObject({ operationId: 'op-2', overrunConfirmed: false });
  });
});
