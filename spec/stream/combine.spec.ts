import { expect } from "chai";
import { blockOn, End, iter, merge, Pending } from "../../lib";
import { countingContext } from "../support";
import { ManualStream } from "../support/streams";

describe("Stream.chain()", () => {
  it("gives the first stream's items, then the second's, closing the first when it ends", () => {
    const a = new ManualStream<number>();
    a.push(1, 2);
    a.end();
    expect(blockOn(a.chain(iter([3])).collect())).to.deep.equal([1, 2, 3]);
    expect(a.closed).to.be.greaterThan(0);
  });
});

describe("Stream.zip()", () => {
  it("pairs items until either stream ends", () => {
    expect(blockOn(iter([1, 2, 3]).zip(iter(["a", "b"])).collect())).to.deep.equal([
      [1, "a"],
      [2, "b"],
    ]);
  });

  it("keeps an item taken from one side while the other is pending", () => {
    const a = new ManualStream<number>();
    const b = new ManualStream<string>();
    const z = a.zip(b);
    const { cx } = countingContext();
    a.push(1);
    expect(z.pollNext(cx)).to.equal(Pending);
    expect(a.items).to.deep.equal([]);
    b.push("x");
    expect(z.pollNext(cx)).to.deep.equal([1, "x"]);
  });

  it("closes both streams when one ends", () => {
    const a = new ManualStream<number>();
    const b = new ManualStream<number>();
    a.end();
    const { cx } = countingContext();
    expect(a.zip(b).pollNext(cx)).to.equal(End);
    expect([a.closed, b.closed]).to.deep.equal([1, 1]);
  });
});

describe("merge()", () => {
  it("gives items from every stream as they are ready, and ends when all have ended", () => {
    const a = new ManualStream<string>();
    const b = new ManualStream<string>();
    const m = merge(a, b);
    const { cx, waker } = countingContext();
    expect(m.pollNext(cx)).to.equal(Pending);
    b.push("b1");
    expect(waker.count).to.equal(1);
    expect(m.pollNext(cx)).to.equal("b1");
    a.push("a1");
    a.end();
    expect(m.pollNext(cx)).to.equal("a1");
    expect(m.pollNext(cx)).to.equal(Pending);
    b.end();
    expect(m.pollNext(cx)).to.equal(End);
  });

  it("takes turns, so an always-ready stream cannot starve the others", () => {
    const got = blockOn(iter([1, 1, 1, 1]).merge(iter([2, 2])).take(4).collect());
    expect(got).to.deep.equal([1, 2, 1, 2]);
  });

  it("closes every stream when closed", () => {
    const a = new ManualStream<number>();
    const b = new ManualStream<number>();
    a.merge(b).close();
    expect([a.closed, b.closed]).to.deep.equal([1, 1]);
  });
});

describe("Stream.chunks()", () => {
  it("gives arrays of n items, the last one shorter", () => {
    expect(blockOn(iter([1, 2, 3, 4, 5]).chunks(2).collect())).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it("keeps gathered items across Pending", () => {
    const a = new ManualStream<number>();
    const c = a.chunks(3);
    const { cx } = countingContext();
    a.push(1, 2);
    expect(c.pollNext(cx)).to.equal(Pending);
    a.push(3);
    expect(c.pollNext(cx)).to.deep.equal([1, 2, 3]);
  });

  it("rejects a size below 1", () => {
    expect(() => iter([1]).chunks(0)).to.throw(RangeError);
  });
});
