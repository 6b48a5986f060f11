import { expect } from "chai";
import { Mutex, sleep, spawn, yieldNow } from "../../lib";
import { ExploreError, explore, replay, type Setup } from "../../lib/sim";
import { PROGRAMS } from "./programs";

function exploreError(setup: Setup, options: Parameters<typeof explore>[1]): ExploreError {
  try {
    explore(setup, options);
  } catch (e) {
    if (e instanceof ExploreError) return e;
    throw e;
  }
  throw new Error("explore found nothing");
}

function replayError(setup: Setup, schedule: string): ExploreError {
  try {
    replay(setup, schedule);
  } catch (e) {
    if (e instanceof ExploreError) return e;
    throw e;
  }
  throw new Error("the replay passed");
}

/** Ten workers, three steps each, a counter under a lock: correct. */
function* lockedCounter(): Generator<unknown, void, unknown> {
  const counter = new Mutex(0);
  const workers = [];
  for (let w = 0; w < 10; w++) {
    workers.push(
      spawn(function* worker() {
        for (let step = 0; step < 3; step++) {
          using g = yield* counter.lock();
          yield* yieldNow();
          g.value++;
        }
      }),
    );
  }
  for (const h of workers) yield* h;
  const total = (yield* counter.lock()).value;
  if (total !== 30) throw new Error(`counter is ${total}`);
}

describe("explore()", () => {
  it("returns how many schedules it ran and how many differed, for a correct program", () => {
    const r = explore(lockedCounter, { seed: 1, runs: 50 });
    expect(r.runs).to.equal(50);
    expect(r.seed).to.equal(1);
    // Measured: 50 of 50 distinct under pct.
    expect(r.distinct).to.be.greaterThan(40);
  });

  it("runs a (sim) => void setup with its hosts and clients", () => {
    let runs = 0;
    const r = explore(
      (sim) => {
        runs++;
        sim.host("h", function* () {
          yield* sleep(1);
        });
        sim.client("c", function* () {
          yield* sleep(2);
        });
      },
      { seed: 1, runs: 5, strategy: "random" },
    );
    expect(r.runs).to.equal(5);
    expect(runs).to.equal(6); // and the FIFO schedule first
  });

  it("reports a test that fails even under FIFO with no preemption", () => {
    const e = exploreError(function* () {
      yield* sleep(3);
      throw new RangeError("always");
    }, { seed: 9 });
    expect(e.preemptions).to.equal(0);
    expect(e.cause).to.be.instanceOf(RangeError);
    expect(e.message).to.match(/^failed at seed 9 under the plain FIFO schedule/);
  });

  it("gives the same failure for the same seed", () => {
    const setup = PROGRAMS["ABBA deadlock"](false);
    const a = exploreError(setup, { seed: 77, strategy: "random" });
    const b = exploreError(setup, { seed: 77, strategy: "random" });
    expect([b.seed, b.schedule, b.runs]).to.deep.equal([a.seed, a.schedule, a.runs]);
  });

  it("runs only the seed in GENFUT_SEED", () => {
    const saved = process.env.GENFUT_SEED;
    process.env.GENFUT_SEED = "31";
    try {
      expect(explore(lockedCounter, { seed: 1, runs: 50 })).to.deep.equal({ runs: 1, distinct: 1, seed: 31 });
      process.env.GENFUT_SEED = "32"; // a seed whose single random run loses the update (31's does not)
      const e = exploreError(PROGRAMS["lost update"](false), { runs: 100, strategy: "random" });
      expect([e.seed, e.runs]).to.deep.equal([32, 1]);
      process.env.GENFUT_SEED = "x1";
      expect(() => explore(lockedCounter)).to.throw(RangeError, /GENFUT_SEED must be a whole number.*"x1"/);
    } finally {
      if (saved === undefined) delete process.env.GENFUT_SEED;
      else process.env.GENFUT_SEED = saved;
    }
  });

  it("shrinks a random schedule's many preemptions to the ones that matter", () => {
    const e = exploreError(PROGRAMS["crash between two writes"](false), { seed: 5, strategy: "random" });
    expect(e.preemptions).to.be.at.most(2);
    expect(e.schedule).to.match(/^\d+@[\d:,]*\/[\da-f:,]*$/);
  });

  it("checks its arguments, naming them", () => {
    expect(() => explore(5 as unknown as Setup)).to.throw(TypeError, /setup must be a generator function/);
    expect(() => explore(lockedCounter, { runs: 0 })).to.throw(RangeError, /runs must be .* got 0/);
    expect(() => explore(lockedCounter, { strategy: "dfs" as "pct" })).to.throw(RangeError, /strategy must be "random" or "pct", got dfs/);
    expect(() => explore(lockedCounter, { depth: 0 })).to.throw(RangeError, /depth .* got 0/);
    expect(() => explore(lockedCounter, { seed: 0.5 })).to.throw(RangeError, /seed must be a safe integer/);
    expect(() => explore(lockedCounter, { maxTime: -1 })).to.throw(RangeError, /maxTime/);
    expect(() => replay(lockedCounter, "nonsense")).to.throw(RangeError, /schedule must look like .*"nonsense"/);
  });

  describe("on five programs with a concurrency bug", () => {
    for (const [name, make] of Object.entries(PROGRAMS)) {
      describe(name, () => {
        const buggy = make(false) as Setup;
        it("passes under the FIFO schedule that an ordinary test runs", () => {
          expect(() => replay(buggy, "0@/")).to.not.throw();
        });

        it('is found by "pct" within the default runs, shrunk to at most 2 preemptions, and replayed exactly', () => {
          const e = exploreError(buggy, { seed: 1, strategy: "pct" });
          expect(e.runs).to.be.at.most(100);
          expect(e.preemptions).to.be.at.most(2);
          expect(e.cause).to.be.instanceOf(Error);
          expect(e.cause).to.not.have.property("name", "SimError");
          expect(e.message).to.match(new RegExp(`^failed at seed ${e.seed} after ${e.runs} runs?; shrunk to ${e.preemptions} preemptions?; replay: GENFUT_SEED=${e.seed} or replay\\(setup, "${e.schedule.replace(/[/]/g, "\\/")}"\\)\n`));
          expect(e.message).to.match(/\ntrace:\n/);
          const again = replayError(buggy, e.schedule);
          expect(again.schedule).to.equal(e.schedule);
          expect((again.cause as Error).message).to.equal((e.cause as Error).message);
          expect(again.trace).to.deep.equal(e.trace);
        });

        it('is found by "random" too', () => {
          const e = exploreError(buggy, { seed: 1, strategy: "random", runs: 1000 });
          expect(e.preemptions).to.be.at.most(2);
        });

        it("passes 1,000 runs once fixed", function () {
          this.timeout(30_000);
          expect(explore(make(true) as Setup, { seed: 1, runs: 1000 }).runs).to.equal(1000);
        });
      });
    }
  });
});
