import { expect } from "chai";
import { Context, End, FuturesUnordered, Pending, raceBiased, ready, sleep, spawn } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { failing, Log, worker } from "../support/combinators";

describe("FuturesUnordered", () => {
  it("yields results in completion order, then undefined when empty", () => {
    const out = pausedRuntime().blockOn(function* () {
      const set = new FuturesUnordered<number>();
      for (const ms of [30, 10, 20]) {
        set.push(
          (function* () {
            yield* sleep(ms);
            return ms;
          })(),
        );
      }
      const got: number[] = [];
      for (let v; (v = yield* set.next()) !== undefined; ) got.push(v);
      return got;
    });
    expect(out).to.deep.equal([10, 20, 30]);
  });

  it("polls only woken members: n members finishing one at a time cost 2n polls", () => {
    const n = 2000;
    const set = new FuturesUnordered<number>();
    const kids = Array.from({ length: n }, () => new Manual<number>());
    for (const k of kids) set.push(k);
    const cx = new Context({ wake() {} });
    expect(set.pollNext(cx)).to.equal(Pending);
    for (let i = n - 1; i >= 0; i--) {
      kids[i].resolve(i);
      expect(set.pollNext(cx)).to.equal(i);
    }
    expect(set.pollNext(cx)).to.equal(End);
    expect(kids.reduce((s, k) => s + k.polls, 0)).to.equal(2 * n);
  });

  it("wakes a waiting consumer when a future is pushed", () => {
    const rt = pausedRuntime();
    const v = rt.blockOn(function* () {
      const set = new FuturesUnordered<string>();
      const m = new Manual<string>();
      set.push(m);
      const consumer = spawn(function* () {
        const a = yield* set.next();
        const b = yield* set.next();
        return [a, b];
      });
      yield* sleep(1);
      set.push(
        (function* () {
          return "pushed later";
        })(),
      );
      yield* sleep(1);
      m.resolve("manual");
      return yield* consumer;
    });
    expect(v).to.deep.equal(["pushed later", "manual"]);
  });

  it("throws a member's error from next() and keeps going", () => {
    const got = pausedRuntime().blockOn(function* () {
      const set = new FuturesUnordered<number>();
      set.push(failing(1, "member failed"));
      set.push(
        (function* () {
          yield* sleep(5);
          return 5;
        })(),
      );
      const out: unknown[] = [];
      for (;;) {
        try {
          const v = yield* set.next();
          if (v === undefined) break;
          out.push(v);
        } catch (e) {
          out.push((e as Error).message);
        }
      }
      return out;
    });
    expect(got).to.deep.equal(["member failed", 5]);
  });

  it("cancels its members on close(), and cancelAll() waits for async cleanup", () => {
    const log = new Log();
    const rt = pausedRuntime();
    rt.blockOn(function* () {
      const a = new FuturesUnordered<number>();
      a.push(worker(log, "closed", 100, 1));
      expect(yield* start(a)).to.equal(undefined);
      a.close();
      expect(() => a.push(ready(2))).to.throw(/closed/);
      const b = new FuturesUnordered<number>();
      b.push(worker(log, "awaited", 100, 1, 6));
      yield* start(b);
      yield* b.cancelAll();
      log.add("cancelAll returned");
      expect(b.len()).to.equal(0);
    });
    expect(log.lines).to.deep.equal(["closed cleanup start @0", "closed cleanup end @0", "awaited cleanup start @0", "awaited cleanup end @6", "cancelAll returned @6"]);
    expect(rt.metrics().timers).to.equal(0);
  });

  it("counts its members", () => {
    const set = new FuturesUnordered<number>();
    expect(set.isEmpty()).to.equal(true);
    set.push(new Manual<number>());
    expect(set.len()).to.equal(1);
    // @ts-expect-error a number is not a future
    expect(() => set.push(3)).to.throw(TypeError, /got the number 3/);
    expect(set.describe()).to.equal("FuturesUnordered(1 futures)");
  });
});

/** Polls the set once (so its members start and suspend), without waiting for a result. */
function start<T>(set: FuturesUnordered<T>) {
  return raceBiased(set.next(), ready(undefined));
}
