/**
 * `explore`: run a test under many schedules, stop at the first that fails,
 * shrink it to the preemptions that matter, and say how to replay it.
 *
 * Each run is a fresh {@link Sim} whose policy is wrapped in a
 * {@link Recorder}, so every run's decisions are known. Before the drawn
 * runs, explore runs the plain FIFO schedule once (the interleaving an
 * ordinary test sees): it counts the program's decisions, which PCT needs to
 * place its change points, and a test that fails even there is reported at
 * once with no preemption.
 *
 * Shrinking replays edited schedules (a {@link Replayer} under a recorder,
 * so each attempt's effective decisions are read back) and keeps an edit
 * when the run still fails the same way (same kind, same host, same error
 * class): first the shortest prefix of the picks that still fails (binary
 * search: cutting the tail is setting it to FIFO), then zeroing the
 * remaining preemptions in halves, quarters… down to one at a time
 * (delta debugging), then the same for the draws. A preemption that a later
 * decision depends on simply fails to go. Rejected: trying every subset
 * (exponential) and shrinking by seed (a smaller seed is not a simpler
 * schedule).
 */
import { RuntimeError } from "../task/errors";
import type { SchedulePolicy } from "../task/policy";
import { ExploreError, SimError } from "./errors";
import { PctPolicy } from "./pct";
import { formatSchedule, parseSchedule, preemptionsOf, Recorder, Replayer, trimmed, uniformPolicy, type Decisions } from "./schedule";
import { setSimPolicy, Sim, type SimOptions } from "./sim";

/**
 * What `explore` runs: a generator function (the single client `"main"`),
 * or a function that registers the hosts and clients of a {@link Sim}.
 *
 * @example
 * const setup: Setup = (sim) => { sim.host("db", db); sim.client("app", app); };
 */
export type Setup = (() => Generator<unknown, unknown, unknown>) | ((sim: Sim) => void);

/**
 * Options of {@link explore}: how many schedules, how they are drawn, and the {@link Sim} options of every run.
 *
 * @example
 * explore(test, { runs: 500, strategy: "pct", depth: 2, maxTime: 10_000 });
 */
export interface ExploreOptions extends Omit<SimOptions, "seed"> {
  /** Schedules to run (after the FIFO one). @default 100 */
  runs?: number;
  /**
   * The seed of the first run; run i uses `seed + i`. `GENFUT_SEED=n` in the
   * environment overrides it and runs that one seed alone.
   * @default drawn at random, reported in the result and in a failure
   */
  seed?: number;
  /**
   * `"pct"`: probabilistic concurrency testing (random task priorities with
   * `depth - 1` priority-change points; finds bugs of small depth with a
   * known probability). `"random"`: a uniform pick among the queued tasks at
   * every decision.
   * @default "pct"
   */
  strategy?: "random" | "pct";
  /** PCT's bug depth: how many ordering constraints a bug may need. @default 3 */
  depth?: number;
}

/**
 * What {@link explore} returns when no schedule failed.
 *
 * @example
 * const { runs, distinct } = explore(test); // 100, and how many of them differed
 */
export interface ExploreResult {
  /** Schedules run (after the FIFO one). */
  runs: number;
  /** How many of them were different (as recorded decisions). */
  distinct: number;
  /** The first seed. */
  seed: number;
}

/** Most replays shrinking may make. */
const SHRINK_RUNS = 400;

/**
 * Runs `setup` under `runs` schedules and throws {@link ExploreError} at the
 * first that fails, shrunk to its fewest preemptions. Synchronous: call it in
 * a test as it is.
 *
 * @example
 * it("never loses an update", () => {
 *   explore(function* () {
 *     const account = { balance: 0 };
 *     yield* join(deposit(account, 10), deposit(account, 20));
 *     expect(account.balance).to.equal(30);
 *   }, { strategy: "pct" });
 * });
 */
