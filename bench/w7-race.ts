/**
 * W7: 100,000 races of a ready value against a 1 s timer, one after another.
 * The ready value must win every time, the loser must be cancelled, and no
 * Node timer may be left behind (counted with process.getActiveResourcesInfo()
 * once the run is over, and checked).
 *
 * Implementations, each in its own process (a fresh VM per sample), in
 * interleaved rounds, medians reported:
 * - genfut-race:          `race(ready(i), sleep(1000))` (random-fair: either branch polled first)
 * - genfut-ready-first:   `raceBiased(ready(i), sleep(1000))`: the winner is polled first
 * - genfut-sleep-first:   `raceBiased(sleep(1000), ready(i))`: the timer is registered, then cancelled
 * - genfut-select:        `select(ready(i), sleep(1000))`, reading `.value`
 * - native-clear:         `await Promise.race([Promise.resolve(i), timer])`, then a manual `clearTimeout`
 * - native-abort:         `timers/promises` setTimeout with an `AbortController`, aborted after the race
 * - raw-timer:            `clearTimeout(setTimeout(cb, 1000))`, the value taken directly (the limit)
 *
 * Run: npx ts-node --transpile-only bench/w7-race.ts [rounds=5] [races=100000]
 */
import { execFileSync } from "node:child_process";

const IMPLS = ["genfut-race", "genfut-ready-first", "genfut-sleep-first", "genfut-select", "native-clear", "native-abort", "raw-timer"] as const;
type Impl = (typeof IMPLS)[number];

const sumTo = (n: number): number => (n * (n - 1)) / 2;

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

// ---- genfut -----------------------------------------------------------------

async function genfut(impl: Impl, n: number): Promise<number> {
  const { run, race, raceBiased, select, ready, sleep } = await import("../lib");
  return run(function* main() {
    let sum = 0;
    switch (impl) {
      case "genfut-race":
        for (let i = 0; i < n; i++) sum += (yield* race(ready(i), sleep(1000))) as number;
        break;
      case "genfut-ready-first":
        for (let i = 0; i < n; i++) sum += (yield* raceBiased(ready(i), sleep(1000))) as number;
        break;
      case "genfut-sleep-first":
        for (let i = 0; i < n; i++) sum += (yield* raceBiased(sleep(1000), ready(i))) as number;
        break;
      default:
        for (let i = 0; i < n; i++) {
          const r = yield* select(ready(i), sleep(1000));
          if (r.index !== 0) throw new Error("the timer won");
          sum += r.value;
        }
    }
    return sum;
  });
}

// ---- native -----------------------------------------------------------------

async function nativeClear(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let handle!: NodeJS.Timeout;
    const t = new Promise<number>((r) => (handle = setTimeout(r, 1000, -1)));
    sum += await Promise.race([Promise.resolve(i), t]);
    clearTimeout(handle);
  }
  return sum;
}

async function nativeAbort(n: number): Promise<number> {
  const { setTimeout: sleep } = await import("node:timers/promises");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ac = new AbortController();
    const t = sleep(1000, -1, { signal: ac.signal }).catch(() => -1);
    sum += await Promise.race([Promise.resolve(i), t]);
    ac.abort();
  }
  return sum;
}

async function rawTimer(n: number): Promise<number> {
  const never = (): void => {
    throw new Error("the timer fired");
  };
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const h = setTimeout(never, 1000);
    sum += i;
    clearTimeout(h);
  }
  return sum;
}

// ---- driver -----------------------------------------------------------------

async function child(impl: Impl, n: number): Promise<void> {
  if (impl.startsWith("genfut")) await import("../lib"); // module loading is not timed
  const before = timers();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sum = impl.startsWith("genfut") ? await genfut(impl, n) : impl === "native-clear" ? await nativeClear(n) : impl === "native-abort" ? await nativeAbort(n) : await rawTimer(n);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e3;
  // Let aborted timers' rejections settle before counting what is left.
  await new Promise((r) => setImmediate(r));
  const left = timers() - before;
  if (sum !== sumTo(n)) throw new Error(`${impl}: wrong sum ${sum}, expected ${sumTo(n)}`);
  process.stdout.write(JSON.stringify({ impl, ms, cpu, left }) + "\n");
  if (left !== 0) process.exitCode = 2;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function parent(rounds: number, n: number): void {
  const times = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
  const cpus = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
  const left = new Map<Impl, number>(IMPLS.map((i) => [i, 0]));
  for (let r = 0; r < rounds; r++) {
    for (const impl of IMPLS) {
      let out: string;
      try {
        out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", __filename, "--child", impl, String(n)], { encoding: "utf8", cwd: __dirname + "/.." });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? "");
        if (!out.trim()) throw e;
      }
      const res = JSON.parse(out.trim().split("\n").pop()!);
      times.get(impl)!.push(res.ms);
      cpus.get(impl)!.push(res.cpu);
      left.set(impl, Math.max(left.get(impl)!, res.left));
    }
  }
  const base = median(times.get("native-clear")!);
  const cpuBase = median(cpus.get("native-clear")!);
  console.log(`W7 race, ${n.toLocaleString("en-US")} races of a ready value against a 1 s timer, ${rounds} interleaved rounds, medians (node ${process.version})`);
  console.log("Wall time is what counts; CPU time (user+sys of the process) is shown too, as it suffers less on a busy machine.");
  console.log("impl                 median ms   ns/race  vs native-clear   cpu ms  cpu vs native  timers left  samples (wall ms)");
  for (const impl of IMPLS) {
    const ts = times.get(impl)!;
    const m = median(ts);
    const c = median(cpus.get(impl)!);
    console.log(
      `${impl.padEnd(20)} ${m.toFixed(1).padStart(9)} ${((m * 1e6) / n).toFixed(0).padStart(9)} ${(m / base).toFixed(2).padStart(15)}x ${c.toFixed(0).padStart(8)} ${(c / cpuBase).toFixed(2).padStart(13)}x ${String(left.get(impl)).padStart(12)}  ${ts.map((t) => t.toFixed(0)).join(" ")}`,
    );
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  child(args[1] as Impl, Number(args[2])).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parent(Number(args[0] ?? 5), Number(args[1] ?? 100_000));
}
