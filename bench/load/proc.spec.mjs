import { cpuSecondsOf, openFileLimitOf, rssKbOf, tcpExtCountersOf } from './proc.mjs';

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

  it('reads the TcpExt counters by name, and refuses a text without them', () => {
    const netstat =
      'TcpExt: SyncookiesSent ListenOverflows ListenDrops\n' +
      'TcpExt: 0 17 19\n' +
      'IpExt: InNoRoutes InTruncatedPkts\n' +
      'IpExt: 0 0\n';
    expect(tcpExtCountersOf(netstat)).toEqual({ SyncookiesSent: 0, ListenOverflows: 17, ListenDrops: 19 });
    expect(() => tcpExtCountersOf('IpExt: InNoRoutes\nIpExt: 0\n')).toThrow('no TcpExt lines');
  });
});
