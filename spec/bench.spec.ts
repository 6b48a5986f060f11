/**
 * The benchmark harness, run at a tiny size: every genfut workload goes
 * through the same code `npm run bench` runs in its child processes
 * (bench/lib/measure.ts), and each workload checks its own result (sums,
 * message counts, bytes echoed, timers left). Correctness only, never speed.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { build, OUT, ROOT } from "../bench/lib/build";
import { measure, missingCapabilities, NotAvailableError, toFailure } from "../bench/lib/measure";
import { summarise, table } from "../bench/lib/report";
import { baseImpl, ImplName, Workload } from "../bench/lib/types";
import { WORKLOADS } from "../bench/workloads";
import { loadWorkload, WORKLOAD_FILES } from "../bench/workloads/load";

describe("bench workloads (genfut, spec size)", () => {
  for (const w of WORKLOADS) {
    for (const impl of Object.keys(w.impls).filter((i) => baseImpl(i) === "genfut") as ImplName[]) {
      it(`${w.id} ${impl} completes with the right result`, async function () {
        this.timeout(15_000);
        if (missingCapabilities(w.needs).length > 0) this.skip(); // "not available yet" in the bench table
        const sample = await measure(w, impl, "spec");
        expect(sample.ops).to.be.greaterThan(0);
        expect(sample.ms).to.be.a("number").and.not.NaN;
      });
    }
  }
});

describe("bench harness", () => {
  it("loads each workload in a child from its own file alone, the same object as in the table", () => {
    for (const w of WORKLOADS) expect(loadWorkload(w.id), w.id).to.equal(w);
    expect(Object.keys(WORKLOAD_FILES)).to.have.members(WORKLOADS.map((w) => w.id.toUpperCase()));
    expect(loadWorkload("X9")).to.equal(undefined);
  });

  const broken: Workload<{ n: number }> = {
    id: "X1",
    title: "a workload whose genfut answer is wrong",
    unit: "op",
    sizes: { full: { n: 3 }, quick: { n: 3 }, spec: { n: 3 } },
    ops: (p) => p.n,
    check: (p, o) => {
      if (o.value !== p.n) throw new Error(`wrong result: ${String(o.value)}, expected ${p.n}`);
    },
    impls: {
      genfut: async (p) => ({ value: p.n + 1 }),
      native: async (p) => ({ value: p.n }),
    },
  };

  it("rejects a wrong result instead of reporting a time", async () => {
    const err = await measure(broken, "genfut", "spec").then(
      () => null,
      (e: unknown) => e,
    );
    expect(toFailure(err)).to.deep.equal({ kind: "error", error: "Error: wrong result: 4, expected 3" });
  });

  it("marks a workload whose genfut capability is missing as not available", async () => {
    const needy = { ...broken, needs: ["noSuchExport"] };
    expect(missingCapabilities(needy.needs)).to.deep.equal(["noSuchExport"]);
    const err = await measure(needy, "genfut", "spec").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NotAvailableError);
    expect(toFailure(err).kind).to.equal("n/a");
  });

  it("prints ratios to native from the medians", async () => {
    const native = await measure(broken, "native", "spec");
    const row = summarise(broken, [
      { impl: "native", samples: [{ ...native, ms: 10 }, { ...native, ms: 30 }, { ...native, ms: 20 }], failure: null },
      { impl: "genfut", samples: [{ ...native, ms: 5 }], failure: null },
    ]);
    expect(row.cells[0].median).to.equal(20);
    expect(row.cells[1].vsNative).to.equal(0.25);
    expect(table([row])).to.contain("| X1 | **genfut** | 5.00 ms | (1 run) |");
  });

  it("times the package's own build: the children load dist/'s files, unchanged", function () {
    this.timeout(120_000);
    const child = build();
    expect(fs.existsSync(child)).to.equal(true);
    const dist = path.join(ROOT, "dist");
    const js = fs.readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(js).to.include("index.js");
    const differ = js.filter((f) => !fs.readFileSync(path.join(dist, f)).equals(fs.readFileSync(path.join(OUT, "lib", f))));
    expect(differ).to.deep.equal([]);
  });
});
