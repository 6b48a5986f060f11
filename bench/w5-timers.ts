/**
 * W5 (time's own harness): 1,000,000 concurrent sleeps of random 0–1000 ms.
 * Reported: the time beyond 1000 ms until the last sleeper has woken
 * (creating the sleeps included), and the peak heap while they wait.
 *
 * Implementations, each in its own process (`node --expose-gc`), in
 * interleaved rounds, medians reported:
 * - genfut-task:   one spawned coroutine per sleeper, `yield* sleep(ms)`, then count
 * - genfut-leaf:   one spawned task per sleeper whose future is the sleep itself
 * - native-async:  one async function per sleeper awaiting a `setTimeout` promise
 * - native-then:   one `setTimeout` promise per sleeper, counted in `.then`
 * - raw-timeout:   one raw `setTimeout(cb, ms)` per sleeper (the platform's limit)
 *
 * Every implementation gets the same durations (a seeded generator) and
 * checks that every sleeper woke, and none early.
 * `npm run bench` (bench/run.ts) has its own W5; this file exports
 * `runGenfut(n)` & co. for it and stays self-contained.
 *
 * Run: npx ts-node --transpile-only bench/w5-timers.ts [rounds=3] [n=1000000]
 */
import { execFileSync } from "node:child_process";
import { Context, Future, Pending, Poll, Waker } from "../lib";

export const IMPLS = ["genfut-task", "genfut-leaf", "native-async", "native-then", "raw-timeout"] as const;
export type Impl = (typeof IMPLS)[number];

/** What one run measured. */
export interface W5Result {
  impl: Impl;
  n: number;
  /** Milliseconds from before the first sleep was created until the last woke, minus 1000. */
  overheadMs: number;
  /**
   * CPU time (user + system) the process spent on the run, in ms. Sleeping
   * costs none, so this is the work itself, and it is much less disturbed
   * than wall time when other processes share the cores.
   */
  cpuMs: number;
  /** Peak `heapUsed` while the sleeps waited, in MB. */
  peakHeapMb: number;
  /** `heapUsed` after a full GC before the run, in MB. */
  baseHeapMb: number;
}

/** The same durations for every implementation: 0–1000 ms, uniformly, seeded. */
export function durations(n: number, seed = 0x5eed): Int16Array {
  const out = new Int16Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 1001);
  }
  return out;
}

/** A future the last sleeper completes (the bench's own, so it needs only core). */
class Latch extends Future<void> {
  done = false;
  waker: Waker | null = null;
  poll(cx: Context): Poll<void> {
    if (this.done) return;
    this.waker = cx.waker;
    return Pending;
  }
  set(): void {
    this.done = true;
    this.waker?.wake();
  }
}

/** One spawned coroutine per sleeper. */
export async function runGenfut(ds: Int16Array): Promise<number> {
  const { run, spawn, sleep } = await import("../lib");
  const n = ds.length;
  let done = 0;
  const all = new Latch();
  function* sleeper(ms: number): Generator<unknown, void, unknown> {
    yield* sleep(ms);
    if (++done === n) all.set();
  }
  await run(function* main() {
    for (let i = 0; i < n; i++) spawn(sleeper(ds[i]));
    yield* all;
  });
  return done;
}

/** One spawned task per sleeper whose root future is the sleep (no generator). */
export async function runGenfutLeaf(ds: Int16Array): Promise<number> {
  const { run, spawn, sleep } = await import("../lib");
  const n = ds.length;
  const handles = new Array(n);
  let done = 0;
  await run(function* main() {
    for (let i = 0; i < n; i++) handles[i] = spawn(sleep(ds[i]));
    for (let i = 0; i < n; i++) {
      yield* handles[i];
      done++;
    }
  });
  return done;
}

export async function runNativeAsync(ds: Int16Array): Promise<number> {
  const n = ds.length;
  let done = 0;
  let fire!: () => void;
  const all = new Promise<void>((r) => (fire = r));
  async function sleeper(ms: number): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    if (++done === n) fire();
  }
  for (let i = 0; i < n; i++) void sleeper(ds[i]);
  await all;
  return done;
}

