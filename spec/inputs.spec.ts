/**
 * Every export of the public barrel, tried with wrong types and ranges: each
 * bad call must throw (or reject with) a typed error whose message names the
 * argument and the value, at the call, never later inside genfut, never a
 * hang and never a silent acceptance.
 *
 * The table has one row per export. A new export without a row fails the
 * first test, by name: add its bad calls, or list it with `none(why)` if it
 * takes no input from users. A row is one line, and may call the export
 * through `G` (the barrel, untyped) so that it needs no import:
 *
 *   shield: [bad(TypeError, "fut", NOT_A_FUTURE, () => G.shield(42))],
 */
import { expect } from "chai";
import * as genfut from "../lib";
import {
  AddrParseError, Barrier, BufReader, Context, FuturesUnordered, JoinSet, Runtime, RwLock, Semaphore, TcpListener, TcpStream, UdpSocket,
  abortable, advance, blockOn, broadcast, copy, copyBidirectional, duplex, empty, fromAsyncIterable, fromEvent, fromIterable, fromPromise, interval,
  iter, join, joinAll, joinBiased, lazy, lines, main, merge, mpsc, once, pollFn, pollNextFn, race, raceBiased, ready, readExact, readToEnd,
  readToString, run, scope, select, selectAll, selectBiased, selectOk, sleep, sleepUntil, spawn, spawnBlocking, timeout, toAsyncIterable, toPromise,
  unfold, watch, writeAll,
} from "../lib";
import { EventEmitter } from "node:events";

type ErrorClass = new (...args: never[]) => Error;
/** One bad call: the error class, the argument's name and the value as the message shows it. */
type Case = { error: ErrorClass; arg: string; shown: string; call: () => unknown };
/** An export that takes no input from users, and why. */
class None {
  constructor(readonly why: string) {}
}
type Row = Case[] | None;

const bad = (error: ErrorClass, arg: string, shown: string, call: () => unknown): Case => ({ error, arg, shown, call });
const none = (why: string): None => new None(why);
/** Calls `f` inside a task of a paused runtime (for what needs a running runtime). */
const inRuntime = (f: () => unknown) => () => new Runtime({ startPaused: true }).blockOn(function* () { f(); });
const any = <T = any>(x: unknown): T => x as T; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The barrel, untyped: for rows that pass what the types forbid, with no import to add. */
const G: any = genfut; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOT_A_FUTURE = "the number 42";
const MADE_BY_GENFUT = "made by genfut, exported for instanceof and types; its constructor is not public";
const ERROR_CLASS = "an error class genfut throws; its constructor only builds a message";
const buf = () => new Uint8Array(4);
const emitter = () => new EventEmitter();
const sink = { write: () => ready(0), flush: () => ready(undefined), shutdown: () => ready(undefined) };
const source = { read: () => ready(0) };

/** Live sockets for the rows that try instance methods; made in a before() hook. */
const live: { tcp?: TcpStream; peer?: TcpStream; udp?: UdpSocket; close(): void } = {
  close() {
    this.tcp?.close();
    this.peer?.close();
    this.udp?.close();
  },
};

