/**
 * Simulated TCP: the same TcpListener and TcpStream, between named hosts.
 */
import { expect } from "chai";
import { Future, now, Pending, pollFn, RuntimeError, sleep, spawn, TcpListener, TcpStream } from "../../lib";
import { Sim } from "../../lib/sim";
import { failureOf } from "../support/sim";

/** `f`, counting the polls that returned Pending. */
function counted<T>(f: Future<T>, count: { waits: number }): Future<T> {
  return pollFn((cx) => {
    const r = f.poll(cx);
    if (r === Pending) count.waits++;
    return r;
  });
}

function* codeOf(f: Future<unknown>): Generator<unknown, string, unknown> {
  try {
    yield* f;
  } catch (e) {
    return String((e as NodeJS.ErrnoException).code);
  }
  return "no error";
}

describe("simulated TCP", () => {
  it("connects hosts by name, with simulated addresses on both ends", () => {
    const sim = new Sim({ seed: 1 });
    let serverSaw: unknown = null;
    sim.host("db", function* () {
      const l = yield* TcpListener.bind("0.0.0.0:5432");
      expect(l.localAddr()).to.deep.include({ address: "db", port: 5432 });
      const [s, peer] = yield* l.accept();
      serverSaw = { peer, local: s.localAddr() };
    });
    let clientSaw: unknown = null;
    sim.client("app", function* () {
      yield* sleep(1); // after db's main has bound (with no latency, a connect can beat the bind, as in life)
      const s = yield* TcpStream.connect("db:5432");
      clientSaw = { peer: s.peerAddr(), local: s.localAddr() };
    });
    sim.run();
    expect(clientSaw).to.deep.equal({ peer: { address: "db", port: 5432, family: "sim" }, local: { address: "app", port: 49152, family: "sim" } });
    expect(serverSaw).to.deep.equal({ peer: { address: "app", port: 49152, family: "sim" }, local: { address: "db", port: 5432, family: "sim" } });
  });

  it("binds 127.0.0.1, localhost and port 0 on the current host", () => {
    const sim = new Sim({ seed: 2 });
    sim.client("solo", function* () {
      const a = yield* TcpListener.bind("127.0.0.1:0");
      const b = yield* TcpListener.bind("localhost:0");
      expect([a.localAddr().port, b.localAddr().port]).to.deep.equal([49152, 49153]);
      spawn(function* () {
        const [s] = yield* a.accept();
        yield* s.writeAll(Buffer.from("loopback"));
        s.close();
      });
      const c = yield* TcpStream.connect(`127.0.0.1:${a.localAddr().port}`);
      expect(yield* c.readToString()).to.equal("loopback");
      expect(c.peerAddr()).to.deep.include({ address: "solo", port: a.localAddr().port }); // 127.0.0.1 is this host, by name
      expect(yield* codeOf(TcpListener.bind(`0.0.0.0:${b.localAddr().port}`))).to.equal("EADDRINUSE");
    });
    sim.run();
  });

  it("delivers each segment after a latency drawn from the seed, in order", () => {
    const sim = new Sim({ seed: 3, latency: { min: 5, max: 50 } });
    const arrivals: number[] = [];
    sim.client("rx", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:1")).accept();
      const got: number[] = [];
      const one = new Uint8Array(1);
      while ((yield* s.read(one)) === 1) {
        got.push(one[0]);
        arrivals.push(now());
      }
      expect(got).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    });
    sim.host("tx", function* () {
      yield* sleep(1);
      const s = yield* TcpStream.connect("rx:1");
      const start = now();
      for (let i = 0; i < 50; i++) yield* s.writeAll(Uint8Array.of(i)); // 50 segments, each with its own draw
      yield* s.shutdown();
      expect(now()).to.equal(start); // writes do not wait for the network
    });
    sim.run();
    expect(arrivals[0]).to.be.within(1 + 15, 1 + 150); // SYN, SYN-ACK, the first byte: each 5 to 50 ms
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]).to.be.at.least(arrivals[i - 1]);
    expect(new Set(arrivals).size).to.be.greaterThan(1); // the draws differ
  });

  it("shutdown() delivers end of stream after the data, and the other direction stays open", () => {
    const sim = new Sim({ seed: 4, latency: { min: 1, max: 9 } });
    sim.host("srv", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:2")).accept();
      const req = yield* s.readToString(); // ends at the client's FIN
      yield* s.writeAll(Buffer.from(`got ${req.length} bytes`));
      s.close();
    });
    let reply = "";
    sim.client("cli", function* () {
      const s = yield* TcpStream.connect("srv:2");
      yield* s.writeAll(Buffer.alloc(100_000, 7));
      yield* s.shutdown();
      reply = yield* s.readToString();
      s.close();
    });
    sim.run();
    expect(reply).to.equal("got 100000 bytes");
  });

  it("keeps a writer waiting while the reader's 64 KiB window is full: 1 MiB to a slow reader", () => {
    const sim = new Sim({ seed: 5, latency: { min: 1, max: 3 } });
    const MiB = 1024 * 1024;
    const count = { waits: 0 };
    let received = 0;
    sim.client("slow", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:3")).accept();
      const buf = new Uint8Array(16 * 1024);
      for (let n; (n = yield* s.read(buf)) > 0; ) {
        received += n;
        yield* sleep(10); // a slow reader: 16 KiB per 10 ms
      }
    });
    let writerDone = -1;
    sim.host("fast", function* () {
      yield* sleep(1);
      const s = yield* TcpStream.connect("slow:3");
      yield* counted(s.writeAll(new Uint8Array(MiB)), count);
      writerDone = now();
      yield* s.shutdown();
    });
    sim.run();
    expect(received).to.equal(MiB);
    // Without a window the 1 MiB would be accepted at once; with it the writer waits again and again.
    expect(count.waits).to.be.at.least(MiB / (64 * 1024) - 1);
    expect(writerDone).to.be.at.least(((MiB - 64 * 1024) / (16 * 1024)) * 10 - 20);
  });

  it("refuses a connection to a port nobody listens on (ECONNREFUSED) and names an unknown host (ENOTFOUND)", () => {
    const sim = new Sim({ seed: 6, latency: { min: 2, max: 2 } });
    sim.host("quiet", function* () {});
    const codes: string[] = [];
    let message = "";
    sim.client("c", function* () {
      codes.push(yield* codeOf(TcpStream.connect("quiet:80")));
      codes.push(yield* codeOf(TcpStream.connect("nosuchhost:80")));
      try {
        yield* TcpStream.connect("example.com:443");
      } catch (e) {
        message = (e as Error).message;
      }
    });
    sim.run();
    expect(codes).to.deep.equal(["ECONNREFUSED", "ENOTFOUND"]);
    expect(message).to.equal("getaddrinfo ENOTFOUND example.com (a simulation has no DNS; its hosts are: quiet, c)");
  });

  it("resets the peer of a reset(): its next read throws ECONNRESET", () => {
    const sim = new Sim({ seed: 7, latency: { min: 1, max: 5 } });
    sim.host("srv", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:4")).accept();
      yield* s.readExact(new Uint8Array(5));
      s.reset();
    });
    let code = "";
    sim.client("c", function* () {
      const s = yield* TcpStream.connect("srv:4");
      yield* s.writeAll(Buffer.from("hello"));
      code = yield* codeOf(s.read(new Uint8Array(10)));
    });
    sim.run();
    expect(code).to.equal("ECONNRESET");
  });

  it("resets the peer of a close() that leaves bytes unread, or of a close() after setLinger(0), as Linux does", () => {
    for (const how of ["unread", "linger 0"] as const) {
      const sim = new Sim({ seed: 17, latency: { min: 1, max: 5 } });
      sim.host("srv", function* () {
        const [s] = yield* (yield* TcpListener.bind("0.0.0.0:4")).accept();
        yield* s.readExact(new Uint8Array(5));
        if (how === "linger 0") s.setLinger(0);
        else yield* sleep(50); // the rest arrives, and is never read
        s.close();
      });
      let code = "";
      sim.client("c", function* () {
        const s = yield* TcpStream.connect("srv:4");
        yield* s.writeAll(Buffer.from(how === "unread" ? "hello and more" : "hello"));
        code = yield* codeOf(s.read(new Uint8Array(10)));
      });
      sim.run();
      expect(code, how).to.equal("ECONNRESET");
    }
  });

  it("answers data sent to a closed end with a reset", () => {
    const sim = new Sim({ seed: 8, latency: { min: 1, max: 5 } });
    sim.host("srv", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:5")).accept();
      s.close(); // nothing unread: a FIN
    });
    let codes: string[] = [];
    sim.client("c", function* () {
      const s = yield* TcpStream.connect("srv:5");
      expect(yield* s.read(new Uint8Array(1))).to.equal(0); // the FIN: end of stream
      yield* s.writeAll(Buffer.from("anyone?")); // accepted locally, then answered by RST
      yield* sleep(20); // a round trip
      codes = [yield* codeOf(s.read(new Uint8Array(1))), yield* codeOf(s.write(Buffer.from("!")))];
    });
    sim.run();
    expect(codes).to.deep.equal(["ECONNRESET", "ECONNRESET"]);
  });

  it("fails the run with a clear error on a real IP address", () => {
    const sim = new Sim({ seed: 9 });
    sim.client("c", function* () {
      yield* TcpStream.connect("93.184.216.34:80");
    });
    const f = failureOf(sim);
    expect(f.cause).to.be.instanceOf(RuntimeError);
    expect((f.cause as Error).message).to.match(/93\.184\.216\.34 is a real address.*simulation has no real network/);
  });

  it("replays the same run, trace and all, from the same seed", () => {
    const traceOf = (seed: number) => {
      const sim = new Sim({ seed, latency: { min: 0, max: 30 }, trace: true });
      sim.host("srv", function* () {
        const l = yield* TcpListener.bind("0.0.0.0:6");
        for (;;) {
          const [s] = yield* l.accept();
          spawn(function* () {
            const buf = new Uint8Array(64);
            for (let n; (n = yield* s.read(buf)) > 0; ) yield* s.writeAll(buf.subarray(0, n));
            s.close();
          });
        }
      });
      for (const c of ["a", "b", "c"]) {
        sim.client(c, function* () {
          const s = yield* TcpStream.connect("srv:6");
          for (let i = 0; i < 5; i++) {
            yield* s.writeAll(Buffer.from(`${c}${i}`));
            yield* s.readExact(new Uint8Array(2));
          }
          s.close();
        });
      }
      return sim.run().trace;
    };
    const one = traceOf(21);
    expect(one.some((l) => /tcp a:49152 → srv:6 connect/.test(l))).to.equal(true);
    expect(traceOf(21)).to.deep.equal(one);
    expect(traceOf(22)).to.not.deep.equal(one);
  });
});
