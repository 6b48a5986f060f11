import { expect } from "chai";
import { Context, Future, Pending, Poll, TaskInfo, pending, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";

class SelfWakeOnce extends Future<void> {
  done = false;
  poll(cx: Context): Poll<void> {
    if (this.done) return;
    this.done = true;
    cx.waker.wake();
    return Pending;
  }
}

describe("task hooks", () => {
  it("report spawn, every poll's start and end, and termination with the outcome, in order", () => {
    const log: string[] = [];
    const show = (t: TaskInfo) => `${t.name}#${t.id}`;
    const rt = pausedRuntime({
      onTaskSpawn: (t) => log.push(`spawn ${show(t)}`),
      onTaskPoll: (t, phase) => log.push(`${phase} ${show(t)}`),
      onTaskTerminate: (t, outcome, error) => log.push(`end ${show(t)} ${outcome}${error === undefined ? "" : ` ${(error as Error).message}`}`),
    });
    rt.blockOn(function* main() {
      const ok = spawn(function* ok() {
        yield* new SelfWakeOnce();
        return 1;
      });
      const bad = spawn(function* bad() {
        throw new Error("boom");
      });
      const parked = spawn(function* parked() {
        yield* pending();
      });
      yield* ok;
      try {
        yield* bad;
      } catch {}
      parked.abort();
    });
    expect(log).to.deep.equal([
      "spawn main#1",
      "start main#1",
      "spawn ok#2",
      "spawn bad#3",
      "spawn parked#4",
      "end main#1",
      "start ok#2",
      "end ok#2", // self-woken: back of the queue
      "start bad#3",
      "end bad#3 error boom",
      "end bad#3",
      "start parked#4",
      "end parked#4",
      "start ok#2",
      "end ok#2 ok",
      "end ok#2",
      "start main#1", // bad is already done: main gets its error, aborts parked and returns
      "end main#1 ok",
      "end main#1",
      "start parked#4",
      "end parked#4 cancelled",
      "end parked#4",
    ]);
  });

  it("keep the runtime running when a hook throws, and report it", () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (written.push(String(s)), true)) as typeof process.stderr.write;
    let v: number;
    try {
      const rt = pausedRuntime({
        onTaskPoll: () => {
          throw new Error("tracer bug");
        },
      });
      v = rt.blockOn(function* main() {
        yield* sleep(1);
        return 42;
      });
    } finally {
      process.stderr.write = write;
    }
    expect(v!).to.equal(42);
    expect(written.length).to.equal(4); // start and end of main's two polls
    expect(written[0]).to.match(/^genfut: the onTaskPoll hook threw: Error: tracer bug/);
  });

  it("are not called when unset", () => {
    const rt = pausedRuntime({ onTaskSpawn: undefined, onTaskPoll: undefined, onTaskTerminate: undefined });
    expect(rt.blockOn(function* () {
      return 1;
    })).to.equal(1);
  });
});
