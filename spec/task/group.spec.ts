import { expect } from "chai";
import { JoinError, JoinHandle, JoinSet, mpsc, Runtime, sleep, spawn } from "../../lib";
import { groupOf, killGroup, spawnInGroup, TaskGroup } from "../../lib/task/group";
import { joinErrorOf, Manual, pausedRuntime } from "../support";

/** A paused runtime that records the name of every task it polls. */
function recordingRuntime(): { rt: Runtime; polls: string[] } {
  const polls: string[] = [];
  const rt = pausedRuntime({
    onTaskPoll: (t, phase) => {
      if (phase === "start") polls.push(t.name);
    },
  });
  return { rt, polls };
}

describe("TaskGroup", () => {
  it("holds every task spawned while one of its tasks is being polled, however deep, and no task spawned outside it", () => {
    const groups: Record<string, string | null> = {};
    // The spawn hook sees each task's group already.
    const rt = pausedRuntime({ onTaskSpawn: (t) => void (groups[t.name] = groupOf(t as JoinHandle<unknown>)?.name ?? null) });
    const db = new TaskGroup("db");
    rt.blockOn(function* main() {
      const host = spawnInGroup(rt, db, function* hostMain() {
        const child = spawn(function* child() {
          yield* spawn(function* grandchild() {});
        });
        const set = new JoinSet<void>();
        set.spawn(function* viaJoinSet() {});
        yield* set.joinNext();
        yield* child;
      });
      spawn(function* outside() {});
      yield* host;
      spawn(function* afterHost() {});
    });
    expect(groups).to.deep.equal({ main: null, hostMain: "db", outside: null, child: "db", viaJoinSet: "db", grandchild: "db", afterHost: null });
  });

  it("shows a grouped task as group/name in dumps", () => {
    const rt = pausedRuntime();
    spawnInGroup(rt, new TaskGroup("web"), function* serve() {
      spawn(function* handler() {
        yield* sleep(10);
      });
      yield* sleep(10);
    });
    rt.spawn(function* free() {
      yield* sleep(10);
    });
    rt.blockOn(function* () {
      yield* sleep(1);
    });
    expect(rt.dump().tasks.map((t) => t.name)).to.deep.equal(["web/serve", "free", "web/handler"]);
    expect(String(rt.dump())).to.contain("#1 web/serve [idle");
  });

  it("refuses arguments of the wrong kind, naming them", () => {
    const rt = pausedRuntime();
    expect(() => new TaskGroup(3 as never)).to.throw(TypeError, /TaskGroup: name must be a string, got number 3/);
    expect(() => spawnInGroup(rt, {} as never, function* () {})).to.throw(TypeError, /spawnInGroup\(\): group must be a TaskGroup/);
    expect(() => spawnInGroup({} as never, new TaskGroup("g"), function* () {})).to.throw(TypeError, /spawnInGroup\(\): rt must be a Runtime/);
    expect(() => killGroup(rt, "g" as never)).to.throw(TypeError, /killGroup\(\): group must be a TaskGroup, got g/);
    expect(() => groupOf({} as never)).to.throw(TypeError, /groupOf\(\): handle must be a JoinHandle/);
  });
});

