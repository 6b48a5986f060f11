/**
 * W6: TCP echo, 100 connections, 16 KiB messages, 5 s, 127.0.0.1.
 *
 * Three servers, each in its own process, driven one after another by the
 * same load client (a plain Node client, in its own process):
 *
 * - `raw`: `socket.pipe(socket)`, the platform's limit;
 * - `native`: an async/await loop (`for await` over the socket, `await once(drain)`);
 * - `genfut`: `samples/echo-server.ts`, the seed's echo server.
 *
 * Each connection sends a 16 KiB message, waits until all of it has come
 * back (checking its bytes), and sends the next. Reported: requests per
 * second (echoed messages), p50/p99 latency, and ratios to raw.
 *
 * Run: npx ts-node --transpile-only bench/w6-echo.ts [--seconds 5] [--conns 100] [--size 16384] [--rounds 1]
 */
import { ChildProcess, spawn as spawnChild } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

const TS_NODE = ["-r", "ts-node/register/transpile-only"];
const ROOT = path.resolve(__dirname, "..");

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
}

// ---- the baseline servers (child mode) ------------------------------------

function rawServer(): void {
  const server = net.createServer((s) => {
    s.on("error", () => {}); // the load client resets its connections at the end
    s.pipe(s);
  });
  server.listen(0, "127.0.0.1", () => console.log(`listening on 127.0.0.1:${(server.address() as net.AddressInfo).port}`));
}

function nativeServer(): void {
  async function handle(s: net.Socket): Promise<void> {
    try {
      for await (const chunk of s) {
        if (!s.write(chunk)) await once(s, "drain");
      }
    } catch {
      // reset by the client at the end of the run
    } finally {
      s.end();
    }
  }
  const server = net.createServer((s) => void handle(s));
  server.listen(0, "127.0.0.1", () => console.log(`listening on 127.0.0.1:${(server.address() as net.AddressInfo).port}`));
}

// ---- the load client (child mode) -----------------------------------------

function client(port: number, conns: number, size: number, seconds: number): void {
  let requests = 0;
  let bad = 0;
  let lat = new Float64Array(1 << 16);
  let nlat = 0;
  let stopping = false;
  const sockets: net.Socket[] = [];
  let started = 0;
  let t0 = 0;

  function conn(id: number): void {
    const s = net.connect({ port, host: "127.0.0.1" });
    sockets.push(s);
    let seq = 0;
    let got = 0;
    let sentAt = 0;
    const msgs = [Buffer.alloc(size, 1 + (id % 250)), Buffer.alloc(size, 2 + (id % 250))];
    const send = () => {
      sentAt = performance.now();
      got = 0;
      s.write(msgs[seq & 1]);
    };
    s.on("connect", () => {
      s.setNoDelay(true);
      if (++started === conns) {
        t0 = performance.now();
        setTimeout(stop, seconds * 1000);
        for (const f of allStarters) f();
      }
    });
    allStarters.push(send);
    s.on("data", (chunk: Buffer) => {
      const want = msgs[seq & 1][0];
      if (chunk[0] !== want || chunk[chunk.length - 1] !== want) bad++;
      got += chunk.length;
      if (got > size) bad++;
      if (got >= size) {
        if (stopping) return;
        requests++;
        if (nlat === lat.length) {
          const l2 = new Float64Array(lat.length * 2);
          l2.set(lat);
          lat = l2;
        }
        lat[nlat++] = performance.now() - sentAt;
        seq++;
        send();
      }
    });
    s.on("error", () => {});
  }
  const allStarters: (() => void)[] = [];
  function stop(): void {
    stopping = true;
    const elapsed = (performance.now() - t0) / 1000;
    const l = lat.subarray(0, nlat).sort();
    const q = (p: number) => (nlat === 0 ? NaN : l[Math.min(nlat - 1, Math.floor(p * nlat))]);
    process.stdout.write(JSON.stringify({ requests, rps: requests / elapsed, p50: q(0.5), p99: q(0.99), bad }) + "\n");
    for (const s of sockets) s.destroy();
    process.exit(0);
  }
  // every connection's first message goes out once all are connected
  for (let i = 0; i < conns; i++) conn(i);
}

// ---- orchestration ----------------------------------------------------------

interface Result {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  requests: number;
  /** Server CPU (user + system) per echoed message, in microseconds: steadier than req/s on a busy machine. */
  cpuUs?: number;
}

