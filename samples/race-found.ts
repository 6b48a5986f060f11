/**
 * race-found: explore finds a lost update that an ordinary test never sees,
 * shrinks it to the one preemption that causes it, and replays it.
 *
 * A payroll job credits an account and schedules the monthly fee "a
 * millisecond later, after the audit write". Each credit reads the balance,
 * awaits the audit (1 ms), then writes. Run once, in the plain FIFO order, the
 * test passes. `explore` runs it under many schedules; when the fee's timer
 * and the audit's fire on the same millisecond and the fee runs first, the
 * payroll's write overwrites the fee. The error names the seed, the shrunk
 * schedule, and ends with the trace of the failing run, where the preemption
 * is marked. `replay` runs that schedule again, exactly; the fixed version
 * (no await between read and write) passes every schedule.
 *
 * Run: npx ts-node samples/race-found.ts
 */
import { sleep, spawn } from "../lib";
import { ExploreError, explore, replay } from "../lib/sim";

function accounts(fixed: boolean) {
  return function* test() {
    const account = { balance: 100 };
    function* credit(amount: number) {
      if (fixed) {
        yield* sleep(1); // the audit write, then a read-modify-write with no await inside
        account.balance += amount;
        return;
      }
      const before = account.balance;
      yield* sleep(1); // the audit write
      account.balance = before + amount;
    }
    const payroll = spawn(function* payroll() {
      yield* sleep(10);
      const fee = spawn(function* fee() {
        yield* sleep(1);
        yield* credit(-10);
      });
      yield* credit(50);
      yield* fee;
    });
    yield* payroll;
    if (account.balance !== 140) throw new Error(`balance is ${account.balance}, expected 140`);
  };
}

console.log("1. The plain FIFO schedule, as an ordinary test runs it:");
replay(accounts(false), "0@/");
console.log("   passes.\n");

console.log("2. explore(test, { strategy: 'pct' }) over many schedules:");
let schedule = "";
try {
  explore(accounts(false), { strategy: "pct", seed: 2026 });
  console.log("   found nothing (unexpected)");
  process.exitCode = 1;
} catch (e) {
  if (!(e instanceof ExploreError)) throw e;
  schedule = e.schedule;
  console.log(e.message.replace(/^/gm, "   "));
  console.log(`\n   .seed ${e.seed}, .schedule "${e.schedule}", .preemptions ${e.preemptions}, .cause: ${(e.cause as Error).message}\n`);
}

console.log(`3. replay(test, "${schedule}") fails the same way:`);
try {
  replay(accounts(false), schedule);
  console.log("   it passed (unexpected)");
  process.exitCode = 1;
} catch (e) {
  console.log(`   ${(e as ExploreError).message.split("\n")[1]}\n`);
}

console.log("4. The fixed version under 1,000 schedules:");
const r = explore(accounts(true), { runs: 1000, seed: 2026 });
console.log(`   passes: ${r.runs} runs, ${r.distinct} distinct schedules.`);
