import { expect } from "chai";
import { FuturesUnordered, JoinSet, now, pending, ready, scope, selectBiased, shield, sleep, spawn } from "../../lib";
import { joinErrorOf, Manual, pausedRuntime } from "../support";
import { Log, worker } from "../support/combinators";

/** Async cleanup that takes `ms` and logs its end. */
function* flush(log: Log, name: string, ms: number): Generator<unknown, void, unknown> {
  yield* sleep(ms);
  log.add(`${name} flushed`);
}

describe("shield()", () => {
  it("lets a finally that runs after a normal return finish its shielded cleanup when the task is aborted; the abort lands at the next wait", () => {
    const log = new Log();
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(function* task() {
        try {
          yield* sleep(1);
          return "value";
        } finally {
          yield* shield(flush(log, "first", 10));
          yield* shield(flush(log, "second", 10)); // still runs: the abort waits for a wait that is not shielded
          yield* sleep(100);
          log.add("never");
        }
      });
      yield* sleep(5);
      h.abort();
      return yield* joinErrorOf(h);
    });
    expect(log.lines).to.deep.equal(["first flushed @11", "second flushed @21"]);
    expect(err.cancelled).to.equal(true);
  });

  it("keeps the error a finally was propagating when an abort arrives during its shielded cleanup", () => {
    const log = new Log();
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(function* task() {
        try {
          yield* sleep(1);
          throw new Error("boom");
        } finally {
          yield* shield(flush(log, "cleanup", 10));
        }
      });
      yield* sleep(5);
      h.abort();
      return yield* joinErrorOf(h);
    });
    expect(log.lines).to.deep.equal(["cleanup flushed @11"]);
    expect(err.cancelled).to.equal(true);
    expect((err.cause as Error).message).to.equal("boom");
  });

  it("runs when the task's budget runs out exactly at its yield* and the abort comes before the next poll", () => {
    const members = [new Manual<number>(), new Manual<number>()];
    const rt = pausedRuntime({ budget: 4 });
    const [err, budgetYields] = rt.blockOn(function* () {
      const set = new FuturesUnordered<number>();
      for (const m of members) set.push(m);
      const w = spawn(function* workerTask() {
        try {
          yield* sleep(1); // woken at t=1 with a fresh budget of 4; this re-poll spends 1
          for (let i = 0; i < 3; i++) yield* ready(i); // 3 more: the budget is spent
        } finally {
          yield* set.cancelAll(); // out of budget here: re-queued before its first poll
        }
      });
      // Spawned after the worker, so woken after it at t=1: it runs while the worker is re-queued.
      spawn(function* aborter() {
        yield* sleep(1);
        w.abort();
      });
      const e = yield* joinErrorOf(w);
      return [e, rt.metrics().budgetYields] as const;
    });
    expect(budgetYields).to.be.at.least(1);
    expect(err.cancelled).to.equal(true);
    expect(members.map((m) => m.cancelled)).to.deep.equal([1, 1]);
  });

  it("makes FuturesUnordered.cancelAll() in a finally after an error finish every member's cleanup despite an abort", () => {
    const log = new Log();
    pausedRuntime().blockOn(function* () {
      const h = spawn(function* task() {
        const set = new FuturesUnordered<number>();
        set.push(worker(log, "a", 1000, 1, 10));
        set.push(worker(log, "b", 1000, 2, 20));
        try {
          yield* selectBiased(sleep(1), set.next()); // the members start
          throw new Error("boom");
        } finally {
          yield* set.cancelAll();
        }
      });
      yield* sleep(5);
      h.abort();
      yield* joinErrorOf(h);
      log.add("joined");
    });
    expect(log.lines).to.deep.equal(["a cleanup start @1", "b cleanup start @1", "a cleanup end @11", "b cleanup end @21", "joined @21"]);
  });

  it("makes JoinSet.shutdown() in a finally after a normal return finish despite an abort", () => {
    const log = new Log();
    pausedRuntime().blockOn(function* () {
      const h = spawn(function* task() {
        const set = new JoinSet<number>();
        set.spawn(worker(log, "a", 1000, 1, 10));
        try {
          yield* sleep(1);
          return 0;
        } finally {
          yield* set.shutdown();
        }
      });
      yield* sleep(5);
      h.abort();
      yield* joinErrorOf(h);
      log.add("joined");
    });
    expect(log.lines).to.deep.equal(["a cleanup start @1", "a cleanup end @11", "joined @11"]);
  });

  it("lets a scope that is tearing down after a failure finish its children's cleanup when it is cancelled", () => {
    const log = new Log();
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(function* task() {
        yield* scope(function* (s) {
          s.spawn(worker(log, "child", 1000, 1, 10));
          yield* sleep(1);
          throw new Error("body failed");
        });
      });
      yield* sleep(5);
      h.abort();
      const e = yield* joinErrorOf(h);
      log.add("joined");
      return e;
    });
    expect(log.lines).to.deep.equal(["child cleanup start @1", "child cleanup end @11", "joined @11"]);
    expect((err.cause as Error).message).to.equal("body failed");
  });

  it("is waited for by a select that drops it after it started, and dropped at once before it started", () => {
    const log = new Log();
    const [v, t] = pausedRuntime().blockOn(function* () {
      const r = yield* selectBiased(shield(flush(log, "started", 10)), ready("winner"));
      const late = yield* selectBiased(ready("first"), shield(flush(log, "never started", 10)));
      return [[r.value, late.value], now()] as const;
    });
    expect(v).to.deep.equal(["winner", "first"]);
    expect(t).to.equal(10);
    expect(log.lines).to.deep.equal(["started flushed @10"]);
  });

  it("describes itself with what it shields", () => {
    expect(shield(pending()).describe()).to.equal("shield(pending())");
  });
});
