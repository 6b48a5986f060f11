/**
 * The package as a user gets it: `npm pack` (which builds first), the tarball
 * installed into an empty project, and genfut used from there by CommonJS, by
 * ES modules, by both in one process, and by TypeScript under strict settings
 * and both module resolutions. The consumer's files are in
 * spec/fixtures/consumer/; each prints a line this spec checks.
 *
 * Offline-friendly: the install takes genfut's dependencies from npm's cache
 * (filled by `npm ci`), and the consumer borrows this repository's typescript,
 * tsx and @types/node instead of installing its own.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./support/child";

const FIXTURES = path.join(ROOT, "spec", "fixtures", "consumer");
const BIN = path.join(ROOT, "node_modules", ".bin");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects, so a spec can show what it printed. */
function sh(file: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, NODE_OPTIONS: "" } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function ok(file: string, args: string[], cwd: string): Promise<string> {
  const r = await sh(file, args, cwd);
  expect(r.code, `${path.basename(file)} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

describe("the npm package (packed, installed into an empty project)", function () {
  this.timeout(120_000);
  let dir = "";
  let app = "";
  let tarball = "";
  let packed: PackResult;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genfut-consumer-"));
    packed = (JSON.parse(await ok("npm", ["pack", "--json", "--pack-destination", dir], ROOT)) as PackResult[])[0]!;
    tarball = path.join(dir, packed.filename);
    app = path.join(dir, "app");
    fs.cpSync(FIXTURES, app, { recursive: true });
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "commonjs" }));
    await ok("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], app);
    // After the install, which would remove it as extraneous.
    fs.mkdirSync(path.join(app, "node_modules", "@types"), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", "@types", "node"), path.join(app, "node_modules", "@types", "node"), "dir");
  });

  after(() => {
    if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ships the build, README, LICENSE and CHANGELOG, and nothing else", () => {
    const files = packed.files.map((f) => f.path);
    const stray = files.filter((f) => !/^(dist\/.+\.(js|mjs|d\.ts|d\.mts|d\.ts\.map)|README\.md|LICENSE|CHANGELOG\.md|package\.json|sim\/package\.json)$/.test(f));
    expect(stray).to.deep.equal([]);
    expect(files).to.include.members(["LICENSE", "README.md", "CHANGELOG.md", "dist/index.js", "dist/index.mjs", "dist/index.d.ts", "dist/index.d.mts", "dist/sim/index.js", "dist/sim/index.mjs", "dist/sim/index.d.mts", "dist/compat/blocking-worker.js"]);
  });

  it("passes publint and arethetypeswrong with no errors or warnings", async () => {
    const lint = await ok(path.join(BIN, "publint"), ["--strict", tarball], dir);
    expect(lint).to.contain("All good!");
    const attw = await ok(path.join(BIN, "attw"), [tarball], dir);
    expect(attw).to.contain("No problems found");
  });

  it("works from CommonJS: require(\"genfut\")", async () => {
    expect(await ok(process.execPath, ["cjs.cjs"], app)).to.equal("cjs 6 function\n");
  });

  it("works from an ES module: named imports and the default import", async () => {
    expect(await ok(process.execPath, ["esm.mjs"], app)).to.equal("esm 42 ready on the second poll true\n");
  });

  it("has one runtime in a process that loads it both ways: spawn and sleep cross from require to import and back", async () => {
    expect(await ok(process.execPath, ["both.mjs"], app)).to.equal("esm task in a cjs runtime; cjs task in an esm runtime; 42; true; true\n");
  });

  it("type-checks and runs under moduleResolution nodenext with strict settings (ES module and CommonJS files)", async () => {
    await ok(process.execPath, [TSC, "-p", "tsconfig.nodenext.json"], app);
    expect(await ok(process.execPath, ["out/nodenext/app.mjs"], app)).to.equal("ts-esm sent 42 timed out function\n");
    expect(await ok(process.execPath, ["out/nodenext/app-cjs.cjs"], app)).to.equal("ts-cjs 2,4,6 2\n");
  });

  it("serves genfut/sim as its own entry: not loaded by require(\"genfut\"), sharing its runtime, typed under nodenext", async () => {
    expect(await ok(process.execPath, ["sim.cjs"], app)).to.equal("cjs-sim false true 250\n");
    expect(await ok(process.execPath, ["out/nodenext/sim.mjs"], app)).to.match(/^ts-sim found with \d+ preemption\(s\) elapsed 5\n$/);
  });

  it("type-checks and runs under moduleResolution bundler with strict settings", async () => {
    await ok(process.execPath, [TSC, "-p", "tsconfig.bundler.json"], app);
    expect(await ok(process.execPath, ["out/bundler/app.mjs"], app)).to.equal("ts-esm sent 42 timed out function\n");
  });

  it("declares the public classes without their runtime-facing members (@internal is stripped)", () => {
    // What a user's editor offers on an instance: the public members of the
    // class's type, inherited ones included, read from the installed .d.ts.
    const ts = require("typescript") as typeof import("typescript");
    const entry = path.join(app, "node_modules", "genfut", "dist", "index.d.ts");
    const program = ts.createProgram([entry], { strict: true, types: [], noEmit: true });
    const checker = program.getTypeChecker();
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
    const members = (name: string): string[] => {
      let symbol = exports.find((e) => e.name === name)!;
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const isPublic = (p: import("typescript").Symbol) =>
        !p.name.startsWith("#") && (p.declarations ?? []).every((d) => (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0);
      return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).filter(isPublic).map((p) => p.name);
    };
    const handle = members("JoinHandle");
    expect(handle).to.include.members(["abort", "isFinished", "abortHandle", "id", "name", "poll", "describe"]);
    for (const internal of ["run", "scheduler", "prevLive", "nextLive", "state", "observed", "outcome", "value", "onAbort", "group"]) expect(handle, internal).to.not.include(internal);
    const sleep = members("Sleep");
    expect(sleep).to.include.members(["deadline", "reset", "poll", "describe"]);
    for (const internal of ["bucket", "driver", "when", "waker", "index", "delayMs"]) expect(sleep, internal).to.not.include(internal);
    const runtime = members("Runtime");
    expect(runtime).to.include.members(["spawn", "run", "blockOn", "metrics", "dump", "now"]);
    for (const internal of ["schedule", "taskDone", "lostWaker", "driver", "budget", "counters"]) expect(runtime, internal).to.not.include(internal);
    expect(members("Notify")).to.have.members(["notified", "notifyOne", "notifyWaiters", "notifyLast"]);
    expect(members("Barrier")).to.have.members(["n", "wait"]);
    const sender = members("BroadcastSender");
    expect(sender).to.include.members(["send", "subscribe", "close"]);
    expect(sender).to.not.include("shared");
    // An internal constructor is declared protected, not dropped: a class
    // declared without one would let `new BroadcastSender()` type-check.
    const constructorOf = (name: string) => {
      let symbol = exports.find((e) => e.name === name)!;
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      return (symbol.members?.get("__constructor" as import("typescript").__String)?.declarations ?? []).map((d) => ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Protected);
    };
    for (const name of ["BroadcastSender", "JoinHandle", "Sleep", "TcpStream", "MpscReceiver"]) expect(constructorOf(name), name).to.deep.equal([ts.ModifierFlags.Protected]);
    expect(constructorOf("Mutex"), "Mutex").to.deep.equal([0]);
  });

  it("runs a TypeScript file the way the README says: npx tsx main.ts", async () => {
    expect(await ok(path.join(BIN, "tsx"), ["main.ts"], app)).to.equal("hello, world hello, genfut\n");
  });
});
