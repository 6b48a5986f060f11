#!/usr/bin/env node
/**
 * `npm run sample -- NAME [args...]`: runs samples/NAME.ts (through ts-node,
 * transpile-only; `npm test` type-checks the samples), passing the arguments,
 * stdin, stdout and the exit code through. Without a name, lists the samples.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const SAMPLES = path.resolve(__dirname, "..", "samples");
const names = fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();
const [name, ...args] = process.argv.slice(2);

if (name === undefined || !names.includes(name.replace(/\.ts$/, ""))) {
  if (name !== undefined) console.error(`no sample named ${JSON.stringify(name)}`);
  console.error(`usage: npm run sample -- NAME [args...]\nsamples: ${names.join(", ")}`);
  process.exit(name === undefined ? 0 : 2);
}

const file = path.join(SAMPLES, `${name.replace(/\.ts$/, "")}.ts`);
const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", file, ...args], { stdio: "inherit" });
// Ctrl-C reaches the child too (same process group); wait for it to finish its shutdown.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => {});
child.on("exit", (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
