import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The lowest ephemeral port: those of outgoing connections and of `listen(0)` start there. */
function lowestEphemeralPort(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    // Not Linux: its usual default.
  }
  return 32768;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port for a service to listen on, free when asked. Taken below the ephemeral range: a port that
 * `listen(0)` hands out is one any outgoing connection (a database pool's, another suite's) may take
 * as its own before the service binds it, and the service then fails with EADDRINUSE while the
 * readiness check reaches whatever holds the port.
 */
export async function freePort(): Promise<number> {
  const low = lowestEphemeralPort();
  const first = 10_000;
  const span = Math.max(1, low - first);
  for (let tries = 0; tries < 200; tries++) {
    const port = first + Math.floor(Math.random() * span);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${first} and ${low - 1}`);
}

export interface ServiceProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  logFile: string;
}

/** Starts a built service exactly as production does: `node dist/apps/<name>/src/main.js`. */
export function spawnService(name: string, port: number, env: NodeJS.ProcessEnv, logDir: string): ServiceProcess {
  const logFile = join(logDir, `${name}-${port}.log`);
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { name, port, url: `http://127.0.0.1:${port}`, child, logFile };
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Waits for `/ready`. The bound is generous: on a machine other test runs keep busy, starting a
 * NestJS service can take half a minute; a service that never starts shows in its log tail.
 */
export async function waitForReady(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${logTail(service.logFile)}`);
    }
    try {
      const response = await fetch(`${service.url}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service.name} not ready after ${timeoutMs} ms:\n${logTail(service.logFile)}`);
}

export function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 15_000,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill(signal);
  });
}
