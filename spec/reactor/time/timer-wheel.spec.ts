import { expect } from "chai";
import { FIRED, TimerEntry, UNREGISTERED } from "../../../lib/reactor/time/timer-entry";
import { TimerWheel } from "../../../lib/reactor/time/timer-wheel";

class Entry implements TimerEntry {
  when = -1;
  waker = null;
  index = 0;
  bucket = UNREGISTERED;
  constructor(readonly id: number) {}
}

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function entry(id: number, when: number): Entry {
  const e = new Entry(id);
  e.when = when;
  return e;
}

describe("TimerWheel", () => {
  it("expires entries in deadline order, equal deadlines in insertion order", () => {
    const w = new TimerWheel();
    const es = [entry(0, 70), entry(1, 5), entry(2, 70), entry(3, 4096), entry(4, 5), entry(5, 64)];
    for (const e of es) expect(w.insert(e)).to.equal(true);
    const fired = w.expire(10_000).map((e) => (e as Entry).id);
    expect(fired).to.deep.equal([1, 4, 5, 0, 2, 3]);
    expect(w.size).to.equal(0);
  });

  it("refuses an entry that is not after the time it has reached", () => {
    const w = new TimerWheel();
    w.expire(100);
    expect(w.insert(entry(0, 100))).to.equal(false);
    expect(w.insert(entry(1, 101))).to.equal(true);
    expect(w.size).to.equal(1);
  });

  it("reports the exact next deadline, even from a coarse slot", () => {
    const w = new TimerWheel();
    w.insert(entry(0, 3000)); // level 1: a slot spanning 64 ms
    w.insert(entry(1, 2999));
    expect(w.nextDeadline()).to.equal(2999);
    const e = entry(2, 1_000_000); // level 3
    const w2 = new TimerWheel();
    w2.insert(e);
    expect(w2.nextDeadline()).to.equal(1_000_000);
  });

  it("cancels in O(1) and leaves nothing to fire", () => {
    const w = new TimerWheel();
    const a = entry(0, 50);
    const b = entry(1, 50);
    const c = entry(2, 50);
    w.insert(a);
    w.insert(b);
    w.insert(c);
    w.remove(b);
    w.remove(b); // twice is harmless
    expect(b.bucket).to.equal(UNREGISTERED);
    expect(w.size).to.equal(2);
    expect(w.expire(50).map((e) => (e as Entry).id)).to.deep.equal([0, 2]);
    expect(a.bucket).to.equal(FIRED);
    expect(w.nextDeadline()).to.equal(Infinity);
  });

  it("holds deadlines beyond its six levels and fires them on time", () => {
    const w = new TimerWheel();
    const far = 2 ** 40 + 123; // beyond 64^6 ms
    w.insert(entry(0, far));
    w.insert(entry(1, 10));
    expect(w.nextDeadline()).to.equal(10);
    expect(w.expire(10)).to.have.length(1);
    expect(w.nextDeadline()).to.equal(far);
    expect(w.expire(far - 1)).to.have.length(0);
    expect(w.expire(far).map((e) => (e as Entry).id)).to.deep.equal([0]);
  });

  it("agrees with a sorted list under random inserts, cancels and jumps", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(seed);
      const w = new TimerWheel();
      const model = new Set<Entry>();
      let now = 0;
      let id = 0;
      for (let step = 0; step < 400; step++) {
        const r = rand();
        if (r < 0.55) {
          // Spread over every level: 1 ms to ~2^37 ms ahead.
          const span = 2 ** Math.floor(rand() * 38);
          const e = entry(id++, now + 1 + Math.floor(rand() * span));
          expect(w.insert(e)).to.equal(true);
          model.add(e);
        } else if (r < 0.7 && model.size > 0) {
          const victims = [...model];
          const e = victims[Math.floor(rand() * victims.length)];
          w.remove(e);
          model.delete(e);
        } else {
          const next = w.nextDeadline();
          const expectedNext = Math.min(...[...model].map((e) => e.when));
          expect(next, `seed ${seed} step ${step}`).to.equal(expectedNext);
          // Jump to the next deadline, or a random distance.
          const to = rand() < 0.5 && next !== Infinity ? next : now + Math.floor(rand() * 2 ** Math.floor(rand() * 30));
          const due = [...model].filter((e) => e.when <= to).sort((a, b) => a.when - b.when || a.id - b.id);
          const fired = w.expire(to).slice();
          expect(fired.map((e) => (e as Entry).id), `seed ${seed} step ${step}`).to.deep.equal(due.map((e) => e.id));
          for (const e of due) model.delete(e);
          now = Math.max(now, to);
        }
        expect(w.size).to.equal(model.size);
      }
    }
  });
});
