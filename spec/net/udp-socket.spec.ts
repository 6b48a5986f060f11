import { expect } from "chai";
import * as dgram from "node:dgram";
import { AddrParseError, ClosedResourceError, Runtime, run, spawn, UdpSocket } from "../../lib";
import { hostTurn, until } from "../support/net";

function nodeUdp(): Promise<dgram.Socket> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.bind(0, "127.0.0.1", () => resolve(s));
  });
}

describe("UdpSocket", () => {
  it("round-trips datagrams with a Node dgram peer (sendTo / recvFrom)", async () => {
    const peer = await nodeUdp();
    const peerPort = peer.address().port;
    peer.on("message", (msg, rinfo) => peer.send(Buffer.from(`pong:${msg}`), rinfo.port, rinfo.address));
    const got = await run(function* () {
      const sock = yield* UdpSocket.bind("127.0.0.1:0");
      const sent = yield* sock.sendTo(Buffer.from("ping"), `127.0.0.1:${peerPort}`);
      const buf = new Uint8Array(64);
      const [n, from] = yield* sock.recvFrom(buf);
      sock.close();
      return { sent, text: Buffer.from(buf.subarray(0, n)).toString(), from };
    });
    peer.close();
    expect(got.sent).to.equal(4);
    expect(got.text).to.equal("pong:ping");
    expect(got.from).to.include({ address: "127.0.0.1", port: peerPort });
  });

  it("sends and receives on a connected socket (connect / send / recv), truncating to the buffer", async () => {
    const peer = await nodeUdp();
    const peerPort = peer.address().port;
    let ourPort = 0;
    const res = run(function* () {
      const sock = yield* UdpSocket.bind("127.0.0.1:0");
      ourPort = sock.localAddr().port;
      yield* sock.connect(`127.0.0.1:${peerPort}`);
      yield* sock.send(Buffer.from("hello"));
      const small = new Uint8Array(3);
      const n = yield* sock.recv(small);
      sock.close();
      return Buffer.from(small.subarray(0, n)).toString();
    });
    const msg = await new Promise<Buffer>((r) => peer.once("message", (m) => r(m)));
    await until(() => ourPort !== 0, "our port");
    peer.send("abcdef", ourPort, "127.0.0.1");
    expect(msg.toString()).to.equal("hello");
    expect(await res).to.equal("abc");
    peer.close();
  });

  it("delivers queued datagrams in order, and describes a pending recv", async () => {
    const peer = await nodeUdp();
    const rt = new Runtime();
    const out = await rt.run(function* () {
      const sock = yield* UdpSocket.bind("127.0.0.1:0");
      const port = sock.localAddr().port;
      for (const m of ["a", "b", "c"]) peer.send(m, port, "127.0.0.1");
      const got: string[] = [];
      const buf = new Uint8Array(8);
      while (got.length < 3) got.push(Buffer.from(buf.subarray(0, yield* sock.recv(buf))).toString());
      const waiter = spawn(sock.recv(buf), { name: "recv" });
      yield* hostTurn();
      const dump = String(rt.dump());
      sock.close();
      let err: unknown = null;
      try {
        yield* waiter;
      } catch (e) {
        err = (e as { cause?: unknown }).cause;
      }
      return { got, dump, err };
    });
    peer.close();
    expect(out.got).to.deep.equal(["a", "b", "c"]);
    expect(out.dump).to.contain("UdpSocket.recv(8 bytes)");
    expect(out.err).to.be.instanceOf(ClosedResourceError);
    expect(rt.driver.ioSources).to.equal(0);
  });

  it("throws EADDRINUSE on a taken port and AddrParseError on a bad address", async () => {
    const peer = await nodeUdp();
    const err = await run(function* () {
      try {
        yield* UdpSocket.bind(`127.0.0.1:${peer.address().port}`);
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    });
    peer.close();
    expect(err?.code).to.equal("EADDRINUSE");
    expect(() => UdpSocket.bind("nowhere")).to.throw(AddrParseError);
  });
});
