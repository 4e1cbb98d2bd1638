/**
 * Exact money arithmetic on decimal strings. Amounts become BigInt counts of a fixed fraction of a
 * dollar and back, so 0.1 + 0.2 is 0.3 and a million small calls add up to the cent; a JS number
 * is only ever made for Prometheus, which stores floats anyway.
 */

/** Scale of prices: USD per million tokens with at most 6 decimals. */
export const PRICE_SCALE = 6;
/** Scale of costs: tokens × (price at scale 6) / 1e6 has at most 12 decimals. */
export const COST_SCALE = 12;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** `"2.5"` at scale 6 → 2500000n. Refuses more decimals than the scale instead of rounding. */
export function toUnits(amount: string, scale: number): bigint {
  const match = DECIMAL.exec(amount);
  if (!match) throw new RangeError(`not a non-negative decimal: ${amount}`);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) throw new RangeError(`${amount} has more than ${scale} decimals`);
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
}

/** 2500000n at scale 6 → `"2.5"`: no trailing zeros, no exponent. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A numeric column's text (`"12.500000000000"`) in the canonical form the APIs return (`"12.5"`). */
export function canonicalDecimal(text: string): string {
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '' || trimmed === '-' ? '0' : trimmed;
}

/** Cost of `tokens` at `usdPerMillion`, exact: tokens × price / 1e6. */
export function tokenCost(tokens: number, usdPerMillion: string): string {
  return fromUnits(tokenCostUnits(tokens, usdPerMillion), COST_SCALE);
}

/** The same cost as an integer count of 1e-12 USD (price units at scale 6 × tokens). */
export function tokenCostUnits(tokens: number, usdPerMillion: string): bigint {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`not a token count: ${tokens}`);
  return BigInt(tokens) * toUnits(usdPerMillion, PRICE_SCALE);
}
