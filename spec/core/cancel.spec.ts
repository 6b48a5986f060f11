import { expect } from "chai";
import { JoinError, Pending, spawn, sleep, now } from "../../lib";
import { Coroutine } from "../../lib/core/coroutine";
import { countingContext, joinErrorOf, Manual, pausedRuntime } from "../support";

describe("cancellation", () => {
  it("runs nothing of a coroutine that was never polled", () => {
    let ran = false;
    function* body() {
      try {
        ran = true;
        yield* sleep(1);
      } finally {
        ran = true;
      }
    }
    const co = new Coroutine(body());
    expect(co.cancel()).to.equal(undefined);
    expect(ran).to.equal(false);
    expect(co.isDone()).to.equal(true);
  });

  it("returns the generator at its yield*, so finally blocks run and the leaf is cancelled", () => {
    const log: string[] = [];
    const leaf = new Manual<number>();
    function* body() {
      try {
        log.push("start");
        yield* leaf;
        log.push("not reached");
      } finally {
        log.push("finally");
      }
    }
    const { cx } = countingContext();
    const co = new Coroutine(body());
    expect(co.poll(cx)).to.equal(Pending);
    expect(co.cancel(cx)).to.equal(undefined);
    expect(log).to.deep.equal(["start", "finally"]);
    expect(leaf.cancelled).to.equal(1);
    expect(leaf.waker).to.equal(null);
  });

  it("cancels a future held by an untyped yield", () => {
    const leaf = new Manual<number>();
    function* body() {
      yield leaf;
    }
    const { cx } = countingContext();
    const co = new Coroutine(body());
    expect(co.poll(cx)).to.equal(Pending);
    co.cancel(cx);
    expect(leaf.cancelled).to.equal(1);
  });

  it("drives async cleanup (yield* inside finally) to completion across wakes", () => {
    const log: string[] = [];
    const rt = pausedRuntime();
    const result = rt.blockOn(function* () {
      const h = spawn(function* child() {
        try {
          yield* sleep(1000);
        } finally {
          log.push(`cleanup starts at ${now()}`);
          yield* sleep(10);
          log.push(`cleanup ends at ${now()}`);
        }
      });
      yield* sleep(5);
      h.abort();
      try {
        yield* h;
        return "joined";
      } catch (e) {
        return e instanceof JoinError && e.cancelled ? `cancelled at ${now()}` : String(e);
      }
    });
    expect(log).to.deep.equal(["cleanup starts at 5", "cleanup ends at 15"]);
    expect(result).to.equal("cancelled at 15");
  });

  it("shields async cleanup from a second cancellation", () => {
    const log: string[] = [];
    pausedRuntime().blockOn(function* () {
      const h = spawn(function* child() {
        try {
          yield* sleep(1000);
        } finally {
          yield* sleep(10);
          log.push("first cleanup step");
          yield* sleep(10);
          log.push("second cleanup step");
        }
      });
      yield* sleep(1);
      h.abort();
      yield* sleep(5);
      h.abort(); // again, mid-cleanup
      yield* h.isFinished() ? sleep(0) : sleep(100);
    });
    expect(log).to.deep.equal(["first cleanup step", "second cleanup step"]);
  });

  it("disposes `using` declarations when cancelled", () => {
    const disposed: string[] = [];
    const resource = (name: string) => ({ [Symbol.dispose]: () => disposed.push(name) });
    pausedRuntime().blockOn(function* () {
      const h = spawn(function* holder() {
        using a = resource("a");
        using b = resource("b");
        void a;
        void b;
        yield* sleep(1000);
      });
      yield* sleep(1);
      h.abort();
      try {
        yield* h;
      } catch {
        /* cancelled */
      }
    });
    expect(disposed).to.deep.equal(["b", "a"]);
  });

  it("cancels the innermost future through nested generator delegation", () => {
    const leaf = new Manual<void>();
    const log: string[] = [];
    function* inner() {
      try {
        yield* leaf;
      } finally {
        log.push("inner");
      }
    }
    function* outer() {
      try {
        yield* inner();
      } finally {
        log.push("outer");
      }
    }
    const { cx } = countingContext();
    const co = new Coroutine(outer());
    co.poll(cx);
    co.cancel(cx);
    expect(log).to.deep.equal(["inner", "outer"]);
    expect(leaf.cancelled).to.equal(1);
  });

  it("delivers an error thrown by cleanup instead of losing it", () => {
    const err = pausedRuntime().blockOn(function* () {
      const h = spawn(function* child() {
        try {
          yield* sleep(100);
        } finally {
          yield* sleep(1);
          throw new Error("cleanup failed");
        }
      });
      yield* sleep(1);
      h.abort();
      return yield* joinErrorOf(h);
    });
    expect(err).to.be.instanceOf(JoinError);
    expect(err.cancelled).to.equal(true);
    expect((err.cause as Error).message).to.equal("cleanup failed");
  });

  it("keeps cleanup of a cancelled coroutine pending until its awaited cleanup finishes", () => {
    const gate = new Manual<void>();
    function* body() {
      try {
        yield* new Manual<void>();
      } finally {
        yield* gate;
      }
    }
    const { cx } = countingContext();
    const co = new Coroutine(body());
    co.poll(cx);
    expect(co.cancel(cx)).to.equal(Pending);
    expect(co.cancel(cx)).to.equal(Pending);
    gate.resolve();
    expect(co.cancel(cx)).to.equal(undefined);
    expect(co.isDone()).to.equal(true);
  });
});
