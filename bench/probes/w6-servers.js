/**
 * W6 probe: one echo server in this process, the bench's load client forked
 * (100 connections, 16 KiB messages), printing req/s and, per request, the
 * CPU time and minor page faults of the server and of the client. For
 * profiling (`node --cpu-prof bench/probes/w6-servers.js zc 4`) and for
 * bisecting genfut's path: each kind adds one ingredient.
 *
 *   pipe      socket.pipe(socket)
 *   rawbatch  'data' queues [socket, chunk]; one setImmediate writes them all
 *   rawqm     the same, the writes in a queueMicrotask inside the setImmediate
 *   rawsrc    genfut's SocketSource (queue, batched wakes) driven by a plain
 *             waker that reads and writes synchronously: no executor
 *   futtask   genfut's executor and TcpStream, a task per connection whose
 *             body is one hand-written future: no generator
 *   zc        genfut, a coroutine per connection: readChunk / writeChunk
 *   buf       genfut, a coroutine per connection: read(buf) / writeAll
 *
 * Needs the compiled copy that `npm run bench` makes in node_modules/.cache.
 * Usage: node bench/probes/w6-servers.js <kind> [seconds=5]
 */
const net = require("net");
const path = require("path");
const { fork } = require("child_process");
const CACHE = path.join(__dirname, "..", "..", "node_modules", ".cache", "genfut-bench");
const lib = require(path.join(CACHE, "lib"));
const { SocketSource } = require(path.join(CACHE, "lib", "reactor", "io", "socket-source"));
const { Driver } = require(path.join(CACHE, "lib", "reactor", "driver"));
// A driver of its own, for its batch of read wakes (a source with none wakes at once).
const driver = new Driver(false);

const kind = process.argv[2];
const secs = +(process.argv[3] || 5);
let cpu0 = null;
let faults0 = 0;

/** Runs the load against `port`, prints the figures, exits. */
function load(port) {
  cpu0 = process.cpuUsage();
  faults0 = process.resourceUsage().minorPageFault;
  const c = fork(path.join(CACHE, "bench", "lib", "echo-client.js"), [String(port), "100", "16384", String(secs * 1000)], { execArgv: [] });
  c.on("message", (m) => {
    const cpu = process.cpuUsage(cpu0);
    const n = m.requests;
    const f = (x) => x.toFixed(2);
    console.log(
      `${kind.padEnd(8)} ${(n / m.elapsedMs).toFixed(1)} k req/s, p99 ${f(m.p99Ms)} ms | per request: server ${f((cpu.user + cpu.system) / n)} µs CPU, ` +
        `${f((process.resourceUsage().minorPageFault - faults0) / n)} faults; client ${f((m.clientCpuMs * 1000) / n)} µs CPU, ${f(m.clientFaults / n)} faults`,
    );
    process.exit(0);
  });
}

function nodeServer(onConn, options = {}) {
  const srv = net.createServer(options, (s) => {
    s.setNoDelay(true);
    s.on("error", () => {});
    onConn(s);
  });
  srv.listen(0, "127.0.0.1", () => load(srv.address().port));
}

/** rawbatch / rawqm: write every queued reply from one callback per loop turn. */
function batchedServer(viaMicrotask) {
  const q = [];
  let scheduled = false;
  const writeAll = () => {
    for (let i = 0; i < q.length; i += 2) {
      const s = q[i];
      if (!s.write(q[i + 1])) {
        s.pause();
        s.once("drain", () => s.resume());
      }
    }
    q.length = 0;
  };
  const flush = () => {
    scheduled = false;
    if (viaMicrotask) queueMicrotask(writeAll);
    else writeAll();
  };
  nodeServer((s) =>
    s.on("data", (c) => {
      q.push(s, c);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }),
  );
}

/** futtask: one future per connection, polling readChunk / writeChunk itself. */
class Pump extends lib.Future {
  constructor(s) {
    super();
    this.s = s;
    this.r = null;
    this.w = null;
  }
  poll(cx) {
    for (;;) {
      if (this.w !== null) {
        if (this.w.poll(cx) === lib.Pending) return lib.Pending;
        this.w = null;
      }
      const r = (this.r ??= this.s.readChunk());
      const c = r.poll(cx);
      if (c === lib.Pending) return lib.Pending;
      this.r = null;
      if (c === null) return undefined;
      this.w = this.s.writeChunk(c);
    }
  }
}

function* zc(s) {
  try {
    for (let c; (c = yield* s.readChunk()) !== null; ) yield* s.writeChunk(c);
  } catch {
    // reset by the client at the end
  } finally {
    s.close();
  }
}

function* buf(s) {
  const b = new Uint8Array(65536);
  try {
    for (;;) {
      const n = yield* s.read(b);
      if (n === 0) return;
      yield* s.writeAll(b.subarray(0, n));
    }
  } catch {
    // reset by the client at the end
  } finally {
    s.close();
  }
}

if (kind === "pipe") nodeServer((s) => s.pipe(s));
else if (kind === "rawbatch") batchedServer(false);
else if (kind === "rawqm") batchedServer(true);
else if (kind === "rawsrc") {
  nodeServer(
    (s) => {
      const src = new SocketSource(s, driver, "probe", true);
      const owner = {};
      const cx = new lib.Context({ wake: () => pump() });
      const pump = () => {
        for (;;) {
          const c = src.pollReadChunk(cx, owner, Infinity);
          if (c === lib.Pending || c === null) return;
          src.pollWriteChunk(cx, owner, c);
        }
      };
      pump();
    },
    { allowHalfOpen: true, pauseOnConnect: true },
  );
} else if (kind === "futtask" || kind === "zc" || kind === "buf") {
  lib.run(function* () {
    const l = yield* lib.TcpListener.bind("127.0.0.1:0");
    load(l.localAddr().port);
    for (;;) {
      const [s] = yield* l.accept();
      s.setNoDelay(true);
      lib.spawn(kind === "futtask" ? new Pump(s) : kind === "zc" ? zc(s) : buf(s));
    }
  });
} else {
  console.error("kinds: pipe rawbatch rawqm rawsrc futtask zc buf");
  process.exit(2);
}
