/** How the report pages write numbers, money and times: in the browser's locale, times in UTC. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** `1 record`, `3 records`: a count and its noun, in the plural unless it is one. */
export function formatCountOf(value: number, noun: string): string {
  return `${formatCount(value)} ${value === 1 ? noun : `${noun}s`}`;
}

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '–' : percent.format(part / whole);
}

export function formatMs(value: number | null): string {
  if (value === null) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** Money arrives as a decimal string (`"0.000125"`); shown with cents, or more digits when it is below a cent. */
export function formatUsd(amount: string | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 6 : 2;
  return `$${value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: digits })}`;
}

const USD_SCALE = 12;

/**
 * The exact sum of decimal amounts (the contracts allow at most 12 decimals): added as integers of
 * 10⁻¹² dollars, so a total never drifts the way adding doubles does.
 */
export function sumUsd(amounts: readonly string[]): string {
  let total = 0n;
  for (const amount of amounts) {
    const [whole = '0', fraction = ''] = amount.split('.');
    total += BigInt(whole) * 10n ** BigInt(USD_SCALE) + BigInt(fraction.padEnd(USD_SCALE, '0').slice(0, USD_SCALE));
  }
  const text = total.toString().padStart(USD_SCALE + 1, '0');
  const whole = text.slice(0, -USD_SCALE);
  const fraction = text.slice(-USD_SCALE).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

const hour = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const shortMoment = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A bucket's label: its hour for hourly reports, its day otherwise (buckets are cut in UTC). */
export function formatBucket(start: string, bucketSeconds: number): string {
  const date = new Date(start);
  return bucketSeconds < 86_400 ? `${hour.format(date)} UTC` : day.format(date);
}

/** The bucket as a screen reader and the data table say it, without abbreviation. */
export function describeBucket(start: string, bucketSeconds: number): string {
  const date = new Date(start);
  if (bucketSeconds < 86_400) {
    return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
  }
  return date.toISOString().slice(0, 10);
}

/** An instant in the person's own time zone. */
export function formatMoment(instant: string): string {
  return moment.format(new Date(instant));
}

/** An instant in the person's own time zone, short enough for a table row. */
export function formatShortMoment(instant: string): string {
  return shortMoment.format(new Date(instant));
}
