/**
 * async-seq-vs-concurrent: the same two jobs run one after the other, then
 * together with `join`. Sequential `yield*` takes the sum of the two; `join`
 * takes the longer one, because both are polled concurrently on one thread.
 * The log shows the steps interleaving in the concurrent run.
 *
 * (Rust's classic `async_seq` / `async_concurrent` with `do_one_thing` and
 * `do_another_thing`, in genfut.)
 *
 * Run: npm run sample -- async-seq-vs-concurrent
 */
import { join, now, run, sleep } from "../lib";

const STEP_MS = 100;

function* doOneThing(start: number) {
  for (let i = 1; i <= 3; i++) {
    yield* sleep(STEP_MS);
    console.log(`  [${pad(now() - start)}] one: step ${i} of 3`);
  }
  return "one";
}

function* doAnotherThing(start: number) {
  for (let i = 1; i <= 2; i++) {
    yield* sleep(STEP_MS);
    console.log(`  [${pad(now() - start)}] another: step ${i} of 2`);
  }
  return "another";
}

/** Elapsed time, rounded to 10 ms so the output reads the same from run to run. */
function pad(ms: number): string {
  return `${String(Math.round(ms / 10) * 10).padStart(4)} ms`;
}

function* asyncSeq() {
  const start = now();
  const a = yield* doOneThing(start);
  const b = yield* doAnotherThing(start);
  return { results: [a, b], elapsed: now() - start };
}

function* asyncConcurrent() {
  const start = now();
  const results = yield* join(doOneThing(start), doAnotherThing(start)); // typed [string, string]
  return { results, elapsed: now() - start };
}

run(function* main() {
  console.log(`sequential (yield* one, then yield* another): expect 3 + 2 steps = ${5 * STEP_MS} ms`);
  const seq = yield* asyncSeq();
  console.log(`  -> ${seq.results.join(", ")} in ${pad(seq.elapsed).trim()} (the sum)\n`);

  console.log(`concurrent (join(one, another)): expect max(3, 2) steps = ${3 * STEP_MS} ms`);
  const con = yield* asyncConcurrent();
  console.log(`  -> ${con.results.join(", ")} in ${pad(con.elapsed).trim()} (the maximum)`);
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
