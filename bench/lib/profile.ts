/**
 * `npm run bench -- --profile W4`: runs genfut's implementation of a workload
 * once at full size under `node --cpu-prof` and prints where the time goes:
 * the functions with the most self time, and the inclusive time of genfut's
 * own functions. The raw .cpuprofile is kept (open it in Chrome DevTools).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One line per function: self and inclusive milliseconds. */
export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Self and inclusive time per function (by name, file and line) of a V8 CPU profile. */
export function summariseProfile(profile: CpuProfile, root: string): ProfileLine[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string => {
    const f = n.callFrame;
    const file = f.url.replace(/^file:\/\//, "").replace(root + path.sep, "").replace(/.*node_modules[\\/]\.cache[\\/]genfut-bench[\\/]/, "");
    return `${f.functionName || "(anonymous)"} ${file ? `${file}:${f.lineNumber + 1}` : ""}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    let node = byId.get(profile.samples[i]);
    if (node === undefined) continue;
    const k = key(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>(); // recursion counts once
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      node = byId.get(id)!;
      const kk = key(node);
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  return [...total.entries()].map(([name, totalMs]) => ({ name, totalMs, selfMs: self.get(name) ?? 0 }));
}

/** Runs the child under --cpu-prof and prints the summary. */
export function profile(childJs: string, workload: string, mode: string, root: string, outDir: string): void {
  fs.mkdirSync(outDir, { recursive: true });
  const before = new Set(fs.readdirSync(outDir));
  const r = spawnSync(process.execPath, ["--expose-gc", "--cpu-prof", `--cpu-prof-dir=${outDir}`, "--cpu-prof-interval=100", childJs, workload, "genfut", mode], {
    encoding: "utf8",
  });
  process.stdout.write(r.stdout.split("\n").filter((l) => l.startsWith("RESULT")).join("\n") + "\n");
  const file = fs.readdirSync(outDir).find((f) => f.endsWith(".cpuprofile") && !before.has(f));
  if (file === undefined) throw new Error(`no profile written: ${r.stderr}`);
  const lines = summariseProfile(JSON.parse(fs.readFileSync(path.join(outDir, file), "utf8")), root);
  const fmt = (l: ProfileLine): string => `${l.selfMs.toFixed(1).padStart(8)} ${l.totalMs.toFixed(1).padStart(8)}  ${l.name}`;
  console.log(`\nprofile: ${path.join(outDir, file)}\n\n    self    total  (ms) — top self time`);
  for (const l of [...lines].sort((a, b) => b.selfMs - a.selfMs).slice(0, 25)) console.log(fmt(l));
  console.log(`\n    self    total  (ms) — genfut's own functions by inclusive time`);
  for (const l of lines.filter((x) => x.name.includes(" lib/")).sort((a, b) => b.totalMs - a.totalMs).slice(0, 25)) console.log(fmt(l));
}
