/**
 * W5: 1,000,000 concurrent sleeps of 0–1000 ms. Reported: the time beyond
 * the longest sleep (1 s) until the last one has woken, and the peak heap.
 *
 * Each sleeper is its own task / async function / fiber that sleeps once and
 * counts itself done; the last one wakes the main. Durations are spread
 * evenly and deterministically: sleeper i sleeps (i × 7919) mod 1001 ms.
 * The limit is one raw `setTimeout` per sleeper.
 */
import co from "co";
import { loadEffect } from "../lib/effect";
import * as effection from "effection";
import { JoinHandle, joinAll, run, sleep, spawn } from "../../lib";
import { expectEqual } from "../lib/measure";
import { Signal } from "../lib/signal";
import { Meter, Workload } from "../lib/types";
import { latch } from "./peers";

interface P {
  n: number;
  maxMs: number;
}

const duration = (i: number, maxMs: number): number => (i * 7919) % (maxMs + 1);

/** Samples the heap every 20 ms while `body` runs (sleepers are parked: the loop is free). */
async function sampled<T>(meter: Meter, body: () => Promise<T>): Promise<T> {
  let peak = 0;
  const sample = (): void => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const iv = setInterval(sample, 20);
  try {
    return await body();
  } finally {
    clearInterval(iv);
    sample();
    meter.extra.peakHeapAtLoad = peak;
    meter.sampleHeap();
  }
}

export const w5: Workload<P> = {
  id: "W5",
  title: "1,000,000 concurrent sleeps of 0–1000 ms: time beyond 1 s, peak heap",
  unit: "sleep",
  sizes: { full: { n: 1_000_000, maxMs: 1000 }, quick: { n: 5_000, maxMs: 100 }, spec: { n: 300, maxMs: 20 } },
  ops: (p) => p.n,
  check: (p, o) => expectEqual("the number of sleepers woken", o.value, p.n),
  floorMs: (p) => p.maxMs,
  rounds: 3,
  warmup: false,
  timeoutMs: 30_000,
  notes: {
    genfut: "one `spawn`ed task per sleeper: `yield* sleep(d)`, then count; the last one sets a signal the main awaits",
    native: "one async function per sleeper awaiting a `setTimeout` promise; a counter and a latch",
    "genfut: sleep as the task's root": "`spawn(sleep(d))` per sleeper, every handle joined",
    "genfut: joinAll of the sleeps": "no task per sleeper: one `yield* joinAll(sleeps)` over the million `sleep(d)` futures",
    "native: Promise.all of timer promises": "no async function per sleeper: `await Promise.all(ps)` over a million `setTimeout` promises",
    limit: "one raw `setTimeout(cb, d)` per sleeper; a counter",
    effection: "one `spawn`ed task per sleeper: `yield* sleep(d)`; join every task",
    co: "one `co()` per sleeper yielding a `setTimeout` promise; a counter and a latch",
    effect: "`Effect.forEach(ds, Effect.sleep, { concurrency: \"unbounded\", discard: true })`",
  },
  impls: {
    async genfut({ n, maxMs }, meter) {
      let done = 0;
      const all = new Signal();
      function* sleeper(ms: number): Generator<unknown, void, unknown> {
        yield* sleep(ms);
        if (++done === n) all.set();
      }
      await sampled(meter, () =>
        run(function* main() {
          for (let i = 0; i < n; i++) spawn(sleeper(duration(i, maxMs)));
          yield* all;
        }),
      );
      return { value: done };
    },
    async "genfut: sleep as the task's root"({ n, maxMs }, meter) {
      // No coroutine per sleeper: each task's root future is the sleep itself.
      const handles = new Array<JoinHandle<void>>(n);
      let done = 0;
      await sampled(meter, () =>
        run(function* main() {
          for (let i = 0; i < n; i++) handles[i] = spawn(sleep(duration(i, maxMs)));
          for (let i = 0; i < n; i++) {
            yield* handles[i];
            done++;
          }
        }),
      );
      return { value: done };
    },
    async "genfut: joinAll of the sleeps"({ n, maxMs }, meter) {
      const woken = await sampled(meter, () =>
        run(function* main() {
          const sleeps = new Array<ReturnType<typeof sleep>>(n);
          for (let i = 0; i < n; i++) sleeps[i] = sleep(duration(i, maxMs));
          return (yield* joinAll(sleeps)).length;
        }),
      );
      return { value: woken };
    },
    async native({ n, maxMs }, meter) {
      let done = 0;
      const all = latch();
      async function sleeper(ms: number): Promise<void> {
        await new Promise((r) => setTimeout(r, ms));
        if (++done === n) all.fire();
      }
      await sampled(meter, async () => {
        for (let i = 0; i < n; i++) void sleeper(duration(i, maxMs));
        await all.promise;
      });
      return { value: done };
    },
    async "native: Promise.all of timer promises"({ n, maxMs }, meter) {
      const woken = await sampled(meter, async () => {
        const ps = new Array<Promise<void>>(n);
        for (let i = 0; i < n; i++) ps[i] = new Promise<void>((r) => setTimeout(r, duration(i, maxMs)));
        return (await Promise.all(ps)).length;
      });
      return { value: woken };
    },
    async limit({ n, maxMs }, meter) {
      let done = 0;
      const all = latch();
      const cb = (): void => {
        if (++done === n) all.fire();
      };
      await sampled(meter, async () => {
        for (let i = 0; i < n; i++) setTimeout(cb, duration(i, maxMs));
        await all.promise;
      });
      return { value: done };
    },
    async effection({ n, maxMs }, meter) {
      let done = 0;
      await sampled(meter, () =>
        effection.run(function* () {
          const tasks: effection.Task<void>[] = new Array(n);
          for (let i = 0; i < n; i++) {
            const ms = duration(i, maxMs);
            tasks[i] = yield* effection.spawn(function* () {
              yield* effection.sleep(ms);
              done++;
            });
          }
          for (const t of tasks) yield* t;
        }),
      );
      return { value: done };
    },
    async co({ n, maxMs }, meter) {
      let done = 0;
      const all = latch();
      await sampled(meter, async () => {
        for (let i = 0; i < n; i++) {
          const ms = duration(i, maxMs);
          void co(function* () {
            yield new Promise((r) => setTimeout(r, ms));
            if (++done === n) all.fire();
          });
        }
        await all.promise;
      });
      return { value: done };
    },
    async effect({ n, maxMs }, meter) {
      const { Effect } = loadEffect();
      let done = 0;
      const ds = Array.from({ length: n }, (_, i) => duration(i, maxMs));
      meter.restart();
      await sampled(meter, () =>
        Effect.runPromise(
          Effect.forEach(ds, (ms) => Effect.sync(() => void done++).pipe(Effect.delay(ms)), { concurrency: "unbounded", discard: true }),
        ),
      );
      return { value: done };
    },
  },
};
