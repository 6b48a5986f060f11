/**
 * The reactor as the executor sees it: a clock, the timers, and a count of
 * I/O sources. This is the narrow seam between `task/` and `reactor/`: the
 * executor calls `afterPoll()` after each task poll (and when a drain ends),
 * asks "could anything but a task still wake a task?" (`idle()`), and on a
 * paused clock "is there a deadline to jump to?" (`canAdvance()`) and "jump
 * there and fire what is due" (`autoAdvance()`), and nothing else. (Metrics
 * read the timers' counters.)
 */
import { Clock } from "./time/clock";
import type { Network } from "./io/network";
import { nodeNetwork } from "./io/node-network";
import { SocketWakes } from "./io/socket-wakes";
import { TimerDriver } from "./time/timer-driver";

export class Driver {
  readonly clock: Clock;
  readonly timers: TimerDriver;
  /**
   * Registered I/O sources (sockets, listeners, emitters) that only Node can
   * wake. Leaf futures in `net/`, `io/`, `compat/` keep it up to date.
   */
  ioSources = 0;
  /**
   * The network the runtime's sockets use: Node's, or a simulation's (set
   * by the simulator on the runtime it makes). `net/` asks for it when a
   * socket opens; nothing else depends on which it is.
   */
  network: Network = nodeNetwork;
  /** The read wakes of this runtime's sockets, batched per turn of Node's loop. */
  readonly socketWakes = new SocketWakes();

  constructor(paused: boolean) {
    this.clock = new Clock(paused);
    this.timers = new TimerDriver(this.clock);
  }

  /**
   * The executor's hook after every task poll, and when a drain ends: the
   * sleeps that poll registered join the timer wheel now (see
   * `TimerDriver.defer`). Per poll, so it costs one field test when the
   * poll registered none. Measured on W4 (a poll per hop), in instructions:
   * the call instead of the executor testing `timers.batched` itself costs
   * +0.8% under `--max-opt=0` and nothing measurable optimized (inlined).
   */
  afterPoll(): void {
    if (this.timers.batched !== 0) this.timers.flushDeferred();
  }

  /** No timer and no I/O source is registered: nothing but a task can wake a task. */
  idle(): boolean {
    return this.timers.size === 0 && this.ioSources === 0;
  }

  /** The clock is paused and a timer is registered: `autoAdvance()` has a deadline to jump to. */
  canAdvance(): boolean {
    return this.clock.paused && this.timers.size > 0;
  }

  /**
   * On the paused clock: jump to the next deadline and fire what is due
   * there. False if no timer is registered. The deadline is exact, so the
   * clock only ever stops at times some timer asked for.
   */
  autoAdvance(): boolean {
    const next = this.timers.nextDeadline();
    if (next === Infinity) return false;
    this.clock.setPaused(next);
    this.timers.fireUntil(next);
    return true;
  }

  close(): void {
    this.timers.close();
  }
}
