/**
 * W7: 100,000 races of a ready value against a 1 s timer, one after another.
 * The ready value must win every time, the timer must be cancelled, and no
 * Node timer may be left behind at the end (`timersLeft`, checked).
 *
 * genfut alternates the argument order (`race(ready(i), sleep(1000))`, then
 * `race(sleep(1000), ready(i))`), so both "winner polled first" and "loser
 * polled first" are measured. The limit sets and clears a raw timer.
 */
import co from "co";
import { loadEffect } from "../lib/effect";
import * as effection from "effection";
import { Future, ready, Runtime, sleep } from "../../lib";
import { optional } from "../lib/genfut-api";
import { activeTimers, expectEqual } from "../lib/measure";
import { Meter, Outcome, Workload } from "../lib/types";
import { Const } from "./peers";

interface P {
  n: number;
}

const sumTo = (n: number): number => (n * (n - 1)) / 2;

/**
 * Node timers alive before the run. Taken after one host turn (a test
 * runner arms its own timeout timer just after a test starts), and the clock
 * restarted after it.
 */
async function timersBefore(meter: Meter): Promise<number> {
  await new Promise((r) => setImmediate(r));
  const n = activeTimers();
  meter.restart();
  return n;
}

/** Records how many Node timers the run left behind (beyond those alive before it). */
function timersLeft(meter: Meter, before: number): void {
  meter.extra.timersLeft = activeTimers() - before;
}

/** A timer promise with its handle, for the manual-cleanup idiom. */
function timer(ms: number): { promise: Promise<number>; handle: NodeJS.Timeout } {
  let handle!: NodeJS.Timeout;
  const promise = new Promise<number>((r) => (handle = setTimeout(r, ms, -1)));
  return { promise, handle };
}

/** Runs `n` races made by `make(i)` in one coroutine; checks no timer is left, in Node or in genfut's timer driver. */
async function genfutRaces(n: number, meter: Meter, make: (i: number) => Future<number | void>, seed?: number): Promise<Outcome> {
  const before = await timersBefore(meter);
  const rt = new Runtime({ seed });
  const value = await rt.run(function* main() {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (yield* make(i)) as number;
    return sum;
  });
  timersLeft(meter, before);
  meter.extra.timersLeft += rt.metrics().timers; // sleeps still registered in genfut's own timer driver
  return { value };
}

export const w7: Workload<P> = {
  id: "W7",
  title: "100,000 races of a ready value against a 1 s timer; loser cancelled, no timer left",
  unit: "race",
  sizes: { full: { n: 100_000 }, quick: { n: 1_000 }, spec: { n: 300 } },
  ops: (p) => p.n,
  check: (p, o, meter) => {
    expectEqual("the sum of the winners", o.value, sumTo(p.n));
    expectEqual("the number of timers left behind", meter.extra.timersLeft, 0);
  },
  needs: ["race"],
  notes: {
    genfut: "`yield* race(ready(i), sleep(1000))`, argument order alternating (`race` polls in random order)",
    "genfut: seeded": "the same on `new Runtime({ seed: 1 })`: `race` draws its first branch from the seeded generator (S2)",
    "genfut: raceBiased, ready first": "`raceBiased(ready(i), sleep(1000))`: the winner is polled first, the sleep never registers",
    "genfut: raceBiased, sleep first": "`raceBiased(sleep(1000), ready(i))`: the timer is registered, then cancelled",
    native: "`await Promise.race([Promise.resolve(i), timerPromise])`, then a manual `clearTimeout`",
    limit: "`clearTimeout(setTimeout(cb, 1000))` and the value taken directly",
    effection: "`yield* race([constant(i), sleep(1000)])`",
    co: "`yield Promise.race([Promise.resolve(i), timerPromise])`, then `clearTimeout`",
    effect: "`yield* Effect.race(Effect.succeed(i), Effect.sleep(1000))`",
  },
  impls: {
    async genfut({ n }, meter) {
      const race = optional("race");
      return genfutRaces(n, meter, (i) => ((i & 1) === 0 ? race<number | void>(ready(i), sleep(1000)) : race<number | void>(sleep(1000), ready(i))));
    },
    async "genfut: seeded"({ n }, meter) {
      const race = optional("race");
      return genfutRaces(n, meter, (i) => ((i & 1) === 0 ? race<number | void>(ready(i), sleep(1000)) : race<number | void>(sleep(1000), ready(i))), 1);
    },
    async "genfut: raceBiased, ready first"({ n }, meter) {
      const raceBiased = optional("raceBiased");
      return genfutRaces(n, meter, (i) => raceBiased<number | void>(ready(i), sleep(1000)));
    },
    async "genfut: raceBiased, sleep first"({ n }, meter) {
      const raceBiased = optional("raceBiased");
      return genfutRaces(n, meter, (i) => raceBiased<number | void>(sleep(1000), ready(i)));
    },
    async native({ n }, meter) {
      const before = await timersBefore(meter);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const t = timer(1000);
        sum += await Promise.race([Promise.resolve(i), t.promise]);
        clearTimeout(t.handle);
      }
      timersLeft(meter, before);
      return { value: sum };
    },
    async limit({ n }, meter) {
      const before = await timersBefore(meter);
      const never = (): void => {
        throw new Error("the timer fired");
      };
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const h = setTimeout(never, 1000);
        sum += i;
        clearTimeout(h);
      }
      timersLeft(meter, before);
      return { value: sum };
    },
    async effection({ n }, meter) {
      const before = await timersBefore(meter);
      const value = await effection.run(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) {
          sum += (yield* effection.race([new Const(i), effection.sleep(1000)])) as number;
        }
        return sum;
      });
      timersLeft(meter, before);
      return { value };
    },
    async co({ n }, meter) {
      const before = await timersBefore(meter);
      const value = await co(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) {
          const t = timer(1000);
          sum += yield Promise.race([Promise.resolve(i), t.promise]);
          clearTimeout(t.handle);
        }
        return sum;
      });
      timersLeft(meter, before);
      return { value };
    },
    async effect({ n }, meter) {
      const { Effect } = loadEffect();
      const before = await timersBefore(meter);
      const program = Effect.gen(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* Effect.race(Effect.succeed(i), Effect.sleep(1000).pipe(Effect.as(-1)));
        return sum;
      });
      const value = await Effect.runPromise(program);
      timersLeft(meter, before);
      return { value };
    },
  },
};
