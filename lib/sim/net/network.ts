/**
 * `SimNetwork`: the {@link Network} of a simulation, set on the runtime a
 * `Sim` runs (`driver.network`), so that `TcpListener`, `TcpStream` and
 * `UdpSocket` made by a host's tasks live here instead of in Node.
 *
 * - Hosts are named; a socket belongs to the host of the task that opened it
 *   (the task group of the running task). `"0.0.0.0:p"`, `"127.0.0.1:p"`
 *   and `"localhost:p"` mean the current host; another host is
 *   `"name:p"`. Port 0 picks a free port from 49152 up.
 * - Every message crosses a {@link Channel}: latency drawn from the seed
 *   (its own generator, forked from the Sim's seed, so the network draws
 *   do not shift the schedule's), in order per flow. Loopback has none.
 * - Links between two hosts can be partitioned (TCP waits, UDP is lost) or
 *   held (everything waits) in both directions; repair/release lets what
 *   waited through, in order.
 * - A crash resets every connection of the host (peers get `ECONNRESET`)
 *   and frees its ports: its listeners are gone until it binds again.
 *
 * Anything a simulation cannot stand in for (an IP address that is not
 * loopback, so a real machine) throws a `RuntimeError` that names it.
 *
 * Why one file past 300 lines: `SimNetwork` is one object behind four narrow
 * interfaces (`Network` for the driver, `ChannelHost` for the channels,
 * `StreamNet` and `UdpNet` for the sockets, plus the faults `Sim` calls),
 * and all of them work on the same maps: `#nodes` (each host's ports and
 * live ends), `#links` (partitioned or held) and `#waiting` (the channels a
 * fault holds back). A crash empties a node and resets its ends, and a
 * repair kicks the channels waiting on the link, so one fault touches state
 * another interface serves. Those interfaces are already the seams to the
 * parts in their own files (stream, listener, udp, channel); splitting the
 * object along them would share the maps through internal accessors.
 */
import { isIP } from "node:net";
import { Prng } from "../../core/prng";
import type { Driver } from "../../reactor/driver";
import type { AddrInfo, Network } from "../../reactor/io/network";
import type { TimerEntry } from "../../reactor/time/timer-entry";
import { RuntimeError } from "../../task/errors";
import { running } from "../../task/task";
import { Channel, type ChannelHost } from "./channel";
import { sysError } from "./errors";
import { SimListener } from "./listener";
import { SimStream, type StreamNet } from "./stream";
import { SimUdp, type UdpNet } from "./udp";

/** What the network needs of its `Sim`. @internal */
export interface NetHosts {
  /** Whether `name` is a host, and whether it is running. */
  state(name: string): "up" | "down" | undefined;
  /** Every host's name (for the hint of an ENOTFOUND). */
  names(): string[];
  trace(text: string): void;
}

interface Node {
  /** TCP ports in use: listeners, and the ends of connections this host opened. */
  tcp: Map<number, SimListener | SimStream>;
  udp: Map<number, SimUdp>;
  /** Every live end on this host (to reset at a crash). */
  ends: Set<SimStream>;
}

interface Link {
  partitioned: boolean;
  held: boolean;
}

const FIRST_EPHEMERAL = 49152;
const LOCAL_NAMES = new Set(["0.0.0.0", "127.0.0.1", "localhost", "::", "::1"]);

/**
 * The network of one `Sim` (see the module comment).
 *
 * @example
 * const net = new SimNetwork(seed, { min: 1, max: 20 }, 0.01, { state: () => "up", names: () => [], trace: () => {} });
 * rt.driver.network = net;
 * net.attach(rt.driver);
 * @internal
 */
export class SimNetwork implements Network, ChannelHost, StreamNet, UdpNet {
  readonly #prng: Prng;
  readonly #latency: { min: number; max: number };
  readonly #udpLoss: number;
  readonly #hosts: NetHosts;
  #driver: Driver | null = null;
  readonly #nodes = new Map<string, Node>();
  readonly #links = new Map<string, Link>();
  /** Channels with messages waiting, per link: repair and release kick them. */
  readonly #waiting = new Map<string, Set<Channel>>();
  readonly #udpChannels = new WeakMap<SimUdp, Map<string, Channel>>();

  constructor(seed: number, latency: { min: number; max: number }, udpLoss: number, hosts: NetHosts) {
    this.#prng = new Prng(seed).fork();
    this.#latency = latency;
    this.#udpLoss = udpLoss;
    this.#hosts = hosts;
  }

  /** The runtime the simulation runs on: its clock and timers carry the messages. */
  attach(driver: Driver): void {
    this.#driver = driver;
  }

  // ---- Network -------------------------------------------------------------

