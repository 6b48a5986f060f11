/**
 * `Barrier`: `n` tasks wait until all have arrived; one of them is the leader.
 */
import { checkInteger } from "../core/check";
import type { Poll } from "../core/poll";
import type { Context, Waker } from "../core/waker";
import { RuntimeError } from "../core/errors";
import { Future } from "../core/future";
// Hot-path symbols straight from their modules: the barrel re-exports them through getters.
import { Pending } from "../core/poll";
import { Waiter, WaiterList } from "./waiter-list";

/**
 * What {@link Barrier.wait} gives: exactly one task per round is the leader.
 *
 * @example
 * if ((yield* barrier.wait()).isLeader) console.log("everyone is here");
 */
export class BarrierWaitResult {
  constructor(readonly isLeader: boolean) {}
}

const LEADER = new BarrierWaitResult(true);
const FOLLOWER = new BarrierWaitResult(false);

const enum WaitState {
  Idle,
  Waiting,
  Released,
  Done,
}

/**
 * Future for {@link Barrier.wait}.
 *
 * @example
 * const r = yield* barrier.wait();
 */
export class BarrierWait extends Future<BarrierWaitResult> implements Waiter {
  qPrev: Waiter | null = null;
  qNext: Waiter | null = null;
  linked = false;
  waker: Waker | null = null;
  state = WaitState.Idle;

  constructor(readonly barrier: Barrier) {
    super();
  }

  poll(cx: Context): Poll<BarrierWaitResult> {
    const b = this.barrier;
    switch (this.state) {
      case WaitState.Idle:
        // Arrival counts from the first poll; the last to arrive leads.
        if (++b.arrived === b.n) {
          b.release();
          this.state = WaitState.Done;
          return LEADER;
        }
        this.waker = cx.waker;
        this.state = WaitState.Waiting;
        b.waiters.push(this);
        return Pending;
      case WaitState.Waiting:
        this.waker = cx.waker;
        return Pending;
      case WaitState.Released:
        this.state = WaitState.Done;
        this.waker = null;
        return FOLLOWER;
      default:
        throw new RuntimeError("Barrier.wait() was polled after it completed");
    }
  }

  /** A cancelled wait un-arrives, so the round still needs `n` live tasks. */
  override cancel(): void {
    this.waker = null;
    if (this.state === WaitState.Waiting) {
      this.barrier.waiters.remove(this);
      this.barrier.arrived--;
      this.state = WaitState.Idle;
    }
  }

  override describe(): string {
    return `Barrier.wait(${this.barrier.arrived} of ${this.barrier.n} arrived)`;
  }
}

/**
 * A reusable barrier for `n` tasks: `yield* b.wait()` returns once `n` tasks
 * are waiting, and exactly one of them gets `isLeader: true`. Then the
 * barrier resets for the next round. A cancelled wait no longer counts.
 *
 * @example
 * const b = new Barrier(3);
 * for (let i = 0; i < 3; i++) spawn(function* () {
 *   const r = yield* b.wait();
 *   if (r.isLeader) console.log("all three arrived");
 * });
 */
export class Barrier {
  /** @internal */
  readonly waiters = new WaiterList<BarrierWait>();
  /** @internal */
  arrived = 0;

  constructor(readonly n: number) {
    checkInteger("new Barrier(n)", "n", n, 1);
  }

  /** Waits until `n` tasks wait. A `Future`, as `Mutex.lock()` is: the queue node behind it is internal. */
  wait(): Future<BarrierWaitResult> {
    return new BarrierWait(this);
  }

  /** @internal */
  release(): void {
    this.arrived = 0;
    for (let w = this.waiters.takeAll(); w !== null; ) {
      const next = w.qNext as BarrierWait | null;
      w.qPrev = w.qNext = null;
      w.state = WaitState.Released;
      w.waker?.wake();
      w = next;
    }
  }
}
