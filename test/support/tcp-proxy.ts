import { Server, Socket, createConnection, createServer } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, so a test can make that server unreachable for
 * one client and bring it back, without stopping it for everyone else.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private holding = false;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      if (this.holding) {
        // Accepted, then never answered: what a hung peer looks like.
        client.on('error', () => this.sockets.delete(client)).on('close', () => this.sockets.delete(client));
        return;
      }
      const upstream = createConnection(this.target);
      const pair: [Socket, Socket] = [client, upstream];
      this.sockets.add(upstream);
      this.pairs.add(pair);
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
        this.pairs.delete(pair);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /**
   * Keeps accepting connections but passes nothing on, in either direction, on new or open ones:
   * the server looks up (the port answers) but never replies.
   */
  hold(): void {
    this.holding = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
  }

  /** Ends a hold: the held connections are cut, new ones are passed on again. */
  release(): void {
    this.holding = false;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