const TABLE: Record<string, Row> = {
  // ---- core ----
  Future: none("abstract: user futures subclass it; its constructor takes nothing"),
  Pending: none("a constant"),
  End: none("a constant"),
  noopWaker: none("a constant"),
  Context: [bad(TypeError, "waker", "null", () => new Context(any(null))), bad(TypeError, "waker", "the number 1", () => new Context(any(1)))],
  ready: none("any value is a valid output, and it is on every await's path"),
  pending: none("takes no arguments"),
  yieldNow: none("takes no arguments"),
  random: none("takes no arguments"),
  pollFn: [bad(TypeError, "f", "null", () => pollFn(any(null))), bad(TypeError, "f", "the string \"x\"", () => pollFn(any("x")))],
  lazy: [bad(TypeError, "f", "null", () => lazy(any(null))), bad(TypeError, "f", "the number 42", () => lazy(any(42)))],
  Stream: [
    // Abstract (its constructor takes nothing); these are the methods every stream has.
    bad(TypeError, "f", "null", () => iter([1]).map(any(null))),
    bad(TypeError, "pred", "the number 1", () => iter([1]).filter(any(1))),
    bad(TypeError, "f", "undefined", () => iter([1]).andThen(any(undefined))),
    bad(RangeError, "n", "the number -1", () => iter([1]).take(-1)),
    bad(TypeError, "n", "the string \"2\"", () => iter([1]).skip(any("2"))),
    bad(TypeError, "pred", "null", () => iter([1]).takeWhile(any(null))),
    bad(TypeError, "next", "an instance of Array", () => iter([1]).chain(any([2]))),
    bad(TypeError, "other", "null", () => iter([1]).zip(any(null))),
    bad(TypeError, "argument 0", "the number 3", () => iter([1]).merge(any(3))),
    bad(RangeError, "n", "the number 0", () => iter([1]).chunks(0)),
    bad(RangeError, "n", "the number 0", () => iter([ready(1)]).buffered(0)),
    bad(RangeError, "n", "the number 1.5", () => iter([ready(1)]).bufferUnordered(1.5)),
    bad(RangeError, "ms", "the number -1", () => iter([1]).timeout(-1)),
    bad(TypeError, "ms", "null", () => iter([1]).throttle(any(null))),
    bad(TypeError, "f", "the number 1", () => iter([1]).forEach(any(1))),
    bad(RangeError, "n", "the number 0", () => iter([1]).forEachConcurrent(0, () => undefined)),
    bad(TypeError, "f", "null", () => iter([1]).fold(0, any(null))),
  ],

  // ---- task ----
  Runtime: [
    bad(TypeError, "options", "the number 5", () => new Runtime(any(5))),
    bad(TypeError, "options.onUnhandledError", "the string \"x\"", () => new Runtime({ onUnhandledError: any("x") })),
    bad(TypeError, "options.onLostWaker", "the number 1", () => new Runtime({ onLostWaker: any(1) })),
    bad(TypeError, "options.onTaskSpawn", "the number 1", () => new Runtime({ onTaskSpawn: any(1) })),
    bad(TypeError, "options.startPaused", "the string \"yes\"", () => new Runtime({ startPaused: any("yes") })),
    bad(TypeError, "options.detectDeadlock", "the number 1", () => new Runtime({ detectDeadlock: any(1) })),
    bad(RangeError, "options.dumpOnSignal", "the string \"SIGBOGUS\"", () => new Runtime({ dumpOnSignal: "SIGBOGUS" })),
    bad(TypeError, "options.dumpOnSignal", "the number 12", () => new Runtime({ dumpOnSignal: any(12) })),
    bad(RangeError, "options.dumpOnSignal", "the string \"SIGKILL\"", () => new Runtime({ dumpOnSignal: "SIGKILL" })),
    bad(TypeError, "options.hostSliceMs", "the string \"2\"", () => new Runtime({ hostSliceMs: any("2") })),
    bad(RangeError, "options.hostSliceMs", "the number Infinity", () => new Runtime({ hostSliceMs: Infinity })),
    bad(RangeError, "options.hostSliceMs", "the number -1", () => new Runtime({ hostSliceMs: -1 })),
    bad(RangeError, "options.budget", "the number 0", () => new Runtime({ budget: 0 })),
    bad(RangeError, "options.budget", "the number 1.5", () => new Runtime({ budget: 1.5 })),
    bad(RangeError, "options.stackTraceLimit", "the number -1", () => new Runtime({ stackTraceLimit: -1 })),
    bad(TypeError, "main", "null", () => new Runtime().blockOn(any(null))),
    bad(TypeError, "main", "the string \"x\"", () => new Runtime().run(any("x"))),
    bad(TypeError, "task", NOT_A_FUTURE, () => new Runtime().spawn(any(42))),
    bad(TypeError, "options.name", "the boolean true", () => new Runtime().spawn(ready(1), { name: any(true) })),
  ],
  run: [bad(TypeError, "main", "null", () => run(any(null))), bad(TypeError, "options.budget", "the string \"1\"", () => run(ready(1), { budget: any("1") }))],
  blockOn: [bad(TypeError, "main", NOT_A_FUTURE, () => blockOn(any(42))), bad(RangeError, "options.hostSliceMs", "NaN", () => blockOn(ready(1), { hostSliceMs: NaN }))],
  spawn: [
    bad(TypeError, "task", NOT_A_FUTURE, inRuntime(() => spawn(any(42)))),
    bad(TypeError, "options.name", "the number 5", inRuntime(() => spawn(ready(1), { name: any(5) }))),
    bad(TypeError, "options", "the string \"t\"", inRuntime(() => spawn(ready(1), any("t")))),
  ],
  JoinHandle: none(MADE_BY_GENFUT),
  JoinError: none(ERROR_CLASS),
  DeadlockError: none(ERROR_CLASS),
  RuntimeError: none(ERROR_CLASS),
  RuntimeDump: none(MADE_BY_GENFUT),

  // ---- time ----
  sleep: [bad(TypeError, "ms", "the string \"5\"", () => sleep(any("5"))), bad(RangeError, "ms", "the number -1", () => sleep(-1)), bad(RangeError, "ms", "NaN", () => sleep(NaN))],
  sleepUntil: [bad(TypeError, "t", "null", () => sleepUntil(any(null))), bad(RangeError, "t", "NaN", () => sleepUntil(NaN))],
  now: none("takes no arguments"),
  advance: [bad(TypeError, "ms", "undefined", () => advance(any(undefined))), bad(RangeError, "ms", "-5", () => advance(-5)), bad(RangeError, "ms", "Infinity", () => advance(Infinity))],
  interval: [
    bad(RangeError, "ms", "the number 0", () => interval(0)),
    bad(TypeError, "ms", "the string \"10\"", () => interval(any("10"))),
    bad(RangeError, "ms", "Infinity", () => interval(Infinity)),
    bad(TypeError, "options", "null", () => interval(10, any(null))),
    bad(RangeError, "options.missedTick", "the string \"later\"", () => interval(10, { missedTick: any("later") })),
  ],
  timeout: [bad(RangeError, "ms", "the number -1", () => timeout(-1, ready(1))), bad(TypeError, "fut", NOT_A_FUTURE, () => timeout(5, any(42)))],
  TimeoutError: none(ERROR_CLASS),
  Sleep: none(MADE_BY_GENFUT),
  Interval: none(MADE_BY_GENFUT),
  Timeout: none(MADE_BY_GENFUT),

  // ---- combinators ----
  join: [bad(TypeError, "argument 1", NOT_A_FUTURE, () => join(ready(1), any(42)))],
  joinBiased: [bad(TypeError, "argument 0", "null", () => joinBiased(any(null)))],
  joinAll: [
    bad(TypeError, "iterable", NOT_A_FUTURE, () => joinAll(any(42))),
    bad(TypeError, "argument 0", "the string \"a\"", () => joinAll(any(["a"]))),
    bad(TypeError, "options", "the number 1", () => joinAll([ready(1)], any(1))),
    bad(TypeError, "options.biased", "the string \"yes\"", () => joinAll([ready(1)], { biased: any("yes") })),
  ],
  select: [bad(TypeError, "argument 0", NOT_A_FUTURE, () => select(any(42)))],
  selectBiased: [bad(TypeError, "argument 0", "undefined", () => selectBiased(any(undefined)))],
  race: [bad(TypeError, "argument 0", NOT_A_FUTURE, () => race(any(42)))],
  raceBiased: [bad(TypeError, "argument 0", NOT_A_FUTURE, () => raceBiased(any(42)))],
  selectAll: [bad(TypeError, "iterable", "null", () => selectAll(any(null))), bad(TypeError, "options", "the number 1", () => selectAll([ready(1)], any(1)))],
  selectOk: [bad(TypeError, "argument 0", NOT_A_FUTURE, () => selectOk(any(42)))],
  FuturesUnordered: [bad(TypeError, "future", NOT_A_FUTURE, () => new FuturesUnordered().push(any(42)))],
  JoinSet: [
    bad(TypeError, "task", NOT_A_FUTURE, inRuntime(() => new JoinSet().spawn(any(42)))),
    bad(TypeError, "options.name", "the number 5", inRuntime(() => new JoinSet().spawn(ready(1), { name: any(5) }))),
  ],
  AbortHandle: none(MADE_BY_GENFUT),
  scope: [bad(TypeError, "body", "null", () => scope(any(null))), bad(TypeError, "task", NOT_A_FUTURE, () => blockOn(scope(function* (s) { s.spawn(any(42)); })))],
  Scope: none(MADE_BY_GENFUT),
  CleanupError: none(ERROR_CLASS),

  // ---- sync ----
  oneshot: none("takes no arguments"),
  mpsc: [
    bad(RangeError, "capacity", "the number 0", () => mpsc.channel(0)),
    bad(TypeError, "capacity", "the string \"8\"", () => mpsc.channel(any("8"))),
    bad(RangeError, "limit", "the number 0", () => mpsc.channel(1)[1].recvMany(0)),
  ],
  broadcast: [bad(RangeError, "capacity", "the number 0", () => broadcast(0)), bad(TypeError, "capacity", "null", () => broadcast(any(null)))],
  watch: [
    bad(TypeError, "pred", "null", () => watch(1)[1].waitFor(any(null))),
    bad(TypeError, "f", "the number 3", () => watch(1)[0].sendModify(any(3))),
    bad(TypeError, "f", "the number 3", () => watch(1)[0].sendIfModified(any(3))),
  ],
  Mutex: none("any value can be guarded"),
  RwLock: [bad(RangeError, "maxReaders", "the number 0", () => new RwLock(1, 0)), bad(TypeError, "maxReaders", "the string \"2\"", () => new RwLock(1, any("2")))],
  Semaphore: [
    bad(RangeError, "permits", "the number -1", () => new Semaphore(-1)),
    bad(TypeError, "permits", "the string \"1\"", () => new Semaphore(any("1"))),
    bad(RangeError, "n", "the number 0.5", () => new Semaphore(1).acquire(0.5)),
    bad(RangeError, "n", "the number -1", () => new Semaphore(1).tryAcquire(-1)),
    bad(RangeError, "n", "NaN", () => new Semaphore(1).addPermits(NaN)),
    bad(TypeError, "n", "null", () => new Semaphore(1).forgetPermits(any(null))),
  ],
  Notify: none("its constructor takes nothing"),
  Barrier: [bad(RangeError, "n", "the number 0", () => new Barrier(0)), bad(TypeError, "n", "undefined", () => new Barrier(any(undefined)))],
  BroadcastSender: none(MADE_BY_GENFUT),
  BroadcastReceiver: none(MADE_BY_GENFUT),
  WatchSender: none(MADE_BY_GENFUT),
  WatchReceiver: none(MADE_BY_GENFUT),
  OneshotSender: none(MADE_BY_GENFUT),
  OneshotReceiver: none(MADE_BY_GENFUT),
  MpscSender: none(MADE_BY_GENFUT),
  UnboundedSender: none(MADE_BY_GENFUT),
  MpscReceiver: none(MADE_BY_GENFUT),
  MpscPermit: none(MADE_BY_GENFUT),
  MutexGuard: none(MADE_BY_GENFUT),
  RwLockReadGuard: none(MADE_BY_GENFUT),
  RwLockWriteGuard: none(MADE_BY_GENFUT),
  SemaphorePermit: none(MADE_BY_GENFUT),
  BarrierWaitResult: none(MADE_BY_GENFUT),
  RecvError: none(ERROR_CLASS),
  SendError: none(ERROR_CLASS),
  TrySendError: none(ERROR_CLASS),
  TryRecvError: none(ERROR_CLASS),
  LaggedError: none(ERROR_CLASS),
  AcquireError: none(ERROR_CLASS),
  TryAcquireError: none(ERROR_CLASS),
  TryLockError: none(ERROR_CLASS),

  // ---- net ----
  TcpListener: [
    bad(AddrParseError, "addr", "\"localhost\"", () => TcpListener.bind("localhost")),
    bad(AddrParseError, "addr", "\"256.1.1.1:80\"", () => TcpListener.bind("256.1.1.1:80")),
    bad(TypeError, "options", "the number 3", () => TcpListener.bind("127.0.0.1:0", any(3))),
    bad(RangeError, "options.backlog", "the number 0", () => TcpListener.bind("127.0.0.1:0", { backlog: 0 })),
  ],
  TcpStream: [
    bad(AddrParseError, "addr", "\"256.1.1.1:80\"", () => TcpStream.connect("256.1.1.1:80")),
    bad(AddrParseError, "addr", "\"80\"", () => TcpStream.connect({ address: "127.0.0.1", port: any("80") })),
    bad(AddrParseError, "addr", "null", () => G.TcpStream.connect(null)),
    bad(AddrParseError, "addr", "70000", () => TcpStream.connect("127.0.0.1:70000")),
    bad(TypeError, "buf", "null", () => live.tcp!.read(any(null))),
    bad(TypeError, "buf", "the number 4", () => live.tcp!.readExact(any(4))),
    bad(RangeError, "max", "the number 0", () => live.tcp!.readChunk(0)),
    bad(TypeError, "data", "the string \"str\"", () => live.tcp!.write(any("str"))),
    bad(TypeError, "data", "null", () => live.tcp!.writeAll(any(null))),
    bad(TypeError, "data", "an instance of Array", () => live.tcp!.writeChunk(any([1]))),
    bad(TypeError, "bytes", "undefined", () => live.tcp!.unread(any(undefined))),
    bad(TypeError, "buf", "null", () => live.tcp!.split()[0].read(any(null))),
    bad(TypeError, "data", "null", () => live.tcp!.split()[1].write(any(null))),
  ],
  ReadHalf: none(MADE_BY_GENFUT),
  WriteHalf: none(MADE_BY_GENFUT),
  UdpSocket: [
    bad(AddrParseError, "addr", "\"1.2.3:5\"", () => UdpSocket.bind("1.2.3:5")),
    bad(AddrParseError, "addr", "\"x\"", () => UdpSocket.bind({ address: "0.0.0.0", port: any("x") })),
    bad(AddrParseError, "addr", "\"256.0.0.1:9\"", () => live.udp!.connect("256.0.0.1:9")),
    bad(TypeError, "data", "the string \"hi\"", () => live.udp!.send(any("hi"))),
    bad(TypeError, "data", "null", () => live.udp!.sendTo(any(null), "127.0.0.1:9")),
    bad(AddrParseError, "addr", "\"127.0.0.1\"", () => live.udp!.sendTo(buf(), "127.0.0.1")),
    bad(TypeError, "buf", "the number 9", () => live.udp!.recv(any(9))),
    bad(TypeError, "buf", "null", () => live.udp!.recvFrom(any(null))),
  ],
  AddrParseError: none(ERROR_CLASS),

  // ---- io ----
  copy: [bad(TypeError, "r", "null", () => copy(any(null), any(null))), bad(TypeError, "w", "an instance of Object", () => copy(source, any({ write: () => ready(0) })))],
  copyBidirectional: [bad(TypeError, "a", "null", () => copyBidirectional(any(null), any(sink))), bad(TypeError, "b", "the number 1", () => copyBidirectional(duplex(8)[0], any(1)))],
  readExact: [bad(TypeError, "r", "undefined", () => readExact(any(undefined), buf())), bad(TypeError, "buf", "the number 4", () => readExact(source, any(4)))],
  readToEnd: [bad(TypeError, "r", "the string \"s\"", () => readToEnd(any("s")))],
  readToString: [bad(TypeError, "r", "null", () => readToString(any(null)))],
  writeAll: [bad(TypeError, "data", "the string \"str\"", () => writeAll(duplex(8)[0], any("str"))), bad(TypeError, "w", "null", () => writeAll(any(null), buf()))],
  BufReader: [
    bad(TypeError, "inner", "null", () => new BufReader(any(null))),
    bad(RangeError, "options.capacity", "the number 0", () => new BufReader(source, { capacity: 0 })),
    bad(TypeError, "options.maxLineLength", "the string \"9\"", () => new BufReader(source, { maxLineLength: any("9") })),
    bad(TypeError, "buf", "null", () => new BufReader(source).read(any(null))),
    bad(TypeError, "bytes", "the string \"ab\"", () => new BufReader(source).unread(any("ab"))),
  ],
  lines: [bad(TypeError, "r", "the number 42", () => lines(any(42))), bad(RangeError, "options.capacity", "the number -1", () => lines(source, { capacity: -1 }))],
  duplex: [
    bad(RangeError, "capacity", "the number 0", () => duplex(0)),
    bad(TypeError, "buf", "null", () => duplex(8)[0].read(any(null))),
    bad(TypeError, "data", "null", () => duplex(8)[0].write(any(null))),
  ],
  DuplexStream: none(MADE_BY_GENFUT),
  UnexpectedEofError: none(ERROR_CLASS),
  LineTooLongError: none(ERROR_CLASS),
  ClosedResourceError: none(ERROR_CLASS),
  BrokenPipeError: none(ERROR_CLASS),
  BusyError: none(ERROR_CLASS),

  // ---- stream ----
  iter: [bad(TypeError, "values", "the number 42", () => iter(any(42)))],
  fromIterable: [bad(TypeError, "values", "null", () => fromIterable(any(null)))],
  empty: none("takes no arguments"),
  pollNextFn: [bad(TypeError, "f", "null", () => pollNextFn(any(null)))],
  unfold: [bad(TypeError, "f", "the number 1", () => unfold(0, any(1)))],
  merge: [bad(TypeError, "argument 1", "the number 2", () => merge(empty(), any(2)))],

  // ---- compat ----
  fromPromise: [bad(TypeError, "source", "the number 42", () => fromPromise(any(42)))],
  toPromise: [bad(TypeError, "task", "null", () => toPromise(any(null)))],
  abortable: [bad(TypeError, "signal", "null", () => abortable(ready(1), any(null))), bad(TypeError, "fut", NOT_A_FUTURE, () => abortable(any(42), new AbortController().signal))],
  signalOf: none("takes no arguments"),
  fromAsyncIterable: [bad(TypeError, "source", "the number 42", () => fromAsyncIterable(any(42)))],
  toAsyncIterable: [bad(TypeError, "stream", "an instance of Array", () => toAsyncIterable(any([1])))],
  fromEvent: [
    bad(TypeError, "target", "null", () => fromEvent(any(null), "data")),
    bad(TypeError, "name", "the number 3", () => fromEvent(emitter(), any(3))),
    bad(TypeError, "options", "the string \"x\"", () => fromEvent(emitter(), "data", any("x"))),
    bad(RangeError, "options.capacity", "the number 0", () => fromEvent(emitter(), "data", { capacity: 0 })),
    bad(RangeError, "options.overflow", "the string \"drop\"", () => fromEvent(emitter(), "data", { overflow: any("drop") })),
    bad(TypeError, "options.end", "the number 1", () => fromEvent(emitter(), "data", { end: any(1) })),
    bad(TypeError, "options.multiArgs", "the string \"no\"", () => fromEvent(emitter(), "data", { multiArgs: any("no") })),
  ],
  once: [bad(TypeError, "target", "the number 1", () => once(any(1), "x")), bad(TypeError, "name", "null", () => once(emitter(), any(null)))],
  EventOverflowError: none(ERROR_CLASS),
  spawnBlocking: [bad(TypeError, "fn", "the string \"f\"", () => spawnBlocking(any("f")))],
  shutdownBlockingPool: none("takes no arguments"),
  main: [bad(TypeError, "entry", "null", () => main(any(null))), bad(TypeError, "options.startPaused", "the number 1", () => main(ready(1), { startPaused: any(1) }))],
};