export function explore(setup: Setup, options: ExploreOptions = {}): ExploreResult {
  checkSetup(setup, "explore");
  if (options === null || typeof options !== "object") throw new TypeError(`explore(setup, options): options must be an object, got ${String(options)}`);
  const { runs: runsOption, seed: seedOption, strategy: strategyOption, depth: depthOption, ...simOptions } = options;
  const runs = runsOption ?? 100;
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`runs must be a whole number >= 1, got ${String(runs)}`);
  if (seedOption !== undefined && !(typeof seedOption === "number" && Number.isSafeInteger(seedOption))) throw new RangeError(`seed must be a safe integer, got ${String(seedOption)}`);
  const strategy = strategyOption ?? "pct";
  if (strategy !== "random" && strategy !== "pct") throw new RangeError(`strategy must be "random" or "pct", got ${String(strategy)}`);
  const depth = depthOption ?? 3;
  if (!(Number.isInteger(depth) && depth >= 1)) throw new RangeError(`depth must be a whole number >= 1, got ${String(depth)}`);
  new Sim(simOptions); // validates the Sim options once, before any run

  const pinned = seedFromEnv();
  const first = pinned ?? seedOption ?? Math.floor(Math.random() * 2 ** 31);
  const count = pinned === null ? runs : 1;

  // The FIFO schedule first: the one a plain test runs, and PCT's measure of the program.
  const fifo = runOnce(setup, simOptions, first, new Replayer({ picks: [], draws: [] }), false);
  if (fifo.failure !== null) throw report(setup, simOptions, first, fifo.decisions, 0, (d) => `failed at seed ${first} under the plain FIFO schedule, before any other; ${d} preemptions`);
  const steps = fifo.recorder.picks.length;

  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const seed = first + i;
    const policy: SchedulePolicy = strategy === "pct" ? new PctPolicy(seed, depth, steps) : uniformPolicy(seed);
    const r = runOnce(setup, simOptions, seed, policy, false);
    seen.add(hashOf(r.decisions));
    if (r.failure === null) continue;
    const shrunk = shrink(setup, simOptions, seed, r.decisions, r.failure);
    throw report(setup, simOptions, seed, shrunk, i + 1, (p) => `failed at seed ${seed} after ${i + 1} run${i === 0 ? "" : "s"}; shrunk to ${p} preemption${p === 1 ? "" : "s"}`);
  }
  return { runs: count, distinct: seen.size, seed: first };
}

/**
 * Runs `setup` under one recorded `schedule` (an {@link ExploreError}'s
 * `.schedule`) exactly as it ran, and throws that `ExploreError` again if it
 * still fails; returns the run's result if it passes (the bug is fixed).
 * Pass the same Sim options `explore` had.
 *
 * @example
 * replay(test, "1234@2:1/"); // throws the same failure, with its trace
 */
export function replay(setup: Setup, schedule: string, options: Omit<SimOptions, "seed"> = {}): { seed: number; elapsed: number; steps: number; trace: string[] } {
  checkSetup(setup, "replay");
  const { seed, decisions } = parseSchedule(schedule);
  const r = runOnce(setup, { ...options, trace: true }, seed, new Replayer(decisions), false);
  if (r.failure === null) return r.result!;
  const p = preemptionsOf(decisions);
  throw new ExploreError({
    seed,
    schedule: formatSchedule(seed, r.decisions),
    preemptions: preemptionsOf(r.decisions),
    failure: r.failure,
    runs: 1,
    headline: `failed at seed ${seed} on replay; ${p} preemption${p === 1 ? "" : "s"}`,
    trace: r.failure.trace,
  });
}

interface Run {
  recorder: Recorder;
  decisions: Decisions;
  failure: SimError | null;
  result: { seed: number; elapsed: number; steps: number; trace: string[] } | null;
}

function runOnce(setup: Setup, simOptions: Omit<SimOptions, "seed">, seed: number, policy: SchedulePolicy, trace: boolean): Run {
  const recorder = new Recorder(policy);
  const sim = new Sim({ ...simOptions, seed, trace: trace || simOptions.trace === true });
  setSimPolicy(sim, recorder);
  if (isGeneratorFunction(setup)) sim.client("main", setup as () => Generator<unknown, unknown, unknown>);
  else {
    const out = (setup as (sim: Sim) => unknown)(sim);
    if (out !== undefined) throw new TypeError(`explore's setup(sim) must register hosts and clients and return nothing, got ${String(out)} (to run a coroutine as the client, pass the generator function itself)`);
  }
  try {
    const result = sim.run();
    return { recorder, decisions: recorder.decisions(), failure: null, result };
  } catch (e) {
    if (e instanceof SimError && e.seed === seed) return { recorder, decisions: recorder.decisions(), failure: e, result: null };
    throw e;
  }
}

/** Two failures are "the same" for shrinking when kind, host and error class agree. */
function signature(f: SimError): string {
  const c = f.cause;
  const cls = c instanceof Error ? c.name : typeof c;
  return `${f.kind}|${f.host ?? ""}|${cls}`;
}

