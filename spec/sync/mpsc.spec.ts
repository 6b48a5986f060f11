import { expect } from "chai";
import { JoinError, mpsc, Runtime, toAsyncIterable, Pending, race, select, SendError, sleep, spawn, timeout, TimeoutError, TryRecvError, TrySendError, yieldNow } from "../../lib";
import { block, Poller } from "../support/sync";

describe("mpsc.channel()", () => {
  it("names its types the tokio way (mpsc.Sender<T>, mpsc.Receiver<T>)", () => {
    const [tx, rx]: [mpsc.Sender<number>, mpsc.Receiver<number>] = mpsc.channel<number>(1);
    const [utx]: [mpsc.UnboundedSender<number>, mpsc.Receiver<number>] = mpsc.unbounded<number>();
    const p: mpsc.Permit<number> = tx.tryReserve();
    p.send(1);
    utx.send(2);
    expect(rx.tryRecv()).to.equal(1);
  });

  it("rejects a capacity below 1 or not whole with a RangeError", () => {
    expect(() => mpsc.channel(0)).to.throw(RangeError, /capacity/);
    expect(() => mpsc.channel(-1)).to.throw(RangeError);
    expect(() => mpsc.channel(1.5)).to.throw(RangeError);
    expect(() => mpsc.channel(NaN)).to.throw(RangeError);
  });

  it("delivers messages in order", () => {
    const got = block(function* () {
      const [tx, rx] = mpsc.channel<number>(4);
      for (let i = 0; i < 4; i++) yield* tx.send(i);
      tx.close();
      const out: number[] = [];
      for (let v; (v = yield* rx.recv()) !== undefined; ) out.push(v);
      return out;
    });
    expect(got).to.deep.equal([0, 1, 2, 3]);
  });

  it("makes send wait while the channel is full, and resumes it on recv", () => {
    const [tx, rx] = mpsc.channel<string>(1);
    const a = new Poller(tx.send("a"));
    expect(a.poll()).to.equal(undefined);
    const b = new Poller(tx.send("b"));
    expect(b.poll()).to.equal(Pending);
    expect(rx.len()).to.equal(1);
    expect(rx.tryRecv()).to.equal("a");
    expect(b.wakes).to.equal(1); // the freed slot went to the waiting send
    expect(b.poll()).to.equal(undefined);
    expect(rx.tryRecv()).to.equal("b");
  });

  it("serves waiting senders in the order they first waited", () => {
    const [tx, rx] = mpsc.channel<number>(1);
    tx.trySend(0);
    const waiting = [1, 2, 3].map((i) => new Poller(tx.send(i)));
    for (const p of waiting) expect(p.poll()).to.equal(Pending);
    const order: number[] = [];
    for (let k = 0; k < 4; k++) {
      order.push(rx.tryRecv());
      for (const p of waiting) if (p.wakes > 0 && p.poll() !== Pending) p.waker.count = -1e9;
    }
    expect(order).to.deep.equal([0, 1, 2, 3]);
  });

  it("gives undefined only once every sender is closed and the buffer is drained", () => {
    const [tx, rx] = mpsc.channel<number>(8);
    const tx2 = tx.clone();
    tx.trySend(1);
    tx.close();
    const r = new Poller(rx.recv());
    expect(r.poll()).to.equal(1);
    expect(r.poll()).to.equal(Pending); // tx2 is still open
    tx2.trySend(2);
    tx2.close();
    expect(r.wakes).to.equal(1);
    expect(r.poll()).to.equal(2);
    expect(r.poll()).to.equal(undefined);
    expect(r.poll()).to.equal(undefined);
    expect(rx.isClosed()).to.equal(true);
  });

  it("wakes a waiting receiver when the last sender closes", () => {
    const [tx, rx] = mpsc.channel<number>(8);
    const r = new Poller(rx.recv());
    expect(r.poll()).to.equal(Pending);
    tx.close();
    tx.close(); // harmless twice
    expect(r.wakes).to.equal(1);
    expect(r.poll()).to.equal(undefined);
  });

  it("fails a send on a closed sender with a SendError even when the channel has room, and queues nothing", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<string>(4);
      const other = tx.clone();
      yield* tx.send("before");
      tx.close();
      for (const attempt of ["awaited", "polled"]) {
        const msg = `after close, ${attempt}`;
        try {
          if (attempt === "awaited") yield* tx.send(msg);
          else new Poller(tx.send(msg)).poll();
          expect.fail("send should have thrown");
        } catch (e) {
          expect(e).to.be.instanceOf(SendError);
          expect((e as SendError<string>).value).to.equal(msg);
          expect((e as Error).message).to.match(/this sender was closed/);
        }
      }
      expect(tx.capacity()).to.equal(3); // the failed sends took no slot
      other.close();
      expect(rx.tryRecv()).to.equal("before");
      expect(yield* rx.recv()).to.equal(undefined);
    });
  });

  it("fails sends after rx.close() with a SendError carrying the value, and still drains what was queued", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<{ id: number }>(2);
      yield* tx.send({ id: 1 });
      rx.close();
      expect(tx.isClosed()).to.equal(true);
      const msg = { id: 2 };
      try {
        yield* tx.send(msg);
        expect.fail("send should have thrown");
      } catch (e) {
        expect(e).to.be.instanceOf(SendError);
        expect((e as SendError<{ id: number }>).value).to.equal(msg);
        expect((e as Error).name).to.equal("SendError");
      }
      expect(yield* rx.recv()).to.deep.equal({ id: 1 });
      expect(yield* rx.recv()).to.equal(undefined);
    });
  });

  it("fails senders that were waiting for room when the receiver closes", () => {
    const [tx, rx] = mpsc.channel<string>(1);
    tx.trySend("queued");
    const w = new Poller(tx.send("waiting"));
    expect(w.poll()).to.equal(Pending);
    rx.close();
    expect(w.wakes).to.equal(1);
    expect(() => w.poll()).to.throw(SendError).with.property("value", "waiting");
  });

  it("reports trySend failures with a kind and the value", () => {
    const [tx, rx] = mpsc.channel<number>(1);
    tx.trySend(1);
    try {
      tx.trySend(2);
      expect.fail();
    } catch (e) {
      expect(e).to.be.instanceOf(TrySendError);
      expect((e as TrySendError<number>).kind).to.equal("full");
      expect((e as TrySendError<number>).value).to.equal(2);
    }
    rx.close();
    expect(() => tx.trySend(3)).to.throw(TrySendError).with.property("kind", "closed");
  });

  it("reports tryRecv failures as empty, then closed", () => {
    const [tx, rx] = mpsc.channel<number>(1);
    expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "empty");
    tx.trySend(7);
    tx.close();
    expect(rx.tryRecv()).to.equal(7);
    expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "closed");
  });

  it("reports capacity and length", () => {
    const [tx, rx] = mpsc.channel<number>(3);
    expect(tx.maxCapacity()).to.equal(3);
    tx.trySend(1);
    tx.trySend(2);
    expect(tx.capacity()).to.equal(1);
    expect(rx.len()).to.equal(2);
    rx.tryRecv();
    expect(tx.capacity()).to.equal(2);
    expect(rx.isEmpty()).to.equal(false);
  });

  it("recvMany takes what is queued up to the limit, and [] at the end", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<number>(10);
      for (let i = 0; i < 5; i++) tx.trySend(i);
      expect(yield* rx.recvMany(3)).to.deep.equal([0, 1, 2]);
      expect(yield* rx.recvMany(10)).to.deep.equal([3, 4]);
      tx.close();
      expect(yield* rx.recvMany(10)).to.deep.equal([]);
    });
    expect(() => mpsc.channel(1)[1].recvMany(0)).to.throw(RangeError);
  });

  it("makes senders wait for a slow consumer and loses nothing (backpressure)", () => {
    const { sum, maxQueued } = block(function* () {
      const [tx, rx] = mpsc.channel<number>(4);
      let maxQueued = 0;
      spawn(function* producer() {
        for (let i = 1; i <= 100; i++) yield* tx.send(i);
        tx.close();
      });
      let sum = 0;
      for (let v; (v = yield* rx.recv()) !== undefined; ) {
        maxQueued = Math.max(maxQueued, rx.len());
        sum += v;
        yield* sleep(1);
      }
      return { sum, maxQueued };
    });
    expect(sum).to.equal(5050);
    expect(maxQueued).to.be.at.most(4);
  });

  it("counts every message from many producers", () => {
    const producers = 50;
    const each = 200;
    const seen = block(function* () {
      const [tx, rx] = mpsc.channel<[number, number]>(8);
      for (let p = 0; p < producers; p++) {
        const mine = tx.clone();
        spawn(function* () {
          for (let i = 0; i < each; i++) {
            yield* mine.send([p, i]);
            if (i % 7 === 0) yield* yieldNow();
          }
          mine.close();
        });
      }
      tx.close();
      const next = new Array(producers).fill(0);
      let n = 0;
      for (let m; (m = yield* rx.recv()) !== undefined; ) {
        const [p, i] = m;
        expect(i).to.equal(next[p]); // per-producer order holds
        next[p]++;
        n++;
      }
      return n;
    });
    expect(seen).to.equal(producers * each);
  });

  it("describes waiting futures for task dumps", () => {
    const [tx, rx] = mpsc.channel<number>(8);
    expect(rx.recv().describe()).to.equal("mpsc.recv(capacity 8, 0 queued)");
    tx.trySend(1);
    expect(tx.send(2).describe()).to.equal("mpsc.send(capacity 8, 1 queued, 0 waiting)");
    expect(mpsc.unbounded<number>()[1].recv().describe()).to.equal("mpsc.recv(unbounded, 0 queued)");
  });

  it("shows a task waiting on recv in the runtime dump", () => {
    const rt = new Runtime({ startPaused: true });
    rt.blockOn(function* () {
      const [tx, rx] = mpsc.channel<number>(8);
      const h = spawn(function* consumer() {
        return yield* rx.recv();
      });
      yield* sleep(1);
      expect(String(rt.dump())).to.match(/consumer.*waiting on mpsc\.recv\(capacity 8, 0 queued\)/);
      tx.trySend(5);
      expect(yield* h).to.equal(5);
    });
  });

  it("is a Stream: next() gives messages, then undefined", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<number>(2);
      tx.trySend(1);
      tx.close();
      expect(yield* rx.next()).to.equal(1);
      expect(yield* rx.next()).to.equal(undefined);
    });
  });
});

