/**
 * The duck types the io functions accept, checked where a reader or writer
 * enters (`copy`, `writeAll`, `new BufReader`…) rather than at its first
 * poll, where a missing `read` would surface as an internal TypeError.
 * Only the methods each function calls are required, so a minimal sink with
 * `write` alone still works with `writeAll`.
 */
import { constants as bufferConstants } from "node:buffer";
import { checkMethods } from "../core/check";

/** The largest buffer Node can allocate: the cap on a capacity that is allocated at once. */
export const MAX_BUFFER = bufferConstants.MAX_LENGTH;

export const READ = ["read"] as const;
export const WRITE = ["write"] as const;
export const WRITE_FLUSH = ["write", "flush"] as const;
export const DUPLEX = ["read", "write", "shutdown"] as const;

/** `x` has `read(buf)`: an `AsyncRead`. */
export function checkReader(where: string, name: string, x: unknown): void {
  checkMethods(where, name, x, "an AsyncRead", READ);
}

/** `x` has each of `methods`: an `AsyncWrite` as far as `where` uses it. */
export function checkWriter(where: string, name: string, x: unknown, methods: readonly string[] = WRITE): void {
  checkMethods(where, name, x, "an AsyncWrite", methods);
}
