import { expect } from "chai";
import { Notify, Pending, sleep, spawn, timeout, TimeoutError } from "../../lib";
import { block, Poller } from "../support/sync";

describe("Notify", () => {
  it("notifyOne wakes the longest waiting task first", () => {
    const n = new Notify();
    const a = new Poller(n.notified());
    const b = new Poller(n.notified());
    a.poll();
    b.poll();
    n.notifyOne();
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    expect(a.poll()).to.equal(undefined);
    expect(b.poll()).to.equal(Pending);
    n.notifyOne();
    expect(b.poll()).to.equal(undefined);
  });

  it("stores one permit when nobody waits, and only one", () => {
    const n = new Notify();
    n.notifyOne();
    n.notifyOne();
    expect(new Poller(n.notified()).poll()).to.equal(undefined);
    expect(new Poller(n.notified()).poll()).to.equal(Pending);
  });

  it("notifyWaiters wakes every waiter and stores no permit", () => {
    const n = new Notify();
    const ws = [1, 2, 3].map(() => new Poller(n.notified()));
    for (const w of ws) w.poll();
    n.notifyWaiters();
    for (const w of ws) expect(w.poll()).to.equal(undefined);
    expect(new Poller(n.notified()).poll()).to.equal(Pending);
  });

  it("notifyWaiters also completes futures created before it but not yet polled", () => {
    const n = new Notify();
    const early = n.notified();
    n.notifyWaiters();
    const late = n.notified();
    expect(new Poller(early).poll()).to.equal(undefined);
    expect(new Poller(late).poll()).to.equal(Pending);
  });

  it("passes a notifyOne meant for a cancelled waiter on to the next", () => {
    const n = new Notify();
    const a = new Poller(n.notified());
    const b = new Poller(n.notified());
    a.poll();
    b.poll();
    n.notifyOne();
    a.fut.cancel!();
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.equal(undefined);
  });

  it("stores the permit again when the only notified waiter is cancelled", () => {
    const n = new Notify();
    const a = new Poller(n.notified());
    a.poll();
    n.notifyOne();
    a.fut.cancel!();
    expect(new Poller(n.notified()).poll()).to.equal(undefined);
  });

  it("removes a waiter cancelled by a timeout from the queue", () => {
    block(function* () {
      const n = new Notify();
      try {
        yield* timeout(5, n.notified());
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      expect(n.notified().describe()).to.equal("Notify.notified(0 waiting)");
      const h = spawn(function* () {
        yield* n.notified();
        return "woken";
      });
      yield* sleep(1);
      n.notifyOne();
      expect(yield* h).to.equal("woken");
    });
  });
});

describe("Notify.notifyLast()", () => {
  it("wakes the waiter that came last (LIFO), or stores a permit", () => {
    const n = new Notify();
    const first = new Poller(n.notified());
    const last = new Poller(n.notified());
    expect(first.poll()).to.equal(Pending);
    expect(last.poll()).to.equal(Pending);
    n.notifyLast();
    expect([first.wakes, last.wakes]).to.deep.equal([0, 1]);
    expect(last.poll()).to.equal(undefined);
    n.notifyLast();
    expect(first.wakes).to.equal(1);
    expect(first.poll()).to.equal(undefined);
    n.notifyLast(); // nobody waits: one permit
    expect(new Poller(n.notified()).poll()).to.equal(undefined);
    expect(new Poller(n.notified()).poll()).to.equal(Pending);
  });

  it("passes a notification on from the same end when its pick is cancelled", () => {
    const n = new Notify();
    const a = new Poller(n.notified());
    const b = new Poller(n.notified());
    const c = new Poller(n.notified());
    for (const p of [a, b, c]) expect(p.poll()).to.equal(Pending);
    n.notifyLast();
    expect(c.wakes).to.equal(1);
    c.fut.cancel!();
    expect([a.wakes, b.wakes]).to.deep.equal([0, 1]);
  });
});
