/**
 * `Channel`: one direction of one flow between two simulated hosts (a TCP
 * connection's half, or a UDP socket's datagrams to one host), as a queue
 * of messages that arrive in order, each after a latency drawn from the
 * seed.
 *
 * A message's arrival time is `max(now + latency, previous arrival)`: never
 * before the one sent ahead of it, so a stream stays ordered whatever the
 * draws. One timer entry per channel, on the runtime's paused clock, is set
 * for the head's arrival; the simulation's supervisor moves the clock to it
 * like to any sleep. While the link is partitioned or held, messages stay
 * queued (a partition drops the lossy ones, UDP's); on repair or release the
 * due ones arrive at once, in order.
 *
 * Rejected: one timer per message. A 1 MiB transfer is only 16 segments of
 * 64 KiB, but a ping-pong of 1-byte messages would then insert and fire a
 * timer per byte where one entry, re-set for the next head, does.
 */
import type { Waker } from "../../core/waker";
import { UNREGISTERED, type TimerEntry } from "../../reactor/time/timer-entry";

/** What a channel needs of its network (the `SimNetwork`). @internal */
export interface ChannelHost {
  /** The state of the link between two hosts. */
  link(from: string, to: string): "up" | "partitioned" | "held";
  /** A latency draw for one message from `from` to `to`, in whole ms. */
  latency(from: string, to: string): number;
  now(): number;
  /** Registers the entry on the runtime's timers; false (the entry FIRED) if its time has already come. */
  insert(e: TimerEntry): boolean;
  remove(e: TimerEntry): void;
  /** A channel with messages waiting; `kick` is called on repair and release. */
  waiting(ch: Channel, yes: boolean): void;
}

interface Message {
  arrival: number;
  /** A UDP datagram: lost across a partition instead of waiting. */
  lossy: boolean;
  /** Data bytes it carries (counted as in flight until it arrives). */
  bytes: number;
  deliver: () => void;
}

/**
 * One direction of one flow (see the module comment).
 *
 * @example
 * const ch = new Channel(network, "app", "db");
 * ch.post(() => dbEnd.data(bytes, appEnd), bytes.length); // arrives after a drawn latency, in order
 * @internal
 */
export class Channel implements Waker {
  readonly #host: ChannelHost;
  readonly from: string;
  readonly to: string;
  #queue: Message[] = [];
  #head = 0;
  #last = 0;
  /** Data bytes sent and not yet arrived. */
  inflight = 0;
  readonly #entry: TimerEntry = { when: 0, waker: null, index: 0, bucket: UNREGISTERED };

  constructor(host: ChannelHost, from: string, to: string) {
    this.#host = host;
    this.from = from;
    this.to = to;
  }

  /** Sends one message; `deliver` runs when it arrives. */
  post(deliver: () => void, bytes = 0, lossy = false): void {
    const h = this.#host;
    if (lossy && h.link(this.from, this.to) === "partitioned") return;
    const arrival = Math.max(h.now() + h.latency(this.from, this.to), this.#last);
    this.#last = arrival;
    if (this.#head === this.#queue.length) h.waiting(this, true);
    this.#queue.push({ arrival, lossy, bytes, deliver });
    this.inflight += bytes;
    this.kick();
  }

  /** Delivers what is due and sets the timer for the next arrival (after a send, a timer, a repair). */
  kick(): void {
    const h = this.#host;
    const e = this.#entry;
    for (;;) {
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
        if (e.bucket >= 0) h.remove(e);
        h.waiting(this, false);
        return;
      }
      const state = h.link(this.from, this.to);
      if (state === "partitioned") {
        this.#dropLossy();
        if (this.#head === this.#queue.length) continue;
      }
      if (state !== "up") {
        // Waits for repair() or release(), which kick it again.
        if (e.bucket >= 0) h.remove(e);
        return;
      }
      const m = this.#queue[this.#head];
      if (m.arrival > h.now()) {
        if (e.bucket >= 0 && e.when === m.arrival) return;
        if (e.bucket >= 0) h.remove(e);
        e.when = m.arrival;
        e.waker = this;
        if (h.insert(e)) return;
        // Its time is now after all (the entry is FIRED): deliver it below.
      }
      this.#queue[this.#head++] = undefined as unknown as Message;
      this.inflight -= m.bytes;
      m.deliver();
    }
  }

  /** The timer fired. */
  wake(): void {
    this.kick();
  }

  #dropLossy(): void {
    const q = this.#queue;
    const kept = q.slice(this.#head).filter((m) => !m.lossy);
    this.#queue = kept;
    this.#head = 0;
  }
}
