/**
 * One workload by id, loading only the file that defines it: what a child
 * process uses, so that one workload's dependencies never share a heap with
 * another's measurement. Importing the whole table (./index) in every child
 * put fast-check and the simulator in W6's process, which cost W6 about 15%
 * of its requests and doubled its p99 (one round each at the same commit:
 * 66.2k req/s, p99 3.49 ms without S1's file loaded; 53.6–58.8k, p99
 * 5.7–5.9 ms with it). spec/bench.spec.ts checks this map against the table.
 */
import { Workload } from "../lib/types";

/** The file of this folder that defines each workload. */
export const WORKLOAD_FILES: Record<string, string> = {
  W1: "w1-await-chain",
  W2: "w2-nested-calls",
  "W2-LEAF": "w2-nested-calls",
  W3: "w3-spawn",
  W4: "w4-pingpong",
  W5: "w5-timers",
  W6: "w6-echo",
  W7: "w7-race",
  T1: "t-tokio",
  T2: "t-tokio",
  T3: "t-tokio",
  T4: "t-tokio",
  S1: "s1-explore",
  S3: "s3-sim-net",
};

/** The workload with id `id` (case-insensitive), or undefined. */
export function loadWorkload(id: string): Workload | undefined {
  const file = WORKLOAD_FILES[id.toUpperCase()];
  if (file === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`./${file}`) as Record<string, unknown>;
  return Object.values(mod).find((w): w is Workload => typeof w === "object" && w !== null && (w as Workload).id?.toUpperCase() === id.toUpperCase());
}
