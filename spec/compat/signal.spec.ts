import { expect } from "chai";
import { abortable, JoinError, Runtime, RuntimeError, run, signalOf, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";

describe("signalOf()", () => {
  it("is one signal per task, aborted when the task is cancelled, before its finally runs", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      const h = spawn(function* worker() {
        const s = signalOf();
        expect(signalOf()).to.equal(s);
        s.addEventListener("abort", () => log.push("aborted"));
        try {
          yield* sleep(1000);
        } finally {
          log.push(`finally, aborted=${s.aborted}`);
        }
      });
      yield* sleep(1);
      h.abort();
      try {
        yield* h;
      } catch (e) {
        expect((e as JoinError).cancelled).to.equal(true);
      }
    });
    expect(log).to.deep.equal(["aborted", "finally, aborted=true"]);
  });

  it("is not aborted when the task finishes normally, and differs between tasks", () => {
    const rt = pausedRuntime();
    const [a, b] = rt.blockOn(function* () {
      const h = spawn(function* () {
        return signalOf();
      });
      return [signalOf(), yield* h];
    });
    expect(a).to.not.equal(b);
    expect(a.aborted).to.equal(false);
    expect(b.aborted).to.equal(false);
  });

  it("reaches a Node API: an aborted task's timers/promises sleep leaves no timer", async () => {
    const { setTimeout: delay } = await import("node:timers/promises");
    const { fromPromise } = await import("../../lib");
    let caught = "";
    await run(function* () {
      const h = spawn(function* sleeper() {
        yield* fromPromise(delay(60_000, undefined, { signal: signalOf() }).catch((e: Error) => (caught = e.name)));
      });
      yield* sleep(1);
      h.abort();
      yield* sleep(1);
    });
    expect(caught).to.equal("AbortError");
  });

  it("throws a RuntimeError outside a task", () => {
    expect(() => signalOf()).to.throw(RuntimeError, /signalOf\(\)/);
  });
});

describe("abortable()", () => {
  it("gives the future's value and removes its listener", () => {
    const ac = new AbortController();
    const rt = pausedRuntime();
    let added = 0;
    let removed = 0;
    const signal = ac.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
    const v = rt.blockOn(
      abortable(function* () {
        yield* sleep(10);
        return "done";
      }, signal),
    );
    expect(v).to.equal("done");
    expect([added, removed]).to.deep.equal([1, 1]);
  });

  it("cancels the future when the signal aborts (its finally runs) and throws the reason", () => {
    const ac = new AbortController();
    const rt = pausedRuntime();
    const log: string[] = [];
    const got = rt.blockOn(function* () {
      rt.spawn(function* aborter() {
        yield* sleep(5);
        ac.abort(new Error("stop"));
      });
      try {
        yield* abortable(function* () {
          try {
            yield* sleep(1000);
          } finally {
            log.push("finally");
          }
        }, ac.signal);
        return "no";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(got).to.equal("stop");
    expect(log).to.deep.equal(["finally"]);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("never starts the future when the signal is already aborted", () => {
    let started = false;
    const rt = new Runtime();
    expect(() =>
      rt.blockOn(
        abortable(function* () {
          started = true;
        }, AbortSignal.abort()),
      ),
    ).to.throw(/abort/i);
    expect(started).to.equal(false);
  });

  it("rejects a second argument that is not an AbortSignal", () => {
    expect(() => abortable(sleep(1), {} as AbortSignal)).to.throw(TypeError, /AbortSignal/);
  });
});
