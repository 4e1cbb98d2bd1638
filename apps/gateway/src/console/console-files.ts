import { DomainError } from '@lfc/common';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CONSOLE_INDEX, REVALIDATE_CACHE, cacheControlFor, parseConsolePath } from './console-path';

/** A file of the console to send: `relativePath` inside `root` (the folder's real path). */
export interface ConsoleFile {
  root: string;
  relativePath: string;
  cacheControl: string;
}

/**
 * Finds the file a /console request is answered with in the built console's folder. The folder is
 * looked at per request, so a console built after the gateway started is served without a restart.
 */
export class ConsoleFiles {
  constructor(readonly folder: string) {}

  /** Whether the folder holds a built console (its index.html). */
  async built(): Promise<boolean> {
    const root = await this.realRoot();
    return root !== undefined && (await this.isFile(root, CONSOLE_INDEX));
  }

  async locate(url: string): Promise<ConsoleFile> {
    const path = parseConsolePath(url);
    if (path.kind === 'refused') throw new DomainError('not_found', `No console file here: ${path.reason}`);
    const root = await this.realRoot();
    if (root === undefined || !(await this.isFile(root, CONSOLE_INDEX))) {
      throw new DomainError(
        'not_found',
        'The web console is not built: run `npm run build` (it builds apps/console into dist/console), or point LFC_CONSOLE_DIR at a built console',
      );
    }
    if (path.kind === 'file') {
      if (await this.isFile(root, path.relativePath)) {
        return { root, relativePath: path.relativePath, cacheControl: cacheControlFor(path.relativePath) };
      }
      if (!path.appRoute) throw new DomainError('not_found', 'The console has no such file');
    }
    return { root, relativePath: CONSOLE_INDEX, cacheControl: REVALIDATE_CACHE };
  }

  private async realRoot(): Promise<string | undefined> {
    try {
      return await realpath(this.folder);
    } catch {
      return undefined;
    }
  }

  /** A regular file whose real path is inside the folder: a link pointing out of it counts as missing. */
  private async isFile(root: string, relativePath: string): Promise<boolean> {
    try {
      const real = await realpath(join(root, relativePath));
      return real.startsWith(`${root}${sep}`) && (await stat(real)).isFile();
    } catch {
      return false;
    }
  }
}
