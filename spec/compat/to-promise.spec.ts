import { expect } from "chai";
import { JoinError, run, sleep, spawn, toPromise } from "../../lib";
import { tryCurrentRuntime } from "../../lib/task/runtime";

describe("toPromise()", () => {
  it("runs a coroutine from async code", async () => {
    const v = await toPromise(function* () {
      yield* sleep(1);
      return "from genfut";
    });
    expect(v).to.equal("from genfut");
  });

  it("rejects with the coroutine's error", async () => {
    let err: unknown;
    try {
      await toPromise(function* () {
        throw new RangeError("bad");
      });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(RangeError);
  });

  it("lets async code await a JoinHandle, value or JoinError", async () => {
    const handles = await run(function* () {
      return [
        spawn(function* ok() {
          yield* sleep(2);
          return 5;
        }),
        spawn(function* bad() {
          yield* sleep(1);
          throw new Error("task failed");
        }),
      ] as const;
    });
    // Both awaited at once, while the tasks still run (so neither error is "unjoined").
    const [ok, bad] = await Promise.allSettled([toPromise(handles[0]), toPromise(handles[1])]);
    expect(ok).to.deep.equal({ status: "fulfilled", value: 5 });
    const err = (bad as PromiseRejectedResult).reason;
    expect(err).to.be.instanceOf(JoinError);
    expect(((err as JoinError).cause as Error).message).to.equal("task failed");
  });

  it("runs on the current runtime when called inside one", async () => {
    const same = await run(function* () {
      const outer = tryCurrentRuntime();
      let inner: unknown = null;
      const p = toPromise(function* () {
        inner = tryCurrentRuntime();
      });
      yield* sleep(1);
      void p;
      return inner === outer;
    });
    expect(same).to.equal(true);
  });
});
