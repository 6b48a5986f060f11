/**
 * The API reference is complete and builds cleanly.
 *
 * 1. Every export of lib/index.ts has a doc comment, and every value a user
 *    calls or constructs (class, function, const) shows an `@example`. Read
 *    with the TypeScript compiler from one program over the barrel (~1.5 s).
 * 2. `typedoc` (the `npm run docs` configuration, typedoc.json, which treats
 *    warnings as errors) builds the reference without a warning: every member
 *    documented, every link resolved. It renders into a temporary directory,
 *    because some warnings (an unknown code-block language) only appear while
 *    rendering; `--emit none` would miss them.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./support/child";

interface Missing {
  name: string;
  /** What the export lacks: "a doc comment" or "an @example". */
  lacks: string;
}

const VALUE = ts.SymbolFlags.Class | ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum;

/**
 * One program over the barrel, plus any `extra` files given as source text
 * (the spec's probe), so the whole check costs one compilation.
 */
export function programOf(entry: string, extra: Map<string, string> = new Map()): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const text = extra.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => extra.has(path.resolve(name)) || fileExists(name);
  return ts.createProgram([entry, ...extra.keys()], options, host);
}

/** The exports of `file` that lack a doc comment, or (values only) an `@example`. */
export function undocumentedExports(program: ts.Program, file: string): Missing[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${file} is not a module`);
  const missing: Missing[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = symbol.declarations ?? [];
    // The doc comment may sit on any declaration: the first overload, the
    // class or the const of a const + namespace pair such as `mpsc`.
    const docs = decls.flatMap((d) => ts.getJSDocCommentsAndTags(d)).filter(ts.isJSDoc);
    const hasDoc = docs.some((d) => (typeof d.comment === "string" ? d.comment : (d.comment ?? []).map((c) => c.text).join("")).trim() !== "");
    const hasExample = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === "example"));
    if (!hasDoc) missing.push({ name: exported.name, lacks: "a doc comment" });
    else if (symbol.flags & VALUE && !hasExample) missing.push({ name: exported.name, lacks: "an @example" });
  }
  return missing;
}

function runTypedoc(outDir: string): Promise<{ code: number; output: string }> {
  const bin = path.join(path.dirname(require.resolve("typedoc/package.json", { paths: [ROOT] })), "bin", "typedoc");
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, "--out", outDir], { cwd: ROOT, timeout: 150_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe("API reference", function () {
  this.timeout(180_000);
  const entry = path.join(ROOT, "lib/index.ts");
  // A module with one export of each kind the check must catch or pass.
  const probe = path.join(ROOT, "lib/api-docs-probe.ts");
  const probeSource = [
    'export { sleep } from "./time";',
    "/** Doubles. */ export function twice(n: number): number { return 2 * n; }",
    "export const bare = 1;",
    "export interface Shape { x: number }",
    "/** A shape. */ export type Named = { name: string };",
  ].join("\n");
  let program: ts.Program;
  before(() => {
    program = programOf(entry, new Map([[probe, probeSource]]));
  });

  it("names an export that has no doc comment, or a value without an @example", () => {
    expect(undocumentedExports(program, probe)).to.deep.equal([
      { name: "twice", lacks: "an @example" },
      { name: "bare", lacks: "a doc comment" },
      { name: "Shape", lacks: "a doc comment" },
    ]);
  });

  it("documents every export of lib/index.ts, with an @example on each class, function and const", () => {
    const missing = undocumentedExports(program, entry);
    expect(missing.map((m) => `${m.name} lacks ${m.lacks}`)).to.deep.equal([]);
  });

  it("builds with typedoc without a single warning (npm run docs)", async () => {
    const config = fs.readFileSync(path.join(ROOT, "typedoc.json"), "utf8");
    expect(config, "typedoc.json must fail the build on a warning").to.match(/"treatWarningsAsErrors":\s*true/);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "genfut-api-"));
    try {
      const { code, output } = await runTypedoc(out);
      const warnings = output.split("\n").filter((l) => /\[(warning|error)\]/.test(l) && !/Found \d+ errors/.test(l));
      expect(warnings, output).to.deep.equal([]);
      expect(code, output).to.equal(0);
      expect(fs.existsSync(path.join(out, "index.html"))).to.equal(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
