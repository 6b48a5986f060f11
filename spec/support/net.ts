/**
 * Helpers for specs that talk to genfut sockets with Node's own `net` and
 * `dgram` as the peer (never only our own client).
 */
import * as net from "node:net";

/** A Node TCP server on 127.0.0.1 with a random port. */
export function nodeServer(onConn: (s: net.Socket) => void, options: net.ServerOpts = {}): Promise<{ server: net.Server; port: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer(options, onConn);
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ server, port, close: () => server.close() });
    });
  });
}

/** Everything a Node socket receives until its end, as one Buffer. */
export function collect(s: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on("data", (c: Buffer) => chunks.push(c));
    s.on("end", () => resolve(Buffer.concat(chunks)));
    s.on("error", reject);
  });
}

/** A Node client connection to 127.0.0.1:`port`, once connected. */
export function nodeConnect(port: number, options: Partial<net.TcpNetConnectOpts> = {}): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: "127.0.0.1", ...options }, () => resolve(s));
    s.once("error", reject);
  });
}

/** Deterministic pseudo-random bytes (a given seed gives the same bytes). */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** Resolves once `cond()` holds, checking after each turn of Node's loop; rejects after `ms`. */
export function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (cond()) resolve();
      else if (Date.now() - start > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 1);
    };
    check();
  });
}

/** A free TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const { port, server } = await nodeServer(() => {});
  await new Promise((r) => server.close(r));
  return port;
}

import { Context, Future, Pending, Poll, Waker } from "../../lib";

/** A future pending until Node's loop has had a real turn (so real I/O can arrive). */
export class HostTurn extends Future<void> {
  #state = 0;
  #waker: Waker | null = null;
  poll(cx: Context): Poll<void> {
    if (this.#state === 2) return;
    this.#waker = cx.waker; // the latest waker
    if (this.#state === 0) {
      this.#state = 1;
      setTimeout(() => {
        this.#state = 2;
        this.#waker?.wake();
      }, 1);
    }
    return Pending;
  }
  override describe(): string {
    return "hostTurn()";
  }
}

/** `yield* hostTurn()`: lets Node's loop run once. */
export function hostTurn(): HostTurn {
  return new HostTurn();
}
