import { expect } from "chai";
import { advance, Interval, interval, intervalAt, MissedTickBehavior, now, Pending, sleep, spawn, Stream } from "../../lib";
import { countingContext, pausedRuntime } from "../support";

/**
 * tokio's `time_interval` cases, re-derived for genfut. tokio's interval is
 * created at `start` and the test clock is moved 1 ms ahead first (its wheel
 * needs that millisecond); we do the same, so every expected value below is
 * tokio's own. `poll` asserts the ticks that are ready, then that the
 * interval is pending.
 */
function tokioCase(missedTick: MissedTickBehavior | undefined, body: (poll: (...ticks: number[]) => void, iv: Interval) => Generator<unknown, void, unknown>): void {
  const rt = pausedRuntime();
  rt.blockOn(function* () {
    const iv = interval(300, missedTick === undefined ? {} : { missedTick });
    const { cx } = countingContext();
    const poll = (...ticks: number[]): void => {
      for (const t of ticks) expect(iv.pollTick(cx), `at ${now()}`).to.equal(t);
      expect(iv.pollTick(cx), `at ${now()}`).to.equal(Pending);
    };
    yield* advance(1);
    yield* body(poll, iv);
  });
}

describe("interval()", () => {
  it("bursts missed ticks back to back, then keeps the original schedule (tokio burst)", () => {
    tokioCase(undefined, function* (poll) {
      poll(0);
      yield* advance(100);
      poll();
      yield* advance(200);
      poll(300);
      yield* advance(650);
      poll(600, 900);
      yield* advance(200);
      poll();
      yield* advance(100);
      poll(1200);
      yield* advance(250);
      poll(1500);
      yield* advance(300);
      poll(1800);
    });
  });

  it("restarts the schedule from the late tick (tokio delay)", () => {
    tokioCase("delay", function* (poll) {
      poll(0);
      yield* advance(100);
      poll();
      yield* advance(200);
      poll(300);
      yield* advance(650);
      poll(600);
      yield* advance(100);
      poll();
      yield* advance(201);
      poll(1251);
      yield* advance(300);
      poll(1551);
      yield* advance(300);
      poll(1851);
    });
  });

  it("skips missed ticks and stays on the original grid (tokio skip)", () => {
    tokioCase("skip", function* (poll) {
      poll(0);
      yield* advance(100);
      poll();
      yield* advance(200);
      poll(300);
      yield* advance(650);
      poll(600);
      yield* advance(250);
      poll(1200);
      yield* advance(300);
      poll(1500);
      yield* advance(300);
      poll(1800);
    });
  });

  it("reset() puts the next tick a period from now (tokio reset)", () => {
    tokioCase(undefined, function* (poll, iv) {
      poll(0);
      yield* advance(100);
      poll();
      yield* advance(200);
      poll(300);
      yield* advance(100);
      poll();
      iv.reset();
      yield* advance(250);
      poll();
      yield* advance(50);
      poll(701);
      yield* advance(300);
      poll(1001);
    });
  });

  it("gives a first tick at once, then one per period, as a task sees them", () => {
    const rt = pausedRuntime();
    const seen = rt.blockOn(function* () {
      const iv = interval(100);
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push(yield* iv.tick());
      return [out, now()];
    });
    expect(seen).to.deep.equal([[0, 100, 200, 300], 300]);
  });

  it("after a stall: burst catches up, delay shifts, skip realigns", () => {
    const schedule = (missedTick: MissedTickBehavior): number[] => {
      const rt = pausedRuntime();
      return rt.blockOn(function* () {
        const iv = interval(100, { missedTick });
        const wokeAt: number[] = [];
        for (let i = 0; i < 6; i++) {
          yield* iv.tick();
          wokeAt.push(now());
          if (i === 1) yield* sleep(250); // a stall: ticks 200 and 300 are missed
        }
        return wokeAt;
      });
    };
    expect(schedule("burst")).to.deep.equal([0, 100, 350, 350, 400, 500]);
    expect(schedule("delay")).to.deep.equal([0, 100, 350, 450, 550, 650]);
    expect(schedule("skip")).to.deep.equal([0, 100, 350, 400, 500, 600]);
  });

  it("starts its schedule at the first poll when made outside a runtime", () => {
    const iv = interval(50);
    const rt = pausedRuntime();
    const ticks = rt.blockOn(function* () {
      yield* sleep(20);
      return [yield* iv.tick(), yield* iv.tick()];
    });
    expect(ticks).to.deep.equal([20, 70]);
  });

  it("is a Stream of tick times that ends when closed", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      const iv = interval(10);
      expect(iv).to.be.instanceOf(Stream);
      const out: (number | undefined)[] = [];
      for (let i = 0; i < 3; i++) out.push(yield* iv.next());
      iv.close();
      out.push(yield* iv.next());
      return out;
    });
    expect(got).to.deep.equal([0, 10, 20, undefined]);
  });

  it("throws from tick() after close()", () => {
    const rt = pausedRuntime();
    expect(() =>
      rt.blockOn(function* () {
        const iv = interval(10);
        iv.close();
        yield* iv.tick();
      }),
    ).to.throw(RangeError, /after close/);
  });

  it("leaves no timer registered when a tick is cancelled, and keeps its schedule", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const iv = interval(100);
      yield* iv.tick(); // 0
      const h = spawn(function* () {
        yield* iv.tick();
      });
      yield* sleep(10);
      expect(rt.metrics().timers).to.equal(1);
      h.abort();
      yield* sleep(1);
      expect(rt.metrics().timers).to.equal(0);
      expect(yield* iv.tick()).to.equal(100);
      expect(now()).to.equal(100);
    });
  });

  it("closes on dispose", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const iv = interval(10);
      {
        using ticking = iv;
        yield* ticking.tick();
        const { cx } = countingContext();
        ticking.pollTick(cx); // registers the next tick
        expect(rt.metrics().timers).to.equal(1);
      }
      expect(rt.metrics().timers).to.equal(0);
      expect(yield* iv.next()).to.equal(undefined);
    });
  });

  it("throws a RangeError for a zero, negative, NaN or infinite period, or an unknown missedTick", () => {
    expect(() => interval(0)).to.throw(RangeError, /ms must be .*> 0.*got the number 0/);
    expect(() => interval(-5)).to.throw(RangeError);
    expect(() => interval(NaN)).to.throw(RangeError);
    expect(() => interval(Infinity)).to.throw(RangeError);
    expect(() => interval(10, { missedTick: "later" as MissedTickBehavior })).to.throw(RangeError, /missedTick/);
  });

  it("throws a RangeError naming the period for one under 1 ms, the clock's resolution", () => {
    expect(() => interval(1e-9)).to.throw(RangeError, /interval\(ms, options\): ms must be a period of at least 1 ms.*got 1e-9/);
    expect(() => interval(0.999)).to.throw(RangeError, /got 0\.999/);
    const rt = pausedRuntime();
    const ticks = rt.blockOn(function* () {
      const iv = interval(1);
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) seen.push(yield* iv.tick());
      return seen;
    });
    expect(ticks).to.deep.equal([0, 1, 2]);
  });

  it("describes itself and its tick for task dumps", () => {
    const iv = interval(250);
    expect(iv.describe()).to.equal("interval(250ms)");
    expect(iv.tick().describe()).to.equal("interval(250ms).tick()");
  });
});

