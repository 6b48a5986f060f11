/**
 * The sync layer's errors. Each subclasses `Error` and sets `name`, so
 * `instanceof` and logs can tell them apart; errors about a message carry the
 * message back (`.value`), so a failed send never loses it.
 */

/**
 * A receive found the channel closed: the oneshot sender closed without
 * sending, or the watch sender is gone and nothing unseen remains.
 *
 * @example
 * const [tx, rx] = oneshot<number>();
 * tx.close();
 * try { yield* rx; } catch (e) { if (e instanceof RecvError) console.log("no value"); }
 */
export class RecvError extends Error {
  override name = "RecvError";
  constructor(message = "the channel is closed: the sender is gone and nothing is left to receive") {
    super(message);
  }
}

/**
 * A send found the receiving side closed. `.value` is the message, handed back.
 *
 * @example
 * rx.close();
 * try { yield* tx.send(msg); } catch (e) { if (e instanceof SendError) retry(e.value); }
 */
export class SendError<T> extends Error {
  override name = "SendError";
  constructor(
    /** The message that was not sent. */
    readonly value: T,
    message = "the channel is closed: the receiver is gone",
  ) {
    super(message);
  }
}

/** Why a `trySend` failed: the buffer is `"full"`, or the channel is `"closed"`. */
export type TrySendErrorKind = "full" | "closed";

/**
 * A `trySend` could not send at once. `.kind` says why; `.value` is the
 * message, handed back.
 *
 * @example
 * try { tx.trySend(job); }
 * catch (e) { if (e instanceof TrySendError && e.kind === "full") dropped.push(e.value); }
 */
export class TrySendError<T> extends Error {
  override name = "TrySendError";
  constructor(
    readonly kind: TrySendErrorKind,
    /** The message that was not sent. */
    readonly value: T,
  ) {
    super(kind === "full" ? "the channel is full" : "the channel is closed: the receiver is gone");
  }
}

/** Why a `tryRecv` failed: nothing is there `"empty"`, or nothing ever will be `"closed"`. */
export type TryRecvErrorKind = "empty" | "closed";

/**
 * A `tryRecv` found nothing to take. `.kind` is `"empty"` (try later) or
 * `"closed"` (every sender is gone and the buffer is drained).
 *
 * @example
 * try { handle(rx.tryRecv()); }
 * catch (e) { if (e instanceof TryRecvError && e.kind === "closed") return; }
 */
export class TryRecvError extends Error {
  override name = "TryRecvError";
  constructor(readonly kind: TryRecvErrorKind) {
    super(kind === "empty" ? "the channel is empty" : "the channel is closed and drained");
  }
}

/**
 * A broadcast receiver fell more than the channel's capacity behind: the
 * `.skipped` oldest messages it had not seen were overwritten. The next
 * receive resumes at the oldest message still kept.
 *
 * @example
 * try { v = yield* rx.recv(); }
 * catch (e) { if (e instanceof LaggedError) console.log(`missed ${e.skipped}`); }
 */
export class LaggedError extends Error {
  override name = "LaggedError";
  constructor(
    /** How many messages this receiver missed. */
    readonly skipped: number,
  ) {
    super(`the receiver lagged behind and missed ${skipped} message${skipped === 1 ? "" : "s"}`);
  }
}

/**
 * An `acquire` on a closed `Semaphore`.
 *
 * @example
 * sem.close();
 * try { yield* sem.acquire(); } catch (e) { if (e instanceof AcquireError) return; }
 */
export class AcquireError extends Error {
  override name = "AcquireError";
  constructor(message = "the semaphore is closed") {
    super(message);
  }
}

/** Why a `tryAcquire` failed. */
export type TryAcquireErrorKind = "noPermits" | "closed";

/**
 * A `tryAcquire` could not take the permits at once: too few are free (or
 * earlier waiters come first), or the semaphore is closed.
 *
 * @example
 * try { using p = sem.tryAcquire(); work(); }
 * catch (e) { if (e instanceof TryAcquireError && e.kind === "noPermits") busy(); }
 */
export class TryAcquireError extends Error {
  override name = "TryAcquireError";
  constructor(readonly kind: TryAcquireErrorKind) {
    super(kind === "closed" ? "the semaphore is closed" : "no permits available");
  }
}

/**
 * A `tryLock`, `tryRead` or `tryWrite` found the lock held (or waited for).
 *
 * @example
 * try { using g = m.tryLock(); g.value++; } catch (e) { if (e instanceof TryLockError) later(); }
 */
export class TryLockError extends Error {
  override name = "TryLockError";
  constructor(message = "the lock is held") {
    super(message);
  }
}

/** Why a `set` on a {@link OnceCell} or {@link SetOnce} failed. */
export type SetErrorKind = "alreadyInitialized" | "initializing";

/**
 * A `set` on a `OnceCell` or `SetOnce` that already holds a value
 * (`"alreadyInitialized"`) or whose `getOrInit` initializer is running
 * (`"initializing"`). `.value` gives the value back.
 *
 * @example
 * try { cell.set(cfg); } catch (e) { if (e instanceof SetError) use(cell.get()); }
 */
export class SetError<T = unknown> extends Error {
  override name = "SetError";
  constructor(
    readonly kind: SetErrorKind,
    /** The value that was not stored. */
    readonly value: T,
  ) {
    super(kind === "initializing" ? "the cell is being initialized" : "the cell already holds a value");
  }
}
