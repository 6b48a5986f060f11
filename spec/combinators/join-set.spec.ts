import { expect } from "chai";
import { AbortHandle, JoinError, JoinSet, now, ready, Runtime, sleep, yieldNow } from "../../lib";
import { pausedRuntime } from "../support";
import { Log, worker } from "../support/combinators";

describe("JoinSet", () => {
  it("gives results in completion order, then undefined", () => {
    const out = pausedRuntime().blockOn(function* () {
      const set = new JoinSet<number>();
      for (const n of [30, 10, 20]) {
        set.spawn(function* () {
          yield* sleep(n);
          return n;
        });
      }
      expect(set.len()).to.equal(3);
      const got: number[] = [];
      for (let v; (v = yield* set.joinNext()) !== undefined; ) got.push(v);
      expect(set.isEmpty()).to.equal(true);
      return [got, now()];
    });
    expect(out).to.deep.equal([[10, 20, 30], 30]);
  });

  it("delivers a failed task's error through joinNext, not as unhandled", () => {
    const unhandled: unknown[] = [];
    const rt = pausedRuntime({ onUnhandledError: (e) => unhandled.push(e) });
    const e = rt.blockOn(function* () {
      const set = new JoinSet<number>();
      set.spawn(function* fails() {
        throw new Error("task failed");
      });
      yield* sleep(50); // the task fails long before anyone joins it
      try {
        yield* set.joinNext();
      } catch (e) {
        return e;
      }
    });
    expect(e).to.be.instanceOf(JoinError);
    expect((e as JoinError).cancelled).to.equal(false);
    expect(((e as JoinError).cause as Error).message).to.equal("task failed");
    expect(unhandled).to.deep.equal([]);
  });

  it("aborts every task with abortAll(); joinNext gives cancelled JoinErrors", () => {
    const log = new Log();
    const out = pausedRuntime().blockOn(function* () {
      const set = new JoinSet<number>();
      set.spawn(worker(log, "a", 100, 1, 2));
      set.spawn(worker(log, "b", 100, 2));
      yield* sleep(1);
      set.abortAll();
      const errs: boolean[] = [];
      while (!set.isEmpty()) {
        try {
          yield* set.joinNext();
        } catch (e) {
          errs.push((e as JoinError).cancelled);
        }
      }
      return errs;
    });
    expect(out).to.deep.equal([true, true]);
    expect(log.lines).to.have.members(["a cleanup start @1", "a cleanup end @3", "b cleanup start @1", "b cleanup end @1"]);
  });

  it("aborts its tasks when closed (a using block)", () => {
    const log = new Log();
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      {
        using set = new JoinSet<number>();
        set.spawn(worker(log, "child", 100, 1));
        yield* sleep(1);
      }
      yield* sleep(1);
      log.add("after");
    });
    expect(log.lines).to.deep.equal(["child cleanup start @1", "child cleanup end @1", "after @2"]);
    expect(rt.metrics().aliveTasks).to.equal(0);
  });

  it("throws from close() the errors of failed tasks nobody joined", () => {
    const unhandled: unknown[] = [];
    const e = pausedRuntime({ onUnhandledError: (e) => unhandled.push(e) }).blockOn(function* () {
      const set = new JoinSet<number>();
      set.spawn(function* () {
        throw new Error("never joined");
      });
      set.spawn(function* () {
        return 1;
      });
      yield* sleep(1);
      try {
        set.close();
      } catch (e) {
        return e;
      }
    });
    expect(((e as JoinError).cause as Error).message).to.equal("never joined");
    expect(unhandled).to.deep.equal([]);
  });

  it("shutdown() aborts and waits, and throws real failures only", () => {
    const log = new Log();
    const rt = pausedRuntime();
    const e = rt.blockOn(function* () {
      const set = new JoinSet<number>();
      set.spawn(worker(log, "slow", 100, 1, 5));
      set.spawn(function* () {
        yield* sleep(1);
        throw new Error("real failure");
      });
      yield* sleep(2);
      try {
        yield* set.shutdown();
      } catch (e) {
        log.add("shutdown threw");
        return e;
      }
    });
    expect((((e as JoinError).cause) as Error).message).to.equal("real failure");
    expect(log.lines).to.deep.equal(["slow cleanup start @2", "slow cleanup end @7", "shutdown threw @7"]);
  });

  it("refuses to spawn outside a runtime or once closed", () => {
    const set = new JoinSet<number>();
    expect(() => set.spawn(sleep(1) as never)).to.throw(/outside a running genfut runtime/);
    set.close();
    expect(() => set.spawn(sleep(1) as never)).to.throw(/closed/);
  });
});

