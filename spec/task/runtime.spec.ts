import { expect } from "chai";
import { blockOn, DeadlockError, Future, JoinHandle, join, mpsc, now, pending, race, ready, run, Runtime, RuntimeError, select, sleep, spawn, TaskInfo, yieldNow } from "../../lib";
import { current } from "../../lib/core/future";
import { tryCurrentRuntime } from "../../lib/task/runtime";
import { running } from "../../lib/task/task";
import { Manual, pausedRuntime } from "../support";
import { runTs } from "../support/child";

describe("run()", () => {
  it("resolves with the main coroutine's value", async () => {
    expect(await run(function* () {
      yield* sleep(1);
      return "value";
    })).to.equal("value");
  });

  it("accepts a future, a generator object or a generator function", async () => {
    function* g() {
      return 1;
    }
    expect(await run(g)).to.equal(1);
    expect(await run(g())).to.equal(1);
    expect(await run(sleep(1))).to.equal(undefined);
  });

  it("rejects with the main coroutine's own error", async () => {
    const boom = new Error("boom");
    try {
      await run(function* () {
        yield* sleep(1);
        throw boom;
      });
      expect.fail("should reject");
    } catch (e) {
      expect(e).to.equal(boom);
    }
  });

  it("throws a TypeError naming a bad argument", () => {
    expect(() => run(42 as never)).to.throw(TypeError, /run\(main\): main must be a future, a generator object or a generator function, got the number 42/);
  });

  it("lets tasks spawned by main keep running after main returns", async () => {
    const log: string[] = [];
    const rt = new Runtime();
    await rt.run(function* () {
      spawn(function* () {
        yield* sleep(5);
        log.push("detached done");
      });
    });
    expect(log).to.deep.equal([]);
    await rt.run(sleep(20));
    expect(log).to.deep.equal(["detached done"]);
  });

  it("runs several main futures on one runtime at once", async () => {
    const rt = new Runtime({ startPaused: true });
    const order: string[] = [];
    const a = rt.run(function* () {
      yield* sleep(20);
      order.push(`a@${now()}`);
    });
    const b = rt.run(function* () {
      yield* sleep(10);
      order.push(`b@${now()}`);
    });
    await Promise.all([a, b]);
    expect(order).to.deep.equal(["b@10", "a@20"]);
  });
});

describe("blockOn()", () => {
  it("runs a future to completion synchronously", () => {
    let after = false;
    const v = blockOn(function* () {
      yield* yieldNow();
      return 5;
    });
    after = true;
    expect([v, after]).to.deep.equal([5, true]);
  });

  it("throws the main coroutine's error", () => {
    expect(() =>
      blockOn(function* () {
        throw new RangeError("out");
      }),
    ).to.throw(RangeError, "out");
  });

  it("throws a DeadlockError listing each task and what it waits on", () => {
    const leaf = new Manual<number>();
    let err: DeadlockError | undefined;
    try {
      blockOn(function* waitsForever() {
        spawn(function* helper() {
          yield* pending();
        });
        return yield* leaf;
      });
    } catch (e) {
      err = e as DeadlockError;
    }
    expect(err).to.be.instanceOf(DeadlockError);
    expect(err!.name).to.equal("DeadlockError");
    expect(err!.message).to.match(/nothing can ever wake the main future/);
    expect(err!.message).to.match(/waitsForever .*waiting on manual\(\)/);
    expect(err!.message).to.match(/helper .*waiting on pending\(\)/);
    // the stuck main was cancelled: its leaf was deregistered
    expect(leaf.cancelled).to.equal(1);
  });

  it("refuses to wait for real time, with an error that says so", () => {
    expect(() => blockOn(sleep(10))).to.throw(DeadlockError, /cannot wait for real time or I\/O/);
  });

  it("jumps a paused clock ahead instead of waiting", () => {
    const rt = pausedRuntime();
    expect(rt.blockOn(function* () {
      yield* sleep(3_600_000);
      return now();
    })).to.equal(3_600_000);
  });

  it("refuses to be called from inside a task of the same runtime", () => {
    const rt = new Runtime();
    const err = rt.blockOn(function* () {
      try {
        rt.blockOn(sleep(0));
      } catch (e) {
        return e;
      }
    });
    expect(err).to.be.instanceOf(RuntimeError);
  });
});

