/**
 * samples/lines.ts promises that Ctrl-C cancels its fold, closes readline,
 * and exits 130, even while whoever feeds its stdin keeps the pipe open.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./support/child";

describe("samples/lines.ts", function () {
  this.timeout(30_000);

  it("exits 130 on SIGINT while its stdin is still open", async () => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "samples/lines.ts")], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    const ready = new Promise<void>((resolve) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        if (stderr.includes("reading standard input")) resolve();
      });
    });
    child.stdin.write("one line\n"); // and the pipe stays open
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    const limit = setTimeout(() => child.kill("SIGKILL"), 20_000);
    try {
      await ready;
      child.kill("SIGINT"); // once: a second SIGINT would exit 130 whatever the cleanup did
      const { code, signal } = await exited;
      expect({ code, signal }, stderr).to.deep.equal({ code: 130, signal: null });
    } finally {
      clearTimeout(limit);
      child.stdin.destroy();
    }
  });
});
