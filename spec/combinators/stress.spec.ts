/**
 * Randomised checks over many small runs on the paused clock: whatever the
 * timings, a combinator's result is delivered only after every child it
 * dropped has finished its cleanup, and nothing is left registered.
 */
import { expect } from "chai";
import { joinAll, now, race, scope, select, sleep } from "../../lib";
import { pausedRuntime } from "../support";

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

describe("combinators under random timings", () => {
  it("never deliver a result before the dropped children's cleanup has finished", () => {
    let cancelled = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const rt = pausedRuntime();
      let cleanupsRunning = 0;
      let cleanupsDone = 0;
      const child = function* (i: number) {
        let finished = false;
        try {
          yield* sleep(1 + Math.floor(rand() * 20));
          finished = true; // from here on, leaving is not a cancellation
          if (rand() < 0.15) throw new Error(`child ${i} failed`);
          return i;
        } finally {
          if (!finished) {
            // Only a cancelled child gets here: an async cleanup the combinator must wait for.
            cleanupsRunning++;
            if (rand() < 0.5) yield* sleep(Math.floor(rand() * 5));
            cleanupsRunning--;
            cleanupsDone++;
          }
        }
      };
      const n = 2 + Math.floor(rand() * 6);
      rt.blockOn(function* () {
        const kind = seed % 3;
        try {
          if (kind === 0) yield* joinAll(Array.from({ length: n }, (_, i) => child(i)));
          else if (kind === 1) yield* select(child(0), child(1), child(2));
          else yield* race(child(0), child(1));
        } catch {
          // a failing child is one of the outcomes
        }
        expect(cleanupsRunning, `seed ${seed}: a cleanup was still running at ${now()}`).to.equal(0);
      });
      expect(rt.metrics().timers, `seed ${seed}: timers left`).to.equal(0);
      expect(rt.metrics().aliveTasks, `seed ${seed}: tasks left`).to.equal(0);
      cancelled += cleanupsDone;
    }
    expect(cancelled).to.be.greaterThan(100); // the runs did exercise cancellation
  });

  it("scope() returns only when every child is over, whatever fails when", () => {
    let failures = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const rand = rng(seed * 7919);
      const unhandled: unknown[] = [];
      const rt = pausedRuntime({ onUnhandledError: (e) => unhandled.push(e) });
      let running = 0;
      const child = function* (i: number) {
        running++;
        let leaving = false;
        try {
          yield* sleep(Math.floor(rand() * 30));
          leaving = true;
          if (rand() < 0.1) throw new Error(`child ${i} failed`);
        } finally {
          // Asynchronous cleanup only on cancellation: a cleanup that awaits on
          // a normal exit or after a throw is itself cut short if the task is
          // cancelled meanwhile (trio's cancellation does the same).
          if (!leaving && rand() < 0.5) yield* sleep(Math.floor(rand() * 4));
          running--;
        }
      };
      rt.blockOn(function* () {
        try {
          yield* scope(function* (s) {
            const n = 1 + Math.floor(rand() * 8);
            for (let i = 0; i < n; i++) s.spawn(child(i));
            yield* sleep(Math.floor(rand() * 20));
            if (rand() < 0.1) throw new Error("body failed");
          });
        } catch {
          failures++;
        }
        expect(running, `seed ${seed}: children still running after the scope, at ${now()}`).to.equal(0);
      });
      expect(unhandled, `seed ${seed}`).to.deep.equal([]);
      expect(rt.metrics().aliveTasks, `seed ${seed}: tasks left`).to.equal(0);
      expect(rt.metrics().timers, `seed ${seed}: timers left`).to.equal(0);
    }
    expect(failures).to.be.greaterThan(10);
  });
});