describe("the coop budget", () => {
  /**
   * A paused runtime with `budget` whose `blockOn` runs `body` as a spawned
   * task that is aborted after 1,000 polls of all tasks: a task that
   * re-queues itself forever without progress then fails the spec instead
   * of hanging it (a synchronous `blockOn` cannot be interrupted by mocha's
   * timeout). `onPoll` sees the end of every task poll.
   */
  function bounded(budget: number, onPoll?: (task: TaskInfo, rt: Runtime) => void): { rt: Runtime; blockOn<T>(body: () => Generator<unknown, T, unknown>): T } {
    let polls = 0;
    let task: JoinHandle<unknown> | null = null;
    const rt: Runtime = new Runtime({
      budget,
      startPaused: true,
      onTaskPoll: (t, phase) => {
        if (phase !== "end") return;
        onPoll?.(t, rt);
        if (++polls === 1_000) task?.abort();
      },
    });
    return {
      rt,
      blockOn<T>(body: () => Generator<unknown, T, unknown>): T {
        const h = rt.spawn(body);
        task = h;
        return rt.blockOn(function* bounded() {
          try {
            return yield* h;
          } catch (e) {
            throw new Error(`no progress with budget ${budget}: the task was still pending after ${polls} polls at t=${rt.now()}`, { cause: e });
          }
        });
      },
    };
  }

  function boundedBlockOn<T>(budget: number, body: () => Generator<unknown, T, unknown>): T {
    return bounded(budget).blockOn(body);
  }

  /** A coroutine that waits 5 ms, under `depth` levels of race() around a coroutine. */
  function* nestedInRace(depth: number): Generator<unknown, string, unknown> {
    if (depth === 0) {
      yield* sleep(5);
      return `inner@${now()}`;
    }
    return (yield* race(sleep(100), nestedInRace(depth - 1))) as string;
  }

  /** The same, nested by raw `yield` of a generator object (a coroutine the trampoline holds). */
  function* nestedByRawYield(depth: number): Generator<unknown, string, unknown> {
    if (depth === 0) {
      yield* sleep(5);
      return `inner@${now()}`;
    }
    return (yield nestedByRawYield(depth - 1)) as string;
  }

  it("makes progress with a budget of 1 on select(sleep, coroutine)", () => {
    const r = boundedBlockOn(1, function* () {
      return yield* select(
        sleep(100),
        (function* () {
          yield* sleep(5);
          return now();
        })(),
      );
    });
    expect(r).to.deep.equal({ index: 1, value: 5 });
  });

  for (const budget of [1, 2, 3]) {
    it(`makes progress with a budget of ${budget}, however deep coroutines nest in combinators`, () => {
      for (let depth = 0; depth <= 5; depth++) {
        expect(boundedBlockOn(budget, () => nestedInRace(depth)), `depth ${depth}`).to.equal("inner@5");
        expect(boundedBlockOn(budget, () => nestedByRawYield(depth)), `raw depth ${depth}`).to.equal("inner@5");
        const both = boundedBlockOn(budget, function* () {
          return yield* join(nestedInRace(depth), nestedByRawYield(depth));
        });
        expect(both, `join depth ${depth}`).to.deep.equal(["inner@5", "inner@5"]);
      }
    });
  }

  /** How a branch waits, and what another task does at t=5 to end the wait. */
  interface Wait {
    wait(i: number): Generator<unknown, unknown, unknown>;
    release(): void;
  }
  const waits: [string, () => Wait][] = [
    [
      "yield* sleep()",
      () => ({
        *wait() {
          yield* sleep(5);
        },
        release() {},
      }),
    ],
    [
      "a raw yield of sleep()",
      () => ({
        *wait() {
          yield sleep(5);
        },
        release() {},
      }),
    ],
    [
      "yield* rx.recv()",
      () => {
        const chans = [0, 1, 2].map(() => mpsc.channel<number>(1));
        return {
          *wait(i) {
            return yield* chans[i][1].recv();
          },
          release: () => chans.forEach(([tx]) => tx.trySend(7)),
        };
      },
    ],
    [
      "yield* tx.send() on a full channel",
      () => {
        const chans = [0, 1, 2].map(() => mpsc.channel<number>(1));
        for (const [tx] of chans) tx.trySend(-1);
        return {
          *wait(i) {
            yield* chans[i][0].send(i);
          },
          release: () => chans.forEach(([, rx]) => rx.tryRecv()),
        };
      },
    ],
  ];
  // Three branches that each wait once, in one join, with a budget of 1: the
  // task's first turn must reach all three (a poll that comes back pending
  // costs nothing), so it is polled once before the clock moves. An await
  // charged before its poll spends the budget on the first branch, and the
  // others are reached only in later turns.
  for (const [what, make] of waits) {
    it(`spends no budget on an await that is pending: ${what}`, () => {
      let pollsBeforeTimeMoved = 0;
      const { rt, blockOn } = bounded(1, (t, rt) => void (t.name === "joiner" && rt.now() === 0 && pollsBeforeTimeMoved++));
      const { wait, release } = make();
      blockOn(function* joiner() {
        rt.spawn(function* other() {
          yield* sleep(5);
          release();
        });
        yield* join(wait(0), wait(1), wait(2));
      });
      expect(rt.now()).to.equal(5);
      expect(pollsBeforeTimeMoved).to.equal(1);
    });
  }

  it("still makes an always-ready task yield after each await, with a budget of 1", () => {
    const log: string[] = [];
    boundedBlockOn(1, function* () {
      const spin = (name: string): Future<void> =>
        spawn(function* () {
          for (let i = 0; i < 3; i++) {
            yield* ready(i);
            log.push(name);
          }
        });
      yield* join(spin("a"), spin("b"));
    });
    expect(log).to.deep.equal(["a", "b", "a", "b", "a", "b"]);
  });
});

