/**
 * Transpiles lib/ and bench/ once into node_modules/.cache/genfut-bench, so
 * each child process starts plain `node` (about 0.1 s) instead of ts-node
 * (about 0.7 s per child, minutes over a full run). Type-only transpiling, as
 * ts-node --transpile-only does; `npm test` type-checks the same files.
 * Inside node_modules/, the compiled files still resolve effect, effection and co.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");
export const OUT = path.join(ROOT, "node_modules", ".cache", "genfut-bench");

function* tsFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) yield p;
  }
}

/** Transpiles and returns the path of the compiled child entry. */
export function build(): string {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    // As in tsconfig.json: class fields assigned in the constructor (see there).
    useDefineForClassFields: false,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    sourceMap: false,
  };
  for (const top of ["lib", "bench", "samples"]) { // samples: S3 runs the echo server sample
    for (const file of tsFiles(path.join(ROOT, top))) {
      const rel = path.relative(ROOT, file);
      const out = path.join(OUT, rel.replace(/\.ts$/, ".js"));
      const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: options, fileName: file });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      // Write-then-rename: another bench running at the same time never reads half a file.
      const tmp = `${out}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, outputText);
      fs.renameSync(tmp, out);
    }
  }
  return path.join(OUT, "bench", "lib", "child.js");
}
