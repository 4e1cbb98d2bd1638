import { DomainError } from '@lfc/common';
import { extname } from 'node:path/posix';

/** Limits and allow-list of the file tools, from the executor's configuration. */
export interface FileLimits {
  inlineMaxBytes: number;
  uploadMaxBytes: number;
  /** Allowed media types, lower case; `type/*` allows a whole family. */
  contentTypes: readonly string[];
}

const MEDIA_TYPE = /^([a-z0-9][a-z0-9!#$&^_.+-]*)\/([a-z0-9][a-z0-9!#$&^_.+-]*)$/;
// Parameters such as `charset=utf-8`: printable ASCII only, so a content type can never smuggle a
// header line into a signed request.
const PARAMETER = /^[a-z0-9!#$&^_.+-]+=("[\u0020-\u007e]*"|[a-z0-9!#$&^_.+-]+)$/i;

const TYPE_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/x-typescript',
  '.py': 'text/x-python',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/**
 * Lower-cases a content type and checks its syntax; `text/plain; charset=UTF-8` becomes
 * `text/plain; charset=utf-8`. Refuses anything that is not `type/subtype[; name=value]*`.
 */
export function normaliseContentType(value: string, field = 'content_type'): string {
  const [mediaType = '', ...parameters] = value.split(';').map((part) => part.trim());
  const essence = mediaType.toLowerCase();
  if (!MEDIA_TYPE.test(essence))
    throw new DomainError('validation_failed', `${field} must look like type/subtype, got ${JSON.stringify(value)}`);
  for (const parameter of parameters) {
    if (!PARAMETER.test(parameter))
      throw new DomainError('validation_failed', `${field} has a malformed parameter ${JSON.stringify(parameter)}`);
  }
  return [essence, ...parameters.map((parameter) => parameter.toLowerCase())].join('; ');
}

/** Throws `unsupported_media_type` unless the (normalised) content type is on the allow-list. */
export function assertContentTypeAllowed(contentType: string, limits: FileLimits, field = 'content_type'): void {
  const essence = contentType.split(';', 1)[0] ?? '';
  const family = `${essence.split('/', 1)[0] ?? ''}/*`;
  if (!limits.contentTypes.includes(essence) && !limits.contentTypes.includes(family)) {
    throw new DomainError(
      'unsupported_media_type',
      `${field} ${essence} is not allowed here; allowed: ${limits.contentTypes.join(', ')}`,
    );
  }
}

/** The content type to store when the caller gives none: from the extension, else from the encoding. */
export function guessContentType(path: string, encoding: 'utf8' | 'base64'): string {
  const known = TYPE_BY_EXTENSION[extname(path).toLowerCase()];
  if (known) return known.startsWith('text/') ? `${known}; charset=utf-8` : known;
  return encoding === 'utf8' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

export function assertInlineSize(bytes: number, limits: FileLimits, what: string): void {
  if (bytes > limits.inlineMaxBytes) {
    throw new DomainError(
      'payload_too_large',
      `${what} is ${bytes} bytes; at most ${limits.inlineMaxBytes} bytes pass through a tool call (use presign_upload/presign_download or stream_files for larger files)`,
    );
  }
}

/**
 * The bytes of `bytes`, read as UTF-8 text, once written as a JSON string: a control character takes
 * 6 (`\u0001`), a quote, a backslash and the short escapes 2. What a read sends is what the inline
 * limit must bound: 7 MiB of control bytes were an 88 MB answer.
 */
export function jsonStringBytes(bytes: Buffer): number {
  let total = bytes.length;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if (byte >= 0x20 && byte !== 0x22 && byte !== 0x5c) continue;
    const shortEscape = byte === 0x22 || byte === 0x5c || (byte >= 0x08 && byte <= 0x0d && byte !== 0x0b);
    total += shortEscape ? 1 : 5;
  }
  return total;
}

/** Refuses text whose JSON form (see `jsonStringBytes`) is over the inline limit, pointing at base64. */
export function assertInlineText(bytes: Buffer, limits: FileLimits, what: string): void {
  // Six bytes per byte at most: most reads are decided without looking at each byte.
  if (bytes.length * 6 <= limits.inlineMaxBytes) return;
  const sent = jsonStringBytes(bytes);
  if (sent > limits.inlineMaxBytes) {
    throw new DomainError(
      'payload_too_large',
      `${what} takes ${sent} bytes as JSON text (control characters take 6 bytes each); at most ${limits.inlineMaxBytes} pass through a tool call: read it with encoding "base64" or a smaller range`,
    );
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Content argument as bytes; base64 is checked strictly so a typo is an error, not silent garbage. */
export function decodeContent(content: string, encoding: 'utf8' | 'base64'): Buffer {
  if (encoding === 'utf8') return Buffer.from(content, 'utf8');
  const compact = content.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new DomainError('validation_failed', 'content is not valid base64 (standard alphabet, padded)');
  }
  return Buffer.from(compact, 'base64');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as the requested encoding; refuses to turn bytes that are not UTF-8 into replacement characters. */
export function encodeContent(bytes: Buffer, encoding: 'utf8' | 'base64'): string {
  if (encoding === 'base64') return bytes.toString('base64');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new DomainError(
      'validation_failed',
      'the file (or this range of it) is not valid UTF-8; read it with encoding "base64"',
    );
  }
}

/** Length of the longest prefix of `bytes` that ends on a UTF-8 character boundary. */
export function utf8BoundaryLength(bytes: Buffer): number {
  // Look back at most three bytes for the lead byte of an unfinished sequence.
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
