/**
 * W3: spawn 100,000 tasks that each yield once, then join them all; and the
 * live heap per task while all of them are suspended.
 *
 * "Yield once" means giving the host a turn where the library has a way to
 * (genfut `yieldNow()`, which waits for a host turn; native `setTimeout(0)`,
 * as in BENCH.md; Effection `sleep(0)`; co a `setTimeout(0)` promise; Effect
 * `Effect.yieldNow`). The limit is a bare async function that awaits one
 * microtask. The heap is measured (full GC, clock paused) once every task
 * has started and is suspended at its yield; bytes per task = (that heap −
 * the heap before the run) / tasks, so the handles array is included.
 */
import co from "co";
import { FiberT, loadEffect } from "../lib/effect";
import * as effection from "effection";
import { JoinHandle, run, spawn, yieldNow } from "../../lib";
import { expectEqual } from "../lib/measure";
import { Meter, Workload } from "../lib/types";
import { timeout0 } from "./peers";

interface P {
  n: number;
}

function perTask(meter: Meter, n: number): void {
  const live = meter.liveHeap("liveHeap");
  meter.extra.bytesPerTask = Math.round((live - meter.extra.baseHeap) / n);
}

export const w3: Workload<P> = {
  id: "W3",
  title: "spawn 100,000 tasks that each yield once, join all (B/task = live heap per suspended task)",
  unit: "task",
  sizes: { full: { n: 100_000 }, quick: { n: 5_000 }, spec: { n: 300 } },
  ops: (p) => p.n,
  check: (p, o) => expectEqual("the number of tasks joined", o.value, p.n),
  notes: {
    genfut: "`spawn(task())` where the task does `yield* yieldNow(); return 1`; then `yield*` every handle",
    native: "async functions awaiting a `setTimeout(0)` promise; `Promise.all`",
    limit: "async functions awaiting one microtask (`await null`); `Promise.all`",
    effection: "`yield* spawn(...)` tasks doing `yield* sleep(0)`; `yield*` every task",
    co: "`co()` per task yielding a `setTimeout(0)` promise; `yield` the array",
    effect: "`Effect.forkChild` fibers doing `Effect.yieldNow`; `Fiber.join` each",
  },
  impls: {
    async genfut({ n }, meter) {
      function* task(): Generator<unknown, number, unknown> {
        yield* yieldNow();
        return 1;
      }
      const value = await run(function* main() {
        const handles: JoinHandle<number>[] = new Array(n);
        for (let i = 0; i < n; i++) handles[i] = spawn(task());
        yield* yieldNow(); // every task has now run up to its own yieldNow()
        perTask(meter, n);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* handles[i];
        return sum;
      });
      return { value };
    },
    async native({ n }, meter) {
      async function task(): Promise<number> {
        await timeout0();
        return 1;
      }
      const ps: Promise<number>[] = new Array(n);
      for (let i = 0; i < n; i++) ps[i] = task();
      perTask(meter, n);
      const all = await Promise.all(ps);
      return { value: all.reduce((a, b) => a + b, 0) };
    },
    async limit({ n }, meter) {
      async function task(): Promise<number> {
        await null;
        return 1;
      }
      const ps: Promise<number>[] = new Array(n);
      for (let i = 0; i < n; i++) ps[i] = task();
      perTask(meter, n);
      const all = await Promise.all(ps);
      return { value: all.reduce((a, b) => a + b, 0) };
    },
    async effection({ n }, meter) {
      const value = await effection.run(function* () {
        const tasks: effection.Task<number>[] = new Array(n);
        for (let i = 0; i < n; i++) {
          tasks[i] = yield* effection.spawn(function* () {
            yield* effection.sleep(0);
            return 1;
          });
        }
        perTask(meter, n);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* tasks[i];
        return sum;
      });
      return { value };
    },
    async co({ n }, meter) {
      const value = await co(function* () {
        const ps: Promise<number>[] = new Array(n);
        for (let i = 0; i < n; i++) {
          ps[i] = co(function* () {
            yield timeout0();
            return 1;
          });
        }
        perTask(meter, n);
        const all: number[] = yield ps;
        return all.reduce((a, b) => a + b, 0);
      });
      return { value };
    },
    async effect({ n }, meter) {
      const { Effect, Fiber } = loadEffect();
      const task = Effect.gen(function* () {
        yield* Effect.yieldNow;
        return 1;
      });
      const program = Effect.gen(function* () {
        const fibers: FiberT<number>[] = new Array(n);
        for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(task);
        yield* Effect.yieldNow;
        perTask(meter, n);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* Fiber.join(fibers[i]);
        return sum;
      });
      return { value: await Effect.runPromise(program) };
    },
  },
};
