/**
 * `npm run bench`: every workload of genfut's performance goals (bench/README.md), for genfut and its
 * peers, in one run on this machine.
 *
 *   npm run bench                      full sizes, 5 interleaved rounds (W5, W6: 3)
 *   npm run bench -- --quick           small sizes, 1 round: checks every result, < 1 min
 *   npm run bench -- --only W1,W3      some workloads
 *   npm run bench -- --impl genfut,native --rounds 3
 *   npm run bench -- --describe         how each implementation does each workload
 *   npm run bench -- --profile W4       genfut alone under --cpu-prof: where the time goes
 *   npm run bench -- --quick --jobs 1  (children one at a time; default 2 in quick mode)
 *   npm run bench -- --write-readme     also write the README's performance table (full mode only)
 *
 * Each implementation runs in its own child process (a fresh heap, nothing
 * shared), and the rounds are interleaved: round r runs every implementation
 * once, in an order rotated each round, before round r+1 starts. An
 * implementation that takes longer than 10 s (or times out) in its first
 * round is not repeated. Prints a Markdown table and writes bench/results.json.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { build, ROOT } from "./lib/build";
import { missingCapabilities } from "./lib/measure";
import { profile } from "./lib/profile";
import { readmeTable, Row, summarise, table, toJson, withReadmeTable } from "./lib/report";
import { baseImpl, Failure, ImplName, IMPLS, Mode, Sample, Workload } from "./lib/types";
import { findWorkload, WORKLOADS } from "./workloads";

interface Options {
  mode: Mode;
  only: Workload[];
  impls: (typeof IMPLS)[number][];
  rounds: number | null;
  /** Children run at once (default 1 in full mode, 2 in quick mode). */
  jobs: number | null;
  out: string;
  /** Workload to profile instead of benchmarking. */
  profile: string | null;
  /** Print how each implementation does each workload (Markdown) and stop. */
  describe: boolean;
  /** Write the README's performance table from this run. */
  writeReadme: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { mode: "full", only: WORKLOADS, impls: [...IMPLS], rounds: null, jobs: null, profile: null, describe: false, writeReadme: false, out: path.join(ROOT, "bench", "results.json") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.mode = "quick";
    else if (a === "--describe") o.describe = true;
    else if (a === "--write-readme") o.writeReadme = true;
    else if (a === "--only") {
      o.only = value()
        .split(",")
        .map((id) => {
          const w = findWorkload(id.trim());
          if (w === undefined) throw new RangeError(`--only: unknown workload ${id}; known: ${WORKLOADS.map((x) => x.id).join(", ")}`);
          return w;
        });
    } else if (a === "--impl") {
      o.impls = value()
        .split(",")
        .map((n) => {
          if (!(IMPLS as readonly string[]).includes(n)) throw new RangeError(`--impl: unknown implementation ${n}; known: ${IMPLS.join(", ")}`);
          return n as (typeof IMPLS)[number];
        });
    } else if (a === "--rounds") {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`--rounds needs a whole number >= 1`);
      o.rounds = n;
    } else if (a === "--jobs") {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`--jobs needs a whole number >= 1`);
      o.jobs = n;
    } else if (a === "--out") o.out = path.resolve(value());
    else if (a === "--profile") {
      const id = value();
      if (findWorkload(id) === undefined) throw new RangeError(`--profile: unknown workload ${id}`);
      o.profile = findWorkload(id)!.id;
    }
    else throw new RangeError(`unknown option ${a}: use --quick, --only W1,W3, --impl genfut,native, --rounds N, --jobs N, --out file, --profile W4, --describe, --write-readme`);
  }
  return o;
}

/** Runs one child and returns its sample or failure. */
function runChild(childJs: string, w: Workload, impl: ImplName, mode: Mode, timeoutMs: number): Promise<Sample | Failure> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", "--max-old-space-size=8192", childJs, w.id, impl, mode], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ kind: "timeout", error: `killed after ${timeoutMs / 1000} s` });
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (line === undefined) {
        const tail = err.trim().split("\n").slice(-3).join(" / ");
        return resolve({ kind: "error", error: `child exited (${signal ?? code}) without a result: ${tail}` });
      }
      resolve(JSON.parse(line.slice(7)));
    });
  });
}

