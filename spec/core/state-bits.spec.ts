/**
 * The state word's one table (lib/core/state-bits.ts) against its uses: the
 * hot paths write the bits as literals named in a comment (`11 /* Done |
 * Cancelling | Held *\/`), and every such literal must be the OR of the
 * values its comment names.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const LIB = path.resolve(__dirname, "../../lib");
const TABLE_FILE = path.join(LIB, "core", "state-bits.ts");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every member of every `const enum` of state-bits.ts: name → value, and name → its enum. */
function readTable(): { values: Map<string, number>; enums: Map<string, string[]> } {
  const src = ts.createSourceFile(TABLE_FILE, fs.readFileSync(TABLE_FILE, "utf8"), ts.ScriptTarget.ES2022, true);
  const values = new Map<string, number>();
  const enums = new Map<string, string[]>();
  for (const stmt of src.statements) {
    if (!ts.isEnumDeclaration(stmt)) continue;
    const names: string[] = [];
    for (const m of stmt.members) {
      const name = m.name.getText(src);
      // A plain number, so the table reads as numbers and this spec needs no evaluator.
      if (m.initializer === undefined || !ts.isNumericLiteral(m.initializer)) throw new Error(`${stmt.name.text}.${name}: write its value as a number`);
      if (values.has(name)) throw new Error(`${name} is defined twice in state-bits.ts: a comment could not tell which one it names`);
      values.set(name, Number(m.initializer.text));
      names.push(name);
    }
    enums.set(stmt.name.text, names);
  }
  return { values, enums };
}

const { values: TABLE, enums: ENUMS } = readTable();

/** A number followed by a comment of capitalised names joined by `|`, maybe after a `~`. */
const NAMED_LITERAL = /(~\s*)?\b(\d+)\s*\/\*\s*([A-Z]\w*(?:\s*\|\s*[A-Z]\w*)*)\s*\*\//g;
/** A number operand of `&`, `|`, `&=`, `|=` (maybe after `~` or `(`) with no comment after it. */
const BARE_OPERAND = /(?:[&|]=?)\s*~?\s*\(?\s*\b(\d+)\b(?!\s*\/\*)/g;

interface Found {
  literals: number;
  problems: string[];
}

/**
 * Checks the named literals of one file. `strict`: the file uses the state
 * word, so every named literal must name bits of the table, and a bitwise
 * operand must be named at all.
 */
function check(file: string, text: string, strict: boolean): Found {
  const problems: string[] = [];
  let literals = 0;
  const lineOf = (i: number) => text.slice(0, i).split("\n").length;
  for (const m of text.matchAll(NAMED_LITERAL)) {
    const [whole, tilde, digits, comment] = m;
    const names = comment.split("|").map((n) => n.trim());
    const unknown = names.filter((n) => !TABLE.has(n));
    if (unknown.length === names.length && !strict) continue; // some other number, in a file that does not use the state word
    literals++;
    const where = `${file}:${lineOf(m.index!)}: ${whole.trim()}`;
    if (unknown.length > 0) {
      problems.push(`${where}: ${unknown.join(", ")} not in core/state-bits.ts`);
      continue;
    }
    const expected = names.reduce((acc, n) => acc | TABLE.get(n)!, 0);
    if (Number(digits) !== expected) {
      problems.push(`${where}: ${names.join(" | ")} is ${tilde ? "~" : ""}${expected}, not ${tilde ? "~" : ""}${digits}`);
    }
  }
  if (strict) {
    const code = text.replace(/\/\*\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/\/\/.*$/gm, "");
    for (const m of code.matchAll(BARE_OPERAND)) {
      if (m[1] === "0") continue;
      problems.push(`${file}:${lineOf(m.index!)}: ${m[0].trim()}: a state-word literal without its name in a comment`);
    }
  }
  return { literals, problems };
}

/** Files that use the state word: the trampoline, what extends it, and what imports the table. */
function usesStateWord(text: string): boolean {
  return /\bclass Trampoline\b|\bextends Trampoline\b|from "[./]*\/?(core\/)?state-bits"/.test(text);
}

describe("the state word (core/state-bits.ts)", () => {
  it("gives each bit one meaning: the fields do not overlap, and each mask covers its values", () => {
    const v = (n: string) => TABLE.get(n)!;
    const fields = ["Done", "Cancelling", "ResumeReturn", "Held", "TargetCancelling", "StateMask", "OutcomeMask", "AbortRequested", "Observed", "WakerTaken"];
    let seen = 0;
    for (const f of fields) {
      expect(seen & v(f), `${f} overlaps another field`).to.equal(0);
      seen |= v(f);
    }
    expect(v("TrampolineMask")).to.equal(v("Done") | v("Cancelling") | v("ResumeReturn") | v("Held") | v("TargetCancelling"));
    for (const [e, mask] of [
      ["TaskState", "StateMask"],
      ["Outcome", "OutcomeMask"],
    ]) {
      const members = ENUMS.get(e)!.map(v);
      expect(new Set(members).size, `${e}: two states share a value`).to.equal(members.length);
      for (const x of members) expect(x & ~v(mask), `${e} value ${x} outside ${mask}`).to.equal(0);
    }
  });

  it("agrees with every named literal in lib/", () => {
    let literals = 0;
    const strictFiles: string[] = [];
    const problems: string[] = [];
    for (const f of files(LIB)) {
      if (f === TABLE_FILE) continue;
      const text = fs.readFileSync(f, "utf8");
      const strict = usesStateWord(text);
      if (strict) strictFiles.push(path.relative(LIB, f));
      const found = check(path.relative(LIB, f), text, strict);
      literals += found.literals;
      problems.push(...found.problems);
    }
    expect(problems).to.deep.equal([]);
    expect(strictFiles).to.include.members(["core/coroutine.ts", "task/task.ts"]);
    expect(literals).to.be.greaterThan(40);
  });

  it("catches a literal that does not match its name", () => {
    const bad = [
      "this.flags & 64 /* Notified */",
      "this.flags & ~30 /* TrampolineMask */",
      "(f & 9 /* Done | Cancelling | Held */) === 0",
      "this.flags |= 1 /* Dnoe */",
      "this.flags |= 64;",
    ];
    for (const line of bad) expect(check("x.ts", line, true).problems, line).to.have.length(1);
    const good = ["this.flags & 96 /* Notified */", "this.flags & ~31 /* TrampolineMask */", "(f & 11 /* Done | Cancelling | Held */) === 0", "(f & ~(8 /* Held */ | 16 /* TargetCancelling */))"];
    for (const line of good) expect(check("x.ts", line, true).problems, line).to.deep.equal([]);
  });
});
