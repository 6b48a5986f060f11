import { expect } from "chai";
import { Clock } from "../../../lib/reactor/time/clock";
import { TimerDriver } from "../../../lib/reactor/time/timer-driver";
import { FIRED, TimerEntry, UNREGISTERED } from "../../../lib/reactor/time/timer-entry";
import { activeTimers, CountingWaker } from "../../support";
import { nodeTimersSettled } from "../../support/time";

class Entry implements TimerEntry {
  when = -1;
  index = 0;
  bucket = UNREGISTERED;
  constructor(public waker: CountingWaker | null = new CountingWaker()) {}
}

/** An entry due `ms` from the clock's now (what a sleep computes). */
function entryIn(clock: Clock, ms: number): Entry {
  const e = new Entry();
  e.when = Math.ceil(clock.now() + ms);
  return e;
}

describe("TimerDriver", () => {
  it("arms one Node timer for many entries, and clears it when the last is cancelled", async () => {
    await nodeTimersSettled(); // mocha arms its own test timer once the test is async
    const before = activeTimers();
    const clock = new Clock(false);
    const d = new TimerDriver(clock);
    const es = [50, 10, 30, 20].map((ms) => entryIn(clock, 10_000 + ms));
    for (const e of es) expect(d.insert(e)).to.equal(true);
    await nodeTimersSettled();
    expect(activeTimers()).to.equal(before + 1);
    expect(d.armCount).to.equal(1);
    for (const e of es) d.remove(e);
    await nodeTimersSettled();
    expect(activeTimers()).to.equal(before);
    expect(d.size).to.equal(0);
  });

  it("arms nothing when an entry is cancelled in the same turn it was registered", async () => {
    const clock = new Clock(false);
    const d = new TimerDriver(clock);
    for (let i = 0; i < 1000; i++) {
      const e = entryIn(clock, 1000);
      d.insert(e);
      d.remove(e);
    }
    await nodeTimersSettled();
    expect(d.armCount).to.equal(0);
  });

  it("re-arms for an earlier deadline, and wakes entries when the Node timer fires", async () => {
    const clock = new Clock(false);
    const d = new TimerDriver(clock);
    const late = entryIn(clock, 60_000);
    d.insert(late);
    await nodeTimersSettled();
    const soon = entryIn(clock, 2);
    const soonWaker = soon.waker!;
    const lateWaker = late.waker!;
    d.insert(soon);
    await nodeTimersSettled();
    expect(d.armCount).to.equal(2);
    while (soon.bucket !== FIRED) await new Promise((r) => setTimeout(r, 1));
    expect(soonWaker.count).to.equal(1);
    expect(soon.waker).to.equal(null); // a fired entry forgets its waker
    expect(lateWaker.count).to.equal(0);
    d.remove(late);
    await nodeTimersSettled();
    expect(d.size).to.equal(0);
  });

  it("never arms a Node timer on a paused clock", async () => {
    const clock = new Clock(true);
    const d = new TimerDriver(clock);
    const e = entryIn(clock, 5);
    d.insert(e);
    await nodeTimersSettled();
    expect(d.armCount).to.equal(0);
    expect(d.nextDeadline()).to.equal(5);
    clock.setPaused(5);
    expect(d.fireUntil(5)).to.equal(1);
    expect(e.waker).to.equal(null);
    expect(e.bucket).to.equal(FIRED);
  });

  it("skips waking an entry that a waker re-registered while firing", () => {
    const clock = new Clock(true);
    const d = new TimerDriver(clock);
    const a = new Entry();
    const b = new Entry();
    a.when = b.when = 3;
    // a's waker re-registers b at once (as a waker that polls synchronously could).
    a.waker = {
      count: 0,
      wake() {
        b.when = 10;
        b.bucket = UNREGISTERED;
        d.insert(b);
      },
    } as unknown as CountingWaker;
    d.insert(a);
    d.insert(b);
    clock.setPaused(3);
    d.fireUntil(3);
    expect(b.waker!.count).to.equal(0);
    expect(d.size).to.equal(1);
    expect(d.nextDeadline()).to.equal(10);
  });
});
