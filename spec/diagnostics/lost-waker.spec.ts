import { expect } from "chai";
import { Context, DeadlockError, Future, Pending, Poll, Waker, pending, sleep, spawn } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { BrokenLeaf, lostWakerLog, silentLostWakers } from "./helpers";

/** Stores the waker of its first poll only, and never reads `cx.waker` again (breaks the "latest waker" rule). */
class FirstWakerOnly extends Future<void> {
  waker: Waker | null = null;
  done = false;
  poll(cx: Context): Poll<void> {
    if (this.done) return;
    if (this.waker === null) this.waker = cx.waker;
    return Pending;
  }
  fire(): void {
    this.done = true;
    this.waker?.wake();
  }
}

describe("lost-waker detection", () => {
  it("reports a task whose leaf never stored its waker, once, with its name and leaf", () => {
    const log = lostWakerLog();
    const rt = pausedRuntime({ onLostWaker: log.onLostWaker });
    const leaf = new BrokenLeaf();
    rt.blockOn(function* main() {
      spawn(function* forgotten() {
        yield* leaf;
      });
      yield* sleep(5);
      yield* sleep(5); // more idle points: still reported only once
    });
    expect(leaf.polls).to.equal(1);
    expect(log.reports).to.deep.equal([{ task: { id: 2, name: "forgotten", spawnedAt: 0 }, waitingOn: "BrokenLeaf", spawnSite: null }]);
  });

  it("says nothing about leaves that register their waker, and about pending() and aborted tasks", () => {
    const log = lostWakerLog();
    const rt = pausedRuntime({ onLostWaker: log.onLostWaker });
    const m = new Manual<void>();
    rt.blockOn(function* main() {
      spawn(function* waitsOnManual() {
        yield* m;
      });
      spawn(function* parked() {
        yield* pending();
      });
      const h = spawn(function* abortedBroken() {
        yield* new BrokenLeaf();
      });
      h.abort(); // aborted before it ever ran: it is cancelled at its first poll
      spawn(function* sleeper() {
        yield* sleep(3);
      });
      yield* sleep(10);
      m.resolve();
    });
    expect(log.reports).to.deep.equal([]);
    expect(rt.metrics().lostWakers).to.equal(0);
  });

  it("reports a leaf that keeps an earlier poll's waker and stops reading cx.waker (it breaks the latest-waker rule)", () => {
    const log = lostWakerLog();
    const rt = pausedRuntime({ onLostWaker: log.onLostWaker });
    const leaf = new FirstWakerOnly();
    rt.blockOn(function* main() {
      const h = spawn(function* stale() {
        yield* leaf;
      });
      yield* sleep(1);
      expect(log.reports).to.deep.equal([]); // the first poll stored the waker
      leaf.waker!.wake(); // a spurious wake: the re-poll reads no waker
      yield* sleep(1);
      expect(log.reports.map((r) => r.task.name)).to.deep.equal(["stale"]);
      leaf.fire(); // the old waker still works here, which is why this is documented as a non-guarantee
      yield* h;
    });
  });

  it("marks it in the DeadlockError that blockOn throws", () => {
    const rt = pausedRuntime({ onLostWaker: silentLostWakers });
    let err: unknown = null;
    try {
      rt.blockOn(function* main() {
        yield* spawn(function* forgotten() {
          yield* new BrokenLeaf();
        });
      });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DeadlockError);
    expect(String((err as Error).message)).to.match(/#2 forgotten \[idle, 0ms old\] waiting on BrokenLeaf\n\s+LOST WAKER/);
  });
});
