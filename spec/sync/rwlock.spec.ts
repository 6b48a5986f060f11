import { expect } from "chai";
import { Pending, RwLock, spawn, TryLockError, yieldNow } from "../../lib";
import { block, Poller } from "../support/sync";

describe("RwLock", () => {
  it("lets many readers in at once", () => {
    const l = new RwLock(5);
    const rs = [1, 2, 3].map(() => new Poller(l.read()));
    for (const r of rs) expect(r.poll()).to.not.equal(Pending);
  });

  it("makes a writer wait for readers, and readers wait for a writer", () => {
    const l = new RwLock(0);
    const r1 = l.tryRead();
    const w = new Poller(l.write());
    expect(w.poll()).to.equal(Pending);
    r1.release();
    expect(w.wakes).to.equal(1);
    const wg = w.poll() as { value: number; release(): void };
    wg.value = 9;
    const r2 = new Poller(l.read());
    expect(r2.poll()).to.equal(Pending);
    wg.release();
    expect(r2.wakes).to.equal(1);
    expect((r2.poll() as { value: number }).value).to.equal(9);
  });

  it("holds back readers that come after a waiting writer (no writer starvation)", () => {
    const l = new RwLock(0);
    const r1 = l.tryRead();
    const w = new Poller(l.write());
    w.poll();
    const late = new Poller(l.read());
    expect(late.poll()).to.equal(Pending);
    expect(() => l.tryRead()).to.throw(TryLockError);
    r1.release();
    expect(w.wakes).to.equal(1);
    expect(late.wakes).to.equal(0);
  });

  it("honours maxReaders", () => {
    const l = new RwLock(0, 2);
    l.tryRead();
    l.tryRead();
    expect(() => l.tryRead()).to.throw(TryLockError);
    expect(() => new RwLock(0, 0)).to.throw(RangeError);
  });

  it("lets readers in once a waiting writer is cancelled", () => {
    const l = new RwLock(0);
    const r1 = l.tryRead();
    const w = new Poller(l.write());
    w.poll();
    const late = new Poller(l.read());
    late.poll();
    w.fut.cancel!();
    expect(late.wakes).to.equal(1);
    expect(late.poll()).to.not.equal(Pending);
    r1.release();
  });

  it("releases with using, and a write guard cannot be used after release", () => {
    block(function* () {
      const l = new RwLock({ n: 1 });
      {
        using w = yield* l.write();
        w.value = { n: 2 };
      }
      using r = yield* l.read();
      expect(r.value.n).to.equal(2);
      const w2 = l.tryRead();
      w2.release();
      expect(() => w2.value).to.throw(TypeError);
    });
  });

  it("never lets a reader see a half-done write under contention", () => {
    block(function* () {
      const l = new RwLock({ a: 0, b: 0 });
      const hs = [];
      for (let t = 0; t < 10; t++) {
        hs.push(
          spawn(function* writer() {
            for (let i = 0; i < 20; i++) {
              using w = yield* l.write();
              w.value.a++;
              yield* yieldNow(); // a suspension in the middle of the write
              w.value.b++;
            }
          }),
          spawn(function* reader() {
            for (let i = 0; i < 20; i++) {
              using r = yield* l.read();
              expect(r.value.a).to.equal(r.value.b);
              yield* yieldNow();
            }
          }),
        );
      }
      for (const h of hs) yield* h;
      using r = yield* l.read();
      expect(r.value).to.deep.equal({ a: 200, b: 200 });
    });
  });
});

describe("RwLockWriteGuard.downgrade()", () => {
  it("keeps read access without letting a writer in, and admits waiting readers at once", () => {
    const lock = new RwLock(1);
    const w = lock.tryWrite();
    w.value = 2;
    const reader = new Poller(lock.read());
    const writer = new Poller(lock.write());
    const readerAfterWriter = new Poller(lock.read());
    expect(reader.poll()).to.equal(Pending);
    expect(writer.poll()).to.equal(Pending);
    expect(readerAfterWriter.poll()).to.equal(Pending);
    const r = w.downgrade();
    expect(r.value).to.equal(2);
    expect(() => w.value).to.throw(TypeError, /after release/);
    expect([reader.wakes, writer.wakes, readerAfterWriter.wakes]).to.deep.equal([1, 0, 0]);
    const r2 = reader.poll() as { release(): void };
    r.release();
    expect(writer.wakes).to.equal(0); // still one reader
    r2.release();
    expect(writer.wakes).to.equal(1);
  });
});
