import { csvCell, csvDocument } from './csv';

describe('csvCell', () => {
  it('quotes every value and doubles quotes inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then leave')).toBe('"say ""hi"", then leave"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(42)).toBe('"42"');
  });

  it('writes null and undefined as empty cells', () => {
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
  });

  it.each([
    ['=', '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+', '+1', '"\'+1"'],
    ['-', '-2+3', '"\'-2+3"'],
    ['@', '@SUM(A1)', '"\'@SUM(A1)"'],
    ['TAB', '\t=1+1', '"\'\t=1+1"'],
    ['CR', '\r=1+1', '"\'\r=1+1"'],
  ])('neutralises a leading %s, which a spreadsheet would run as a formula', (_name, formula, cell) => {
    expect(csvCell(formula)).toBe(cell);
  });

  it('leaves the same characters alone when they do not lead', () => {
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell('a\tb\r')).toBe('"a\tb\r"');
    expect(csvCell(' =1')).toBe('" =1"');
  });
});

describe('csvDocument', () => {
  it('writes a header of column names, then one line per row in column order', () => {
    const rows = [
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ];
    expect(csvDocument<{ a: number; b: string | null }>(['b', 'a'], rows)).toBe('b,a\n"x","1"\n"","2"\n');
    expect(csvDocument<{ a: number }>(['a'], [])).toBe('a\n');
  });
});
