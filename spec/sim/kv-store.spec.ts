/**
 * samples/kv-store.ts: a distributed bug (a retried, non-idempotent INCR
 * applied twice) that no plain run shows, found by explore over a network
 * with partitions, shrunk, replayed; the fixed version passes 1,000 runs.
 */
import { expect } from "chai";
import { ExploreError, explore, replay } from "../../lib/sim";
import { kvSystem } from "../../samples/kv-store";

const latency = { min: 1, max: 20 };

function exploreError(f: () => unknown): ExploreError {
  try {
    f();
  } catch (e) {
    if (e instanceof ExploreError) return e;
    throw e;
  }
  throw new Error("explore found nothing");
}

describe("samples/kv-store.ts", function () {
  this.timeout(60_000);

  it("passes a run without faults (the plain schedule: every draw 0, so the chaos host does nothing)", () => {
    expect(replay(kvSystem(), "1@/", { latency }).elapsed).to.be.greaterThan(2_000);
  });

  it("is found by explore: a retry after a partition applies an increment twice, on the primary and both replicas", () => {
    const e = exploreError(() => explore(kvSystem(), { runs: 200, seed: 1, latency }));
    expect(e.seed).to.equal(1);
    expect((e.cause as Error).message).to.match(/the counter reads 6 \/ 6 \/ 6 \(primary \/ replicas\) after 5 acknowledged increments/);
    expect(e.schedule).to.match(/^1@\/.+/); // the faults are draws of the schedule
    expect(e.message).to.match(/replay/);
    // The shrunk schedule fails again, the same way, when replayed.
    const again = exploreError(() => replay(kvSystem(), e.schedule, { latency }));
    expect((again.cause as Error).message).to.equal((e.cause as Error).message);
    expect(again.trace.some((l) => /partition client ↔ primary/.test(l))).to.equal(true);
  });

  it("passes 1,000 explored runs once the primary remembers the request ids it applied", () => {
    const r = explore(kvSystem({ fixed: true }), { runs: 1_000, seed: 1, latency });
    expect(r.runs).to.equal(1_000);
    expect(r.distinct).to.be.greaterThan(900);
  });
});
