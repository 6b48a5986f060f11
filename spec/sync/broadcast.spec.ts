import { expect } from "chai";
import { broadcast, LaggedError, Pending, sleep, spawn, timeout, TimeoutError, TryRecvError, yieldNow } from "../../lib";
import { block, Poller } from "../support/sync";

describe("broadcast()", () => {
  it("rejects a capacity below 1", () => {
    expect(() => broadcast(0)).to.throw(RangeError);
  });

  it("delivers every message to every receiver", () => {
    block(function* () {
      const [tx, rx1] = broadcast<number>(8);
      const rx2 = tx.subscribe();
      expect(tx.send(1)).to.equal(2);
      tx.send(2);
      expect([yield* rx1.recv(), yield* rx1.recv()]).to.deep.equal([1, 2]);
      expect([yield* rx2.recv(), yield* rx2.recv()]).to.deep.equal([1, 2]);
    });
  });

  it("wakes every waiting receiver on send", () => {
    const [tx, rx1] = broadcast<string>(2);
    const rx2 = tx.subscribe();
    const a = new Poller(rx1.recv());
    const b = new Poller(rx2.recv());
    expect(a.poll()).to.equal(Pending);
    expect(b.poll()).to.equal(Pending);
    tx.send("hi");
    expect([a.wakes, b.wakes]).to.deep.equal([1, 1]);
    expect(a.poll()).to.equal("hi");
    expect(b.poll()).to.equal("hi");
  });

  it("gives a subscriber only what is sent after it subscribed", () => {
    const [tx, rx] = broadcast<number>(4);
    tx.send(1);
    const late = tx.subscribe();
    tx.send(2);
    expect(late.tryRecv()).to.equal(2);
    expect(rx.tryRecv()).to.equal(1);
  });

  it("tells a lagging receiver how many it missed, then resumes at the oldest kept", () => {
    const [tx, rx] = broadcast<number>(3);
    for (let i = 1; i <= 7; i++) tx.send(i);
    try {
      rx.tryRecv();
      expect.fail("should lag");
    } catch (e) {
      expect(e).to.be.instanceOf(LaggedError);
      expect((e as LaggedError).skipped).to.equal(4);
      expect((e as Error).name).to.equal("LaggedError");
    }
    expect([rx.tryRecv(), rx.tryRecv(), rx.tryRecv()]).to.deep.equal([5, 6, 7]);
    expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "empty");
  });

  it("throws LaggedError from yield* recv() too", () => {
    block(function* () {
      const [tx, rx] = broadcast<number>(1);
      tx.send(1);
      tx.send(2);
      try {
        yield* rx.recv();
        expect.fail();
      } catch (e) {
        expect((e as LaggedError).skipped).to.equal(1);
      }
      expect(yield* rx.recv()).to.equal(2);
    });
  });

  it("reports a send with no receivers as a SendError carrying the value", () => {
    const [tx, rx] = broadcast<string>(2);
    rx.close();
    expect(() => tx.send("nobody")).to.throw(/no receivers/).with.property("value", "nobody");
    expect(tx.receiverCount()).to.equal(0);
  });

  it("gives undefined once every sender is closed and everything was seen", () => {
    block(function* () {
      const [tx, rx] = broadcast<number>(4);
      const tx2 = tx.clone();
      tx.send(1);
      tx.close();
      tx2.send(2);
      tx2.close();
      expect(yield* rx.recv()).to.equal(1);
      expect(yield* rx.recv()).to.equal(2);
      expect(yield* rx.recv()).to.equal(undefined);
      expect(() => rx.tryRecv()).to.throw(TryRecvError).with.property("kind", "closed");
    });
  });

  it("drops a message once every receiver has read it", () => {
    const [tx, rx1] = broadcast<object>(4);
    const rx2 = tx.subscribe();
    const msg = { big: true };
    tx.send(msg);
    rx1.tryRecv();
    expect((tx as unknown as { shared: { values: unknown[] } }).shared.values[0]).to.equal(msg);
    rx2.tryRecv();
    expect((tx as unknown as { shared: { values: unknown[] } }).shared.values[0]).to.equal(undefined);
    tx.send({});
    rx2.close(); // a closing receiver no longer holds what it had not read
    rx1.tryRecv();
    expect((tx as unknown as { shared: { values: unknown[] } }).shared.values[1]).to.equal(undefined);
  });

  it("loses nothing when a recv is cancelled by a timeout", () => {
    block(function* () {
      const [tx, rx] = broadcast<number>(4);
      try {
        yield* timeout(3, rx.recv());
        expect.fail();
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      tx.send(9);
      expect(yield* rx.recv()).to.equal(9);
    });
  });

  it("lets many receivers each count every message", () => {
    const counts = block(function* () {
      const [tx, first] = broadcast<number>(1000);
      const rxs = [first, ...Array.from({ length: 9 }, () => tx.subscribe())];
      const hs = rxs.map((rx) =>
        spawn(function* () {
          let n = 0;
          while ((yield* rx.recv()) !== undefined) n++;
          return n;
        }),
      );
      for (let i = 0; i < 500; i++) {
        tx.send(i);
        if (i % 50 === 0) yield* sleep(1);
      }
      tx.close();
      const out = [];
      for (const h of hs) out.push(yield* h);
      return out;
    });
    expect(counts).to.deep.equal(new Array(10).fill(500));
  });

  it("describes a waiting recv", () => {
    const [, rx] = broadcast<number>(16);
    expect(rx.recv().describe()).to.equal("broadcast.recv(capacity 16, 0 unseen)");
  });

  it("resubscribe() starts at the next message; len() counts what is unseen", () => {
    const [tx, rx] = broadcast<number>(4);
    tx.send(1);
    tx.send(2);
    expect(rx.len()).to.equal(2);
    const again = rx.resubscribe();
    expect(again.isEmpty()).to.equal(true);
    tx.send(3);
    expect(again.tryRecv()).to.equal(3);
    expect(rx.len()).to.equal(3);
  });

  it("is a Stream: next() gives messages, then undefined", () => {
    block(function* () {
      const [tx, rx] = broadcast<number>(4);
      tx.send(1);
      tx.close();
      expect(yield* rx.next()).to.equal(1);
      expect(yield* rx.next()).to.equal(undefined);
    });
  });
});

