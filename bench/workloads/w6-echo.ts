/**
 * W6: a TCP echo server under 100 connections sending 16 KiB messages for
 * 5 s on 127.0.0.1. The client (bench/lib/echo-client) is a separate process
 * on raw Node sockets, the same for every server; it counts round trips,
 * checks the bytes echoed (every first echo byte for byte, all by count) and
 * reports p50/p99 latency. ops/s = requests per second.
 *
 * Servers: genfut `TcpListener`/`TcpStream` (read into a buffer, `writeAll`);
 * the limit `socket.pipe(socket)`; native async/await, co, Effection and
 * Effect all drive the socket's async iterator and wait for `drain` (none of
 * the peers has TCP of its own in the packages installed).
 */
import co from "co";
import { fork } from "child_process";
import { loadEffect } from "../lib/effect";
import * as effection from "effection";
import { once } from "events";
import * as net from "net";
import * as path from "path";
import { run, spawn, TcpListener, TcpStream } from "../../lib";
import type { EchoReport } from "../lib/echo-client";
import { expectEqual } from "../lib/measure";
import { Meter, Outcome, Workload } from "../lib/types";

interface P {
  conns: number;
  size: number;
  durationMs: number;
}

/** Runs the client process against `port`; resolves with its report. */
function loadgen(port: number, p: P): Promise<EchoReport> {
  const ext = path.extname(__filename);
  const client = path.join(__dirname, "..", "lib", `echo-client${ext}`);
  const execArgv = ext === ".ts" ? ["-r", "ts-node/register/transpile-only"] : [];
  return new Promise((resolve, reject) => {
    const child = fork(client, [String(port), String(p.conns), String(p.size), String(p.durationMs)], { execArgv, stdio: "inherit" });
    let report: EchoReport | null = null;
    child.on("message", (m) => (report = m as EchoReport));
    child.on("error", reject);
    child.on("exit", (code) => (report !== null ? resolve(report) : reject(new Error(`echo client exited with ${code} and no report`))));
  });
}

/** Runs a server on an ephemeral port and the load against it. */
async function measureServer(p: P, meter: Meter, port: number, stop: () => Promise<unknown> | void): Promise<Outcome> {
  meter.restart();
  const r = await loadgen(port, p);
  meter.sampleHeap();
  await stop();
  if (r.error !== undefined) throw new Error(r.error);
  meter.extra.p50Ms = r.p50Ms;
  meter.extra.p99Ms = r.p99Ms;
  return { value: r, ops: r.requests, ms: r.elapsedMs };
}

/** A server handling each socket with `handle`; returns its port and how to stop it. */
async function nodeServer(handle: (s: net.Socket) => void): Promise<{ port: number; server: net.Server; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    handle(s);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as net.AddressInfo).port, server, sockets };
}

async function closeNode(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
}

/** Writes `chunk`, waiting for `drain` when the socket's buffer is full (a Promise, or null if none needed). */
function write(s: net.Socket, chunk: Buffer): Promise<unknown> | null {
  return s.write(chunk) ? null : once(s, "drain");
}

/** The genfut server: a task per connection running `echo` on it. */
async function genfutEcho(p: P, meter: Meter, echo: (s: TcpStream) => Generator<unknown, void, unknown>): Promise<Outcome> {
  let listenerRef: { close(): void } | null = null;
  let port = 0;
  const ready = new Promise<void>((resolveReady) => {
    void run(function* server() {
      const listener = yield* TcpListener.bind("127.0.0.1:0");
      listenerRef = listener;
      port = listener.localAddr().port;
      resolveReady();
      for (;;) {
        const [stream] = yield* listener.accept();
        stream.setNoDelay(true); // as the Node servers above do: compare like with like
        spawn(handle(stream));
      }
    }).catch(() => {}); // closing the listener ends the accept loop
  });
  const streams = new Set<TcpStream>();
  function* handle(s: TcpStream): Generator<unknown, void, unknown> {
    streams.add(s);
    try {
      yield* echo(s);
    } catch {
      // a reset by the client at the end of the run
    } finally {
      streams.delete(s);
      s.close();
    }
  }
  await ready;
  return measureServer(p, meter, port, () => {
    listenerRef?.close();
    for (const s of streams) s.close();
  });
}

