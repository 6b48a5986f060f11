import { expect } from "chai";
import { join, JoinError, mpsc, now, ready, shield, sleep, spawn } from "../../lib";
import { joinErrorOf, pausedRuntime } from "../support";

function* worker(log: string[]): Generator<unknown, string, unknown> {
  log.push(`start @${now()}`);
  yield* sleep(10);
  log.push(`end @${now()}`);
  return "done";
}

describe("a generator object used twice", () => {
  it("fails the second task with a TypeError, and the first runs to its end", () => {
    const log: string[] = [];
    const [first, second] = pausedRuntime().blockOn(function* () {
      const g = worker(log);
      const a = spawn(g, { name: "first" });
      const b = spawn(g, { name: "second" });
      const err = yield* joinErrorOf(b);
      return [yield* a, err] as const;
    });
    expect(first).to.equal("done");
    expect(second).to.be.instanceOf(JoinError);
    expect(second.cause).to.be.instanceOf(TypeError);
    expect((second.cause as Error).message).to.match(/generator object was given to a second task.*sleep\(10ms\).*call the generator function again/);
    expect(log).to.deep.equal(["start @0", "end @10"]);
  });

  it("fails a join() of the same generator object twice instead of hanging", () => {
    const log: string[] = [];
    expect(() =>
      pausedRuntime().blockOn(function* () {
        const g = worker(log);
        return yield* join(g, g);
      }),
    ).to.throw(TypeError, /generator object was given to a second task or combinator/);
  });

  it("is caught at every kind of await the generator can be parked on", () => {
    const errors = pausedRuntime({ budget: 2 }).blockOn(function* () {
      const [tx, rx] = mpsc.channel<number>(1);
      yield* tx.send(1);
      const parkedOnSend = (function* () { yield* tx.send(2); })(); // full: waits
      const [, rx2] = mpsc.unbounded<number>();
      const parkedOnRecv = (function* () { yield* rx2.recv(); })();
      const parkedOnReady = (function* () { for (;;) yield* ready(0); })(); // runs out of budget on a ready()
      const parkedOnShield = (function* () { yield* shield(sleep(100)); })();
      const out: string[] = [];
      for (const g of [parkedOnSend, parkedOnRecv, parkedOnReady, parkedOnShield]) {
        const a = spawn(g); // runs first, and parks
        const e = yield* joinErrorOf(spawn(g));
        out.push((e.cause as Error).name);
        a.abort();
      }
      void rx;
      return out;
    });
    expect(errors).to.deep.equal(["TypeError", "TypeError", "TypeError", "TypeError"]);
  });
});
