import { expect } from "chai";
import { JoinError, Mutex, Pending, race, Runtime, sleep, spawn, TryLockError, yieldNow } from "../../lib";
import { block, Poller } from "../support/sync";

describe("Mutex", () => {
  it("gives a guard whose value can be read and replaced", () => {
    block(function* () {
      const m = new Mutex(1);
      {
        using g = yield* m.lock();
        expect(g.value).to.equal(1);
        g.value = 2;
        expect(m.isLocked()).to.equal(true);
      }
      expect(m.isLocked()).to.equal(false);
      const g = yield* m.lock();
      expect(g.value).to.equal(2);
      g.release();
      g.release(); // harmless
      expect(() => g.value).to.throw(TypeError, /after release/);
    });
  });

  it("stays exclusive after a guard is released twice", () => {
    block(function* () {
      const m = new Mutex(0);
      const g = yield* m.lock();
      g.release();
      g.release(); // must not hand out a second unit of the lock
      const again = yield* m.lock();
      expect(m.isLocked()).to.equal(true);
      expect(() => m.tryLock()).to.throw(TryLockError);
      again.release();
      expect(() => m.tryLock().release()).to.not.throw();
    });
  });

  it("makes a second lock wait until the first guard is released", () => {
    const m = new Mutex("x");
    const a = new Poller(m.lock());
    const b = new Poller(m.lock());
    const ga = a.poll();
    expect(ga).to.not.equal(Pending);
    expect(b.poll()).to.equal(Pending);
    (ga as { release(): void }).release();
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.not.equal(Pending);
  });

  it("is fair: the lock goes to waiters in the order they first waited", () => {
    const order = block(function* () {
      const m = new Mutex<string[]>([]);
      const first = yield* m.lock();
      const hs = ["a", "b", "c", "d"].map((name, i) =>
        spawn(function* () {
          yield* sleep(i); // first waits in this order
          using g = yield* m.lock();
          g.value.push(name);
          yield* yieldNow();
        }),
      );
      yield* sleep(10);
      first.release();
      for (const h of hs) yield* h;
      return (yield* m.lock()).value;
    });
    expect(order).to.deep.equal(["a", "b", "c", "d"]);
  });

  it("keeps every increment under contention", () => {
    const n = block(function* () {
      const m = new Mutex({ n: 0 });
      const hs = [];
      for (let t = 0; t < 20; t++) {
        hs.push(
          spawn(function* () {
            for (let i = 0; i < 50; i++) {
              using g = yield* m.lock();
              const seen = g.value.n;
              yield* yieldNow(); // hold the lock across a suspension
              g.value.n = seen + 1;
            }
          }),
        );
      }
      for (const h of hs) yield* h;
      return (yield* m.lock()).value.n;
    });
    expect(n).to.equal(1000);
  });

  it("tryLock fails with TryLockError while locked", () => {
    const m = new Mutex(0);
    const g = m.tryLock();
    expect(() => m.tryLock()).to.throw(TryLockError);
    g.release();
    expect(() => m.tryLock().release()).to.not.throw();
  });

  it("passes the lock on when a lock granted to a cancelled waiter was never taken", () => {
    const m = new Mutex(0);
    const g = m.tryLock();
    const a = new Poller(m.lock());
    const b = new Poller(m.lock());
    a.poll();
    b.poll();
    g.release();
    expect(a.wakes).to.equal(1);
    a.fut.cancel!();
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.not.equal(Pending);
  });

  it("releases the lock when a task holding it is aborted (using runs on cancellation)", () => {
    block(function* () {
      const m = new Mutex(0);
      const holder = spawn(function* () {
        using _g = yield* m.lock();
        yield* sleep(1_000_000);
      });
      yield* sleep(1);
      expect(m.isLocked()).to.equal(true);
      holder.abort();
      try {
        yield* holder;
      } catch (e) {
        expect(e).to.be.instanceOf(JoinError);
      }
      expect(m.isLocked()).to.equal(false);
    });
  });

  it("loses no lock when waiters are cancelled by races", () => {
    block(function* () {
      const m = new Mutex(0);
      const hs = [];
      for (let t = 0; t < 10; t++) {
        hs.push(
          spawn(function* () {
            for (let i = 0; i < 20; i++) {
              const g = yield* race(m.lock(), sleep(1));
              if (g === undefined) continue;
              g.value++;
              yield* sleep(1);
              g.release();
            }
          }),
        );
      }
      for (const h of hs) yield* h;
      expect(m.isLocked()).to.equal(false);
      expect(m.tryLock().value).to.be.greaterThan(0);
    });
  });

  it("describes a waiting lock in the dump", () => {
    const rt = new Runtime({ startPaused: true });
    rt.blockOn(function* () {
      const m = new Mutex(0);
      const g = yield* m.lock();
      spawn(function* waiterA() {
        (yield* m.lock()).release();
      });
      spawn(function* waiterB() {
        (yield* m.lock()).release();
      });
      yield* sleep(1);
      expect(String(rt.dump())).to.contain("waiting on Mutex.lock(2 waiting)");
      g.release();
    });
  });
});
