import { expect } from "chai";
import { Barrier, Pending, sleep, spawn } from "../../lib";
import { block, Poller } from "../support/sync";

describe("Barrier", () => {
  it("rejects n below 1", () => {
    expect(() => new Barrier(0)).to.throw(RangeError);
  });

  it("releases everyone when the n-th task arrives, with exactly one leader", () => {
    const leaders = block(function* () {
      const b = new Barrier(5);
      const hs = [];
      for (let i = 0; i < 5; i++) {
        hs.push(
          spawn(function* () {
            yield* sleep(i);
            return (yield* b.wait()).isLeader;
          }),
        );
      }
      const out = [];
      for (const h of hs) out.push(yield* h);
      return out;
    });
    expect(leaders.filter((x) => x)).to.have.length(1);
    expect(leaders[4]).to.equal(true); // the last to arrive leads
  });

  it("is reusable, round after round", () => {
    const b = new Barrier(2);
    for (let round = 0; round < 3; round++) {
      const a = new Poller(b.wait());
      expect(a.poll()).to.equal(Pending);
      const c = new Poller(b.wait());
      expect((c.poll() as { isLeader: boolean }).isLeader).to.equal(true);
      expect(a.wakes).to.equal(1);
      expect((a.poll() as { isLeader: boolean }).isLeader).to.equal(false);
    }
  });

  it("does not count a cancelled wait", () => {
    const b = new Barrier(2);
    const a = new Poller(b.wait());
    a.poll();
    expect(b.wait().describe()).to.equal("Barrier.wait(1 of 2 arrived)");
    a.fut.cancel!();
    const c = new Poller(b.wait());
    expect(c.poll()).to.equal(Pending);
    const d = new Poller(b.wait());
    expect(d.poll()).to.not.equal(Pending);
    expect(a.wakes).to.equal(0);
  });
});
