import { expect } from "chai";
import { blockOn, consumeBudget, Pending, pollFn, ready, Runtime, spawn, Waker, yieldNow } from "../../lib";
import { countingContext, Manual, pendingOnce } from "../support";

describe("task scheduling", () => {
  it("polls a task once when it is woken twice before it runs", () => {
    const leaf = new Manual<number>();
    const rt = new Runtime();
    const v = rt.blockOn(function* () {
      const h = spawn(function* child() {
        return yield* leaf;
      });
      yield* yieldNow(); // the child runs once and parks on the leaf
      expect(leaf.polls).to.equal(1);
      const w = leaf.waker!;
      w.wake();
      w.wake();
      yield* yieldNow();
      expect(leaf.polls).to.equal(2);
      leaf.resolve(7);
      return yield* h;
    });
    expect(v).to.equal(7);
    expect(leaf.polls).to.equal(3);
  });

  it("does nothing when a completed task is woken", () => {
    let waker: Waker | null = null;
    const rt = new Runtime();
    rt.blockOn(function* () {
      const h = spawn(function* child() {
        yield* pollFn((cx) => {
          waker = cx.waker; // keep the task's waker past its completion
          return "done";
        });
      });
      yield* h;
    });
    const before = rt.metrics();
    waker!.wake();
    waker!.wake();
    const after = rt.metrics();
    expect(after.polls).to.equal(before.polls);
    expect(after.queueDepth).to.equal(0);
  });

  it("re-queues a task that wakes itself behind the tasks already queued", () => {
    const log: string[] = [];
    blockOn(function* () {
      const a = spawn(function* selfWaking() {
        yield* pendingOnce(0);
        log.push("a done");
      });
      const b = spawn(function* other() {
        log.push("b ran");
      });
      yield* a;
      yield* b;
    });
    expect(log).to.deep.equal(["b ran", "a done"]);
  });

  it("runs tasks in the order they were woken, while the run queue wraps around and grows", () => {
    const order: number[] = [];
    const rt = new Runtime();
    rt.blockOn(function* () {
      // 200 tasks, each pending once: they all go round the queue twice,
      // so its head wraps past the end of its first 256 slots.
      const first = Array.from({ length: 200 }, (_, i) =>
        spawn(function* () {
          yield* pendingOnce(i);
          order.push(i);
        }),
      );
      for (const h of first) yield* h;
      // Then 1,000 spawned at once: the queue must grow from 256 slots.
      const second = Array.from({ length: 1000 }, (_, i) =>
        spawn(function* () {
          order.push(200 + i);
        }),
      );
      for (const h of second) yield* h;
    });
    expect(order).to.deep.equal(Array.from({ length: 1200 }, (_, i) => i));
    expect(rt.metrics().peakQueueDepth).to.be.at.least(1000);
  });

  it("makes an always-ready task yield to the others after its budget of polls", () => {
    const log: string[] = [];
    const rt = new Runtime({ budget: 128 });
    rt.blockOn(function* () {
      const spinner = (name: string) =>
        spawn(function* () {
          for (let i = 0; i < 300; i++) {
            yield* ready(i);
            log.push(name);
          }
        });
      const a = spinner("a");
      const b = spinner("b");
      yield* a;
      yield* b;
    });
    // a runs 128 awaits, then b gets its turn, and so on.
    const firstB = log.indexOf("b");
    expect(firstB).to.be.within(127, 129);
    expect(log.slice(firstB, firstB + 128).every((x) => x === "b")).to.equal(true);
    expect(log.filter((x) => x === "a").length).to.equal(300);
  });

  it("never starves Node's timers, even when a task is always ready", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 1);
    const spins = await new Runtime().run(function* spinner() {
      let n = 0;
      // Bounded, so that a task that never yields (a broken budget or host
      // slice) fails here instead of hanging the suite: mocha's timeout
      // cannot interrupt a synchronous loop. The timer is due after the first
      // 2 ms host slice, some hundred thousand awaits at most; ten million
      // take well under a few seconds.
      while (!fired && n < 10_000_000) {
        yield* ready(n++);
      }
      return n;
    });
    expect(fired, `the timer had not fired after ${spins} ready awaits`).to.equal(true);
    expect(spins).to.be.greaterThan(128);
  });

  it("counts polls, wakes and tasks in metrics", () => {
    const rt = new Runtime();
    rt.blockOn(function* () {
      const hs = [1, 2, 3].map((i) =>
        spawn(function* () {
          yield* pendingOnce(i);
        }),
      );
      for (const h of hs) yield* h;
    });
    const m = rt.metrics();
    expect(m.spawnedTasks).to.equal(4);
    expect(m.aliveTasks).to.equal(0);
    // each child: polled twice (pending once, then ready)
    expect(m.polls).to.be.at.least(7);
    expect(m.wakes).to.be.at.least(3);
  });
});

describe("consumeBudget()", () => {
  it("yields only once the task's budget is spent, letting another task run", () => {
    const trace = new Runtime({ budget: 4 }).blockOn(function* () {
      const trace: string[] = [];
      spawn(function* other() {
        trace.push("other");
      });
      for (let i = 0; i < 6; i++) {
        yield* consumeBudget();
        trace.push(`step ${i}`);
      }
      return trace;
    });
    // A budget of 4 units a turn: the fifth call yields, and the other task runs then.
    expect(trace).to.deep.equal(["step 0", "step 1", "step 2", "step 3", "other", "step 4", "step 5"]);
  });

  it("costs no suspension while budget is left (unlike yieldNow)", () => {
    const rt = new Runtime();
    const polls = rt.blockOn(function* () {
      const before = rt.metrics().polls;
      for (let i = 0; i < 50; i++) yield* consumeBudget();
      return rt.metrics().polls - before;
    });
    expect(polls).to.equal(0); // still the same poll of the main task
  });

  it("counts when polled by a combinator too, asking to be polled again when spent", () => {
    const rt = new Runtime({ budget: 2 });
    const wakes = rt.blockOn(function* () {
      const { cx, waker } = countingContext();
      const f = consumeBudget();
      const results = [f.poll(cx), f.poll(cx), f.poll(cx)];
      expect(results.slice(0, 1)).to.deep.equal([undefined]);
      return { last: results[2], wakes: waker.count };
    });
    expect(wakes.last).to.equal(Pending);
    expect(wakes.wakes).to.equal(1);
  });
});
