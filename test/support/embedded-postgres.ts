import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stopProcess } from './processes';

/**
 * Set by the global setup (`check-services.js`) when the machine's PostgreSQL does not answer, or by
 * hand to test against PGlite on purpose: every test database is then a PGlite server of its own.
 */
export const EMBEDDED_POSTGRES = process.env.LFC_TEST_EMBEDDED_POSTGRES === '1';

/**
 * PGlite (the embedded default of `npm start`) behind its PostgreSQL wire-protocol server, in memory,
 * on a free port (never 5432). A child process: PGlite loads parts of itself with dynamic import(),
 * which Jest's module sandbox does not support. PGlite holds one database, so each caller gets its own
 * server, as each gets its own database on a real one.
 */
export async function startEmbeddedPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'pglite-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the PGlite server exited with ${code}`)));
  });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await stopProcess(child);
    },
  };
}
