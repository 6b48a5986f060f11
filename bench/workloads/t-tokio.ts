/**
 * T1–T4: tokio's own scheduler micro-benchmarks (tokio/benches/rt_*.rs,
 * 2019), redone here so genfut can be read against tokio's per-operation
 * figures: chained spawn (169 ns/spawn), ping-pong pairs (563 ns/ping),
 * spawn many (730 ns/task), yield many (49 ns/yield).
 *
 * As in tokio, every task counts itself done on a shared counter and the
 * last one fires a done signal that the main waits on. "Spawn" is each
 * library's detached spawn (genfut `spawn`, Effect `forkDetach`, Effection
 * `scope.run` into the main's scope; natively an async function started
 * from a microtask). The limit is plain callbacks on `queueMicrotask`.
 */
import co from "co";
import { DeferredT, EffectT, loadEffect } from "../lib/effect";
import * as effection from "effection";
import { Future, oneshot, OneshotSender, run, spawn, yieldNow } from "../../lib";
import { expectEqual } from "../lib/measure";
import { Signal } from "../lib/signal";
import { Workload } from "../lib/types";
import { immediate, latch } from "./peers";

interface P {
  /** Outer repetitions (tokio's bench iterations). */
  iters: number;
  /** Hops, pairs, tasks per iteration. */
  width: number;
  /** T4: yields per task. */
  yields?: number;
}

const check = (what: string) => (p: P, o: { value: unknown }) => expectEqual(what, o.value, p.iters * p.width * (p.yields ?? 1));
const ops = (p: P): number => p.iters * p.width * (p.yields ?? 1);

/** genfut: runs `body(done)` `iters` times, each time awaiting a fresh done signal. */
function genfutIters(iters: number, body: (done: Signal) => void): Promise<void> {
  return run(function* main() {
    for (let it = 0; it < iters; it++) {
      const done = new Signal();
      body(done);
      yield* done;
    }
  });
}

async function nativeIters(iters: number, body: (fire: () => void) => void): Promise<void> {
  for (let it = 0; it < iters; it++) {
    const l = latch();
    body(l.fire);
    await l.promise;
  }
}

function effectionIters(iters: number, body: (scope: effection.Scope, done: () => void) => void): Promise<void> {
  return effection.run(function* () {
    const scope = yield* effection.useScope();
    for (let it = 0; it < iters; it++) {
      const done = effection.withResolvers<void>();
      body(scope, () => done.resolve());
      yield* done.operation;
    }
  });
}

function effectIters(iters: number, body: (done: DeferredT<void>) => EffectT<unknown>): Promise<void> {
  const { Deferred, Effect } = loadEffect();
  return Effect.runPromise(
    Effect.gen(function* () {
      for (let it = 0; it < iters; it++) {
        const done = yield* Deferred.make<void>();
        yield* body(done);
        yield* Deferred.await(done);
      }
    }),
  );
}

const coSpawn = (gen: () => Generator): void => queueMicrotask(() => void co(gen));

