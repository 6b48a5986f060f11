/**
 * W4: ping-pong of 1,000,000 messages between two tasks over a channel.
 *
 * Task A sends a number on one channel and waits for the reply on another;
 * task B echoes it back plus one. 500,000 round trips = 1,000,000 messages.
 * Each run checks its own result (the sum of the replies), so a broken
 * implementation cannot post a fast time.
 *
 * Implementations, each in its own process (a fresh VM per sample), in
 * interleaved rounds, medians reported:
 * - genfut-mpsc:       genfut `mpsc.channel(1)` both ways, two spawned tasks
 * - genfut-unbounded:  the same over `mpsc.unbounded()`
 * - native-promise:    a minimal Promise-based channel in native async/await
 * - raw-callback:      a callback channel with a trampoline (the platform's limit)
 *
 * Run: npx ts-node --transpile-only bench/w4-pingpong.ts [rounds=5] [messages=1000000] [--js]
 *
 * `--js` first compiles the project with tsc to a temporary folder and runs
 * the children as plain JavaScript. Prefer it: under ts-node's require hook
 * the native Promise channel itself runs ~40% slower (measured), which
 * flatters everything compared with it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const IMPLS = ["genfut-mpsc", "genfut-unbounded", "native-promise", "raw-callback"] as const;
type Impl = (typeof IMPLS)[number];

function expected(messages: number): number {
  // Replies are i + 1 for i in [0, trips).
  const trips = messages / 2;
  return (trips * (trips + 1)) / 2;
}

// ---- genfut ---------------------------------------------------------------

async function genfut(messages: number, bounded: boolean): Promise<number> {
  const { run, spawn, mpsc } = await import("../lib");
  const trips = messages / 2;
  return run(function* main() {
    const [pingTx, pingRx] = bounded ? mpsc.channel<number>(1) : mpsc.unbounded<number>();
    const [pongTx, pongRx] = bounded ? mpsc.channel<number>(1) : mpsc.unbounded<number>();
    const echo = spawn(function* echo() {
      for (let v; (v = yield* pingRx.recv()) !== undefined; ) yield* pongTx.send(v + 1);
    });
    let sum = 0;
    for (let i = 0; i < trips; i++) {
      yield* pingTx.send(i);
      sum += (yield* pongRx.recv())!;
    }
    pingTx.close();
    yield* echo;
    return sum;
  });
}

// ---- native: a minimal Promise channel ------------------------------------

class PromiseChannel<T> {
  #queue: T[] = [];
  #waiting: ((v: T) => void) | null = null;
  send(v: T): void {
    const w = this.#waiting;
    if (w !== null) {
      this.#waiting = null;
      w(v);
    } else this.#queue.push(v);
  }
  recv(): Promise<T> {
    if (this.#queue.length > 0) return Promise.resolve(this.#queue.shift()!);
    return new Promise((resolve) => (this.#waiting = resolve));
  }
}

async function nativePromise(messages: number): Promise<number> {
  const trips = messages / 2;
  const ping = new PromiseChannel<number>();
  const pong = new PromiseChannel<number>();
  const echo = (async () => {
    for (let i = 0; i < trips; i++) pong.send((await ping.recv()) + 1);
  })();
  let sum = 0;
  for (let i = 0; i < trips; i++) {
    ping.send(i);
    sum += await pong.recv();
  }
  await echo;
  return sum;
}

// ---- raw callbacks: a trampoline, no Promise, no generator ------------------

function rawCallback(messages: number): Promise<number> {
  const trips = messages / 2;
  return new Promise((resolve) => {
    // A run queue of (callback, value) pairs drained in a loop, so hops do
    // not grow the stack; it is reset whenever it empties, so it stays small.
    const fns: ((v: number) => void)[] = [];
    const vals: number[] = [];
    let draining = false;
    const schedule = (f: (v: number) => void, v: number) => {
      fns.push(f);
      vals.push(v);
      if (draining) return;
      draining = true;
      for (let head = 0; head < fns.length; head++) {
        fns[head](vals[head]);
        if (head === fns.length - 1) {
          fns.length = 0;
          vals.length = 0;
          head = -1;
        }
      }
      draining = false;
    };
    class CbChannel {
      waiting: ((v: number) => void) | null = null;
      buf: number[] = [];
      send(v: number) {
        const w = this.waiting;
        if (w !== null) {
          this.waiting = null;
          schedule(w, v);
        } else this.buf.push(v);
      }
      recv(cb: (v: number) => void) {
        if (this.buf.length > 0) cb(this.buf.shift()!);
        else this.waiting = cb;
      }
    }
    const ping = new CbChannel();
    const pong = new CbChannel();
    let echoed = 0;
    const echo = (v: number) => {
      pong.send(v + 1);
      if (++echoed < trips) ping.recv(echo);
    };
    ping.recv(echo);
    let sum = 0;
    let i = 0;
    const onReply = (v: number) => {
      sum += v;
      if (++i < trips) {
        ping.send(i);
        pong.recv(onReply);
      } else resolve(sum);
    };
    schedule(() => {
      ping.send(0);
      pong.recv(onReply);
    }, 0);
  });
}

// ---- driver -----------------------------------------------------------------

async function child(impl: Impl, messages: number): Promise<void> {
  const f =
    impl === "genfut-mpsc"
      ? () => genfut(messages, true)
      : impl === "genfut-unbounded"
        ? () => genfut(messages, false)
        : impl === "native-promise"
          ? () => nativePromise(messages)
          : () => rawCallback(messages);
  if (impl.startsWith("genfut")) await import("../lib"); // module loading is not timed
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sum = await f();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  if (sum !== expected(messages)) throw new Error(`${impl}: wrong sum ${sum}, expected ${expected(messages)}`);
  process.stdout.write(JSON.stringify({ impl, ms, cpuMs: (c.user + c.system) / 1000 }) + "\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** How a child is started: this file under ts-node, or its compiled twin under plain node. */