describe("JoinSet: joinAll, tryJoinNext, extend, names, detachAll", () => {
  it("joinAll() gives every value in completion order, undefined values included", () => {
    const out = pausedRuntime().blockOn(function* () {
      const set = JoinSet.from<number | undefined>(
        [30, 10, 20].map((ms) =>
          function* () {
            yield* sleep(ms);
            return ms === 20 ? undefined : ms;
          },
        ),
      );
      const values = yield* set.joinAll();
      return { values, at: now(), empty: set.isEmpty() };
    });
    expect(out).to.deep.equal({ values: [10, undefined, 30], at: 30, empty: true });
  });

  it("joinAll() aborts the others at the first failure, waits for their cleanup, and throws its JoinError", () => {
    const out = pausedRuntime().blockOn(function* () {
      const set = new JoinSet<string>();
      const cleaned: string[] = [];
      set.spawn(function* () {
        try {
          yield* sleep(100);
          return "slow";
        } finally {
          yield* sleep(5); // async cleanup, waited for
          cleaned.push("slow");
        }
      });
      set.spawn(function* () {
        yield* sleep(10);
        throw new Error("boom");
      });
      try {
        yield* set.joinAll();
        return "no error";
      } catch (e) {
        return { e: e instanceof JoinError && (e.cause as Error).message, cleaned, at: now(), len: set.len() };
      }
    });
    expect(out).to.deep.equal({ e: "boom", cleaned: ["slow"], at: 15, len: 0 });
  });

  it("tryJoinNext() gives finished results without waiting, undefined when none is finished", () => {
    pausedRuntime().blockOn(function* () {
      const set = new JoinSet<number>();
      expect(set.tryJoinNext()).to.equal(undefined); // empty
      set.spawn(function* () {
        yield* sleep(10);
        return 1;
      });
      set.spawn(function* () {
        throw new Error("bad");
      });
      yield* yieldNow();
      expect(() => set.tryJoinNext()).to.throw(JoinError);
      expect(set.tryJoinNext()).to.equal(undefined); // the other is still sleeping
      expect(set.len()).to.equal(1);
      yield* sleep(10);
      expect(set.tryJoinNext()).to.equal(1);
      expect(set.isEmpty()).to.equal(true);
    });
  });

  it("a tryJoinNext() does not leave a later joinNext() unwoken", () => {
    const v = pausedRuntime().blockOn(function* () {
      const set = new JoinSet<number>();
      set.spawn(function* () {
        yield* sleep(10);
        return 7;
      });
      set.tryJoinNext();
      return yield* set.joinNext();
    });
    expect(v).to.equal(7);
  });

  it("spawns with names, and extend() spawns every task of an iterable", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const set = new JoinSet<number>();
      const h: AbortHandle = set.spawn(function* () {
        yield* sleep(5);
        return 0;
      }, { name: "named-worker" });
      expect(h.name).to.equal("named-worker");
      expect(String(rt.dump())).to.contain("named-worker");
      set.extend(
        (function* () {
          for (let i = 1; i <= 3; i++) yield ready(i);
        })(),
      );
      expect(set.len()).to.equal(4);
      expect((yield* set.joinAll()).sort()).to.deep.equal([0, 1, 2, 3]);
      expect(() => set.extend(5 as never)).to.throw(TypeError, /iterable/);
    });
  });

  it("detachAll() empties the set and lets the tasks run on; a detached task's later failure is reported as unhandled", () => {
    const reported: string[] = [];
    const rt = new Runtime({ startPaused: true, onUnhandledError: (e, t) => void reported.push(`${t.name}: ${(e as Error).message}`) });
    const done = rt.blockOn(function* () {
      const set = new JoinSet<void>();
      let finished = false;
      set.spawn(function* () {
        yield* sleep(10);
        finished = true;
      });
      set.spawn(function* late() {
        yield* sleep(20);
        throw new Error("late failure");
      });
      set.detachAll();
      expect(set.len()).to.equal(0);
      expect(yield* set.joinNext()).to.equal(undefined);
      yield* sleep(30);
      return finished;
    });
    expect(done).to.equal(true);
    expect(reported).to.deep.equal(["late: late failure"]);
  });

  it("detachAll() throws the error of a task that had already failed, unjoined", () => {
    pausedRuntime().blockOn(function* () {
      const set = new JoinSet<void>();
      set.spawn(function* () {
        throw new Error("already failed");
      });
      yield* yieldNow();
      expect(() => set.detachAll()).to.throw(JoinError);
      expect(set.isEmpty()).to.equal(true);
    });
  });
});
