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

  it("marks an entry FIRED itself when the wheel has already passed its deadline, and leaves its waker to the caller", () => {
    const clock = new Clock(true);
    const d = new TimerDriver(clock);
    const a = entryIn(clock, 5);
    d.insert(a);
    clock.setPaused(5);
    d.fireUntil(5);
    const late = new Entry();
    late.when = 3;
    expect(d.insert(late)).to.equal(false);
    expect(late.bucket).to.equal(FIRED);
    expect(late.waker!.count).to.equal(0);
    expect(d.size).to.equal(0);
  });

  it("registers nothing for a deadline of never, and leaves the entry UNREGISTERED", () => {
    const d = new TimerDriver(new Clock(true));
    const e = new Entry();
    e.when = Infinity;
    expect(d.insert(e)).to.equal(true);
    expect(e.bucket).to.equal(UNREGISTERED);
    expect(d.size).to.equal(0);
  });

  it("records a deadline its owner saw pass (markFired), and forgets it once taken (clearFired)", () => {
    const d = new TimerDriver(new Clock(true));
    const e = new Entry();
    d.clearFired(e); // not fired: nothing to forget
    expect(e.bucket).to.equal(UNREGISTERED);
    d.markFired(e);
    expect(e.bucket).to.equal(FIRED);
    d.clearFired(e);
    expect(e.bucket).to.equal(UNREGISTERED);
  });

  it("moves a registered entry (reset), waking it at once if the wheel has passed the new deadline", () => {
    const clock = new Clock(true);
    const d = new TimerDriver(clock);
    const e = entryIn(clock, 50);
    const waker = e.waker!;
    d.insert(e);
    d.reset(e, 20);
    expect(d.nextDeadline()).to.equal(20);
    expect(d.size).to.equal(1);
    const other = entryIn(clock, 30);
    d.insert(other);
    clock.setPaused(30);
    d.fireUntil(30);
    expect(waker.count).to.equal(1);
    const again = entryIn(clock, 10);
    const againWaker = again.waker!;
    d.insert(again);
    d.reset(again, 10); // the wheel is at 30: due
    expect(again.bucket).to.equal(FIRED);
    expect(againWaker.count).to.equal(1);
    expect(again.waker).to.equal(null);
    expect(d.size).to.equal(0);
  });

  it("on reset, leaves an entry not registered for its next poll, unless it waits with a waker for never", () => {
    const clock = new Clock(true);
    const d = new TimerDriver(clock);
    const idle = new Entry(null);
    d.markFired(idle);
    d.reset(idle, 40);
    expect(idle.bucket).to.equal(UNREGISTERED);
    expect(idle.when).to.equal(40);
    expect(d.size).to.equal(0);
    const never = new Entry();
    never.when = Infinity;
    d.insert(never); // waits with its waker, nothing registered
    d.reset(never, 40);
    expect(d.size).to.equal(1);
    expect(d.nextDeadline()).to.equal(40);
  });
});
