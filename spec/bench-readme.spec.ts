/**
 * `npm run bench -- --write-readme` writes the README's performance table
 * from the run's own figures, between two markers, so no hand-copied figure
 * can go stale.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { readmeTable, README_TABLE_END, README_TABLE_START, summarise, withReadmeTable } from "../bench/lib/report";
import { ImplName, Sample, Workload } from "../bench/lib/types";
import { ROOT } from "./support/child";

function sample(ms: number, ops: number): Sample {
  return { ms, cpuMs: ms, ops, peakRss: 1, peakHeap: 1, extra: {} };
}

const w1: Workload = {
  id: "W1",
  title: "one coroutine awaits ready values",
  unit: "await",
  sizes: { full: {}, quick: {}, spec: {} },
  ops: () => 1000,
  check: () => undefined,
  impls: {},
};

function row(figures: Partial<Record<ImplName, number>>) {
  return summarise(
    w1,
    Object.entries(figures).map(([impl, ms]) => ({ impl: impl as ImplName, samples: [sample(ms!, 1000)], failure: null })),
  );
}

describe("bench: the README's performance table", () => {
  const meta = { date: "2026-12-03T10:00:00Z", node: "v20.20.2", cpus: "2 × test" };

  it("shows genfut, its best variant, native, the limit and the best peer with their ratios", () => {
    const text = readmeTable([row({ genfut: 30, "genfut: biased": 20, native: 50, limit: 10, co: 45, effect: 80 })], meta);
    const line = text.split("\n").find((l) => l.startsWith("| **W1**"))!;
    expect(line).to.equal("| **W1** one coroutine awaits ready values | 30.0 ms (0.60×) | biased: 20.0 ms (0.40×) | 50.0 ms | 10.0 ms (0.20×) | co 45.0 ms (0.90×) |");
    expect(text).to.contain("2026-12-03, Node v20.20.2");
  });

  it("measures a workload without native async/await against its native variant, its peer", () => {
    const text = readmeTable([row({ genfut: 25, "native: fast-check fc.scheduler()": 50 })], meta);
    const line = text.split("\n").find((l) => l.startsWith("| **W1**"))!;
    expect(line).to.equal("| **W1** one coroutine awaits ready values | 25.0 ms (0.50×) |  | fast-check fc.scheduler(): 50.0 ms | — |  |");
  });

  it("replaces only what stands between the markers", () => {
    const readme = `# x\n\nbefore\n${README_TABLE_START}\nold table\n${README_TABLE_END}\nafter\n`;
    const out = withReadmeTable(readme, "new table");
    expect(out).to.equal(`# x\n\nbefore\n${README_TABLE_START}\nnew table\n${README_TABLE_END}\nafter\n`);
    expect(withReadmeTable(out, "newer")).to.contain(`${README_TABLE_START}\nnewer\n${README_TABLE_END}`);
  });

  it("refuses a README without the markers", () => {
    expect(() => withReadmeTable("# no markers\n", "t")).to.throw(/bench-table:start/);
  });

  it("has its markers in the repository's README", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(() => withReadmeTable(readme, "t")).to.not.throw();
  });
});
