/**
 * Socket addresses: parsing `"host:port"` before any I/O happens, so a typo
 * fails at the call with a clear message instead of as a DNS error later.
 */
import { isIP } from "node:net";

/**
 * An IP address and port, as `localAddr()`, `peerAddr()` and `accept()` give
 * them (the shape of Node's `socket.address()`).
 */
export interface SocketAddr {
  address: string;
  port: number;
  family?: string;
}

/**
 * What the networking functions accept as an address: `"127.0.0.1:8080"`,
 * `"[::1]:8080"`, `"localhost:8080"`, or a {@link SocketAddr}.
 */
export type ToSocketAddr = string | { address: string; port: number };

/**
 * A string or object that is not a valid socket address. Thrown before any
 * I/O, by the call itself (Rust's `AddrParseError`).
 *
 * @example
 * try { yield* TcpStream.connect("localhost"); }
 * catch (e) { e instanceof AddrParseError; } // true: the port is missing
 */
export class AddrParseError extends TypeError {
  override name = "AddrParseError";
  readonly code = "ERR_INVALID_ADDRESS";
  constructor(
    readonly input: unknown,
    reason: string,
    what: string,
  ) {
    super(`${what}: addr is not a valid socket address: ${JSON.stringify(input) ?? String(input)}: ${reason} (expected "host:port", e.g. "127.0.0.1:8080")`);
  }
}

/** A parsed address. `host` has no brackets. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `addr`; `what` names the caller in the error. `allowPortZero` is
 * true for binding (port 0 asks the OS for a free port).
 * @internal
 */
export function parseAddr(addr: unknown, what: string, allowPortZero: boolean): HostPort {
  let host: string;
  let portText: string | number;
  if (typeof addr === "string") {
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(addr) ?? /^([^:\s[\]]+):(\d+)$/.exec(addr);
    if (m === null) {
      const reason = !addr.includes(":") ? "no port" : addr.includes("::") && !addr.startsWith("[") ? "an IPv6 address needs brackets: [::1]:8080" : "not host:port";
      throw new AddrParseError(addr, reason, what);
    }
    host = m[1];
    portText = m[2];
    if (addr.startsWith("[") && isIP(host) !== 6) throw new AddrParseError(addr, "brackets hold an IPv6 address", what);
  } else if (addr !== null && typeof addr === "object" && typeof (addr as SocketAddr).address === "string") {
    host = (addr as SocketAddr).address;
    portText = (addr as SocketAddr).port;
    if (host === "") throw new AddrParseError(addr, "empty address", what);
    // `{ port: "80" }` is a string where a number belongs: refused rather
    // than converted, as the object form is what localAddr() gives back.
    if (typeof portText !== "number") throw new AddrParseError(addr, `port must be a number, got ${typeof portText}`, what);
  } else {
    throw new AddrParseError(addr, `expected a string or { address, port }, got ${addr === null ? "null" : typeof addr}`, what);
  }
  // Digits and dots only is meant as an IPv4 address, never a host name:
  // "256.1.1.1" would otherwise go to DNS and fail late as ENOTFOUND.
  if (/^[\d.]+$/.test(host) && isIP(host) !== 4) throw new AddrParseError(addr, `${host} is not an IPv4 address`, what);
  const port = typeof portText === "number" ? portText : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AddrParseError(addr, `port ${String(portText)} is not in 0..65535`, what);
  if (port === 0 && !allowPortZero) throw new AddrParseError(addr, "port 0 cannot be connected to", what);
  return { host, port };
}

/** `host:port`, with brackets around IPv6 hosts. @internal */
export function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return "?";
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port ?? "?"}`;
}
