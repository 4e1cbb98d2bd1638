import { DomainError } from '@lfc/common';
import type { ByteRange } from './blob-store';

/**
 * The inclusive byte positions a range covers in an object of `size` bytes, the end clamped to the
 * object's last byte, as HTTP and S3 do. `undefined` end with `start: 0` on an empty object reads
 * nothing; any other start at or past the end is refused.
 */
export function resolveRange(size: number, range: ByteRange | undefined): { start: number; end: number } {
  if (!range) return { start: 0, end: size - 1 };
  if (!Number.isSafeInteger(range.start) || range.start < 0)
    throw new DomainError('validation_failed', 'range.start must be a non-negative integer');
  if (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < range.start)) {
    throw new DomainError('validation_failed', 'range.end must be an integer not smaller than range.start');
  }
  if (range.start === 0 && size === 0) return { start: 0, end: -1 };
  if (range.start >= size) {
    throw new DomainError('validation_failed', `range starts at byte ${range.start} but the file has ${size} bytes`);
  }
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** Compares keys by their UTF-8 bytes, the order S3 lists in (UTF-16 order differs above U+FFFF). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