describe("spawn()", () => {
  it("throws a RuntimeError outside a running runtime", () => {
    expect(() => spawn(sleep(1))).to.throw(RuntimeError, /spawn\(\) was called outside a running genfut runtime/);
  });

  it("spawns on the runtime that is running", () => {
    const rt = new Runtime();
    rt.blockOn(function* () {
      yield* spawn(function* () {});
    });
    expect(rt.metrics().spawnedTasks).to.equal(2);
  });
});

describe("the process", () => {
  it("exits by itself when main is done and nothing holds it open", async () => {
    const r = await runTs("spec/fixtures/exits-by-itself.ts");
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal("main done\nstraggler done\n");
    expect(r.stderr).to.equal("");
  });

  it("turns a run() that can never finish into a DeadlockError instead of a silent exit", async () => {
    const r = await runTs("spec/fixtures/run-deadlock.ts");
    expect(r.stdout).to.match(/^DeadlockError\n/);
    expect(r.stdout).to.match(/stuckMain .*waiting on pending\(\)/);
  });

  it("prints an unjoined task's error to stderr by default, keeps running, and exits with code 1", async () => {
    const r = await runTs("spec/fixtures/unhandled-default.ts");
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal("main still finished\n");
    expect(r.stderr).to.match(/task "doomed" \(#\d+\) failed and nobody joined it/);
    expect(r.stderr).to.match(/Error: lost in space\n\s+at /);
  });
});

describe("nested runtimes", () => {
  it("give the outer task back its runtime, identity, budget, context and stack limit after a blockOn of another runtime", () => {
    const outer = new Runtime({ startPaused: true, budget: 7 });
    const inner = new Runtime({ startPaused: true, stackTraceLimit: 33 });
    const state = () => [tryCurrentRuntime(), running.task?.name, current.budget, current.cx, Error.stackTraceLimit];
    const outside = state();
    const seen = outer.blockOn(function* outerMain() {
      const before = state();
      const during = inner.blockOn(function* innerMain() {
        return [tryCurrentRuntime() === inner, running.task?.name, Error.stackTraceLimit];
      });
      return { before, during, after: state() };
    });
    expect(seen.before[0]).to.equal(outer);
    expect(seen.before.slice(1, 3)).to.deep.equal(["outerMain", 7]);
    expect(seen.during).to.deep.equal([true, "innerMain", 33]);
    expect(seen.after).to.deep.equal(seen.before);
    expect(outside.slice(0, 2)).to.deep.equal([null, undefined]);
    expect(state()).to.deep.equal(outside);
  });
});
