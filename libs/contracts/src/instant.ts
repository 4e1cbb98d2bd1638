import { z } from 'zod';

/**
 * An instant PostgreSQL accepts: ISO 8601 (UTC, or with an offset when allowed), year 0001 or later
 * (zod lets year 0000 through, and PostgreSQL refuses it).
 */
export const isoInstant = (options: { offset?: boolean } = {}) =>
  z.iso.datetime(options).refine((value) => !value.startsWith('0000'), 'must be in year 0001 or later');
