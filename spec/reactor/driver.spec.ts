import { expect } from "chai";
import { Context, noopWaker, Pending, Runtime, sleep } from "../../lib";
import { Driver } from "../../lib/reactor/driver";

describe("Driver", () => {
  it("is idle with no timer and no I/O source, and not once either is registered", () => {
    const d = new Driver(true);
    expect(d.idle()).to.equal(true);
    d.ioSources++;
    expect(d.idle()).to.equal(false);
    d.ioSources--;
    expect(d.idle()).to.equal(true);
  });

  it("registers a sleep first polled in a task's poll at afterPoll(), which the executor calls after the poll", () => {
    const rt = new Runtime({ startPaused: true });
    const d = rt.driver;
    let inBatch: unknown[] = [];
    const left = rt.blockOn(function* () {
      const s = sleep(10);
      expect(s.poll(new Context(noopWaker))).to.equal(Pending);
      // In the poll's batch: counted, not yet in the wheel.
      inBatch = [d.timers.size, d.timers.nextDeadline(), d.idle(), d.canAdvance()];
      d.afterPoll();
      const after = [d.timers.size, d.timers.nextDeadline()];
      s.cancel();
      return after;
    });
    expect(inBatch).to.deep.equal([1, Infinity, false, true]);
    expect(left).to.deep.equal([1, 10]);
    expect(d.idle()).to.equal(true);
    expect(d.canAdvance()).to.equal(false);
  });

  it("can advance only on a paused clock with a timer registered", () => {
    const rt = new Runtime();
    const d = rt.driver;
    rt.blockOn(function* () {
      const s = sleep(10);
      s.poll(new Context(noopWaker));
      d.afterPoll();
      expect(d.idle()).to.equal(false);
      expect(d.canAdvance()).to.equal(false); // the real clock: time moves by itself
      s.cancel();
    });
    expect(d.idle()).to.equal(true);
  });
});
