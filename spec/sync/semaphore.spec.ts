import { expect } from "chai";
import { AcquireError, OwnedSemaphorePermit, Pending, select, Semaphore, sleep, spawn, timeout, TimeoutError, TryAcquireError } from "../../lib";
import { block, Poller } from "../support/sync";

describe("Semaphore", () => {
  it("rejects a negative or fractional permit count", () => {
    expect(() => new Semaphore(-1)).to.throw(RangeError);
    expect(() => new Semaphore(1.5)).to.throw(RangeError);
    expect(() => new Semaphore(1).acquire(-2)).to.throw(RangeError);
  });

  it("hands out permits until none are left, then makes acquire wait", () => {
    const s = new Semaphore(2);
    const a = new Poller(s.acquire());
    const b = new Poller(s.acquire());
    const c = new Poller(s.acquire());
    const pa = a.poll();
    expect(pa).to.not.equal(Pending);
    expect(b.poll()).to.not.equal(Pending);
    expect(s.availablePermits()).to.equal(0);
    expect(c.poll()).to.equal(Pending);
    (pa as { release(): void }).release();
    expect(c.wakes).to.equal(1);
    expect(c.poll()).to.not.equal(Pending);
    expect(s.availablePermits()).to.equal(0);
  });

  it("releasing a permit twice is harmless", () => {
    const s = new Semaphore(1);
    const p = s.tryAcquire();
    p.release();
    p.release();
    expect(s.availablePermits()).to.equal(1);
  });

  it("releases permits at the end of a using block", () => {
    block(function* () {
      const s = new Semaphore(3);
      {
        using p = yield* s.acquire(2);
        expect(p.count).to.equal(2);
        expect(s.availablePermits()).to.equal(1);
      }
      expect(s.availablePermits()).to.equal(3);
    });
  });

  it("is FIFO: a waiting large acquire blocks later small ones", () => {
    const s = new Semaphore(2);
    const held = s.tryAcquire(2);
    const big = new Poller(s.acquire(2));
    const small = new Poller(s.acquire(1));
    expect(big.poll()).to.equal(Pending);
    expect(small.poll()).to.equal(Pending);
    s.addPermits(1); // 1 free: enough for small, but big is first
    expect(small.wakes).to.equal(0);
    expect(() => s.tryAcquire(1)).to.throw(TryAcquireError).with.property("kind", "noPermits");
    held.release(); // 3 free: big takes 2, then small 1
    expect(big.wakes).to.equal(1);
    expect(small.wakes).to.equal(1);
    expect(big.poll()).to.not.equal(Pending);
    expect(small.poll()).to.not.equal(Pending);
    expect(s.availablePermits()).to.equal(0);
  });

  it("lets later waiters go once a cancelled head leaves the queue", () => {
    const s = new Semaphore(1);
    const big = new Poller(s.acquire(5));
    const small = new Poller(s.acquire(1));
    expect(big.poll()).to.equal(Pending);
    expect(small.poll()).to.equal(Pending);
    big.fut.cancel!();
    expect(small.wakes).to.equal(1);
    expect(small.poll()).to.not.equal(Pending);
  });

  it("hands permits granted to a cancelled acquire on to the next waiter", () => {
    const s = new Semaphore(0);
    const a = new Poller(s.acquire());
    const b = new Poller(s.acquire());
    a.poll();
    b.poll();
    s.addPermits(1);
    expect(a.wakes).to.equal(1);
    a.fut.cancel!();
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.not.equal(Pending);
    expect(s.availablePermits()).to.equal(0);
  });

  it("removes a cancelled waiter at once (the waiting count drops)", () => {
    const s = new Semaphore(0);
    const ws = [1, 2, 3].map(() => new Poller(s.acquire()));
    for (const w of ws) w.poll();
    expect(s.waiting()).to.equal(3);
    ws[1].fut.cancel!();
    expect(s.waiting()).to.equal(2);
    s.addPermits(2);
    expect(ws.map((w) => w.wakes)).to.deep.equal([1, 0, 1]);
  });

  it("fails waiters and later acquires with AcquireError once closed", () => {
    const s = new Semaphore(0);
    const w = new Poller(s.acquire());
    w.poll();
    s.close();
    expect(w.wakes).to.equal(1);
    expect(() => w.poll()).to.throw(AcquireError);
    expect(() => new Poller(s.acquire()).poll()).to.throw(AcquireError);
    expect(() => s.tryAcquire()).to.throw(TryAcquireError).with.property("kind", "closed");
    expect(s.isClosed()).to.equal(true);
  });

  it("loses no permit when acquires are cancelled by timeouts and selects", () => {
    block(function* () {
      const s = new Semaphore(2);
      const workers = [];
      let inside = 0;
      let maxInside = 0;
      let done = 0;
      for (let i = 0; i < 40; i++) {
        workers.push(
          spawn(function* () {
            for (let k = 0; k < 10; k++) {
              try {
                using _p = yield* timeout(3, s.acquire());
                inside++;
                maxInside = Math.max(maxInside, inside);
                yield* sleep(1);
                inside--;
                done++;
              } catch (e) {
                if (!(e instanceof TimeoutError)) throw e;
              }
              const r = yield* select(s.acquire(), sleep(1));
              if (r.index === 0) r.value.release();
            }
          }),
        );
      }
      for (const w of workers) yield* w;
      expect(maxInside).to.be.at.most(2);
      expect(done).to.be.greaterThan(0);
      expect(s.availablePermits()).to.equal(2); // every permit came back
      expect(s.waiting()).to.equal(0);
    });
  });

  it("describes a waiting acquire", () => {
    const s = new Semaphore(1);
    expect(s.acquire(3).describe()).to.equal("Semaphore.acquire(3 of 1 available, 0 waiting)");
  });

  it("forget() shrinks the semaphore; forgetPermits() removes free ones", () => {
    const s = new Semaphore(3);
    s.tryAcquire(1).forget();
    expect(s.availablePermits()).to.equal(2);
    expect(s.forgetPermits(5)).to.equal(2);
    expect(s.availablePermits()).to.equal(0);
  });

  it("acquire(0) is ready at once when nobody waits", () => {
    const s = new Semaphore(0);
    expect(new Poller(s.acquire(0)).poll()).to.not.equal(Pending);
  });

  it("lets 10,000 cancelled waiters leave without slowing the next grant", () => {
    const s = new Semaphore(0);
    const ws = Array.from({ length: 10_000 }, () => new Poller(s.acquire()));
    for (const w of ws) w.poll();
    for (let i = 0; i < ws.length - 1; i++) ws[i].fut.cancel!();
    expect(s.waiting()).to.equal(1);
    s.addPermits(1);
    expect(ws[ws.length - 1].wakes).to.equal(1);
    expect(s.availablePermits()).to.equal(0);
  });
});

