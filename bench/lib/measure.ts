/**
 * Runs one implementation of one workload, in this process, and measures it.
 *
 * The same function serves the child process of `npm run bench` and the unit
 * test (spec/bench.spec.ts), so the test exercises exactly what the bench runs.
 */
import * as genfut from "../../lib";
import { loadEffect } from "./effect";
import { baseImpl, Failure, ImplName, Meter, Mode, Outcome, Sample, Workload } from "./types";

/** Thrown when genfut does not export what a workload needs yet. */
export class NotAvailableError extends Error {
  override name = "NotAvailableError";
}

/** The genfut exports among `needs` that do not exist (yet). */
export function missingCapabilities(needs: readonly string[] | undefined): string[] {
  const api = genfut as unknown as Record<string, unknown>;
  return (needs ?? []).filter((n) => api[n] === undefined);
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

class RunMeter implements Meter {
  start = performance.now();
  paused = 0;
  cpuStart = process.cpuUsage();
  cpuPaused = 0;
  peakHeap = 0;
  extra: Record<string, number> = {};

  restart(): void {
    this.start = performance.now();
    this.paused = 0;
    this.cpuStart = process.cpuUsage();
    this.cpuPaused = 0;
  }

  liveHeap(label = "liveHeap"): number {
    const t = performance.now();
    const c = process.cpuUsage();
    gc?.();
    const h = process.memoryUsage().heapUsed;
    if (h > this.peakHeap) this.peakHeap = h;
    this.extra[label] = h;
    this.paused += performance.now() - t;
    this.cpuPaused += cpuMs(process.cpuUsage(c));
    return h;
  }

  sampleHeap(): void {
    const h = process.memoryUsage().heapUsed;
    if (h > this.peakHeap) this.peakHeap = h;
  }

  elapsed(): number {
    return performance.now() - this.start - this.paused;
  }

  /** CPU time (user + system, all threads: GC helpers included) since the start, ms. */
  elapsedCpu(): number {
    return cpuMs(process.cpuUsage(this.cpuStart)) - this.cpuPaused;
  }
}

async function once(w: Workload, impl: ImplName, params: unknown): Promise<{ ms: number; cpuMs: number; outcome: Outcome; meter: RunMeter }> {
  const fn = w.impls[impl]!;
  const meter = new RunMeter();
  meter.extra.baseHeap = (gc?.(), process.memoryUsage().heapUsed);
  meter.restart();
  const outcome = await fn(params, meter);
  const ms = outcome.ms ?? meter.elapsed();
  const cpu = meter.elapsedCpu();
  meter.sampleHeap();
  w.check(params, outcome, meter);
  return { ms, cpuMs: cpu, outcome, meter };
}

/**
 * Measures `impl` on `w` at the size of `mode`. Throws {@link NotAvailableError}
 * when genfut lacks a capability, and an Error when the result is wrong.
 */
export async function measure(w: Workload, impl: ImplName, mode: Mode): Promise<Sample> {
  if (w.impls[impl] === undefined) throw new NotAvailableError(`${w.id} has no ${impl} implementation`);
  if (baseImpl(impl) === "genfut") {
    const missing = missingCapabilities(w.needs);
    if (missing.length > 0) throw new NotAvailableError(`not available yet: genfut does not export ${missing.join(", ")}`);
  }
  if (baseImpl(impl) === "effect") loadEffect(); // load it before the clock starts
  const params = w.sizes[mode];
  if (mode !== "spec" && w.warmup !== false) await once(w, impl, w.sizes.spec); // let the JIT see the code first
  const { ms, cpuMs: cpu, outcome, meter } = await once(w, impl, params);
  const ops = outcome.ops ?? w.ops(params);
  if (w.floorMs !== undefined) meter.extra.overheadMs = ms - w.floorMs(params);
  return {
    ms,
    cpuMs: cpu,
    ops,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeap: meter.peakHeap,
    extra: meter.extra,
  };
}

/** Turns anything thrown by {@link measure} into a table cell. */
export function toFailure(e: unknown): Failure {
  if (e instanceof NotAvailableError) return { kind: "n/a", error: e.message };
  return { kind: "error", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** Node timers alive now (what a race must not leave behind). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** Throws unless `actual === expected`, naming what was counted. */
export function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`wrong result: ${what} is ${String(actual)}, expected ${String(expected)}`);
}
