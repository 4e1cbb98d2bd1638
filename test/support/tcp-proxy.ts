import { Server, Socket, createConnection, createServer } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, so a test can make that server unreachable for
 * one client and bring it back, without stopping it for everyone else. Unreachable comes in two
 * kinds: refused (`stop`: connections cut, new ones refused) and blackholed (`blackhole`:
 * connections accepted and held open, nothing ever answered, as behind a dropped network route).
 */
export class TcpProxy {
  private server: Server | undefined;
  private holding = false;
  /** Added to every chunk each way on connections made from now on (a slow peer, not an absent one). */
  private delayMs = 0;
  /** Each client socket with its upstream (none while held). */
  private readonly clients = new Map<Socket, Socket | undefined>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Forwards again. Connections held by a blackhole are cut, so their clients reconnect. */
  async start(): Promise<void> {
    if (this.server && this.holding) {
      this.holding = false;
      for (const client of this.clients.keys()) client.destroy();
      this.clients.clear();
      return;
    }
    this.holding = false;
    await this.listen();
  }

  /** Keeps accepting connections (and the open ones) but forwards nothing in either direction. */
  async blackhole(): Promise<void> {
    this.holding = true;
    for (const [client, upstream] of this.clients) {
      if (!upstream) continue;
      client.unpipe(upstream);
      upstream.unpipe(client);
      upstream.destroy();
      client.resume();
      this.clients.set(client, undefined);
    }
    if (!this.server) await this.listen();
  }

  /** Passes everything on, each chunk `ms` late in either direction, on connections made from now on. */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    for (const [client, upstream] of this.clients) {
      client.destroy();
      upstream?.destroy();
    }
    this.clients.clear();
    this.holding = false;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private async listen(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  private accept(client: Socket): void {
    client.on('error', () => client.destroy()).on('close', () => this.clients.delete(client));
    if (this.holding) {
      // Read and drop whatever the client sends, so it never sees back-pressure either.
      client.resume();
      this.clients.set(client, undefined);
      return;
    }
    const upstream = createConnection(this.target);
    this.clients.set(client, upstream);
    if (this.delayMs > 0) {
      const late = (from: Socket, to: Socket, ms: number) =>
        from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), ms));
      late(client, upstream, this.delayMs);
      late(upstream, client, this.delayMs);
    } else {
      client.pipe(upstream).pipe(client);
    }
    upstream
      .on('error', () => client.destroy())
      .on('close', () => {
        // An upstream cut by `blackhole` leaves its client held; any other end of it ends the client.
        if (this.clients.get(client) === upstream) client.destroy();
      });
  }
}