describe("mpsc permits (reserve)", () => {
  it("reserves a slot, then sends without waiting", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<string>(1);
      const permit = yield* tx.reserve();
      expect(tx.capacity()).to.equal(0);
      expect(() => tx.trySend("x")).to.throw(TrySendError).with.property("kind", "full");
      permit.send("reserved");
      expect(() => permit.send("twice")).to.throw(TypeError);
      expect(yield* rx.recv()).to.equal("reserved");
    });
  });

  it("returns the slot when the permit is released or disposed", () => {
    const [tx] = mpsc.channel<string>(1);
    {
      using p = tx.tryReserve();
      expect(p).to.be.ok;
      expect(tx.capacity()).to.equal(0);
    }
    expect(tx.capacity()).to.equal(1);
    const p2 = tx.tryReserve();
    p2.release();
    p2.release(); // harmless
    expect(tx.capacity()).to.equal(1);
  });

  it("hands a released slot to a waiting sender", () => {
    const [tx, rx] = mpsc.channel<string>(1);
    const p = tx.tryReserve();
    const w = new Poller(tx.send("after"));
    expect(w.poll()).to.equal(Pending);
    p.release();
    expect(w.wakes).to.equal(1);
    expect(w.poll()).to.equal(undefined);
    expect(rx.tryRecv()).to.equal("after");
  });

  it("keeps the receiver open while a permit could still send after rx.close()", () => {
    const [tx, rx] = mpsc.channel<string>(2);
    const p = tx.tryReserve();
    tx.close();
    rx.close();
    const r = new Poller(rx.recv());
    expect(r.poll()).to.equal(Pending);
    p.send("late but reserved");
    expect(r.poll()).to.equal("late but reserved");
    expect(r.poll()).to.equal(undefined);
  });

  it("keeps a coroutine's recv() waiting while a permit could still send, after every sender and the receiver closed", () => {
    // The same through `yield*`, which takes Recv's own `next()`, not `poll()`.
    const got = block(function* () {
      const [tx, rx] = mpsc.channel<string>(2);
      const p = yield* tx.reserve();
      tx.close();
      rx.close();
      const reader = spawn(function* () {
        const out: (string | undefined)[] = [];
        for (let i = 0; i < 2; i++) out.push(yield* rx.recv());
        return out;
      });
      yield* yieldNow(); // the reader is now waiting
      p.send("late but reserved");
      return yield* reader;
    });
    expect(got).to.deep.equal(["late but reserved", undefined]);
  });
});

