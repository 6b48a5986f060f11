/**
 * Cancelling socket operations through the real combinators (`select`,
 * `timeout`): the stream stays usable and no byte is lost.
 */
import { expect } from "chai";
import * as net from "node:net";
import { BufReader, ready, run, selectBiased, TcpListener, TcpStream, timeout, TimeoutError } from "../../lib";
import { collect, hostTurn, nodeConnect, nodeServer, until } from "../support/net";

describe("cancelling socket futures", () => {
  it("leaves a stream usable after select() cancels its read, and the bytes arrive in the next read", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s));
    const out = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      const buf = new Uint8Array(16);
      const lost = yield* selectBiased(s.read(buf), ready("other branch")); // the read is polled, pending, then cancelled
      peer!.write("after the select");
      const n = yield* s.read(buf);
      s.close();
      return { lost, text: Buffer.from(buf.subarray(0, n)).toString() };
    });
    close();
    expect(out.lost).to.deep.equal({ index: 1, value: "other branch" });
    expect(out.text).to.equal("after the select");
  });

  it("keeps a half-read line when timeout() cancels readLine, so the next call gets it whole", async () => {
    let peer: net.Socket | null = null;
    const { port, close } = await nodeServer((s) => (peer = s));
    const out = await run(function* () {
      const s = yield* TcpStream.connect(`127.0.0.1:${port}`);
      while (peer === null) yield* hostTurn();
      peer!.write("half a li");
      const lines = new BufReader(s);
      let err: unknown = null;
      try {
        yield* timeout(20, lines.readLine());
      } catch (e) {
        err = e;
      }
      peer!.end("ne\nsecond\n");
      const a = yield* lines.readLine();
      const b = yield* lines.readLine();
      const c = yield* lines.readLine();
      s.close();
      return { err, lines: [a, b, c] };
    });
    close();
    expect(out.err).to.be.instanceOf(TimeoutError);
    expect(out.lines).to.deep.equal(["half a line", "second", undefined]);
  });

  it("leaves a listener usable after timeout() cancels its accept", async () => {
    let port = 0;
    const server = run(function* () {
      const l = yield* TcpListener.bind("127.0.0.1:0");
      port = l.localAddr().port;
      let timedOut = false;
      try {
        yield* timeout(10, l.accept());
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const [s] = yield* l.accept();
      yield* s.writeAll(Buffer.from(`timed out first: ${timedOut}`));
      s.close();
      l.close();
    });
    await until(() => port !== 0, "the listener");
    await new Promise((r) => setTimeout(r, 30)); // connect only after the first accept has timed out
    const text = (await collect(await nodeConnect(port))).toString();
    await server;
    expect(text).to.equal("timed out first: true");
  });
});
