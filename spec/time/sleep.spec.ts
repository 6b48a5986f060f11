import { expect } from "chai";
import { blockOn, Context, Future, now, Pending, pollFn, raceBiased, ready, Runtime, sleep, sleepUntil, spawn, yieldNow } from "../../lib";
import { activeTimers, countingContext, pausedRuntime } from "../support";
import { nodeTimersSettled } from "../support/time";

describe("sleep()", () => {
  it("made outside any runtime, reads no clock and counts from its first poll", () => {
    const s = sleep(100); // outside any runtime: creating it is fine
    expect(s.deadline).to.equal(-1);
    const rt = pausedRuntime();
    const t = rt.blockOn(function* () {
      yield* sleep(40);
      yield* s; // its 100 ms start at its first poll, at 40
      return now();
    });
    expect(t).to.equal(140);
  });

  it("made inside a runtime, counts from when it was made, as tokio's sleep does", () => {
    const rt = pausedRuntime();
    const t = rt.blockOn(function* () {
      yield* sleep(10);
      const s = sleep(100); // due at 110, though nothing is registered yet
      expect(s.deadline).to.equal(110);
      expect(rt.metrics().timers).to.equal(0);
      yield* sleep(40);
      yield* s;
      return now();
    });
    expect(t).to.equal(110);
  });

  it("completes at its first poll's next timer turn when its deadline passed before that poll", () => {
    const rt = pausedRuntime();
    const t = rt.blockOn(function* () {
      const s = sleep(5);
      yield* sleep(20);
      yield* s; // overdue: never early, and not held back either
      return now();
    });
    expect(t).to.equal(20);
  });

  it("made in one runtime and polled in another, keeps the clock and timers of the first", async () => {
    const maker = new Runtime();
    const [s, zero] = maker.blockOn(function* () {
      return [sleep(30), sleep(0)];
    });
    const made = s.deadline;
    expect(made).to.be.greaterThan(0);
    await new Runtime().run(function* () {
      expect(zero.poll(countingContext().cx)).to.equal(undefined); // sleep(0): ready at once there too
      yield* s;
    });
    expect(maker.now()).to.be.at.least(made); // woken by the maker's wheel, on the maker's clock
    expect(s.deadline).to.equal(made);
    expect(maker.metrics().timers).to.equal(0);
    await nodeTimersSettled();
  });

  it("wakes sleepers in deadline order, equal deadlines in the order they slept", () => {
    const rt = pausedRuntime();
    const order = rt.blockOn(function* () {
      const out: string[] = [];
      const hs = [
        ["a", 30],
        ["b", 10],
        ["c", 30],
        ["d", 5000],
        ["e", 10],
        ["f", 1],
      ].map(([name, ms]) =>
        spawn(function* () {
          yield* sleep(ms as number);
          out.push(`${name}@${now()}`);
        }),
      );
      for (const h of hs) yield* h;
      return out;
    });
    expect(order).to.deep.equal(["f@1", "b@10", "e@10", "a@30", "c@30", "d@5000"]);
  });

  it("takes the sum in sequence and the maximum when concurrent", () => {
    const rt = pausedRuntime();
    const [seq, conc] = rt.blockOn(function* () {
      const t0 = now();
      yield* sleep(30);
      yield* sleep(50);
      const seq = now() - t0;
      const t1 = now();
      const a = spawn(sleep(30));
      const b = spawn(sleep(50));
      yield* a;
      yield* b;
      return [seq, now() - t1];
    });
    expect([seq, conc]).to.deep.equal([80, 50]);
  });

  it("sleeps an hour on a paused clock in a few milliseconds", () => {
    const rt = pausedRuntime();
    const start = performance.now();
    const t = rt.blockOn(function* () {
      for (let i = 0; i < 60; i++) yield* sleep(60_000);
      return now();
    });
    expect(t).to.equal(3_600_000);
    expect(performance.now() - start).to.be.below(500);
  });

  it("rounds sub-millisecond durations up to a whole millisecond", () => {
    const rt = pausedRuntime();
    const ts = rt.blockOn(function* () {
      yield* sleep(0.2);
      const a = now();
      yield* sleep(1.5);
      return [a, now()];
    });
    expect(ts).to.deep.equal([1, 3]);
  });

  it("is ready at once for 0 ms, without registering a timer", () => {
    const rt = pausedRuntime();
    const { cx } = countingContext();
    rt.blockOn(function* () {
      expect(sleep(0).poll(cx)).to.equal(undefined);
      expect(rt.metrics().timers).to.equal(0);
    });
  });

  it("registers the waker of its latest poll only", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const s = sleep(10);
      const first = countingContext();
      const second = countingContext();
      s.poll(first.cx);
      s.poll(second.cx);
      yield* sleep(20);
      expect([first.waker.count, second.waker.count]).to.deep.equal([0, 1]);
    });
  });

  it("removes its timer when cancelled, and registers again if polled again", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const { cx, waker } = countingContext();
      const s = sleep(10);
      s.poll(cx);
      expect(rt.metrics().timers).to.equal(1);
      s.cancel();
      expect(rt.metrics().timers).to.equal(0);
      yield* sleep(20);
      expect(waker.count).to.equal(0);
      expect(s.poll(cx)).to.equal(undefined); // its deadline (10) has passed
    });
  });

  it("never touches the timer wheel for a sleep that loses a race in the poll that first polled it", () => {
    const rt = pausedRuntime();
    const sum = rt.blockOn(function* () {
      let sum = 0;
      for (let i = 0; i < 1000; i++) sum += (yield* raceBiased(sleep(1000), ready(i))) as number;
      return sum;
    });
    expect(sum).to.equal(499500);
    expect(rt.driver.timers.insertCount).to.equal(0);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("made outside a runtime, fixes its deadline when the task's poll ends, and counts as a timer from its first poll", () => {
    const s = sleep(10);
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      yield* sleep(7);
      const { cx, waker } = countingContext();
      s.poll(cx);
      expect(s.deadline).to.equal(-1);
      expect(rt.metrics().timers).to.equal(1);
      yield* yieldNow(); // the poll ends: the deadline is fixed, 10 ms after now
      expect(s.deadline).to.equal(17);
      expect(rt.driver.timers.insertCount).to.equal(2);
      yield* sleep(10);
      expect(waker.count).to.equal(1);
      expect(s.poll(cx)).to.equal(undefined);
    });
  });

  it("stays registered when cancelled and polled again within one poll", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const s = sleep(10);
      const { cx, waker } = countingContext();
      s.poll(cx);
      s.cancel();
      expect(rt.metrics().timers).to.equal(0);
      s.poll(cx);
      expect(rt.metrics().timers).to.equal(1);
      yield* sleep(20);
      expect(waker.count).to.equal(1);
      expect(s.poll(cx)).to.equal(undefined);
    });
  });

  it("keeps the deadline of its first poll when cancelled in that poll and polled later", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const s = sleep(10);
      const { cx } = countingContext();
      s.poll(cx);
      s.cancel();
      yield* sleep(4);
      expect(s.deadline).to.equal(10);
      expect(s.poll(cx)).to.equal(Pending);
      yield* sleep(6);
      expect(s.poll(cx)).to.equal(undefined);
    });
  });

  it("never completes for Infinity, and a blockOn on it reports a deadlock", () => {
    expect(() => blockOn(sleep(Infinity), { startPaused: true })).to.throw(/deadlock/);
  });

  it("throws a RangeError for a negative or NaN duration, a TypeError for a non-number", () => {
    expect(() => sleep(-1)).to.throw(RangeError, /sleep\(ms\): ms must be .*>= 0.*-1/);
    expect(() => sleep(NaN)).to.throw(RangeError, /NaN/);
    expect(() => sleep("5" as unknown as number)).to.throw(TypeError, /"5"/);
  });

  it("describes itself for task dumps", () => {
    expect(sleep(250).describe()).to.equal("sleep(250ms)");
    expect(sleepUntil(1000).describe()).to.equal("sleepUntil(1000ms)");
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      spawn(function* napper() {
        yield* sleep(250);
      });
      yield* sleep(1);
      expect(String(rt.dump())).to.match(/napper[\s\S]*sleep\(250ms\)/);
    });
  });

  it("fails outside a runtime with an error that says so", () => {
    expect(() => sleep(5).poll(new Context({ wake() {} }))).to.throw(/outside a running genfut runtime/);
  });

  it("fires on the real clock no earlier than its deadline, with one Node timer for many sleeps", async () => {
    const rt = new Runtime();
    const elapsed = await rt.run(function* () {
      const t0 = now();
      const hs = [];
      for (let i = 0; i < 100; i++) hs.push(spawn(sleep(20)));
      for (const h of hs) yield* h;
      return now() - t0;
    });
    expect(elapsed).to.be.at.least(20);
    expect(rt.metrics().hostTimersArmed).to.be.at.most(3);
  });

  it("leaves no Node timer behind when cancelled", async () => {
    await nodeTimersSettled(); // mocha arms its own test timer once the test is async
    const before = activeTimers();
    await new Runtime().run(function* () {
      const h = spawn(sleep(60_000));
      yield* sleep(1);
      h.abort();
    });
    await nodeTimersSettled();
    expect(activeTimers()).to.equal(before);
  });
});

