/**
 * stuck: a program that hangs, and explains why.
 *
 * Two tasks take two locks in opposite orders (a deadlock), and a third
 * awaits a hand-written leaf future that forgets to store its waker (a lost
 * waker). Instead of hanging or exiting silently, genfut reports:
 *
 * - the lost waker, as soon as the task goes idle (`onLostWaker`);
 * - when nothing is left that could wake `main`, a `DeadlockError` whose task
 *   dump shows every task, what it waits on, and where it was spawned.
 *
 * While it runs, `kill -USR2 <pid>` prints the same dump (`dumpOnSignal`).
 *
 * Run: npm run sample -- stuck
 */
import { Context, DeadlockError, Future, Mutex, Pending, Poll, run, sleep, spawn } from "../lib";

/** A broken leaf: it returns Pending but never stores `cx.waker`, so nobody can ever wake its task. */
class Doorbell extends Future<void> {
  rung = false;
  poll(_cx: Context): Poll<void> {
    if (this.rung) return;
    return Pending; // BUG: should be `this.waker = _cx.waker` first
  }
  override describe(): string {
    return "doorbell(front door)";
  }
}

function* transfer(from: Mutex<number>, to: Mutex<number>, amount: number) {
  using a = yield* from.lock();
  yield* sleep(10); // long enough for the other transfer to take its first lock
  using b = yield* to.lock();
  a.value -= amount;
  b.value += amount;
}

run(
  function* main() {
    const checking = new Mutex(100);
    const savings = new Mutex(500);
    spawn(function* visitor() {
      yield* new Doorbell();
    });
    const t1 = spawn(() => transfer(checking, savings, 10), { name: "pay-rent" });
    const t2 = spawn(() => transfer(savings, checking, 50), { name: "top-up" });
    yield* t1;
    yield* t2;
    console.log("done (never printed)");
  },
  {
    captureSpawnSite: true,
    dumpOnSignal: true,
    onLostWaker: (r) => console.log(`lost waker: task "${r.task.name}" waits on ${r.waitingOn}; nothing can wake it\n  spawned at ${r.spawnSite}\n`),
  },
).catch((e) => {
  if (!(e instanceof DeadlockError)) throw e;
  console.log(String(e));
});
