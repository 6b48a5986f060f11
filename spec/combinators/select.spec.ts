import { expect } from "chai";
import { CleanupError, Context, Future, mpsc, Pending, pending, race, Runtime, raceBiased, ready, select, selectBiased, sleep, spawn, timeout, TimeoutError } from "../../lib";
import { activeTimers, Manual, pausedRuntime } from "../support";
import { CancelThrows, failing, Log, SlowCancel, worker } from "../support/combinators";

describe("select()", () => {
  it("gives the first to finish as { index, value }", () => {
    const r = pausedRuntime().blockOn(function* () {
      function* slow() {
        yield* sleep(20);
        return "slow";
      }
      function* fast() {
        yield* sleep(10);
        return 10;
      }
      return yield* select(slow(), fast());
    });
    expect(r).to.deep.equal({ index: 1, value: 10 });
  });

  it("cancels the losers before returning, their async finally blocks included", () => {
    const log = new Log();
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const r = yield* select(worker(log, "sync", 100, 0), worker(log, "async", 100, 0, 4), sleep(10));
      log.add(`select returned ${r.index}`);
    });
    expect(log.lines).to.have.length(5);
    expect(log.lines.slice(0, 4)).to.have.members(["sync cleanup start @10", "sync cleanup end @10", "async cleanup start @10", "async cleanup end @14"]);
    expect(log.lines[4]).to.equal("select returned 2 @14");
    expect(rt.metrics().timers).to.equal(0);
  });

  it("drives a loser's pending cancel to its end on the loser's own wakes", () => {
    const slow = new SlowCancel<never>(3);
    const r = pausedRuntime().blockOn(select(slow, ready("now")));
    expect(r).to.deep.equal({ index: 1, value: "now" });
    expect(slow.finished).to.equal(true);
    expect(slow.cancelCalls).to.equal(4);
  });

  it("rethrows the first error after cancelling the others", () => {
    const log = new Log();
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* select(worker(log, "w", 50, 1, 2), failing(5, "lost"));
      } catch (e) {
        log.add("caught");
        return e;
      }
    });
    expect((e as Error).message).to.equal("lost");
    expect(log.lines).to.deep.equal(["w cleanup start @5", "w cleanup end @7", "caught @7"]);
  });

  it("reports a loser's cleanup error instead of dropping it, and still gives the winner", () => {
    const boom = new Error("finally failed");
    const reported: unknown[] = [];
    const rt = pausedRuntime({ onUnhandledError: (e) => void reported.push(e) });
    expect(rt.blockOn(select(new CancelThrows(boom), ready(1)))).to.deep.equal({ index: 1, value: 1 });
    expect(reported.map((e) => (e as Error).cause)).to.deep.equal([boom]);
  });

  it("is fair: either branch wins a tie", () => {
    const wins = [0, 0];
    const cx = new Context({ wake() {} });
    for (let i = 0; i < 200; i++) wins[(select(ready(0), ready(1)).poll(cx) as { index: number }).index]++;
    expect(wins[0]).to.be.greaterThan(0);
    expect(wins[1]).to.be.greaterThan(0);
  });

  it("polls only the woken branch among many", () => {
    const kids = Array.from({ length: 50 }, () => new Manual<number>());
    const s = select(...(kids as [Manual<number>, ...Manual<number>[]]));
    const cx = new Context({ wake() {} });
    expect(s.poll(cx)).to.equal(Pending);
    kids[17].resolve(17);
    expect(s.poll(cx)).to.deep.equal({ index: 17, value: 17 });
    expect(kids.reduce((n, k) => n + k.polls, 0)).to.equal(51);
    expect(kids.filter((k) => k.cancelled === 1).length).to.equal(49);
  });

  it("leaves no Node timer behind under run(), on a real clock", async () => {
    await new Promise((r) => setImmediate(r)); // let mocha arm its own timeout first
    const before = activeTimers();
    const v = await new Runtime().run(function* () {
      let sum = 0;
      for (let i = 0; i < 100; i++) {
        const r = yield* select(sleep(1000), ready(i));
        if (r.index === 1) sum += r.value;
      }
      return sum;
    });
    expect(v).to.equal(4950);
    expect(activeTimers(), String(process.getActiveResourcesInfo())).to.equal(before);
  });

  it("narrows the value by index", () => {
    function* gen() {
      yield* sleep(1);
      return 5;
    }
    const r = pausedRuntime().blockOn(select(sleep(10), gen()));
    if (r.index === 1) {
      const n: number = r.value;
      expect(n).to.equal(5);
    } else {
      const v: void = r.value;
      expect.fail(`sleep won with ${v}`);
    }
    // @ts-expect-error index 0 is the sleep: its value is void, not number
    if (r.index === 0) r.value.toFixed();
  });

  it("keeps driving the losers' cleanup when it is cancelled itself mid-way", () => {
    const slow = new SlowCancel<never>(5);
    const s = select(slow, ready(1));
    const cx = new Context({ wake() {} });
    // The winner is known, but the loser is still cleaning up: not ready yet.
    expect(s.poll(cx)).to.equal(Pending);
    let calls = 0;
    while (s.cancel!(cx) === Pending) calls++;
    expect(calls).to.be.greaterThan(0);
    expect(slow.finished).to.equal(true);
    expect(() => s.poll(cx)).to.throw(/polled after it completed/);
  });

  it("describes itself by its children, for task dumps", () => {
    expect(select(sleep(250), pending()).describe()).to.equal("select(sleep(250ms), pending())");
    expect(race(ready(1), sleep(5)).describe()).to.equal("race(ready(the number 1), sleep(5ms))");
  });

  it("fails loudly on misuse", () => {
    // @ts-expect-error select() needs at least one future
    expect(() => select()).to.throw(TypeError, /at least one/);
    // @ts-expect-error null is not a future
    expect(() => select(null)).to.throw(TypeError, /argument 0 is null/);
    const s = select(ready(1));
    const cx = new Context({ wake() {} });
    s.poll(cx);
    expect(() => s.poll(cx)).to.throw(/polled after it completed/);
  });
});

