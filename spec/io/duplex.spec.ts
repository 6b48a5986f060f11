import { expect } from "chai";
import { BrokenPipeError, BusyError, Context, duplex, Pending, readToEnd, spawn, writeAll } from "../../lib";
import { CountingWaker, pausedRuntime } from "../support";

describe("duplex()", () => {
  it("carries bytes both ways, each direction on its own", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(16);
      yield* writeAll(a, Buffer.from("ping"));
      yield* writeAll(b, Buffer.from("pong"));
      const buf = new Uint8Array(8);
      const n1 = yield* b.read(buf);
      const s1 = Buffer.from(buf.subarray(0, n1)).toString();
      const n2 = yield* a.read(buf);
      return [s1, Buffer.from(buf.subarray(0, n2)).toString()];
    });
    expect(out).to.deep.equal(["ping", "pong"]);
  });

  it("holds the writer back while its direction is full, and wakes it once on a read", () => {
    const [a, b] = duplex(4);
    const w = new CountingWaker();
    const cx = new Context(w);
    const write = a.write(Buffer.from("abcdef"));
    expect(write.poll(cx)).to.equal(4); // accepts what fits
    const more = a.write(Buffer.from("ef"));
    expect(more.poll(cx)).to.equal(Pending);
    expect(w.count).to.equal(0);
    const buf = new Uint8Array(3);
    expect(b.read(buf).poll(new Context(new CountingWaker()))).to.equal(3);
    expect(w.count).to.equal(1);
    expect(more.poll(cx)).to.equal(2);
  });

  it("gives end of stream after shutdown, once the buffer is drained, and a broken pipe after close", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(64);
      const reader = spawn(readToEnd(b));
      yield* writeAll(a, Buffer.from("all of it"));
      yield* a.shutdown();
      const all = (yield* reader).toString();
      b.close();
      let err: unknown = null;
      try {
        yield* a.read(new Uint8Array(1));
        yield* writeAll(b, Buffer.from("x"));
      } catch (e) {
        err = e;
      }
      return { all, err };
    });
    expect(out.all).to.equal("all of it");
    expect(out.err).to.be.instanceOf(BrokenPipeError);
  });

  it("refuses two concurrent readers of one end with BusyError", () => {
    const [a] = duplex(4);
    expect(a.read(new Uint8Array(1)).poll(new Context(new CountingWaker()))).to.equal(Pending);
    expect(() => a.read(new Uint8Array(1)).poll(new Context(new CountingWaker()))).to.throw(BusyError);
  });

  it("rejects a capacity that is not a whole number of bytes", () => {
    expect(() => duplex(0)).to.throw(RangeError);
    expect(() => duplex(1.5)).to.throw(RangeError);
  });
});
