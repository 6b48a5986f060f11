/**
 * W1: one coroutine awaits 1,000,000 values that are already there.
 *
 * Each implementation awaits its own idea of "an operation that has already
 * completed": genfut `ready(i)`, a resolved Promise, Effection's constant,
 * co's resolved Promise, `Effect.succeed(i)`. The limit is a raw generator
 * loop feeding each yielded value straight back with `next(v)`.
 */
import co from "co";
import { loadEffect } from "../lib/effect";
import * as effection from "effection";
import { ready, run, Runtime } from "../../lib";
import { expectEqual } from "../lib/measure";
import { Workload } from "../lib/types";
import { Const } from "./peers";

interface P {
  n: number;
}

const sumTo = (n: number): number => (n * (n - 1)) / 2;

export const w1: Workload<P> = {
  id: "W1",
  title: "one coroutine awaits 1,000,000 ready values",
  unit: "await",
  sizes: { full: { n: 1_000_000 }, quick: { n: 100_000 }, spec: { n: 2_000 } },
  ops: (p) => p.n,
  check: (p, o) => expectEqual("the sum", o.value, sumTo(p.n)),
  notes: {
    genfut: "`sum += yield* ready(i)` in one coroutine under `run()`",
    "genfut: seeded": "the same on `new Runtime({ seed: 1 })`: the seeded scheduler's cost (S2)",
    native: "`sum += await Promise.resolve(i)` in one async function",
    limit: "a raw generator `sum += yield i`, driven by a `for` loop calling `next(v)`",
    effection: "`sum += yield* constant(i)` (a class operation returning at once)",
    co: "`sum += yield Promise.resolve(i)`",
    effect: "`sum += yield* Effect.succeed(i)` in `Effect.gen`",
  },
  impls: {
    async genfut({ n }) {
      function* main() {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* ready(i);
        return sum;
      }
      return { value: await run(main) };
    },
    async "genfut: seeded"({ n }) {
      function* main() {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* ready(i);
        return sum;
      }
      return { value: await new Runtime({ seed: 1 }).run(main) };
    },
    async native({ n }) {
      async function main() {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += await Promise.resolve(i);
        return sum;
      }
      return { value: await main() };
    },
    async limit({ n }) {
      function* main(): Generator<number, number, number> {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield i;
        return sum;
      }
      const g = main();
      let r = g.next(0);
      while (!r.done) r = g.next(r.value);
      return { value: r.value };
    },
    async effection({ n }) {
      const value = await effection.run(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* new Const(i);
        return sum;
      });
      return { value };
    },
    async co({ n }) {
      const value = await co(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield Promise.resolve(i);
        return sum;
      });
      return { value };
    },
    async effect({ n }) {
      const { Effect } = loadEffect();
      const program = Effect.gen(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* Effect.succeed(i);
        return sum;
      });
      return { value: await Effect.runPromise(program) };
    },
  },
};
