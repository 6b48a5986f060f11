import { expect } from "chai";
import { DeadlockError, JoinHandle, Runtime, blockOn, pending, run, sleep, spawn } from "../../lib";
import { Manual } from "../support";
import { ROOT, runTs } from "../support/child";

/** Lets Node's event loop turn `n` times (no clock involved). */
async function hostTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe("DeadlockError", () => {
  it("from blockOn lists every task and the cycle that holds the main future", () => {
    let err: DeadlockError | null = null;
    try {
      blockOn(function* main() {
        let hb: JoinHandle<void> | null = null;
        const ha = spawn(function* a() {
          yield* sleep(0);
          yield* hb!;
        });
        hb = spawn(function* b() {
          yield* ha;
        });
        yield* ha;
      }, { startPaused: true });
    } catch (e) {
      err = e as DeadlockError;
    }
    expect(err).to.be.instanceOf(DeadlockError);
    expect(err!.message).to.equal(
      [
        "deadlock: nothing can ever wake the main future of blockOn()",
        "3 live tasks at t=0ms:",
        "  #1 main [idle, 0ms old] waiting on JoinHandle(a) → #2 a waiting on JoinHandle(b) → #3 b waiting on JoinHandle(a) → #2 a (a cycle: these tasks wait on each other)",
        "  #2 a [idle, 0ms old] waiting on JoinHandle(b) → #3 b waiting on JoinHandle(a) → #2 a (a cycle: these tasks wait on each other)",
        "  #3 b [idle, 0ms old] waiting on JoinHandle(a) → #2 a waiting on JoinHandle(b) → #3 b (a cycle: these tasks wait on each other)",
      ].join("\n"),
    );
    expect(String(err!.dump)).to.equal(err!.message.slice(err!.message.indexOf("\n") + 1));
  });

  it("from a run() whose process would otherwise exit silently shows the cycle (spawn site included)", async function () {
    this.timeout(30_000);
    const r = await runTs("spec/diagnostics/fixtures/deadlock-explained.ts");
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^DeadlockError: deadlock: run\(\)'s main task "main" is waiting/);
    expect(r.stdout).to.match(/#2 consumer \[idle, [\d.]+ms old\] waiting on JoinHandle\(producer\) → #3 producer waiting on JoinHandle\(consumer\)/);
    expect(r.stdout).to.contain(`spawned at main (${ROOT}/spec/diagnostics/fixtures/deadlock-explained.ts:`);
  });
});

describe("run() with detectDeadlock", () => {
  it("rejects as soon as the runtime is idle with nothing registered, though another Node handle keeps the loop alive", async () => {
    const keepAlive = setInterval(() => {}, 1000);
    const cleanup: string[] = [];
    try {
      const p = run(
        function* stuck() {
          try {
            yield* spawn(function* helper() {
              yield* pending<void>();
            });
          } finally {
            cleanup.push("main's finally ran");
          }
        },
        { detectDeadlock: true },
      );
      let err: unknown = null;
      p.catch((e) => (err = e));
      await hostTurns(5);
      expect(err).to.be.instanceOf(DeadlockError);
      expect((err as Error).message).to.match(/^deadlock: run\(\)'s main task "stuck" is waiting, and no timer, I\/O source or deferred wake is left/);
      expect((err as Error).message).to.contain("#2 helper [idle, ");
      expect(cleanup).to.deep.equal(["main's finally ran"]);
    } finally {
      clearInterval(keepAlive);
    }
  });

  it("does not fire while a timer is registered, or without the option", async () => {
    const keepAlive = setInterval(() => {}, 1000);
    try {
      const rt = new Runtime({ detectDeadlock: true });
      const settled: string[] = [];
      const napper = rt.spawn(function* napper() {
        yield* sleep(60_000);
      });
      const timed = rt.run(function* waitsForNapper() {
        yield* napper;
      });
      timed.then(
        () => settled.push("timed"),
        () => settled.push("timed"),
      );
      const gate = new Manual<void>(); // woken from outside genfut: only detectDeadlock would misread it
      const plain = run(function* waitsForGate() {
        yield* gate;
      });
      plain.then(
        () => settled.push("plain"),
        () => settled.push("plain"),
      );
      await hostTurns(5);
      expect(settled).to.deep.equal([]);
      expect(rt.metrics().timers).to.equal(1);
      napper.abort(); // leave no timer behind
      gate.resolve();
      await hostTurns(2);
      expect(settled.sort()).to.deep.equal(["plain", "timed"]);
    } finally {
      clearInterval(keepAlive);
    }
  });

});
