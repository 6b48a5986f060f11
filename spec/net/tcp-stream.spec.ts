import { expect } from "chai";
import * as net from "node:net";
import { AddrParseError, BusyError, ClosedResourceError, Context, Pending, Runtime, spawn, TcpListener, TcpStream, UnexpectedEofError, noopWaker, run } from "../../lib";
import { runTs } from "../support/child";
import { bytes, collect, freePort, hostTurn, nodeConnect, nodeServer, until } from "../support/net";

const cx = new Context(noopWaker);

describe("TcpStream", () => {
  it("echoes to many concurrent Node clients byte for byte", async () => {
    const CLIENTS = 40;
    const SIZE = 100_000;
    const rt = new Runtime();
    let port = 0;
    let listener: TcpListener | null = null;
    const server = rt.run(function* () {
      listener = yield* TcpListener.bind("127.0.0.1:0");
      port = listener.localAddr().port;
      for (let i = 0; i < CLIENTS; i++) {
        const [s] = yield* listener.accept();
        spawn(function* echo() {
          const buf = new Uint8Array(4096);
          for (let n; (n = yield* s.read(buf)) !== 0; ) yield* s.writeAll(buf.subarray(0, n));
          yield* s.shutdown();
          s.close();
        });
      }
      listener.close();
    });
    await until(() => port !== 0, "the listener");
    const replies = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const c = await nodeConnect(port);
        const data = bytes(SIZE, i + 1);
        const got = collect(c);
        // uneven pieces, so reads and writes never line up with messages
        for (let off = 0; off < SIZE; off += 7919) c.write(data.subarray(off, off + 7919));
        c.end();
        return { data, got: await got };
      }),
    );
    await server;
    for (const { data, got } of replies) expect(got.equals(data)).to.equal(true);
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("reads 0 after the peer half-closes, and can still write back (half close)", async () => {
    let received = "";
    const { port, close } = await nodeServer(async (s) => {
      s.end("question");
      received = (await collect(s)).toString();
    });
    const answer = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const q = yield* s.readToString(); // ends when the peer half-closes
      yield* s.writeAll(Buffer.from(`answer to ${q}`));
      yield* s.shutdown();
      const n = yield* s.read(new Uint8Array(8));
      s.close();
      return { q, n };
    });
    close();
    expect(answer).to.deep.equal({ q: "question", n: 0 });
    await until(() => received !== "", "the Node peer to read to its end");
    expect(received).to.equal("answer to question");
  });

  it("holds a writer back while the Node peer does not read, and memory stays bounded", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s), { pauseOnConnect: true });
    const rt = new Runtime();
    const TOTAL = 64 * 1024 * 1024;
    let written = 0;
    let stream: TcpStream | null = null;
    const writer = rt.run(function* () {
      const s = (stream = yield* TcpStream.connect(`127.0.0.1:${port}`));
      const chunk = bytes(64 * 1024, 7);
      while (written < TOTAL) {
        yield* s.writeAll(chunk);
        written += chunk.length;
      }
      yield* s.shutdown();
    });
    // Wait until the writer stops making progress: the kernel buffers are full.
    let last = -1;
    let stable = 0;
    await until(() => {
      stable = written === last ? stable + 1 : 0;
      last = written;
      return stable > 50;
    }, "the writer to be held back");
    expect(written).to.be.below(TOTAL / 4);
    expect(String(rt.dump())).to.contain("TcpStream.writeAll(127.0.0.1:");
    // Now let the peer read: every byte arrives, in order.
    const got = collect(peer!);
    peer!.resume();
    await writer;
    const all = await got;
    expect(all.length).to.equal(TOTAL);
    const chunk = bytes(64 * 1024, 7);
    expect(all.subarray(TOTAL - chunk.length).equals(chunk)).to.equal(true);
    expect(all.subarray(0, chunk.length).equals(chunk)).to.equal(true);
    (stream as TcpStream | null)?.close();
    close();
  });

  it("stops taking bytes from a fast Node writer while nobody reads, then delivers them all", async () => {
    const TOTAL = 48 * 1024 * 1024;
    const chunk = bytes(256 * 1024, 9);
    let sent = 0;
    let writerDone = false;
    const { port, close } = await nodeServer((s) => {
      const pump = (): void => {
        while (sent < TOTAL) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once("drain", pump);
        }
        writerDone = true;
        s.end();
      };
      pump();
    });
    const rt = new Runtime();
    let stream: TcpStream | null = null;
    await rt.run(function* () {
      stream = yield* TcpStream.connect(`127.0.0.1:${port}`);
    });
    // Nobody reads: the Node writer must get stuck once our queue and the kernel buffers are full.
    let last = -1;
    let stable = 0;
    await until(() => {
      stable = sent === last ? stable + 1 : 0;
      last = sent;
      return stable > 50;
    }, "the Node writer to be held back");
    expect(writerDone).to.equal(false);
    expect(sent).to.be.below(TOTAL / 2);
    const all = await rt.run(function* () {
      const s = stream!;
      const got = yield* s.readToEnd();
      s.close();
      return got;
    });
    close();
    expect(all.length).to.equal(TOTAL);
    expect(all.subarray(TOTAL - chunk.length).equals(chunk)).to.equal(true);
  });

  it("still delivers every byte that write accepted when close() comes while Node holds some", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s), { pauseOnConnect: true });
    const data = bytes(64 * 1024 * 1024, 5);
    let accepted = 0;
    let stream: TcpStream | null = null;
    const rt = new Runtime();
    const writer = rt.run(function* () {
      const s = (stream = yield* TcpStream.connect(`127.0.0.1:${port}`));
      try {
        for (;;) accepted += yield* s.write(data.subarray(accepted));
      } catch (e) {
        return e; // ClosedResourceError once close() is called
      }
    });
    let last = -1;
    let stable = 0;
    await until(() => {
      stable = accepted === last ? stable + 1 : 0;
      last = accepted;
      return stable > 30;
    }, "the writer to be held back");
    stream!.close(); // Node still holds accepted bytes the kernel had no room for
    expect(await writer).to.be.instanceOf(ClosedResourceError);
    const got = collect(peer!);
    peer!.resume();
    expect((await got).equals(data.subarray(0, accepted))).to.equal(true);
    close();
  });

  it("throws ECONNRESET when the Node peer resets the connection", async () => {
    const { port, close } = await nodeServer((s) => s.once("data", () => s.resetAndDestroy()));
    const err = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      yield* s.writeAll(Buffer.from("hello"));
      try {
        for (;;) if ((yield* s.read(new Uint8Array(16))) === 0) return "eof";
      } catch (e) {
        return e as NodeJS.ErrnoException;
      } finally {
        s.close();
      }
    });
    close();
    expect(err).to.be.instanceOf(Error);
    expect((err as NodeJS.ErrnoException).code).to.equal("ECONNRESET");
  });

  it("throws ECONNREFUSED from connect when nothing listens", async () => {
    const port = await freePort();
    const rt = new Runtime();
    const err = await rt.run(function* () {
      try {
        yield* TcpStream.connect(`127.0.0.1:${port}`);
        return null;
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    });
    expect(err?.code).to.equal("ECONNREFUSED");
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("rejects a malformed address with AddrParseError before any I/O", () => {
    for (const bad of ["localhost", "127.0.0.1:", "127.0.0.1:99999", "::1:80", "127.0.0.1:0", "", "a b:80"]) {
      expect(() => TcpStream.connect(bad), bad).to.throw(AddrParseError);
    }
    expect(() => TcpStream.connect(42 as unknown as string)).to.throw(AddrParseError, /expected a string/);
    expect(TcpStream.connect("[::1]:80").describe()).to.equal("TcpStream.connect([::1]:80)");
  });

  it("lets two tasks use the halves of a split stream at once", async () => {
    const { port, close } = await nodeServer((s) => s.pipe(s));
    const data = bytes(2 * 1024 * 1024, 3);
    const got = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const [r, w] = s.split();
      const writer = spawn(function* () {
        for (let off = 0; off < data.length; off += 100_000) yield* w.writeAll(data.subarray(off, off + 100_000));
        yield* w.shutdown();
      });
      const reader = spawn(r.readToEnd());
      const all = yield* reader;
      yield* writer;
      s.close();
      return all;
    });
    close();
    expect(got.equals(data)).to.equal(true);
  });

  it("loses no byte when a read or a readExact is cancelled", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s));
    const out = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const buf = new Uint8Array(10);
      const r = s.read(buf);
      expect(r.poll(cx)).to.equal(Pending);
      r.cancel?.();
      const ex = s.readExact(buf);
      expect(ex.poll(cx)).to.equal(Pending);
      peer!.write("abcd"); // part of what readExact wants
      let v: number | typeof Pending = Pending;
      while (v === Pending) {
        yield* hostTurn();
        v = ex.poll(cx);
        if (v === Pending && buf[3] === "d".charCodeAt(0)) break;
      }
      ex.cancel?.(); // gives "abcd" back
      peer!.end("efghij");
      const again = new Uint8Array(10);
      yield* s.readExact(again);
      s.close();
      return Buffer.from(again).toString();
    });
    close();
    expect(out).to.equal("abcdefghij");
  });

  it("throws UnexpectedEofError from readExact when the stream ends short", async () => {
    const { port, close } = await nodeServer((s) => s.end("abc"));
    const err = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      try {
        yield* s.readExact(new Uint8Array(5));
      } catch (e) {
        return e;
      } finally {
        s.close();
      }
    });
    close();
    expect(err).to.be.instanceOf(UnexpectedEofError);
    expect((err as UnexpectedEofError).read).to.equal(3);
  });

  it("refuses a second concurrent reader with BusyError, and fails waiters on close()", async () => {
    const { port, close } = await nodeServer(() => {});
    const res = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const first = spawn(s.read(new Uint8Array(4)));
      yield* hostTurn();
      let busy: unknown = null;
      try {
        yield* s.read(new Uint8Array(4));
      } catch (e) {
        busy = e;
      }
      s.close();
      let closed: unknown = null;
      try {
        yield* first;
      } catch (e) {
        closed = (e as { cause?: unknown }).cause;
      }
      return { busy, closed };
    });
    close();
    expect(res.busy).to.be.instanceOf(BusyError);
    expect(res.closed).to.be.instanceOf(ClosedResourceError);
  });

  it("describes its pending read for task dumps, and counts as an I/O source until closed", async () => {
    const { port, close } = await nodeServer(() => {});
    const rt = new Runtime();
    const res = await rt.run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const sources = rt.driver.ioSources;
      const reader = spawn(s.read(new Uint8Array(4)), { name: "reader" });
      yield* hostTurn();
      const dump = String(rt.dump());
      reader.abort();
      s.close();
      return { sources, dump, peer: s.peerAddr(), local: s.localAddr().address };
    });
    close();
    expect(res.sources).to.equal(1);
    expect(res.dump).to.contain(`TcpStream.read(127.0.0.1:${port})`);
    expect(res.peer).to.include({ address: "127.0.0.1", port });
    expect(res.local).to.equal("127.0.0.1");
    expect(rt.driver.ioSources).to.equal(0);
  });
});