describe("Interval resets (resetAt, resetAfter, resetImmediately) and intervalAt()", () => {
  it("resetAfter(ms) moves the next tick, and later ticks follow a period apart", () => {
    const ticks = pausedRuntime().blockOn(function* () {
      const iv = interval(100);
      const out: number[] = [yield* iv.tick()]; // 0
      yield* sleep(30);
      iv.resetAfter(20);
      out.push(yield* iv.tick(), yield* iv.tick());
      return out;
    });
    expect(ticks).to.deep.equal([0, 50, 150]);
  });

  it("resetAt(t) moves the next tick to t, and wakes a task waiting in tick() for the new time", () => {
    const out = pausedRuntime().blockOn(function* () {
      const iv = interval(100);
      yield* iv.tick();
      const waiter = spawn(function* () {
        const t = yield* iv.tick(); // would be 100
        return [t, now()];
      });
      yield* sleep(10);
      iv.resetAt(40);
      return yield* waiter;
    });
    expect(out).to.deep.equal([40, 40]);
  });

  it("resetImmediately() makes the next tick due now", () => {
    const out = pausedRuntime().blockOn(function* () {
      const iv = interval(100);
      yield* iv.tick();
      yield* sleep(7);
      iv.resetImmediately();
      const { cx } = countingContext();
      const now1 = iv.pollTick(cx);
      return [now1, yield* iv.tick()];
    });
    expect(out).to.deep.equal([7, 107]);
  });

  it("intervalAt(start, ms) ticks first at start, then every ms; made outside a runtime it keeps its start", () => {
    const outside = intervalAt(250, 100);
    const out = pausedRuntime().blockOn(function* () {
      const iv = intervalAt(now() + 1000, 100);
      const a = [yield* iv.tick(), yield* iv.tick()];
      const b = [yield* outside.tick(), yield* outside.tick()];
      return [...a, ...b];
    });
    // outside: 250 has passed by 1100, so it ticks at once, and "burst" catches up from its own grid
    expect(out).to.deep.equal([1000, 1100, 250, 350]);
  });

  it("rejects NaN and infinite times with a RangeError", () => {
    const iv = interval(10);
    expect(() => iv.resetAt(NaN)).to.throw(RangeError);
    expect(() => iv.resetAt(Infinity)).to.throw(RangeError, /finite/);
    expect(() => iv.resetAfter(-1)).to.throw(RangeError);
    expect(() => intervalAt(Infinity, 10)).to.throw(RangeError, /finite/);
    expect(() => intervalAt(0, 0)).to.throw(RangeError);
    expect(() => iv.resetImmediately()).to.throw(/outside a running genfut runtime/);
  });
});
