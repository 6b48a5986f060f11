import { expect } from "chai";
import { JoinError, JoinSet, now, sleep } from "../../lib";
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