describe("broadcast(): closing a receiver while a task waits in recv()", () => {
  it("wakes the task parked in recv(), which then sees the end", () => {
    const got = block(function* () {
      const [tx, rx] = broadcast<number>(4);
      const waiter = spawn(function* () {
        return yield* rx.recv();
      });
      yield* yieldNow();
      spawn(function* closer() {
        rx.close();
      });
      const v = yield* timeout(1000, waiter);
      tx.close();
      return v;
    });
    expect(got).to.equal(undefined);
  });
});

describe("broadcast(): capacity", () => {
  it("allocates its ring as messages arrive, not for the whole capacity up front", function () {
    this.timeout(2000); // an eager 2**26-slot ring took 40 s and 3.5 GB
    const heap0 = process.memoryUsage().heapUsed;
    const [tx2, rx2] = broadcast<number>(2 ** 32); // past the longest JavaScript array
    const [tx, rx] = broadcast<number>(2 ** 26);
    expect(process.memoryUsage().heapUsed - heap0).to.be.below(16 * 1024 * 1024);
    for (let i = 0; i < 100; i++) tx.send(i);
    tx2.send(1);
    tx2.send(2);
    const got: number[] = [];
    for (let i = 0; i < 100; i++) got.push(rx.tryRecv());
    expect(got).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
    expect([rx2.tryRecv(), rx2.tryRecv()]).to.deep.equal([1, 2]);
  });

  it("keeps exactly the last capacity messages once the ring has grown to it", () => {
    const [tx, rx] = broadcast<number>(3);
    const late = tx.subscribe();
    for (let i = 0; i < 2; i++) tx.send(i);
    expect([rx.tryRecv(), rx.tryRecv()]).to.deep.equal([0, 1]);
    for (let i = 2; i < 7; i++) tx.send(i);
    expect(() => late.tryRecv()).to.throw(LaggedError, /4/);
    expect([late.tryRecv(), late.tryRecv(), late.tryRecv()]).to.deep.equal([4, 5, 6]);
    expect(() => rx.tryRecv()).to.throw(LaggedError, /2/);
    expect([rx.tryRecv(), rx.tryRecv(), rx.tryRecv()]).to.deep.equal([4, 5, 6]);
  });
});
