import { expect } from "chai";
import { advance, fromPromise, interval, now, pause, resume, run, Runtime, select, sleep, spawn, timeout, TimeoutError, yieldNow } from "../../lib";
import { activeTimers, pausedRuntime } from "../support";

/** A program with many timers interleaving: sleeps, an interval, timeouts, spawns. */
function* busyProgram(trace: string[]): Generator<unknown, void, unknown> {
  const hs = [];
  for (let w = 0; w < 5; w++) {
    hs.push(
      spawn(function* worker() {
        for (let i = 0; i < 4; i++) {
          yield* sleep(7 * (w + 1) + i);
          trace.push(`w${w}.${i}@${now()}`);
        }
      }),
    );
  }
  hs.push(
    spawn(function* ticker() {
      const iv = interval(13, { missedTick: "skip" });
      for (let i = 0; i < 6; i++) trace.push(`tick ${yield* iv.tick()}@${now()}`);
    }),
  );
  hs.push(
    spawn(function* impatient() {
      try {
        yield* timeout(20, sleep(30));
      } catch (e) {
        trace.push(`${(e as Error).name}@${now()}`);
      }
    }),
  );
  for (const h of hs) yield* h;
}

describe("now()", () => {
  it("starts at 0 on a paused clock and moves only with timers", () => {
    const rt = pausedRuntime();
    const ts = rt.blockOn(function* () {
      const a = now();
      yield* yieldNow();
      const b = now();
      yield* sleep(25);
      return [a, b, now()];
    });
    expect(ts).to.deep.equal([0, 0, 25]);
  });

  it("moves forward on the real clock", async () => {
    const rt = new Runtime();
    const [a, b] = await rt.run(function* () {
      const a = now();
      yield* sleep(5);
      return [a, now()];
    });
    expect(b - a).to.be.at.least(5);
  });

  it("fails outside a runtime with an error that says so", () => {
    expect(() => now()).to.throw(/now\(\) was called outside a running genfut runtime/);
  });
});

describe("advance()", () => {
  it("moves the paused clock, firing what is due on the way in order", () => {
    const rt = pausedRuntime();
    const log = rt.blockOn(function* () {
      const log: string[] = [];
      for (const ms of [30, 10, 20]) {
        spawn(function* () {
          yield* sleep(ms);
          log.push(`${ms}@${now()}`);
        });
      }
      yield* yieldNow(); // let them register
      yield* advance(25);
      log.push(`advanced to ${now()}`);
      yield* advance(10);
      log.push(`advanced to ${now()}`);
      return log;
    });
    expect(log).to.deep.equal(["10@10", "20@20", "advanced to 25", "30@30", "advanced to 35"]);
  });

  it("throws a RangeError on a real clock, and for bad durations", async () => {
    await new Runtime()
      .run(function* () {
        yield* advance(10);
      })
      .then(
        () => expect.fail("advance() on a real clock must throw"),
        (e) => expect(e).to.be.instanceOf(RangeError),
      );
    expect(() => advance(-1)).to.throw(RangeError);
    expect(() => advance(NaN)).to.throw(RangeError);
    expect(() => advance(Infinity)).to.throw(RangeError);
  });

  it("refuses a fraction of a millisecond with a RangeError, and fires nothing", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      let fired = false;
      spawn(function* () {
        yield* sleep(1);
        fired = true;
      });
      yield* yieldNow();
      expect(() => advance(0.25)).to.throw(RangeError, /whole number of milliseconds.*0\.25/);
      expect(() => advance(1.5)).to.throw(RangeError);
      return { fired, at: now() };
    });
    expect(out).to.deep.equal({ fired: false, at: 0 });
  });
});

