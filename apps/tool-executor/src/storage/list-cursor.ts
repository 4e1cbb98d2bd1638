import { DomainError } from '@lfc/common';

/**
 * Listing cursors of both drivers: the last key (or common prefix) of the previous page, so a page
 * starts strictly after it. Opaque to callers; a cursor that does not lie under the listed prefix
 * is refused, so it can never point a listing elsewhere.
 */
export function encodeCursor(lastEntry: string): string {
  return Buffer.from(lastEntry, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, prefix: string): string {
  const entry = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor.length === 0 || encodeCursor(entry) !== cursor || !entry.startsWith(prefix)) {
    throw new DomainError('validation_failed', 'cursor is not one this listing returned');
  }
  return entry;
}