/** CPU time of process `pid` so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, at 100 ticks/s
  } catch {
    return NaN;
  }
}

function child(args: string[]): ChildProcess {
  return spawnChild(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
}

async function firstLine(p: ChildProcess): Promise<string> {
  let buf = "";
  for await (const chunk of p.stdout!) {
    buf += chunk;
    const i = buf.indexOf("\n");
    if (i !== -1) return buf.slice(0, i);
  }
  throw new Error("child exited without output");
}

async function measure(kind: string, conns: number, size: number, seconds: number): Promise<Result> {
  const server =
    kind === "genfut" ? child([...TS_NODE, "samples/echo-server.ts", "0"]) : child([...TS_NODE, __filename, "server", kind]);
  try {
    const line = await firstLine(server);
    const port = Number(/:(\d+)$/.exec(line)?.[1]);
    if (!port) throw new Error(`${kind} server said: ${line}`);
    const before = cpuMs(server.pid);
    const c = child([...TS_NODE, __filename, "client", String(port), String(conns), String(size), String(seconds)]);
    const res = JSON.parse(await firstLine(c)) as Result;
    // includes the client's connection set-up, a constant next to seconds of echoing
    res.cpuUs = ((cpuMs(server.pid) - before) * 1000) / res.requests;
    return res;
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  const seconds = arg("seconds", 5);
  const conns = arg("conns", 100);
  const size = arg("size", 16384);
  const rounds = arg("rounds", 1);
  const kinds = ["raw", "native", "genfut"];
  const all: Record<string, Result[]> = { raw: [], native: [], genfut: [] };
  console.log(`W6 TCP echo: ${conns} connections, ${size} B messages, ${seconds} s per server, ${rounds} round(s), node ${process.version}`);
  for (let r = 0; r < rounds; r++) {
    for (const k of kinds) {
      const res = await measure(k, conns, size, seconds);
      if (res.bad !== 0) throw new Error(`${k}: ${res.bad} corrupted replies`);
      all[k].push(res);
      console.log(`  round ${r + 1} ${k.padEnd(7)} ${res.rps.toFixed(0).padStart(7)} req/s  p50 ${res.p50.toFixed(2)} ms  p99 ${res.p99.toFixed(2)} ms  server CPU ${res.cpuUs!.toFixed(1)} µs/req`);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const raw = { rps: med(all.raw.map((x) => x.rps)), p99: med(all.raw.map((x) => x.p99)) };
  console.log("\nmedians:\nserver   req/s     p99 ms   req/s vs raw  p99 vs raw  server CPU µs/req");
  for (const k of kinds) {
    const rps = med(all[k].map((x) => x.rps));
    const p99 = med(all[k].map((x) => x.p99));
    const cpu = med(all[k].map((x) => x.cpuUs!));
    console.log(`${k.padEnd(8)} ${rps.toFixed(0).padStart(7)}  ${p99.toFixed(2).padStart(7)}   ${(rps / raw.rps).toFixed(3).padStart(8)}x   ${(p99 / raw.p99).toFixed(3).padStart(8)}x  ${cpu.toFixed(1).padStart(8)}`);
  }
  // The machine's load drifts between rounds; servers in the same round saw
  // about the same load, so the per-round ratios are the steadier verdict.
  const paired = (k: string, f: (x: Result) => number) => med(all[k].map((x, i) => f(x) / f(all.raw[i])));
  console.log("\nper-round ratios to raw (median of rounds):");
  for (const k of kinds.filter((k) => k !== "raw")) {
    console.log(`${k.padEnd(8)} req/s ${paired(k, (x) => x.rps).toFixed(3)}x   p99 ${paired(k, (x) => x.p99).toFixed(3)}x   server CPU ${paired(k, (x) => x.cpuUs!).toFixed(3)}x`);
  }
  const rpsRatio = paired("genfut", (x) => x.rps);
  const p99Ratio = paired("genfut", (x) => x.p99);
  const ok = rpsRatio >= 0.95 && p99Ratio <= 1.2;
  console.log(`\ngoal W6 (>= 0.95x raw req/s, p99 <= 1.2x raw), per-round medians: ${ok ? "met" : "NOT met"}`);
}

const mode = process.argv[2];
if (mode === "server") (process.argv[3] === "raw" ? rawServer : nativeServer)();
else if (mode === "client") client(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
else main().catch((e) => {
  console.error(e);
  process.exit(1);
});
