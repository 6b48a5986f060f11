import { expect } from "chai";
import { JoinError, JoinSet, sleep } from "../../lib";
import { pausedRuntime } from "../support";
import { runTs } from "../support/child";

describe("JoinSet errors nobody will deliver", () => {
  it("are reported once when a set that was never closed is garbage-collected", async () => {
    const r = await runTs("spec/fixtures/join-set-dropped.ts");
    expect(r.stderr).to.equal("");
    expect(r.stdout.split("\n").filter((l) => l !== "")).to.deep.equal([
      "joinNext delivered it",
      "reported failsAtOnce: failed before the set was dropped",
      "reported failsLater: failed after the set was dropped",
      "main done",
    ]);
  });

  it("are reported when close() aborts a task whose cleanup throws", () => {
    const reports: string[] = [];
    pausedRuntime({ onUnhandledError: (e, t) => reports.push(`${t.name}: ${(e as Error).message}`) }).blockOn(function* () {
      const set = new JoinSet<void>();
      set.spawn(function* stubborn() {
        try {
          yield* sleep(100);
        } finally {
          throw new Error("cleanup failed");
        }
      });
      yield* sleep(1);
      set.close();
      yield* sleep(1);
    });
    expect(reports).to.deep.equal(["stubborn: cleanup failed"]);
  });

  it("are not reported when joinNext delivers them", () => {
    const reports: string[] = [];
    const err = pausedRuntime({ onUnhandledError: (e) => reports.push(String(e)) }).blockOn(function* () {
      const set = new JoinSet<void>();
      set.spawn(function* fails() {
        throw new Error("delivered");
      });
      try {
        yield* set.joinNext();
      } catch (e) {
        return e as JoinError;
      }
      return null;
    });
    expect((err?.cause as Error).message).to.equal("delivered");
    expect(reports).to.deep.equal([]);
  });
});