describe("TcpStream: close() with a peer that does not read (linger), and reset()", () => {
  /** Node's TCP socket handles in this process right now. */
  const tcpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;

  /** A connection to a Node peer that never reads, with bytes left in Node's buffer by a writer that is held back. */
  async function stuckWriter(linger?: number): Promise<{ stream: TcpStream; peer: () => net.Socket; close(): void; writer: Promise<unknown> }> {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s), { pauseOnConnect: true });
    const rt = new Runtime();
    let stream: TcpStream | null = null;
    let accepted = 0;
    const data = bytes(64 * 1024, 3);
    const writer = rt.run(function* () {
      const s = (stream = yield* TcpStream.connect(`127.0.0.1:${port}`));
      if (linger !== undefined) s.setLinger(linger);
      try {
        for (;;) accepted += yield* s.write(data);
      } catch (e) {
        return e; // ClosedResourceError once close() is called
      }
    });
    let last = -1;
    let stable = 0;
    await until(() => {
      stable = accepted === last ? stable + 1 : 0;
      last = accepted;
      return stable > 30;
    }, "the writer to be held back");
    return { stream: stream!, peer: () => peer!, close, writer };
  }

  it("destroys the socket once its linger time is up, so it no longer holds a handle", async () => {
    const before = tcpHandles();
    const { stream, peer, close, writer } = await stuckWriter(50);
    expect(tcpHandles()).to.equal(before + 2); // ours and the peer's
    stream.close();
    expect(await writer).to.be.instanceOf(ClosedResourceError);
    expect(tcpHandles()).to.equal(before + 2); // lingering: Node still holds bytes for the peer
    await until(() => tcpHandles() === before + 1, "the lingering socket to be destroyed", 3000);
    peer().destroy();
    close();
  });

  it("gives a reading peer ECONNRESET on reset(), and lets go of the handle at once", async () => {
    let outcome: string | null = null;
    const { port, close } = await nodeServer((s) => {
      s.on("data", () => {});
      s.on("end", () => (outcome = "end"));
      s.on("error", (e: NodeJS.ErrnoException) => (outcome = e.code ?? "error"));
    });
    const before = tcpHandles();
    await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      yield* s.writeAll(Buffer.from("hello"));
      yield* hostTurn();
      s.reset();
      expect(() => s.read(new Uint8Array(1)).poll(cx)).to.throw(ClosedResourceError);
    });
    await until(() => outcome !== null, "the peer to see the reset");
    expect(outcome).to.equal("ECONNRESET");
    await until(() => tcpHandles() === before, "both sockets' handles to go"); // the peer closes on the reset
    close();
  });

  it("closes abortively with setLinger(0) then close(), as tokio's set_linger(Some(0))", async () => {
    let outcome: string | null = null;
    const { port, close } = await nodeServer((s) => {
      s.on("data", () => {});
      s.on("end", () => (outcome = "end"));
      s.on("error", (e: NodeJS.ErrnoException) => (outcome = e.code ?? "error"));
    });
    await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      expect(s.setLinger(0)).to.equal(s);
      expect(s.linger()).to.equal(0);
      yield* s.writeAll(Buffer.from("hello"));
      yield* hostTurn();
      s.close();
    });
    await until(() => outcome !== null, "the peer to see the reset");
    expect(outcome).to.equal("ECONNRESET");
    close();
  });

  it("aborts a lingering close at once when reset() follows it", async () => {
    const before = tcpHandles();
    const { stream, peer, close, writer } = await stuckWriter(); // the default linger: seconds
    stream.close();
    await writer;
    await hostTurnP();
    expect(tcpHandles()).to.equal(before + 2); // still lingering
    stream.reset();
    await until(() => tcpHandles() === before + 1, "the reset socket's handle to go", 1000);
    peer().destroy();
    close();
  });

  it("lingers 5 s by default, and rejects a linger that is not a number of ms >= 0 (Infinity: no bound)", async () => {
    const { port, close } = await nodeServer(() => {});
    await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      expect(s.linger()).to.equal(5000);
      for (const bad of [-1, NaN, "100", null, undefined]) expect(() => s.setLinger(bad as number), String(bad)).to.throw(RangeError, /setLinger\(ms\)/);
      expect(s.setLinger(Infinity).linger()).to.equal(Infinity);
      expect(s.setLinger(12.5).linger()).to.equal(12.5);
      s.close();
    });
    close();
  });

  it("lets a program whose main closed such a stream exit by itself once the linger time is up", async function () {
    this.timeout(30_000);
    const r = await runTs("spec/fixtures/exits-after-close.ts", ["300"], { timeoutMs: 20_000 });
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("main done\n");
    expect(r.code).to.equal(0);
  });
});

/** One real turn of Node's loop, from async code. */
function hostTurnP(): Promise<void> {
  return new Promise((r) => setTimeout(r, 5));
}

