import { expect } from "chai";
import { Context, joinAll, now, Pending, selectAll, sleep } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { failing, Log, worker } from "../support/combinators";

describe("joinAll()", () => {
  it("gives the values in input order, whatever order they finish in", () => {
    const v = pausedRuntime().blockOn(function* () {
      return yield* joinAll(
        [30, 10, 20].map(function* (ms) {
          yield* sleep(ms);
          return ms;
        }),
      );
    });
    expect(v).to.deep.equal([30, 10, 20]);
  });

  it("gives [] at once for an empty iterable", () => {
    expect(joinAll([]).poll(new Context({ wake() {} }))).to.deep.equal([]);
  });

  it("polls only the woken child: n children finishing one at a time cost 2n polls", () => {
    const n = 2000;
    const kids = Array.from({ length: n }, () => new Manual<number>());
    const j = joinAll(kids);
    let wakes = 0;
    const cx = new Context({ wake: () => wakes++ });
    expect(j.poll(cx)).to.equal(Pending);
    for (let i = 0; i < n - 1; i++) {
      kids[i].resolve(i);
      expect(j.poll(cx)).to.equal(Pending);
    }
    kids[n - 1].resolve(n - 1);
    const v = j.poll(cx) as number[];
    expect(v.length).to.equal(n);
    expect(v[n - 1]).to.equal(n - 1);
    const polls = kids.reduce((s, k) => s + k.polls, 0);
    expect(polls).to.equal(2 * n); // a first poll each, then one poll per wake: O(n), not O(n²)
    expect(wakes).to.equal(n);
  });

  it("fails fast: cancels the rest and waits for their cleanup", () => {
    const log = new Log();
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* joinAll<unknown>([worker(log, "a", 50, 1, 5), failing(3, "bad"), worker(log, "b", 50, 2, 1)]);
      } catch (e) {
        log.add("caught");
        return e;
      }
    });
    expect((e as Error).message).to.equal("bad");
    expect(log.lines.slice(-1)).to.deep.equal(["caught @8"]);
    expect(log.lines).to.include.members(["a cleanup end @8", "b cleanup end @4"]);
  });

  it("rejects what is not an iterable of futures", () => {
    // @ts-expect-error not iterable
    expect(() => joinAll(5)).to.throw(TypeError, /iterable of futures, got the number 5/);
    // @ts-expect-error strings are not futures
    expect(() => joinAll([sleep(1), "x"])).to.throw(TypeError, /argument 1 is the string "x"/);
  });

  it("rejects a generator object at once, without running it, and says how to pass one on purpose", () => {
    let started = false;
    function* makeJobs() {
      started = true;
      yield* sleep(1);
      return [sleep(1), sleep(2)];
    }
    expect(() => joinAll(makeJobs())).to.throw(TypeError, /joinAll\(iterable, options\).*generator object.*Array\.from/s);
    expect(() => selectAll(makeJobs())).to.throw(TypeError, /selectAll\(iterable, options\).*generator object.*Array\.from/s);
    expect(started).to.equal(false);
    // A generator of futures, spread on purpose, is an iterable like any other.
    function* jobs() {
      yield sleep(3);
      yield sleep(1);
    }
    const t = pausedRuntime().blockOn(function* () {
      yield* joinAll(Array.from(jobs()));
      return now();
    });
    expect(t).to.equal(3);
  });

  it("runs the children concurrently", () => {
    const t = pausedRuntime().blockOn(function* () {
      yield* joinAll(Array.from({ length: 100 }, (_, i) => sleep(i)));
      return now();
    });
    expect(t).to.equal(99);
  });
});