describe("pause() and resume()", () => {
  it("pause() stops a running real clock, so a long sleep returns at once on the paused clock, and resume() goes on from there", async () => {
    const rt = new Runtime();
    const out = await rt.run(function* () {
      yield* sleep(2); // real time
      pause();
      const t0 = now();
      const wall = Date.now();
      yield* sleep(60_000); // the paused clock jumps to the deadline
      const t1 = now();
      const wallSpent = Date.now() - wall;
      yield* advance(5);
      const t2 = now();
      resume();
      yield* sleep(3); // real time again, from t2
      return { t0, t1, t2, t3: now(), wallSpent };
    });
    expect(Number.isInteger(out.t0)).to.equal(true); // paused at a whole millisecond
    expect(out.t0).to.be.at.least(2);
    expect(out.t1).to.equal(out.t0 + 60_000);
    expect(out.wallSpent).to.be.below(1000);
    expect(out.t2).to.equal(out.t1 + 5);
    expect(out.t3).to.be.at.least(out.t2 + 3);
    expect(out.t3).to.be.below(out.t2 + 1000); // no jump on resume
  });

  it("leaves no Node timer armed while paused (the process could exit), and arms one again on resume", async () => {
    const rt = new Runtime();
    await rt.run(function* () {
      const base = activeTimers(); // the test framework's own
      spawn(function* () {
        yield* sleep(10_000);
      });
      yield* yieldNow();
      yield* sleep(1); // the 10 s timer is now in the wheel, with a Node timer
      pause();
      expect(rt.metrics().timers).to.equal(1);
      expect(activeTimers()).to.equal(base);
      resume();
      expect(activeTimers()).to.equal(base + 1);
      pause(); // the paused runtime then jumps to 10 s
    });
  });

  it("are harmless twice, and need a running runtime", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      pause();
      yield* advance(3);
      expect(now()).to.equal(3);
    });
    expect(() => pause()).to.throw(/pause\(\) was called outside a running genfut runtime/);
    expect(() => resume()).to.throw(/outside a running genfut runtime/);
  });
});

describe("the paused clock", () => {
  it("jumps to the next deadline when every task is idle, under run() too", async () => {
    const rt = new Runtime({ startPaused: true });
    const start = performance.now();
    const t = await rt.run(function* () {
      yield* sleep(3_600_000);
      const h = spawn(sleep(1_000));
      yield* h;
      return now();
    });
    expect(t).to.equal(3_601_000);
    expect(performance.now() - start).to.be.below(1_000);
    expect(rt.metrics().hostTimersArmed).to.equal(0);
  });

  it("gives Node's event loop a turn before jumping ahead under run(), so I/O already due is seen first", async () => {
    // The promise settles in Node's check phase, one host turn away: a clock
    // that jumped at once would let the 60-second sleep win at t=60000.
    const r = await run(
      function* () {
        return yield* select(fromPromise(new Promise<number>((resolve) => setImmediate(() => resolve(1)))), sleep(60_000));
      },
      { startPaused: true },
    );
    expect(r).to.deep.equal({ index: 0, value: 1 });
  });

  it("is deterministic: the same program gives the same trace every run", () => {
    const traces = [0, 1, 2].map(() => {
      const trace: string[] = [];
      pausedRuntime().blockOn(busyProgram(trace));
      return trace;
    });
    expect(traces[0]).to.have.length(5 * 4 + 6 + 1);
    expect(traces[0]).to.include("TimeoutError@20");
    expect(traces[1]).to.deep.equal(traces[0]);
    expect(traces[2]).to.deep.equal(traces[0]);
  });

  it("gives run() the same trace as blockOn()", async () => {
    const a: string[] = [];
    pausedRuntime().blockOn(busyProgram(a));
    const b: string[] = [];
    await new Runtime({ startPaused: true }).run(busyProgram(b));
    expect(b).to.deep.equal(a);
  });

  it("lets a timeout fire while another task is busy, once that task yields", () => {
    const rt = pausedRuntime();
    const log = rt.blockOn(function* () {
      const log: string[] = [];
      spawn(function* spinner() {
        for (let i = 0; i < 3; i++) {
          yield* yieldNow();
          log.push(`spin ${i}@${now()}`);
        }
      });
      try {
        yield* timeout(5, sleep(100));
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log.push(`timeout@${now()}`);
      }
      return log;
    });
    expect(log).to.deep.equal(["spin 0@0", "spin 1@0", "spin 2@0", "timeout@5"]);
  });
});

describe("the real clock under load", () => {
  it("wakes a sleeper while another task keeps the executor busy", async () => {
    const rt = new Runtime();
    const [late, spins] = await rt.run(function* () {
      let stop = false;
      let spins = 0;
      const spinner = spawn(function* () {
        // Bounded: a spinner that never let Node's loop run would otherwise
        // hang the suite (mocha's timeout cannot interrupt a synchronous loop).
        while (!stop && spins < 1_000_000) {
          spins++;
          yield* yieldNow();
        }
      });
      const t0 = now();
      yield* sleep(20);
      const late = now() - t0 - 20;
      stop = true;
      yield* spinner;
      return [late, spins];
    });
    expect(spins).to.be.above(0);
    expect(spins, "the spinner ran out its bound: the sleeper was starved").to.be.below(1_000_000);
    expect(late).to.be.at.least(0);
    expect(late).to.be.below(500);
  });
});
