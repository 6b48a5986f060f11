import { expect } from "chai";
import { blockOn, iter, sleep, now } from "../../lib";
import { countingContext, pausedRuntime } from "../support";
import { ManualStream, pollOnce } from "../support/streams";

describe("Stream.map()", () => {
  it("passes each item through the function, lazily", () => {
    const seen: number[] = [];
    const s = iter([1, 2, 3]).map((x) => (seen.push(x), x * 10));
    expect(seen).to.deep.equal([]);
    expect(blockOn(s.collect())).to.deep.equal([10, 20, 30]);
    expect(seen).to.deep.equal([1, 2, 3]);
  });

  it("forwards Pending, close and cancelNext to its upstream", () => {
    const up = new ManualStream<number>();
    const s = up.map((x) => x + 1);
    const { cx, waker } = countingContext();
    expect(s.pollNext(cx)).to.equal(Pending);
    up.push(1);
    expect(waker.count).to.equal(1);
    expect(s.pollNext(cx)).to.equal(2);
    s.cancelNext!();
    s.close();
    expect(up.cancelledNexts).to.equal(1);
    expect(up.closed).to.equal(1);
  });

  it("throws the function's error from next(), and stays usable", () => {
    const got = blockOn(function* () {
      const s = iter([1, 2]).map((x) => {
        if (x === 1) throw new Error("bad 1");
        return x;
      });
      let err = "";
      try {
        yield* s.next();
      } catch (e) {
        err = (e as Error).message;
      }
      return [err, yield* s.next()];
    });
    expect(got).to.deep.equal(["bad 1", 2]);
  });
});

describe("Stream.filter()", () => {
  it("keeps the items that pass the test", () => {
    expect(blockOn(iter([1, 2, 3, 4, 5]).filter((x) => x % 2 === 1).collect())).to.deep.equal([1, 3, 5]);
  });

  it("spends the coop budget while skipping ready items, so it cannot starve other tasks", () => {
    const rt = pausedRuntime({ budget: 16 });
    let others = 0;
    rt.blockOn(function* () {
      rt.spawn(function* other() {
        others++;
      });
      // 1000 rejected ready items: the filter must yield to the other task on the way.
      const n = yield* iter(Array.from({ length: 1000 }, (_, i) => i)).filter((x) => x === 999).collect();
      expect(n).to.deep.equal([999]);
      expect(others).to.equal(1);
    });
    expect(rt.metrics().polls).to.be.greaterThan(10);
  });
});

describe("Stream.andThen()", () => {
  it("maps each item through an asynchronous function, one at a time, in order", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      const out = yield* iter([30, 10, 20])
        .andThen(function* (ms) {
          yield* sleep(ms);
          return `${ms}@${now()}`;
        })
        .collect();
      return out;
    });
    expect(got).to.deep.equal(["30@30", "10@40", "20@60"]);
  });

  it("keeps the future in flight across a cancelled next(), so no item is lost", () => {
    const rt = pausedRuntime();
    let started = 0;
    const got = rt.blockOn(function* () {
      const s = iter([1, 2]).andThen(function* (x) {
        started++;
        yield* sleep(10);
        return x;
      });
      const n = s.next();
      expect(yield* pollOnce(n)).to.equal("pending");
      n.cancel!();
      return [yield* s.next(), yield* s.next(), yield* s.next()];
    });
    expect(got).to.deep.equal([1, 2, undefined]);
    expect(started).to.equal(2);
  });

  it("cancels the future in flight when closed (its finally runs)", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      const s = iter([1]).andThen(function* () {
        try {
          yield* sleep(1000);
        } finally {
          log.push("finally");
        }
      });
      expect(yield* pollOnce(s.next())).to.equal("pending");
      s.close();
    });
    expect(log).to.deep.equal(["finally"]);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("finishes an async cleanup of the future in flight on a detached task when closed", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      const s = iter([1]).andThen(function* () {
        try {
          yield* sleep(1000);
        } finally {
          log.push("cleanup started");
          yield* sleep(5); // async cleanup: close() cannot wait for it
          log.push(`cleanup finished@${now()}`);
        }
      });
      expect(yield* pollOnce(s.next())).to.equal("pending");
      s.close();
      expect(log).to.deep.equal(["cleanup started"]);
      yield* sleep(10);
    });
    expect(log).to.deep.equal(["cleanup started", "cleanup finished@5"]);
  });

  it("is not named then: a stream is not a thenable", () => {
    expect((iter([1]) as unknown as { then?: unknown }).then).to.equal(undefined);
  });
});

import { Pending } from "../../lib";
