export const SERVICE_NAMES = ['gateway', 'tool-executor', 'auth', 'cost-accounting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Header carrying the short-lived signed token of the calling service. */
export const SERVICE_TOKEN_HEADER = 'x-lfc-service-token';

/**
 * Header carrying the end user's identity on an internal call made for them: a claim the gateway
 * signs (it alone authenticates end users for tool calls), forwarded unchanged by the services in
 * between. Receivers take the caller from it, never from the body (ADR 007).
 */
export const CALLER_CLAIM_HEADER = 'x-lfc-caller';
/** The only service whose caller claims are believed. */
export const CALLER_CLAIM_ISSUER: ServiceName = 'gateway';
