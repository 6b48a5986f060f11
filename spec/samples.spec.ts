/**
 * Every sample runs, as a smoke test: it must exit 0 by itself.
 *
 * Samples that would otherwise run forever (servers) or wait for a person
 * (stdin) honour GENFUT_SMOKE=1 by doing a short self-check and exiting.
 * stdin is given a few lines of text and then closed.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runTs } from "./support/child";

const SAMPLES = path.join(ROOT, "samples");

describe("samples", function () {
  this.timeout(60_000);
  const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".ts")).sort();

  it("has samples to run", () => {
    expect(files).to.include("hello.ts");
    expect(files).to.include("leaf-future.ts");
  });

  it("says in each header how to run it, in one form that names a sample that exists", () => {
    const names = files.map((f) => f.replace(/\.ts$/, ""));
    const wrong: string[] = [];
    for (const file of files) {
      const header = fs.readFileSync(path.join(SAMPLES, file), "utf8").split("*/")[0] ?? "";
      const commands = [...header.matchAll(/^ \*\s+(?:Run|or):\s+(.*)$/gm)].map((m) => m[1] ?? "");
      if (commands.length === 0) wrong.push(`${file}: no "Run:" line`);
      for (const c of commands) {
        const named = /npm run sample -- ([\w-]+)/.exec(c)?.[1];
        const ok = c === "npm start" ? file === "demo.ts" : named !== undefined && names.includes(named);
        if (!ok) wrong.push(`${file}: ${c}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("runs as its header says: npm run sample -- hello", async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile("npm", ["run", "--silent", "sample", "--", "hello"], { cwd: ROOT, timeout: 45_000 }, (err, stdout, stderr) =>
        err === null ? resolve(String(stdout)) : reject(new Error(`${err.message}\n${String(stderr)}`)),
      );
    });
    expect(out).to.contain("both done");
  });

  for (const file of files) {
    it(`runs samples/${file} to a clean exit`, async () => {
      const r = await runTs(`samples/${file}`, [], {
        timeoutMs: 45_000,
        env: { GENFUT_SMOKE: "1" },
        input: "the quick brown fox\njumps over\nthe lazy dog\n",
      });
      expect(r.stderr, `stderr of ${file}`).to.not.match(/Error|error/);
      expect(r.code, `exit code of ${file}\n${r.stdout}\n${r.stderr}`).to.equal(0);
      expect(r.stdout.length, `stdout of ${file}`).to.be.greaterThan(0);
    });
  }
});
