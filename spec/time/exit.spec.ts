import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

describe("the timer driver and process exit", () => {
  it("lets the process exit by itself after work wins a race against a 60 s sleep", function () {
    this.timeout(30_000);
    const fixture = path.join(__dirname, "fixtures", "lost-race.ts");
    const t0 = Date.now();
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", fixture], {
      cwd: path.join(__dirname, "..", ".."),
      encoding: "utf8",
      timeout: 25_000,
    });
    const took = Date.now() - t0;
    expect(child.error, "the child did not exit by itself").to.equal(undefined);
    expect(child.status, child.stderr).to.equal(0);
    expect(child.stdout).to.match(/^work in \d+ms/);
    // ts-node's start-up dominates; a timer left behind would take 60 s.
    expect(took).to.be.below(20_000);
    const ran = Number(/in (\d+)ms/.exec(child.stdout)![1]);
    expect(ran).to.be.below(2_000);
  });
});
