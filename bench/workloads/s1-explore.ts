/**
 * S1: schedule exploration throughput. Ten tasks of three steps each, every
 * step a scheduling point, a shared counter under a lock, checked at the end:
 * how many whole runs (each under a different schedule) per second.
 *
 * The peer is fast-check's `fc.scheduler()`, the only JavaScript tool that
 * explores interleavings at all: the same ten async functions, each step a
 * promise the scheduler releases in an order it chooses, a promise lock, one
 * property run per schedule. It reorders only the promises routed through it
 * and does not shrink schedules; genfut's runs are whole simulations (paused
 * clock, recorded decisions, a fresh runtime per run).
 */
import fc from "fast-check";
import { Mutex, spawn, yieldNow } from "../../lib";
import { explore } from "../../lib/sim";
import { expectEqual } from "../lib/measure";
import { Workload } from "../lib/types";

interface P {
  runs: number;
}

const TASKS = 10;
const STEPS = 3;

function* lockedCounter(): Generator<unknown, void, unknown> {
  const counter = new Mutex(0);
  const workers = [];
  for (let w = 0; w < TASKS; w++) {
    workers.push(
      spawn(function* worker() {
        for (let step = 0; step < STEPS; step++) {
          using g = yield* counter.lock();
          yield* yieldNow(); // the scheduling point
          g.value++;
        }
      }),
    );
  }
  for (const h of workers) yield* h;
  const total = (yield* counter.lock()).value;
  if (total !== TASKS * STEPS) throw new Error(`counter is ${total}`);
}

/** A promise lock: each acquire waits for the previous holder's release. */
class PromiseLock {
  #tail: Promise<void> = Promise.resolve();
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    await prev;
    return release;
  }
}

export const s1: Workload<P> = {
  id: "S1",
  title: "explore: 10 tasks × 3 steps under a lock, runs per second",
  unit: "run",
  sizes: { full: { runs: 5_000 }, quick: { runs: 500 }, spec: { runs: 20 } },
  ops: (p) => p.runs,
  check: (p, o) => expectEqual("the runs", o.value, p.runs),
  notes: {
    genfut: "`explore(test, { runs })` (PCT, depth 3): a fresh simulation per schedule, `yieldNow()` as each step",
    "native: fast-check fc.scheduler()": "fast-check 4: `fc.asyncProperty(fc.scheduler(), …)`, each step `await s.schedule(Promise.resolve())`, a promise lock",
  },
  impls: {
    async genfut({ runs }) {
      return { value: explore(lockedCounter, { runs, seed: 1 }).runs };
    },
    async "native: fast-check fc.scheduler()"({ runs }) {
      let done = 0;
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), async (s) => {
          const lock = new PromiseLock();
          let counter = 0;
          const worker = async () => {
            for (let step = 0; step < STEPS; step++) {
              const release = await lock.acquire();
              await s.schedule(Promise.resolve());
              counter++;
              release();
            }
          };
          const all = Promise.all(Array.from({ length: TASKS }, worker));
          await s.waitFor(all);
          if (counter !== TASKS * STEPS) throw new Error(`counter is ${counter}`);
          done++;
        }),
        { numRuns: runs, seed: 1 },
      );
      return { value: done };
    },
  },
};
