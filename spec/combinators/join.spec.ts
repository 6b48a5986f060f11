import { expect } from "chai";
import { Context, Future, join, joinBiased, now, Pending, Poll, ready, sleep } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { CancelThrows, failing, Log, SlowCancel, worker } from "../support/combinators";

/** Pending `rounds` times (self-waking), recording its name in `order` on every poll. */
class Recorder extends Future<string> {
  constructor(
    private readonly name: string,
    private readonly order: string[],
    private rounds: number,
  ) {
    super();
  }
  poll(cx: Context): Poll<string> {
    this.order.push(this.name);
    if (this.rounds-- > 0) {
      cx.waker.wake();
      return Pending;
    }
    return this.name;
  }
}

describe("join()", () => {
  it("gives every value as a tuple, in argument order", () => {
    const v = pausedRuntime().blockOn(function* () {
      function* three() {
        yield* sleep(5);
        return 3;
      }
      return yield* join(sleep(10), three(), ready("x"));
    });
    expect(v).to.deep.equal([undefined, 3, "x"]);
  });

  it("takes as long as the longest child, not the sum", () => {
    const rt = pausedRuntime();
    const [seq, par] = rt.blockOn(function* () {
      const t0 = now();
      yield* sleep(30);
      yield* sleep(20);
      const t1 = now();
      yield* join(sleep(30), sleep(20));
      return [t1 - t0, now() - t1];
    });
    expect(seq).to.equal(50);
    expect(par).to.equal(30);
  });

  it("cancels the others when one fails, and rethrows only after their async cleanup", () => {
    const log = new Log();
    const rt = pausedRuntime();
    const err = rt.blockOn(function* () {
      try {
        yield* join(worker(log, "a", 100, 1, 7), failing(10, "boom"), worker(log, "b", 100, 2));
        return null;
      } catch (e) {
        log.add("join threw");
        return e;
      }
    });
    expect((err as Error).message).to.equal("boom");
    expect(log.lines).to.have.members(["a cleanup start @10", "b cleanup start @10", "b cleanup end @10", "a cleanup end @17", "join threw @17"]);
    expect(log.lines[log.lines.length - 1]).to.equal("join threw @17");
    expect(rt.metrics().timers).to.equal(0);
  });

  it("throws an AggregateError when a cancelled child's cleanup fails too", () => {
    const cleanupError = new Error("cleanup failed");
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* join(new CancelThrows(cleanupError), failing(1, "first"));
      } catch (e) {
        return e;
      }
    });
    expect(e).to.be.instanceOf(AggregateError);
    expect((e as AggregateError).errors.map((x: Error) => x.message)).to.deep.equal(["first", "cleanup failed"]);
  });

  it("rotates which child is polled first", () => {
    const order: string[] = [];
    pausedRuntime().blockOn(join(new Recorder("a", order, 3), new Recorder("b", order, 3), new Recorder("c", order, 3)));
    const firsts = [0, 3, 6, 9].map((i) => order[i]);
    expect(firsts).to.deep.equal(["a", "b", "c", "a"]);
  });

  it("polls only the children that were woken", () => {
    const a = new Manual<number>();
    const b = new Manual<number>();
    const c = new Manual<number>();
    const rt = pausedRuntime();
    const v = rt.blockOn(function* () {
      const j = join(a, b, c);
      const jh = rt.spawn(j);
      yield* sleep(1);
      b.resolve(2);
      yield* sleep(1);
      a.resolve(1);
      c.resolve(3);
      return yield* jh;
    });
    expect(v).to.deep.equal([1, 2, 3]);
    expect([a.polls, b.polls, c.polls]).to.deep.equal([2, 2, 2]);
  });

  it("returns Pending from cancel() until every child's cleanup has finished", () => {
    const slow = new SlowCancel<number>(2);
    const j = join(slow, new Manual<number>());
    const woken: number[] = [];
    const cx = new Context({ wake: () => woken.push(1) });
    expect(j.poll(cx)).to.equal(Pending);
    let calls = 1;
    while (j.cancel!(cx) === Pending) {
      expect(slow.finished).to.equal(false);
      calls++;
    }
    expect(calls).to.be.greaterThan(1);
    expect(slow.finished).to.equal(true);
    expect(slow.cancelCalls).to.equal(3);
    expect(woken.length).to.be.greaterThan(0);
  });

  it("fails loudly on misuse", () => {
    // @ts-expect-error join() needs at least one future
    expect(() => join()).to.throw(TypeError, /at least one/);
    // @ts-expect-error a number is not a future
    expect(() => join(sleep(1), 42)).to.throw(TypeError, /argument 1 is the number 42/);
    function* gen() {
      return 1;
    }
    // @ts-expect-error a generator function must be called
    expect(() => join(gen)).to.throw(TypeError, /did you mean to call it: gen\(\)/);
    const j = join(ready(1));
    const cx = new Context({ wake() {} });
    expect(j.poll(cx)).to.deep.equal([1]);
    expect(() => j.poll(cx)).to.throw(/join\(\) was polled after it completed/);
  });
});

describe("joinBiased()", () => {
  it("polls children in argument order every time", () => {
    const order: string[] = [];
    pausedRuntime().blockOn(joinBiased(new Recorder("a", order, 2), new Recorder("b", order, 2)));
    expect(order).to.deep.equal(["a", "b", "a", "b", "a", "b"]);
  });
});
