import { expect } from "chai";
import { runTs } from "../support/child";

describe("the dumpOnSignal option", () => {
  it("prints the dump and metrics of a running program on SIGUSR2, and removes its listener after run()", async function () {
    this.timeout(30_000);
    const r = await runTs("spec/diagnostics/fixtures/dump-on-signal.ts");
    expect(r.code).to.equal(0);
    expect(r.stderr).to.match(/^genfut: task dump \(SIGUSR2\)\n2 live tasks at t=[\d.]+ms:\n/);
    expect(r.stderr).to.match(/\n  #2 sleeper \[idle, [\d.]+ms old\] waiting on sleep\(60000ms\)\n/);
    expect(r.stderr).to.match(/\nmetrics: aliveTasks=2 spawnedTasks=2 .*timers=2 /);
    expect(r.stdout).to.equal("listeners left: 0\n");
  });
});
