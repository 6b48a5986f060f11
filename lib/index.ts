/**
 * genfut: Rust's async model for TypeScript on Node.js.
 *
 * The one public barrel: named exports only, never `export *`, so nothing
 * internal leaks. Layers, as spec/architecture.spec.ts checks them: core/
 * imports nothing of ours; reactor/ (its timer engine in reactor/time/, its
 * socket engine in reactor/io/, kept apart) and sync/ build on core/; task/
 * (the executor) on reactor/; the leaf futures of time/, io/ and net/ on
 * reactor/, never on task/; combinators/ on core/ (and task/, to spawn);
 * stream/ and compat/ on those. sim/ builds on everything and is its own
 * entry, "genfut/sim". No module under lib/ imports this file.
 *
 * @module genfut
 */

// ---- core: futures, polling, wakers, the trampoline ----
export { Future, Pending, Context, noopWaker, ready, pending, pollFn, lazy, yieldNow, Stream, End, random, shield, Shield } from "./core";
export type { Poll, Waker, IntoFuture, Spawnable, Task, Output } from "./core";
export { consumeBudget } from "./core";

// ---- task: the executor and the runtime ----
export { Runtime, run, blockOn, spawn, JoinHandle, JoinError, DeadlockError, RuntimeError, RuntimeDump } from "./task";
export type { RuntimeOptions, SpawnOptions, RuntimeMetrics, TaskSnapshot, TaskInfo, TaskHooks, TaskOutcome, LostWakerReport } from "./task";
export { TaskLocal, TaskLocalAccessError } from "./task";

// ---- time ----
export { sleep, sleepUntil, now, advance, interval, timeout, TimeoutError, Sleep, Interval, Timeout } from "./time";
export type { IntervalOptions, MissedTickBehavior } from "./time";
export { intervalAt, timeoutAt, pause, resume } from "./time";

// ---- combinators ----
export { join, joinBiased, joinAll, select, selectBiased, race, raceBiased, selectAll, selectOk, FuturesUnordered, JoinSet, AbortHandle, scope, Scope, CleanupError } from "./combinators";
export type { JoinOutputs, Selected, Raced, SelectAllResult, CombinatorOptions } from "./combinators";

// ---- sync ----
export { oneshot, mpsc, broadcast, watch, Mutex, RwLock, Semaphore, Notify, Barrier } from "./sync";
export { BroadcastSender, BroadcastReceiver, WatchSender, WatchReceiver } from "./sync";
export { OneshotSender, OneshotReceiver, MpscSender, UnboundedSender, MpscReceiver, MpscPermit } from "./sync";
export { MpscPermits, OwnedMpscPermit, WeakSender, OwnedSemaphorePermit } from "./sync";
export { MutexGuard, RwLockReadGuard, RwLockWriteGuard, SemaphorePermit, BarrierWaitResult } from "./sync";
export { RecvError, SendError, TrySendError, TryRecvError, LaggedError, AcquireError, TryAcquireError, TryLockError } from "./sync";
export type { TrySendErrorKind, TryRecvErrorKind, TryAcquireErrorKind } from "./sync";
export { OnceCell, SetOnce, SetError } from "./sync";
export type { SetErrorKind } from "./sync";

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
// this barrel paid a getter call (measured: 20% of a ready await; left as
// getters, W1 took 35% more CPU time and W7 10-15% more). Nothing here is
// reassigned, so plain values are equivalent: export a copy made of data
// properties. Spread, which V8 builds as a fast-mode object whose values
// it can treat as constants; filling `{}` key by key gave a dictionary again.
// A copy, not the getters redefined in place, as this first did: tsc makes a
// getter non-configurable when it leaves out its `exports.x = void 0` line (it
// does for `run` whenever a global `run`, such as @types/mocha's, is in scope),
// and redefining it threw "Cannot redefine property: run". Read from
// `module.exports`, not `exports`: esbuild (tsx) puts the exports there.
const values = { ...(module.exports as Record<string, unknown>) };
Object.defineProperty(values, "__esModule", { value: true });
module.exports = Object.freeze(values);
