import { expect } from "chai";
import { AddrParseError, BusyError, ClosedResourceError, JoinError, Runtime, run, spawn, TcpListener, yieldNow } from "../../lib";
import { collect, hostTurn, nodeConnect, nodeServer, until } from "../support/net";

describe("TcpListener", () => {
  it("accepts a Node client and gives its address as the peer's", async () => {
    let port = 0;
    const server = run(function* () {
      const l = yield* TcpListener.bind("127.0.0.1:0");
      port = l.localAddr().port;
      const [s, peer] = yield* l.accept();
      yield* s.writeAll(Buffer.from(`hello ${peer.port}`));
      s.close();
      l.close();
      return peer;
    });
    await until(() => port !== 0, "the listener");
    const c = await nodeConnect(port);
    const text = (await collect(c)).toString();
    const peer = await server;
    expect(peer).to.include({ address: "127.0.0.1", port: c.localPort });
    expect(text).to.equal(`hello ${c.localPort}`);
  });

  it("refuses a second concurrent accept with BusyError, and serves the first", async () => {
    let port = 0;
    let busy: unknown = null;
    const result = run(function* () {
      const l = yield* TcpListener.bind("127.0.0.1:0");
      port = l.localAddr().port;
      const first = spawn(function* () {
        const [s] = yield* l.accept();
        s.close();
        return "accepted";
      });
      yield* yieldNow(); // the first accept is now waiting
      const second = spawn(function* () {
        yield* l.accept();
      });
      try {
        yield* second;
      } catch (e) {
        busy = e instanceof JoinError ? e.cause : e;
      }
      const got = yield* first; // still waiting: the refused accept took nothing from it
      l.close();
      return got;
    });
    // Connect only once the second accept has been refused, so the first is still waiting.
    await until(() => busy !== null, "the second accept to be refused");
    const c = await nodeConnect(port);
    const got = await result;
    c.destroy();
    expect(busy).to.be.instanceOf(BusyError);
    expect(got).to.equal("accepted");
  });

  it("throws EADDRINUSE when the port is taken", async () => {
    const { port, close } = await nodeServer(() => {});
    const rt = new Runtime();
    const err = await rt.run(function* () {
      try {
        yield* TcpListener.bind(`127.0.0.1:${port}`);
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    });
    close();
    expect(err?.code).to.equal("EADDRINUSE");
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("rejects a malformed address before any I/O", () => {
    expect(() => TcpListener.bind("127.0.0.1")).to.throw(AddrParseError, /no port/);
    expect(() => TcpListener.bind("127.0.0.1:0", { backlog: 0 })).to.throw(RangeError);
  });

  it("keeps early connections in a bounded backlog and resets the rest", async () => {
    let listener: TcpListener | null = null;
    const rt = new Runtime();
    const bound = rt.run(function* () {
      listener = yield* TcpListener.bind("127.0.0.1:0", { backlog: 2 });
    });
    await bound;
    const l = listener as unknown as TcpListener;
    const port = l.localAddr().port;
    const clients = await Promise.all(Array.from({ length: 5 }, () => nodeConnect(port)));
    // a refused client sees its connection end or reset (maybe already)
    const closed = clients.map((c) => (c.destroyed ? Promise.resolve(true) : new Promise<boolean>((r) => c.on("close", () => r(true)).on("error", () => {}).resume())));
    await until(() => l.refused === 3, "three refusals");
    const accepted = await rt.run(function* () {
      const a = yield* l.accept();
      const b = yield* l.accept();
      return [a[1].port, b[1].port];
    });
    // the two accepted are the first two that Node saw; the others were reset
    const open = clients.filter((c) => accepted.includes(c.localPort!));
    expect(open.length).to.equal(2);
    await Promise.all(closed.filter((_, i) => !accepted.includes(clients[i].localPort!)));
    for (const c of clients) if (!accepted.includes(c.localPort!)) expect(c.destroyed).to.equal(true);
    for (const c of clients) c.destroy();
    l.close();
  });

  it("serves connections through incoming(), a Stream", async () => {
    let port = 0;
    const server = run(function* () {
      const l = yield* TcpListener.bind("127.0.0.1:0");
      port = l.localAddr().port;
      const conns = l.incoming();
      for (let i = 0; i < 3; i++) {
        const s = (yield* conns.next())!;
        spawn(function* () {
          yield* s.writeAll(Buffer.from("hi"));
          s.close();
        });
      }
      conns.close(); // closes the listener
      return yield* conns.next();
    });
    await until(() => port !== 0, "the listener");
    const got = await Promise.all([0, 1, 2].map(async () => (await collect(await nodeConnect(port))).toString()));
    expect(got).to.deep.equal(["hi", "hi", "hi"]);
    expect(await server).to.equal(undefined);
  });

  it("wakes a pending accept with ClosedResourceError on close(), and releases the port", async () => {
    const rt = new Runtime();
    const res = await rt.run(function* () {
      const l = yield* TcpListener.bind("127.0.0.1:0");
      const port = l.localAddr().port;
      const h = spawn(l.accept());
      yield* hostTurn();
      const dump = String(rt.dump());
      l.close();
      let err: unknown = null;
      try {
        yield* h;
      } catch (e) {
        err = (e as { cause?: unknown }).cause;
      }
      const again = yield* TcpListener.bind(`127.0.0.1:${port}`);
      again.close();
      return { err, dump, port };
    });
    expect(res.err).to.be.instanceOf(ClosedResourceError);
    expect(res.dump).to.contain(`TcpListener.accept(127.0.0.1:${res.port}`);
    expect(rt.driver.ioSources).to.equal(0);
  });
});

