/**
 * W4: ping-pong of 1,000,000 messages between two tasks over two channels.
 *
 * Task A sends k on the first channel and waits for k + 1 on the second;
 * task B answers each message with its successor; so 1,000,000 messages are
 * 500,000 round trips. A checks the sum of the answers and counts them.
 * Channels are unbounded everywhere (genfut `mpsc.unbounded`, a Promise
 * channel, Effection's queue, Effect's `Queue.unbounded`). The limit is a
 * raw callback channel on a trampoline (no Promise, no generator).
 */
import co from "co";
import { loadEffect } from "../lib/effect";
import * as effection from "effection";
import { Runtime, run, spawn } from "../../lib";
import { optional } from "../lib/genfut-api";
import { expectEqual } from "../lib/measure";
import { Workload } from "../lib/types";
import { PromiseChannel } from "./peers";

interface P {
  messages: number;
}

const expected = (p: P): number => {
  const r = p.messages / 2;
  return (r * (r + 1)) / 2;
};

/** The limit: callbacks handed over through a trampoline loop, so nothing recurses. */
class Trampoline {
  #fns: ((v: number) => void)[] = [];
  #vals: number[] = [];
  #running = false;
  call(fn: (v: number) => void, v: number): void {
    this.#fns.push(fn);
    this.#vals.push(v);
    if (this.#running) return;
    this.#running = true;
    const fns = this.#fns;
    const vals = this.#vals;
    for (let i = 0; i < fns.length; i++) {
      fns[i](vals[i]);
      // Each call queues the next before it returns, so the queue never
      // drains: drop the done prefix now and then, or it grows to a million.
      if (i === 1023) {
        fns.splice(0, 1024);
        vals.splice(0, 1024);
        i = -1;
      }
    }
    fns.length = vals.length = 0;
    this.#running = false;
  }
}

class CallbackChannel {
  #buf: number[] = [];
  #waiter: ((v: number) => void) | null = null;
  constructor(readonly t: Trampoline) {}
  send(v: number): void {
    const w = this.#waiter;
    if (w === null) this.#buf.push(v);
    else {
      this.#waiter = null;
      this.t.call(w, v);
    }
  }
  recv(cb: (v: number) => void): void {
    if (this.#buf.length > 0) this.t.call(cb, this.#buf.shift()!);
    else this.#waiter = cb;
  }
}

/**
 * The floor for any runtime built on `yield*` (the limit row "raw generators"):
 * two bare generators, each message awaited with `yield*` on an object that
 * is its own iterator, as a genfut future is; a plain array as run queue; no
 * budget, no state bits, no counters, no cancellation.
 */
function rawGeneratorPingPong(messages: number): [number, number] {
  const rounds = messages / 2;
  const runq: Generator<unknown, unknown>[] = [];
  let head = 0;
  let current: Generator<unknown, unknown> | null = null;
  const STEP = { done: false as const, value: undefined };
  const DONE = { done: true as const, value: 0 };
  class Chan {
    q: number[] = [];
    h = 0;
    waiter: Generator<unknown, unknown> | null = null;
    push(v: number): void {
      this.q.push(v);
      const w = this.waiter;
      if (w !== null) {
        this.waiter = null;
        runq.push(w);
      }
    }
  }
  class Recv {
    constructor(readonly c: Chan) {}
    [Symbol.iterator](): this {
      return this;
    }
    next(): IteratorResult<undefined, number> {
      const c = this.c;
      if (c.h < c.q.length) {
        DONE.value = c.q[c.h++];
        if (c.h > 1024) {
          c.q.splice(0, c.h);
          c.h = 0;
        }
        return DONE;
      }
      c.waiter = current;
      return STEP;
    }
  }
  const ping = new Chan();
  const pong = new Chan();
  const pingRx = new Recv(ping);
  const pongRx = new Recv(pong);
  let count = 0;
  function* ponger(): Generator<undefined, void> {
    for (let v; (v = yield* pingRx) >= 0; ) pong.push(v + 1);
  }
  function* main(): Generator<undefined, number> {
    let sum = 0;
    for (let k = 0; k < rounds; k++) {
      ping.push(k);
      sum += yield* pongRx;
      count += 2;
    }
    ping.push(-1);
    return sum;
  }
  const m = main();
  runq.push(m, ponger());
  let sum = NaN;
  while (head < runq.length) {
    const g = (current = runq[head++]);
    if (head > 1024) {
      runq.splice(0, head);
      head = 0;
    }
    const r = g.next();
    if (r.done === true && g === m) sum = r.value as number;
  }
  return [sum, count];
}

function genfutPingPong(messages: number, bounded: boolean, seed?: number): Promise<[number, number]> {
  const mpsc = optional("mpsc");
  const rounds = messages / 2;
  const go = seed === undefined ? run : (main: () => Generator<unknown, [number, number]>) => new Runtime({ seed }).run(main);
  return go(function* main() {
    const [pingTx, pingRx] = bounded ? mpsc.channel<number>(1) : mpsc.unbounded<number>();
    const [pongTx, pongRx] = bounded ? mpsc.channel<number>(1) : mpsc.unbounded<number>();
    // An unbounded sender's `send` is synchronous (as the Promise channel's
    // is): awaiting it is needed only when bounded, where it may wait.
    spawn(function* ponger() {
      for (let v; (v = yield* pingRx.recv()) !== undefined; ) {
        if (bounded) yield* pongTx.send(v + 1);
        else pongTx.send(v + 1);
      }
    });
    let sum = 0;
    let count = 0;
    for (let k = 0; k < rounds; k++) {
      if (bounded) yield* pingTx.send(k);
      else pingTx.send(k);
      sum += (yield* pongRx.recv())!;
      count += 2;
    }
    pingTx.close();
    return [sum, count] as [number, number];
  });
}

export const w4: Workload<P> = {
  id: "W4",
  title: "ping-pong of 1,000,000 messages between two tasks",
  unit: "msg",
  sizes: { full: { messages: 1_000_000 }, quick: { messages: 100_000 }, spec: { messages: 2_000 } },
  ops: (p) => p.messages,
  check: (p, o) => {
    const [sum, count] = o.value as [number, number];
    expectEqual("the number of messages", count, p.messages);
    expectEqual("the sum of the answers", sum, expected(p));
  },
  needs: ["mpsc"],
  notes: {
    genfut: "two tasks, two `mpsc.unbounded()` channels: `tx.send(k)`, `yield* rx.recv()`",
    "genfut: mpsc.channel(1)": "the same over bounded channels of capacity 1: `yield* tx.send(k)` may wait",
    "genfut: seeded": "the unbounded version on `new Runtime({ seed: 1 })`: the seeded scheduler's cost (S2)",
    native: "two async functions, two Promise channels",
    limit: "two callback state machines, two callback channels on a trampoline",
    "limit: raw generators":
      "the floor for a `yield*` runtime: two bare generators, `yield*` on an object that is its own iterator, an array as run queue, nothing else",
    effection: "two tasks, two `createQueue()`s: `q.add(k)`, `yield* q.next()`",
    co: "two `co()` coroutines over two Promise channels",
    effect: "two fibers, two `Queue.unbounded`: `Queue.offer`, `Queue.take`",
  },
  impls: {
    async genfut({ messages }) {
      return { value: await genfutPingPong(messages, false) };
    },
    async "genfut: mpsc.channel(1)"({ messages }) {
      return { value: await genfutPingPong(messages, true) };
    },
    async "genfut: seeded"({ messages }) {
      return { value: await genfutPingPong(messages, false, 1) };
    },
    async native({ messages }) {
      const rounds = messages / 2;
      const ping = new PromiseChannel<number>();
      const pong = new PromiseChannel<number>();
      void (async () => {
        for (;;) {
          const v = await ping.recv();
          if (v < 0) return;
          pong.send(v + 1);
        }
      })();
      let sum = 0;
      let count = 0;
      for (let k = 0; k < rounds; k++) {
        ping.send(k);
        sum += await pong.recv();
        count += 2;
      }
      ping.send(-1);
      return { value: [sum, count] };
    },
    async limit({ messages }) {
      const rounds = messages / 2;
      const t = new Trampoline();
      const ping = new CallbackChannel(t);
      const pong = new CallbackChannel(t);
      const ponger = (v: number): void => {
        pong.send(v + 1);
        ping.recv(ponger);
      };
      ping.recv(ponger);
      return new Promise((resolve) => {
        let sum = 0;
        let count = 0;
        let k = 0;
        const onPong = (v: number): void => {
          sum += v;
          count += 2;
          if (++k < rounds) {
            ping.send(k);
            pong.recv(onPong);
          } else resolve({ value: [sum, count] });
        };
        ping.send(0);
        pong.recv(onPong);
      });
    },
    async "limit: raw generators"({ messages }) {
      return { value: rawGeneratorPingPong(messages) };
    },
    async effection({ messages }) {
      const rounds = messages / 2;
      const value = await effection.run(function* () {
        const ping = effection.createQueue<number, void>();
        const pong = effection.createQueue<number, void>();
        yield* effection.spawn(function* () {
          for (;;) {
            const r = yield* ping.next();
            if (r.done) return;
            pong.add(r.value + 1);
          }
        });
        let sum = 0;
        let count = 0;
        for (let k = 0; k < rounds; k++) {
          ping.add(k);
          const r = yield* pong.next();
          sum += r.done ? NaN : r.value;
          count += 2;
        }
        ping.close();
        return [sum, count];
      });
      return { value };
    },
    async co({ messages }) {
      const rounds = messages / 2;
      const ping = new PromiseChannel<number>();
      const pong = new PromiseChannel<number>();
      void co(function* () {
        for (;;) {
          const v: number = yield ping.recv();
          if (v < 0) return;
          pong.send(v + 1);
        }
      });
      const value = await co(function* () {
        let sum = 0;
        let count = 0;
        for (let k = 0; k < rounds; k++) {
          ping.send(k);
          sum += yield pong.recv();
          count += 2;
        }
        ping.send(-1);
        return [sum, count];
      });
      return { value };
    },
    async effect({ messages }) {
      const { Effect, Queue } = loadEffect();
      const rounds = messages / 2;
      const program = Effect.gen(function* () {
        const ping = yield* Queue.unbounded<number>();
        const pong = yield* Queue.unbounded<number>();
        yield* Effect.forkChild(
          Effect.gen(function* () {
            for (;;) {
              const v = yield* Queue.take(ping);
              yield* Queue.offer(pong, v + 1);
            }
          }),
        );
        let sum = 0;
        let count = 0;
        for (let k = 0; k < rounds; k++) {
          yield* Queue.offer(ping, k);
          sum += yield* Queue.take(pong);
          count += 2;
        }
        return [sum, count];
      });
      return { value: await Effect.runPromise(program) };
    },
  },
};
