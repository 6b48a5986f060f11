import { expect } from "chai";
import { race, Runtime, sleep, sleepUntil, timeout } from "../../../lib";
import { Clock } from "../../../lib/reactor/time/clock";
import { TimerDriver } from "../../../lib/reactor/time/timer-driver";
import { UNREGISTERED } from "../../../lib/reactor/time/timer-entry";
import { CountingWaker, pausedRuntime } from "../../support";

const DAY = 24 * 3600 * 1000;
/** The longest delay Node's `setTimeout` honours; longer ones fire after 1 ms. */
const NODE_MAX_DELAY = 2 ** 31 - 1;

function hostTurn(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("long and far timers", () => {
  it("arms one host timer, and raises no TimeoutOverflowWarning, for a lone 25-day sleep", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      if (w.name === "TimeoutOverflowWarning") warnings.push(w.message);
    };
    process.on("warning", onWarning);
    const rt = new Runtime();
    const h = rt.spawn(sleep(25 * DAY));
    try {
      await hostTurn(60);
      expect(rt.metrics().hostTimersArmed).to.equal(1);
      expect(h.isFinished()).to.equal(false);
    } finally {
      h.abort();
      await hostTurn();
      process.off("warning", onWarning);
    }
    expect(warnings).to.deep.equal([]);
  });

  it("re-arms a clamped host timer when it fires, without waking the sleeper early", async () => {
    const delays: number[] = [];
    const callbacks: (() => void)[] = [];
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    // Capture the driver's host timer instead of arming a real one.
    (globalThis as { setTimeout: unknown }).setTimeout = (cb: () => void, ms: number) => {
      delays.push(ms);
      callbacks.push(cb);
      return {} as NodeJS.Timeout;
    };
    (globalThis as { clearTimeout: unknown }).clearTimeout = () => {};
    try {
      const clock = new Clock(false);
      const d = new TimerDriver(clock);
      const waker = new CountingWaker();
      const e = { when: Math.ceil(clock.now() + 25 * DAY), waker, index: 0, bucket: UNREGISTERED };
      expect(d.insert(e)).to.equal(true);
      await Promise.resolve(); // the driver arms its host timer in a microtask
      expect(delays).to.deep.equal([NODE_MAX_DELAY]);
      callbacks[0]!(); // fires ~24.8 days before this deadline
      expect(waker.count).to.equal(0);
      expect(d.size).to.equal(1);
      expect(delays.length).to.equal(2);
      expect(delays[1]).to.equal(NODE_MAX_DELAY);
      d.remove(e);
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  });

  it("never fires a deadline of 2^64 ms or more, even when another timer runs first", () => {
    const rt = pausedRuntime();
    const [won, at, timers] = rt.blockOn(function* () {
      const won = yield* race(
        function* () { yield* sleep(1e300); return "1e300"; }(),
        function* () { yield* sleep(2 ** 64); return "2^64"; }(),
        function* () { yield* sleepUntil(2 ** 70); return "until 2^70"; }(),
        function* () { yield* sleep(Infinity); return "Infinity"; }(),
        function* () { yield* sleep(1); yield* sleep(5000); return "5s"; }(),
      );
      return [won, rt.now(), rt.metrics().timers] as const;
    });
    expect(won).to.equal("5s");
    expect(at).to.equal(5001);
    expect(timers).to.equal(0);
  });

  it("lets timeout(Number.MAX_VALUE, fut) wait for fut", () => {
    const rt = pausedRuntime();
    const [v, at] = rt.blockOn(function* () {
      const v = yield* timeout(Number.MAX_VALUE, function* () {
        yield* sleep(1); // another timer runs first
        yield* sleep(999);
        return "done";
      }());
      return [v, rt.now()] as const;
    });
    expect(v).to.equal("done");
    expect(at).to.equal(1000);
  });
});
