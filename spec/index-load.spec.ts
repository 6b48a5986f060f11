/**
 * lib/index.ts loads however it is compiled. The barrel turns its re-exports
 * into data properties at load (see its end); that once threw "Cannot
 * redefine property: run" whenever tsc compiled it with type information
 * while a global `run` was declared (@types/mocha's), which is what plain
 * ts-node and a full tsc build do. The suite itself runs transpile-only, so
 * these load the barrel in child processes, each way.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/child";

const FIXTURE = path.join(ROOT, "spec", "fixtures", "load-barrel.ts");

function node(args: string[], timeoutMs = 60_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: "" } }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, out: `${String(stdout)}${String(stderr)}` });
    });
  });
}

describe("loading lib/index.ts", function () {
  this.timeout(90_000);

  it("through plain ts-node, type-checking on and @types/mocha's global run() in scope", async () => {
    // tsconfig.json's "types" holds mocha: the global `run` is declared.
    const r = await node(["-r", "ts-node/register", FIXTURE]);
    expect(r.out).to.equal("7 function data\n");
  });

  it("through ts-node --transpile-only", async () => {
    const r = await node(["-r", "ts-node/register/transpile-only", FIXTURE]);
    expect(r.out).to.equal("7 function data\n");
  });

  it("through tsx (esbuild)", async () => {
    const r = await node([path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), FIXTURE]);
    expect(r.out).to.equal("7 function data\n");
  });

  it("through a full tsc build with @types/mocha in scope, as plain data properties of a fast-mode object", async () => {
    // Inside node_modules/ so the output still finds piscina.
    const out = path.join(ROOT, "node_modules", ".cache", "genfut-spec-build");
    fs.rmSync(out, { recursive: true, force: true });
    const tsc = await node([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--types", "node,mocha", "--declaration", "false", "--declarationMap", "false", "--outDir", out]);
    expect(tsc.out).to.equal("");
    // Fast mode is what lets V8 treat `genfut.ready` as a constant (a dictionary-mode
    // exports object costs W1 about a third more CPU; see the end of lib/index.ts).
    const check = [
      `const g = require(${JSON.stringify(out)});`,
      `const d = Object.getOwnPropertyDescriptor(g, "run");`,
      `console.log(g.blockOn(g.ready(7)), "value" in d, Object.isFrozen(g), %HasFastProperties(g));`,
    ].join("\n");
    const r = await node(["--allow-natives-syntax", "-e", check]);
    expect(r.out).to.equal("7 true true true\n");
  });
});
