/**
 * select-timeout: racing work against a deadline, with visible cleanup.
 *
 * `select(work(), sleep(deadline))` gives whichever finishes first. The loser
 * is cancelled: its `finally` block runs (here it even waits, to "close a
 * connection"), and `select` returns only after that cleanup has finished.
 * Nothing keeps running in the background, and no timer is left behind.
 * For contrast, the same race with `Promise.race` leaves its loser running.
 *
 * Run: npm run sample -- select-timeout
 */
import { now, run, select, sleep } from "../lib";

let t0 = 0;
const log = (msg: string) => console.log(`  [${String(Math.round((now() - t0) / 10) * 10).padStart(3)} ms] ${msg}`);

/** A job that takes `ms`, and needs 30 ms to close its connection when stopped early. */
function* fetchReport(ms: number) {
  log(`fetchReport: connected, working for ${ms} ms`);
  let finished = false;
  try {
    yield* sleep(ms);
    finished = true;
    return `report (${ms} ms of work)`;
  } finally {
    if (!finished) {
      log("fetchReport: cancelled; closing the connection...");
      yield* sleep(30); // asynchronous cleanup: select waits for it
      log("fetchReport: connection closed");
    }
  }
}

function* withDeadline(workMs: number, deadlineMs: number) {
  t0 = now();
  console.log(`work of ${workMs} ms, deadline ${deadlineMs} ms:`);
  const r = yield* select(fetchReport(workMs), sleep(deadlineMs));
  if (r.index === 0) log(`select: got ${r.value}`);
  else log("select: deadline passed, and the work's cleanup has already finished");
}

async function promiseRace(): Promise<void> {
  console.log("the same race with Promise.race (work of 200 ms, deadline 50 ms):");
  const start = Date.now();
  const say = (m: string) => console.log(`  [${String(Math.round((Date.now() - start) / 10) * 10).padStart(3)} ms] ${m}`);
  const work = new Promise<string>((resolve) => setTimeout(() => (say("work: still ran to the end, nobody listening"), resolve("report")), 200));
  let timer!: NodeJS.Timeout;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(resolve, 50, null)));
  const r = await Promise.race([work, deadline]);
  clearTimeout(timer);
  say(`Promise.race: ${r === null ? "deadline passed" : r}; the work keeps going...`);
  await work;
}

run(function* main() {
  yield* withDeadline(40, 100);
  console.log();
  yield* withDeadline(200, 50);
  console.log();
}).then(promiseRace).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
