/**
 * The simulator's errors: one run failed ({@link SimError}), or an
 * exploration found a schedule that fails ({@link ExploreError}).
 */
import { messageOf } from "../task/errors";

/**
 * What made a simulated run fail: a client's `main` threw (`"client"`), a
 * task nobody joined threw (`"task"`), nothing could make progress
 * (`"deadlock"`), simulated time would pass `maxTime` (`"maxTime"`), or a
 * task waited on something only Node's real event loop delivers (`"io"`).
 *
 * @example
 * if (e instanceof SimError && e.kind === "deadlock") console.log(String(e.cause));
 */
export type SimFailureKind = "client" | "task" | "deadlock" | "maxTime" | "io";

/**
 * A simulated run failed. `cause` is the error itself (the client's own
 * error, the `DeadlockError` with its dump…); `host` names the host whose task
 * failed (null for a deadlock or `maxTime`); `seed` replays the run.
 *
 * @example
 * try { sim.run(); }
 * catch (e) { if (e instanceof SimError) console.log(`seed ${e.seed}: ${e.host} failed`, e.cause); }
 */
export class SimError extends Error {
  override name = "SimError";
  /** The seed of the run (`new Sim({ seed })` replays it). */
  readonly seed: number;
  /** The host whose task failed, or null (deadlock, maxTime). */
  readonly host: string | null;
  /** The error itself. */
  override readonly cause: unknown;
  /** Which kind of failure it was. */
  readonly kind: SimFailureKind;
  /** Simulated milliseconds when it failed. */
  readonly at: number;
  /** The run's trace up to the failure (empty unless the `trace` option is on). */
  readonly trace: readonly string[];

  constructor(seed: number, kind: SimFailureKind, host: string | null, cause: unknown, at: number, what: string, trace: readonly string[]) {
    super(`simulation failed (seed ${seed}) at t=${at}ms: ${what}: ${messageOf(cause)}`, { cause });
    this.seed = seed;
    this.host = host;
    this.cause = cause;
    this.kind = kind;
    this.at = at;
    this.trace = trace;
  }
}

/**
 * `explore` (or `replay`) found a schedule under which the test fails.
 * `cause` is the failing run's own error (not a {@link SimError} around it);
 * `schedule` is the shrunk schedule, which `replay(setup, schedule)` runs
 * again exactly; `preemptions` counts its decisions that differ from FIFO.
 * The message says how to replay it and ends with the shrunk run's trace.
 *
 * @example
 * try { explore(test, { strategy: "pct" }); }
 * catch (e) { if (e instanceof ExploreError) console.log(e.seed, e.schedule, e.preemptions, e.cause); }
 */
export class ExploreError extends Error {
  override name = "ExploreError";
  /** The seed of the failing run: `GENFUT_SEED=<seed>` runs it alone, with the same options. */
  readonly seed: number;
  /** The shrunk schedule, for `replay(setup, schedule)`. */
  readonly schedule: string;
  /** Decisions of the shrunk schedule that differ from FIFO. */
  readonly preemptions: number;
  /** The failing run's own error. */
  override readonly cause: unknown;
  /** The host whose task failed, or null. */
  readonly host: string | null;
  /** How the run failed. */
  readonly kind: SimFailureKind;
  /** Runs made before the failure was found (1 for a replay). */
  readonly runs: number;
  /** The shrunk run's trace. */
  readonly trace: readonly string[];

  constructor(fields: { seed: number; schedule: string; preemptions: number; failure: SimError; runs: number; headline: string; trace: readonly string[] }) {
    const { seed, schedule, preemptions, failure, runs, headline, trace } = fields;
    const shown = trace.length > TRACE_LINES ? [`… ${trace.length - TRACE_LINES} earlier lines`, ...trace.slice(-TRACE_LINES)] : trace;
    super(
      `${headline}; replay: GENFUT_SEED=${seed} or replay(setup, "${schedule}")\n` +
        `${failure.message}\n` +
        (shown.length > 0 ? `trace:\n${shown.map((l) => `  ${l}`).join("\n")}` : "(no trace)"),
      { cause: failure.cause },
    );
    this.seed = seed;
    this.schedule = schedule;
    this.preemptions = preemptions;
    this.cause = failure.cause;
    this.host = failure.host;
    this.kind = failure.kind;
    this.runs = runs;
    this.trace = trace;
  }
}

/** Trace lines an {@link ExploreError} message shows (the last ones). */
const TRACE_LINES = 200;
