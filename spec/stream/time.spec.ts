import { expect } from "chai";
import { iter, now, sleep, TimeoutError } from "../../lib";
import { pausedRuntime } from "../support";
import { ManualStream } from "../support/streams";

describe("Stream.timeout()", () => {
  it("throws TimeoutError when an item takes longer than ms, and the stream stays usable", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    const got = rt.blockOn(function* () {
      const t = s.timeout(50);
      rt.spawn(function* feeder() {
        yield* sleep(80);
        s.push(1);
      });
      const out: string[] = [];
      try {
        yield* t.next();
      } catch (e) {
        out.push(`${(e as Error).name}@${now()}`);
      }
      out.push(`${yield* t.next()}@${now()}`);
      return out;
    });
    expect(got).to.deep.equal(["TimeoutError@50", "1@80"]);
  });

  it("lets items through in time and leaves no timer behind", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(
      iter([10, 20])
        .andThen(function* (ms) {
          yield* sleep(ms);
          return ms;
        })
        .timeout(30)
        .collect(),
    );
    expect(got).to.deep.equal([10, 20]);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("throws an instance of TimeoutError", () => {
    const rt = pausedRuntime();
    expect(() => rt.blockOn(new ManualStream<number>().timeout(5).collect())).to.throw(TimeoutError);
  });
});

describe("Stream.throttle()", () => {
  it("gives the first item at once and the others no sooner than ms apart", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(
      iter([1, 2, 3])
        .throttle(100)
        .map((x) => `${x}@${now()}`)
        .collect(),
    );
    expect(got).to.deep.equal(["1@0", "2@100", "3@200"]);
  });

  it("does not delay items that arrive slower than the limit", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    const got = rt.blockOn(function* () {
      rt.spawn(function* feeder() {
        yield* sleep(150);
        s.push(1);
        yield* sleep(150);
        s.push(2);
        s.end();
      });
      return yield* s
        .throttle(100)
        .map(() => now())
        .collect();
    });
    expect(got).to.deep.equal([150, 300]);
  });

  it("does not poll the upstream during the pause", () => {
    const rt = pausedRuntime();
    const s = new ManualStream<number>();
    s.push(1, 2);
    rt.blockOn(function* () {
      const t = s.throttle(100);
      yield* t.next();
      const polls = s.polls;
      rt.spawn(function* watcher() {
        yield* sleep(50);
        expect(s.polls).to.equal(polls);
      });
      expect(yield* t.next()).to.equal(2);
      expect(now()).to.equal(100);
    });
  });
});
