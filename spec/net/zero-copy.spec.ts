import { expect } from "chai";
import * as net from "node:net";
import { Context, Pending, run, sleep, TcpStream, timeout, TimeoutError, noopWaker } from "../../lib";
import { bytes, collect, hostTurn, nodeServer } from "../support/net";

const cx = new Context(noopWaker);

describe("TcpStream.readChunk() and writeChunk()", () => {
  it("echo a Node client's bytes without a copy, every byte in order, then null at the end", async () => {
    const SIZE = 300_000;
    const data = bytes(SIZE, 3);
    let got: Promise<Buffer> | null = null;
    const { port, close } = await nodeServer((s) => {
      got = collect(s);
      for (let off = 0; off < SIZE; off += 7919) s.write(data.subarray(off, off + 7919));
      s.end();
    });
    const chunks = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      let n = 0;
      for (let c; (c = yield* s.readChunk()) !== null; n++) yield* s.writeChunk(c);
      yield* s.shutdown();
      s.close();
      return n;
    });
    const echoed = await got!;
    close();
    expect(echoed.equals(data)).to.equal(true);
    expect(chunks).to.be.greaterThan(0);
  });

  it("gives at most max bytes, and the rest of that chunk next", async () => {
    const { port, close } = await nodeServer((s) => s.end("abcdefghij"));
    const parts = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const out: string[] = [];
      for (let c; (c = yield* s.readChunk(4)) !== null; ) out.push(c.toString());
      s.close();
      return out;
    });
    close();
    expect(parts.join("")).to.equal("abcdefghij");
    expect(parts.every((p) => p.length <= 4)).to.equal(true);
  });

  it("continues where read(buf) stopped, and read(buf) where it stopped", async () => {
    const { port, close } = await nodeServer((s) => s.end("0123456789"));
    const out = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      yield* sleep(20); // let all ten bytes arrive in one chunk
      const buf = new Uint8Array(3);
      yield* s.readExact(buf);
      const mid = (yield* s.readChunk(4))!.toString();
      const rest = yield* s.readToString();
      s.close();
      return [Buffer.from(buf).toString(), mid, rest];
    });
    close();
    expect(out).to.deep.equal(["012", "3456", "789"]);
  });

  it("takes nothing when a readChunk is cancelled", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s));
    const out = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const err = yield* catching(timeout(10, s.readChunk()));
      expect(err).to.be.instanceOf(TimeoutError);
      peer!.end("after");
      const text = yield* s.readToString();
      s.close();
      return text;
    });
    close();
    expect(out).to.equal("after");
  });

  it("writes none of a chunk whose writeChunk is cancelled while the send buffer is full", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s), { pauseOnConnect: true });
    const block = bytes(64 * 1024, 5);
    const marker = Buffer.alloc(64 * 1024, 0xee);
    let accepted = 0;
    const stream = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      // Fill the kernel's and Node's buffers until a writeChunk has to wait.
      for (;;) {
        const w = s.writeChunk(Buffer.from(block));
        if (w.poll(cx) === Pending) {
          w.cancel?.();
          break;
        }
        accepted++;
        yield* hostTurn();
      }
      // A cancelled wait hands over nothing: the marker never reaches the peer.
      const w = s.writeChunk(marker);
      expect(w.poll(cx)).to.equal(Pending);
      w.cancel?.();
      return s;
    });
    const got = collect(peer!);
    peer!.resume();
    stream.close();
    const all = await got;
    close();
    expect(all.length).to.equal(accepted * block.length);
    expect(all.subarray(all.length - block.length).equals(block), "the last bytes are a block, not the marker").to.equal(true);
  });

  it("refuses a max that is not a whole number of bytes", async () => {
    const { port, close } = await nodeServer((s) => s.end());
    await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      expect(() => s.readChunk(0)).to.throw(RangeError, /max must be/);
      expect(() => s.readChunk(2.5)).to.throw(RangeError, /max must be/);
      expect(() => s.readChunk(NaN)).to.throw(RangeError, /max must be/);
      s.close();
    });
    close();
  });
});

function* catching(f: Generator<unknown, unknown, unknown> | import("../../lib").Future<unknown>): Generator<unknown, unknown, unknown> {
  try {
    yield* f as Generator<unknown, unknown, unknown>;
  } catch (e) {
    return e;
  }
  return null;
}
