/**
 * Read wakes, batched per turn of Node's event loop.
 *
 * Node delivers each socket's received bytes in its own callback, and after
 * every callback it runs the microtask queue. Waking a task straight from
 * that callback therefore costs one executor drain per socket per turn: with
 * many busy connections, the drain's fixed cost is paid once per message.
 * tokio's I/O driver instead collects all the readiness of one `epoll` turn
 * and then runs the tasks it woke.
 *
 * This does the same over Node: a socket's read wake is queued here, and
 * one `setImmediate` (the loop's check phase, right after the poll phase that
 * delivered the bytes) wakes every queued waker at once, so the executor
 * drains once for all of them. Bytes are never held back: they are already
 * in the socket's queue, and a read poll takes them whether or not its wake
 * came yet.
 *
 * Rejected: waking from `process.nextTick` (it runs right after the same
 * callback, so it batches nothing).
 */
import type { Waker } from "../../core/waker";

/**
 * The read wakes of one runtime's sockets (its driver's `socketWakes`), so
 * that a flush wakes only that runtime's tasks and a runtime that is gone
 * leaves nothing queued for the others.
 *
 * @example
 * socket.on("data", (chunk) => { queue.push(chunk); if (reader) driver.socketWakes.wakeLater(reader); });
 */
export class SocketWakes {
  /** Wakers queued in this turn: `queue[0..length)`, reused (no allocation per wake). */
  readonly #queue: (Waker | null)[] = [];
  #length = 0;
  #flushScheduled = false;

  /**
   * Wakes `w` in the check phase of this turn of Node's loop, with every
   * other waker queued in the same turn.
   */
  wakeLater(w: Waker): void {
    this.#queue[this.#length++] = w;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(flush, this);
    }
  }

  /** Wakes every queued waker, in the order they were queued. */
  flush(): void {
    this.#flushScheduled = false;
    const queue = this.#queue;
    // A wake may queue more (it runs no task here, but be safe): take the batch first.
    const n = this.#length;
    for (let i = 0; i < n; i++) {
      const w = queue[i]!;
      queue[i] = null;
      w.wake();
    }
    const length = this.#length;
    if (length === n) {
      this.#length = 0;
    } else {
      // Wakers queued during the loop above: move them to the front for a next flush.
      queue.copyWithin(0, n, length);
      queue.fill(null, length - n, length);
      this.#length = length - n;
      this.#flushScheduled = true;
      setImmediate(flush, this);
    }
  }
}

/** `setImmediate`'s callback: one function for every runtime, the queue passed as its argument (no closure per driver). */
function flush(wakes: SocketWakes): void {
  wakes.flush();
}
