import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as entry from "../../../lib/reactor/time/timer-entry";

const LIB = path.resolve(__dirname, "../../../lib");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("TimerEntry states", () => {
  it("numbers every state of bucket once, apart from every slot index", () => {
    const marks = [entry.UNREGISTERED, entry.FIRED, entry.DEFERRED, entry.DEFERRED_CANCELLED, entry.UNPOLLED];
    expect(new Set(marks).size).to.equal(marks.length);
    for (const m of marks) expect(m).to.be.below(0);
  });

  it("is changed only in reactor/time: an entry's owner starts it, reads it, and never writes it", () => {
    const wrong: string[] = [];
    for (const f of files(LIB)) {
      const rel = path.relative(LIB, f);
      if (rel.startsWith(`reactor${path.sep}time${path.sep}`)) continue;
      const src = fs.readFileSync(f, "utf8");
      if (/\.bucket\s*(=(?!=)|\+\+|--|[-+|&]=)/.test(src)) wrong.push(rel);
    }
    expect(wrong).to.deep.equal([]);
  });
});
