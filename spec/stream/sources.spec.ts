import { expect } from "chai";
import { blockOn, empty, End, fromIterable, iter, pollNextFn, sleep, unfold } from "../../lib";
import { pausedRuntime } from "../support";
import { pollOnce } from "../support/streams";

describe("iter()", () => {
  it("gives the iterable's values, then undefined", () => {
    const got = blockOn(function* () {
      const s = iter([1, 2]);
      return [yield* s.next(), yield* s.next(), yield* s.next(), yield* s.next()];
    });
    expect(got).to.deep.equal([1, 2, undefined, undefined]);
  });

  it("runs nothing until polled, and closing it early runs the generator's finally", () => {
    const log: string[] = [];
    function* values() {
      try {
        log.push("start");
        yield 1;
        yield 2;
      } finally {
        log.push("finally");
      }
    }
    const s = iter(values());
    expect(log).to.deep.equal([]);
    blockOn(function* () {
      expect(yield* s.next()).to.equal(1);
    });
    s.close();
    expect(log).to.deep.equal(["start", "finally"]);
  });

  it("is also called fromIterable, and rejects non-iterables with a TypeError", () => {
    expect(blockOn(fromIterable(new Set(["a", "b"])).collect())).to.deep.equal(["a", "b"]);
    expect(() => iter(42 as unknown as number[])).to.throw(TypeError, /iterable/);
  });
});

describe("empty()", () => {
  it("ends at once", () => {
    expect(blockOn(empty<number>().collect())).to.deep.equal([]);
  });
});

describe("pollNextFn()", () => {
  it("is a stream whose pollNext is the function", () => {
    let n = 0;
    expect(blockOn(pollNextFn(() => (n < 3 ? n++ : End)).collect())).to.deep.equal([0, 1, 2]);
  });
});

describe("unfold()", () => {
  it("builds a stream from an asynchronous step function", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      return yield* unfold(1, function* (n) {
        if (n > 3) return undefined;
        yield* sleep(10);
        return [n * 10, n + 1] as [number, number];
      }).collect();
    });
    expect(got).to.deep.equal([10, 20, 30]);
  });

  it("cancels the step in flight when closed", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(function* () {
      const s = unfold(0, function* (n) {
        try {
          yield* sleep(1000);
          return [n, n + 1] as [number, number];
        } finally {
          log.push("step cleaned up");
        }
      });
      // Poll once so the step starts, then close the stream under it.
      expect(yield* pollOnce(s.next())).to.equal("pending");
      s.close();
    });
    expect(log).to.deep.equal(["step cleaned up"]);
    expect(rt.metrics().timers).to.equal(0);
  });
});

