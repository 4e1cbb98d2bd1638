import { SqlFilter } from './sql-filter';

describe('SqlFilter', () => {
  it('numbers placeholders across conditions and later parameters', () => {
    const filter = new SqlFilter().where('a = ?', 1).where('(b, c) < (?::timestamptz, ?::uuid)', 't', 'u');
    const limit = filter.param(10);
    expect(`${filter.clause} LIMIT ${limit}`).toBe('WHERE a = $1 AND (b, c) < ($2::timestamptz, $3::uuid) LIMIT $4');
    expect(filter.params).toEqual([1, 't', 'u', 10]);
  });

  it('is empty without conditions', () => {
    const filter = new SqlFilter();
    expect(filter.clause).toBe('');
    expect(filter.param('x')).toBe('$1');
  });

  it('refuses a condition whose placeholders and values do not match', () => {
    expect(() => new SqlFilter().where('a = ? AND b = ?', 1)).toThrow('2 placeholders but 1 values');
  });
});