describe("killGroup()", () => {
  it("stops every task of the group where it stands: no finally runs, and a joiner elsewhere gets a cancelled JoinError", () => {
    const rt = pausedRuntime();
    const host = new TaskGroup("db");
    const cleanups: string[] = [];
    const [tx, rx] = mpsc.unbounded<number>();
    const hostMain = spawnInGroup(rt, host, function* hostMain() {
      spawn(function* reader() {
        try {
          yield* rx.recv();
        } finally {
          cleanups.push("reader");
        }
      });
      try {
        yield* sleep(1000);
      } finally {
        cleanups.push("hostMain");
      }
    });
    const outcome = rt.blockOn(function* client() {
      yield* sleep(10);
      const killed = killGroup(rt, host);
      const e = yield* joinErrorOf(hostMain);
      return { killed, e };
    });
    expect(outcome.killed).to.equal(2);
    expect(outcome.e).to.be.instanceOf(JoinError);
    expect(outcome.e.cancelled).to.equal(true);
    expect(outcome.e.taskName).to.equal("hostMain");
    expect(cleanups).to.deep.equal([]);
    expect(hostMain.isFinished()).to.equal(true);
    expect(rt.metrics().aliveTasks).to.equal(0);
    expect(rt.dump().tasks).to.deep.equal([]);
    tx.send(1); // wakes the dead reader: nothing happens
    rt.blockOn(function* () {
      yield* sleep(2000); // the dead host's sleep fires: nothing happens
    });
    expect(cleanups).to.deep.equal([]);
  });

  it("takes queued tasks of the group off the run queue and keeps the others in order", () => {
    const { rt, polls } = recordingRuntime();
    const g = new TaskGroup("g");
    rt.spawn(function* a() {});
    spawnInGroup(rt, g, function* b() {});
    rt.spawn(function* c() {});
    spawnInGroup(rt, g, function* d() {});
    rt.spawn(function* e() {});
    expect(rt.metrics().queueDepth).to.equal(5);
    expect(killGroup(rt, g)).to.equal(2);
    expect(rt.metrics().queueDepth).to.equal(3);
    expect(rt.metrics().aliveTasks).to.equal(3);
    rt.blockOn(function* main() {});
    expect(polls).to.deep.equal(["a", "c", "e", "main"]);
  });

  it("keeps the queue whole when the killed tasks sit across the ring's wrap-around", () => {
    const { rt, polls } = recordingRuntime();
    const g = new TaskGroup("g");
    // Move the ring's head near its end (256 slots), then queue across the wrap.
    rt.blockOn(function* warm() {
      for (let i = 0; i < 250; i++) spawn(function* filler() {});
    });
    polls.length = 0;
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      const name = `t${i}`;
      if (i % 3 === 0) spawnInGroup(rt, g, function* () {}, { name });
      else {
        rt.spawn(function* () {}, { name });
        names.push(name);
      }
    }
    expect(killGroup(rt, g)).to.equal(4);
    rt.blockOn(function* main() {});
    expect(polls).to.deep.equal([...names, "main"]);
  });

  it("ignores wakes that reach a killed task later, and aborting it", () => {
    const { rt, polls } = recordingRuntime();
    const g = new TaskGroup("g");
    const leaf = new Manual<number>();
    const h = spawnInGroup(rt, g, function* waiter() {
      yield* leaf;
      throw new Error("a killed task ran again");
    });
    rt.blockOn(function* () {
      yield* sleep(1);
    });
    expect(killGroup(rt, g)).to.equal(1);
    leaf.resolve(1);
    h.abort();
    rt.blockOn(function* after() {
      yield* sleep(1);
    });
    expect(polls.filter((n) => n === "waiter")).to.have.length(1);
    expect(rt.metrics().aliveTasks).to.equal(0);
  });

  it("stops a task that kills its own group at its next suspension, without its finally", () => {
    const rt = pausedRuntime();
    const g = new TaskGroup("self");
    const steps: string[] = [];
    const h = spawnInGroup(rt, g, function* suicidal() {
      try {
        spawn(function* sibling() {
          try {
            yield* sleep(100);
          } finally {
            steps.push("sibling finally");
          }
        });
        yield* sleep(1);
        steps.push(`killed ${killGroup(rt, g)}`);
        steps.push("runs on to its next suspension");
        yield* sleep(1);
        steps.push("resumed after being killed");
      } finally {
        steps.push("suicidal finally");
      }
    });
    const e = rt.blockOn(function* () {
      return yield* joinErrorOf(h);
    });
    expect(e.cancelled).to.equal(true);
    expect(steps).to.deep.equal(["killed 2", "runs on to its next suspension"]);
    expect(rt.metrics().aliveTasks).to.equal(0);
    rt.blockOn(function* () {
      yield* sleep(1000);
    });
    expect(steps).to.have.length(2);
  });

  it("keeps a task that kills its own group and then returns or throws in the same poll cancelled, and counted once", () => {
    const rt = pausedRuntime();
    for (const ending of ["returns", "throws"]) {
      const g = new TaskGroup(ending);
      const bystander = rt.spawn(function* bystander() {
        yield* sleep(5);
      });
      const h = spawnInGroup(rt, g, function* () {
        yield* sleep(1);
        killGroup(rt, g);
        if (ending === "throws") throw new Error("after the crash");
        return "after the crash";
      });
      const e = rt.blockOn(function* () {
        const e = yield* joinErrorOf(h);
        expect(rt.metrics().aliveTasks).to.equal(2); // this main and the bystander
        yield* bystander;
        return e;
      });
      expect(e.cancelled, ending).to.equal(true);
      expect(rt.metrics().aliveTasks).to.equal(0);
      expect(rt.dump().tasks).to.deep.equal([]);
    }
  });

  it("kills nothing in another group, nor twice", () => {
    const rt = pausedRuntime();
    const a = new TaskGroup("a");
    const b = new TaskGroup("a"); // same name, another group
    spawnInGroup(rt, a, function* () {
      yield* sleep(10);
    });
    const other = spawnInGroup(rt, b, function* () {
      yield* sleep(10);
      return "alive";
    });
    expect(killGroup(rt, a)).to.equal(1);
    expect(killGroup(rt, a)).to.equal(0);
    expect(
      rt.blockOn(function* () {
        return yield* other;
      }),
    ).to.equal("alive");
  });

  it("fails run()'s promise with a cancelled JoinError when its main task is killed", async () => {
    const rt = pausedRuntime();
    const g = new TaskGroup("g");
    let promise!: Promise<unknown>;
    rt.blockOn(function* () {
      spawnInGroup(rt, g, function* starter() {
        promise = rt.run(function* main() {
          yield* sleep(1000);
        });
      });
      yield* sleep(1);
    });
    // run() from inside a grouped task: its main joined the group too.
    expect(killGroup(rt, g)).to.equal(1);
    try {
      await promise;
      expect.fail("should reject");
    } catch (e) {
      expect(e).to.be.instanceOf(JoinError);
      expect((e as JoinError).cancelled).to.equal(true);
    }
  });
});
