/**
 * W6 probe: one echo server in this process, the bench's load client forked,
 * printing req/s, the server's CPU per request and p99. For profiling
 * (`node --cpu-prof bench/probes/w6-servers.js zc 4`) and for comparing raw
 * Node servers that each add one ingredient of genfut's path.
 *
 * Kinds: pipe (socket.pipe), rawbatch (queue [socket, chunk], write all from
 * one setImmediate), rawqm / rawpr (the same, through queueMicrotask /
 * Promise.then inside the setImmediate), rawtick (process.nextTick), zc
 * (genfut readChunk/writeChunk), buf (genfut read(buf)/writeAll).
 *
 * Needs the compiled copy that `npm run bench` makes in node_modules/.cache.
 * Usage: node bench/probes/w6-servers.js <kind> [seconds=5]
 */

const net = require("net");
const path = require("path");
const CACHE = path.join(__dirname, "..", "..", "node_modules", ".cache", "genfut-bench");
const lib = require(path.join(CACHE, "lib"));
const { fork } = require("child_process");
const kind = process.argv[2];
const secs = +(process.argv[3] || 5);
function client(port) {
  return new Promise((res) => {
    const c = fork(path.join(CACHE, "bench", "lib", "echo-client.js"), [String(port), "100", "16384", String(secs * 1000)]);
    c.on("message", (m) => { const cpu = process.cpuUsage(cpu0); console.log(kind, (m.requests / m.elapsedMs * 1000 / 1000).toFixed(1), "k req/s, server cpu", ((cpu.user + cpu.system) / m.requests).toFixed(2), "us/req, p99", m.p99Ms.toFixed(2), "page faults/req", ((process.resourceUsage().minorPageFault - faults0) / m.requests).toFixed(2)); res(); });
  });
}
let cpu0;
let faults0 = 0;
if (kind === "rawbatch" || kind === "rawtick" || kind === "rawqm" || kind === "rawpr") {
  const q = []; let sched = false;
  const flush = () => { sched = false; const n = q.length; for (let i = 0; i < n; i += 2) { const s = q[i], c = q[i + 1]; if (!s.write(c)) { s.pause(); s.once("drain", () => s.resume()); } } q.length = 0; };
  const srv = net.createServer((s) => { s.setNoDelay(true); s.on("error", () => {}); s.on("data", (c) => { q.push(s, c); if (!sched) { sched = true; kind === "rawbatch" ? setImmediate(flush) : kind === "rawqm" ? setImmediate(() => queueMicrotask(flush)) : kind === "rawpr" ? setImmediate(() => Promise.resolve().then(flush)) : process.nextTick(flush); } }); });
  srv.listen(0, "127.0.0.1", async () => { cpu0 = process.cpuUsage(); faults0 = process.resourceUsage().minorPageFault; await client(srv.address().port); process.exit(0); });
} else if (kind === "pipe") {
  const srv = net.createServer((s) => { s.setNoDelay(true); s.on("error", () => {}); s.pipe(s); });
  srv.listen(0, "127.0.0.1", async () => { cpu0 = process.cpuUsage(); faults0 = process.resourceUsage().minorPageFault; await client(srv.address().port); process.exit(0); });
} else {
  lib.run(function* () {
    const l = yield* lib.TcpListener.bind("127.0.0.1:0");
    cpu0 = process.cpuUsage(); faults0 = process.resourceUsage().minorPageFault;
    client(l.localAddr().port).then(() => process.exit(0));
    for (;;) {
      const [s] = yield* l.accept();
      s.setNoDelay(true);
      lib.spawn(kind === "zc" ? zc(s) : buf(s));
    }
  });
}
function* zc(s) { try { for (let c; (c = yield* s.readChunk()) !== null; ) yield* s.writeChunk(c); } catch {} finally { s.close(); } }
function* buf(s) { const b = new Uint8Array(65536); try { for (;;) { const n = yield* s.read(b); if (n === 0) return; yield* s.writeAll(b.subarray(0, n)); } } catch {} finally { s.close(); } }
