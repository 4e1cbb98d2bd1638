export const SERVICE_NAMES = ['gateway', 'tool-executor', 'auth', 'cost-accounting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Header carrying the short-lived signed token of the calling service. */
export const SERVICE_TOKEN_HEADER = 'x-lfc-service-token';
