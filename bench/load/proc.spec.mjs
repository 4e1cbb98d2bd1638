import { cpuSecondsOf, openFileLimitOf, rssKbOf } from './proc.mjs';

describe('/proc parsing', () => {
  it('adds utime and stime after a command name with spaces and parentheses', () => {
    const stat = '4242 (node (gate way)) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 11 0 5000 1 2';
    expect(cpuSecondsOf(stat)).toBeCloseTo(18.01);
  });

  it('reads VmRSS in kB, and nothing from a process without memory', () => {
    expect(rssKbOf('Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n')).toBe(123456);
    expect(rssKbOf('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
  });

  it('reads the soft open-file limit', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
      'Max processes             63704                63704                processes \n' +
      'Max open files            20000                524288               files     \n';
    expect(openFileLimitOf(limits)).toBe(20000);
    expect(openFileLimitOf('Max open files            unlimited            unlimited            files\n')).toBe(
      Infinity,
    );
  });
});
