/** Epoch milliseconds; injected so time-dependent rules are tested without waiting. */
export type Clock = () => number;

export const CLOCK = Symbol('CLOCK');
