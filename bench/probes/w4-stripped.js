/**
 * W4 probe: how much of genfut's gap to native is the runtime's own checks?
 *
 * Copies the compiled library and deletes, in the copy, every per-poll and
 * per-message check that W4 does not need to finish correctly:
 *   - a task's poll: the poll counter, `running.task`, the abort branch, the
 *     try/catch, unpinning the last ready value, the lost-waker test;
 *   - a wake: the wake counter;
 *   - `recv()`'s `next`: the "awaited outside a task" check, the budget, and
 *     the `cx.waker` getter (the waker is stored directly);
 *   - the executor's loop: poll hooks, the deferred-timer flush, the clock
 *     reads that hand the thread back to Node every `hostSliceMs`;
 *   - an unbounded send: the closed-receiver and closed-sender checks.
 * What is left is not a correct runtime (no budget, so semantics 4 of
 * DESIGN.md fails; no `abort()`, no metrics, no lost-waker reports); it is
 * the cheapest genfut could be with its present structure: tasks, a state
 * word per task, a ring per channel, a run queue.
 *
 * Then it alternates four implementations of W4, each run in a fresh process
 * after the harness's 2,000-message warm-up: native (the Promise channel),
 * genfut, genfut stripped, and "limit: raw generators" (two bare generators,
 * no runtime). With a second size it also splits each time into a steady
 * cost per million messages and a cold overhead (what the first million
 * costs beyond that):
 *   steady = (t(big) - t(small)) / (big - small) * 1e6,  cold = t(small) - steady * small / 1e6
 *
 * Usage: node bench/probes/w4-stripped.js [rounds=10] [messages=1000000] [bigger]
 * Needs the compiled copy `npm run bench` makes in node_modules/.cache.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const CACHE = path.join(__dirname, "..", "..", "node_modules", ".cache", "genfut-bench");
const { median } = require(path.join(CACHE, "bench", "lib", "report.js"));

// ---- the child: one timed run of one implementation ------------------------

if (process.argv[2] === "--child") {
  const [, , , dir, impl, messages] = process.argv;
  const { w4 } = require(path.join(dir, "bench", "workloads", "w4-pingpong.js"));
  const m = { extra: {}, restart() {}, sampleHeap() {} };
  (async () => {
    await w4.impls[impl]({ messages: 2000 }, m); // the harness's warm-up
    const t = performance.now();
    const out = await w4.impls[impl]({ messages: +messages }, m);
    const ms = performance.now() - t;
    w4.check({ messages: +messages }, out);
    console.log(ms.toFixed(2));
  })();
  return;
}

// ---- the stripped copy -------------------------------------------------------

/** Replaces `from` by `to` in `file`; each edit must match exactly once, so a changed build fails loudly. */
function edit(dir, file, from, to) {
  const p = path.join(dir, "lib", file);
  const src = fs.readFileSync(p, "utf8");
  const at = src.indexOf(from);
  if (at < 0 || src.indexOf(from, at + 1) >= 0) {
    throw new Error(`w4-stripped: the edit of ${file} no longer matches the build (${JSON.stringify(from.slice(0, 60))}...); update this probe`);
  }
  fs.writeFileSync(p, src.slice(0, at) + to + src.slice(at + from.length));
}

/** The text of method `name` (from its first line to its closing brace) in a compiled class. */
function method(dir, file, name) {
  const src = fs.readFileSync(path.join(dir, "lib", file), "utf8");
  const at = src.indexOf(`\n    ${name} {\n`);
  if (at < 0) throw new Error(`w4-stripped: no method ${name} in ${file}; update this probe`);
  return src.slice(at + 1, src.indexOf("\n    }\n", at) + 7);
}

