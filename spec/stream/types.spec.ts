/**
 * Type-level checks of the stream API: these lines must type-check (the
 * suite runs tsc), and each `expectType` pins an inferred type.
 */
import { expect } from "chai";
import { blockOn, fromAsyncIterable, fromEvent, Future, iter, ready, sleep, Stream } from "../../lib";

function expectType<T>(_value: T): void {}
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertEqual<_T extends true>(): void {}

function* getLength(s: string) {
  yield* sleep(0);
  return s.length;
}

describe("Stream types", () => {
  it("infer each step's item type through a chain", () => {
    const lengths = iter(["a", "bb"]).map((s) => s.length);
    assertEqual<Equal<typeof lengths, Stream<number>>>();
    const evens = iter([1, "x", 2]).filter((v): v is number => typeof v === "number");
    assertEqual<Equal<typeof evens, Stream<number>>>();
    const pairs = iter([1]).zip(iter(["a"]));
    assertEqual<Equal<typeof pairs, Stream<[number, string]>>>();
    const chunks = iter([1]).chunks(2);
    assertEqual<Equal<typeof chunks, Stream<number[]>>>();
    expect(blockOn(lengths.collect())).to.deep.equal([1, 2]);
  });

  it("take the output type of generator functions and futures in andThen and buffered", () => {
    const a = iter(["x"]).andThen(getLength);
    assertEqual<Equal<typeof a, Stream<number>>>();
    const b = iter(["x"]).map((s) => getLength(s)).buffered(2);
    assertEqual<Equal<typeof b, Stream<number>>>();
    const c = iter([1]).map((n) => ready(n * 2)).bufferUnordered(2);
    assertEqual<Equal<typeof c, Stream<number>>>();
    const folded = iter([1, 2]).fold("", (acc, n) => acc + n);
    assertEqual<Equal<typeof folded, Future<string>>>();
    expect(blockOn(folded)).to.equal("12");
  });

  it("type the bridges", () => {
    async function* gen() {
      yield 1;
    }
    expectType<Stream<number>>(fromAsyncIterable(gen()));
    const ev = new (require("node:events").EventEmitter)();
    expectType<Stream<string>>(fromEvent<string>(ev, "x"));
    // @ts-expect-error: buffered needs a stream of futures
    iter([1, 2]).buffered(2);
    // @ts-expect-error: no `then`, so a stream is never a thenable
    iter([1]).then;
  });
});