describe("selectBiased()", () => {
  it("lets the earlier argument win a tie, every time", () => {
    const cx = new Context({ wake() {} });
    for (let i = 0; i < 50; i++) expect(selectBiased(ready("a"), ready("b")).poll(cx)).to.deep.equal({ index: 0, value: "a" });
  });
});

describe("race()", () => {
  it("gives the winner's value, typed as the union of outputs", () => {
    const v = pausedRuntime().blockOn(function* () {
      const x: number | string = yield* race(ready(1), pending<string>());
      return x;
    });
    expect(v).to.equal(1);
  });

  it("cancels the loser's timer whichever branch is polled first", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      yield* raceBiased(sleep(1000), ready(1));
      yield* raceBiased(ready(1), sleep(1000));
    });
    expect(rt.metrics().timers).to.equal(0);
  });

  it("is cancelled as a whole when its owner is", () => {
    const log = new Log();
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      yield* race(race(worker(log, "inner", 100, 0, 3), pending<number>()), sleep(5));
      log.add("outer done");
    });
    expect(log.lines).to.deep.equal(["inner cleanup start @5", "inner cleanup end @8", "outer done @8"]);
  });
});

// Two branches take their own path (no per-branch wakers, both polled on
// every wake); three or more use the shared engine. Both must behave alike.
for (const extra of [0, 1]) {
  const arity = 2 + extra;
  /** `pending()` padding that makes a select of two into one of three. */
  const pad = (): Future<never>[] => (extra === 0 ? [] : [pending<never>()]);

  describe(`select() of ${arity} branches`, () => {
    it("delivers the winner only after the loser's async finally has run", () => {
      const log = new Log();
      pausedRuntime().blockOn(function* () {
        const r = yield* raceBiased(worker(log, "loser", 100, "late", 4), sleep(10), ...pad());
        log.add(`race returned ${String(r)}`);
      });
      expect(log.lines).to.deep.equal(["loser cleanup start @10", "loser cleanup end @14", "race returned undefined @14"]);
    });

    it("calls a pending cancel again on each of its wakes, and no more", () => {
      const slow = new SlowCancel<never>(3);
      expect(pausedRuntime().blockOn(selectBiased(slow, ready("now"), ...pad()))).to.deep.equal({ index: 1, value: "now" });
      expect(slow.cancelCalls).to.equal(4);
      expect(slow.finished).to.equal(true);
    });

    it("rethrows a branch's error together with a cleanup error, neither dropped", () => {
      const cleanup = new Error("cleanup failed");
      const e = captureError(() => pausedRuntime().blockOn(select(new CancelThrows(cleanup), failing(5, "lost"), ...pad())));
      expect(e).to.be.instanceOf(AggregateError);
      expect((e as AggregateError).errors.map((x: Error) => x.message)).to.deep.equal(["lost", "cleanup failed"]);
    });

    it("is cancelled as a whole by timeout(), its branches' cleanup finished first", () => {
      const log = new Log();
      const rt = pausedRuntime();
      const e = captureError(() => rt.blockOn(timeout(5, select(worker(log, "a", 100, 1, 2), worker(log, "b", 100, 2, 1), ...pad()))));
      expect(e).to.be.instanceOf(TimeoutError);
      expect(log.lines).to.have.members(["a cleanup start @5", "a cleanup end @7", "b cleanup start @5", "b cleanup end @6"]);
      expect(rt.metrics().timers).to.equal(0);
    });

    it("refuses a poll after it was cancelled", () => {
      const s = select(new Manual<number>(), new Manual<number>(), ...pad());
      const cx = new Context({ wake() {} });
      expect(s.poll(cx)).to.equal(Pending);
      expect(s.cancel!(cx)).to.equal(undefined);
      expect(() => s.poll(cx)).to.throw(/select\(\) was polled after it/);
    });

    it("hands back a value that arrived while the loser was still cleaning up", () => {
      const a = new Manual<string>();
      const slow = new SlowCancel<never>(2);
      const s = selectBiased(a, slow, ...pad());
      const cx = new Context({ wake() {} });
      expect(s.poll(cx)).to.equal(Pending);
      a.resolve("a");
      let r: unknown;
      for (let polls = 0; (r = s.poll(cx)) === Pending; polls++) {
        expect(slow.finished, "delivered nothing while the loser cleans up").to.equal(false);
        expect(polls).to.be.lessThan(10);
      }
      expect(r).to.deep.equal({ index: 0, value: "a" });
      expect(slow.finished).to.equal(true);
      expect(slow.cancelCalls).to.equal(3);
    });
  });
}

