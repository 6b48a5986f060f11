import { expect } from "chai";
import { Context, duplex, Pending, readExact, readToEnd, readToString, spawn, UnexpectedEofError, writeAll } from "../../lib";
import { CountingWaker, pausedRuntime } from "../support";

describe("readExact()", () => {
  it("fills the buffer across several reads", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(3); // forces several reads
      const buf = new Uint8Array(10);
      spawn(writeAll(a, Buffer.from("0123456789")));
      const n = yield* readExact(b, buf);
      return [n, Buffer.from(buf).toString()];
    });
    expect(out).to.deep.equal([10, "0123456789"]);
  });

  it("throws UnexpectedEofError with the count read when the stream ends short", () => {
    const rt = pausedRuntime();
    const err = rt.blockOn(function* () {
      const [a, b] = duplex(16);
      yield* writeAll(a, Buffer.from("abc"));
      yield* a.shutdown();
      try {
        yield* readExact(b, new Uint8Array(5));
      } catch (e) {
        return e;
      }
    });
    expect(err).to.be.instanceOf(UnexpectedEofError);
    expect(err).to.include({ read: 3, expected: 5 });
  });

  it("gives the bytes it took back when cancelled, so none is lost", () => {
    const [a, b] = duplex(16);
    const cx = new Context(new CountingWaker());
    expect(a.write(Buffer.from("abc")).poll(cx)).to.equal(3);
    const buf = new Uint8Array(6);
    const f = readExact(b, buf);
    expect(f.poll(cx)).to.equal(Pending);
    f.cancel?.();
    expect(a.write(Buffer.from("def")).poll(cx)).to.equal(3);
    const again = new Uint8Array(6);
    expect(readExact(b, again).poll(cx)).to.equal(6);
    expect(Buffer.from(again).toString()).to.equal("abcdef");
  });
});

describe("readToEnd()", () => {
  it("collects everything until the writer shuts down", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(1000);
      const big = Buffer.alloc(40_000, 7);
      spawn(function* () {
        yield* writeAll(a, big);
        yield* a.shutdown();
      });
      const all = yield* readToEnd(b);
      return all.equals(big);
    });
    expect(out).to.equal(true);
  });

  it("decodes UTF-8 with readToString, across chunk boundaries", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(3);
      spawn(function* () {
        yield* writeAll(a, Buffer.from("héllo wörld ✓"));
        yield* a.shutdown();
      });
      return yield* readToString(b);
    });
    expect(out).to.equal("héllo wörld ✓");
  });
});

