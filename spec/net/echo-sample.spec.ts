/**
 * The echo server sample (samples/echo-server.ts) in its own process, with
 * Node clients (and `nc`, when the machine has it) talking to it.
 */
import { expect } from "chai";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../support/child";
import { bytes, collect, nodeConnect } from "../support/net";

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "samples/echo-server.ts"), "0"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`echo server exited (${code}) before listening: ${out}${err}`)));
  });
}

describe("samples/echo-server.ts", function () {
  this.timeout(30_000);
  let server: { child: ChildProcess; port: number } | null = null;
  before(async () => {
    server = await startServer();
  });
  after(() => {
    server?.child.kill();
  });

  it("echoes every byte to concurrent Node clients in a separate process", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(async (seed) => {
        const c = await nodeConnect(server!.port);
        const data = bytes(300_000, seed);
        const got = collect(c);
        c.end(data);
        return (await got).equals(data);
      }),
    );
    expect(results).to.deep.equal([true, true, true, true, true]);
  });

  it("keeps serving after a client resets its connection", async () => {
    const c = await nodeConnect(server!.port);
    c.write("half a message");
    c.resetAndDestroy();
    const d = await nodeConnect(server!.port);
    const got = collect(d);
    d.end("still here");
    expect((await got).toString()).to.equal("still here");
  });

  it("talks to nc", function () {
    const which = spawnSync("sh", ["-c", "command -v nc"], { encoding: "utf8" });
    if (which.status !== 0) this.skip(); // no nc on this machine
    const r = spawnSync("sh", ["-c", `printf 'hello from nc\\n' | nc -q 1 127.0.0.1 ${server!.port} || printf 'hello from nc\\n' | nc -N 127.0.0.1 ${server!.port}`], {
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(r.stdout).to.contain("hello from nc");
  });
});
