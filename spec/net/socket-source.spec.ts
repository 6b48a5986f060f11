/**
 * The read queue of the socket reactor, driven by a fake socket so that the
 * chunk boundaries, the pause threshold and the wakes are exactly known.
 */
import { expect } from "chai";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { Context, Pending } from "../../lib";
import { Driver } from "../../lib/reactor/driver";
import { READ_AHEAD, SocketSource } from "../../lib/reactor/io/socket-source";
import { CountingWaker } from "../support";

class FakeSocket extends EventEmitter {
  paused = false;
  pauses = 0;
  destroyed = false;
  writableLength = 0;
  writableHighWaterMark = 16384;
  pause(): this {
    this.paused = true;
    this.pauses++;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
}

/** Resolves after the current turn's check phase, where batched read wakes run. */
function nextLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The driver of the sources below: their read wakes are batched in its queue. */
const driver = new Driver(true);

function source() {
  const sock = new FakeSocket();
  const src = new SocketSource(sock as unknown as Socket, driver, "fake:1", true);
  return { sock, src };
}

describe("SocketSource (read queue)", () => {
  it("reads across many small chunks in small pieces, in order, and wakes the waiting reader once", async () => {
    const { sock, src } = source();
    const waker = new CountingWaker();
    const cx = new Context(waker);
    const owner = {};
    expect(src.pollRead(cx, owner, new Uint8Array(4))).to.equal(Pending);
    const sent = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    for (let i = 0; i < 100; i++) sock.emit("data", sent.subarray(i * 10, i * 10 + 10));
    await nextLoopTurn();
    expect(waker.count).to.equal(1); // only the first chunk found a registered waker
    const got: number[] = [];
    const buf = new Uint8Array(7);
    for (let n; (n = src.pollRead(cx, owner, buf)) !== Pending && n !== 0; ) got.push(...buf.subarray(0, n as number));
    expect(Buffer.from(got).equals(sent)).to.equal(true);
  });

  it("wakes the readers of every socket with bytes in this loop turn at once, after the poll phase", async () => {
    const socks = [source(), source(), source()];
    const wakers = socks.map(() => new CountingWaker());
    const owner = {};
    socks.forEach(({ src }, i) => expect(src.pollRead(new Context(wakers[i]), owner, new Uint8Array(4))).to.equal(Pending));
    for (const { sock } of socks) sock.emit("data", Buffer.from("hi"));
    // Not from inside each socket's callback (an executor drain per socket) ...
    expect(wakers.map((w) => w.count)).to.deep.equal([0, 0, 0]);
    // ... but together, in the check phase, so the executor drains once for all.
    await nextLoopTurn();
    expect(wakers.map((w) => w.count)).to.deep.equal([1, 1, 1]);
    // The bytes were readable all along: a poll before the wake takes them.
    expect(socks[0].src.pollRead(new Context(wakers[0]), owner, new Uint8Array(4))).to.equal(2);
  });

  it("queues each runtime's read wakes in that runtime's driver, not in one queue for all", async () => {
    const other = new Driver(true);
    const mine = source();
    const theirs = new SocketSource(new FakeSocket() as unknown as Socket, other, "fake:2", true);
    const [a, b] = [new CountingWaker(), new CountingWaker()];
    const owner = {};
    expect(mine.src.pollRead(new Context(a), owner, new Uint8Array(4))).to.equal(Pending);
    expect(theirs.pollRead(new Context(b), owner, new Uint8Array(4))).to.equal(Pending);
    mine.sock.emit("data", Buffer.from("hi"));
    (theirs.socket as unknown as FakeSocket).emit("data", Buffer.from("yo"));
    other.socketWakes.flush(); // the other runtime's batch: its reader only
    expect([a.count, b.count]).to.deep.equal([0, 1]);
    await nextLoopTurn();
    expect([a.count, b.count]).to.deep.equal([1, 1]);
  });

  it("reads bytes that arrived before the batched wake, and the late wake does no harm", async () => {
    const { sock, src } = source();
    const waker = new CountingWaker();
    const owner = {};
    expect(src.pollRead(new Context(waker), owner, new Uint8Array(4))).to.equal(Pending);
    sock.emit("data", Buffer.from("abc"));
    expect(src.pollRead(new Context(waker), owner, new Uint8Array(4))).to.equal(3); // polled early (another wake)
    await nextLoopTurn();
    expect(waker.count).to.equal(1); // a spurious wake: the next poll is merely Pending
    expect(src.pollRead(new Context(waker), owner, new Uint8Array(4))).to.equal(Pending);
  });

  it("pauses the socket at READ_AHEAD unread bytes and resumes it once a read goes below", () => {
    const { sock, src } = source();
    const cx = new Context(new CountingWaker());
    const chunk = Buffer.alloc(READ_AHEAD / 4, 1);
    for (let i = 0; i < 3; i++) sock.emit("data", chunk);
    expect(sock.paused).to.equal(false);
    sock.emit("data", chunk);
    expect(sock.paused).to.equal(true);
    sock.emit("data", chunk); // Node may still deliver what it had: kept, not lost
    expect(src.pollRead(cx, {}, new Uint8Array(READ_AHEAD / 4))).to.equal(READ_AHEAD / 4);
    expect(sock.paused).to.equal(true); // still READ_AHEAD unread
    expect(src.pollRead(cx, {}, new Uint8Array(10))).to.equal(10);
    expect(sock.paused).to.equal(false);
    expect(sock.pauses).to.equal(1);
  });

  it("puts unread bytes back in front, even in the middle of a chunk", () => {
    const { sock, src } = source();
    const cx = new Context(new CountingWaker());
    sock.emit("data", Buffer.from("abcdef"));
    const two = new Uint8Array(2);
    src.pollRead(cx, {}, two); // "ab"
    src.unread(two);
    src.pollRead(cx, {}, new Uint8Array(3)); // "abc"
    src.unread(Buffer.from("XY"));
    const rest = new Uint8Array(10);
    const n = src.pollRead(cx, {}, rest) as number;
    expect(Buffer.from(rest.subarray(0, n)).toString()).to.equal("XYdef");
  });

  it("reads 0 at end of stream only after the queue is drained", () => {
    const { sock, src } = source();
    const cx = new Context(new CountingWaker());
    sock.emit("data", Buffer.from("last"));
    sock.emit("end");
    const buf = new Uint8Array(10);
    expect(src.pollRead(cx, {}, buf)).to.equal(4);
    expect(src.pollRead(cx, {}, buf)).to.equal(0);
  });

  it("forgets a cancelled reader's waker", () => {
    const { sock, src } = source();
    const waker = new CountingWaker();
    const owner = {};
    expect(src.pollRead(new Context(waker), owner, new Uint8Array(1))).to.equal(Pending);
    src.cancelRead(owner);
    sock.emit("data", Buffer.from("x"));
    expect(waker.count).to.equal(0);
    expect(src.pollRead(new Context(waker), {}, new Uint8Array(1))).to.equal(1); // another reader may now read
  });
});
