/**
 * The genfut capabilities that land in parallel with the benchmarks
 * (combinators, sync, net), looked up by name at run time so the bench
 * compiles and runs before they exist: a workload lists what it `needs`,
 * and the harness reports "not available yet" instead of failing.
 *
 * The types below are the minimal shapes the workloads use, taken from
 * shared/DESIGN.md; they are checked against the real exports when present.
 */
import * as genfut from "../../lib";
import type { Future, IntoFuture } from "../../lib";

export interface Sender<T> {
  send(v: T): Future<void>;
  close(): void;
}
export interface Receiver<T> {
  recv(): Future<T | undefined>;
}
export interface OneshotSender<T> {
  send(v: T): boolean;
}
export interface TcpStreamLike {
  read(buf: Uint8Array): Future<number>;
  writeAll(buf: Uint8Array): Future<void>;
  readChunk(): Future<Buffer | null>;
  writeChunk(buf: Uint8Array): Future<void>;
  close(): void;
  setNoDelay(noDelay?: boolean): unknown;
}
export interface TcpListenerLike {
  accept(): Future<[TcpStreamLike, unknown]>;
  localAddr(): { address: string; port: number };
  close(): void;
}

export interface OptionalApi {
  race<T>(...futures: IntoFuture<T>[]): Future<T>;
  raceBiased<T>(...futures: IntoFuture<T>[]): Future<T>;
  mpsc: {
    channel<T>(capacity: number): [Sender<T>, Receiver<T>];
    unbounded<T>(): [Sender<T>, Receiver<T>];
  };
  oneshot<T>(): [OneshotSender<T>, Future<T>];
  TcpListener: { bind(addr: string): Future<TcpListenerLike> };
}

const api = genfut as unknown as Record<string, unknown>;

/** Looks `name` up among genfut's exports; throws if it is missing (the harness checks `needs` first). */
export function optional<K extends keyof OptionalApi>(name: K): OptionalApi[K] {
  const v = api[name];
  if (v === undefined) throw new Error(`genfut does not export ${name} yet`);
  return v as OptionalApi[K];
}
