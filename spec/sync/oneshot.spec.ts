import { expect } from "chai";
import { oneshot, Pending, RecvError, select, sleep, spawn, timeout, TimeoutError, TryRecvError, yieldNow } from "../../lib";
import { joinErrorOf } from "../support";
import { block, Poller } from "../support/sync";

describe("oneshot()", () => {
  it("delivers the value to the receiver", () => {
    const v = block(function* () {
      const [tx, rx] = oneshot<number>();
      spawn(function* () {
        yield* sleep(5);
        expect(tx.send(42)).to.equal(true);
      });
      return yield* rx;
    });
    expect(v).to.equal(42);
  });

  it("is ready at once when the value was sent before the first poll", () => {
    const [tx, rx] = oneshot<string>();
    tx.send("early");
    expect(new Poller(rx).poll()).to.equal("early");
  });

  it("wakes the waiting receiver on send", () => {
    const [tx, rx] = oneshot<string>();
    const r = new Poller(rx);
    expect(r.poll()).to.equal(Pending);
    tx.send("v");
    expect(r.wakes).to.equal(1);
    expect(r.poll()).to.equal("v");
  });

  it("throws RecvError when the sender closes without sending", () => {
    const [tx, rx] = oneshot<number>();
    const r = new Poller(rx);
    expect(r.poll()).to.equal(Pending);
    tx.close();
    expect(r.wakes).to.equal(1);
    expect(() => r.poll()).to.throw(RecvError);
  });

  it("returns false from send once the receiver is closed, and completes tx.closed()", () => {
    const [tx, rx] = oneshot<number>();
    const c = new Poller(tx.closed());
    expect(c.poll()).to.equal(Pending);
    expect(tx.isClosed()).to.equal(false);
    rx.close();
    expect(c.wakes).to.equal(1);
    expect(c.poll()).to.equal(undefined);
    expect(tx.isClosed()).to.equal(true);
    expect(tx.send(1)).to.equal(false);
  });

  it("keeps a value sent before rx.close() receivable", () => {
    const [tx, rx] = oneshot<number>();
    tx.send(7);
    rx.close();
    expect(rx.tryRecv()).to.equal(7);
  });

  it("refuses a second send with a TypeError", () => {
    const [tx] = oneshot<number>();
    tx.send(1);
    expect(() => tx.send(2)).to.throw(TypeError, /twice/);
    tx.close(); // harmless after send
  });

  it("reports tryRecv as empty, then gives the value, then closed", () => {
    const [tx, rx] = oneshot<number>();
    expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "empty");
    tx.send(3);
    expect(rx.tryRecv()).to.equal(3);
    expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "closed");
  });

  it("keeps the value when a wait on it is cancelled by a timeout", () => {
    block(function* () {
      const [tx, rx] = oneshot<string>();
      try {
        yield* timeout(5, rx);
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      tx.send("still here");
      expect(yield* rx).to.equal("still here");
    });
  });

  it("lets a producer give up when the receiver does (tx.closed() in a select)", () => {
    block(function* () {
      const [tx, rx] = oneshot<number>();
      const producer = spawn(function* () {
        const r = yield* select(tx.closed(), sleep(1000));
        return r.index === 0 ? "gave up" : "computed";
      });
      yield* sleep(1);
      rx.close();
      expect(yield* producer).to.equal("gave up");
    });
  });

  it("describes itself", () => {
    const [tx, rx] = oneshot<number>();
    expect(rx.describe()).to.equal("oneshot.recv(empty)");
    expect(tx.closed().describe()).to.equal("oneshot.closed()");
  });
});

describe("oneshot(): a receiver awaited by several tasks at once", () => {
  it("wakes them all when the value comes: one gets it, the others RecvError, none hangs", () => {
    const got = block(function* () {
      const [tx, rx] = oneshot<string>();
      const waiters = [0, 1, 2].map(() =>
        spawn(function* () {
          try {
            return yield* rx;
          } catch (e) {
            return e instanceof RecvError ? `RecvError: ${e.message}` : e;
          }
        }),
      );
      yield* yieldNow(); // all three are parked on rx
      tx.send("v");
      const out: unknown[] = [];
      for (const w of waiters) out.push(yield* timeout(1000, w));
      return out;
    });
    expect(got.filter((v) => v === "v")).to.have.length(1);
    expect(got.filter((v) => v !== "v")).to.deep.equal(Array(2).fill("RecvError: the oneshot value was already received"));
  });

  it("keeps waking the other awaiters when one of them stops waiting", () => {
    const got = block(function* () {
      const [tx, rx] = oneshot<number>();
      const stays = spawn(function* () {
        return yield* rx;
      });
      yield* yieldNow();
      const quitter = spawn(timeout(5, rx));
      expect((yield* joinErrorOf(quitter)).cause).to.be.instanceOf(TimeoutError);
      tx.send(9);
      return yield* timeout(1000, stays);
    });
    expect(got).to.equal(9);
  });

  it("wakes an await parked on the receiver when another task closes it: RecvError", () => {
    const got = block(function* () {
      const [tx, rx] = oneshot<number>();
      const waiter = spawn(joinErrorOf(spawn(function* () {
        return yield* rx;
      })));
      yield* yieldNow();
      rx.close();
      const e = yield* timeout(1000, waiter);
      tx.close();
      return e.cause;
    });
    expect(got).to.be.instanceOf(RecvError);
  });
});
