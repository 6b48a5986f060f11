import { expect } from "chai";
import { DeadlockError, fromPromise, race, Runtime, run, sleep } from "../../lib";

describe("fromPromise()", () => {
  it("gives a Promise's value", async () => {
    expect(await run(fromPromise(Promise.resolve(42)))).to.equal(42);
  });

  it("throws a rejection into the coroutine", async () => {
    const got = await run(function* () {
      try {
        yield* fromPromise(Promise.reject(new Error("nope")));
        return "no";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(got).to.equal("nope");
  });

  it("calls the thunk only when first polled", async () => {
    let calls = 0;
    const f = fromPromise(async () => ++calls);
    expect(calls).to.equal(0);
    expect(await run(f)).to.equal(1);
    expect(calls).to.equal(1);
  });

  it("aborts the thunk's signal when the future is cancelled", async () => {
    let signal: AbortSignal | null = null;
    const winner = await run(
      race(
        fromPromise((s) => {
          signal = s;
          return new Promise<string>(() => {});
        }),
        (function* () {
          yield* sleep(5);
          return "sleep";
        })(),
      ),
    );
    expect(winner).to.equal("sleep");
    expect(signal!.aborted).to.equal(true);
    expect((signal!.reason as Error).name).to.equal("AbortError");
  });

  it("really stops a timers/promises sleep when cancelled", async () => {
    const { setTimeout: delay } = await import("node:timers/promises");
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await run(race(fromPromise((signal) => delay(60_000, "late", { signal })), sleep(1)));
    const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(after).to.be.at.most(before);
  });

  it("swallows a rejection that arrives after cancellation", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      let reject!: (e: Error) => void;
      await run(race(fromPromise(new Promise((_, r) => (reject = r))), sleep(1)));
      reject(new Error("late"));
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("counts as an I/O source while pending, and stops counting once settled", async () => {
    const rt = new Runtime();
    let resolve!: (v: number) => void;
    const seen: number[] = [];
    const v = await rt.run(function* () {
      const p = fromPromise(new Promise<number>((r) => (resolve = r)));
      rt.spawn(function* () {
        seen.push(rt.driver.ioSources);
        resolve(7);
      });
      return yield* p;
    });
    expect(v).to.equal(7);
    expect(seen).to.deep.equal([1]);
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("stops counting when cancelled", async () => {
    const rt = new Runtime();
    await rt.run(race(fromPromise(new Promise(() => {})), sleep(1)));
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("makes blockOn report that it cannot wait for I/O", () => {
    expect(() => new Runtime().blockOn(fromPromise(new Promise(() => {})))).to.throw(DeadlockError, /I\/O/);
  });

  it("rejects what is neither a Promise nor a function, and a thunk that returns no Promise", async () => {
    expect(() => fromPromise(42 as unknown as Promise<number>)).to.throw(TypeError, /Promise/);
    let err: unknown;
    try {
      await run(fromPromise((() => 42) as unknown as () => Promise<number>));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TypeError);
  });

  it("describes itself by the thunk's name", () => {
    expect(fromPromise(function fetchUser() { return Promise.resolve(1); }).describe()).to.equal("fromPromise(fetchUser)");
  });

});

describe("fromPromise() of a running Promise", () => {
  it("keeps a rejection that comes before the first poll, instead of letting it go unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const got = await run(function* () {
        const f = fromPromise(Promise.reject(new Error("early")));
        yield* sleep(5); // the rejection happens while nobody polls f
        try {
          yield* f;
          return "no";
        } catch (e) {
          return (e as Error).message;
        }
      });
      expect(got).to.equal("early");
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
