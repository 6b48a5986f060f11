import { expect } from "chai";
import { DeadlockError, JoinError, Notify, RuntimeError, Runtime, fromPromise, mpsc, now, random, sleep, spawn, yieldNow } from "../../lib";
import { Sim, SimError } from "../../lib/sim";
import { failureOf } from "../support/sim";
import { runTs } from "../support/child";
import { systemUnderTest } from "./system";

describe("Sim", () => {
  describe("run()", () => {
    it("runs the clients to completion on a paused clock and reports seed, elapsed time and steps", () => {
      const sim = new Sim({ seed: 42 });
      let at = -1;
      sim.client("c", function* () {
        yield* sleep(3_599_999);
        at = now();
      });
      const r = sim.run();
      expect(at).to.equal(3_599_999);
      expect(r).to.deep.include({ seed: 42, elapsed: 3_599_999, trace: [] });
      expect(r.steps).to.equal(2);
    });

    it("draws a seed when none is given, and reports it", () => {
      const sim = new Sim();
      sim.client("c", function* () {});
      const r = sim.run();
      expect(Number.isSafeInteger(r.seed)).to.equal(true);
      expect(r.seed).to.equal(sim.seed);
    });

    it("ends when the clients are done, whatever the hosts are still doing", () => {
      const sim = new Sim({ seed: 1 });
      let ticks = 0;
      sim.host("ticker", function* () {
        for (;;) {
          yield* sleep(10);
          ticks++;
        }
      });
      sim.client("c", function* () {
        yield* sleep(35);
      });
      expect(sim.run().elapsed).to.equal(35);
      expect(ticks).to.equal(3);
    });

    it("puts every task a host's main spawns in the host's group, and traces it as host/task", () => {
      const sim = new Sim({ seed: 3, trace: true });
      sim.host("db", function* db() {
        spawn(function* flusher() {
          yield* sleep(1);
        });
        yield* sleep(2);
      });
      sim.client("app", function* app() {
        yield* sleep(5);
      });
      const { trace } = sim.run();
      expect(trace.join("\n")).to.match(/spawn db\/flusher#\d+/).and.match(/run db\/flusher#\d+/).and.match(/end db\/db#\d+: ok/).and.match(/clock → 5ms/);
    });

    it("gives the same trace for the same seed, twice in one process", () => {
      const traces = [1, 2].map(() => {
        const sim = new Sim({ seed: 99, trace: true });
        systemUnderTest(sim);
        return sim.run().trace.join("\n");
      });
      expect(traces[0].length).to.be.greaterThan(500);
      expect(traces[1]).to.equal(traces[0]);
    });

    it("runs the same schedule whether the trace is on or off", () => {
      const outcome = (trace: boolean) => {
        const order: string[] = [];
        const sim = new Sim({ seed: 21, trace });
        sim.client("c", function* () {
          const hs = [0, 1, 2, 3, 4, 5].map((i) =>
            spawn(function* () {
              for (let k = 0; k < 3; k++) {
                order.push(`${i}.${k}`);
                yield* sleep(1);
              }
            }),
          );
          for (const h of hs) yield* h;
        });
        const r = sim.run();
        return { order, steps: r.steps };
      };
      expect(outcome(true)).to.deep.equal(outcome(false));
    });

    it("gives the same trace for the same seed in two separate processes", async function () {
      this.timeout(120_000);
      const child = () => runTs("spec/fixtures/sim-trace.ts", ["1234"], { timeoutMs: 100_000 });
      const [a, b] = await Promise.all([child(), child()]);
      expect(a.code, a.stderr).to.equal(0);
      expect(b.stdout).to.equal(a.stdout);
      const sim = new Sim({ seed: 1234, trace: true });
      systemUnderTest(sim);
      expect(JSON.parse(a.stdout).lines).to.equal(sim.run().trace.length);
    });

    it("gives many different traces over 100 seeds", () => {
      const distinct = new Set<string>();
      for (let seed = 0; seed < 100; seed++) {
        const sim = new Sim({ seed, trace: true });
        systemUnderTest(sim);
        distinct.add(sim.run().trace.join("\n"));
      }
      // Measured: 100 of 100 distinct.
      expect(distinct.size).to.be.greaterThan(90);
    });

    it("feeds random() from the seed", () => {
      const draw = (seed: number) => {
        let v = -1;
        new Sim({ seed })
          .client("c", function* () {
            v = random();
          })
          .run();
        return v;
      };
      expect(draw(5)).to.equal(draw(5));
      expect(draw(5)).to.not.equal(draw(6));
    });

    it("moves the clock only when every task is idle, not while tasks keep yielding to each other", () => {
      const sim = new Sim({ seed: 12 });
      const seen: number[] = [];
      sim.host("spinner", function* () {
        for (let i = 0; i < 5; i++) {
          seen.push(now());
          yield* yieldNow();
        }
      });
      sim.client("c", function* () {
        yield* sleep(10);
      });
      sim.run();
      expect(seen).to.deep.equal([0, 0, 0, 0, 0]);
    });

    it("reports a livelock (tasks forever yielding, the clock never moving) instead of hanging", function () {
      this.timeout(20_000);
      const sim = new Sim({ seed: 12 });
      sim.client("c", function* spin() {
        for (;;) yield* yieldNow();
      });
      const e = failureOf(sim);
      expect(e.kind).to.equal("deadlock");
      expect((e.cause as Error).message).to.match(/livelock: 1000000 polls/);
    });

    it("runs a Sim only once", () => {
      const sim = new Sim({ seed: 1 }).client("c", function* () {});
      sim.run();
      expect(() => sim.run()).to.throw(RuntimeError, /runs once/);
    });

    it("needs a client", () => {
      expect(() => new Sim({ seed: 1 }).host("h", function* () {}).run()).to.throw(RuntimeError, /needs a client/);
    });

    it("refuses to run inside a running runtime", () => {
      const sim = new Sim({ seed: 1 }).client("c", function* () {});
      expect(() => new Runtime({ startPaused: true }).blockOn(function* () {
        sim.run();
      })).to.throw(RuntimeError, /inside a running runtime/);
    });
  });

  describe("failures", () => {
    it("throws a SimError with the client's own error as cause, the host and the seed", () => {
      const boom = new Error("boom");
      const sim = new Sim({ seed: 8 });
      sim.client("checker", function* () {
        yield* sleep(7);
        throw boom;
      });
      const e = failureOf(sim);
      expect(e.cause).to.equal(boom);
      expect(e).to.deep.include({ seed: 8, host: "checker", kind: "client", at: 7 });
      expect(e.message).to.match(/seed 8.*t=7ms.*client "checker" failed: boom/);
    });

    it("fails when a task nobody joins fails, naming its host", () => {
      const sim = new Sim({ seed: 2 });
      sim.host("db", function* () {
        spawn(function* compactor() {
          yield* sleep(3);
          throw new TypeError("bad page");
        });
        yield* sleep(100);
      });
      sim.client("c", function* () {
        yield* sleep(50);
      });
      const e = failureOf(sim);
      expect(e).to.deep.include({ host: "db", kind: "task", at: 3 });
      expect(e.cause).to.be.instanceOf(TypeError);
      expect(e.message).to.match(/db\/compactor#\d+ failed and nobody joined it/);
    });

    it("does not count a failed task that someone joins", () => {
      const sim = new Sim({ seed: 2 });
      sim.client("c", function* () {
        const h = spawn(function* failing() {
          throw new Error("expected");
        });
        try {
          yield* h;
        } catch (e) {
          expect(e).to.be.instanceOf(JoinError);
        }
      });
      expect(sim.run().elapsed).to.equal(0);
    });

    it("reports a deadlock with the dump as cause, at the time it happened, not at maxTime", () => {
      const sim = new Sim({ seed: 4 });
      const n = new Notify();
      sim.host("waiter", function* () {
        yield* sleep(20);
        yield* n.notified();
      });
      sim.client("c", function* stuck() {
        yield* sleep(10);
        yield* n.notified();
      });
      const e = failureOf(sim);
      expect(e.kind).to.equal("deadlock");
      expect(e.host).to.equal(null);
      expect(e.at).to.equal(20);
      expect(e.cause).to.be.instanceOf(DeadlockError);
      expect(String((e.cause as Error).message)).to.match(/#\d+ c\/stuck \[idle.*waiting on Notify/).and.not.match(/yieldNow/);
    });

    it("fails when simulated time would pass maxTime", () => {
      const sim = new Sim({ seed: 4, maxTime: 1000 });
      sim.host("ticker", function* () {
        for (;;) yield* sleep(300);
      });
      sim.client("c", function* () {
        yield* sleep(5000);
      });
      const e = failureOf(sim);
      expect(e.kind).to.equal("maxTime");
      expect(e.at).to.equal(900);
      expect(e.message).to.match(/maxTime \(1000ms\)/);
    });

    it("defaults maxTime to one hour", () => {
      const sim = new Sim({ seed: 4 });
      sim.client("c", function* () {
        yield* sleep(3_600_001);
      });
      expect(failureOf(sim).kind).to.equal("maxTime");
    });

    it("fails with an error naming fromPromise instead of waiting for Node's event loop", () => {
      const sim = new Sim({ seed: 4 });
      sim.client("c", function* fetcher() {
        yield* fromPromise(new Promise<void>(() => {}));
      });
      const e = failureOf(sim);
      expect(e.kind).to.equal("io");
      expect(e.host).to.equal("c");
      expect((e.cause as Error).message).to.match(/fromPromise\(promise\) needs Node's real event loop.*c\/fetcher#\d+/);
    });
  });

  describe("crash() and bounce()", () => {
    it("stops a host's tasks where they stand, without running their finally blocks", () => {
      const sim = new Sim({ seed: 6, trace: true });
      const seen: string[] = [];
      sim.host("db", function* () {
        spawn(function* child() {
          try {
            yield* sleep(100);
            seen.push("child woke");
          } finally {
            seen.push("child finally");
          }
        });
        try {
          yield* sleep(100);
          seen.push("main woke");
        } finally {
          seen.push("main finally");
        }
      });
      sim.client("chaos", function* () {
        yield* sleep(10);
        sim.crash("db");
        yield* sleep(200);
      });
      const r = sim.run();
      expect(seen).to.deep.equal([]);
      expect(r.trace.join("\n")).to.match(/10ms {2}crash db: 2 tasks stopped/);
    });

    it("runs the host's main again on the same clock after bounce, keeping what lives outside its tasks", () => {
      const sim = new Sim({ seed: 6, trace: true });
      const disk = { boots: [] as number[] };
      sim.host("db", function* () {
        disk.boots.push(now());
        yield* sleep(1000);
      });
      sim.client("ops", function* () {
        yield* sleep(10);
        sim.bounce("db");
        yield* sleep(5);
        sim.bounce("db");
      });
      const r = sim.run();
      expect(disk.boots).to.deep.equal([0, 10, 15]);
      expect(r.trace.join("\n")).to.match(/10ms {2}bounce db: 1 task stopped/).and.match(/15ms {2}start host db/);
    });

    it("lets a host crash itself: it stops at its next yield*", () => {
      const sim = new Sim({ seed: 6 });
      const seen: string[] = [];
      sim.host("self", function* () {
        yield* sleep(1);
        sim.crash("self");
        seen.push("after crash, same turn");
        yield* sleep(1);
        seen.push("never");
      });
      sim.client("c", function* () {
        yield* sleep(10);
      });
      sim.run();
      expect(seen).to.deep.equal(["after crash, same turn"]);
    });

    it("starts a host crashed before run() as down, and a bounced one normally", () => {
      const sim = new Sim({ seed: 6 });
      const started: string[] = [];
      sim.host("a", function* () {
        started.push("a");
      });
      sim.host("b", function* () {
        started.push("b");
      });
      sim.client("c", function* () {});
      sim.crash("a");
      sim.bounce("b");
      sim.run();
      expect(started).to.deep.equal(["b"]);
    });

    it("fails the run when a client is crashed before its main returned", () => {
      const sim = new Sim({ seed: 6 });
      sim.host("chaos", function* () {
        yield* sleep(5);
        sim.crash("c");
      });
      sim.client("c", function* () {
        yield* sleep(10);
      });
      const e = failureOf(sim);
      expect(e).to.deep.include({ kind: "client", host: "c" });
      expect((e.cause as Error).message).to.match(/crashed before its main returned/);
    });

    it("refuses faults from outside the simulation and for unknown hosts", () => {
      const sim = new Sim({ seed: 6 });
      sim.client("c", function* () {});
      expect(() => sim.crash("nobody")).to.throw(RangeError, /no such host.*known: c/);
      sim.run();
      expect(() => sim.bounce("c")).to.throw(RuntimeError, /after the simulation ended/);
    });

    it("refuses a network fault naming an unknown host, or a host and itself", () => {
      const sim = new Sim({ seed: 6 });
      sim.host("a", function* () {});
      for (const op of ["partition", "repair", "hold", "release"] as const) {
        expect(() => sim[op]("a", "b")).to.throw(RangeError, new RegExp(`sim\\.${op}\\("b"\\): no such host`));
        expect(() => sim[op]("a", "a")).to.throw(RangeError, /a host has no link to itself/);
      }
    });
  });

  describe("options and registration", () => {
    it("checks every option, naming it and the value", () => {
      expect(() => new Sim({ seed: 1.5 })).to.throw(RangeError, /seed must be a safe integer, got 1.5/);
      expect(() => new Sim({ maxTime: 0 })).to.throw(RangeError, /maxTime .* got 0/);
      expect(() => new Sim({ latency: { min: 5, max: 1 } })).to.throw(RangeError, /latency .*"min":5/);
      expect(() => new Sim({ udpLoss: 1.5 })).to.throw(RangeError, /udpLoss .* got 1.5/);
      expect(() => new Sim({ trace: "yes" as unknown as boolean })).to.throw(TypeError, /trace must be a boolean/);
      expect(new Sim({ latency: { min: 1, max: 3 }, udpLoss: 0.25 }).latency).to.deep.equal({ min: 1, max: 3 });
    });

    it("checks host names and mains", () => {
      const sim = new Sim({ seed: 1 });
      sim.host("a", function* () {});
      expect(() => sim.host("a", function* () {})).to.throw(RangeError, /"a" is already registered/);
      expect(() => sim.client("", function* () {})).to.throw(TypeError, /name must be a non-empty string/);
      expect(() => sim.client("x/y", function* () {})).to.throw(TypeError, /without "\/"/);
      expect(() => sim.client("c", 5 as unknown as () => void)).to.throw(TypeError, /main must be a function/);
    });

    it("accepts a main that returns a future, and fails clearly on one that returns something else", () => {
      const ok = new Sim({ seed: 1 });
      ok.client("c", () => sleep(5));
      expect(ok.run().elapsed).to.equal(5);
      const bad = new Sim({ seed: 1 });
      bad.client("c", () => 42);
      expect((failureOf(bad).cause as Error).message).to.match(/must return a future or a generator object.*returned 42/);
    });

    it("takes sends on a channel between hosts like any other program", () => {
      const [tx, rx] = mpsc.channel<number>(1);
      const got: number[] = [];
      const sim = new Sim({ seed: 11 });
      sim.host("sink", function* () {
        for (;;) {
          const v = yield* rx.recv();
          if (v === undefined) return;
          got.push(v);
        }
      });
      sim.client("source", function* () {
        for (let i = 0; i < 5; i++) yield* tx.send(i);
        tx.close();
        yield* sleep(1);
      });
      sim.run();
      expect(got).to.deep.equal([0, 1, 2, 3, 4]);
    });
  });
});
