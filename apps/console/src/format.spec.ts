import { formatCountOf, sumUsd } from './format';

describe('sumUsd', () => {
  it('adds decimal amounts exactly, where doubles would drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumUsd(['0.1', '0.2'])).toBe('0.3');
    expect(sumUsd(['0.000000000001', '0.000000000002'])).toBe('0.000000000003');
  });

  it('carries whole dollars and drops trailing zeros', () => {
    expect(sumUsd(['999999999999.5', '0.5'])).toBe('1000000000000');
    expect(sumUsd(['12', '0.25', '3.750'])).toBe('16');
  });

  it('is 0 for nothing', () => {
    expect(sumUsd([])).toBe('0');
  });
});

describe('formatCountOf', () => {
  it('names one thing in the singular and every other count in the plural', () => {
    expect(formatCountOf(1, 'record')).toBe('1 record');
    expect(formatCountOf(0, 'record')).toBe('0 records');
    expect(formatCountOf(1200, 'writer')).toMatch(/^1.200 writers$/);
  });
});
