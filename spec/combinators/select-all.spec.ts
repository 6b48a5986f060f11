import { expect } from "chai";
import { Context, Future, Pending, selectAll, sleep } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { failing, Log, worker } from "../support/combinators";

describe("selectAll()", () => {
  it("gives the first to finish, its index, and the rest still running", () => {
    const log = new Log();
    const rt = pausedRuntime();
    const order = rt.blockOn(function* () {
      const seen: number[] = [];
      let rest: Future<number>[];
      const first = yield* selectAll([30, 10, 20].map((ms) => worker(log, `w${ms}`, ms, ms)));
      seen.push(first.value);
      rest = first.rest;
      while (rest.length > 0) {
        const r = yield* selectAll(rest);
        seen.push(r.value);
        rest = r.rest;
      }
      return seen;
    });
    expect(order).to.deep.equal([10, 20, 30]);
    expect(log.lines).to.deep.equal([]); // nobody was cancelled
  });

  it("does not cancel the losers it hands back", () => {
    const a = new Manual<string>();
    const b = new Manual<string>();
    const cx = new Context({ wake() {} });
    const s = selectAll([a, b]);
    expect(s.poll(cx)).to.equal(Pending);
    b.resolve("b");
    const r = s.poll(cx) as { index: number; value: string; rest: Future<string>[] };
    expect(r.index).to.equal(1);
    expect(r.rest).to.deep.equal([a]);
    expect(a.cancelled).to.equal(0);
  });

  it("cancels the others and rethrows when the first to finish throws", () => {
    const log = new Log();
    const e = pausedRuntime().blockOn(function* () {
      try {
        yield* selectAll<number>([worker(log, "w", 40, 1, 2), failing(5, "nope")]);
      } catch (e) {
        log.add("caught");
        return e;
      }
    });
    expect((e as Error).message).to.equal("nope");
    expect(log.lines).to.deep.equal(["w cleanup start @5", "w cleanup end @7", "caught @7"]);
  });

  it("polls only the woken future", () => {
    const kids = Array.from({ length: 1000 }, () => new Manual<number>());
    const s = selectAll(kids);
    const cx = new Context({ wake() {} });
    s.poll(cx);
    kids[500].resolve(500);
    expect((s.poll(cx) as { index: number }).index).to.equal(500);
    expect(kids.reduce((n, k) => n + k.polls, 0)).to.equal(1001);
  });

  it("rejects an empty iterable", () => {
    expect(() => selectAll([])).to.throw(TypeError, /at least one/);
    expect(() => selectAll([sleep(1)], { biased: true })).to.not.throw();
  });
});
