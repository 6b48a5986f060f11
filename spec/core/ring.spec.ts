import { expect } from "chai";
import { Ring } from "../../lib/core/ring";

function drain<T>(r: Ring<T>): T[] {
  const out: T[] = [];
  while (r.length > 0) out.push(r.shift());
  return out;
}

function contents<T>(r: Ring<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < r.length; i++) out.push(r.at(i));
  return out;
}

describe("Ring", () => {
  it("hands items back first in, first out", () => {
    const r = new Ring<number>();
    for (let i = 0; i < 5; i++) r.push(i);
    expect(r.length).to.equal(5);
    expect(drain(r)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(r.length).to.equal(0);
  });

  it("grows past its first size while wrapped, keeping the order", () => {
    const r = new Ring<number>(4);
    for (let i = 0; i < 3; i++) r.push(i);
    r.shift();
    r.shift(); // the head is now mid-array, so the next pushes wrap
    for (let i = 3; i < 40; i++) r.push(i);
    expect(drain(r)).to.deep.equal(Array.from({ length: 38 }, (_, i) => i + 2));
  });

  it("keeps its order over many wraps of a small ring", () => {
    const r = new Ring<number>(4);
    const out: number[] = [];
    for (let i = 0; i < 1000; i++) {
      r.push(i);
      if (i % 3 !== 0) out.push(r.shift());
    }
    out.push(...drain(r));
    expect(out).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("reads the i-th item from the head with at()", () => {
    const r = new Ring<string>(4);
    for (const s of ["x", "a", "b", "c"]) r.push(s);
    r.shift();
    r.push("d"); // wrapped
    expect([r.at(0), r.at(1), r.at(2), r.at(3)]).to.deep.equal(["a", "b", "c", "d"]);
  });

  it("takes an item from the middle with takeAt(), keeping the others' order", () => {
    const r = new Ring<number>(4);
    for (let i = 0; i < 4; i++) r.push(i);
    r.shift();
    r.push(4); // wrapped: 1 2 3 4
    expect(r.takeAt(2)).to.equal(3);
    expect(contents(r)).to.deep.equal([1, 2, 4]);
    expect(r.takeAt(0)).to.equal(1);
    expect(drain(r)).to.deep.equal([2, 4]);
  });

  it("takes an item with swapTakeAt() by moving the head into its slot", () => {
    const r = new Ring<number>();
    for (let i = 0; i < 5; i++) r.push(i);
    expect(r.swapTakeAt(3)).to.equal(3);
    expect(contents(r)).to.deep.equal([1, 2, 0, 4]);
    expect(r.swapTakeAt(0)).to.equal(1);
    expect(drain(r)).to.deep.equal([2, 0, 4]);
  });

  it("keeps only the items retain() accepts, in order", () => {
    const r = new Ring<number>(4);
    for (let i = 0; i < 3; i++) r.push(i);
    r.shift();
    for (let i = 3; i < 9; i++) r.push(i); // grown and 1..8
    r.retain((n) => n % 2 === 0);
    expect(r.length).to.equal(4);
    expect(drain(r)).to.deep.equal([2, 4, 6, 8]);
  });

  it("clear() empties it, handing each item to the callback oldest first", () => {
    const r = new Ring<number>(4);
    for (let i = 0; i < 6; i++) r.push(i);
    r.shift();
    const seen: number[] = [];
    r.clear((n) => seen.push(n));
    expect(seen).to.deep.equal([1, 2, 3, 4, 5]);
    expect(r.length).to.equal(0);
    r.push(9);
    expect(drain(r)).to.deep.equal([9]);
  });

  it("holds no reference to an item once it is taken", () => {
    // Slots outside the live range are undefined: read them through at() past the length.
    const r = new Ring<object>(4);
    r.push({});
    r.push({});
    r.shift();
    r.takeAt(0);
    for (let i = 0; i < 4; i++) expect(r.at(i)).to.equal(undefined);
  });
});
