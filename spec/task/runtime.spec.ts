import { expect } from "chai";
import { blockOn, DeadlockError, now, pending, run, Runtime, RuntimeError, sleep, spawn, yieldNow } from "../../lib";
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
    expect(() => run(42 as never)).to.throw(TypeError, /run\(\): expected a future, a generator object or a generator function, got the number 42/);
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
