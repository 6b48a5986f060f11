/**
 * The public barrel: every value name of the public contract is exported,
 * defined, and a plain data property (see the note at the end of lib/index.ts).
 */
import { expect } from "chai";
import * as genfut from "../lib";
import type { Poll, Waker } from "../lib";

const CONTRACT = [
  "Future", "Pending", "Context", "pollFn", "ready", "pending", "lazy", "yieldNow",
  "run", "blockOn", "spawn", "Runtime", "JoinHandle", "JoinError", "DeadlockError",
  "join", "joinAll", "select", "race", "timeout", "TimeoutError",
  "sleep", "sleepUntil", "interval", "now", "advance",
  "oneshot", "mpsc", "broadcast", "watch", "Mutex", "RwLock", "Semaphore", "Notify", "Barrier",
  "RecvError", "SendError", "LaggedError",
  "TcpListener", "TcpStream", "UdpSocket", "copy", "lines",
  "Stream", "JoinSet", "scope", "fromPromise", "toPromise", "main",
];

describe("lib/index.ts", () => {
  it("exports every value name of the public contract", () => {
    const missing = CONTRACT.filter((n) => (genfut as Record<string, unknown>)[n] === undefined);
    expect(missing).to.deep.equal([]);
  });

  it("exports plain data properties, so calls through it cost no getter", () => {
    const accessors = Object.keys(genfut).filter((k) => {
      const d = Object.getOwnPropertyDescriptor(genfut, k);
      return d === undefined || d.get !== undefined;
    });
    expect(accessors).to.deep.equal([]);
  });

  it("exports the contract's types", () => {
    const p: Poll<number> = genfut.Pending;
    const w: Waker = { wake() {} };
    expect([p === genfut.Pending, typeof w.wake]).to.deep.equal([true, "function"]);
  });
});
