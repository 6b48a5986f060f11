import { expect } from "chai";
import { join, now, OnceCell, Pending, select, SetError, SetOnce, sleep, spawn } from "../../lib";
import { block, Poller } from "../support/sync";

/** A coroutine giving `v` after `ms`. */
function* after<T>(ms: number, v: T): Generator<unknown, T, unknown> {
  yield* sleep(ms);
  return v;
}

describe("OnceCell", () => {
  it("runs the initializer once for callers that ask at the same time, and gives them all its value", () => {
    const out = block(function* () {
      const cell = new OnceCell<string>();
      let runs = 0;
      const init = function* () {
        runs++;
        yield* sleep(10);
        return "value";
      };
      const got = yield* join(cell.getOrInit(init), cell.getOrInit(init), cell.getOrInit(init));
      return { got, runs, at: now(), later: yield* cell.getOrInit(init) };
    });
    expect(out).to.deep.equal({ got: ["value", "value", "value"], runs: 1, at: 10, later: "value" });
  });

  it("lets the next waiter try when the initializer is cancelled, storing nothing from the lost attempt", () => {
    const out = block(function* () {
      const cell = new OnceCell<string>();
      const attempts: string[] = [];
      const first = yield* select(
        cell.getOrInit(function* () {
          attempts.push("first");
          yield* sleep(100);
          return "from first";
        }),
        sleep(5),
      );
      expect(first.index).to.equal(1); // the timer won: the initializer was cancelled
      expect(cell.initialized()).to.equal(false);
      const v = yield* cell.getOrInit(function* () {
        attempts.push("second");
        return "from second";
      });
      return { v, attempts };
    });
    expect(out).to.deep.equal({ v: "from second", attempts: ["first", "second"] });
  });

  it("hands the attempt to a waiter already queued when the running initializer is cancelled", () => {
    const out = block(function* () {
      const cell = new OnceCell<string>();
      const runner = spawn(
        cell.getOrInit(function* () {
          yield* sleep(100);
          return "never";
        }),
      );
      const waiter = spawn(cell.getOrInit(() => after(5, "waiter")));
      yield* sleep(1);
      runner.abort();
      const v = yield* waiter;
      return { v, at: now() };
    });
    expect(out).to.deep.equal({ v: "waiter", at: 6 });
  });

  it("gives an initializer's error to its caller only; the next caller tries again", () => {
    const out = block(function* () {
      const cell = new OnceCell<number>();
      let err: unknown;
      try {
        yield* cell.getOrInit(function* () {
          throw new Error("down");
        });
      } catch (e) {
        err = e;
      }
      return { msg: (err as Error).message, v: yield* cell.getOrInit(() => after(0, 3)) };
    });
    expect(out).to.deep.equal({ msg: "down", v: 3 });
  });

  it("set() stores once; a second set, or a set during initialization, throws SetError with the value back", () => {
    const cell = new OnceCell<number>();
    expect(cell.get()).to.equal(undefined);
    cell.set(1);
    expect([cell.get(), cell.initialized()]).to.deep.equal([1, true]);
    expect(() => cell.set(2)).to.throw(SetError).that.includes({ kind: "alreadyInitialized", value: 2 });
    const busy = new OnceCell<number>();
    block(function* () {
      const p = new Poller(busy.getOrInit(() => after(10, 1)));
      expect(p.poll()).to.equal(Pending);
      expect(() => busy.set(5)).to.throw(SetError).with.property("kind", "initializing");
      p.fut.cancel!();
      busy.set(5);
      expect(busy.get()).to.equal(5);
    });
    expect(OnceCell.withValue("x").get()).to.equal("x");
    expect(() => cell.getOrInit(5 as never)).to.throw(TypeError, /init must be a function/);
  });

  it("take() empties it, so the next getOrInit initializes again", () => {
    const out = block(function* () {
      const cell = new OnceCell<number>();
      let n = 0;
      const init = function* () {
        return ++n;
      };
      const a = yield* cell.getOrInit(init);
      const taken = cell.take();
      const b = yield* cell.getOrInit(init);
      return [a, taken, b, cell.take(), cell.take()];
    });
    expect(out).to.deep.equal([1, 1, 2, 2, undefined]);
  });
});

describe("SetOnce", () => {
  it("wakes every waiter once when set, and gives the value at once afterwards", () => {
    const cell = new SetOnce<string>();
    const a = new Poller(cell.wait());
    const b = new Poller(cell.wait());
    expect(a.poll()).to.equal(Pending);
    expect(b.poll()).to.equal(Pending);
    cell.set("v");
    expect([a.wakes, b.wakes]).to.deep.equal([1, 1]);
    expect([a.poll(), b.poll(), new Poller(cell.wait()).poll()]).to.deep.equal(["v", "v", "v"]);
    expect(() => cell.set("w")).to.throw(SetError).with.property("value", "w");
    expect(cell.get()).to.equal("v");
  });

  it("a cancelled wait leaves the queue and is not woken", () => {
    const cell = new SetOnce<number>();
    const a = new Poller(cell.wait());
    expect(a.poll()).to.equal(Pending);
    expect(a.fut.describe()).to.equal("SetOnce.wait(1 waiting)");
    a.fut.cancel!();
    cell.set(1);
    expect(a.wakes).to.equal(0);
  });
});