export const t1: Workload<P> = {
  id: "T1",
  title: "chained spawn: each task spawns the next, 1000 hops (tokio: 169 ns/spawn)",
  unit: "spawn",
  sizes: { full: { iters: 200, width: 1000 }, quick: { iters: 2, width: 1000 }, spec: { iters: 2, width: 100 } },
  ops,
  check: check("the number of hops"),
  notes: {
    genfut: "`function* hop(n)` that `spawn`s `hop(n - 1)`; the last sets a `Signal` the main awaits",
    native: "an async function that starts the next from `queueMicrotask`; a Promise latch",
    limit: "a callback that queues the next with `queueMicrotask`",
    effection: "`scope.run(() => hop(n - 1))` into the main's scope; `withResolvers()`",
    co: "`co(hop(n - 1))` from `queueMicrotask`",
    effect: "`Effect.forkDetach(hop(n - 1))`; a `Deferred`",
  },
  impls: {
    async genfut({ iters, width }) {
      let count = 0;
      function* hop(done: Signal, n: number): Generator<unknown, void, unknown> {
        count++;
        if (n === 1) done.set();
        else spawn(hop(done, n - 1));
      }
      await genfutIters(iters, (done) => spawn(hop(done, width)));
      return { value: count };
    },
    async native({ iters, width }) {
      let count = 0;
      async function hop(fire: () => void, n: number): Promise<void> {
        count++;
        if (n === 1) fire();
        else queueMicrotask(() => void hop(fire, n - 1));
      }
      await nativeIters(iters, (fire) => queueMicrotask(() => void hop(fire, width)));
      return { value: count };
    },
    async limit({ iters, width }) {
      let count = 0;
      const hop = (fire: () => void, n: number): void => {
        count++;
        if (n === 1) fire();
        else queueMicrotask(() => hop(fire, n - 1));
      };
      await nativeIters(iters, (fire) => queueMicrotask(() => hop(fire, width)));
      return { value: count };
    },
    async effection({ iters, width }) {
      let count = 0;
      function* hop(scope: effection.Scope, done: () => void, n: number): effection.Operation<void> {
        count++;
        if (n === 1) done();
        else scope.run(() => hop(scope, done, n - 1));
      }
      await effectionIters(iters, (scope, done) => scope.run(() => hop(scope, done, width)));
      return { value: count };
    },
    async co({ iters, width }) {
      let count = 0;
      function* hop(fire: () => void, n: number): Generator {
        count++;
        if (n === 1) fire();
        else coSpawn(() => hop(fire, n - 1));
      }
      await nativeIters(iters, (fire) => coSpawn(() => hop(fire, width)));
      return { value: count };
    },
    async effect({ iters, width }) {
      const { Deferred, Effect } = loadEffect();
      let count = 0;
      const hop = (done: DeferredT<void>, n: number): EffectT<unknown> =>
        Effect.suspend((): EffectT<unknown> => {
          count++;
          return n === 1 ? Deferred.succeed(done, undefined) : Effect.forkDetach(hop(done, n - 1));
        });
      await effectIters(iters, (done) => Effect.forkDetach(hop(done, width)));
      return { value: count };
    },
  },
};

