/**
 * S3: the simulated network's throughput. Two simulated hosts play 1-byte
 * ping-pong over a simulated `TcpStream` (each round trip two messages,
 * delivered by timers on the paused clock, no latency), and the repository's
 * echo server sample serves a client's 16-byte requests inside a `Sim`:
 * round trips per second of real time, a fresh `Sim` per run.
 *
 * The peer is the same 1-byte ping-pong on the real network: genfut's own
 * `TcpStream` over 127.0.0.1 (W6's stack), so the ratio is what a simulated
 * round trip costs against a kernel one. No other JavaScript library
 * simulates TCP for code written against real sockets.
 */
import { run, sleep, spawn, TcpListener, TcpStream } from "../../lib";
import { Sim } from "../../lib/sim";
import { serve as echoServe } from "../../samples/echo-server";
import { expectEqual } from "../lib/measure";
import { Workload } from "../lib/types";

interface P {
  trips: number;
}

/** The pinger: sends a byte, waits for it back, `trips` times. Gives the trips made. */
function* pinger(addr: string, trips: number, size: number): Generator<unknown, number, unknown> {
  yield* sleep(1); // a simulated server binds in its first poll: connect after it
  const s = yield* TcpStream.connect(addr);
  const out = new Uint8Array(size);
  const back = new Uint8Array(size);
  let n = 0;
  for (; n < trips; n++) {
    out[0] = n & 0xff;
    yield* s.writeAll(out);
    yield* s.readExact(back);
    if (back[0] !== out[0]) throw new Error(`trip ${n}: got ${back[0]} back`);
  }
  s.close();
  return n;
}

/** The ponger: echoes single bytes until the peer closes. */
function* ponger(listener: TcpListener): Generator<unknown, void, unknown> {
  const [s] = yield* listener.accept();
  const b = new Uint8Array(1);
  while ((yield* s.read(b)) === 1) yield* s.writeAll(b);
  s.close();
}

export const s3: Workload<P> = {
  id: "S3",
  title: "simulated TCP: 1-byte ping-pong between two hosts, and the echo sample's requests, round trips per second",
  unit: "round trip",
  sizes: { full: { trips: 100_000 }, quick: { trips: 10_000 }, spec: { trips: 200 } },
  ops: (p) => p.trips,
  check: (p, o) => expectEqual("the round trips", o.value, p.trips),
  needs: ["TcpListener", "TcpStream"],
  notes: {
    genfut: "`new Sim()`: host `pong` echoes each byte of a simulated `TcpStream` from host `ping`",
    "genfut: echo sample": "samples/echo-server.ts's `serve` on a simulated host; one client, 16-byte requests, each read back before the next",
    native: "the same ping-pong with genfut's `TcpStream` over the kernel's loopback",
  },
  impls: {
    async genfut({ trips }) {
      let done = 0;
      const sim = new Sim({ seed: 1 });
      sim.host("pong", function* () {
        yield* ponger(yield* TcpListener.bind("0.0.0.0:9"));
      });
      sim.client("ping", function* () {
        done = yield* pinger("pong:9", trips, 1);
      });
      sim.run();
      return { value: done };
    },
    async "genfut: echo sample"({ trips }) {
      let done = 0;
      const sim = new Sim({ seed: 1 });
      sim.host("echo", function* () {
        yield* echoServe(yield* TcpListener.bind("0.0.0.0:7"));
      });
      sim.client("client", function* () {
        done = yield* pinger("echo:7", trips, 16);
      });
      sim.run();
      return { value: done };
    },
    async native({ trips }) {
      const value = await run(function* () {
        const l = yield* TcpListener.bind("127.0.0.1:0");
        const server = spawn(ponger(l));
        const n = yield* pinger(`127.0.0.1:${l.localAddr().port}`, trips, 1);
        yield* server;
        l.close();
        return n;
      });
      return { value };
    },
  },
};
