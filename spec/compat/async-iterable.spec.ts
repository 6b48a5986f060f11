import { expect } from "chai";
import { fromAsyncIterable, iter, race, run, Runtime, sleep, toAsyncIterable } from "../../lib";
import { ManualStream } from "../support/streams";

async function* numbers(log: string[], n = Infinity) {
  try {
    for (let i = 1; i <= n; i++) {
      await new Promise((r) => setImmediate(r));
      yield i;
    }
  } finally {
    log.push("iterator closed");
  }
}

describe("fromAsyncIterable()", () => {
  it("gives an async generator's items, then undefined", async () => {
    const log: string[] = [];
    expect(await run(fromAsyncIterable(numbers(log, 3)).collect())).to.deep.equal([1, 2, 3]);
    expect(log).to.deep.equal(["iterator closed"]);
  });

  it("closes the iterator (return()) when the stream is cut short", async () => {
    const log: string[] = [];
    expect(await run(fromAsyncIterable(numbers(log)).take(2).collect())).to.deep.equal([1, 2]);
    await new Promise((r) => setImmediate(r));
    expect(log).to.deep.equal(["iterator closed"]);
  });

  it("closes the iterator when the future consuming it is cancelled", async () => {
    const log: string[] = [];
    let returned = 0;
    const it = numbers(log);
    const ret = it.return.bind(it);
    it.return = (v) => (returned++, ret(v));
    await run(race(fromAsyncIterable(it).forEach(() => {}), sleep(5)));
    await new Promise((r) => setTimeout(r, 5));
    expect(returned).to.equal(1);
    expect(log).to.deep.equal(["iterator closed"]);
  });

  it("throws the iterator's error from next()", async () => {
    async function* failing() {
      yield 1;
      throw new Error("source broke");
    }
    let msg = "";
    try {
      await run(fromAsyncIterable(failing()).collect());
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).to.equal("source broke");
  });

  it("keeps an item that arrives after a cancelled next()", async () => {
    let resolveFirst!: (r: IteratorResult<number>) => void;
    let calls = 0;
    const it: AsyncIterator<number> = {
      next() {
        calls++;
        if (calls === 1) return new Promise((r) => (resolveFirst = r));
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    const got = await run(function* () {
      const s = fromAsyncIterable(it);
      expect(yield* race(s.next(), sleep(1))).to.equal(undefined); // the sleep wins
      resolveFirst({ done: false, value: 1 });
      return [yield* s.next(), yield* s.next()];
    });
    expect(got).to.deep.equal([1, undefined]);
    expect(calls).to.equal(2);
  });

  it("counts as an I/O source while waiting, and not after", async () => {
    const rt = new Runtime();
    const seen: number[] = [];
    await rt.run(function* () {
      rt.spawn(function* () {
        seen.push(rt.driver.ioSources);
      });
      yield* fromAsyncIterable(numbers([], 1)).collect();
    });
    expect(seen).to.deep.equal([1]);
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("rejects what is not async iterable", () => {
    expect(() => fromAsyncIterable(5 as unknown as AsyncIterable<number>)).to.throw(TypeError, /async iterable/);
  });
});

describe("toAsyncIterable()", () => {
  it("feeds for await in native code", async () => {
    const out: number[] = [];
    for await (const v of toAsyncIterable(iter([1, 2, 3]).map((x) => x * 2))) out.push(v);
    expect(out).to.deep.equal([2, 4, 6]);
  });

  it("closes the stream when the loop is left early", async () => {
    const s = new ManualStream<number>();
    s.push(1, 2, 3);
    for await (const v of toAsyncIterable(s)) if (v === 1) break;
    expect(s.closed).to.equal(1);
  });

  it("makes every stream async iterable", async () => {
    const out: string[] = [];
    for await (const v of iter(["a", "b"])) out.push(v);
    expect(out).to.deep.equal(["a", "b"]);
  });

  it("waits for items that arrive later, and cancels a pending next() on return()", async () => {
    const s = new ManualStream<number>();
    const it = toAsyncIterable(s);
    const first = it.next();
    setTimeout(() => s.push(9), 2);
    expect(await first).to.deep.equal({ done: false, value: 9 });
    const second = it.next();
    await new Promise((r) => setTimeout(r, 2));
    await it.return!();
    expect(await second).to.deep.equal({ done: true, value: undefined });
    expect(s.closed).to.equal(1);
    expect(s.cancelledNexts).to.equal(1);
  });

  it("rethrows the stream's error and closes it", async () => {
    const s = new ManualStream<number>();
    s.fail(new Error("broken stream"));
    let msg = "";
    try {
      for await (const _ of toAsyncIterable(s)) void _;
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).to.equal("broken stream");
    expect(s.closed).to.equal(1);
  });
});