/** The workloads and, for each, how every implementation does it (from the workloads' notes). */
function describeWorkloads(ws: Workload[]): string {
  return ws
    .map((w) => {
      const lines = (Object.keys(w.impls) as ImplName[]).map((i) => `  - ${i}: ${w.notes?.[i] ?? "see bench/workloads"}`);
      return `- **${w.id}** ${w.title}\n${lines.join("\n")}`;
    })
    .join("\n");
}

const isFailure = (x: Sample | Failure): x is Failure => (x as Failure).kind !== undefined;

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.describe) {
    console.log(describeWorkloads(opts.only));
    return;
  }
  const started = Date.now();
  process.stderr.write(`genfut bench (${opts.mode}): building…\n`);
  const childJs = build();
  if (opts.profile !== null) {
    profile(childJs, opts.profile, opts.mode, ROOT, path.join(ROOT, ".scratch", "bench", "profiles"));
    return;
  }
  const rows: Row[] = [];
  let failures = 0;
  // Quick mode checks results, not speed: two children at a time keeps it under a minute.
  const jobs = opts.jobs ?? (opts.mode === "full" ? 1 : 2);
  for (const w of opts.only) {
    const rounds = opts.mode === "full" ? opts.rounds ?? w.rounds ?? 5 : 1;
    const timeoutMs = opts.mode === "full" ? w.timeoutMs ?? 20_000 : 30_000;
    const impls = (Object.keys(w.impls) as ImplName[]).filter((i) => opts.impls.includes(baseImpl(i) as (typeof IMPLS)[number]));
    const state = new Map(impls.map((i) => [i, { samples: [] as Sample[], failure: null as Failure | null, done: false }]));
    const missing = missingCapabilities(w.needs);
    for (const [impl, s] of state) {
      if (missing.length === 0 || baseImpl(impl) !== "genfut") continue;
      s.failure = { kind: "n/a", error: `not available yet: genfut does not export ${missing.join(", ")}` };
      s.done = true;
    }
    const runOne = async (impl: ImplName, r: number): Promise<void> => {
      const s = state.get(impl)!;
      if (s.done) return;
      const res = await runChild(childJs, w, impl, opts.mode, timeoutMs);
      if (isFailure(res)) {
        s.failure = res;
        s.done = true;
        // Exit code: a wrong result always fails the run; in quick mode, so does any crash or timeout
        // (in full mode a peer too slow for the time limit is reported, not fatal).
        if (res.kind !== "n/a" && (opts.mode !== "full" || /wrong result/.test(res.error))) failures++;
        process.stderr.write(`  ${w.id} round ${r + 1} ${impl}: ${res.kind}: ${res.error}\n`);
        return;
      }
      s.samples.push(res);
      if (res.ms > 10_000) s.done = true; // too slow to repeat
      process.stderr.write(`  ${w.id} round ${r + 1} ${impl}: ${res.ms.toFixed(1)} ms\n`);
    };
    for (let r = 0; r < rounds; r++) {
      const order = impls.map((_, k) => impls[(k + r) % impls.length]);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < order.length) await runOne(order[next++], r);
      };
      await Promise.all(Array.from({ length: jobs }, worker));
    }
    rows.push(summarise(w, impls.map((impl) => ({ impl, ...state.get(impl)! }))));
  }
  const text = table(rows);
  const legend = opts.only.map((w) => `- **${w.id}**: ${w.title}`).join("\n");
  console.log(`\n${legend}\n\n${text}\n`);
  const meta = {
    date: new Date().toISOString(),
    mode: opts.mode,
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`,
    seconds: (Date.now() - started) / 1000,
  };
  fs.writeFileSync(opts.out, JSON.stringify(toJson(rows, meta), null, 2));
  console.log(`${meta.seconds.toFixed(0)} s; results in ${path.relative(process.cwd(), opts.out)}`);
  if (opts.writeReadme) {
    // Quick mode's sizes and single round say nothing about speed: never publish them.
    if (opts.mode !== "full") throw new RangeError("--write-readme needs a full run (without --quick)");
    const readme = path.join(ROOT, "README.md");
    fs.writeFileSync(readme, withReadmeTable(fs.readFileSync(readme, "utf8"), readmeTable(rows, meta)));
    console.log("README.md: performance table written");
  }
  if (failures > 0) {
    console.error(`${failures} implementation(s) failed or gave a wrong result (see above)`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