export const t2: Workload<P> = {
  id: "T2",
  title: "ping-pong pairs: 1000 pairs of tasks exchange a oneshot ping and pong (tokio: 563 ns/ping)",
  unit: "ping",
  sizes: { full: { iters: 100, width: 1000 }, quick: { iters: 1, width: 500 }, spec: { iters: 2, width: 50 } },
  ops,
  check: check("the number of pongs"),
  notes: {
    genfut: "generator functions written once (`spawn(pinger(...))`); `oneshot()` both ways",
    "genfut: inline function* closures": "`spawn(function* () { .. })` per task, as tokio writes `spawn(async move { .. })`",
    native: "async closures started with `queueMicrotask`; a resolved-Promise latch both ways",
    limit: "callbacks on `queueMicrotask`",
    effection: "`scope.run` per pair, `spawn` for the ponger; `withResolvers()` both ways",
    co: "generator functions written once, `co()` each from a microtask; Promise latches",
    effect: "`Effect.forkDetach`; `Deferred` both ways",
  },
  impls: {
    async genfut({ iters, width }) {
      let count = 0;
      // Written once, outside the loop: a fresh `function*` closure per spawn costs
      // V8 a new generator map each time (see the inline variant below).
      function* ponger(rx1: Future<void>, tx2: OneshotSender<void>): Generator<unknown, void, unknown> {
        yield* rx1;
        tx2.send();
      }
      function* pinger(pair: { left: number; done: Signal }): Generator<unknown, void, unknown> {
        const [tx1, rx1] = oneshot<void>();
        const [tx2, rx2] = oneshot<void>();
        spawn(ponger(rx1, tx2));
        tx1.send();
        yield* rx2;
        count++;
        if (--pair.left === 0) pair.done.set();
      }
      await genfutIters(iters, (done) => {
        const pair = { left: width, done };
        for (let i = 0; i < width; i++) spawn(pinger(pair));
      });
      return { value: count };
    },
    async "genfut: inline function* closures"({ iters, width }) {
      let count = 0;
      await genfutIters(iters, (done) => {
        let left = width;
        for (let i = 0; i < width; i++) {
          spawn(function* pinger() {
            const [tx1, rx1] = oneshot<void>();
            const [tx2, rx2] = oneshot<void>();
            spawn(function* ponger() {
              yield* rx1;
              tx2.send();
            });
            tx1.send();
            yield* rx2;
            count++;
            if (--left === 0) done.set();
          });
        }
      });
      return { value: count };
    },
    async native({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        for (let i = 0; i < width; i++) {
          queueMicrotask(async () => {
            const ping = latch();
            const pong = latch();
            queueMicrotask(async () => {
              await ping.promise;
              pong.fire();
            });
            ping.fire();
            await pong.promise;
            count++;
            if (--left === 0) fire();
          });
        }
      });
      return { value: count };
    },
    async limit({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        for (let i = 0; i < width; i++) {
          queueMicrotask(() => {
            // Task A: the pong wakes it; task B (spawned) answers the ping already sent.
            const pong = (): void => {
              count++;
              if (--left === 0) fire();
            };
            const ponger = (): void => queueMicrotask(pong);
            queueMicrotask(ponger);
          });
        }
      });
      return { value: count };
    },
    async effection({ iters, width }) {
      let count = 0;
      await effectionIters(iters, (scope, done) => {
        let left = width;
        function* ponger(ping: effection.Operation<void>, pong: () => void): effection.Operation<void> {
          yield* ping;
          pong();
        }
        function* pinger(): effection.Operation<void> {
          const ping = effection.withResolvers<void>();
          const pong = effection.withResolvers<void>();
          yield* effection.spawn(() => ponger(ping.operation, () => pong.resolve()));
          ping.resolve();
          yield* pong.operation;
          count++;
          if (--left === 0) done();
        }
        for (let i = 0; i < width; i++) scope.run(pinger);
      });
      return { value: count };
    },
    async co({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        function* ponger(ping: Promise<void>, pong: () => void): Generator {
          yield ping;
          pong();
        }
        function* pinger(): Generator {
          const ping = latch();
          const pong = latch();
          coSpawn(() => ponger(ping.promise, pong.fire));
          ping.fire();
          yield pong.promise;
          count++;
          if (--left === 0) fire();
        }
        for (let i = 0; i < width; i++) coSpawn(pinger);
      });
      return { value: count };
    },
    async effect({ iters, width }) {
      const { Deferred, Effect } = loadEffect();
      let count = 0;
      await effectIters(iters, (done) =>
        Effect.suspend(() => {
          let left = width;
          const pair = Effect.gen(function* () {
            const ping = yield* Deferred.make<void>();
            const pong = yield* Deferred.make<void>();
            yield* Effect.forkDetach(
              Effect.gen(function* () {
                yield* Deferred.await(ping);
                yield* Deferred.succeed(pong, undefined);
              }),
            );
            yield* Deferred.succeed(ping, undefined);
            yield* Deferred.await(pong);
            count++;
            if (--left === 0) yield* Deferred.succeed(done, undefined);
          });
          return Effect.forEach(Array.from({ length: width }), () => Effect.forkDetach(pair), { discard: true });
        }),
      );
      return { value: count };
    },
  },
};

export const t3: Workload<P> = {
  id: "T3",
  title: "spawn many: 10,000 tasks spawned at once, each counts itself done (tokio: 730 ns/task)",
  unit: "task",
  sizes: { full: { iters: 20, width: 10_000 }, quick: { iters: 1, width: 3_000 }, spec: { iters: 2, width: 200 } },
  ops,
  check: check("the number of tasks run"),
  notes: {
    genfut: "`spawn(task())` × 10,000; each task counts down, the last sets a `Signal`",
    native: "async functions started with `queueMicrotask`; a Promise latch",
    limit: "`queueMicrotask(callback)` × 10,000",
    effection: "`scope.run(task)` × 10,000",
    co: "`co(task)` from `queueMicrotask` × 10,000",
    effect: "`Effect.forkDetach(task)` × 10,000 via `Effect.forEach`",
  },
  impls: {
    async genfut({ iters, width }) {
      let count = 0;
      await genfutIters(iters, (done) => {
        let left = width;
        function* task(): Generator<unknown, void, unknown> {
          count++;
          if (--left === 0) done.set();
        }
        for (let i = 0; i < width; i++) spawn(task());
      });
      return { value: count };
    },
    async native({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        const task = async (): Promise<void> => {
          count++;
          if (--left === 0) fire();
        };
        for (let i = 0; i < width; i++) queueMicrotask(() => void task());
      });
      return { value: count };
    },
    async limit({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        const task = (): void => {
          count++;
          if (--left === 0) fire();
        };
        for (let i = 0; i < width; i++) queueMicrotask(task);
      });
      return { value: count };
    },
    async effection({ iters, width }) {
      let count = 0;
      await effectionIters(iters, (scope, done) => {
        let left = width;
        function* task(): effection.Operation<void> {
          count++;
          if (--left === 0) done();
        }
        for (let i = 0; i < width; i++) scope.run(task);
      });
      return { value: count };
    },
    async co({ iters, width }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        function* task(): Generator {
          count++;
          if (--left === 0) fire();
        }
        for (let i = 0; i < width; i++) coSpawn(task);
      });
      return { value: count };
    },
    async effect({ iters, width }) {
      const { Deferred, Effect } = loadEffect();
      let count = 0;
      await effectIters(iters, (done) =>
        Effect.suspend(() => {
          let left = width;
          const task = Effect.suspend(() => {
            count++;
            return --left === 0 ? Deferred.succeed(done, undefined) : Effect.void;
          });
          return Effect.forEach(Array.from({ length: width }), () => Effect.forkDetach(task), { discard: true });
        }),
      );
      return { value: count };
    },
  },
};

