import { expect } from "chai";
import { BufReader, Context, duplex, LineTooLongError, lines, Pending, spawn, writeAll } from "../../lib";
import { CountingWaker, pausedRuntime } from "../support";

describe("BufReader", () => {
  it("reads lines without their \\n or \\r\\n, the last one even without a newline", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(5); // lines arrive in pieces
      spawn(function* () {
        yield* writeAll(a, Buffer.from("one\r\ntwo\n\nthree, long enough to span reads\nfour"));
        yield* a.shutdown();
      });
      const r = new BufReader(b, { capacity: 4 });
      const got: (string | undefined)[] = [];
      for (let l; (l = yield* r.readLine()) !== undefined; ) got.push(l);
      got.push(yield* r.readLine());
      return got;
    });
    expect(out).to.deep.equal(["one", "two", "", "three, long enough to span reads", "four", undefined]);
  });

  it("gives lines as a Stream through lines()", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [a, b] = duplex(64);
      yield* writeAll(a, Buffer.from("x\ny\n"));
      yield* a.shutdown();
      const ls = lines(b);
      const got: string[] = [];
      for (let l; (l = yield* ls.next()) !== undefined; ) got.push(l);
      return got;
    });
    expect(out).to.deep.equal(["x", "y"]);
  });

  it("keeps a partial line when readLine is cancelled, so no byte is lost", () => {
    const [a, b] = duplex(64);
    const cx = new Context(new CountingWaker());
    const r = new BufReader(b);
    a.write(Buffer.from("hel")).poll(cx);
    const first = r.readLine();
    expect(first.poll(cx)).to.equal(Pending);
    first.cancel?.();
    a.write(Buffer.from("lo\n")).poll(cx);
    expect(r.readLine().poll(cx)).to.equal("hello");
  });

  it("throws LineTooLongError instead of buffering a line without bound", () => {
    const [a, b] = duplex(4096);
    const cx = new Context(new CountingWaker());
    a.write(Buffer.alloc(3000, 97)).poll(cx);
    const r = new BufReader(b, { capacity: 16, maxLineLength: 1024 });
    expect(() => r.readLine().poll(cx)).to.throw(LineTooLongError);
  });

  it("serves small reads from its buffer and mixes them with lines", () => {
    const [a, b] = duplex(64);
    const cx = new Context(new CountingWaker());
    a.write(Buffer.from("ab\ncd\n")).poll(cx);
    const r = new BufReader(b);
    const two = new Uint8Array(2);
    expect(r.read(two).poll(cx)).to.equal(2);
    expect(Buffer.from(two).toString()).to.equal("ab");
    expect(r.readLine().poll(cx)).to.equal("");
    expect(r.readLine().poll(cx)).to.equal("cd");
    expect(r.buffered).to.equal(0);
  });
});
