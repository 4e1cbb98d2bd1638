import { readFileSync } from 'node:fs';

/** What the kernel allows this process, where it can be read (Linux); `undefined` where it cannot. */
export interface KernelLimits {
  /** net.core.somaxconn of this network namespace: the kernel caps every listen backlog at it. */
  somaxconn: number | undefined;
  /** The soft limit of open file descriptors (Node raises it to the hard limit as it starts). */
  openFiles: number | undefined;
}

/**
 * Descriptors below which a service warns: the plan's 2,000-connection peak on one gateway holds a
 * descriptor per client connection, about as many towards the executor and the stores under load,
 * and files; and a full accept queue must fit twice over.
 */
export const MIN_OPEN_FILES = 8192;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The soft `Max open files` of /proc/self/limits (`unlimited` is Infinity). */
export function parseOpenFilesLimit(limits: string): number | undefined {
  const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined) return undefined;
  if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(soft);
  return Number.isInteger(value) ? value : undefined;
}

export function readKernelLimits(): KernelLimits {
  const somaxconn = Number(readText('/proc/sys/net/core/somaxconn')?.trim());
  const limits = readText('/proc/self/limits');
  return {
    somaxconn: Number.isInteger(somaxconn) && somaxconn > 0 ? somaxconn : undefined,
    openFiles: limits === undefined ? undefined : parseOpenFilesLimit(limits),
  };
}

/**
 * What an operator should raise before a load peak, one sentence each: neither stops the service,
 * which runs with what it has (a smaller backlog drops connection attempts in bursts; too few
 * descriptors refuse connections with EMFILE).
 */
export function kernelLimitWarnings(backlog: number, limits: KernelLimits): string[] {
  const warnings: string[] = [];
  if (limits.somaxconn !== undefined && limits.somaxconn < backlog) {
    warnings.push(
      `net.core.somaxconn is ${limits.somaxconn}, below LFC_HTTP_LISTEN_BACKLOG (${backlog}): the kernel caps the listen backlog at ${limits.somaxconn}, ` +
        `so bursts of new connections are dropped and retried by clients after 1 s; raise it (sysctl -w net.core.somaxconn=${backlog}; in Kubernetes the chart's sysctls.somaxconn)`,
    );
  }
  const wanted = Math.max(MIN_OPEN_FILES, 2 * backlog);
  if (limits.openFiles !== undefined && limits.openFiles < wanted) {
    warnings.push(
      `the open-files limit is ${limits.openFiles}, below ${wanted}: connections past it are refused (EMFILE); ` +
        `raise the hard limit (ulimit -Hn, systemd LimitNOFILE, docker run --ulimit nofile=${wanted}:${wanted}), which Node takes as its soft limit`,
    );
  }
  return warnings;
}
