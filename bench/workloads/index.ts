/**
 * Every workload of the benchmark table (bench/README.md), in table order.
 */
import { Workload } from "../lib/types";
import { w1 } from "./w1-await-chain";
import { w2, w2leaf } from "./w2-nested-calls";
import { w3 } from "./w3-spawn";
import { w4 } from "./w4-pingpong";
import { w5 } from "./w5-timers";
import { w6 } from "./w6-echo";
import { w7 } from "./w7-race";
import { t1, t2, t3, t4 } from "./t-tokio";
import { s1 } from "./s1-explore";
import { s3 } from "./s3-sim-net";

export const WORKLOADS: Workload[] = [w1, w2, w2leaf, w3, w4, w5, w6, w7, t1, t2, t3, t4, s1, s3];

/** The workload with id `id` (case-insensitive), or undefined. */
export function findWorkload(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id.toLowerCase() === id.toLowerCase());
}
