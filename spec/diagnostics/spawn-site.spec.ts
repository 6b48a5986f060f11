import { expect } from "chai";
import { Runtime, sleep, spawn } from "../../lib";
import { pausedRuntime } from "../support";

function* helperThatSpawns() {
  spawn(function* deepChild() {
    yield* sleep(5);
  });
}

describe("spawn sites", () => {
  it("are off by default", () => {
    const rt = pausedRuntime();
    rt.blockOn(function* main() {
      spawn(function* child() {
        yield* sleep(5);
      });
      yield* sleep(1);
      expect(rt.dump().tasks.map((t) => t.spawnSite)).to.deep.equal([null, null]);
    });
  });

  it("name the first frame in user code, through helpers and Runtime.spawn", () => {
    const rt = pausedRuntime({ captureSpawnSite: true });
    const outside = rt.spawn(function* fromOutside() {
      yield* sleep(5);
    });
    rt.blockOn(function* main() {
      yield* helperThatSpawns();
      yield* sleep(1);
      const sites = Object.fromEntries(rt.dump().tasks.map((t) => [t.name, t.spawnSite]));
      const file = /spawn-site\.spec\.ts:\d+:\d+\)$/;
      expect(sites.fromOutside).to.match(/^Context\.<anonymous> \(/).and.match(file);
      expect(sites.main).to.match(file);
      expect(sites.deepChild).to.match(/^helperThatSpawns \(/).and.match(file);
      expect(String(rt.dump())).to.match(/#3 deepChild .*\n\s+spawned at helperThatSpawns \(/);
      yield* outside;
    });
  });

  it("leave the process's Error.stackTraceLimit untouched", () => {
    const saved = Error.stackTraceLimit;
    new Runtime({ captureSpawnSite: true, startPaused: true }).blockOn(function* () {
      spawn(function* () {});
    });
    expect(Error.stackTraceLimit).to.equal(saved);
  });
});
