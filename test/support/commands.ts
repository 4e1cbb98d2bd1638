import { execFile } from 'node:child_process';

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects: the exit code and the output say what happened. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
  });
}

/**
 * Installs Python packages into a fresh directory, from whatever index pip is set up to use on this
 * machine. `--retries 0`: an index that cannot be reached is given up at once, where pip's default
 * of five retries per package would spend minutes before trying the next.
 */
export async function pipInstall(target: string, packages: string[]): Promise<void> {
  const pip = await runCommand('python3', [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '--retries',
    '0',
    '--target',
    target,
    ...packages,
  ]);
  if (pip.code !== 0) {
    throw new Error(
      `pip could not install ${packages.join(', ')} (python3 -m pip install exited ${String(pip.code)}); ` +
        `set LFC_SKIP_PYTHON_CLIENT=1 to skip the Python client tests on a machine without them.\n${pip.stdout}${pip.stderr}`,
    );
  }
}
