import { expect } from "chai";
import { JoinError, race, scope, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";
import { failing, Log, worker } from "../support/combinators";

describe("scope()", () => {
  it("returns the body's value only once every child has finished", () => {
    const log = new Log();
    const v = pausedRuntime().blockOn(function* () {
      const v = yield* scope(function* (s) {
        s.spawn(function* () {
          yield* sleep(30);
          log.add("child 1 done");
        });
        s.spawn(function* () {
          yield* sleep(10);
          log.add("child 2 done");
        });
        log.add("body done");
        return "value";
      });
      log.add("scope returned");
      return v;
    });
    expect(v).to.equal("value");
    expect(log.lines).to.deep.equal(["body done @0", "child 2 done @10", "child 1 done @30", "scope returned @30"]);
  });

  it("cancels the siblings and the body on a child's error, then throws it", () => {
    const log = new Log();
    const unhandled: unknown[] = [];
    const rt = pausedRuntime({ onUnhandledError: (e) => unhandled.push(e) });
    const e = rt.blockOn(function* () {
      try {
        yield* scope(function* (s) {
          s.spawn(worker(log, "sibling", 100, 0, 4));
          s.spawn(failing(5, "child failed"));
          yield* worker(log, "body", 100, 0, 2);
        });
      } catch (e) {
        log.add("caught");
        return e;
      }
    });
    expect((e as Error).message).to.equal("child failed");
    expect(log.lines.slice(0, 4)).to.have.members(["sibling cleanup start @5", "sibling cleanup end @9", "body cleanup start @5", "body cleanup end @7"]);
    expect(log.lines[4]).to.equal("caught @9");
    expect(unhandled).to.deep.equal([]);
    expect(rt.metrics().aliveTasks).to.equal(0);
  });

  it("cancels the children when the body fails", () => {
    const log = new Log();
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* scope(function* (s) {
          s.spawn(worker(log, "child", 100, 0, 3));
          yield* sleep(2);
          throw new Error("body failed");
        });
      } catch (e) {
        log.add("caught");
        return e;
      }
    });
    expect((e as Error).message).to.equal("body failed");
    expect(log.lines).to.deep.equal(["child cleanup start @2", "child cleanup end @5", "caught @5"]);
  });

  it("throws an AggregateError when several fail, a cancelled child's cleanup included", () => {
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* scope(function* (s) {
          s.spawn(failing(3, "one"));
          s.spawn(function* () {
            try {
              yield* sleep(100);
            } finally {
              throw new Error("two"); // its cleanup fails when the scope cancels it
            }
          });
          yield* sleep(100);
        });
      } catch (e) {
        return e;
      }
    });
    expect(e).to.be.instanceOf(AggregateError);
    expect((e as AggregateError).errors.map((x: Error) => x.message)).to.deep.equal(["one", "two"]);
  });

  it("cancels every child when the scope itself is cancelled", () => {
    const log = new Log();
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      yield* race(
        scope(function* (s) {
          s.spawn(worker(log, "child", 100, 0, 3));
          yield* worker(log, "body", 100, 0);
        }),
        sleep(10),
      );
      log.add("race returned");
    });
    expect(log.lines.slice(0, 4)).to.have.members(["child cleanup start @10", "child cleanup end @13", "body cleanup start @10", "body cleanup end @10"]);
    expect(log.lines[4]).to.equal("race returned @13");
    expect(rt.metrics().aliveTasks).to.equal(0);
  });

  it("gives each child a JoinHandle the body may await", () => {
    const v = pausedRuntime().blockOn(
      scope(function* (s) {
        const h = s.spawn(function* () {
          yield* sleep(4);
          return 21;
        });
        return (yield* h) * 2;
      }),
    );
    expect(v).to.equal(42);
  });

  it("does not let a child outlive it", () => {
    const e = pausedRuntime().blockOn(function* () {
      let saved: { spawn(t: () => Generator<unknown, void>): unknown } | null = null;
      yield* scope(function* (s) {
        saved = s;
      });
      try {
        saved!.spawn(function* () {});
      } catch (e) {
        return e;
      }
    });
    expect((e as Error).message).to.match(/scope has ended/);
  });

  it("reports a failed child only through the scope, even when the body awaited it", () => {
    const unhandled: unknown[] = [];
    const e = pausedRuntime({ onUnhandledError: (e) => unhandled.push(e) }).blockOn(function* () {
      try {
        yield* scope(function* (s) {
          const h = s.spawn(failing(1, "child"));
          try {
            yield* h;
          } catch (e) {
            expect(e).to.be.instanceOf(JoinError);
          }
          yield* sleep(100);
        });
      } catch (e) {
        return e;
      }
    });
    expect((e as Error).message).to.equal("child");
    expect(unhandled).to.deep.equal([]);
  });

  it("refuses a body that is not a generator function", () => {
    // @ts-expect-error a scope body is a function
    expect(() => scope(5)).to.throw(TypeError);
    expect(() => spawn(sleep(1))).to.throw(/outside/);
  });
});