describe("mpsc cancellation", () => {
  it("removes a cancelled waiting send from the queue at once, sending nothing", () => {
    const [tx, rx] = mpsc.channel<number>(1);
    tx.trySend(0);
    const a = new Poller(tx.send(1));
    const b = new Poller(tx.send(2));
    expect(a.poll()).to.equal(Pending);
    expect(b.poll()).to.equal(Pending);
    expect(tx.send(9).describe()).to.contain("2 waiting");
    a.fut.cancel!();
    expect(tx.send(9).describe()).to.contain("1 waiting");
    expect(rx.tryRecv()).to.equal(0);
    expect(a.wakes).to.equal(0);
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.equal(undefined);
    expect(rx.tryRecv()).to.equal(2);
    expect(() => rx.tryRecv()).to.throw(TryRecvError);
  });

  it("hands a slot granted to a cancelled send on to the next waiter", () => {
    const [tx, rx] = mpsc.channel<number>(1);
    tx.trySend(0);
    const a = new Poller(tx.send(1));
    const b = new Poller(tx.send(2));
    a.poll();
    b.poll();
    rx.tryRecv(); // the slot is granted to a...
    expect(a.wakes).to.equal(1);
    a.fut.cancel!(); // ...which is cancelled before taking it
    expect(b.wakes).to.equal(1);
    expect(b.poll()).to.equal(undefined);
    expect(rx.tryRecv()).to.equal(2);
    expect(tx.capacity()).to.equal(1); // no slot lost, none invented
  });

  it("loses no message when a recv is cancelled by a timeout", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<string>(4);
      try {
        yield* timeout(10, rx.recv());
        expect.fail("should time out");
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      tx.trySend("kept");
      expect(yield* rx.recv()).to.equal("kept");
    });
  });

  it("sends nothing when a waiting send loses a select", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<string>(1);
      tx.trySend("first");
      const r = yield* select(tx.send("loser"), sleep(5));
      expect(r.index).to.equal(1);
      expect(rx.tryRecv()).to.equal("first");
      expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "empty");
      expect(tx.capacity()).to.equal(1);
    });
  });

  it("loses no message when recvs race against timers many times", () => {
    const got = block(function* () {
      const [tx, rx] = mpsc.channel<number>(2);
      spawn(function* () {
        for (let i = 0; i < 200; i++) {
          yield* tx.send(i);
          if (i % 3 === 0) yield* sleep(2);
        }
        tx.close();
      });
      const out: number[] = [];
      for (;;) {
        const v = yield* race(rx.recv(), sleep(1));
        if (v === undefined) {
          if (rx.isClosed() && rx.isEmpty()) break;
          continue;
        }
        out.push(v);
      }
      return out;
    });
    expect(got).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));
  });

  it("cancels a send blocked in an aborted task, and the next sender gets the slot", () => {
    block(function* () {
      const [tx, rx] = mpsc.channel<string>(1);
      tx.trySend("full");
      const stuck = spawn(function* () {
        yield* tx.send("never");
      });
      const next = spawn(function* () {
        yield* sleep(1);
        yield* tx.send("next");
      });
      yield* sleep(2);
      stuck.abort();
      try {
        yield* stuck;
      } catch (e) {
        expect(e).to.be.instanceOf(JoinError);
      }
      expect(yield* rx.recv()).to.equal("full");
      yield* next;
      expect(yield* rx.recv()).to.equal("next");
      expect(rx.len()).to.equal(0);
    });
  });
});

