import { expect } from "chai";
import { iter, now, Pending, sleep } from "../../lib";
import { countingContext, Manual, pausedRuntime } from "../support";
import { pollOnce } from "../support/streams";

function* after(ms: number, log?: string[]) {
  try {
    yield* sleep(ms);
    return `${ms}@${now()}`;
  } finally {
    log?.push(`done ${ms}`);
  }
}

describe("Stream.buffered()", () => {
  it("runs up to n futures at once and gives their values in upstream order", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(iter([30, 10, 20]).map((ms) => after(ms)).buffered(2).collect());
    // 30 and 10 start at 0; 20 starts when 30 is taken (at 30), so it ends at 50.
    expect(got).to.deep.equal(["30@30", "10@10", "20@50"]);
  });

  it("never has more than n in flight", () => {
    const rt = pausedRuntime();
    let running = 0;
    let most = 0;
    rt.blockOn(
      iter([5, 5, 5, 5, 5, 5])
        .map(function* (ms) {
          running++;
          most = Math.max(most, running);
          yield* sleep(ms);
          running--;
        })
        .buffered(3)
        .collect(),
    );
    expect(most).to.equal(3);
  });

  it("cancels the futures in flight when closed", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      const s = iter([100, 200, 300]).map((ms) => after(ms, log)).buffered(2);
      expect(yield* pollOnce(s.next())).to.equal("pending");
      s.close();
    });
    expect(log).to.deep.equal(["done 100", "done 200"]);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("throws a failed future's error at its turn, then carries on", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      const s = iter([1, 2, 3])
        .map(function* (x) {
          yield* sleep(x);
          if (x === 2) throw new Error("two");
          return x;
        })
        .buffered(3);
      const out: unknown[] = [];
      for (;;) {
        try {
          const v = yield* s.next();
          if (v === undefined) return out;
          out.push(v);
        } catch (e) {
          out.push((e as Error).message);
        }
      }
    });
    expect(got).to.deep.equal([1, "two", 3]);
  });
});

describe("Stream.bufferUnordered()", () => {
  it("gives values as the futures finish", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(iter([30, 10, 20]).map((ms) => after(ms)).bufferUnordered(3).collect());
    expect(got).to.deep.equal(["10@10", "20@20", "30@30"]);
  });

  it("starts the next future as soon as one finishes", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(iter([30, 10, 20]).map((ms) => after(ms)).bufferUnordered(2).collect());
    // 20 starts when 10 finishes (at 10), so it ends at 30, with the 30 started first.
    expect(got).to.have.members(["10@10", "20@30", "30@30"]);
    expect(got[0]).to.equal("10@10");
  });
});

describe("per-future wakers in bufferUnordered() and forEachConcurrent()", () => {
  it("polls only the future that was woken", () => {
    const futures = [new Manual<number>(), new Manual<number>(), new Manual<number>()];
    const s = iter(futures).bufferUnordered(3);
    const { cx } = countingContext();
    expect(s.pollNext(cx)).to.equal(Pending);
    expect(futures.map((f) => f.polls)).to.deep.equal([1, 1, 1]);
    futures[1].resolve(2);
    expect(s.pollNext(cx)).to.equal(2);
    expect(futures.map((f) => f.polls)).to.deep.equal([1, 2, 1]);
  });

  it("resumes only the body that was woken", () => {
    const leaves = [new Manual<void>(), new Manual<void>(), new Manual<void>()];
    const f = iter(leaves).forEachConcurrent(3, (m) => m);
    const { cx, waker } = countingContext();
    expect(f.poll(cx)).to.equal(Pending);
    leaves[2].resolve();
    expect(waker.count).to.equal(1);
    expect(f.poll(cx)).to.equal(Pending);
    expect(leaves.map((m) => m.polls)).to.deep.equal([1, 1, 2]);
    leaves[0].resolve();
    leaves[1].resolve();
    expect(f.poll(cx)).to.equal(undefined);
  });
});
