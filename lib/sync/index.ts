/**
 * # sync: channels and locks for tasks
 *
 * How tasks talk to each other and share things. Everything here needs only
 * wakers, so this folder imports nothing but `core/`.
 *
 * - {@link oneshot}: one value, once. `tx.send(v)` is synchronous; `yield* rx`.
 * - {@link mpsc}: many senders, one receiver; `mpsc.channel(cap)` is bounded
 *   (backpressure: `send` waits while full), `mpsc.unbounded()` is not.
 * - {@link broadcast}: every receiver sees every message; a receiver that
 *   falls `cap` behind gets a {@link LaggedError} saying how many it missed.
 * - {@link watch}: one latest value; receivers wait for changes.
 * - {@link Mutex}, {@link RwLock}, {@link Semaphore}: fair (FIFO) locks and
 *   permits whose guards are `Disposable` (`using g = yield* m.lock()`).
 * - {@link Notify}: wake one waiter (or store one permit), or all of them.
 * - {@link Barrier}: `n` tasks meet; one of them is the leader.
 * - {@link OnceCell}: a value made once by an async initializer, whoever asks
 *   first; {@link SetOnce}: a value set once that tasks wait for.
 * - Errors: {@link RecvError}, {@link SendError} (`.value`),
 *   {@link TrySendError} / {@link TryRecvError} (`.kind`), {@link LaggedError}
 *   (`.skipped`), {@link AcquireError}, {@link TryAcquireError}, {@link TryLockError}.
 *
 * ## Invariants
 *
 * - Waiters are served in the order they first waited (their first pending
 *   poll), and a waiter at the head is never overtaken: a waiting
 *   `acquire(5)` holds back a later `acquire(1)`, a waiting writer holds
 *   back later readers.
 * - Cancellation is safe. A cancelled `recv`, `send`, `lock`, `acquire`,
 *   `notified` or `wait` leaves its queue at once (every waiter is a node of
 *   an intrusive list, so removal is O(1)); a receive that is cancelled had
 *   taken nothing; a send that is cancelled sent nothing; a permit, slot,
 *   lock or notification granted to a future cancelled before it could take
 *   it passes to the next waiter.
 * - Nothing vanishes: a failed send hands its message back in the error.
 * - Every waiting future describes itself for task dumps
 *   (`mpsc.recv(capacity 8, 0 queued)`, `Mutex.lock(2 waiting)`).
 *
 * ## Non-guarantees
 *
 * - JavaScript has no destructors: a sender or guard that is dropped without
 *   `close()`/`release()` holds the channel open or the lock held. Use
 *   `using`, or `finally`.
 * - An mpsc or broadcast receiver serves one receiving task at a time.
 * - Fairness is among waiters: `tryLock`, `tryAcquire` and a first poll take
 *   a free permit only when nobody is queued, but a task woken with a grant
 *   runs when the executor gets to it, not at once.
 */
export { RecvError, SendError, TrySendError, TryRecvError, LaggedError, AcquireError, TryAcquireError, TryLockError } from "./errors";
export type { TrySendErrorKind, TryRecvErrorKind, TryAcquireErrorKind } from "./errors";
export { SetError, type SetErrorKind } from "./errors";
export { OnceCell } from "./once-cell";
export { SetOnce } from "./set-once";
export { oneshot, OneshotSender, OneshotReceiver } from "./oneshot";
export { mpsc, MpscSender, UnboundedSender, MpscReceiver, MpscPermit } from "./mpsc";
export { MpscPermits, OwnedMpscPermit, WeakSender } from "./mpsc";
export { Semaphore } from "./semaphore";
export { SemaphorePermit, OwnedSemaphorePermit } from "./semaphore-permit";
export { Mutex, MutexGuard } from "./mutex";
export { RwLock, RwLockReadGuard, RwLockWriteGuard } from "./rwlock";
export { Notify } from "./notify";
export { Barrier, BarrierWaitResult } from "./barrier";
export { broadcast, BroadcastSender, BroadcastReceiver } from "./broadcast";
export { watch, WatchSender, WatchReceiver } from "./watch";
