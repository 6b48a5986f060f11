import { expect } from "chai";
import { Context, JoinError, JoinHandle, pollFn, Runtime, select, sleep, spawn, timeout, yieldNow } from "../../lib";
import { CountingWaker, joinErrorOf, pausedRuntime } from "../support";

describe("JoinHandle", () => {
  it("gives the task's value", () => {
    const v = pausedRuntime().blockOn(function* () {
      const h: JoinHandle<number> = spawn(function* () {
        yield* sleep(10);
        return 42;
      });
      return yield* h;
    });
    expect(v).to.equal(42);
  });

  it("throws a JoinError whose cause is the task's own error", () => {
    const original = new TypeError("bad input");
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(
        function* () {
          yield* sleep(1);
          throw original;
        },
        { name: "parser" },
      );
      try {
        yield* h;
      } catch (e) {
        return e;
      }
    }) as JoinError;
    expect(err).to.be.instanceOf(JoinError);
    expect(err.name).to.equal("JoinError");
    expect(err.cancelled).to.equal(false);
    expect(err.failed).to.equal(true);
    expect(err.cause).to.equal(original);
    expect(err.taskName).to.equal("parser");
    expect(err.message).to.equal('task "parser" failed: bad input');
  });

  it("throws a cancelled JoinError after abort(), and the task's finally has run", () => {
    const log: string[] = [];
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(function* worker() {
        try {
          yield* sleep(1000);
        } finally {
          log.push("finally");
        }
      });
      yield* sleep(1);
      expect(h.isFinished()).to.equal(false);
      h.abort();
      try {
        yield* h;
      } catch (e) {
        expect(h.isFinished()).to.equal(true);
        return e as JoinError;
      }
    });
    expect(err!.cancelled).to.equal(true);
    expect(err!.message).to.equal('task "worker" was cancelled');
    expect(log).to.deep.equal(["finally"]);
  });

  it("cancels a task that was aborted before its first poll without running it", () => {
    let ran = false;
    pausedRuntime().blockOn(function* () {
      const h = spawn(function* () {
        ran = true;
      });
      h.abort();
      try {
        yield* h;
      } catch {
        /* cancelled */
      }
    });
    expect(ran).to.equal(false);
  });

  it("ignores abort() of a finished task", () => {
    const v = pausedRuntime().blockOn(function* () {
      const h = spawn(function* () {
        return "done";
      });
      const v = yield* h;
      h.abort();
      return [v, yield* h];
    });
    expect(v).to.deep.equal(["done", "done"]);
  });

  it("names tasks after the option, the generator function, or their id", () => {
    const names = new Runtime().blockOn(function* () {
      function* namedWorker() {}
      return [spawn(namedWorker).name, spawn(namedWorker(), { name: "custom" }).name, spawn(namedWorker()).name];
    });
    expect(names[0]).to.equal("namedWorker");
    expect(names[1]).to.equal("custom");
    expect(names[2]).to.match(/^task-\d+$/);
  });

  it("detaches the task when the await of its handle is cancelled", () => {
    const log: string[] = [];
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const child = spawn(function* () {
        yield* sleep(20);
        log.push("child finished");
      });
      const waiter = spawn(function* () {
        yield* child;
      });
      yield* yieldNow();
      waiter.abort();
      yield* sleep(30);
    });
    expect(log).to.deep.equal(["child finished"]);
  });

  it("keeps the value of a finished task when an await of its handle is dropped", () => {
    const v = pausedRuntime().blockOn(function* () {
      const h = spawn(function* () {
        yield* sleep(5);
        return "kept";
      });
      yield* sleep(10);
      h.cancel(); // an await dropped after the task finished: the value stays
      return yield* h;
    });
    expect(v).to.equal("kept");
  });

  it("runs a future as a task's root: its value, its error, and its cancellation", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const ok = spawn(pollFn(() => 7));
      const bad = spawn(
        pollFn(() => {
          throw new RangeError("root failed");
        }),
      );
      const long = spawn(sleep(60_000));
      yield* yieldNow();
      expect(rt.metrics().timers).to.equal(1);
      long.abort();
      const errors: unknown[] = [];
      for (const h of [bad, long]) {
        try {
          yield* h;
        } catch (e) {
          errors.push(e);
        }
      }
      return { value: yield* ok, errors };
    });
    expect(out.value).to.equal(7);
    expect((out.errors[0] as JoinError).cause).to.be.instanceOf(RangeError);
    expect((out.errors[1] as JoinError).cancelled).to.equal(true);
    expect(rt.metrics().timers).to.equal(0);
  });
});

