/**
 * demo: what `npm start` runs — a short tour of what genfut can do today.
 *
 * Run: npm start
 */
import { run, sleep, spawn, now, Runtime } from "../lib";

function* worker(name: string, ms: number) {
  const t0 = now();
  yield* sleep(ms);
  return `${name} slept ${Math.round(now() - t0)}ms`;
}

run(function* tour() {
  console.log("1. spawn three tasks that sleep concurrently");
  const handles = [spawn(worker("a", 30)), spawn(worker("b", 10)), spawn(worker("c", 20))];
  for (const h of handles) console.log("   " + (yield* h));

  console.log("2. an hour of sleeping on a paused clock, instantly");
  const rt = new Runtime({ startPaused: true });
  const t = rt.blockOn(function* () {
    yield* sleep(3_600_000);
    return now();
  });
  console.log(`   the paused clock reads ${t}ms`);
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
