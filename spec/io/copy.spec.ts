import { expect } from "chai";
import { copy, copyBidirectional, duplex, readToEnd, spawn, writeAll } from "../../lib";
import { pausedRuntime } from "../support";

describe("copy()", () => {
  it("pumps every byte from a reader to a writer until end of stream", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [src, srcPeer] = duplex(100);
      const [dst, dstPeer] = duplex(100);
      const data = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 251));
      spawn(function* () {
        yield* writeAll(srcPeer, data);
        yield* srcPeer.shutdown();
      });
      const reader = spawn(readToEnd(dstPeer));
      const n = yield* copy(src, dst);
      yield* dst.shutdown();
      return { n, same: (yield* reader).equals(data) };
    });
    expect(out).to.deep.equal({ n: 50_000, same: true });
  });
});

describe("copyBidirectional()", () => {
  it("copies both ways and passes each end of stream through", () => {
    const rt = pausedRuntime();
    const out = rt.blockOn(function* () {
      const [client, proxyA] = duplex(64);
      const [proxyB, upstream] = duplex(64);
      const pump = spawn(copyBidirectional(proxyA, proxyB));
      const up = spawn(function* () {
        const req = yield* readToEnd(upstream); // ends when the client shuts down
        yield* writeAll(upstream, Buffer.from(`reply to ${req}`));
        yield* upstream.shutdown();
      });
      yield* writeAll(client, Buffer.from("request"));
      yield* client.shutdown();
      const reply = (yield* readToEnd(client)).toString();
      yield* up;
      return { reply, counts: yield* pump };
    });
    expect(out.reply).to.equal("reply to request");
    expect(out.counts).to.deep.equal([7, 16]);
  });
});
