import { API_KEY_PATTERN } from '@lfc/contracts';
import { generateApiKey, hashApiKey, hashesEqual } from './api-key-secret';

describe('api key secrets', () => {
  it('generates lfc_ keys of 32 random bytes with their SHA-256', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.key).toMatch(API_KEY_PATTERN);
    expect(first.key).not.toBe(second.key);
    expect(first.hash).toBe(hashApiKey(first.key));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.prefix).toBe(first.key.slice(0, 12));
  });

  it('compares hashes in constant time and by value', () => {
    const { hash } = generateApiKey();
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, generateApiKey().hash)).toBe(false);
    expect(hashesEqual(hash, 'abcd')).toBe(false);
  });
});
