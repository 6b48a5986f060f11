import { expect } from "chai";
import { Future, JoinError, pending, Pending, Poll, run, Runtime, sleep, spawn } from "../../lib";
import { joinErrorOf } from "../support";

/** A leaf that never completes and whose cancel() throws. */
class BadCancel extends Future<void> {
  poll(): Poll<void> {
    // Deliberately parked: the task is woken only by its abort.
    return Pending;
  }
  override cancel(): void {
    throw new Error("cancel() failed");
  }
}

function* throwingFinally(): Generator<unknown, void, unknown> {
  try {
    yield* pending();
  } finally {
    throw new Error("finally failed");
  }
}

function collector(): { reports: { error: unknown; name: string }[]; onUnhandledError: (e: unknown, t: { name: string }) => void } {
  const reports: { error: unknown; name: string }[] = [];
  return { reports, onUnhandledError: (error, t) => reports.push({ error, name: t.name }) };
}

describe("errors thrown by cleanup during abort()", () => {
  it("are reported once through onUnhandledError under blockOn() when nobody joins the task", () => {
    const { reports, onUnhandledError } = collector();
    const rt = new Runtime({ startPaused: true, onUnhandledError, onLostWaker: () => {} });
    rt.blockOn(function* () {
      const a = spawn(throwingFinally, { name: "finally" });
      const b = spawn(function* leaf() { yield* new BadCancel(); }, { name: "leaf" });
      yield* sleep(1);
      a.abort();
      b.abort();
      yield* sleep(1);
    });
    expect(reports.map((r) => `${r.name}: ${(r.error as Error).message}`).sort()).to.deep.equal(["finally: finally failed", "leaf: cancel() failed"]);
  });

  it("are reported once under run() when nobody joins the task", async () => {
    const { reports, onUnhandledError } = collector();
    await run(
      function* () {
        const a = spawn(throwingFinally, { name: "finally" });
        yield* sleep(1);
        a.abort();
        yield* sleep(5);
      },
      { onUnhandledError },
    );
    expect(reports.map((r) => `${r.name}: ${(r.error as Error).message}`)).to.deep.equal(["finally: finally failed"]);
  });

  it("arrive as JoinError(cancelled, cause) when the task is joined, and are not reported", () => {
    const { reports, onUnhandledError } = collector();
    const rt = new Runtime({ startPaused: true, onUnhandledError });
    const err = rt.blockOn(function* () {
      const a = spawn(throwingFinally, { name: "finally" });
      yield* sleep(1);
      a.abort();
      return yield* joinErrorOf(a);
    });
    expect(err).to.be.instanceOf(JoinError);
    expect(err.cancelled).to.equal(true);
    expect((err.cause as Error).message).to.equal("finally failed");
    expect(reports).to.deep.equal([]);
  });

  it("reports nothing for a plain abort whose cleanup succeeds", () => {
    const { reports, onUnhandledError } = collector();
    new Runtime({ startPaused: true, onUnhandledError }).blockOn(function* () {
      const a = spawn(function* () { yield* sleep(100); });
      yield* sleep(1);
      a.abort();
      yield* sleep(1);
    });
    expect(reports).to.deep.equal([]);
  });
});