  connect(_driver: Driver, host: string, port: number): SimStream {
    const me = this.#current("TcpStream.connect(addr)");
    const target = this.resolve(host, me, "TcpStream.connect(addr)");
    const node = this.#node(me);
    const peer: AddrInfo = { address: target instanceof Error ? host : target, port, family: "sim" };
    if (target instanceof Error) {
      const end = new SimStream(this, { address: me, port: 0, family: "sim" }, peer, this.channel(me, me), false);
      end.refused(target);
      return end;
    }
    const localPort = this.#freePort(node.tcp);
    const end = new SimStream(this, { address: me, port: localPort, family: "sim" }, peer, this.channel(me, target), false);
    node.tcp.set(localPort, end);
    node.ends.add(end);
    this.trace(`tcp ${me}:${localPort} → ${target}:${port} connect`);
    end.out.post(() => this.#syn(end, target, port));
    return end;
  }

  listen(_driver: Driver, host: string, port: number, backlog: number): SimListener {
    const me = this.#current("TcpListener.bind(addr)");
    const node = this.#node(me);
    const bad = this.#bindable(host, me, "TcpListener.bind(addr)");
    const p = port === 0 ? this.#freePort(node.tcp) : port;
    const addr: AddrInfo = { address: me, port: p, family: "sim" };
    const onClose = (l: SimListener): void => {
      if (node.tcp.get(p) === l) node.tcp.delete(p);
    };
    if (bad !== null) return new SimListener(addr, backlog, bad, onClose);
    if (node.tcp.has(p)) return new SimListener(addr, backlog, sysError("EADDRINUSE", "listen", `${me}:${p}`), onClose);
    const l = new SimListener(addr, backlog, null, onClose);
    node.tcp.set(p, l);
    this.trace(`tcp listen ${me}:${p}`);
    return l;
  }

  bindUdp(_driver: Driver, host: string, port: number, maxQueued: number): SimUdp {
    const me = this.#current("UdpSocket.bind(addr)");
    const node = this.#node(me);
    const bad = this.#bindable(host, me, "UdpSocket.bind(addr)");
    if (bad !== null) throw bad;
    const p = port === 0 ? this.#freePort(node.udp) : port;
    if (node.udp.has(p)) throw sysError("EADDRINUSE", "bind", `${me}:${p}`);
    const u = new SimUdp(this, { address: me, port: p, family: "sim" }, maxQueued);
    node.udp.set(p, u);
    return u;
  }

  // ---- faults (called by Sim) ------------------------------------------------

  partition(a: string, b: string, on: boolean): void {
    this.#link(a, b).partitioned = on;
    if (!on) this.#kick(a, b);
  }

  hold(a: string, b: string, on: boolean): void {
    this.#link(a, b).held = on;
    if (!on) this.#kick(a, b);
  }

  /** Host `name` crashed: its connections reset, its sockets and ports are gone. */
  crashed(name: string): void {
    const node = this.#nodes.get(name);
    if (node === undefined) return;
    this.#nodes.delete(name);
    for (const end of [...node.ends]) end.crash();
    for (const s of node.tcp.values()) if (s instanceof SimListener) s.crash();
    for (const u of node.udp.values()) u.crash();
  }

  // ---- ChannelHost ---------------------------------------------------------------

  link(from: string, to: string): "up" | "partitioned" | "held" {
    if (from === to) return "up";
    const l = this.#links.get(linkKey(from, to));
    return l === undefined ? "up" : l.partitioned ? "partitioned" : l.held ? "held" : "up";
  }

  latency(from: string, to: string): number {
    if (from === to) return 0;
    const { min, max } = this.#latency;
    return min === max ? min : min + Math.floor(this.#prng.next() * (max - min + 1));
  }

  now(): number {
    return this.#driver!.clock.now();
  }

  insert(e: TimerEntry): boolean {
    return this.#driver!.timers.insert(e);
  }

  remove(e: TimerEntry): void {
    this.#driver!.timers.remove(e);
  }

  waiting(ch: Channel, yes: boolean): void {
    if (ch.from === ch.to) return;
    const key = linkKey(ch.from, ch.to);
    let set = this.#waiting.get(key);
    if (yes) {
      if (set === undefined) this.#waiting.set(key, (set = new Set()));
      set.add(ch);
    } else {
      set?.delete(ch);
    }
  }

  // ---- StreamNet / UdpNet ------------------------------------------------------------

  channel(from: string, to: string): Channel {
    return new Channel(this, from, to);
  }

  forget(end: SimStream): void {
    const node = this.#nodes.get(end.local.address);
    if (node === undefined) return;
    node.ends.delete(end);
    if (node.tcp.get(end.local.port) === end) node.tcp.delete(end.local.port);
  }

  forgetUdp(u: SimUdp): void {
    const node = this.#nodes.get(u.addr.address);
    if (node !== undefined && node.udp.get(u.addr.port) === u) node.udp.delete(u.addr.port);
  }

  trace(text: string): void {
    this.#hosts.trace(text);
  }

  /** The simulated host `host` names (seen from `me`), or `ENOTFOUND`; a real IP address throws. */
  resolve(host: string, me: string = this.#current("UdpSocket.connect(addr)"), what = "UdpSocket"): string | Error {
    if (LOCAL_NAMES.has(host)) return me;
    if (this.#hosts.state(host) !== undefined) return host;
    if (isIP(host) !== 0) throw realAddress(what, host);
    return this.#notFound(host);
  }

  sendDatagram(src: SimUdp, msg: Buffer, host: string, port: number, cb: (e: Error | null, sent: number) => void): void {
    const me = src.addr.address;
    const target = this.resolve(host, me, "UdpSocket.send");
    if (target instanceof Error) return cb(target, 0);
    const copy = Buffer.from(msg);
    if (this.#udpLoss > 0 && me !== target && this.#prng.next() < this.#udpLoss) {
      this.trace(`udp ${me}:${src.addr.port} → ${target}:${port} ${copy.length} bytes lost`);
    } else {
      let chans = this.#udpChannels.get(src);
      if (chans === undefined) this.#udpChannels.set(src, (chans = new Map()));
      let ch = chans.get(target);
      if (ch === undefined) chans.set(target, (ch = this.channel(me, target)));
      const from = src.addr;
      ch.post(() => this.#nodes.get(target)?.udp.get(port)?.arrive(copy, from), 0, true);
    }
    cb(null, copy.length);
  }

  // ---- internals -----------------------------------------------------------------------

  /** A SYN arrived at `target`: accepted (SYN-ACK), refused (RST), or lost (the host is down). */
  #syn(client: SimStream, target: string, port: number): void {
    const back = this.channel(target, client.local.address);
    if (this.#hosts.state(target) !== "up") return; // a crashed machine answers nothing: connect waits (use a timeout)
    const node = this.#node(target);
    const l = node.tcp.get(port);
    const refuse = (): void => {
      this.trace(`tcp ${target}:${port} refuses ${client.local.address}:${client.local.port}`);
      back.post(() => client.refused(sysError("ECONNREFUSED", "connect", `${target}:${port}`)));
    };
    if (!(l instanceof SimListener) || l.isClosed) return refuse();
    const server = new SimStream(this, { address: target, port, family: "sim" }, client.local, back, true);
    server.remote = client;
    if (!l.offer(server)) return refuse();
    node.ends.add(server);
    back.post(() => client.established(server));
  }

  #current(what: string): string {
    const t = running.task;
    const g = t === null ? null : t.group;
    if (g === null) throw new RuntimeError(`${what} inside a simulation must be called by a host's task (one started by sim.host or sim.client, or spawned by one)`);
    return g.name;
  }

  /** null when `me` may bind `host`; otherwise the error the bind fails with. */
  #bindable(host: string, me: string, what: string): Error | null {
    if (LOCAL_NAMES.has(host) || host === me) return null;
    if (this.#hosts.state(host) !== undefined) return sysError("EADDRNOTAVAIL", "listen", `${host} (host "${me}" cannot bind another host's address)`);
    if (isIP(host) !== 0) throw realAddress(what, host);
    return this.#notFound(host);
  }

  /** Node's `getaddrinfo ENOTFOUND name`, with the simulated hosts named: a simulation has no DNS. */
  #notFound(host: string): Error {
    const e = sysError("ENOTFOUND", "getaddrinfo", host);
    e.message += ` (a simulation has no DNS; its hosts are: ${this.#hosts.names().join(", ")})`;
    return e;
  }

  #node(name: string): Node {
    let n = this.#nodes.get(name);
    if (n === undefined) this.#nodes.set(name, (n = { tcp: new Map(), udp: new Map(), ends: new Set() }));
    return n;
  }

  #freePort(used: Map<number, unknown>): number {
    for (let p = FIRST_EPHEMERAL; p <= 65535; p++) if (!used.has(p)) return p;
    throw sysError("EADDRINUSE", "bind", "(no free port left)");
  }

  #link(a: string, b: string): Link {
    const key = linkKey(a, b);
    let l = this.#links.get(key);
    if (l === undefined) this.#links.set(key, (l = { partitioned: false, held: false }));
    return l;
  }

  #kick(a: string, b: string): void {
    const set = this.#waiting.get(linkKey(a, b));
    if (set !== undefined) for (const ch of [...set]) ch.kick();
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function realAddress(what: string, host: string): RuntimeError {
  return new RuntimeError(`${what}: ${host} is a real address, and a simulation has no real network; reach a simulated host by its name ("db:8080"), or the current host as 127.0.0.1`);
}
