/**
 * `spawnBlocking(fn, ...args)`: CPU-heavy work on a pool of worker threads.
 *
 * Why piscina (and not a pool of our own, or `workerpool`, or `tinypool`):
 * it is maintained by Node.js core contributors and widely deployed; it
 * queues tasks, sizes the pool to the machine, replaces a worker that
 * crashed, lets idle workers go (`unref`ed, so an idle pool never keeps the
 * process alive), and takes an `AbortSignal` per task, which is exactly the
 * seam `fromPromise((signal) => ..)` already has. `workerpool` has no
 * AbortSignal; `tinypool` is a fork tuned for test runners; our own would
 * have to re-solve crash recovery and queueing.
 *
 * Functions cross to the worker as source text: `fn` must not use variables
 * from its enclosing scope (pass them as `args`), and its arguments and
 * result must be structured-cloneable.
 */
import { checkFunction } from "../core/check";
import * as path from "node:path";
import { cpus } from "node:os";
import Piscina from "piscina";
import { Future } from "../core/future";
import { FromPromise } from "./from-promise";

let pool: Piscina | null = null;

function thePool(): Piscina {
  // Made on first use: a program that never calls spawnBlocking starts no threads.
  return (pool ??= new Piscina({
    filename: path.join(__dirname, "blocking-worker.js"),
    minThreads: 0,
    maxThreads: Math.max(1, cpus().length),
    idleTimeout: 2_000,
  }));
}

/**
 * Runs `fn(...args)` on a worker thread and completes with its result (or
 * throws its error). The call is queued until a worker is free.
 *
 * Cancelling the future drops the result; better, it aborts the call: a
 * queued call is removed from the queue, and a running one has its worker
 * terminated (piscina replaces it), so cancelled work stops using a CPU.
 *
 * `fn` travels as source text, so it must be self-contained: take what it
 * needs as arguments (structured-cloneable), as you would for a `Worker`.
 * `require` is in scope inside it, for Node's modules (`crypto`, `zlib`).
 *
 * @example
 * const primes = yield* spawnBlocking((n: number) => {
 *   let count = 0;
 *   for (let i = 2; i < n; i++) { let p = true; for (let d = 2; d * d <= i; d++) if (i % d === 0) { p = false; break; } if (p) count++; }
 *   return count;
 * }, 5_000_000);
 */
export function spawnBlocking<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<Awaited<R>> {
  checkFunction("spawnBlocking(fn, ...args)", "fn", fn);
  const source = fn.toString();
  if (source.includes("[native code]")) throw new TypeError("spawnBlocking() cannot send a native or bound function to a worker: pass a plain function");
  const task = { source, args };
  return new FromPromise<Awaited<R>>((signal) => thePool().run(task, { signal }), `spawnBlocking(${fn.name || "anonymous"})`);
}

/**
 * Stops the worker pool (waiting for running calls). Rarely needed: idle
 * workers already let the process exit. For tests and embedders.
 *
 * @example
 * await shutdownBlockingPool();
 */
export async function shutdownBlockingPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p !== null) await p.destroy();
}
