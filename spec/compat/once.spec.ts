import { expect } from "chai";
import { EventEmitter } from "node:events";
import { once, race, run, sleep } from "../../lib";

function emitLater(f: () => void, ms = 1): void {
  setTimeout(f, ms);
}

describe("once()", () => {
  it("gives the next event's arguments and removes its listeners", async () => {
    const e = new EventEmitter();
    emitLater(() => e.emit("ready", 1, 2));
    expect(await run(once(e, "ready"))).to.deep.equal([1, 2]);
    expect(e.listenerCount("ready")).to.equal(0);
    expect(e.listenerCount("error")).to.equal(0);
  });

  it("adds nothing until polled, and removes its listeners when cancelled", async () => {
    const e = new EventEmitter();
    const f = once(e, "never");
    expect(e.listenerCount("never")).to.equal(0);
    await run(race(f, sleep(1)));
    expect(e.listenerCount("never")).to.equal(0);
    expect(e.listenerCount("error")).to.equal(0);
  });

  it("fails on an error event", async () => {
    const e = new EventEmitter();
    emitLater(() => e.emit("error", new Error("bad emitter")));
    let msg = "";
    try {
      await run(once(e, "ready"));
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg).to.equal("bad emitter");
  });
});