describe("unhandled task errors", () => {
  it("reports an error nobody joins once, with the task's name", () => {
    const reports: { error: unknown; name: string }[] = [];
    const rt = new Runtime({ startPaused: true, onUnhandledError: (error, task) => reports.push({ error, name: task.name }) });
    rt.blockOn(function* () {
      spawn(function* failing() {
        yield* sleep(1);
        throw new Error("nobody listens");
      });
      yield* sleep(5);
      yield* sleep(5);
    });
    expect(reports).to.have.length(1);
    expect(reports[0].name).to.equal("failing");
    expect((reports[0].error as Error).message).to.equal("nobody listens");
  });

  it("does not report an error that is joined", () => {
    const reports: unknown[] = [];
    const rt = new Runtime({ startPaused: true, onUnhandledError: (e) => reports.push(e) });
    rt.blockOn(function* () {
      const h = spawn(function* () {
        yield* sleep(1);
        throw new Error("joined");
      });
      try {
        yield* h;
      } catch {
        /* handled */
      }
    });
    expect(reports).to.deep.equal([]);
  });

  it("keeps the runtime running after a task fails", () => {
    const rt = new Runtime({ startPaused: true, onUnhandledError: () => {} });
    const v = rt.blockOn(function* () {
      spawn(function* () {
        throw new Error("x");
      });
      yield* sleep(10);
      return "still running";
    });
    expect(v).to.equal("still running");
  });
});

describe("JoinHandle awaited by several tasks at once", () => {
  it("gives the value to every task that awaits it", () => {
    const got = pausedRuntime().blockOn(function* () {
      const h = spawn(function* worker() {
        yield* sleep(10);
        return 42;
      });
      const a = spawn(function* () {
        return yield* h;
      });
      const b = spawn(function* () {
        return yield* h;
      });
      return [yield* timeout(1000, a), yield* timeout(1000, b), yield* h];
    });
    expect(got).to.deep.equal([42, 42, 42]);
  });

  it("gives every awaiter a JoinError with the task's own error", () => {
    const boom = new Error("boom");
    const causes = pausedRuntime().blockOn(function* () {
      const h = spawn(function* worker() {
        yield* sleep(10);
        throw boom;
      });
      const waiters = [0, 1, 2].map(() => spawn(joinErrorOf(h)));
      const out: unknown[] = [];
      for (const w of waiters) out.push((yield* timeout(1000, w)).cause);
      return out;
    });
    expect(causes).to.deep.equal([boom, boom, boom]);
  });

  it("keeps waking the other awaiters when one of them stops waiting", () => {
    const got = pausedRuntime().blockOn(function* () {
      const h = spawn(function* worker() {
        yield* sleep(10);
        return "done";
      });
      const stays = spawn(function* () {
        return yield* h;
      });
      yield* yieldNow(); // `stays` is parked on h
      const quitter = spawn(function* () {
        return yield* select(h, sleep(5)); // polled last, gives up first
      });
      expect((yield* quitter).index).to.equal(1);
      return yield* timeout(1000, stays);
    });
    expect(got).to.equal("done");
  });

  it("registers one waker per awaiter however often it is polled", () => {
    const got = pausedRuntime().blockOn(function* () {
      const h = spawn(function* worker() {
        yield* sleep(10);
        return 7;
      });
      const a = new CountingWaker();
      const b = new CountingWaker();
      for (let i = 0; i < 3; i++) {
        h.poll(new Context(a));
        h.poll(new Context(b));
      }
      yield* h;
      return [a.count, b.count];
    });
    expect(got).to.deep.equal([1, 1]);
  });
});
