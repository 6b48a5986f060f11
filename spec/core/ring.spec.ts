import { expect } from "chai";
import { Ring } from "../../lib/core/ring";

function drain<T>(r: Ring<T>): T[] {
  const out: T[] = [];
  while (r.length > 0) out.push(r.shift());
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
});
