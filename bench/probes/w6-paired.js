/**
 * W6 probe, paired: runs `w6-servers.js` for `pipe` and each given kind,
 * `rounds` times, each round opening with `pipe`, and compares every run
 * with the `pipe` run of its own round. On a machine whose speed drifts by
 * 10–30% within minutes, these paired ratios say what three-way
 * alternations cannot (a layer here costs about 3%).
 *
 * Usage: node bench/probes/w6-paired.js [rounds=12] [seconds=3] [kinds=rawsrc,futtask,zc,buf]
 * Needs what w6-servers.js needs (the compiled copy `npm run bench` makes).
 */
const { execFileSync } = require("child_process");
const path = require("path");

const rounds = +(process.argv[2] || 12);
const secs = process.argv[3] || "3";
const kinds = (process.argv[4] || "rawsrc,futtask,zc,buf").split(",");
const probe = path.join(__dirname, "w6-servers.js");
const { median } = require(path.join(__dirname, "..", "..", "node_modules", ".cache", "genfut-bench", "bench", "lib", "report.js"));
const LINE = /^(\S+)\s+([\d.]+) k req\/s, p99 ([\d.]+) ms \| per request: server ([\d.]+)/;

/** One run of one kind: req/s (thousands), p99 ms, server µs of CPU per request. */
function runOnce(kind) {
  const out = execFileSync(process.execPath, [probe, kind, secs], { encoding: "utf8" });
  const m = LINE.exec(out.trim());
  if (m === null) throw new Error(`unexpected probe output for ${kind}: ${out}`);
  return { rate: +m[2], p99: +m[3], cpu: +m[4] };
}

const quartile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

const pipes = [];
const per = new Map(kinds.map((k) => [k, { rate: [], p99: [], cpu: [] }]));
for (let r = 0; r < rounds; r++) {
  const base = runOnce("pipe");
  pipes.push(base.rate);
  for (const k of kinds) {
    const x = runOnce(k);
    const acc = per.get(k);
    acc.rate.push(x.rate / base.rate);
    acc.p99.push(x.p99 / base.p99);
    acc.cpu.push(x.cpu - base.cpu);
  }
  process.stderr.write(`round ${r + 1}/${rounds} done\n`);
}
console.log(`pipe: ${median(pipes).toFixed(1)} k req/s median over ${rounds} rounds of ${secs} s`);
console.log("| kind | req/s vs pipe (q1–q3) | p99 vs pipe | server CPU over pipe |");
console.log("|---|---:|---:|---:|");
for (const [k, a] of per) {
  const cpu = median(a.cpu);
  console.log(
    `| ${k} | ${median(a.rate).toFixed(3)} (${quartile(a.rate, 0.25).toFixed(2)}–${quartile(a.rate, 0.75).toFixed(2)}) | ` +
      `${median(a.p99).toFixed(2)} | ${cpu >= 0 ? "+" : ""}${cpu.toFixed(2)} µs |`,
  );
}