let childArgs: string[] = ["-r", "ts-node/register/transpile-only", __filename];

/** Compiles the project to a temporary folder and points `childArgs` at the compiled bench. */
function compile(): void {
  // Inside the project, so the compiled files still find node_modules.
  const root = path.join(__dirname, "..");
  const out = path.join(root, "node_modules", ".cache", "genfut-w4");
  fs.rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", root, "--noEmit", "false", "--outDir", out], { stdio: "ignore" });
  } catch {
    // Type errors elsewhere in a tree being worked on still emit JavaScript.
  }
  const js = path.join(out, "bench", "w4-pingpong.js");
  if (!fs.existsSync(js)) throw new Error(`tsc produced no ${js}`);
  childArgs = [js];
}

/** One timed run of `impl` in a fresh process; retried once if the process dies (a loaded machine can kill it). */
function sample(impl: Impl, messages: number): { ms: number; cpuMs: number } {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync(process.execPath, [...childArgs, "--child", impl, String(messages)], {
        encoding: "utf8",
        cwd: __dirname + "/..",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return JSON.parse(out.trim().split("\n").pop()!);
    } catch (e) {
      if (attempt >= 2) throw new Error(`${impl} failed twice: ${String((e as { stderr?: string }).stderr ?? e).slice(0, 500)}`);
    }
  }
}

function parent(rounds: number, messages: number): void {
  const wall = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
  const cpu = new Map<Impl, number[]>(IMPLS.map((i) => [i, []]));
  for (let r = 0; r < rounds; r++) {
    for (const impl of IMPLS) {
      const s = sample(impl, messages);
      wall.get(impl)!.push(s.ms);
      cpu.get(impl)!.push(s.cpuMs);
    }
  }
  // Wall time is what the bench reports; CPU time (user + system of the child)
  // is printed too because it holds up better on a machine shared with other work.
  const baseWall = median(wall.get("native-promise")!);
  const baseCpu = median(cpu.get("native-promise")!);
  const mode = childArgs.length === 1 ? "compiled JS" : "ts-node";
  console.log(`W4 ping-pong, ${messages.toLocaleString("en-US")} messages, ${rounds} interleaved rounds, medians (node ${process.version}, ${mode}, load ${loadavg()})`);
  console.log("impl               wall ms  ns/msg  vs native |  cpu ms  vs native | wall samples");
  for (const impl of IMPLS) {
    const w = median(wall.get(impl)!);
    const c = median(cpu.get(impl)!);
    console.log(
      `${impl.padEnd(18)} ${w.toFixed(1).padStart(7)} ${((w * 1e6) / messages).toFixed(0).padStart(7)} ${(w / baseWall).toFixed(2).padStart(9)}x | ${c.toFixed(1).padStart(7)} ${(c / baseCpu).toFixed(2).padStart(9)}x | ${wall
        .get(impl)!
        .map((t) => t.toFixed(0))
        .join(" ")}`,
    );
  }
}

function loadavg(): string {
  return os.loadavg()[0].toFixed(1);
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  child(args[1] as Impl, Number(args[2])).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const nums = args.filter((a) => !a.startsWith("--"));
  if (args.includes("--js")) compile();
  parent(Number(nums[0] ?? 5), Number(nums[1] ?? 1_000_000));
}
