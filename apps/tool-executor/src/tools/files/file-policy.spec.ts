import fc from 'fast-check';
import { jsonStringBytes } from './file-policy';

describe('jsonStringBytes', () => {
  it('is the UTF-8 length of the text as a JSON string, quotes left out, for any bytes of valid UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        const json = JSON.stringify(bytes.toString('utf8'));
        expect(jsonStringBytes(bytes)).toBe(Buffer.byteLength(json) - 2);
      }),
      { numRuns: 500 },
    );
  });

  it('counts 6 bytes for a control character, 2 for the short escapes, quotes and backslashes', () => {
    expect(jsonStringBytes(Buffer.from([0x01, 0x0b, 0x1f]))).toBe(18);
    expect(jsonStringBytes(Buffer.from('\b\t\n\f\r"\\'))).toBe(14);
    expect(jsonStringBytes(Buffer.from('plain é'))).toBe(8);
  });
});
