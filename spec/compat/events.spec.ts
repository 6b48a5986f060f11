import { expect } from "chai";
import { EventEmitter } from "node:events";
import { EventOverflowError, fromEvent, race, run, Runtime, sleep } from "../../lib";

function emitLater(f: () => void, ms = 1): void {
  setTimeout(f, ms);
}

describe("fromEvent()", () => {
  it("gives each event's first argument until the end event, then removes every listener", async () => {
    const e = new EventEmitter();
    const s = fromEvent<number>(e, "data", { end: "end" });
    expect(e.listenerCount("data")).to.equal(1);
    emitLater(() => {
      e.emit("data", 1, "ignored");
      e.emit("data", 2);
      e.emit("end");
    });
    expect(await run(s.collect())).to.deep.equal([1, 2]);
    expect([e.listenerCount("data"), e.listenerCount("end"), e.listenerCount("error")]).to.deep.equal([0, 0, 0]);
  });

  it("buffers events fired before the first next()", async () => {
    const e = new EventEmitter();
    const s = fromEvent<string>(e, "x");
    e.emit("x", "early");
    expect(await run(s.next())).to.equal("early");
    s.close();
  });

  it("removes its listeners when cut short or cancelled", async () => {
    const e = new EventEmitter();
    emitLater(() => e.emit("x", 1));
    expect(await run(fromEvent(e, "x").take(1).collect())).to.deep.equal([1]);
    expect(e.listenerCount("x")).to.equal(0);

    await run(race(fromEvent(e, "x").forEach(() => {}), sleep(2)));
    expect(e.listenerCount("x")).to.equal(0);
    expect(e.listenerCount("error")).to.equal(0);
  });

  it("is Disposable: a using declaration removes its listeners on every exit", async () => {
    const e = new EventEmitter();
    await run(function* () {
      using s = fromEvent<number>(e, "x");
      e.emit("x", 1);
      expect(yield* s.next()).to.equal(1);
      expect(e.listenerCount("x")).to.equal(1);
    });
    expect(e.listenerCount("x")).to.equal(0);
    expect(e.listenerCount("error")).to.equal(0);
  });

  it("gives all arguments with multiArgs", async () => {
    const e = new EventEmitter();
    const s = fromEvent<[number, string]>(e, "pair", { multiArgs: true });
    e.emit("pair", 1, "a");
    expect(await run(s.next())).to.deep.equal([1, "a"]);
    s.close();
  });

  it("throws an error event's error after the events before it", async () => {
    const e = new EventEmitter();
    const s = fromEvent<number>(e, "data");
    e.emit("data", 1);
    e.emit("error", new Error("emitter broke"));
    const got = await run(function* () {
      const first = yield* s.next();
      try {
        yield* s.next();
      } catch (err) {
        return [first, (err as Error).message];
      }
      return [first, "no error"];
    });
    expect(got).to.deep.equal([1, "emitter broke"]);
    expect(e.listenerCount("data")).to.equal(0);
  });

  it("on overflow (default policy) drops the oldest and reports how many with EventOverflowError, then carries on", async () => {
    const e = new EventEmitter();
    const s = fromEvent<number>(e, "n", { capacity: 2 });
    for (let i = 1; i <= 5; i++) e.emit("n", i);
    const got = await run(function* () {
      let err: unknown;
      try {
        yield* s.next();
      } catch (x) {
        err = x;
      }
      return [err, yield* s.next(), yield* s.next()] as const;
    });
    expect(got[0]).to.be.instanceOf(EventOverflowError);
    expect((got[0] as EventOverflowError).dropped).to.equal(3);
    expect([got[1], got[2]]).to.deep.equal([4, 5]);
    s.close();
  });

  it("drops silently under drop-newest and drop-oldest", async () => {
    const e = new EventEmitter();
    const newest = fromEvent<number>(e, "n", { capacity: 2, overflow: "drop-newest", end: "end" });
    const oldest = fromEvent<number>(e, "n", { capacity: 2, overflow: "drop-oldest", end: "end" });
    for (let i = 1; i <= 4; i++) e.emit("n", i);
    e.emit("end");
    expect(await run(newest.collect())).to.deep.equal([1, 2]);
    expect(await run(oldest.collect())).to.deep.equal([3, 4]);
  });

  it("works with an EventTarget", async () => {
    const t = new EventTarget();
    const s = fromEvent<Event>(t, "ping");
    t.dispatchEvent(new Event("ping"));
    expect((await run(s.next()))!.type).to.equal("ping");
    s.close();
  });

  it("counts as an I/O source while waiting for an event", async () => {
    const rt = new Runtime();
    const e = new EventEmitter();
    const seen: number[] = [];
    await rt.run(function* () {
      rt.spawn(function* () {
        seen.push(rt.driver.ioSources);
        e.emit("x", 1);
      });
      yield* fromEvent(e, "x").take(1).collect();
    });
    expect(seen).to.deep.equal([1]);
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("rejects a bad capacity or policy", () => {
    const e = new EventEmitter();
    expect(() => fromEvent(e, "x", { capacity: 0 })).to.throw(RangeError);
    expect(() => fromEvent(e, "x", { overflow: "block" as "error" })).to.throw(RangeError);
    expect(e.listenerCount("x")).to.equal(0);
  });
});