describe("Semaphore permits: MAX_PERMITS, merge, split, many, owned", () => {
  it("caps permits at Semaphore.MAX_PERMITS with a RangeError", () => {
    expect(Semaphore.MAX_PERMITS).to.equal(Number.MAX_SAFE_INTEGER);
    const sem = new Semaphore(Semaphore.MAX_PERMITS);
    expect(sem.availablePermits()).to.equal(Semaphore.MAX_PERMITS);
    expect(() => sem.addPermits(1)).to.throw(RangeError, /MAX_PERMITS/);
    expect(sem.availablePermits()).to.equal(Semaphore.MAX_PERMITS);
    expect(() => new Semaphore(Semaphore.MAX_PERMITS + 2)).to.throw(RangeError, /MAX_PERMITS/);
    expect(() => new Semaphore(0).acquireMany(2 ** 60)).to.throw(RangeError);
  });

  it("addPermits wakes waiters in order, and forgetPermits removes only free ones", () => {
    const sem = new Semaphore(0);
    const big = new Poller(sem.acquireMany(2));
    const small = new Poller(sem.acquire());
    expect(big.poll()).to.equal(Pending);
    expect(small.poll()).to.equal(Pending);
    sem.addPermits(1);
    expect([big.wakes, small.wakes]).to.deep.equal([0, 0]); // the head needs 2; FIFO holds the small one back
    sem.addPermits(2);
    expect([big.wakes, small.wakes]).to.deep.equal([1, 1]);
    sem.addPermits(3);
    expect(sem.forgetPermits(5)).to.equal(3);
    expect(sem.availablePermits()).to.equal(0);
  });

  it("merges permits of one semaphore, and refuses another's", () => {
    const sem = new Semaphore(3);
    const a = sem.tryAcquire();
    const b = sem.tryAcquireMany(2);
    a.merge(b);
    expect([a.count, b.count]).to.deep.equal([3, 0]);
    b.release(); // empty: gives nothing back
    expect(sem.availablePermits()).to.equal(0);
    a.release();
    expect(sem.availablePermits()).to.equal(3);
    const other = new Semaphore(1).tryAcquire();
    const c = sem.tryAcquire();
    expect(() => c.merge(other)).to.throw(TypeError, /different semaphores/);
    expect([c.count, other.count]).to.deep.equal([1, 1]);
  });

  it("splits off n permits that are released on their own, or gives undefined when too few", () => {
    const sem = new Semaphore(3);
    const all = sem.tryAcquireMany(3);
    expect(all.split(4)).to.equal(undefined);
    expect(all.count).to.equal(3);
    const one = all.split(1)!;
    expect([all.count, one.count]).to.deep.equal([2, 1]);
    const waiter = new Poller(sem.acquire());
    expect(waiter.poll()).to.equal(Pending);
    one.release();
    expect(waiter.wakes).to.equal(1);
    all.release();
    expect(sem.availablePermits()).to.equal(2);
  });

  it("owned permits name their semaphore, split into owned permits, and queue FIFO like the others", () => {
    const sem = new Semaphore(1);
    const held = sem.tryAcquireOwned();
    expect(held).to.be.instanceOf(OwnedSemaphorePermit);
    expect(held.semaphore()).to.equal(sem);
    const waiting = new Poller(sem.acquireManyOwned(1));
    const later = new Poller(sem.acquireOwned());
    expect(waiting.poll()).to.equal(Pending);
    expect(later.poll()).to.equal(Pending);
    held.release();
    expect([waiting.wakes, later.wakes]).to.deep.equal([1, 0]);
    const p = waiting.poll() as OwnedSemaphorePermit;
    expect(p.semaphore()).to.equal(sem);
    sem.addPermits(1);
    const q = later.poll() as OwnedSemaphorePermit;
    p.merge(q);
    const part = p.split(1)!;
    expect(part).to.be.instanceOf(OwnedSemaphorePermit);
    expect(part.semaphore()).to.equal(sem);
    expect(() => sem.tryAcquireManyOwned(1)).to.throw(TryAcquireError);
  });

  it("a cancelled owned acquire passes its granted permits on", () => {
    const sem = new Semaphore(0);
    const a = new Poller(sem.acquireOwned());
    const b = new Poller(sem.acquireOwned());
    expect(a.poll()).to.equal(Pending);
    expect(b.poll()).to.equal(Pending);
    sem.addPermits(1);
    expect(a.wakes).to.equal(1);
    a.fut.cancel!();
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.be.instanceOf(OwnedSemaphorePermit);
  });
});