describe("mpsc.unbounded()", () => {
  it("counts every message from many producers while the consumer's receives keep losing races", () => {
    const total = block(function* () {
      const [tx, rx] = mpsc.unbounded<number>();
      for (let p = 0; p < 20; p++) {
        const mine = tx.clone();
        spawn(function* () {
          for (let i = 0; i < 100; i++) {
            mine.send(1);
            if (i % 10 === 0) yield* sleep(1);
          }
          mine.close();
        });
      }
      tx.close();
      let n = 0;
      for (;;) {
        const r = yield* select(rx.recv(), sleep(1));
        if (r.index === 1) continue; // the receive was cancelled: nothing may be lost
        if (r.value === undefined) break;
        n += r.value;
      }
      return n;
    });
    expect(total).to.equal(2000);
  });

  it("sends synchronously, and yield* of the send also works", () => {
    block(function* () {
      const [tx, rx] = mpsc.unbounded<number>();
      tx.send(1);
      yield* tx.send(2);
      for (let i = 3; i <= 1000; i++) tx.send(i);
      expect(rx.len()).to.equal(1000);
      let sum = 0;
      tx.close();
      for (let v; (v = yield* rx.recv()) !== undefined; ) sum += v;
      expect(sum).to.equal(500500);
    });
  });

  it("throws SendError with the value after rx.close(), and after its own close()", () => {
    const [tx, rx] = mpsc.unbounded<string>();
    const tx2 = tx.clone();
    tx2.close();
    expect(() => tx2.send("x")).to.throw(SendError).with.property("value", "x");
    rx.close();
    expect(() => tx.send("y")).to.throw(SendError).with.property("value", "y");
    expect(() => tx.trySend("z")).to.throw(TrySendError).with.property("kind", "closed");
  });

  it("completes tx.closed() when the receiver closes (bounded too)", () => {
    const [btx, brx] = mpsc.channel<string>(1);
    const b = new Poller(btx.closed());
    expect(b.poll()).to.equal(Pending);
    brx.close();
    expect(b.poll()).to.equal(undefined);
    const [tx, rx] = mpsc.unbounded<string>();
    const c = new Poller(tx.closed());
    expect(c.poll()).to.equal(Pending);
    rx.close();
    expect(c.wakes).to.equal(1);
    expect(c.poll()).to.equal(undefined);
  });
});

