import { createServer, type Server, type Socket, connect } from 'node:net';

/** Commands a driver sends to watch a server, not on behalf of a request: never counted. */
const MONITORING = /hello|ismaster/i;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, to break the connection the way an outage
 * does: `cut()` drops every connection and refuses new ones until `restore()`; `cutAfter(n)` lets
 * n more MongoDB wire messages from the clients through (handshakes and heartbeats aside), then cuts;
 * `loseAnswerTo(n)` lets n through and cuts when the server answers the n-th, so that command ran
 * on the server and its client never learns it (an acknowledgement lost in an outage).
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private down = false;
  private allowance: number | undefined;
  private answerLost = false;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    const port = await new Promise<number>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    const proxy = new TcpProxy(server, port);
    server.on('connection', (client: Socket) => proxy.accept(client, targetHost, targetPort));
    return proxy;
  }

  cut(): void {
    this.down = true;
    this.allowance = undefined;
    this.answerLost = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  cutAfter(messages: number): void {
    if (messages <= 0) this.cut();
    else this.allowance = messages;
  }

  loseAnswerTo(messages: number): void {
    this.allowance = messages;
    this.answerLost = true;
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    let awaitingLostAnswer = false;
    upstream.on('data', (chunk: Buffer) => {
      if (awaitingLostAnswer) this.cut();
      else client.write(chunk);
    });
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Whole wire messages only: each starts with its length (int32, little-endian).
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (this.down) return;
        upstream.write(message);
        if (this.allowance !== undefined && !MONITORING.test(message.subarray(0, 96).toString('latin1'))) {
          this.allowance -= 1;
          if (this.allowance > 0) continue;
          this.allowance = undefined;
          if (this.answerLost) awaitingLostAnswer = true;
          else setImmediate(() => this.cut());
        }
      }
    });
  }
}
