import { canonicalDecimal, fromUnits, toUnits, tokenCost } from './money';

describe('money', () => {
  it('prices tokens exactly, however small the amount', () => {
    expect(tokenCost(1, '0.075')).toBe('0.000000075');
    expect(tokenCost(1_000_000, '2.50')).toBe('2.5');
    expect(tokenCost(0, '15')).toBe('0');
    expect(tokenCost(1_000_000_000, '75')).toBe('75000');
  });

  it('adds amounts without float drift', () => {
    const sum = toUnits('0.1', 12) + toUnits('0.2', 12);
    expect(fromUnits(sum, 12)).toBe('0.3');
  });

  it('refuses more decimals than the scale instead of rounding', () => {
    expect(() => toUnits('0.0000001', 6)).toThrow(RangeError);
    expect(() => toUnits('-1', 6)).toThrow(RangeError);
    expect(toUnits('1.500000000', 6)).toBe(1_500_000n);
  });

  it('renders numeric column text canonically', () => {
    expect(canonicalDecimal('12.500000000000')).toBe('12.5');
    expect(canonicalDecimal('0.000000000000')).toBe('0');
    expect(canonicalDecimal('7')).toBe('7');
    expect(canonicalDecimal('10.000000')).toBe('10');
  });
});