export async function runNativeThen(ds: Int16Array): Promise<number> {
  const n = ds.length;
  let done = 0;
  let fire!: () => void;
  const all = new Promise<void>((r) => (fire = r));
  const count = (): void => {
    if (++done === n) fire();
  };
  for (let i = 0; i < n; i++) void new Promise((r) => setTimeout(r, ds[i])).then(count);
  await all;
  return done;
}

export async function runRawTimeout(ds: Int16Array): Promise<number> {
  const n = ds.length;
  let done = 0;
  let fire!: () => void;
  const all = new Promise<void>((r) => (fire = r));
  const cb = (): void => {
    if (++done === n) fire();
  };
  for (let i = 0; i < n; i++) setTimeout(cb, ds[i]);
  await all;
  return done;
}

const RUNNERS: Record<Impl, (ds: Int16Array) => Promise<number>> = {
  "genfut-task": runGenfut,
  "genfut-leaf": runGenfutLeaf,
  "native-async": runNativeAsync,
  "native-then": runNativeThen,
  "raw-timeout": runRawTimeout,
};

/** Runs one implementation in this process and measures it. Needs `--expose-gc` for the base heap. */
export async function measure(impl: Impl, n: number): Promise<W5Result> {
  const ds = durations(n);
  if (impl.startsWith("genfut")) await import("../lib"); // module loading is not timed
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = (): void => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const sampler = setInterval(sample, 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const woken = await RUNNERS[impl](ds);
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  clearInterval(sampler);
  sample();
  if (woken !== n) throw new Error(`${impl}: ${woken} sleepers woke, expected ${n}`);
  return { impl, n, overheadMs: ms - 1000, cpuMs: (c1.user + c1.system) / 1000, peakHeapMb: peak / 2 ** 20, baseHeapMb: base / 2 ** 20 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function parent(rounds: number, n: number, impls: readonly Impl[]): void {
  const results = new Map<Impl, W5Result[]>(impls.map((i) => [i, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no implementation always runs first.
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + r) % impls.length];
      const out = execFileSync(
        process.execPath,
        ["--expose-gc", "--max-old-space-size=4096", "-r", "ts-node/register/transpile-only", __filename, "--child", impl, String(n)],
        { encoding: "utf8", cwd: __dirname + "/.." },
      );
      results.get(impl)!.push(JSON.parse(out.trim().split("\n").pop()!));
    }
  }
  console.log(`W5 ${n.toLocaleString("en-US")} concurrent sleeps of random 0–1000 ms, ${rounds} interleaved rounds, medians (node ${process.version})`);
  console.log(`load average at the end: ${require("node:os").loadavg().map((x: number) => x.toFixed(1)).join(" ")} (on ${require("node:os").cpus().length} cores)`);
  console.log("impl           overhead ms   cpu ms   peak heap MB   samples (overhead / cpu / peak)");
  for (const impl of impls) {
    const rs = results.get(impl)!;
    const o = median(rs.map((x) => x.overheadMs));
    const c = median(rs.map((x) => x.cpuMs));
    const h = median(rs.map((x) => x.peakHeapMb));
    console.log(
      `${impl.padEnd(14)} ${("+" + o.toFixed(0)).padStart(11)} ${c.toFixed(0).padStart(8)} ${h.toFixed(0).padStart(14)}   ${rs
        .map((x) => `+${x.overheadMs.toFixed(0)}/${x.cpuMs.toFixed(0)}/${x.peakHeapMb.toFixed(0)}`)
        .join("  ")}`,
    );
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    measure(args[1] as Impl, Number(args[2])).then(
      (r) => process.stdout.write(JSON.stringify(r) + "\n"),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  } else {
    const impls = args[2] ? (args[2].split(",") as Impl[]) : IMPLS;
    parent(Number(args[0] ?? 3), Number(args[1] ?? 1_000_000), impls);
  }
}
