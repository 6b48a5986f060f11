/**
 * Network faults of a Sim: partition/repair, hold/release, crash/bounce.
 */
import { expect } from "chai";
import { now, sleep, spawn, TcpListener, TcpStream, timeout, TimeoutError, UdpSocket } from "../../lib";
import { Sim } from "../../lib/sim";

/** An echo server of single messages, on port 7 of the host that runs it. */
function* echoHost() {
  const l = yield* TcpListener.bind("0.0.0.0:7");
  for (;;) {
    const [s] = yield* l.accept();
    spawn(function* () {
      const buf = new Uint8Array(256);
      try {
        for (let n; (n = yield* s.read(buf)) > 0; ) yield* s.writeAll(buf.subarray(0, n));
      } catch {
        // a reset peer: nothing to do
      } finally {
        s.close();
      }
    });
  }
}

function* ask(s: TcpStream, text: string) {
  yield* s.writeAll(Buffer.from(text));
  const buf = new Uint8Array(text.length);
  yield* s.readExact(buf);
  return Buffer.from(buf).toString();
}

describe("Sim network faults", () => {
  it("partition: a client's timeout fires while the link is cut, and after repair a retry succeeds", () => {
    const sim = new Sim({ seed: 1, latency: { min: 1, max: 5 }, trace: true });
    sim.host("server", echoHost);
    const log: string[] = [];
    sim.client("client", function* () {
      yield* sleep(1);
      const s = yield* TcpStream.connect("server:7");
      log.push(yield* ask(s, "one"));
      sim.partition("client", "server");
      try {
        yield* timeout(200, ask(s, "two"));
        log.push("two answered across a partition");
      } catch (e) {
        log.push(e instanceof TimeoutError ? `timed out at ${now()}` : String(e));
      }
      yield* sleep(1000); // a partition longer than the timeout
      sim.repair("client", "server");
      const again = yield* TcpStream.connect("server:7");
      log.push(yield* timeout(200, ask(again, "three")));
      // The bytes of "two" waited on the cable and arrive after repair: nothing is lost.
      const late = new Uint8Array(3);
      yield* s.readExact(late);
      log.push(Buffer.from(late).toString());
    });
    const r = sim.run();
    expect(log[0]).to.equal("one");
    expect(log[1]).to.match(/^timed out at \d+$/);
    expect(log.slice(2)).to.deep.equal(["three", "two"]);
    expect(r.trace.filter((l) => /partition client ↔ server|repair client ↔ server/.test(l))).to.have.length(2);
  });

  it("hold then release: nothing arrives while held, then everything in order", () => {
    const sim = new Sim({ seed: 2, latency: { min: 1, max: 40 }, trace: true });
    const got: string[] = [];
    let heardWhileHeld = -1;
    sim.client("sink", function* () {
      const [s] = yield* (yield* TcpListener.bind("0.0.0.0:9")).accept();
      const text = yield* s.readToString();
      got.push(...text.split(",").filter((x) => x !== ""));
    });
    sim.host("source", function* () {
      yield* sleep(1);
      const s = yield* TcpStream.connect("sink:9");
      sim.hold("source", "sink");
      for (let i = 0; i < 20; i++) yield* s.writeAll(Buffer.from(`${i},`));
      yield* s.shutdown();
      yield* sleep(500);
      heardWhileHeld = got.length;
      sim.release("source", "sink");
    });
    const r = sim.run();
    expect(heardWhileHeld).to.equal(0);
    expect(got).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(r.elapsed).to.be.at.least(501);
    expect(r.trace.some((l) => /hold source ↔ sink/.test(l)) && r.trace.some((l) => /release source ↔ sink/.test(l))).to.equal(true);
  });

  it("crash during a transfer resets the peer (ECONNRESET), and the crashed host's listener is gone until its main binds again", () => {
    const sim = new Sim({ seed: 3, latency: { min: 1, max: 5 }, trace: true });
    let incarnation = 0;
    sim.host("server", function* () {
      incarnation++;
      const l = yield* TcpListener.bind("0.0.0.0:7");
      for (;;) {
        const [s] = yield* l.accept();
        spawn(function* () {
          for (;;) yield* s.writeAll(new Uint8Array(1024)); // a transfer that never ends
        });
      }
    });
    const log: string[] = [];
    sim.client("client", function* () {
      yield* sleep(1);
      const s = yield* TcpStream.connect("server:7");
      const buf = new Uint8Array(4096);
      let total = 0;
      spawn(function* () {
        yield* sleep(100);
        sim.crash("server");
      });
      try {
        for (;;) total += yield* s.read(buf);
      } catch (e) {
        log.push(`${(e as NodeJS.ErrnoException).code} after ${total > 0 ? "some" : "no"} bytes`);
      }
      // Crashed and not restarted: nothing answers (a timeout tells).
      try {
        yield* timeout(300, TcpStream.connect("server:7"));
        log.push("connected to a crashed host");
      } catch (e) {
        log.push(e instanceof TimeoutError ? "connect timed out" : String((e as NodeJS.ErrnoException).code));
      }
      sim.bounce("server");
      yield* sleep(10);
      const again = yield* TcpStream.connect("server:7");
      yield* again.readExact(new Uint8Array(10));
      log.push(`incarnation ${incarnation} serves`);
    });
    const r = sim.run();
    expect(log).to.deep.equal(["ECONNRESET after some bytes", "connect timed out", "incarnation 2 serves"]);
    expect(r.trace.some((l) => /crash server/.test(l))).to.equal(true);
  });

  it("loses UDP datagrams across a partition, keeps them across a hold, and loses a seeded share with udpLoss", () => {
    const run = (fault: "partition" | "hold" | "none", udpLoss: number) => {
      const sim = new Sim({ seed: 4, latency: { min: 1, max: 10 }, udpLoss });
      const got: number[] = [];
      sim.host("rx", function* () {
        const sock = yield* UdpSocket.bind("0.0.0.0:53");
        const buf = new Uint8Array(8);
        for (;;) {
          const [n, from] = yield* sock.recvFrom(buf);
          expect(from.address).to.equal("tx");
          got.push(buf[n - 1]);
        }
      });
      sim.client("tx", function* () {
        yield* sleep(1);
        const sock = yield* UdpSocket.bind("0.0.0.0:0");
        if (fault === "partition") sim.partition("tx", "rx");
        if (fault === "hold") sim.hold("tx", "rx");
        for (let i = 0; i < 100; i++) yield* sock.sendTo(Uint8Array.of(i), "rx:53");
        yield* sleep(100);
        if (fault === "partition") sim.repair("tx", "rx");
        if (fault === "hold") sim.release("tx", "rx");
        yield* sleep(100);
      });
      sim.run();
      return got;
    };
    const all = Array.from({ length: 100 }, (_, i) => i);
    expect(run("none", 0)).to.deep.equal(all);
    expect(run("partition", 0)).to.deep.equal([]);
    expect(run("hold", 0)).to.deep.equal(all);
    const lossy = run("none", 0.3);
    expect(lossy.length).to.be.within(50, 90);
    expect(run("none", 0.3)).to.deep.equal(lossy); // the same seed loses the same datagrams
  });
});