export const w6: Workload<P> = {
  id: "W6",
  title: "TCP echo server, 100 connections × 16 KiB messages for 5 s on 127.0.0.1 (req/s, p99)",
  unit: "req",
  sizes: {
    full: { conns: 100, size: 16384, durationMs: 5000 },
    quick: { conns: 20, size: 16384, durationMs: 500 },
    spec: { conns: 4, size: 16384, durationMs: 150 },
  },
  ops: () => 0,
  check: (p, o) => {
    const r = o.value as EchoReport;
    expectEqual("every echoed byte intact", r.intact, true);
    expectEqual("the bytes echoed", r.bytes, r.requests * p.size);
    if (r.requests < p.conns) throw new Error(`wrong result: only ${r.requests} requests completed`);
  },
  rounds: 3,
  warmup: false,
  notes: {
    genfut: "`TcpListener.bind`, a task per connection: `yield* s.read(buf)`, `yield* s.writeAll(...)` (samples/echo-server.ts)",
    "genfut: readChunk / writeChunk": "the same, zero-copy: `yield* s.readChunk()`, `yield* s.writeChunk(chunk)`",
    native: "`for await (const chunk of socket)`, `write`, `await once(socket, \"drain\")` when full",
    limit: "`socket.pipe(socket)`",
    "limit: copy in, copy out":
      "`'data'` → copy into the connection's own 64 KiB buffer → copy into a shared scratch → `write`: the two copies any read(buf)/write(buf) API makes, and nothing else",
    effection: "a task per connection over the socket's async iterator (`until(it.next())`)",
    co: "a `co()` per connection over the socket's async iterator",
    effect: "a fiber per connection over the socket's async iterator (`Effect.promise`)",
  },
  impls: {
    async genfut(p, meter) {
      return genfutEcho(p, meter, function* (s) {
        const buf = new Uint8Array(65536);
        for (;;) {
          const n = yield* s.read(buf);
          if (n === 0) return;
          yield* s.writeAll(buf.subarray(0, n));
        }
      });
    },
    async "genfut: readChunk / writeChunk"(p, meter) {
      return genfutEcho(p, meter, function* (s) {
        for (let c; (c = yield* s.readChunk()) !== null; ) yield* s.writeChunk(c);
      });
    },
    async native(p, meter) {
      const { port, server, sockets } = await nodeServer((s) => {
        void (async () => {
          try {
            for await (const chunk of s) {
              const w = write(s, chunk);
              if (w !== null) await w;
            }
          } catch {
            // reset at the end of the run
          }
        })();
      });
      return measureServer(p, meter, port, () => closeNode(server, sockets));
    },
    async limit(p, meter) {
      const { port, server, sockets } = await nodeServer((s) => s.pipe(s));
      return measureServer(p, meter, port, () => closeNode(server, sockets));
    },
    async "limit: copy in, copy out"(p, meter) {
      // genfut's scratch rule: one write buffer for every socket, given up to
      // Node (and replaced) when a write is not taken whole.
      let scratch = Buffer.allocUnsafeSlow(65536);
      const { port, server, sockets } = await nodeServer((s) => {
        const buf = Buffer.allocUnsafe(65536);
        s.on("data", (chunk: Buffer) => {
          const n = chunk.copy(buf);
          const out = scratch.subarray(0, n);
          buf.copy(out, 0, 0, n);
          if (!s.write(out)) {
            s.pause();
            s.once("drain", () => s.resume());
          }
          if (s.writableLength !== 0) scratch = Buffer.allocUnsafeSlow(65536);
        });
      });
      return measureServer(p, meter, port, () => closeNode(server, sockets));
    },
    async effection(p, meter) {
      let scope: effection.Scope | null = null;
      const root = effection.run(function* () {
        scope = yield* effection.useScope();
        yield* effection.suspend();
      });
      const { port, server, sockets } = await nodeServer((s) => {
        scope!.run(function* () {
          const it = s[Symbol.asyncIterator]();
          try {
            for (;;) {
              const r = yield* effection.until(it.next());
              if (r.done) return;
              const w = write(s, r.value);
              if (w !== null) yield* effection.until(w);
            }
          } catch {
            // reset at the end of the run
          }
        });
      });
      return measureServer(p, meter, port, async () => {
        await closeNode(server, sockets);
        await root.halt();
      });
    },
    async co(p, meter) {
      const { port, server, sockets } = await nodeServer((s) => {
        void co(function* () {
          const it = s[Symbol.asyncIterator]();
          for (;;) {
            const r: IteratorResult<Buffer> = yield it.next();
            if (r.done) return;
            const w = write(s, r.value);
            if (w !== null) yield w;
          }
        }).catch(() => {});
      });
      return measureServer(p, meter, port, () => closeNode(server, sockets));
    },
    async effect(p, meter) {
      const { Effect } = loadEffect();
      const { port, server, sockets } = await nodeServer((s) => {
        const it = s[Symbol.asyncIterator]();
        const loop = Effect.gen(function* () {
          for (;;) {
            const r = yield* Effect.promise(() => it.next() as Promise<IteratorResult<Buffer>>);
            if (r.done) return;
            const w = write(s, r.value);
            if (w !== null) yield* Effect.promise(() => w);
          }
        });
        Effect.runFork(loop);
      });
      return measureServer(p, meter, port, () => closeNode(server, sockets));
    },
  },
};
