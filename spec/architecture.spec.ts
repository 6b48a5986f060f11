/**
 * The layering of lib/, read from the imports themselves (CONTRIBUTING.md, "Layout"):
 * an arrow never points up, sync/ needs only core/, leaf futures need no
 * executor, reactor/time/ and reactor/io/ stay apart, no internal module
 * imports the public barrel, a folder barrel exports only what is imported
 * through it, and Node's APIs are touched only in reactor/, net/, io/ and compat/.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinModules } from "node:module";

const LIB = path.resolve(__dirname, "../lib");

/**
 * Which layers each layer may import. A layer may always import itself.
 * Leaf futures (time/, io/, net/) need no executor: they find the running
 * driver through reactor/current.ts, so they may not import task/.
 */
const ALLOWED: Record<string, string[]> = {
  core: [],
  reactor: ["core"],
  task: ["core", "reactor"],
  sync: ["core"],
  time: ["core", "reactor"],
  io: ["core", "reactor"],
  net: ["core", "reactor", "time", "io"],
  // JoinSet and scope spawn tasks; every other combinator needs only core/.
  combinators: ["core", "task"],
  stream: ["core", "reactor", "task", "sync", "time", "combinators"],
  compat: ["core", "reactor", "task", "sync", "time", "io", "combinators", "stream"],
  // The simulator (the subpath genfut/sim) sits on top of everything; nothing
  // in lib/ may import it, the public barrel included (see below).
  sim: ["core", "reactor", "task", "sync", "time", "io", "net", "combinators", "stream", "compat"],
};
// sim/ reads GENFUT_SEED from process.env, and nothing else of Node.
const NODE_LAYERS = new Set(["reactor", "net", "io", "compat", "sim"]);
const NODE_GLOBALS = /\b(setTimeout|setInterval|setImmediate|clearTimeout|clearInterval|clearImmediate)\s*\(|\bprocess\.[a-zA-Z]/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function imports(src: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/g;
  for (let m; (m = re.exec(src)) !== null; ) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

function layerOf(file: string): string {
  const rel = path.relative(LIB, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
}

/** The names in `{ a, type B, c as d }`: as the module on the left of `as` has them ("imported"), or as they come out ("exported"). */
function namesIn(list: string, side: "imported" | "exported"): string[] {
  return list
    .split(",")
    .map((n) => n.trim().replace(/^type\s+/, ""))
    .filter((n) => n !== "")
    .map((n) => {
      const [left, right] = n.split(/\s+as\s+/);
      return side === "exported" ? (right ?? left) : left;
    });
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe("architecture", () => {
  const all = files(LIB);

  it("finds the layered source tree", () => {
    expect(all.some((f) => layerOf(f) === "core")).to.equal(true);
    expect(all.some((f) => layerOf(f) === "task")).to.equal(true);
  });

  it("never imports a higher layer, nor the public barrel from inside lib/", () => {
    const wrong: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      if (from === "index" || from === "lowlevel") continue;
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        wrong.push(`${path.relative(LIB, f)}: folder "${from}" is not a known layer (add it to ALLOWED with a reason)`);
        continue;
      }
      for (const spec of imports(stripComments(fs.readFileSync(f, "utf8")))) {
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(f), spec);
        const to = layerOf(target.endsWith(".ts") ? target : target + ".ts");
        if (to === from) continue;
        if (to === "index" || to === "lowlevel" || !allowed.includes(to)) wrong.push(`${path.relative(LIB, f)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("keeps the reactor's timer engine (reactor/time/) and socket engine (reactor/io/) apart", () => {
    // Only the top of reactor/ (driver.ts, current.ts, host.ts) joins them.
    const part = (f: string): string | null => {
      const rel = path.relative(path.join(LIB, "reactor"), f).split(path.sep);
      return rel.length > 1 && !rel[0].startsWith("..") ? rel[0] : null;
    };
    const parts = new Set(all.map(part).filter((p) => p !== null));
    expect([...parts].sort()).to.deep.equal(["io", "time"]);
    const wrong: string[] = [];
    for (const f of all) {
      const from = part(f);
      if (from === null) continue;
      for (const spec of imports(stripComments(fs.readFileSync(f, "utf8")))) {
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(f), spec);
        const to = part(target.endsWith(".ts") ? target : target + ".ts");
        if (to !== null && to !== from) wrong.push(`${path.relative(LIB, f)} imports ${spec} (reactor/${from} -> reactor/${to})`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("keeps lib/sim out of everything else, the public barrel included", () => {
    const wrong: string[] = [];
    for (const f of all) {
      if (layerOf(f) === "sim") continue;
      for (const spec of imports(stripComments(fs.readFileSync(f, "utf8")))) {
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(f), spec);
        if (layerOf(target.endsWith(".ts") ? target : target + ".ts") === "sim") wrong.push(`${path.relative(LIB, f)} imports ${spec}`);
      }
    }
    expect(all.some((f) => layerOf(f) === "sim")).to.equal(true);
    expect(wrong).to.deep.equal([]);
  });

  it("touches Node's APIs only in reactor/, net/, io/ and compat/ (and process.env in sim/)", () => {
    const wrong: string[] = [];
    for (const f of all) {
      const layer = layerOf(f);
      if (NODE_LAYERS.has(layer) || layer === "index" || layer === "lowlevel") continue;
      const src = stripComments(fs.readFileSync(f, "utf8"));
      for (const spec of imports(src)) if (builtins.has(spec)) wrong.push(`${path.relative(LIB, f)} imports ${spec}`);
      const m = NODE_GLOBALS.exec(src);
      if (m) wrong.push(`${path.relative(LIB, f)} uses ${m[0]}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it("imports from another folder's defining files, not its index.ts barrel", () => {
    // A barrel's re-exports compile to getters; V8 cannot inline them once the
    // exports object has a dozen, so `Pending` read through "../core" cost a call.
    const wrong: string[] = [];
    for (const f of all) {
      if (layerOf(f) === "index" || layerOf(f) === "lowlevel") continue;
      const src = stripComments(fs.readFileSync(f, "utf8"));
      const re = /^import\s+(?!type\s)[^;]*?from\s+["']([^"']+)["']/gm;
      for (let m; (m = re.exec(src)) !== null; ) {
        const spec = m[1];
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(f), spec);
        if (fs.existsSync(path.join(target, "index.ts")) && target !== path.dirname(f)) wrong.push(`${path.relative(LIB, f)} imports values from ${spec}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("has folder barrels that export only what lib/ imports through them", () => {
    // A folder's index.ts is the face it shows the rest of lib/: the public
    // barrel's re-exports, plus what another folder imports through it (types
    // only, by the check above). Internals (STEP, current, afterHostTurn) are
    // imported from their defining files, so an editor completing
    // "genfut/dist/core" or a stray deep import never offers them.
    const barrels = all.filter((f) => path.basename(f) === "index.ts" && f !== path.join(LIB, "index.ts") && layerOf(f) !== "sim");
    const wanted = new Map<string, Set<string>>(barrels.map((b) => [b, new Set<string>()]));
    for (const f of all) {
      const src = stripComments(fs.readFileSync(f, "utf8"));
      const re = /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s+["']([^"']+)["']/g;
      for (let m; (m = re.exec(src)) !== null; ) {
        if (!m[2].startsWith(".")) continue;
        const names = wanted.get(path.join(path.resolve(path.dirname(f), m[2]), "index.ts"));
        for (const n of names === undefined ? [] : namesIn(m[1], "imported")) names!.add(n);
      }
    }
    const extra: string[] = [];
    for (const b of barrels) {
      const src = stripComments(fs.readFileSync(b, "utf8"));
      if (/export\s+\*/.test(src)) extra.push(`${path.relative(LIB, b)}: export *`);
      const exported: string[] = [];
      for (const m of src.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) exported.push(...namesIn(m[1], "exported"));
      for (const m of src.matchAll(/export\s+(?:declare\s+)?(?:const|let|function\*?|class|abstract\s+class|namespace|interface|type|enum)\s+(\w+)/g)) exported.push(m[1]);
      for (const n of exported) if (!wanted.get(b)!.has(n)) extra.push(`${path.relative(LIB, b)}: ${n}`);
    }
    expect(barrels.length).to.be.greaterThan(8);
    expect(extra).to.deep.equal([]);
  });

  it("exports the public API by name only (no export *)", () => {
    const src = stripComments(fs.readFileSync(path.join(LIB, "index.ts"), "utf8"));
    expect(src).to.not.match(/export\s+\*/);
  });

  it("compiles no class to a spread super(...arguments) call, except error classes", () => {
    // A derived class with field initializers and no constructor of its own
    // compiles (useDefineForClassFields: false) to `super(...arguments)`: a
    // spread call per construction, ~300 ns in unoptimized code. Futures are
    // made per await and per race, so their classes write the constructor out.
    const ts = require("typescript") as typeof import("typescript");
    const config = ts.readConfigFile(path.resolve(LIB, "../tsconfig.json"), ts.sys.readFile).config;
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, path.resolve(LIB, ".."));
    const spread: string[] = [];
    for (const f of all) {
      const out = ts.transpileModule(fs.readFileSync(f, "utf8"), { compilerOptions: { ...options, noEmit: false }, fileName: f }).outputText;
      const re = /class (\w+) extends (\w+(?:\.\w+)?)[^{]*\{\s*constructor\(\) \{\s*super\(\.\.\.arguments\)/g;
      for (let m; (m = re.exec(out)) !== null; ) {
        if (!/Error$/.test(m[1])) spread.push(`${path.relative(LIB, f)}: ${m[1]}`);
      }
    }
    expect(spread).to.deep.equal([]);
  });
});
