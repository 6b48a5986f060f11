/**
 * The child process: runs one implementation of one workload and prints its
 * {@link Sample} (or a {@link Failure}) as one JSON line after `RESULT `.
 *
 * Usage: node --expose-gc child.js <workload> <impl> <mode>
 */
import { loadWorkload } from "../workloads/load";
import { measure, toFailure } from "./measure";
import { ImplName, Mode } from "./types";

async function main(): Promise<void> {
  const [id, impl, mode] = process.argv.slice(2);
  const w = loadWorkload(id); // only its own file: see workloads/load.ts
  let line: string;
  if (w === undefined) {
    line = JSON.stringify({ kind: "error", error: `unknown workload ${id}` });
  } else {
    try {
      line = JSON.stringify(await measure(w, impl as ImplName, mode as Mode));
    } catch (e) {
      line = JSON.stringify(toFailure(e));
    }
  }
  // Exit at once: a leaked timer (a broken implementation) must not hold the child open.
  process.stdout.write(`RESULT ${line}\n`, () => process.exit(0));
}

void main();
