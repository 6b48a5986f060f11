/**
 * The dump with the leaves the other modules provide: each task reads as
 * "waiting on <what the user wrote>". The exact wording belongs to each leaf's
 * describe(); these checks pin the dump's use of it.
 */
import { expect } from "chai";
import { Mutex, Notify, Runtime, Semaphore, TcpListener, TcpStream, join, mpsc, oneshot, select, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";

function waits(rt: Runtime): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const t of rt.dump().tasks) out[t.name] = t.waitingOn;
  return out;
}

describe("Runtime.dump() with the library's leaves", () => {
  it("shows channels, locks and combinators as the user wrote them", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      const [tx, rx] = mpsc.channel<number>(8);
      const [otx, orx] = oneshot<number>();
      const m = new Mutex(0);
      const guard = yield* m.lock();
      const s = new Semaphore(0);
      const n = new Notify();
      const hs = [
        spawn(function* receiver() {
          yield* rx.recv();
        }),
        spawn(function* oneshotWaiter() {
          yield* orx;
        }),
        spawn(function* locker() {
          yield* m.lock();
        }),
        spawn(function* acquirer() {
          yield* s.acquire();
        }),
        spawn(function* notified() {
          yield* n.notified();
        }),
        spawn(function* joiner() {
          yield* join(sleep(100), sleep(200));
        }),
        spawn(function* selector() {
          yield* select(sleep(100), rx.recv());
        }),
      ];
      yield* sleep(1);
      const w = waits(rt);
      expect(w.receiver).to.match(/^mpsc\.recv\(capacity 8, 0 queued\)/);
      expect(w.oneshotWaiter).to.match(/^oneshot\.recv/);
      expect(w.locker).to.match(/^Mutex\.lock/);
      expect(w.acquirer).to.match(/^Semaphore\.acquire/);
      expect(w.notified).to.match(/^Notify\.notified/);
      expect(w.joiner).to.equal("join(sleep(100ms), sleep(200ms))");
      expect(w.selector).to.match(/^select\(sleep\(100ms\), mpsc\.recv\(/);
      for (const h of hs) h.abort();
      guard.release();
      void tx;
      void otx;
    });
  });

  it("shows sockets with their addresses, and counts them as I/O sources", async () => {
    const rt = new Runtime();
    await rt.run(function* net() {
      const listener = yield* TcpListener.bind("127.0.0.1:0");
      const port = listener.localAddr().port;
      const acceptor = spawn(function* acceptor() {
        const [s] = yield* listener.accept();
        yield* s.read(new Uint8Array(8));
      });
      const client = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const reader = spawn(function* reader() {
        yield* client.read(new Uint8Array(8));
      });
      const idle = yield* TcpListener.bind("127.0.0.1:0");
      const idlePort = idle.localAddr().port;
      const accepting = spawn(function* accepting() {
        yield* idle.accept();
      });
      try {
        // until the acceptor has accepted and every task is parked on its socket
        do yield* sleep(1);
        while (!rt.dump().tasks.every((t) => t.name === "net" || t.waitingOn !== null) || !waits(rt).acceptor!.startsWith("TcpStream.read"));
        const w = waits(rt);
        expect(w.reader).to.equal(`TcpStream.read(127.0.0.1:${port})`);
        expect(w.acceptor).to.match(/^TcpStream\.read\(127\.0\.0\.1:\d+\)$/);
        expect(w.accepting).to.match(new RegExp(`^TcpListener\\.accept\\(127\\.0\\.0\\.1:${idlePort}`));
        expect(rt.metrics().ioSources).to.be.greaterThan(0);
      } finally {
        for (const h of [acceptor, reader, accepting]) h.abort();
        client.close();
        listener.close();
        idle.close();
      }
    });
  });
});
