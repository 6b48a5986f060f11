import { expect } from "chai";
import { race, run, shutdownBlockingPool, sleep, spawnBlocking } from "../../lib";

describe("spawnBlocking()", function () {
  this.timeout(20_000);
  after(() => shutdownBlockingPool());

  it("runs the function on a worker thread and gives its result", async () => {
    const [result, threadId] = await run(
      spawnBlocking((n: number) => {
        let s = 0;
        for (let i = 1; i <= n; i++) s += i;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return [s, require("node:worker_threads").threadId] as [number, number];
      }, 1000),
    );
    expect(result).to.equal(500500);
    expect(threadId).to.not.equal(0); // 0 is the main thread
  });

  it("throws the function's error into the coroutine", async () => {
    let msg = "";
    try {
      await run(
        spawnBlocking(() => {
          throw new Error("worker failed");
        }),
      );
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).to.contain("worker failed");
  });

  it("drops the result of a cancelled call, and stops its work", async () => {
    const won = await run(
      race(
        spawnBlocking(() => {
          const end = Date.now() + 3_000;
          while (Date.now() < end);
          return "worker";
        }),
        (function* () {
          yield* sleep(20);
          return "sleep";
        })(),
      ),
    );
    expect(won).to.equal("sleep");
    // The pool is still usable afterwards (a stopped worker is replaced).
    expect(await run(spawnBlocking((a: number, b: number) => a + b, 2, 3))).to.equal(5);
  });

  it("rejects what it cannot send to a worker", () => {
    expect(() => spawnBlocking(Math.max)).to.throw(TypeError, /native/);
  });
});
