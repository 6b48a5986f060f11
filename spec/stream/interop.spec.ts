import { expect } from "chai";
import { interval, mpsc, now, sleep } from "../../lib";
import { pausedRuntime } from "../support";

describe("Stream methods on other modules' streams", () => {
  it("work on a channel receiver", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      const [tx, rx] = mpsc.channel<number>(4);
      rt.spawn(function* producer() {
        for (let i = 1; i <= 5; i++) {
          yield* tx.send(i);
          yield* sleep(10);
        }
        tx.close();
      });
      return yield* rx
        .filter((x) => x !== 3)
        .map((x) => `${x}@${now()}`)
        .collect();
    });
    expect(got).to.deep.equal(["1@0", "2@10", "4@30", "5@40"]);
  });

  it("work on an interval, and take() releases its timer", () => {
    const rt = pausedRuntime();
    const got = rt.blockOn(function* () {
      return yield* interval(100)
        .take(3)
        .map(() => now())
        .collect();
    });
    expect(got).to.deep.equal([0, 100, 200]);
    expect(rt.metrics().timers).to.equal(0);
  });
});
