/**
 * W2 and W2-leaf: 100,000 calls, each ten coroutines deep.
 *
 * `f(0)` gives 1 and `f(d)` gives `f(d-1) + 1`, so each call returns 10 and
 * the total is 1,000,000. In W2-leaf the innermost level awaits a ready value
 * instead of returning 1 directly. genfut's nested calls are plain `yield*`
 * generator delegation (no future per level); the limit is the same
 * delegation driven by a bare `next()` loop.
 */
import co from "co";
import { EffectT, loadEffect } from "../lib/effect";
import * as effection from "effection";
import { ready, run } from "../../lib";
import { expectEqual } from "../lib/measure";
import { Workload } from "../lib/types";
import { Const } from "./peers";

interface P {
  calls: number;
  depth: number;
}

function make(leaf: boolean): Workload<P> {
  return {
    id: leaf ? "W2-leaf" : "W2",
    title: leaf ? "depth-10 nested calls × 100,000, the innermost awaits a ready value" : "depth-10 nested calls × 100,000",
    unit: "call",
    sizes: { full: { calls: 100_000, depth: 10 }, quick: { calls: 20_000, depth: 10 }, spec: { calls: 500, depth: 10 } },
    ops: (p) => p.calls,
    check: (p, o) => expectEqual("the sum", o.value, p.calls * p.depth),
    notes: leaf
      ? {
          genfut: "`function* f(d)`: `yield* f(d-1)`; the innermost `yield* ready(1)`",
          native: "`async function f(d)`: `await f(d-1)`; the innermost `await Promise.resolve(1)`",
          limit: "generator delegation; the innermost `yield 1`, fed back by a bare loop",
          effection: "`yield* f(d-1)`; the innermost `yield* constant(1)`",
          co: "`yield* f(d-1)`; the innermost `yield Promise.resolve(1)`",
          effect: "`Effect.gen` per level; the innermost `yield* Effect.succeed(1)`",
        }
      : {
          genfut: "`function* f(d)`: `return (yield* f(d-1)) + 1`",
          native: "`async function f(d)`: `return (await f(d-1)) + 1`",
          limit: "the same generators, each call driven by one bare `next()`",
          effection: "`yield* f(d-1)` inside one `run()`",
          co: "`yield* f(d-1)` inside one `co()`",
          effect: "`Effect.gen` per level: `(yield* f(d-1)) + 1`",
        },
    impls: {
      async genfut({ calls, depth }) {
        function* f(d: number): Generator<unknown, number, unknown> {
          if (d === 1) return leaf ? yield* ready(1) : 1;
          return (yield* f(d - 1)) + 1;
        }
        return {
          value: await run(function* main() {
            let sum = 0;
            for (let i = 0; i < calls; i++) sum += yield* f(depth);
            return sum;
          }),
        };
      },
      async native({ calls, depth }) {
        async function f(d: number): Promise<number> {
          if (d === 1) return leaf ? await Promise.resolve(1) : 1;
          return (await f(d - 1)) + 1;
        }
        let sum = 0;
        for (let i = 0; i < calls; i++) sum += await f(depth);
        return { value: sum };
      },
      async limit({ calls, depth }) {
        function* f(d: number): Generator<number, number, number> {
          if (d === 1) return leaf ? yield 1 : 1;
          return (yield* f(d - 1)) + 1;
        }
        let sum = 0;
        for (let i = 0; i < calls; i++) {
          const g = f(depth);
          let r = g.next(0);
          while (!r.done) r = g.next(r.value);
          sum += r.value;
        }
        return { value: sum };
      },
      async effection({ calls, depth }) {
        function* f(d: number): effection.Operation<number> {
          if (d === 1) return leaf ? yield* new Const(1) : 1;
          return (yield* f(d - 1)) + 1;
        }
        const value = await effection.run(function* () {
          let sum = 0;
          for (let i = 0; i < calls; i++) sum += yield* f(depth);
          return sum;
        });
        return { value };
      },
      async co({ calls, depth }) {
        function* f(d: number): Generator<unknown, number, any> {
          if (d === 1) return leaf ? yield Promise.resolve(1) : 1;
          return (yield* f(d - 1)) + 1;
        }
        const value = await co(function* () {
          let sum = 0;
          for (let i = 0; i < calls; i++) sum += yield* f(depth);
          return sum;
        });
        return { value };
      },
      async effect({ calls, depth }) {
      const { Effect } = loadEffect();
        const f = (d: number): EffectT<number> =>
          Effect.gen(function* () {
            if (d === 1) return leaf ? yield* Effect.succeed(1) : 1;
            return (yield* f(d - 1)) + 1;
          });
        const program = Effect.gen(function* () {
          let sum = 0;
          for (let i = 0; i < calls; i++) sum += yield* f(depth);
          return sum;
        });
        return { value: await Effect.runPromise(program) };
      },
    },
  };
}

export const w2 = make(false);
export const w2leaf = make(true);
