import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(__dirname, "fixtures/main-sigint.ts");

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture; sends each signal in `signals` once it has printed "ready" (or the previous signal). */
function runFixture(mode: string, signals: NodeJS.Signals[] = []): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", FIXTURE, mode], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fixture ${mode} hung\n${stdout}\n${stderr}`));
    }, 45_000); // generous: a loaded CI machine starts ts-node slowly
    const pending = signals.slice();
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.includes("ready") && pending.length > 0) {
        const first = pending.shift()!;
        child.kill(first);
        // Further signals once the cleanup has visibly started.
        const later = () => {
          if (stdout.includes("cleanup started") && pending.length > 0) child.kill(pending.shift()!);
          else if (pending.length > 0) setTimeout(later, 5);
        };
        later();
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("main()", function () {
  this.timeout(60_000);
  // The five child processes run at once: the spec costs one start-up, not five.
  let normal: Outcome, term: Outcome, twice: Outcome, fail: Outcome, ok: Outcome;
  before(async () => {
    [normal, term, twice, fail, ok] = await Promise.all([
      runFixture("normal", ["SIGINT"]),
      runFixture("normal", ["SIGTERM"]),
      runFixture("slow-cleanup", ["SIGINT", "SIGINT"]),
      runFixture("fail"),
      runFixture("ok"),
    ]);
  });

  it("on SIGINT, cancels the main coroutine, runs its (async) cleanup, and exits 130", () => {
    expect(normal.stdout).to.contain("cleanup started");
    expect(normal.stdout).to.contain("cleanup finished");
    expect(normal.code, normal.stderr).to.equal(130);
  });

  it("on SIGTERM, does the same and exits 143", () => {
    expect(term.stdout).to.contain("cleanup finished");
    expect(term.code).to.equal(143);
  });

  it("exits at once on a second SIGINT during a slow cleanup", () => {
    expect(twice.stdout).to.contain("cleanup started");
    expect(twice.stdout).to.not.contain("cleanup finished");
    expect(twice.code).to.equal(130);
  });

  it("prints an escaping error with its stack and exits 1", () => {
    expect(fail.stderr).to.contain("RangeError: the app failed");
    expect(fail.stderr).to.match(/at app \(/);
    expect(fail.code).to.equal(1);
  });

  it("exits 0 when the main coroutine returns", () => {
    expect(ok.stdout).to.contain("done");
    expect(ok.code).to.equal(0);
  });
});
