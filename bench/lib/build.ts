/**
 * Prepares node_modules/.cache/genfut-bench once per run, so each child
 * process starts plain `node` (about 0.1 s) instead of ts-node (about 0.7 s
 * per child, minutes over a full run):
 * - lib/: the package's own build (`npm run build`, dist/), copied file for
 *   file, so the bench times what users run; the copy keeps bench/'s
 *   `../../lib` imports and the probes' paths working.
 * - bench/: type-only transpiling, as ts-node --transpile-only does; `npm test`
 *   type-checks the same files.
 * Inside node_modules/, the compiled files still resolve effect, effection and co.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");
export const OUT = path.join(ROOT, "node_modules", ".cache", "genfut-bench");

function* filesEndingIn(dir: string, ext: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesEndingIn(p, ext);
    else if (e.name.endsWith(ext) && !e.name.endsWith(".d.ts")) yield p;
  }
}

/** Write-then-rename: another bench running at the same time never reads half a file. */
function writeAtomically(out: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
}

/** Builds the package, transpiles bench/, and returns the path of the compiled child entry. */
export function build(): string {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "inherit" });
  const dist = path.join(ROOT, "dist");
  for (const file of filesEndingIn(dist, ".js")) writeAtomically(path.join(OUT, "lib", path.relative(dist, file)), fs.readFileSync(file));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    // As in tsconfig.json: class fields assigned in the constructor (see there).
    useDefineForClassFields: false,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    sourceMap: false,
  };
  // samples/ too: S3 runs the echo server sample inside a simulation.
  for (const top of ["bench", "samples"]) {
    for (const file of filesEndingIn(path.join(ROOT, top), ".ts")) {
      const out = path.join(OUT, path.relative(ROOT, file).replace(/\.ts$/, ".js"));
      writeAtomically(out, ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: options, fileName: file }).outputText);
    }
  }
  return path.join(OUT, "bench", "lib", "child.js");
}
