/**
 * Five small programs with a concurrency bug each, written as a user would,
 * and their fixed versions. Every buggy one passes under the plain FIFO
 * schedule (the one an ordinary test runs) and fails under some other.
 */
import { Mutex, Notify, mpsc, select, sleep, spawn, join } from "../../lib";
import type { Sim } from "../../lib/sim";

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

// ---- 1. lost update: read-modify-write across a yield* ---------------------

/**
 * Payroll credits an account and schedules the monthly fee a millisecond
 * later, "after the audit write (1 ms) is done". Each credit reads the
 * balance, awaits the audit write, then writes. When the fee's timer and the
 * audit's fire on the same tick and the fee runs first, payroll's write
 * overwrites the fee.
 */
export function lostUpdate(fixed: boolean) {
  return function* accounts(): Generator<unknown, void, unknown> {
    const account = { balance: 100 };
    const audit: string[] = [];
    function* credit(amount: number): Generator<unknown, void, unknown> {
      if (fixed) {
        yield* sleep(1); // the audit write first, then the read-modify-write with no await inside
        audit.push(`${amount}`);
        account.balance += amount;
        return;
      }
      const before = account.balance;
      yield* sleep(1); // the audit write
      audit.push(`${amount}`);
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
    check(account.balance === 140, `balance is ${account.balance}, expected 140 (audit: ${audit.join(", ")})`);
  };
}

// ---- 2. ABBA deadlock between two Mutexes ----------------------------------

/**
 * Two transfers between the same two accounts, the second starting a
 * millisecond after the first, each locking its source, loading it (1 ms),
 * then locking its destination. When the second runs first at that tick, each
 * holds the lock the other wants.
 */
export function abba(fixed: boolean) {
  return function* transfers(): Generator<unknown, void, unknown> {
    const a = new Mutex({ name: "a", balance: 100 });
    const b = new Mutex({ name: "b", balance: 100 });
    function* transfer(from: Mutex<{ name: string; balance: number }>, to: Mutex<{ name: string; balance: number }>, amount: number): Generator<unknown, void, unknown> {
      // The fix: always lock in one global order (by name).
      const [first, second] = fixed && from === b ? [to, from] : [from, to];
      using g1 = yield* first.lock();
      yield* sleep(1); // load the first account
      using g2 = yield* second.lock();
      const [src, dst] = first === from ? [g1, g2] : [g2, g1];
      src.value.balance -= amount;
      dst.value.balance += amount;
    }
    const t1 = spawn(function* ab() {
      yield* transfer(a, b, 10);
    });
    const t2 = spawn(function* ba() {
      yield* sleep(1);
      yield* transfer(b, a, 20);
    });
    yield* join(t1, t2);
    const total = (yield* a.lock()).value.balance + (yield* b.lock()).value.balance;
    check(total === 200, `total is ${total}, expected 200`);
  };
}

// ---- 3. missed wake-up: check-then-wait on a Notify ---------------------------

/**
 * A worker waits for its configuration: it checks the flag, logs that it is
 * waiting (an await), and only then starts waiting on the Notify. The loader
 * sets the flag and calls notifyWaiters(). If the loader runs between the
 * check and the wait, the notification goes to nobody and the worker waits
 * forever. The fix creates the `notified()` future before checking, as tokio
 * documents: a notifyWaiters() after its creation counts.
 */
export function missedWakeup(fixed: boolean) {
  return function* startup(): Generator<unknown, void, unknown> {
    const config = { loaded: false };
    const changed = new Notify();
    const log: string[] = [];
    const worker = spawn(function* worker() {
      for (;;) {
        const wake = fixed ? changed.notified() : null;
        if (config.loaded) break;
        yield* sleep(1); // log "waiting for config"
        log.push("waiting for config");
        yield* wake ?? changed.notified();
      }
      return "started";
    });
    const loader = spawn(function* loader() {
      yield* sleep(1);
      config.loaded = true;
      changed.notifyWaiters();
    });
    const [state] = yield* join(worker, loader);
    check(state === "started", "worker did not start");
  };
}

// ---- 4. a select whose losing branch drops the message it took ---------------

/**
 * A consumer polls for jobs with a 3 ms idle tick. Its `nextJob` branch takes
 * the job off the channel, then awaits an audit write (2 ms) before returning
 * it. A job sent at t=4 is audited at t=6, when the tick is due too; when select
 * polls the tick first, `nextJob` is cancelled with the job in hand, and the
 * job is gone. The fix makes the branch the receive itself (cancel-safe) and
 * audits after the select.
 */
export function selectDrop(fixed: boolean) {
  return function* consumer(): Generator<unknown, void, unknown> {
    const [tx, rx] = mpsc.channel<string>(4);
    const done: string[] = [];
    function* nextJob(): Generator<unknown, string | undefined, unknown> {
      const job = yield* rx.recv();
      if (!fixed && job !== undefined) yield* sleep(2); // audit "taken"
      return job;
    }
    const producer = spawn(function* producer() {
      yield* sleep(4);
      yield* tx.send("job-1");
      tx.close();
    });
    for (;;) {
      const r = yield* select(sleep(3), nextJob());
      if (r.index === 0) continue; // idle tick
      if (r.value === undefined) break; // closed and drained
      if (fixed) yield* sleep(2); // audit "taken", outside the select
      done.push(r.value);
    }
    yield* producer;
    check(done.length === 1, `processed ${JSON.stringify(done)}, expected ["job-1"]`);
  };
}

// ---- 5. a crash between two writes -------------------------------------------

/**
 * A bank host moves money between two records of its "disk" (state kept
 * outside its tasks, which survives a restart): debit, fsync (1 ms), credit.
 * An operator restarts the bank at t=11 ms, meaning it to land after the
 * nightly transfer that starts at t=10 ms; when the restart runs first on
 * that tick, the debit is on disk and the credit never happens. The fix
 * writes both records in one step (one fsync for the pair).
 */
export function crashBetweenWrites(fixed: boolean) {
  return (sim: Sim): void => {
    const disk = { a: 100, b: 0 };
    sim.host("bank", function* bank() {
      yield* sleep(10);
      if (disk.a < 30) return; // already moved
      if (fixed) {
        yield* sleep(1); // fsync of the pair, then both writes at once
        disk.a -= 30;
        disk.b += 30;
        return;
      }
      disk.a -= 30;
      yield* sleep(1); // fsync
      disk.b += 30;
    });
    sim.host("operator", function* operator() {
      yield* sleep(10);
      yield* sleep(1);
      sim.bounce("bank");
    });
    sim.client("auditor", function* auditor() {
      yield* sleep(50);
      check(disk.a + disk.b === 100, `disk holds a=${disk.a} b=${disk.b}: ${100 - disk.a - disk.b} lost`);
    });
  };
}

/** The five, by name. */
export const PROGRAMS = {
  "lost update": lostUpdate,
  "ABBA deadlock": abba,
  "missed wake-up": missedWakeup,
  "select drops a message": selectDrop,
  "crash between two writes": crashBetweenWrites,
} as const;
