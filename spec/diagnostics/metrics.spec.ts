import { expect } from "chai";
import { Context, Future, Pending, Poll, pollFn, ready, sleep, spawn, yieldNow } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { BrokenLeaf, silentLostWakers } from "./helpers";

/** Wakes its own task once, from inside the poll (a self-wake). */
class SelfWakeOnce extends Future<void> {
  done = false;
  poll(cx: Context): Poll<void> {
    if (this.done) return;
    this.done = true;
    cx.waker.wake();
    return Pending;
  }
}

describe("Runtime.metrics()", () => {
  it("counts spawned and alive tasks, polls, wakes and self-wakes exactly", () => {
    const rt = pausedRuntime();
    const m = new Manual<number>();
    rt.blockOn(function* main() {
      const a = spawn(function* a() {
        yield* new SelfWakeOnce(); // 2 polls, 1 wake, 1 self-wake
      });
      const b = spawn(function* b() {
        return yield* m; // 2 polls, 1 wake (the resolve)
      });
      yield* a; // main: polled, then woken by a's completion
      m.resolve(7);
      m.resolve(7); // the waker was taken: no second wake
      yield* b; // main woken by b's completion
    });
    expect(rt.metrics()).to.include({
      spawnedTasks: 3,
      aliveTasks: 0,
      // main: first poll, after a completes, after b completes = 3; a: 2; b: 2
      polls: 7,
      // a's self-wake, m.resolve's wake of b, a's and b's completion waking main
      wakes: 4,
      selfWakes: 1,
      budgetYields: 0,
      lostWakers: 0,
    });
  });

  it("counts budget-forced yields: a task always ready yields once per 128 leaf polls", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* busy() {
      for (let i = 0; i < 300; i++) yield* ready(i);
    });
    const m = rt.metrics();
    expect(m.budgetYields).to.equal(2); // polls 1-128, 129-256, then 257-300 completes
    expect(m.polls).to.equal(3);
    expect(m.selfWakes).to.equal(2);
  });

  it("counts budget-forced yields of any future's awaits, and no self-wake as one", () => {
    const rt = pausedRuntime({ budget: 100 });
    rt.blockOn(function* busy() {
      // Ready leaves awaited through Future.next (not ready()'s own next): 250 take three turns.
      for (let i = 0; i < 250; i++) yield* pollFn(() => i);
      // A self-wake with budget left is an ordinary yield.
      yield* new SelfWakeOnce();
    });
    const m = rt.metrics();
    expect(m.budgetYields).to.equal(2);
    expect(m.selfWakes).to.equal(3);
  });

  it("reads the run queue's depth now and at its peak", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      for (let i = 0; i < 5; i++) spawn(function* idle() {});
      expect(rt.metrics().queueDepth).to.equal(5);
      yield* yieldNow();
    });
    expect(rt.metrics()).to.include({ queueDepth: 0, peakQueueDepth: 5 }); // main was running, not queued
  });

  it("reports timers armed, deferred wakes and I/O sources registered now", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      spawn(function* () {
        yield* sleep(10);
      });
      spawn(function* () {
        yield* sleep(20);
      });
      spawn(function* () {
        yield* yieldNow();
      });
      yield* sleep(1);
      // the two sleeps are registered; the yieldNow ran and finished on the way
      expect(rt.metrics()).to.include({ timers: 2, deferredWakes: 0 });
      rt.driver.ioSources++; // what a socket leaf does while registered
      expect(rt.metrics().ioSources).to.equal(1);
      rt.driver.ioSources--;
      spawn(function* () {
        yield* yieldNow();
      });
      yield* new SelfWakeOnce(); // lets that task run once: its wake is now deferred
      expect(rt.metrics().deferredWakes).to.equal(1);
    });
  });

  it("counts lost wakers", () => {
    const rt = pausedRuntime({ onLostWaker: silentLostWakers });
    rt.blockOn(function* main() {
      spawn(function* lost1() {
        yield* new BrokenLeaf();
      });
      spawn(function* lost2() {
        yield* new BrokenLeaf();
      });
      yield* sleep(1);
    });
    expect(rt.metrics().lostWakers).to.equal(2);
  });
});