export const t4: Workload<P> = {
  id: "T4",
  title: "yield many: 300 tasks each yield 1000 times (tokio: 49 ns/yield)",
  unit: "yield",
  sizes: { full: { iters: 1, width: 300, yields: 1000 }, quick: { iters: 1, width: 300, yields: 100 }, spec: { iters: 1, width: 20, yields: 20 } },
  ops,
  check: check("the number of yields"),
  notes: {
    genfut: "`yield* yieldNow()` (re-queued after the host's next turn, as tokio defers it)",
    effection: "`yield* sleep(0)`",
    co: "`yield` a `setImmediate` promise",
    effect: "`yield* Effect.yieldNow`",
    native: "`await` a `setImmediate` promise per yield (lets I/O in, as `yieldNow()` does)",
    limit: "a callback re-queued with `queueMicrotask` per yield (never lets I/O in)",
  },
  impls: {
    async genfut({ iters, width, yields = 1 }) {
      let count = 0;
      await genfutIters(iters, (done) => {
        let left = width;
        function* task(): Generator<unknown, void, unknown> {
          for (let j = 0; j < yields; j++) {
            yield* yieldNow();
            count++;
          }
          if (--left === 0) done.set();
        }
        for (let i = 0; i < width; i++) spawn(task());
      });
      return { value: count };
    },
    async native({ iters, width, yields = 1 }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        const task = async (): Promise<void> => {
          for (let j = 0; j < yields; j++) {
            await immediate();
            count++;
          }
          if (--left === 0) fire();
        };
        for (let i = 0; i < width; i++) void task();
      });
      return { value: count };
    },
    async limit({ iters, width, yields = 1 }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        const task = (j: number): void => {
          if (j > 0) count++;
          if (j < yields) queueMicrotask(() => task(j + 1));
          else if (--left === 0) fire();
        };
        for (let i = 0; i < width; i++) task(0);
      });
      return { value: count };
    },
    async effection({ iters, width, yields = 1 }) {
      let count = 0;
      await effectionIters(iters, (scope, done) => {
        let left = width;
        function* task(): effection.Operation<void> {
          for (let j = 0; j < yields; j++) {
            yield* effection.sleep(0);
            count++;
          }
          if (--left === 0) done();
        }
        for (let i = 0; i < width; i++) scope.run(task);
      });
      return { value: count };
    },
    async co({ iters, width, yields = 1 }) {
      let count = 0;
      await nativeIters(iters, (fire) => {
        let left = width;
        function* task(): Generator {
          for (let j = 0; j < yields; j++) {
            yield immediate();
            count++;
          }
          if (--left === 0) fire();
        }
        for (let i = 0; i < width; i++) coSpawn(task);
      });
      return { value: count };
    },
    async effect({ iters, width, yields = 1 }) {
      const { Deferred, Effect } = loadEffect();
      let count = 0;
      await effectIters(iters, (done) =>
        Effect.suspend(() => {
          let left = width;
          const task = Effect.gen(function* () {
            for (let j = 0; j < yields; j++) {
              yield* Effect.yieldNow;
              count++;
            }
            if (--left === 0) yield* Deferred.succeed(done, undefined);
          });
          return Effect.forEach(Array.from({ length: width }), () => Effect.forkDetach(task), { discard: true });
        }),
      );
      return { value: count };
    },
  },
};
