/**
 * The shapes every workload and implementation share.
 *
 * A workload (W1 … W7, T1 … T4) names its sizes for each mode, how to count
 * its operations, how to check a result, and one function per implementation.
 * An implementation function does the whole job and returns what it produced
 * (a sum, a message count, bytes echoed); the harness times the call and the
 * workload's `check` rejects a wrong answer, so a broken implementation can
 * never post a fast time.
 */

/** The implementations compared in one run, in table order. */
export const IMPLS = ["genfut", "native", "limit", "effection", "co", "effect"] as const;
/**
 * One of {@link IMPLS}, or a variant of one written `base: what differs`
 * (`"genfut: mpsc.channel(1)"`): another way to write the same workload,
 * shown in its own row so the cost of a choice can be read off the table.
 */
export type ImplName = (typeof IMPLS)[number] | `${(typeof IMPLS)[number]}: ${string}`;

/** The implementation a name belongs to: `"genfut: x"` → `"genfut"`. */
export const baseImpl = (name: string): string => name.split(":")[0];

/** How big a run is: `full` for `npm run bench`, `quick` for the smoke check, `spec` for the unit test. */
export type Mode = "full" | "quick" | "spec";

/** What an implementation may ask of the harness while it runs. */
export interface Meter {
  /** Restarts the clock: call after setup that is not part of the measurement. */
  restart(): void;
  /**
   * Forces a full GC and records the live heap (bytes), with the clock paused.
   * Used for "heap bytes per task": call it while every task is alive.
   */
  liveHeap(label?: string): number;
  /** Records the current heap without collecting (cheap, clock keeps running). */
  sampleHeap(): void;
  /** Extra figures to report (p99, timers left, bytes per task…). */
  extra: Record<string, number>;
}

/** What one implementation returns: the value checked by the workload, plus optional op count. */
export interface Outcome {
  /** Checked against `Workload.check`. */
  value: unknown;
  /** Operations done, when it depends on the run (W6: requests in the time window). */
  ops?: number;
  /** The measured time, when the implementation times itself (W6: the client's window). */
  ms?: number;
}

export type ImplFn<P> = (params: P, meter: Meter) => Promise<Outcome>;

export interface Workload<P = any> {
  /** "W1", "T3"… */
  id: string;
  /** One line for the table's legend. */
  title: string;
  /** What the ops/s column counts ("await", "call", "task"…). */
  unit: string;
  sizes: Record<Mode, P>;
  /** Operations in one run of `params` (ops/s = ops / seconds), unless the outcome says. */
  ops(params: P): number;
  /** Throws an Error saying what is wrong when `outcome` is not the right answer. */
  check(params: P, outcome: Outcome, meter: Meter): void;
  /** The least time a run can take (W5: its longest sleep); `extra.overheadMs` = time − floor. */
  floorMs?(params: P): number;
  /** genfut exports the workload needs (`race`, `mpsc`, `TcpListener`…). Missing → "not available yet". */
  needs?: string[];
  /** Rounds in full mode (default from the CLI, 5). */
  rounds?: number;
  /** Run a spec-size warm-up in the child before the timed run (JIT), default true. */
  warmup?: boolean;
  /** Child time limit in full mode, ms (default 60 s). */
  timeoutMs?: number;
  /** How the implementations do it, for the README (one line each). */
  notes?: Partial<Record<ImplName, string>>;
  /** Main implementations and variants (`"genfut: mpsc.channel(1)"`), in table order. */
  impls: Partial<Record<ImplName, ImplFn<P>>>;
}

/** One child's report. */
export interface Sample {
  /** Wall time of the timed run, ms. */
  ms: number;
  /**
   * CPU time of the timed run (user + system, V8's GC helper threads
   * included), ms. On a busy machine it is far steadier than wall time.
   */
  cpuMs: number;
  ops: number;
  /** Peak resident set size of the child, bytes (from the OS). */
  peakRss: number;
  /** Largest heapUsed seen at a probe, bytes. */
  peakHeap: number;
  extra: Record<string, number>;
}

/** A failed or skipped cell. */
export interface Failure {
  error: string;
  /** "n/a": genfut lacks the capability yet; "timeout"; "error": crashed or wrong result. */
  kind: "n/a" | "timeout" | "error";
}
