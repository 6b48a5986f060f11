import { expect } from "chai";
import { blockOn, Context, Future, lazy, pending, Pending, Poll, pollFn, ready, Runtime, RuntimeError, shield, spawn, yieldNow } from "../../lib";
import { Coroutine } from "../../lib/core/coroutine";
import { countingContext, PendingTimes, pendingOnce } from "../support";

describe("Future", () => {
  it("runs nothing until polled", () => {
    let ran = 0;
    function* body() {
      ran++;
      return 1;
    }
    const gen = body();
    const lz = lazy(() => ++ran);
    const pf = pollFn(() => ++ran);
    expect(ran).to.equal(0);
    expect(blockOn(gen)).to.equal(1);
    expect(ran).to.equal(1);
    void lz;
    void pf;
  });

  it("gives a ready value to yield* without suspending the coroutine", () => {
    const rt = new Runtime();
    const v = rt.blockOn(function* () {
      let s = 0;
      for (let i = 0; i < 100; i++) s += yield* ready(i);
      return s;
    });
    expect(v).to.equal(4950);
    // one poll of the main task: no ready await ever suspended it
    expect(rt.metrics().polls).to.equal(1);
  });

  it("awaits 1,000,000 ready values in a row without growing the stack", () => {
    function* inner(i: number) {
      return (yield* ready(i)) & 1;
    }
    const v = blockOn(function* () {
      let odd = 0;
      for (let i = 0; i < 1_000_000; i++) odd += yield* inner(i);
      return odd;
    });
    expect(v).to.equal(500_000);
  });

  it("types yield* by the future's output", () => {
    const v: number = blockOn(function* () {
      const n: number = yield* ready(2);
      const s: string = yield* ready("x");
      // @ts-expect-error a Future<number> does not give a string
      const wrong: string = yield* ready(3);
      void wrong;
      return n + s.length;
    });
    expect(v).to.equal(3);
  });

  it("throws a leaf's poll error into the coroutine at the yield*", () => {
    const boom = pollFn<number>(() => {
      throw new Error("leaf failed");
    });
    const v = blockOn(function* () {
      try {
        yield* boom;
        return "not reached";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(v).to.equal("leaf failed");
  });

  it("inlines yield* of another generator and propagates its return value and errors", () => {
    function* child(x: number) {
      yield* pendingOnce(0);
      if (x < 0) throw new RangeError("negative");
      return x * 10;
    }
    expect(
      blockOn(function* () {
        const a = yield* child(4);
        let msg = "";
        try {
          yield* child(-1);
        } catch (e) {
          msg = (e as Error).name;
        }
        return [a, msg];
      }),
    ).to.deep.equal([40, "RangeError"]);
  });

  it("accepts an untyped `yield fut` and a yielded generator object", () => {
    function* g() {
      yield* pendingOnce(0);
      return "gen";
    }
    expect(
      blockOn(function* () {
        const a = (yield ready(5)) as number;
        const b = (yield pendingOnce(6)) as number;
        const c = (yield g()) as string;
        return [a, b, c];
      }),
    ).to.deep.equal([5, 6, "gen"]);
  });

  it("throws a TypeError naming the value into a coroutine that yields a non-future", () => {
    const caught = blockOn(function* () {
      const out: string[] = [];
      for (const bad of [42, "text", null, Promise.resolve(1)]) {
        try {
          yield bad as never;
          out.push("no error");
        } catch (e) {
          expect(e).to.be.instanceOf(TypeError);
          out.push((e as Error).message);
        }
      }
      return out;
    });
    expect(caught[0]).to.match(/yielded the number 42, which is not a future/);
    expect(caught[1]).to.match(/the string "text"/);
    expect(caught[2]).to.match(/yielded null/);
    expect(caught[3]).to.match(/a Promise.*fromPromise/);
  });

  it("throws a clear error when awaited outside a coroutine", () => {
    expect(() => [...ready(1)]).to.throw(/outside a genfut coroutine/);
  });

  it("reports misuse of the machinery as a RuntimeError", () => {
    expect(() => [...ready(1)]).to.throw(RuntimeError, /outside a genfut coroutine/);
    const cx = countingContext().cx;
    const co = new Coroutine((function* () {
      return 1;
    })());
    expect(co.poll(cx)).to.equal(1);
    expect(() => co.poll(cx)).to.throw(RuntimeError, "a coroutine was polled after it completed");
    const s = shield(ready(2));
    expect(s.poll(cx)).to.equal(2);
    expect(() => s.poll(cx)).to.throw(RuntimeError, /^shield\(ready\(.*\)\) was polled after it completed$/);
  });

  it("lets a hand-written leaf register the latest waker and be woken", () => {
    class Flag extends Future<string> {
      set = false;
      waker: Context["waker"] | null = null;
      poll(cx: Context): Poll<string> {
        if (this.set) return "raised";
        this.waker = cx.waker;
        return Pending;
      }
    }
    const flag = new Flag();
    const v = blockOn(function* () {
      spawn(function* raiser() {
        yield* yieldNow();
        flag.set = true;
        flag.waker!.wake();
      });
      return yield* flag;
    });
    expect(v).to.equal("raised");
  });
});

describe("pollFn()", () => {
  it("polls the function until it is ready", () => {
    let polls = 0;
    const v = blockOn(
      pollFn((cx) => {
        if (++polls < 3) {
          cx.waker.wake();
          return Pending;
        }
        return polls;
      }),
    );
    expect(v).to.equal(3);
  });
});

describe("lazy()", () => {
  it("calls the function at the first poll and is ready with its result", () => {
    const { cx } = countingContext();
    let calls = 0;
    const f = lazy(() => ++calls);
    expect(calls).to.equal(0);
    expect(f.poll(cx)).to.equal(1);
  });
});

describe("pending()", () => {
  it("never completes and describes itself", () => {
    const { cx, waker } = countingContext();
    const p = pending<number>();
    expect(p.poll(cx)).to.equal(Pending);
    expect(waker.count).to.equal(0);
    expect(p.describe()).to.equal("pending()");
  });
});

describe("yieldNow()", () => {
  it("re-queues the task behind the others", () => {
    const log: string[] = [];
    blockOn(function* () {
      spawn(function* a() {
        log.push("a1");
        yield* yieldNow();
        log.push("a2");
      });
      spawn(function* b() {
        log.push("b1");
        yield* yieldNow();
        log.push("b2");
      });
      yield* yieldNow();
      yield* yieldNow();
    });
    expect(log).to.deep.equal(["a1", "b1", "a2", "b2"]);
  });

  it("resumes only after Node's event loop has had a turn, even within the default host slice", async () => {
    // Checked on each of a few yields: a wake that skipped the host turn would
    // resume the task in the same drain, long before the 2 ms slice ends.
    const seen = await new Runtime().run(function* () {
      const seen: boolean[] = [];
      for (let i = 0; i < 5; i++) {
        let ran = false;
        setImmediate(() => (ran = true));
        yield* yieldNow();
        seen.push(ran);
      }
      return seen;
    });
    expect(seen).to.deep.equal([true, true, true, true, true]);
  });

  it("lets Node's event loop run between iterations of a yieldNow() loop", async () => {
    let timerFired = false;
    setTimeout(() => (timerFired = true), 1);
    const iterations = await new Runtime().run(function* () {
      let n = 0;
      // Bounded: a loop that never reached the event loop would otherwise
      // hang the suite (mocha's timeout cannot interrupt a synchronous loop).
      while (!timerFired && n < 1_000_000) {
        n++;
        yield* yieldNow();
      }
      return n;
    });
    expect(timerFired, `the timer had not fired after ${iterations} yields`).to.equal(true);
    expect(iterations).to.be.greaterThan(0);
  });
});

describe("Coroutine", () => {
  it("is polled by its owner like any future", () => {
    const { cx, waker } = countingContext();
    const leaf = new PendingTimes(2, "v");
    function* body() {
      return yield* leaf;
    }
    const co = new Coroutine(body());
    expect(co.poll(cx)).to.equal(Pending);
    expect(co.poll(cx)).to.equal(Pending);
    expect(co.poll(cx)).to.equal("v");
    expect(leaf.polls).to.equal(3);
    expect(waker.count).to.equal(2);
    expect(() => co.poll(cx)).to.throw(/after it completed/);
  });
});
