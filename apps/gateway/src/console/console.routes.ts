import fastifyStatic from '@fastify/static';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppLogger, CONSOLE_PATH, InjectLogger } from '@lfc/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConsoleFiles } from './console-files';

/**
 * `GET /console` and `/console/*`: the built single-page app, public (no key, no rate limit: the
 * files hold no data, every call the app makes is authenticated on its own). A Fastify plugin with
 * @fastify/static's `sendFile` in its own scope (ETag, Last-Modified, ranges, content types); which
 * file answers is decided by `ConsoleFiles`, so a path outside the folder never reaches `sendFile`.
 * `GET /` sends browsers to the console; no other path is redirected (`/mcp` is answered as is).
 */
export async function consoleRoutes(fastify: FastifyInstance, options: { files: ConsoleFiles }): Promise<void> {
  const { files } = options;
  // Only `reply.sendFile` is wanted: no route of the plugin's own, and no root (every call names it), so a
  // missing or misconfigured folder never stops the gateway. The build writes a Brotli and a gzip copy
  // beside each text file; a browser that takes one gets it (with `Vary: Accept-Encoding`), so the
  // console's code crosses the network compressed whether or not the ingress compresses.
  await fastify.register(fastifyStatic, { serve: false, preCompressed: true });

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = await files.locate(request.url);
    const encoded = file.relativePath.split('/').map(encodeURIComponent).join('/');
    return reply.header('cache-control', file.cacheControl).sendFile(encoded, file.root, {
      cacheControl: false,
      dotfiles: 'deny',
      index: false,
    });
  };
  fastify.get(CONSOLE_PATH, serve);
  fastify.get(`${CONSOLE_PATH}/*`, serve);
  fastify.get('/', (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`, 302));
}

export const CONSOLE_FILES = Symbol('CONSOLE_FILES');

/** Mounts `consoleRoutes` on the gateway's Fastify instance and says at start whether a console is built. */
@Injectable()
export class ConsoleRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONSOLE_FILES) private readonly files: ConsoleFiles,
    @InjectLogger() private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    // Absent in application contexts without HTTP (some tests).
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const instance = adapter?.getInstance<FastifyInstance>();
    if (!instance) return;
    await instance.register(consoleRoutes, { files: this.files });
    if (await this.files.built()) this.logger.info({ folder: this.files.folder }, 'web console served at /console');
    else
      this.logger.warn(
        { folder: this.files.folder },
        'web console not built: /console answers 404 until `npm run build` builds it',
      );
  }
}
