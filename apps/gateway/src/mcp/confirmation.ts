import { ConfirmationPolicy, ConfirmationPolicySchema, ToolCallResult } from '@lfc/contracts';
import { z } from 'zod';

/** What a tool asks before a call (its `confirmation_required`), of which call, and whose policy asks. */
export interface ConfirmationQuestion {
  tool: string;
  arguments: Record<string, unknown>;
  message: string;
  policy: ConfirmationPolicy;
}

/**
 * The policy a `confirmation_required` names in its details; an executor that predates the field
 * asked only for destructive calls.
 */
export function policyOf(details: Record<string, unknown> | undefined): ConfirmationPolicy {
  const policy = ConfirmationPolicySchema.safeParse(details?.policy);
  return policy.success ? policy.data : 'destructive_calls';
}

/** Why the person is asked, and what else a caller who cannot be asked may do, by policy. */
const ASKED_BECAUSE: Record<ConfirmationPolicy, { reason: string; otherwise: string }> = {
  destructive_calls: {
    reason: 'this API key asks before destructive calls',
    otherwise: 'or a key whose confirmDestructiveCalls setting is off',
  },
  budget_overruns: {
    reason: 'a monthly budget of this key or user asks before usage takes it past its limit',
    otherwise: 'or ask an admin to raise the budget or turn its confirmOverrun setting off',
  },
};

/** Why `question` is put to the person, for a refusal that cannot put it. */
export function askedBecause(question: ConfirmationQuestion): string {
  return ASKED_BECAUSE[question.policy].reason;
}

/** MCP 2026-07-28's answer that ends a request until the client retries with the person's input. */
export interface InputRequiredResult extends Record<string, unknown> {
  resultType: 'input_required';
  inputRequests: Record<string, { method: 'elicitation/create'; params: Record<string, unknown> }>;
  requestState: string;
}

/**
 * The person's answer, or what this request answers instead of running the call (2026-07-28's
 * `input_required`, or a tool error when nobody can be asked).
 */
export type ConfirmationOutcome = { confirmed: boolean } | { answer: ToolCallResult | InputRequiredResult };

/** How a transport puts a tool's question to the person. Without one (the HTTP facade) the question is the answer. */
export interface ConfirmationChannel {
  /**
   * The request already carries the person's answer to this very call (a 2026-07-28 retry whose state
   * checked out): true runs it confirmed, false answers that it was not confirmed without running it.
   */
  readonly confirmed?: boolean;
  ask(question: ConfirmationQuestion, signal: AbortSignal): Promise<ConfirmationOutcome>;
}

/** The key of the one input request, and of the one form field, a confirmation asks for. */
export const CONFIRM_INPUT = 'confirm';

/** `elicitation/create` params of a yes/no form; `mode` only where the revision knows it (2025-11-25 on). */
export function confirmationForm(message: string, withMode: boolean): Record<string, unknown> {
  return {
    ...(withMode ? { mode: 'form' } : {}),
    message,
    requestedSchema: {
      type: 'object',
      properties: {
        [CONFIRM_INPUT]: {
          type: 'boolean',
          title: 'Confirm',
          description: 'Run this call? Leave unticked, decline or cancel to leave everything as it is.',
        },
      },
      required: [CONFIRM_INPUT],
    },
  };
}

const ElicitResultSchema = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.unknown()).optional(),
});

/**
 * What an elicitation result says: true only for `accept` with `confirm: true`, false for any other
 * well-formed answer, undefined when there is no well-formed answer at all.
 */
export function confirmedBy(result: unknown): boolean | undefined {
  const parsed = ElicitResultSchema.safeParse(result);
  if (!parsed.success) return undefined;
  return parsed.data.action === 'accept' && parsed.data.content?.[CONFIRM_INPUT] === true;
}

/** Whether client capabilities admit a form elicitation (`elicitation: {}` means form, as the revisions say). */
export function admitsFormElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: unknown } | undefined)?.elicitation;
  if (typeof elicitation !== 'object' || elicitation === null || Array.isArray(elicitation)) return false;
  return 'form' in elicitation || !('url' in elicitation);
}

function toolError(text: string): ToolCallResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The answer to a call the person did not confirm; said alike for every policy (a 2026-07-28 retry names none). */
export function notConfirmed(tool: string): ToolCallResult {
  return toolError(`${tool} was not run: the call was not confirmed. Nothing was changed or recorded.`);
}

/** For clients that cannot show a question: the call is refused with a tool error that says how to proceed. */
export const CANNOT_ASK: ConfirmationChannel = {
  ask: async (question) => ({
    answer: toolError(
      `${question.tool} needs your confirmation first ("${question.message}"): ${askedBecause(question)}, and this ` +
        'client cannot show a confirmation (it did not declare the MCP elicitation capability). Nothing was changed ' +
        `or recorded. Use a client that supports elicitation, ${ASKED_BECAUSE[question.policy].otherwise}.`,
    ),
  }),
};
