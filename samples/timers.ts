/**
 * timers: sleep, interval and timeout — including what a timeout does to
 * the work it cuts short (its `finally` runs, even an async one, before the
 * `TimeoutError` reaches you) — and a paused clock that sleeps an hour at once.
 *
 * Run: npm run sample -- timers
 */
import { interval, now, run, Runtime, sleep, spawn, timeout, TimeoutError } from "../lib";

const t = (): string => `${Math.round(now())}ms`.padStart(6);

/** Pretends to fetch something slowly, and cleans up after itself when cancelled. */
function* slowFetch(what: string, ms: number) {
  console.log(`${t()}  fetch ${what}: started`);
  let done = false;
  try {
    yield* sleep(ms);
    done = true;
    console.log(`${t()}  fetch ${what}: done`);
    return `${what} (${ms}ms)`;
  } finally {
    if (!done) {
      // Cancelled: an async cleanup, awaited before timeout() throws.
      console.log(`${t()}  fetch ${what}: cancelled, closing the connection...`);
      yield* sleep(20);
      console.log(`${t()}  fetch ${what}: connection closed`);
    }
  }
}

run(function* main() {
  console.log("1. sleep: in sequence the durations add up, in parallel they overlap");
  const t0 = now();
  yield* sleep(30);
  yield* sleep(30);
  const seq = now() - t0;
  const t1 = now();
  const a = spawn(sleep(30));
  const b = spawn(sleep(30));
  yield* a;
  yield* b;
  console.log(`        two 30ms sleeps: ${Math.round(seq)}ms in sequence, ${Math.round(now() - t1)}ms spawned side by side`);

  console.log("2. interval: the first tick is immediate; after a stall, 'skip' realigns to the grid");
  const iv = interval(40, { missedTick: "skip" });
  const start = now();
  for (let i = 0; i < 5; i++) {
    const scheduled = yield* iv.tick();
    console.log(`        tick ${i} scheduled at +${Math.round(scheduled - start)}ms, came at +${Math.round(now() - start)}ms`);
    if (i === 1) yield* sleep(100); // a stall: two ticks are missed
  }
  iv.close();

  console.log("3. timeout: the fast fetch wins; the slow one is cancelled, and cleans up first");
  const ok = yield* timeout(200, slowFetch("fast", 50));
  console.log(`${t()}  got ${ok}`);
  try {
    yield* timeout(100, slowFetch("slow", 10_000));
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`${t()}  ${e.name}: ${e.message}`);
  }

  console.log("4. a paused clock: an hour of sleeping, at once");
  const rt = new Runtime({ startPaused: true });
  const hour = rt.blockOn(function* () {
    yield* sleep(3_600_000);
    return now();
  });
  console.log(`        the paused clock reads ${hour}ms`);
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
