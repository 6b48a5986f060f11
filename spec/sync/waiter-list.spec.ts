import { expect } from "chai";
import { WaiterList, type Waiter } from "../../lib/sync/waiter-list";

function node(): Waiter & { id?: number } {
  return { qPrev: null, qNext: null, linked: false, waker: null };
}

describe("WaiterList", () => {
  it("keeps FIFO order and removes from the middle in place", () => {
    const l = new WaiterList<Waiter>();
    const [a, b, c] = [node(), node(), node()];
    l.push(a);
    l.push(b);
    l.push(c);
    l.remove(b);
    expect(l.length).to.equal(2);
    expect(b.linked).to.equal(false);
    expect(l.shift()).to.equal(a);
    expect(l.shift()).to.equal(c);
    expect(l.shift()).to.equal(null);
    l.remove(b); // removing an unlinked node is harmless
    expect(l.length).to.equal(0);
  });

  it("removes the head and the tail", () => {
    const l = new WaiterList<Waiter>();
    const [a, b, c] = [node(), node(), node()];
    l.push(a);
    l.push(b);
    l.push(c);
    l.remove(a);
    l.remove(c);
    expect(l.head).to.equal(b);
    expect(l.tail).to.equal(b);
  });

  it("removes in O(1): 100,000 waiters cancelled from the middle quickly", () => {
    const l = new WaiterList<Waiter>();
    const ns = Array.from({ length: 100_000 }, node);
    for (const n of ns) l.push(n);
    for (let i = 1; i < ns.length; i += 2) l.remove(ns[i]);
    expect(l.length).to.equal(50_000);
    let k = 0;
    let misplaced = 0;
    for (let w = l.head; w !== null; w = w.qNext) {
      if (w !== ns[k]) misplaced++;
      k += 2;
    }
    expect(misplaced).to.equal(0);
    expect(k).to.equal(100_000);
  });
});