function shrink(setup: Setup, simOptions: Omit<SimOptions, "seed">, seed: number, decisions: Decisions, failure: SimError): Decisions {
  const want = signature(failure);
  let best: Decisions = decisions;
  let budget = SHRINK_RUNS;
  const tryRun = (candidate: Decisions): boolean => {
    if (budget <= 0) return false;
    budget--;
    const r = runOnce(setup, simOptions, seed, new Replayer(candidate), false);
    if (r.failure === null || signature(r.failure) !== want) return false;
    // Keep what the run actually did: past the edit, picks may have meant other tasks.
    if (preemptionsOf(r.decisions) > preemptionsOf(best)) return false;
    best = r.decisions;
    return true;
  };

  // 1. The shortest prefix of picks that still fails (the rest: FIFO).
  let lo = 0;
  let hi = best.picks.length;
  while (lo < hi && budget > 0) {
    const mid = (lo + hi) >> 1;
    const full = best;
    if (tryRun({ picks: full.picks.slice(0, mid), draws: full.draws })) hi = Math.min(mid, best.picks.length);
    else lo = mid + 1;
  }

  // 2. and 3. Zero preemptions, then draws, in chunks that halve (delta debugging).
  for (let progress = true; progress && budget > 0; ) {
    progress = zeroChunks("picks") || zeroChunks("draws");
  }
  return best;

  function zeroChunks(which: "picks" | "draws"): boolean {
    const at = (d: Decisions): number[] => d[which].flatMap((v, i) => (v !== 0 ? [i] : []));
    let positions = at(best);
    for (let size = Math.max(1, positions.length >> 1); positions.length > 0 && budget > 0; size = Math.max(1, size >> 1)) {
      for (let start = 0; start < positions.length && budget > 0; start += size) {
        const chunk = new Set(positions.slice(start, start + size));
        const edited = trimmed(best[which].map((v, i) => (chunk.has(i) ? 0 : v)));
        if (tryRun(which === "picks" ? { picks: edited, draws: best.draws } : { picks: best.picks, draws: edited })) return true;
      }
      if (size === 1) break;
      positions = at(best);
    }
    return false;
  }
}

/** Replays `decisions` with the trace on and builds the error that reports it. */
function report(setup: Setup, simOptions: Omit<SimOptions, "seed">, seed: number, decisions: Decisions, runs: number, headline: (preemptions: number) => string): ExploreError {
  const r = runOnce(setup, { ...simOptions, trace: true }, seed, new Replayer(decisions), true);
  if (r.failure === null) {
    // The program is not a function of its schedule (Math.random, Date.now, real I/O…).
    return new ExploreError({
      seed,
      schedule: formatSchedule(seed, decisions),
      preemptions: preemptionsOf(decisions),
      failure: new SimError(seed, "client", null, new RuntimeError("the failing schedule passed when replayed: the program depends on something the simulation does not control (Math.random(), Date.now(), a real Promise…); use random() and now()"), 0, "not reproducible", []),
      runs,
      headline: headline(preemptionsOf(decisions)),
      trace: [],
    });
  }
  const p = preemptionsOf(r.decisions);
  return new ExploreError({ seed, schedule: formatSchedule(seed, r.decisions), preemptions: p, failure: r.failure, runs, headline: headline(p), trace: r.failure.trace });
}

function seedFromEnv(): number | null {
  const raw = process.env.GENFUT_SEED;
  if (raw === undefined || raw === "") return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new RangeError(`GENFUT_SEED must be a whole number (a seed from an ExploreError), got "${raw}"`);
  return n;
}

function checkSetup(setup: unknown, fn: string): void {
  if (typeof setup !== "function") throw new TypeError(`${fn}(setup): setup must be a generator function or a function (sim) => void, got ${typeof setup}`);
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as Function;

function isGeneratorFunction(f: unknown): boolean {
  return f instanceof GeneratorFunction;
}

/**
 * A 52-bit hash of a run's decisions (two FNV-1a streams), for counting
 * distinct schedules without building a string per run. Collisions among
 * 10^5 runs: expected ~10^-6.
 */
function hashOf(d: Decisions): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (x: number): void => {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
  };
  for (const p of d.picks) mix(p);
  mix(-1);
  for (const x of d.draws) mix(x);
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}
