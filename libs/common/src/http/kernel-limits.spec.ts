import { MIN_OPEN_FILES, kernelLimitWarnings, parseOpenFilesLimit, readKernelLimits } from './kernel-limits';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('kernel limits', () => {
  it('reads the soft open-files limit of /proc/self/limits', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(1024);
    expect(parseOpenFilesLimit(LIMITS.replace('1024      ', 'unlimited '))).toBe(Number.POSITIVE_INFINITY);
    expect(parseOpenFilesLimit('Max cpu time unlimited unlimited seconds\n')).toBeUndefined();
  });

  it("reads this machine's limits, where Linux shows them", () => {
    const limits = readKernelLimits();
    if (process.platform !== 'linux') return;
    expect(limits.somaxconn).toBeGreaterThan(0);
    expect(limits.openFiles).toBeGreaterThan(0);
  });

  it('warns when somaxconn would cap the backlog, naming both figures', () => {
    const [warning, ...others] = kernelLimitWarnings(4096, { somaxconn: 128, openFiles: 1_048_576 });
    expect(others).toEqual([]);
    expect(warning).toMatch(/net\.core\.somaxconn is 128, below LFC_HTTP_LISTEN_BACKLOG \(4096\)/);
    expect(warning).toMatch(/sysctl -w net\.core\.somaxconn=4096/);
  });

  it('warns when too few file descriptors are allowed for the connections the backlog admits', () => {
    expect(kernelLimitWarnings(4096, { somaxconn: 4096, openFiles: 1024 })).toEqual([
      expect.stringMatching(/open-files limit is 1024, below 8192: .*ulimit -Hn/),
    ]);
    expect(kernelLimitWarnings(8192, { somaxconn: 8192, openFiles: 10_000 })).toEqual([
      expect.stringMatching(/below 16384/),
    ]);
  });

  it('says nothing when both suffice, or when the kernel does not tell', () => {
    expect(kernelLimitWarnings(4096, { somaxconn: 4096, openFiles: MIN_OPEN_FILES })).toEqual([]);
    expect(kernelLimitWarnings(4096, { somaxconn: undefined, openFiles: undefined })).toEqual([]);
  });
});
