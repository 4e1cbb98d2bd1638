// What /proc says about the suite's processes during a load run: CPU time and resident memory,
// sampled once a second, and the open-file limit that bounds how many connections one process holds.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux; bench/lib.mjs assumes the same). */
const TICKS_PER_SECOND = 100;

/** utime + stime (fields 14 and 15, all threads) of a /proc/<pid>/stat line, in seconds. */
export function cpuSecondsOf(stat) {
  // The command name (field 2) may hold spaces and parentheses; fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** VmRSS of a /proc/<pid>/status text, in kB; undefined when absent (a zombie has none). */
export function rssKbOf(status) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The soft "Max open files" of a /proc/<pid>/limits text (Infinity for unlimited). */
export function openFileLimitOf(limits) {
  const match = /^Max open files\s+(\S+)/m.exec(limits);
  if (!match) throw new Error('no "Max open files" line in the limits');
  return match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

/** This process's open-file limit (`ulimit -n`). */
export function openFileLimit() {
  return openFileLimitOf(readFileSync('/proc/self/limits', 'utf8'));
}

/** A kernel setting from /proc/sys (e.g. net/core/somaxconn), or undefined when unreadable. */
export function kernelSetting(name) {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The TcpExt counters of a /proc/net/netstat text (a line of names, then a line of values), by name.
 * ListenDrops counts the connection attempts a listening socket dropped (a full accept queue among
 * them): each one is a client that waits for its SYN's retransmission, 1 s and then 2 s, 4 s … later.
 */
export function tcpExtCountersOf(netstat) {
  const [names, values] = netstat.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (!names || !values) throw new Error('no TcpExt lines in the netstat text');
  const keys = names.split(/\s+/).slice(1);
  const numbers = values.split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(keys.map((key, index) => [key, numbers[index]]));
}

/** The network namespace's dropped connection attempts so far (loopback included), or undefined when unreadable. */
export function listenDrops() {
  try {
    return tcpExtCountersOf(readFileSync('/proc/net/netstat', 'utf8')).ListenDrops;
  } catch {
    return undefined;
  }
}

/** Whether a process still runs. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function read(pid) {
  try {
    return {
      cpu: cpuSecondsOf(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      rssKb: rssKbOf(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined; // The process has ended.
  }
}

/**
 * Samples each named process every `intervalMs`: CPU as % of one core over the interval, and RSS.
 * `now()` is the run's clock in ms and `origin` its time zero, so samples share the windows' axis.
 */
export class ProcessSampler {
  #pids;
  #now;
  #origin;
  #timer;
  #last = new Map();
  samples = {};

  constructor(pids, { now, origin, intervalMs = 1000 }) {
    this.#pids = pids;
    this.#now = now;
    this.#origin = origin;
    for (const name of Object.keys(pids)) this.samples[name] = [];
    this.#take();
    this.#timer = setInterval(() => this.#take(), intervalMs);
  }

  #take() {
    const at = this.#now();
    for (const [name, pid] of Object.entries(this.#pids)) {
      const reading = read(pid);
      if (!reading) continue;
      const last = this.#last.get(name);
      this.#last.set(name, { at, cpu: reading.cpu });
      if (!last || at <= last.at) continue;
      this.samples[name].push({
        t: (at - this.#origin) / 1000,
        cpuPercent: ((reading.cpu - last.cpu) / ((at - last.at) / 1000)) * 100,
        rssKb: reading.rssKb,
      });
    }
  }

  stop() {
    clearInterval(this.#timer);
    this.#take();
    return this.samples;
  }
}
