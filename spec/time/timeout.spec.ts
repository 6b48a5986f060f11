import { expect } from "chai";
import { Context, Future, now, Pending, Poll, ready, Runtime, sleep, spawn, timeout, timeoutAt, TimeoutError } from "../../lib";
import { activeTimers, countingContext, Manual, pausedRuntime } from "../support";
import { nodeTimersSettled } from "../support/time";

/** A leaf whose cancellation takes `polls` more calls (async cleanup), counting them. */
class SlowToCancel extends Future<string> {
  cancels = 0;
  constructor(private polls: number) {
    super();
  }
  poll(): Poll<string> {
    return Pending;
  }
  override cancel(cx?: Context): void | typeof Pending {
    this.cancels++;
    if (this.polls-- > 0) {
      cx?.waker.wake();
      return Pending;
    }
  }
}

describe("timeout()", () => {
  it("gives the inner value when it completes in time, and removes its timer", () => {
    const rt = pausedRuntime();
    const [v, t, timers] = rt.blockOn(function* () {
      const v = yield* timeout(100, function* () {
        yield* sleep(30);
        return "done";
      });
      return [v, now(), rt.metrics().timers];
    });
    expect([v, t, timers]).to.deep.equal(["done", 30, 0]);
  });

  /** Makes a 100 ms timeout outside a runtime or inside one at 0, waits 60 ms, awaits it: the time it fired. */
  function firesAt(made: "outside" | "inside"): number {
    const early = made === "outside" ? timeout(100, new Manual<string>()) : null;
    return pausedRuntime().blockOn(function* () {
      const t = early ?? timeout(100, new Manual<string>());
      yield* sleep(60);
      try {
        yield* t;
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
        return now();
      }
      throw new Error("the timeout did not fire");
    });
  }

  it("counts its limit from when it was made inside a runtime, as tokio's timeout does", () => {
    expect(firesAt("inside")).to.equal(100);
  });

  it("counts its limit from its first poll when made outside any runtime", () => {
    expect(firesAt("outside")).to.equal(160);
  });

  it("throws TimeoutError at the deadline", () => {
    const rt = pausedRuntime();
    let caught: unknown;
    const t = rt.blockOn(function* () {
      try {
        yield* timeout(50, sleep(1000));
      } catch (e) {
        caught = e;
      }
      return now();
    });
    expect(caught).to.be.instanceOf(TimeoutError);
    expect((caught as TimeoutError).name).to.equal("TimeoutError");
    expect((caught as TimeoutError).ms).to.equal(50);
    expect((caught as Error).message).to.match(/timed out after 50ms waiting on sleep\(1000ms\)/);
    expect(t).to.equal(50);
  });

  it("polls the inner future first: a ready value wins even at a zero deadline", () => {
    const rt = pausedRuntime();
    expect(rt.blockOn(timeout(0, ready(7)))).to.equal(7);
  });

  it("lets a future that becomes ready at the deadline win", () => {
    const rt = pausedRuntime();
    const v = rt.blockOn(function* () {
      return yield* timeout(50, sleep(50)); // both due at 50: the inner is polled first
    });
    expect(v).to.equal(undefined);
  });

  it("gives a value that is ready when polled past the deadline", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const m = new Manual<number>();
      const t = timeout(10, m);
      const { cx } = countingContext();
      expect(t.poll(cx)).to.equal(Pending);
      yield* sleep(20); // the deadline passes; nobody polls t
      m.resolve(3);
      expect(t.poll(cx)).to.equal(3);
    });
  });

  it("times out at once for 0 ms when the inner future is pending", () => {
    const rt = pausedRuntime();
    expect(() => rt.blockOn(timeout(0, sleep(5)))).to.throw(TimeoutError);
  });

  it("cancels the inner coroutine and finishes its cleanup before throwing", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      try {
        yield* timeout(10, function* () {
          try {
            yield* sleep(1000);
          } finally {
            log.push(`cleanup starts at ${now()}`);
            yield* sleep(5); // async cleanup
            log.push(`cleanup ends at ${now()}`);
          }
        });
      } catch (e) {
        log.push(`${(e as Error).name} at ${now()}`);
      }
    });
    expect(log).to.deep.equal(["cleanup starts at 10", "cleanup ends at 15", "TimeoutError at 15"]);
  });

  it("keeps calling a cancel that returns Pending until it is done", () => {
    const rt = pausedRuntime();
    const inner = new SlowToCancel(3);
    expect(() => rt.blockOn(timeout(10, inner))).to.throw(TimeoutError);
    expect(inner.cancels).to.equal(4);
  });

  it("throws the error of a failing cleanup instead of hiding it", () => {
    const rt = pausedRuntime();
    expect(() =>
      rt.blockOn(
        timeout(10, function* () {
          try {
            yield* sleep(100);
          } finally {
            throw new Error("cleanup failed");
          }
        }),
      ),
    ).to.throw("cleanup failed");
  });

  it("rethrows the inner error, and removes its timer", () => {
    const rt = pausedRuntime();
    expect(() =>
      rt.blockOn(function* () {
        try {
          yield* timeout(100, function* () {
            yield* sleep(1);
            throw new Error("inner failed");
          });
        } finally {
          expect(rt.metrics().timers).to.equal(0);
        }
      }),
    ).to.throw("inner failed");
  });

  it("cancels the inner future when it is cancelled itself", () => {
    const rt = pausedRuntime();
    const m = new Manual<number>();
    rt.blockOn(function* () {
      const h = spawn(timeout(100, m));
      yield* sleep(1);
      h.abort();
      yield* sleep(1);
      expect(m.cancelled).to.equal(1);
      expect(rt.metrics().timers).to.equal(0);
    });
  });

  it("never times out with Infinity", () => {
    const rt = pausedRuntime();
    const v = rt.blockOn(timeout(Infinity, function* () {
      yield* sleep(1e9);
      return "late";
    }));
    expect(v).to.equal("late");
  });

  it("throws a RangeError for a negative or NaN limit, a TypeError for a non-future", () => {
    expect(() => timeout(-1, ready(1))).to.throw(RangeError, /timeout\(ms, fut\)/);
    expect(() => timeout(NaN, ready(1))).to.throw(RangeError);
    expect(() => timeout(5, 42 as unknown as Future<number>)).to.throw(TypeError, /timeout\(ms, fut\)/);
  });

  it("describes itself with its inner future", () => {
    expect(timeout(100, sleep(5)).describe()).to.equal("timeout(100ms, sleep(5ms))");
  });

  it("leaves no Node timer behind when the inner future wins on the real clock", async () => {
    await nodeTimersSettled();
    const before = activeTimers();
    const v = await new Runtime().run(function* () {
      return yield* timeout(60_000, function* () {
        yield* sleep(2);
        return "fast";
      });
    });
    await nodeTimersSettled();
    expect(v).to.equal("fast");
    expect(activeTimers()).to.equal(before);
  });
});