describe("mpsc receiver as a stream", () => {
  it("works with stream combinators", () => {
    const got = block(function* () {
      const [tx, rx] = mpsc.channel<number>(4);
      spawn(function* () {
        for (let i = 1; i <= 10; i++) yield* tx.send(i);
        tx.close();
      });
      return yield* rx
        .map((x) => x * 2)
        .filter((x) => x % 4 === 0)
        .collect();
    });
    expect(got).to.deep.equal([4, 8, 12, 16, 20]);
  });

  it("feeds for await through toAsyncIterable", async () => {
    const rt = new Runtime({ startPaused: true });
    const [tx, rx] = mpsc.unbounded<string>();
    const done = rt.run(function* () {
      for (const w of ["a", "b", "c"]) {
        yield* sleep(1);
        tx.send(w);
      }
      tx.close();
    });
    const out: string[] = [];
    for await (const w of toAsyncIterable(rx)) out.push(w);
    await done;
    expect(out).to.deep.equal(["a", "b", "c"]);
  });

  it("ends the stream when the last permit is released after every sender closed", () => {
    const [tx, rx] = mpsc.channel<number>(2);
    const p = tx.tryReserve();
    tx.close();
    const r = new Poller(rx.recv());
    expect(r.poll()).to.equal(Pending);
    p.release();
    expect(r.wakes).to.equal(1);
    expect(r.poll()).to.equal(undefined);
  });
});

describe("mpsc: closing the receiver while a task waits in recv()", () => {
  const kinds: [string, () => [{ send(v: number): unknown; close(): void }, mpsc.Receiver<number>]][] = [
    ["bounded", () => mpsc.channel<number>(4)],
    ["unbounded", () => mpsc.unbounded<number>()],
  ];
  for (const [kind, make] of kinds) {
    it(`wakes a task parked in recv() when another task closes the ${kind} receiver, and it sees the end`, () => {
      const got = block(function* () {
        const [tx, rx] = make();
        const waiter = spawn(function* () {
          return yield* rx.recv();
        });
        yield* yieldNow(); // the waiter is parked in recv()
        spawn(function* closer() {
          rx.close();
        });
        const v = yield* timeout(1000, waiter);
        tx.close();
        return v;
      });
      expect(got).to.equal(undefined);
    });
  }

  it("wakes the parked recv() on close(), and it first drains what a reserved permit still sends", () => {
    const [tx, rx] = mpsc.channel<number>(2);
    const permit = tx.tryReserve();
    const r = new Poller(rx.recv());
    expect(r.poll()).to.equal(Pending);
    rx.close();
    expect(r.wakes).to.equal(1);
    expect(r.poll()).to.equal(Pending); // the permit may still send (tokio: permits outlive close)
    permit.send(7);
    expect(r.wakes).to.equal(2);
    expect(r.poll()).to.equal(7);
    expect(r.poll()).to.equal(undefined); // tx is alive, but the closed receiver has reached its end
  });
});
