import { expect } from "chai";
import { Pending, RecvError, sleep, spawn, timeout, TimeoutError, watch, yieldNow } from "../../lib";
import { joinErrorOf } from "../support";
import { block, Poller } from "../support/sync";

describe("watch()", () => {
  it("starts with the initial value, seen", () => {
    const [, rx] = watch("init");
    expect(rx.borrow()).to.equal("init");
    expect(rx.hasChanged()).to.equal(false);
    expect(new Poller(rx.changed()).poll()).to.equal(Pending);
  });

  it("wakes changed() on send and keeps only the latest value", () => {
    const [tx, rx] = watch(0);
    const c = new Poller(rx.changed());
    expect(c.poll()).to.equal(Pending);
    tx.send(1);
    tx.send(2);
    expect(c.wakes).to.equal(1);
    expect(c.poll()).to.equal(undefined);
    expect(rx.borrow()).to.equal(2);
    expect(new Poller(rx.changed()).poll()).to.equal(Pending); // both sends seen at once
  });

  it("borrow() leaves the change unseen, borrowAndUpdate() marks it seen", () => {
    const [tx, rx] = watch(0);
    tx.send(5);
    expect(rx.borrow()).to.equal(5);
    expect(rx.hasChanged()).to.equal(true);
    expect(rx.borrowAndUpdate()).to.equal(5);
    expect(rx.hasChanged()).to.equal(false);
  });

  it("sendModify replaces or mutates in place, and notifies", () => {
    const [tx, rx] = watch({ n: 1 });
    tx.sendModify((v) => {
      v.n = 2;
    });
    expect(rx.borrowAndUpdate().n).to.equal(2);
    const [ntx, nrx] = watch(1);
    ntx.sendModify((n) => n + 1);
    expect(nrx.hasChanged()).to.equal(true);
    expect(nrx.borrow()).to.equal(2);
    expect(ntx.sendIfModified(() => false)).to.equal(false);
    expect(rx.hasChanged()).to.equal(false);
  });

  it("fails send with no receivers (value not stored), but sendReplace stores it", () => {
    const [tx, rx] = watch(1);
    rx.close();
    expect(() => tx.send(2)).to.throw(/no receivers/).with.property("value", 2);
    expect(tx.borrow()).to.equal(1);
    expect(tx.sendReplace(3)).to.equal(1);
    expect(tx.borrow()).to.equal(3);
  });

  it("changed() throws RecvError once the sender is closed and nothing unseen remains", () => {
    block(function* () {
      const [tx, rx] = watch(0);
      tx.send(1);
      tx.close();
      yield* rx.changed(); // the unseen change first
      try {
        yield* rx.changed();
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(RecvError);
      }
    });
  });

  it("wakes a waiting changed() with RecvError when the sender closes", () => {
    const [tx, rx] = watch(0);
    const c = new Poller(rx.changed());
    c.poll();
    tx.close();
    expect(c.wakes).to.equal(1);
    expect(() => c.poll()).to.throw(RecvError);
  });

  it("waitFor() tests the current value first, then each change", () => {
    block(function* () {
      const [tx, rx] = watch(3);
      expect(yield* rx.waitFor((v) => v > 2)).to.equal(3);
      spawn(function* () {
        for (let i = 4; i <= 10; i++) {
          yield* sleep(1);
          tx.send(i);
        }
      });
      expect(yield* rx.waitFor((v) => v % 7 === 0)).to.equal(7);
    });
  });

  it("waitFor() throws RecvError if the sender closes before a match", () => {
    block(function* () {
      const [tx, rx] = watch(0);
      spawn(function* () {
        yield* sleep(1);
        tx.close();
      });
      try {
        yield* rx.waitFor((v) => v > 100);
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(RecvError);
      }
    });
  });

  it("keeps a change unseen when changed() is cancelled by a timeout", () => {
    block(function* () {
      const [tx, rx] = watch(0);
      try {
        yield* timeout(2, rx.changed());
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      tx.send(1);
      yield* rx.changed();
      expect(rx.borrow()).to.equal(1);
    });
  });

  it("gives clones and subscribers their own view", () => {
    const [tx, rx] = watch(0);
    tx.send(1);
    const c = rx.clone();
    const s = tx.subscribe();
    expect(c.hasChanged()).to.equal(true);
    expect(s.hasChanged()).to.equal(false);
    expect(tx.receiverCount()).to.equal(3);
  });

  it("describes changed()", () => {
    const [, rx] = watch(0);
    expect(rx.changed().describe()).to.equal("watch.changed(version 0)");
  });
});

describe("watch(): one receiver waited on by several tasks at once", () => {
  it("completes every changed() waiting on the receiver when a value is sent", () => {
    const got = block(function* () {
      const [tx, rx] = watch(0);
      const waiters = [0, 1, 2].map(() =>
        spawn(function* () {
          yield* rx.changed();
          return rx.borrow();
        }),
      );
      yield* yieldNow(); // all three are parked in changed()
      tx.send(1);
      const out: number[] = [];
      for (const w of waiters) out.push(yield* timeout(1000, w));
      return { out, unseen: rx.hasChanged() };
    });
    expect(got).to.deep.equal({ out: [1, 1, 1], unseen: false });
  });

  it("wakes a changed() parked on the receiver when another task closes it: RecvError", () => {
    const got = block(function* () {
      const [tx, rx] = watch(0);
      const other = tx.subscribe();
      const waiter = spawn(function* () {
        yield* rx.changed();
      });
      const bystander = new Poller(other.changed());
      expect(bystander.poll()).to.equal(Pending);
      yield* yieldNow();
      rx.close();
      const e = yield* joinErrorOf(waiter);
      return { cause: e.cause, bystanderWakes: bystander.wakes };
    });
    expect(got.cause).to.be.instanceOf(RecvError);
    expect(got.bystanderWakes).to.equal(0); // only the closed receiver's waiters are woken
  });
});
