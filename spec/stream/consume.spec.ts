import { expect } from "chai";
import { blockOn, iter, JoinError, now, sleep } from "../../lib";
import { joinErrorOf, pausedRuntime } from "../support";
import { ManualStream } from "../support/streams";

describe("Stream.collect()", () => {
  it("gathers every item and closes the stream at the end", () => {
    const s = new ManualStream<number>();
    s.push(1, 2);
    s.end();
    expect(blockOn(s.collect())).to.deep.equal([1, 2]);
    expect(s.closed).to.equal(1);
  });

  it("closes the stream when cancelled", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    rt.blockOn(function* () {
      const h = rt.spawn(s.collect());
      yield* sleep(1);
      h.abort();
      try {
        yield* h;
      } catch (e) {
        expect((e as JoinError).cancelled).to.equal(true);
      }
    });
    expect(s.closed).to.equal(1);
    expect(s.cancelledNexts).to.equal(1);
  });

  it("closes the stream when it fails", () => {
    const s = new ManualStream<number>();
    s.fail(new Error("boom"));
    expect(() => blockOn(s.collect())).to.throw("boom");
    expect(s.closed).to.equal(1);
  });
});

describe("Stream.fold()", () => {
  it("folds the items with a synchronous function", () => {
    expect(blockOn(iter([1, 2, 3]).fold(0, (a, x) => a + x))).to.equal(6);
  });

  it("awaits an asynchronous step", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(
      iter([1, 2, 3]).fold("", function* (acc, x) {
        yield* sleep(10);
        return `${acc}${x}@${now()} `;
      }),
    );
    expect(got).to.equal("1@10 2@20 3@30 ");
  });
});

describe("Stream.forEach()", () => {
  it("calls the body on each item, awaiting what it returns", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    rt.blockOn(
      iter(["a", "b"]).forEach(function* (x) {
        yield* sleep(5);
        log.push(`${x}@${now()}`);
      }),
    );
    expect(log).to.deep.equal(["a@5", "b@10"]);
  });

  it("accepts a plain function", () => {
    const seen: number[] = [];
    blockOn(iter([1, 2]).forEach((x) => void seen.push(x)));
    expect(seen).to.deep.equal([1, 2]);
  });

  it("cancels the body in flight and closes the stream when cancelled", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    s.push(1);
    const log: string[] = [];
    rt.blockOn(function* () {
      const h = rt.spawn(
        s.forEach(function* () {
          try {
            yield* sleep(1000);
          } finally {
            log.push("body cleaned up");
          }
        }),
      );
      yield* sleep(1);
      h.abort();
      yield* h.isFinished() ? sleep(0) : sleep(1);
    });
    expect(log).to.deep.equal(["body cleaned up"]);
    expect(s.closed).to.equal(1);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("still closes the stream when the cancelled body's cleanup throws, and reports that error", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    s.push(1);
    const err = rt.blockOn(function* () {
      const h = rt.spawn(
        s.forEach(function* () {
          try {
            yield* sleep(1000);
          } finally {
            throw new Error("cleanup failed");
          }
        }),
      );
      yield* sleep(1);
      h.abort();
      return yield* joinErrorOf(h);
    });
    expect(err).to.be.instanceOf(JoinError);
    expect(err.cancelled).to.equal(true);
    expect((err.cause as Error).message).to.equal("cleanup failed");
    expect(s.closed).to.equal(1);
  });
});

describe("Stream.forEachConcurrent()", () => {
  it("runs up to n bodies at once", () => {
    const rt = pausedRuntime();
    let running = 0;
    let most = 0;
    rt.blockOn(
      iter([10, 10, 10, 10, 10]).forEachConcurrent(2, function* (ms) {
        running++;
        most = Math.max(most, running);
        yield* sleep(ms);
        running--;
      }),
    );
    expect(most).to.equal(2);
    expect(rt.now()).to.equal(30);
  });

  it("on the first error, cancels the other bodies, then throws it", () => {
    const rt = pausedRuntime();
    const log: string[] = [];
    const s = new ManualStream<number>();
    s.push(5, 100, 200);
    expect(() =>
      rt.blockOn(
        s.forEachConcurrent(3, function* (ms) {
          try {
            yield* sleep(ms);
            if (ms === 5) throw new Error("five failed");
          } finally {
            log.push(`cleanup ${ms}`);
          }
        }),
      ),
    ).to.throw("five failed");
    expect(log).to.deep.equal(["cleanup 5", "cleanup 100", "cleanup 200"]);
    expect(s.closed).to.be.greaterThan(0);
    expect(rt.metrics().timers).to.equal(0);
  });
});
