/**
 * genfut: Rust's async model for TypeScript on Node.js.
 *
 * The one public barrel: named exports only, never `export *`, so nothing
 * internal leaks. Layers (each imports only those below it):
 * combinators/ stream/ compat/ → time/ net/ io/ → sync/ → task/ → reactor/ → core/.
 * No module under lib/ imports this file.
 */

// ---- core: futures, polling, wakers, the trampoline ----
export { Future, Pending, Context, noopWaker, ready, pending, pollFn, lazy, yieldNow, Stream, End, random } from "./core";
export type { Poll, Waker, IntoFuture, Task, Output } from "./core";

// ---- task: the executor and the runtime ----
export { Runtime, run, blockOn, spawn, JoinHandle, JoinError, DeadlockError, RuntimeError, RuntimeDump } from "./task";
export type { RuntimeOptions, SpawnOptions, RuntimeMetrics, TaskSnapshot, TaskInfo, TaskHooks, TaskOutcome, LostWakerReport } from "./task";

// ---- time ----
export { sleep, sleepUntil, now, advance, interval, timeout, TimeoutError, Sleep, Interval, Timeout } from "./time";
export type { IntervalOptions, MissedTickBehavior } from "./time";

// ---- combinators ----
export { join, joinBiased, joinAll, select, selectBiased, race, raceBiased, selectAll, selectOk, FuturesUnordered, JoinSet, AbortHandle, scope, Scope, CleanupError } from "./combinators";
export type { JoinOutputs, Selected, Raced, SelectAllResult, CombinatorOptions } from "./combinators";

// ---- sync ----
export { oneshot, mpsc, broadcast, watch, Mutex, RwLock, Semaphore, Notify, Barrier } from "./sync";
export { BroadcastSender, BroadcastReceiver, WatchSender, WatchReceiver } from "./sync";
export { OneshotSender, OneshotReceiver, MpscSender, UnboundedSender, MpscReceiver, MpscPermit } from "./sync";
export { MutexGuard, RwLockReadGuard, RwLockWriteGuard, SemaphorePermit, BarrierWaitResult } from "./sync";
export { RecvError, SendError, TrySendError, TryRecvError, LaggedError, AcquireError, TryAcquireError, TryLockError } from "./sync";
export type { TrySendErrorKind, TryRecvErrorKind, TryAcquireErrorKind } from "./sync";

// ---- net and io ----
export { TcpListener, TcpStream, ReadHalf, WriteHalf, UdpSocket, AddrParseError } from "./net";
export type { SocketAddr, ToSocketAddr, BindOptions } from "./net";
export { copy, copyBidirectional, readExact, readToEnd, readToString, writeAll, BufReader, lines, duplex, DuplexStream } from "./io";
export { UnexpectedEofError, LineTooLongError, ClosedResourceError, BrokenPipeError, BusyError } from "./io";
export type { AsyncRead, AsyncWrite, BufReaderOptions } from "./io";

// ---- streams and compat ----
export { iter, fromIterable, empty, pollNextFn, unfold, merge } from "./stream";
export type { StepResult } from "./stream";
export { fromPromise, toPromise, abortable, signalOf, fromAsyncIterable, toAsyncIterable, fromEvent, once, EventOverflowError, spawnBlocking, shutdownBlockingPool, main } from "./compat";
export type { FromEventOptions, OverflowPolicy, EmitterLike } from "./compat";

// TypeScript compiles each re-export above into a getter on this module's
// exports object, and with this many V8 keeps that object in dictionary mode,
// where it cannot inline them: every `ready(x)` or `sleep(ms)` called through
// this barrel paid a getter call (measured: 20% of a ready await). Nothing
// here is reassigned, so plain values are equivalent; turn them into data
// properties once, at load.
for (const name of Object.keys(exports)) {
  const value: unknown = (exports as Record<string, unknown>)[name];
  Object.defineProperty(exports, name, { value, enumerable: true, writable: false, configurable: false });
}
