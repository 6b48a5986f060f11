import { expect } from "chai";
import { blockOn, iter, Pending } from "../../lib";
import { countingContext } from "../support";
import { ManualStream } from "../support/streams";

describe("Stream.take()", () => {
  it("gives the first n items, then ends and closes the upstream at once", () => {
    const up = new ManualStream<number>();
    up.push(1, 2, 3);
    const s = up.take(2);
    const { cx } = countingContext();
    expect(s.pollNext(cx)).to.equal(1);
    expect(up.closed).to.equal(0);
    expect(s.pollNext(cx)).to.equal(2);
    expect(up.closed).to.equal(1);
    expect(blockOn(s.collect())).to.deep.equal([]);
    expect(up.items).to.deep.equal([3]);
    expect(up.closed).to.equal(1); // once, though both take and collect close
  });

  it("take(0) ends without polling the upstream", () => {
    const up = new ManualStream<number>();
    expect(blockOn(up.take(0).collect())).to.deep.equal([]);
    expect(up.polls).to.equal(0);
  });

  it("rejects a negative or fractional count with a RangeError", () => {
    expect(() => iter([1]).take(-1)).to.throw(RangeError, /take\(n\): n must/);
    expect(() => iter([1]).take(1.5)).to.throw(RangeError);
  });
});

describe("Stream.takeWhile()", () => {
  it("gives items while the test holds, drops the first that fails it, and closes the upstream", () => {
    const up = new ManualStream<number>();
    up.push(1, 2, 9, 3);
    expect(blockOn(up.takeWhile((x) => x < 5).collect())).to.deep.equal([1, 2]);
    expect(up.items).to.deep.equal([3]);
    expect(up.closed).to.be.greaterThan(0);
  });
});

describe("Stream.skip()", () => {
  it("drops the first n items", () => {
    expect(blockOn(iter([1, 2, 3, 4]).skip(2).collect())).to.deep.equal([3, 4]);
  });

  it("counts skipped items across Pending", () => {
    const up = new ManualStream<number>();
    const s = up.skip(2);
    const { cx } = countingContext();
    up.push(1);
    expect(s.pollNext(cx)).to.equal(Pending);
    up.push(2, 3);
    expect(s.pollNext(cx)).to.equal(3);
  });
});
