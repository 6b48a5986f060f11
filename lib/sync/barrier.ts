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

  constructor(readonly round: Round) {
    super();
  }

  poll(cx: Context): Poll<BarrierWaitResult> {
    const b = this.round;
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
      this.round.waiters.remove(this);
      this.round.arrived--;
      this.state = WaitState.Idle;
    }
  }

  override describe(): string {
    return `Barrier.wait(${this.round.arrived} of ${this.round.n} arrived)`;
  }
}

/**
 * What a `Barrier` and its waits share: who waits and how many have arrived
 * this round. A class of its own, kept out of `Barrier`, so that the public
 * class declares only its public members.
 */
class Round {
  readonly waiters = new WaiterList<BarrierWait>();
  arrived = 0;

  constructor(readonly n: number) {}

  /** The last arrival: wake the others and start the next round. */
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
  readonly #round: Round;

  constructor(readonly n: number) {
    checkInteger("new Barrier(n)", "n", n, 1);
    this.#round = new Round(n);
  }

  /** Waits until `n` tasks wait. A `Future`, as `Mutex.lock()` is: the queue node behind it is internal. */
  wait(): Future<BarrierWaitResult> {
    return new BarrierWait(this.#round);
  }
}
