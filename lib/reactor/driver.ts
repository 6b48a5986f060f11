/**
 * The reactor as the executor sees it: a clock, the timers, and a count of
 * I/O sources. This is the narrow seam between `task/` and `reactor/`: the
 * runtime asks "when is the next deadline?", "fire what is due", and "could
 * real I/O still wake anyone?", and nothing else.
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
