/**
 * echo-client: N concurrent clients against an echo server; each sends its
 * own bytes, checks that every byte comes back in order, and the run prints
 * the throughput.
 *
 * Run: npm run sample -- echo-client [port] [clients=10] [KiB per client=1024]
 * Without a port it starts an echo server of its own, in the same process.
 *
 * Each client writes from one task and reads from another (`split()`), so
 * both directions stream at once and backpressure is exercised for real.
 */
import { joinAll, run, spawn, TcpListener, TcpStream, now } from "../lib";

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

/** One client: send `size` bytes, read them back, compare. Gives the bytes echoed. */
function* client(addr: string, id: number, size: number) {
  const stream = yield* TcpStream.connect(addr);
  try {
    const data = pattern(size, id);
    const [r, w] = stream.split();
    const writer = spawn(function* () {
      for (let off = 0; off < size; off += 16 * 1024) yield* w.writeAll(data.subarray(off, off + 16 * 1024));
      yield* w.shutdown();
    }, { name: `client ${id} writer` });
    const back = yield* r.readToEnd();
    yield* writer;
    if (!Buffer.from(data).equals(back)) throw new Error(`client ${id}: the echo differs from what was sent (${back.length} of ${size} bytes back)`);
    return back.length;
  } finally {
    stream.close();
  }
}

/** A minimal echo server, for when no port was given. */
function* localServer(listener: TcpListener) {
  for (;;) {
    const [s] = yield* listener.accept();
    spawn(function* () {
      const buf = new Uint8Array(16 * 1024);
      try {
        for (let n; (n = yield* s.read(buf)) !== 0; ) yield* s.writeAll(buf.subarray(0, n));
        yield* s.shutdown();
      } finally {
        s.close();
      }
    });
  }
}

/** Runs `clients` clients of `kib` KiB each against `addr`; prints and gives a summary. */
export function* echoClients(addr: string, clients: number, kib: number) {
  const t0 = now();
  const counts = yield* joinAll(Array.from({ length: clients }, (_, i) => client(addr, i + 1, kib * 1024)));
  const ms = Math.max(1, now() - t0);
  const total = counts.reduce((a, b) => a + b, 0);
  const mib = total / (1024 * 1024);
  console.log(`${clients} clients echoed ${mib.toFixed(1)} MiB, every byte checked, in ${ms.toFixed(0)} ms (${((2 * mib) / (ms / 1000)).toFixed(0)} MiB/s both ways)`);
  return { clients, bytes: total, ms };
}

if (require.main === module) {
  const [portArg, clientsArg, kibArg] = process.argv.slice(2);
  run(function* echoClient() {
    let addr = `127.0.0.1:${portArg}`;
    let listener: TcpListener | null = null;
    let server: { abort(): void } | null = null;
    if (portArg === undefined) {
      listener = yield* TcpListener.bind("127.0.0.1:0");
      addr = `127.0.0.1:${listener.localAddr().port}`;
      server = spawn(localServer(listener), { name: "local echo server" });
      console.log(`no port given: started an echo server on ${addr}`);
    }
    yield* echoClients(addr, Number(clientsArg ?? 10), Number(kibArg ?? 1024));
    server?.abort();
    listener?.close();
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
