import { expect } from "chai";
import { CleanupError, mpsc, Runtime, selectOk, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";
import { failing, Log, worker } from "../support/combinators";

describe("selectOk()", () => {
  it("gives the first success, skipping failures, and cancels the rest first", () => {
    const log = new Log();
    const r = pausedRuntime().blockOn(function* () {
      const r = yield* selectOk(failing(1, "a"), worker(log, "slow", 50, "slow", 3), worker(log, "fast", 10, "fast"));
      log.add(`got ${r.value}`);
      return r;
    });
    expect(r).to.deep.equal({ index: 2, value: "fast" });
    expect(log.lines).to.deep.equal(["slow cleanup start @10", "slow cleanup end @13", "got fast @13"]);
  });

  it("throws an AggregateError of every error, in argument order, when all fail", () => {
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* selectOk(failing(9, "first arg"), failing(2, "second arg"));
      } catch (e) {
        return e;
      }
    });
    expect(e).to.be.instanceOf(AggregateError);
    expect((e as AggregateError).errors.map((x: Error) => x.message)).to.deep.equal(["first arg", "second arg"]);
    expect((e as Error).message).to.match(/all 2 branches failed/);
  });

  it("fails loudly on misuse", () => {
    // @ts-expect-error selectOk() needs at least one future
    expect(() => selectOk()).to.throw(TypeError);
    // @ts-expect-error a Promise is not a future
    expect(() => selectOk(sleep(1), Promise.resolve(1))).to.throw(TypeError, /argument 1 is a Promise/);
  });
});

describe("selectOk(): a loser whose cleanup throws", () => {
  it("still delivers the first success, and reports the cleanup error as a CleanupError", () => {
    const reported: unknown[] = [];
    const boom = new Error("loser cleanup failed");
    const rt = new Runtime({ startPaused: true, onUnhandledError: (e) => void reported.push(e) });
    const got = rt.blockOn(function* () {
      const [tx, rx] = mpsc.channel<string>(1);
      // Sent a moment later, so both branches are pending first whichever one
      // selectOk's random start polls first (sent at once, a recv polled first
      // wins before the loser ever starts, and there is no cleanup to fail).
      spawn(function* () {
        yield* sleep(1);
        tx.trySend("kept");
      });
      function* loser(): Generator<unknown, string, unknown> {
        try {
          yield* sleep(1000);
          return "late";
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw boom;
        }
      }
      return yield* selectOk(loser(), rx.recv());
    });
    expect(got).to.deep.equal({ index: 1, value: "kept" });
    expect(reported).to.have.length(1);
    expect(reported[0]).to.be.instanceOf(CleanupError);
    expect((reported[0] as CleanupError).cause).to.equal(boom);
  });
});

