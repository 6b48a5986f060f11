/**
 * Every TypeScript example in README.md and docs/*.md type-checks against the
 * library as users import it.
 *
 * Each ```ts block is compiled as a module of its own, with `"genfut"` and
 * `"genfut/sim"` resolved to lib/, under the repository's strict settings, so
 * an example a user copies compiles as written: it carries its own imports,
 * and declares (with `declare`) whatever it leaves to the reader. A block
 * that shows something other than TypeScript (output, a shell session) uses
 * another language tag. All blocks share one program, so the check costs one
 * compilation (a program per block took ~1.5 s each).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./support/child";

interface Example {
  /** Where the block starts, as `docs/time.md:42`. */
  where: string;
  code: string;
}

/** The ```ts blocks of a Markdown file, with the line each starts on. */
export function examplesOf(file: string): Example[] {
  const rel = path.relative(ROOT, file);
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
    out.push({ where: `${rel}:${start}`, code: body.join("\n") });
  }
  return out;
}

function documents(): string[] {
  const docs = path.join(ROOT, "docs");
  const guides = fs.existsSync(docs)
    ? fs.readdirSync(docs).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(docs, f))
    : [];
  return [path.join(ROOT, "README.md"), ...guides];
}

/** Type-checks the examples together; returns one message per error, located in its document. */
export function checkExamples(examples: Example[]): string[] {
  const virtual = new Map<string, Example>();
  examples.forEach((e, i) => {
    // `export {}` makes a block without imports a module too, so blocks never share globals.
    virtual.set(path.join(ROOT, ".docs-examples", `example-${i}.ts`), { ...e, code: `${e.code}\nexport {};\n` });
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
    baseUrl: ROOT,
    paths: { genfut: ["lib/index.ts"], "genfut/sim": ["lib/sim/index.ts"] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const v = virtual.get(path.resolve(name));
    return v !== undefined ? ts.createSourceFile(name, v.code, lang) : getSourceFile(name, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(path.resolve(name))?.code ?? readFile(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file === undefined ? undefined : virtual.get(path.resolve(d.file.fileName));
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (file === undefined) {
      errors.push(d.file === undefined ? text : `${path.relative(ROOT, d.file.fileName)}: ${text}`);
      continue;
    }
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    const [doc, start] = file.where.split(":");
    errors.push(`${doc}:${Number(start) + line + 1}: ${text}`);
  }
  return errors;
}

describe("documentation examples", function () {
  this.timeout(120_000);
  const examples = documents().flatMap(examplesOf);
  // One compilation serves both checks: the documents' examples plus one
  // deliberately wrong example, which must be reported at its own line.
  const broken: Example = { where: "docs/broken-example.md:10", code: 'import { sleep } from "genfut";\nconst n: string = sleep(5);' };
  let errors: string[] = [];
  before(() => {
    errors = checkExamples([...examples, broken]);
  });

  it("finds examples in the README and every guide", () => {
    expect(examples.length).to.be.greaterThan(20);
    for (const doc of documents()) {
      expect(examplesOf(doc).length, `${path.relative(ROOT, doc)} has no \`\`\`ts example`).to.be.greaterThan(0);
    }
  });

  it("reports an example that does not type-check, at its line in the document", () => {
    const mine = errors.filter((e) => e.startsWith("docs/broken-example.md:"));
    expect(mine).to.have.length(1);
    expect(mine[0]).to.match(/^docs\/broken-example\.md:12: Type 'Sleep' is not assignable to type 'string'/);
  });

  it("type-checks every ```ts example as users would compile it", () => {
    const real = errors.filter((e) => !e.startsWith("docs/broken-example.md:"));
    expect(real, real.join("\n")).to.deep.equal([]);
  });
});