function captureError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  expect.fail("expected an error");
}

describe("select() in a seeded runtime", () => {
  /** The winners of `rounds` ties, on a runtime seeded with `seed`. */
  function winners(seed: number, make: () => Future<{ index: number }>, rounds = 24): string {
    return new Runtime({ seed, startPaused: true }).blockOn(function* () {
      let s = "";
      for (let i = 0; i < rounds; i++) s += (yield* make()).index;
      return s;
    });
  }

  it("breaks ties of branches ready at the first poll the same way for the same seed, and differently across seeds", () => {
    const tie = () => select(ready(0), ready(1));
    expect(winners(7, tie)).to.equal(winners(7, tie));
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => winners(seed, tie)));
    expect(seen.size).to.be.at.least(18);
    expect(winners(7, tie)).to.match(/0/).and.to.match(/1/);
  });

  it("breaks ties of branches woken together the same way for the same seed, and differently across seeds", () => {
    // Four sleeps end at the same instant: all four are woken before the next
    // poll, and which one is polled first (and wins) is the seed's choice.
    const tie = () => select(sleep(5), sleep(5), sleep(5), sleep(5));
    expect(winners(3, tie, 12)).to.equal(winners(3, tie, 12));
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => winners(seed, tie, 12)));
    expect(seen.size).to.be.at.least(18);
  });
});

describe("select(): a loser whose cleanup throws after the winner finished", () => {
  /** Sleeps; when cancelled, its cleanup (async when `cleanupMs` > 0) throws `error`. */
  function* throwsOnCancel(error: Error, cleanupMs = 0): Generator<unknown, never, unknown> {
    try {
      yield* sleep(60_000);
      throw new Error("unreachable");
    } finally {
      if (cleanupMs > 0) yield* sleep(cleanupMs);
      // eslint-disable-next-line no-unsafe-finally
      throw error;
    }
  }

  function reportingRuntime(): { rt: Runtime; reported: { error: unknown; task: string }[] } {
    const reported: { error: unknown; task: string }[] = [];
    const rt = new Runtime({ startPaused: true, onUnhandledError: (error, task) => void reported.push({ error, task: task.name }) });
    return { rt, reported };
  }

  for (const [what, cleanupMs, pad] of [
    ["two branches, sync cleanup", 0, 0],
    ["two branches, async cleanup", 3, 0],
    ["many branches, async cleanup", 3, 2],
  ] as const) {
    it(`delivers the message the winning recv() took, and reports the cleanup error (${what})`, () => {
      const { rt, reported } = reportingRuntime();
      const boom = new Error("loser cleanup failed");
      const got = rt.blockOn(function* main() {
        const [tx, rx] = mpsc.channel<string>(4);
        spawn(function* producer() {
          yield* sleep(5);
          yield* tx.send("must not vanish");
        });
        const extra = Array.from({ length: pad }, () => sleep(60_000));
        const r = yield* select(rx.recv(), throwsOnCancel(boom, cleanupMs), ...extra);
        return { r, left: rx.len() };
      });
      expect(got).to.deep.equal({ r: { index: 0, value: "must not vanish" }, left: 0 });
      expect(reported).to.have.length(1);
      expect(reported[0].task).to.equal("main");
      expect(reported[0].error).to.be.instanceOf(CleanupError);
      expect((reported[0].error as CleanupError).cause).to.equal(boom);
      expect((reported[0].error as Error).message).to.match(/^select\(\): .*cancel.*loser cleanup failed/);
    });
  }

  it("gives race() its value too, and reports several cleanup errors as one AggregateError", () => {
    const { rt, reported } = reportingRuntime();
    const v = rt.blockOn(function* main() {
      function* winner() {
        yield* sleep(1);
        return "won";
      }
      return yield* race(throwsOnCancel(new Error("a")), winner(), throwsOnCancel(new Error("b"), 2));
    });
    expect(v).to.equal("won");
    expect(reported).to.have.length(1);
    const cause = (reported[0].error as CleanupError).cause as AggregateError;
    expect(cause).to.be.instanceOf(AggregateError);
    expect(cause.errors.map((e: Error) => e.message)).to.have.members(["a", "b"]);
  });
});