describe("sleepUntil()", () => {
  it("completes when the clock reaches the time, at once if it has", () => {
    const rt = pausedRuntime();
    const ts = rt.blockOn(function* () {
      yield* sleepUntil(250);
      const a = now();
      yield* sleepUntil(100); // already past
      return [a, now()];
    });
    expect(ts).to.deep.equal([250, 250]);
  });

  it("throws a RangeError for NaN", () => {
    expect(() => sleepUntil(NaN)).to.throw(RangeError, /sleepUntil\(t\): t must/);
  });
});

describe("Sleep.reset() and isElapsed()", () => {
  it("moves a waiting sleep's timer, waking its task only at the new deadline", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const s = sleep(100);
      const { cx, waker } = countingContext();
      expect(s.poll(cx)).to.equal(Pending);
      yield* yieldNow(); // the batch is flushed: the sleep is in the wheel
      s.reset(30);
      expect(s.deadline).to.equal(30);
      yield* sleep(29);
      const before = waker.count;
      yield* sleep(1);
      const after = waker.count;
      return { before, after, elapsed: s.isElapsed(), done: s.poll(cx), timers: rt.metrics().timers };
    });
    expect(out).to.deep.equal({ before: 0, after: 1, elapsed: true, done: undefined, timers: 0 });
  });

  it("makes a completed sleep pending again, as tokio's", () => {
    const t = pausedRuntime().blockOn(function* () {
      const s = sleep(10);
      yield* s;
      expect(s.isElapsed()).to.equal(true);
      s.reset(now() + 50);
      expect(s.isElapsed()).to.equal(false);
      yield* s;
      return now();
    });
    expect(t).to.equal(60);
  });

  it("pushes a deadline out while its task waits in select (an idle timeout)", () => {
    const t = pausedRuntime().blockOn(function* () {
      const idle = sleep(100);
      for (let i = 0; i < 3; i++) {
        const r = yield* raceBiased(sleep(60), idle);
        if (r === undefined && now() < idle.deadline) idle.reset(now() + 100);
      }
      yield* idle;
      return now();
    });
    expect(t).to.equal(280); // three bits of activity at 60, 120, 180, then 100 quiet
  });

  it("wakes its task at once when moved to a deadline already passed", () => {
    pausedRuntime().blockOn(function* () {
      yield* sleep(50);
      const s = sleep(100);
      const { cx, waker } = countingContext();
      expect(s.poll(cx)).to.equal(Pending);
      yield* yieldNow();
      s.reset(20);
      expect(waker.count).to.equal(1);
      expect(s.poll(cx)).to.equal(undefined);
    });
  });

  it("gives a sleep(Infinity) that is waiting a timer for its new deadline", () => {
    const t = pausedRuntime().blockOn(function* () {
      const s = sleep(Infinity);
      spawn(function* () {
        yield* sleep(5);
        s.reset(now() + 20);
      });
      yield* s;
      return now();
    });
    expect(t).to.equal(25);
  });

  it("moves a sleep reset in the same poll that first polled it (still in the batch)", () => {
    const t = pausedRuntime().blockOn(function* () {
      const s = sleep(100);
      const r = raceBiased(s, pollOnceThen(() => s.reset(7)));
      yield* r;
      yield* s;
      return now();
    });
    expect(t).to.equal(7);
  });

  it("rejects NaN and infinite deadlines with a RangeError, and needs a runtime for a sleep made outside one", () => {
    const s = sleep(10);
    expect(() => s.reset(5)).to.throw(/outside a running genfut runtime/);
    pausedRuntime().blockOn(function* () {
      expect(() => s.reset(NaN)).to.throw(RangeError, /NaN/);
      expect(() => s.reset(Infinity)).to.throw(RangeError, /finite/);
      s.reset(4);
      yield* s;
      expect(now()).to.equal(4);
    });
  });
});

/** A future that runs `f` on its first poll and is ready on its second (waking itself). */
function pollOnceThen(f: () => void): Future<void> {
  let polled = false;
  return pollFn((cx) => {
    if (polled) return undefined;
    polled = true;
    f();
    cx.waker.wake();
    return Pending;
  });
}