function strippedCopy() {
  if (!fs.existsSync(CACHE)) throw new Error(`w4-stripped: ${CACHE} is missing; run \`npm run bench -- --quick --only W4\` once`);
  // Beside the original, so that the workloads still find the peers in node_modules.
  const dir = path.join(path.dirname(CACHE), "genfut-w4-stripped");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(CACHE, dir, { recursive: true });
  edit(dir, "task/task.js", method(dir, "task/task.js", "run()"), `    run() {
        const s = this.scheduler;
        this.flags = (this.flags & ~(224 | 4096)) | 64;
        future_1.current.budget = s.budget;
        future_1.current.cx = this;
        let v;
        const res = this.gen.next(undefined);
        if (res === future_1.STEP) { this.target = future_1.STEP.value; v = poll_1.Pending; }
        else v = this.drive(res, this);
        future_1.current.cx = null;
        if (v !== poll_1.Pending) { this.#complete(Outcome.Ok, v); return; }
        const g = this.flags;
        if ((g & 224) === 96) { this.flags = (g & ~224) | 32; s.schedule(this); }
        else this.flags = g & ~224;
    }
`);
  edit(dir, "task/task.js", "        s.counters.wakes++;\n", "");
  edit(dir, "sync/mpsc/receiver.js", `        if (cx === null)
            throw (0, future_1.awaitedOutside)(this);
        if (--future_1.current.budget < 0)
            return (0, future_1.outOfBudget)(this, cx);
`, "");
  edit(dir, "sync/mpsc/receiver.js", "chan.rxWaker = cx.waker;", "chan.rxWaker = cx;");
  const loop = method(dir, "task/runtime.js", "#runTasks(sliceMs)");
  const poll = loop.indexOf("            if (pollHook === null)");
  edit(dir, "task/runtime.js", loop, loop.slice(0, poll) + "            task.run();\n        }\n    }\n");
  edit(dir, "sync/mpsc/sender.js", `        if (chan.rxClosed)
            throw new errors_1.SendError(value);
        if (this.closedByUser)
            throw new errors_1.SendError(value, "this sender was closed");
        // \`chan.push\``, "        // `chan.push`");
  return dir;
}

// ---- the parent: alternate, pair, report ---------------------------------------

const rounds = +(process.argv[2] || 10);
const small = +(process.argv[3] || 1_000_000);
const big = process.argv[4] === undefined ? 0 : +process.argv[4];
const stripped = strippedCopy();
const rows = [
  ["native", CACHE, "native"],
  ["genfut", CACHE, "genfut"],
  ["genfut stripped", stripped, "genfut"],
  ["raw generators", CACHE, "limit: raw generators"],
];
const once = (dir, impl, n) => +execFileSync(process.execPath, [__filename, "--child", dir, impl, String(n)], { encoding: "utf8" }).trim();

const sizes = big > 0 ? [small, big] : [small];
const times = new Map(rows.map(([label]) => [label, sizes.map(() => [])]));
try {
  for (let r = 0; r < rounds; r++) {
    sizes.forEach((n, i) => {
      for (const [label, dir, impl] of rows) times.get(label)[i].push(once(dir, impl, n));
    });
  }
} finally {
  fs.rmSync(stripped, { recursive: true, force: true });
}

console.log(`W4, ${rounds} rounds; each run against the native run of its round (paired) and as medians`);
sizes.forEach((n, i) => {
  const base = times.get("native")[i];
  console.log(`\n${n.toLocaleString("en-US")} messages:`);
  for (const [label] of rows) {
    const t = times.get(label)[i];
    const paired = median(t.map((x, k) => x / base[k]));
    console.log(`  ${label.padEnd(16)} ${median(t).toFixed(1).padStart(7)} ms   x${(median(t) / median(base)).toFixed(2)}   paired x${paired.toFixed(2)}   [${t.map((x) => x.toFixed(0)).join(" ")}]`);
  }
});
if (big > 0) {
  console.log(`\nsteady cost per million messages, and the cold overhead of the first ${small.toLocaleString("en-US")}:`);
  for (const [label] of rows) {
    const [ts, tb] = times.get(label).map(median);
    const steady = ((tb - ts) / (big - small)) * 1e6;
    console.log(`  ${label.padEnd(16)} steady ${steady.toFixed(1).padStart(6)} ms/M   cold ${(ts - (steady * small) / 1e6).toFixed(1).padStart(6)} ms`);
  }
}