describe("timeoutAt()", () => {
  it("gives the value when the future beats the deadline, and TimeoutError at the deadline otherwise", () => {
    const out = pausedRuntime().blockOn(function* () {
      const deadline = now() + 100;
      const a = yield* timeoutAt(deadline, function* () {
        yield* sleep(60);
        return "first";
      });
      let err: unknown;
      try {
        yield* timeoutAt(deadline, sleep(60)); // one budget shared: only 40 left
      } catch (e) {
        err = e;
      }
      return { a, at: now(), err };
    });
    expect(out.a).to.equal("first");
    expect(out.at).to.equal(100);
    expect(out.err).to.be.instanceOf(TimeoutError).with.property("ms", 40);
  });

  it("lets a ready future through when the deadline has passed, and times out a pending one at once", () => {
    pausedRuntime().blockOn(function* () {
      yield* sleep(10);
      expect(yield* timeoutAt(5, ready("ok"))).to.equal("ok");
      const m = new Manual<string>();
      const r = timeoutAt(5, m);
      const { cx } = countingContext();
      expect(() => r.poll(cx)).to.throw(TimeoutError);
      expect(m.cancelled).to.equal(1);
    });
  });

  it("made outside a runtime, keeps its deadline on the clock; NaN is a RangeError", () => {
    const t = timeoutAt(30, sleep(1000));
    const at = pausedRuntime().blockOn(function* () {
      try {
        yield* t;
      } catch (e) {
        expect(e).to.be.instanceOf(TimeoutError);
      }
      return now();
    });
    expect(at).to.equal(30);
    expect(() => timeoutAt(NaN, ready(1))).to.throw(RangeError);
  });
});
