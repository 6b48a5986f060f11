/**
 * producer-consumer: a bounded pipeline with backpressure.
 *
 * Four producers push jobs into an `mpsc.channel(8)`; one slow consumer takes
 * them out. Once 8 jobs are queued, every `yield* tx.send(job)` waits, so the
 * producers run exactly as fast as the consumer: the queue never holds more
 * than 8 jobs, and memory stays flat however many jobs flow through. Each
 * producer closes its own sender; the consumer's `recv()` gives `undefined`
 * once all four are closed and the queue is drained.
 *
 * Run: npm run sample -- producer-consumer
 * (GENFUT_SMOKE=1 runs a shorter version.)
 */
import { mpsc, MpscSender, now, run, sleep, spawn } from "../lib";

const PRODUCERS = 4;
const JOBS_EACH = process.env.GENFUT_SMOKE === "1" ? 50 : 250;
const CAPACITY = 8;
const CONSUMER_MS = 1; // the consumer is the slow stage: 1 ms per job

interface Job {
  producer: number;
  seq: number;
  payload: Uint8Array; // some weight, so a queue that grew would show in the heap
}

/** JS heap plus the ArrayBuffers behind the payloads. */
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function* producer(id: number, tx: MpscSender<Job>) {
  let waitedMs = 0;
  for (let seq = 0; seq < JOBS_EACH; seq++) {
    const job: Job = { producer: id, seq, payload: new Uint8Array(16 * 1024) };
    const t0 = now();
    yield* tx.send(job); // waits while CAPACITY jobs are queued: backpressure
    waitedMs += now() - t0;
  }
  tx.close();
  return waitedMs;
}

run(function* main() {
  const [tx, rx] = mpsc.channel<Job>(CAPACITY);
  const producers = [];
  for (let i = 0; i < PRODUCERS; i++) producers.push(spawn(producer(i, tx.clone()), { name: `producer-${i}` }));
  tx.close(); // only the clones are left; the channel ends when they close

  const start = now();
  const heapStart = memory();
  let received = 0;
  let maxQueued = 0;
  let maxHeapGrowth = 0;
  const nextSeq = new Array(PRODUCERS).fill(0);
  for (let job; (job = yield* rx.recv()) !== undefined; ) {
    if (job.seq !== nextSeq[job.producer]++) throw new Error(`producer ${job.producer}'s jobs came out of order`);
    received++;
    yield* sleep(CONSUMER_MS); // the slow part
    // Measured after the consumer's pause, when the producers have refilled
    // the queue: the same moment as the progress lines below.
    maxQueued = Math.max(maxQueued, rx.len());
    if (received % 100 === 0) {
      global.gc?.();
      maxHeapGrowth = Math.max(maxHeapGrowth, memory() - heapStart);
      console.log(`consumed ${received} jobs, ${rx.len()} queued (capacity ${CAPACITY})`);
    }
  }

  let waited = 0;
  for (const p of producers) waited += yield* p;
  const elapsed = now() - start;
  console.log(`all ${received} jobs consumed in ${elapsed.toFixed(0)} ms; the queue never held more than ${maxQueued} of ${CAPACITY}`);
  console.log(`producers spent ${(waited / PRODUCERS).toFixed(0)} ms each waiting for room: the slow consumer set the pace`);
  console.log(`memory grew at most ${(maxHeapGrowth / 1024 / 1024).toFixed(1)} MB while ${((received * 16) / 1024).toFixed(1)} MB of jobs flowed through`);
  if (received !== PRODUCERS * JOBS_EACH) throw new Error(`lost jobs: got ${received} of ${PRODUCERS * JOBS_EACH}`);
  if (maxQueued > CAPACITY) throw new Error("the queue grew past its capacity");
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
