/**
 * Type-level tests of the combinators' signatures. `npm test` runs `tsc` over
 * spec/, so each `@ts-expect-error` line must stay an error and every other
 * line must keep compiling. The runtime part only checks that the same
 * expressions produce what their types claim.
 */
import { expect } from "chai";
import { Future, FuturesUnordered, join, joinAll, JoinSet, race, ready, scope, select, selectAll, selectOk, sleep, Stream } from "../../lib";
import { pausedRuntime } from "../support";

/** Compile-time equality: `Equal<A, B>` is `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

function* count(): Generator<unknown, number, unknown> {
  yield* sleep(1);
  return 1;
}
function* name(): Generator<unknown, string, unknown> {
  return "ada";
}

describe("combinator types", () => {
  it("types join() as a tuple of its futures' and generators' outputs", () => {
    const j = join(sleep(1), count(), name(), ready(true));
    assertType<Equal<typeof j, Future<[void, number, string, boolean]>>>();
    const v = pausedRuntime().blockOn(j);
    expect(v).to.deep.equal([undefined, 1, "ada", true]);
    // @ts-expect-error the second element is a number, not a string
    const wrong: Future<[void, string]> = join(sleep(1), count());
    void wrong;
    // @ts-expect-error join() needs at least one future
    void (() => join());
    // @ts-expect-error a plain value is not a future
    void (() => join(sleep(1), 42));
  });

  it("types select() as a union narrowed by index", () => {
    const r = pausedRuntime().blockOn(select(sleep(10), count(), name()));
    assertType<Equal<typeof r, { index: 0; value: void } | { index: 1; value: number } | { index: 2; value: string }>>();
    if (r.index === 1) assertType<Equal<typeof r.value, number>>();
    void (() => {
      // @ts-expect-error branch 2 gives a string, which has no toFixed
      if (r.index === 2) r.value.toFixed();
    });
    expect(r.index).to.equal(2);
  });

  it("types race() as the union of outputs", () => {
    const f = race(count(), name());
    assertType<Equal<typeof f, Future<number | string>>>();
    // @ts-expect-error a string | number race is not a Future<number>
    const n: Future<number> = race(count(), name());
    void n;
    expect(typeof pausedRuntime().blockOn(f)).to.equal("string");
  });

  it("types the iterable combinators and the sets", () => {
    const all = joinAll([count(), count()]);
    assertType<Equal<typeof all, Future<number[]>>>();
    const first = selectAll([sleep(1), sleep(2)]);
    assertType<Equal<typeof first, Future<{ index: number; value: void; rest: Future<void>[] }>>>();
    const ok = selectOk(count(), name());
    assertType<Equal<typeof ok, Future<{ index: 0; value: number } | { index: 1; value: string }>>>();
    const fu = new FuturesUnordered<number>();
    const s: Stream<number> = fu;
    // @ts-expect-error a set of numbers does not take strings
    fu.push(name());
    const set = new JoinSet<string>();
    assertType<Equal<ReturnType<typeof set.joinNext>, Future<string | undefined>>>();
    const sc = scope(function* () {
      return 5;
    });
    assertType<Equal<typeof sc, Future<number>>>();
    void s;
    set.close();
    expect(pausedRuntime().blockOn(all)).to.deep.equal([1, 1]);
  });
});
