import { scopeMatcher } from './scope-matcher';

describe('scopeMatcher', () => {
  it('allows everything with *', () => {
    expect(scopeMatcher(['*'])('anything')).toBe(true);
  });

  it('matches globs over tool names and nothing else', () => {
    const allowed = scopeMatcher(['read_*', 'ping', 'get_?ystem_status']);
    expect(allowed('read_file')).toBe(true);
    expect(allowed('ping')).toBe(true);
    expect(allowed('get_system_status')).toBe(true);
    expect(allowed('write_file')).toBe(false);
    expect(allowed('xping')).toBe(false);
  });

  it('treats regex characters in scopes literally', () => {
    expect(scopeMatcher(['a.b'])('axb')).toBe(false);
    expect(scopeMatcher([])('ping')).toBe(false);
  });
});
