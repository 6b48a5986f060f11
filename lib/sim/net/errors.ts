/**
 * The errors the simulated network throws: shaped as Node's own system
 * errors (`.code`, `.errno`, `.syscall`, a message such as
 * `connect ECONNREFUSED db:8080`), so that code written against real
 * sockets (`if (e.code === "ECONNRESET")`) takes the same path in a
 * simulation. Rejected: a class of our own, which `instanceof Error` code
 * would see the same but whose `name` and message would differ from what
 * the same code meets in production.
 */

/** Linux's errno values, as Node reports them (negative). */
const ERRNO: Record<string, number> = {
  ECONNREFUSED: -111,
  ECONNRESET: -104,
  ENOTFOUND: -3008,
  EADDRINUSE: -98,
  EADDRNOTAVAIL: -99,
};

/**
 * A simulated socket error: `${syscall} ${code} ${target}`, with Node's fields.
 *
 * @example
 * sysError("ECONNREFUSED", "connect", "db:5432"); // Error: connect ECONNREFUSED db:5432, .code "ECONNREFUSED"
 * @internal
 */
export function sysError(code: keyof typeof ERRNO | string, syscall: string, target?: string): NodeJS.ErrnoException {
  const e = new Error(target === undefined ? `${syscall} ${code}` : `${syscall} ${code} ${target}`) as NodeJS.ErrnoException;
  e.code = code;
  e.errno = ERRNO[code];
  e.syscall = syscall;
  if (target !== undefined && syscall === "getaddrinfo") (e as { hostname?: string }).hostname = target;
  return e;
}
