import { expect } from "chai";
import { JoinError, Runtime, select, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";

/** Twelve coroutine levels, each a named generator, the last one throwing after a real suspension. */
function* level12(): Generator<unknown, never, unknown> {
  yield* sleep(1);
  throw new Error("deep down");
}
function* level11() { return yield* level12(); }
function* level10() { return yield* level11(); }
function* level9() { return yield* level10(); }
function* level8() { return yield* level9(); }
function* level7() { return yield* level8(); }
function* level6() { return yield* level7(); }
function* level5() { return yield* level6(); }
function* level4() { return yield* level5(); }
function* level3() { return yield* level4(); }
function* level2() { return yield* level3(); }
function* level1() { return yield* level2(); }

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

/** Runs `f` with Node's default Error.stackTraceLimit (10), as a user's process has it. */
function withNodeDefaultLimit<T>(f: () => T): T {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 10;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = saved;
  }
}

describe("stack traces", () => {
  it("show every coroutine frame of an error thrown deep in nested yield*", () => {
    const e = withNodeDefaultLimit(() => errorOf(() => pausedRuntime().blockOn(level1)));
    expect(e.message).to.equal("deep down");
    const names = [...e.stack!.matchAll(/^\s+at (level\d+) /gm)].map((m) => m[1]);
    expect(names).to.deep.equal(["level12", "level11", "level10", "level9", "level8", "level7", "level6", "level5", "level4", "level3", "level2", "level1"]);
  });

  it("leave the process's own Error.stackTraceLimit as it was, and honour the stackTraceLimit option", () => {
    const e = withNodeDefaultLimit(() => {
      const err = errorOf(() => new Runtime({ startPaused: true, stackTraceLimit: 4 }).blockOn(level1));
      expect(Error.stackTraceLimit).to.equal(10);
      return err;
    });
    expect(e.stack!.split("\n").filter((l) => /^\s+at /.test(l))).to.have.length(4);
  });

  it("keep the original stack across spawn/join in `cause`, and show where the handle was awaited", () => {
    const e = withNodeDefaultLimit(() =>
      errorOf(() =>
        pausedRuntime().blockOn(function* awaiter() {
          const h = spawn(function* spawned() {
            return yield* level10();
          });
          return yield* h;
        }),
      ),
    );
    expect(e).to.be.instanceOf(JoinError);
    expect(e.message).to.equal('task "spawned" failed: deep down');
    expect(e.stack).to.match(/^\s+at awaiter /m); // where it was awaited
    const cause = e.cause as Error;
    expect(cause.message).to.equal("deep down");
    expect(cause.stack).to.match(/^\s+at level12 /m); // where it was thrown
    expect(cause.stack).to.match(/^\s+at spawned /m);
  });

  it("show both the failing branch and the coroutine awaiting select(), which polls its branches in place", () => {
    const e = withNodeDefaultLimit(() =>
      errorOf(() =>
        pausedRuntime().blockOn(function* chooser() {
          return yield* select(sleep(100), level9());
        }),
      ),
    );
    expect(e.message).to.equal("deep down");
    expect(e.stack).to.match(/^\s+at level12 /m);
    expect(e.stack).to.match(/^\s+at level9 /m);
    expect(e.stack).to.match(/^\s+at chooser /m);
  });

  it("name the spawn site in the report of an error nobody joined, when capture is on", () => {
    const reports: { error: unknown; site: string | null | undefined }[] = [];
    const rt = pausedRuntime({
      captureSpawnSite: true,
      onUnhandledError: (error, task) => reports.push({ error, site: task.spawnSite }),
    });
    rt.blockOn(function* main() {
      spawn(function* orphan() {
        throw new Error("nobody listens");
      });
      yield* sleep(1);
    });
    expect(reports).to.have.length(1);
    expect(reports[0].site).to.match(/^main \(.*stack-traces\.spec\.ts:\d+:\d+\)$/);
  });
});
