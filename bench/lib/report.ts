/**
 * Summaries of the samples: medians, min–max, ratios; the printed table and
 * the JSON written to bench/results.json.
 */
import { baseImpl, Failure, ImplName, Sample, Workload } from "./types";

export interface Cell {
  impl: ImplName;
  samples: Sample[];
  failure: Failure | null;
  /** Median, min and max wall time of one run, ms. */
  median: number;
  min: number;
  max: number;
  /** Median CPU time of one run, ms. */
  cpu: number;
  /** Operations per second at the median. */
  opsPerSec: number;
  /** Time per operation relative to native / to the limit, in this run (lower is better). */
  vsNative: number | null;
  vsLimit: number | null;
  peakRss: number;
  peakHeap: number;
  /** Medians of the extra figures (bytesPerTask, p99Ms, overheadMs, timersLeft…). */
  extra: Record<string, number>;
}

export interface Row {
  workload: Workload;
  cells: Cell[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Per-op time of a cell (ms per op), the basis of every ratio. */
function perOp(c: Cell): number {
  return c.median / (median(c.samples.map((s) => s.ops)) || 1);
}

export function summarise(workload: Workload, raw: { impl: ImplName; samples: Sample[]; failure: Failure | null }[]): Row {
  const cells: Cell[] = raw.map(({ impl, samples, failure }) => {
    const ms = samples.map((s) => s.ms);
    const ok = samples.length > 0;
    const extraKeys = new Set(samples.flatMap((s) => Object.keys(s.extra)));
    const extra: Record<string, number> = {};
    for (const k of extraKeys) extra[k] = median(samples.map((s) => s.extra[k]).filter((v) => v !== undefined));
    const med = ok ? median(ms) : NaN;
    return {
      impl,
      samples,
      failure,
      median: med,
      min: ok ? Math.min(...ms) : NaN,
      max: ok ? Math.max(...ms) : NaN,
      cpu: ok ? median(samples.map((s) => s.cpuMs ?? NaN)) : NaN,
      opsPerSec: ok ? median(samples.map((s) => s.ops)) / (med / 1000) : NaN,
      vsNative: null,
      vsLimit: null,
      peakRss: ok ? Math.max(...samples.map((s) => s.peakRss)) : NaN,
      peakHeap: ok ? Math.max(...samples.map((s) => s.peakHeap)) : NaN,
      extra,
    };
  });
  const native = cells.find((c) => c.impl === "native" && c.samples.length > 0);
  const limit = cells.find((c) => c.impl === "limit" && c.samples.length > 0);
  for (const c of cells) {
    if (c.samples.length === 0) continue;
    if (native) c.vsNative = perOp(c) / perOp(native);
    if (limit) c.vsLimit = perOp(c) / perOp(limit);
  }
  return { workload, cells };
}

const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtRate = (r: number): string =>
  r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k` : r.toFixed(0);
const fmtMB = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const fmtX = (x: number | null): string => (x === null ? "" : `${x.toFixed(2)}×`);

/** The interesting extra figures of a cell, in words. */
function extras(w: Workload, c: Cell): string {
  const e = c.extra;
  const parts: string[] = [];
  if (e.bytesPerTask !== undefined) parts.push(`${e.bytesPerTask} B/task`);
  if (e.overheadMs !== undefined) parts.push(`+${fmtMs(e.overheadMs)} ms over the longest sleep`);
  if (e.peakHeapAtLoad !== undefined) parts.push(`heap ${fmtMB(e.peakHeapAtLoad)}`);
  if (e.p99Ms !== undefined) parts.push(`p99 ${e.p99Ms.toFixed(2)} ms`);
  if (e.timersLeft !== undefined) parts.push(`${e.timersLeft} timers left`);
  if (w.id.startsWith("T")) parts.push(`${(1e9 / c.opsPerSec).toFixed(0)} ns/${w.unit}`);
  return parts.join(", ");
}

/** A Markdown table of all rows. */
export function table(rows: Row[]): string {
  const out: string[] = [
    "| workload | implementation | median | min–max | CPU | ops/s | peak RSS | vs native | vs limit | notes |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const { workload, cells } of rows) {
    for (const c of cells) {
      const name = baseImpl(c.impl) === "genfut" ? `**${c.impl}**` : c.impl;
      if (c.samples.length === 0) {
        const why = c.failure === null ? "not run" : c.failure.kind === "n/a" ? c.failure.error : `${c.failure.kind}: ${c.failure.error}`;
        out.push(`| ${workload.id} | ${name} | — | — | — | — | — | | | ${why.replace(/\|/g, "\\|").slice(0, 160)} |`);
        continue;
      }
      const range = c.samples.length > 1 ? `${fmtMs(c.min)}–${fmtMs(c.max)}` : "(1 run)";
      out.push(
        `| ${workload.id} | ${name} | ${fmtMs(c.median)} ms | ${range} | ${fmtMs(c.cpu)} ms | ${fmtRate(c.opsPerSec)} ${workload.unit}/s | ${fmtMB(c.peakRss)} | ${fmtX(c.vsNative)} | ${fmtX(c.vsLimit)} | ${extras(workload, c)} |`,
      );
    }
  }
  return out.join("\n");
}

/** The machine-readable form of a run. */
export function toJson(rows: Row[], meta: Record<string, unknown>): unknown {
  return {
    ...meta,
    workloads: rows.map(({ workload, cells }) => ({
      id: workload.id,
      title: workload.title,
      unit: workload.unit,
      cells: cells.map((c) => ({
        impl: c.impl,
        failure: c.failure,
        medianMs: c.median,
        minMs: c.min,
        maxMs: c.max,
        cpuMedianMs: c.cpu,
        opsPerSec: c.opsPerSec,
        vsNative: c.vsNative,
        vsLimit: c.vsLimit,
        peakRssBytes: c.peakRss,
        peakHeapBytes: c.peakHeap,
        extra: c.extra,
        samples: c.samples,
      })),
    })),
  };
}

/**
 * The figure a row shows for a cell: its time (or rate) and its ratio to
 * `base`, the row's native cell (for S1, the peer it is measured against).
 */
function headline(w: Workload, c: Cell | undefined, base?: Cell): string {
  if (c === undefined || c.samples.length === 0) return "—";
  const e = c.extra;
  let figure: string;
  if (w.id.startsWith("T")) figure = `${(1e9 / c.opsPerSec).toFixed(0)} ns/${w.unit}`;
  else if (e.overheadMs !== undefined) figure = `+${fmtMs(e.overheadMs)} ms${e.peakHeapAtLoad !== undefined ? `, ${fmtMB(e.peakHeapAtLoad)}` : ""}`;
  else if (e.p99Ms !== undefined) figure = `${fmtRate(c.opsPerSec)} ${w.unit}/s, p99 ${e.p99Ms.toFixed(2)} ms`;
  else figure = `${fmtMs(c.median)} ms`;
  if (base === undefined || base === c || base.samples.length === 0) return figure;
  return `${figure} (${fmtX(perOp(c) / perOp(base))})`;
}

/**
 * The README's performance table: one line per workload, genfut's main
 * implementation and its best variant against native, the limit and the
 * best peer of the same run.
 */
export function readmeTable(rows: Row[], meta: { date: string; node: string; cpus: string }): string {
  const out = [
    `${meta.date.slice(0, 10)}, Node ${meta.node}, ${meta.cpus}. Ratios: time per operation against native async/await in the same run (lower is better; W6: the inverse of the request rate).`,
    "",
    "| workload | genfut | best genfut variant | native | limit | best peer |",
    "|---|---|---|---|---|---|",
  ];
  const peers = new Set(["effection", "co", "effect"]);
  const ok = (c: Cell): boolean => c.samples.length > 0 && c.vsNative !== null;
  for (const { workload: w, cells } of rows) {
    // The native column: native async/await, or the workload's one native variant (S1's peer, fast-check).
    const native = cells.find((c) => c.impl === "native") ?? cells.find((c) => baseImpl(c.impl) === "native");
    const main = cells.find((c) => c.impl === "genfut");
    const variants = cells.filter((c) => baseImpl(c.impl) === "genfut" && c.impl !== "genfut" && ok(c));
    const best = variants.sort((a, b) => a.vsNative! - b.vsNative!)[0];
    const peer = cells.filter((c) => peers.has(c.impl) && ok(c)).sort((a, b) => a.vsNative! - b.vsNative!)[0];
    const bestText = best === undefined ? "" : `${best.impl.replace(/^genfut: /, "")}: ${headline(w, best, native)}`;
    const peerText = peer === undefined ? "" : `${peer.impl} ${headline(w, peer, native)}`;
    const nativeText = native === undefined ? "—" : `${native.impl === "native" ? "" : `${native.impl.replace(/^native: /, "")}: `}${headline(w, native)}`;
    out.push(
      `| **${w.id}** ${w.title} | ${headline(w, main, native)} | ${bestText} | ${nativeText} | ${headline(w, cells.find((c) => c.impl === "limit"), native)} | ${peerText} |`,
    );
  }
  return out.join("\n");
}

export const README_TABLE_START = "<!-- bench-table:start -->";
export const README_TABLE_END = "<!-- bench-table:end -->";

/** `readme` with the text between the table markers replaced by `table`; throws if the markers are missing. */
export function withReadmeTable(readme: string, table: string): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_TABLE_START} … ${README_TABLE_END} block to write the table into`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
