/**
 * The io layer's errors. `ClosedResourceError`, `BrokenPipeError` and
 * `BusyError` are shared by every stream and socket, so they are defined in
 * core/errors.ts, below the socket reactor that throws them.
 */
export { ClosedResourceError, BrokenPipeError, BusyError } from "../core/errors";

/**
 * The stream ended before `readExact` filled its buffer (Rust's
 * `ErrorKind::UnexpectedEof`). `.read` says how many bytes did arrive.
 *
 * @example
 * try { yield* stream.readExact(new Uint8Array(4)); }
 * catch (e) { if (e instanceof UnexpectedEofError) console.log(`only ${e.read} of ${e.expected}`); }
 */
export class UnexpectedEofError extends Error {
  override name = "UnexpectedEofError";
  readonly code = "UNEXPECTED_EOF";
  constructor(
    readonly read: number,
    readonly expected: number,
    what: string,
  ) {
    super(`${what}: the stream ended after ${read} of ${expected} bytes`);
  }
}

/**
 * A line longer than the reader's `maxLineLength`: reading it whole would
 * buffer without bound.
 *
 * @example
 * const r = new BufReader(stream, { maxLineLength: 1024 });
 * yield* r.readLine(); // throws LineTooLongError on a 2 KiB line
 */
export class LineTooLongError extends Error {
  override name = "LineTooLongError";
  constructor(readonly limit: number) {
    super(`a line is longer than maxLineLength (${limit} bytes)`);
  }
}
