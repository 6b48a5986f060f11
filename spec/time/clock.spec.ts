import { expect } from "chai";
import { advance, fromPromise, interval, now, run, Runtime, select, sleep, spawn, timeout, TimeoutError, yieldNow } from "../../lib";
import { pausedRuntime } from "../support";

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