/** Runs `c.call`; resolves with what it threw or rejected with, or fails the test if it accepted the input. */
async function thrownBy(c: Case): Promise<Error> {
  let out: unknown;
  try {
    out = c.call();
  } catch (e) {
    return e as Error;
  }
  if (out instanceof Promise) {
    try {
      await out;
    } catch (e) {
      return e as Error;
    }
  }
  let got: string;
  try {
    got = String(out);
  } catch {
    got = `a value whose String() throws`;
  }
  throw new Error(`accepted ${c.shown} for ${c.arg} silently (returned ${got})`);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("bad input to the public API", () => {
  before(async () => {
    await run(function* () {
      const listener = yield* TcpListener.bind("127.0.0.1:0");
      const [client, [peer]] = yield* join(TcpStream.connect(listener.localAddr()), listener.accept());
      listener.close();
      live.tcp = client;
      live.peer = peer;
      live.udp = yield* UdpSocket.bind("127.0.0.1:0");
    });
  });
  after(() => live.close());

  it("has a row for every export of lib/index.ts", () => {
    const missing = Object.keys(genfut).filter((k) => !(k in TABLE));
    expect(missing, "exports with no row in spec/inputs.spec.ts: add their bad calls, or none(why)").to.deep.equal([]);
    const stale = Object.keys(TABLE).filter((k) => !(k in genfut));
    expect(stale, "rows for names lib/index.ts no longer exports").to.deep.equal([]);
  });

  for (const [name, row] of Object.entries(TABLE)) {
    if (row instanceof None) continue;
    it(`${name}: gives a typed error naming the argument and the value`, async () => {
      expect(row, `${name} has an empty row: give it bad calls, or none(why)`).to.not.be.empty;
      for (const c of row) {
        const e = await thrownBy(c);
        const where = `${name}, ${c.arg} = ${c.shown}: ${String(e?.stack ?? e)}`;
        expect(e, where).to.be.an.instanceOf(c.error);
        // The argument must be named after the call's signature, which names them all.
        const afterCall = e.message.includes("): ") ? e.message.slice(e.message.indexOf("): ") + 3) : e.message;
        expect(afterCall, where).to.match(new RegExp(`(^|[^\\w.])${escape(c.arg)}(?![\\w])`));
        expect(e.message, where).to.include(c.shown);
      }
    });
  }
});
