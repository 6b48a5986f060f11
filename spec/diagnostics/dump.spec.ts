import { expect } from "chai";
import { Context, Future, JoinHandle, Pending, Poll, RuntimeDump, pending, sleep, spawn, yieldNow } from "../../lib";
import { Manual, pausedRuntime } from "../support";
import { BrokenLeaf, silentLostWakers } from "./helpers";

/** A user's leaf that says what it is. */
class Doorbell extends Future<void> {
  waker: Context["waker"] | null = null;
  poll(cx: Context): Poll<void> {
    this.waker = cx.waker;
    return Pending;
  }
  override cancel(): void {
    this.waker = null;
  }
  override describe(): string {
    return "doorbell(front door)";
  }
}

/** A leaf without describe(): the dump falls back to its class name. */
class Anonymous extends Future<void> {
  poll(cx: Context): Poll<void> {
    void cx.waker;
    return Pending;
  }
}

describe("Runtime.dump()", () => {
  it("lists every live task with id, name, state, age and the leaf it waits on", () => {
    const rt = pausedRuntime();
    let text = "";
    let dump: RuntimeDump | null = null;
    rt.blockOn(function* main() {
      spawn(function* napper() {
        yield* sleep(250);
      });
      spawn(function* parked() {
        yield* pending();
      });
      spawn(function* caller() {
        yield* new Doorbell();
      });
      spawn(function* () {
        yield* new Anonymous();
      }, { name: "nameless-leaf" });
      yield* sleep(40);
      dump = rt.dump();
      text = String(dump);
    });
    expect(dump!.tasks.map((t) => [t.id, t.name, t.state, t.ageMs, t.waitingOn])).to.deep.equal([
      [1, "main", "running", 40, "sleep(40ms)"],
      [2, "napper", "idle", 40, "sleep(250ms)"],
      [3, "parked", "idle", 40, "pending()"],
      [4, "caller", "idle", 40, "doorbell(front door)"],
      [5, "nameless-leaf", "idle", 40, "Anonymous"],
    ]);
    expect(text).to.equal(
      [
        "5 live tasks at t=40ms:",
        "  #1 main [running, 40ms old] waiting on sleep(40ms)",
        "  #2 napper [idle, 40ms old] waiting on sleep(250ms)",
        "  #3 parked [idle, 40ms old] waiting on pending()",
        "  #4 caller [idle, 40ms old] waiting on doorbell(front door)",
        "  #5 nameless-leaf [idle, 40ms old] waiting on Anonymous",
      ].join("\n"),
    );
  });

  it("shows tasks that have not run yet as scheduled, and aborted ones as cancelling", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      const h = spawn(function* stubborn() {
        try {
          yield* sleep(10);
        } finally {
          yield* sleep(5); // async cleanup keeps it alive, cancelling
        }
      });
      const fresh = spawn(function* fresh() {});
      expect(rt.dump().tasks.find((t) => t.name === "fresh")!.state).to.equal("scheduled");
      yield* yieldNow();
      h.abort();
      yield* yieldNow();
      const s = rt.dump().tasks.find((t) => t.name === "stubborn")!;
      expect([s.state, s.waitingOn]).to.deep.equal(["cancelling", "sleep(5ms)"]);
      yield* fresh;
    });
  });

  it("follows a JoinHandle to the task it waits for, and names a join cycle", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      let hb: JoinHandle<void> | null = null;
      const ha = spawn(function* a() {
        yield* sleep(1);
        yield* hb!;
      });
      hb = spawn(function* b() {
        yield* ha;
      });
      const hw = spawn(function* worker() {
        yield* sleep(500);
      });
      spawn(function* boss() {
        yield* hw;
      });
      yield* sleep(2);
      const d = rt.dump();
      const lines = String(d).split("\n");
      expect(lines).to.include("  #4 worker [idle, 2ms old] waiting on sleep(500ms)");
      expect(lines).to.include("  #5 boss [idle, 2ms old] waiting on JoinHandle(worker) → #4 worker waiting on sleep(500ms)");
      expect(lines).to.include(
        "  #2 a [idle, 2ms old] waiting on JoinHandle(b) → #3 b waiting on JoinHandle(a) → #2 a (a cycle: these tasks wait on each other)",
      );
      expect(d.tasks.find((t) => t.name === "boss")!.joining).to.equal(4);
      expect(d.tasks.find((t) => t.name === "worker")!.joining).to.equal(null);
      ha.abort();
      hb.abort();
    });
  });

  it("describes the leaf at the bottom of nested yield* calls", () => {
    const rt = pausedRuntime();
    function* inner() {
      yield* sleep(70);
    }
    function* middle() {
      yield* inner();
    }
    rt.blockOn(function* main() {
      spawn(function* outer() {
        yield* middle();
      });
      yield* sleep(1);
      expect(rt.dump().tasks[1].waitingOn).to.equal("sleep(70ms)");
    });
  });

  it("shows a coroutine awaited as a future with what it waits on in turn", () => {
    const rt = pausedRuntime();
    const m = new Manual<number>();
    rt.blockOn(function* main() {
      spawn(function* parent() {
        // A raw `yield` of a generator object makes it a nested Coroutine future.
        yield (function* child() {
          return yield* m;
        })();
      });
      yield* sleep(1);
      // A generator object does not know its function's name, hence "coroutine()".
      expect(rt.dump().tasks[1].waitingOn).to.equal("coroutine() waiting on manual()");
      m.resolve(1);
    });
  });

  it("marks a task that lost its waker, and is empty once every task is done", () => {
    const rt = pausedRuntime({ onLostWaker: silentLostWakers });
    rt.blockOn(function* main() {
      spawn(function* lost() {
        yield* new BrokenLeaf();
      });
      yield* sleep(1);
      const d = rt.dump();
      expect(d.tasks[1].lostWaker).to.equal(true);
      expect(d.tasks[0].lostWaker).to.equal(false);
      expect(String(d)).to.contain("  #2 lost [idle, 1ms old] waiting on BrokenLeaf\n      LOST WAKER:");
    });
    expect(String(rt.dump())).to.contain("#2 lost");
    const clean = pausedRuntime();
    clean.blockOn(function* () {});
    expect(String(clean.dump())).to.equal("no live tasks");
  });

  it("has a JSON form with the same facts", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      spawn(function* napper() {
        yield* sleep(9);
      });
      yield* sleep(3);
      const json = JSON.parse(JSON.stringify(rt.dump()));
      expect(json).to.deep.equal({
        at: 3,
        tasks: [
          { id: 1, name: "main", state: "running", ageMs: 3, waitingOn: "sleep(3ms)", joining: null, lostWaker: false, spawnSite: null },
          { id: 2, name: "napper", state: "idle", ageMs: 3, waitingOn: "sleep(9ms)", joining: null, lostWaker: false, spawnSite: null },
        ],
      });
    });
  });
});
