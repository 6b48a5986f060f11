/**
 * `Sim`: a simulated world of hosts and clients on one paused clock, whose
 * every scheduling choice comes from one seed.
 *
 * ## How a run goes
 *
 * `run()` makes a paused runtime whose policy picks the next task (a
 * uniform pick from the seed, or explore's recorder) and `blockOn`s a
 * supervisor task. The supervisor starts every host's `main` in the host's
 * task group, then loops:
 *
 * 1. `yieldNow()`: its wake is deferred until the run queue is empty, so it
 *    resumes exactly when every task of the world is idle (it never shares
 *    the queue with them, so it adds no scheduling decision);
 * 2. it checks what happened since: a failed client, a failed task nobody
 *    joined (the runtime's own "unjoined" rule: still unobserved when the
 *    queue ran dry), a task that started real I/O;
 * 3. if every client's `main` has returned, the run is over;
 * 4. otherwise it moves the clock to the next timer and fires it, or, when no
 *    timer is left, reports the deadlock with the task dump; when the next
 *    timer is past `maxTime`, reports that instead.
 *
 * Rejected: a watchdog timer at `maxTime` and the runtime's own auto-advance.
 * Then a deadlock is invisible (the watchdog's timer is always pending) until
 * the clock has jumped to `maxTime`, and the report would name the wrong time.
 *
 * Faults (`crash`, `bounce`) use the runtime's task groups: `killGroup` stops
 * a host's tasks where they stand, without running their `finally` blocks.
 *
 * The network (`lib/sim/net/`): the runtime's driver gets the Sim's
 * {@link SimNetwork}, so a `TcpListener`, `TcpStream` or `UdpSocket` opened
 * by a host's task is simulated: latency drawn from the seed, `partition`,
 * `hold`, UDP loss, and a crash that resets the host's connections. Real
 * I/O of any other kind (a Promise through `fromPromise`, `spawnBlocking`)
 * fails the run (`kind: "io"`) naming the operation.
 *
 * Why one file past 300 lines: `Sim` is one object, and its four parts (the
 * public API, the supervisor loop, the runtime hooks, the trace) all read
 * and write the same private state: `#hosts`, `#phase`, `#failure`,
 * `#errored`, `#trace`, `#rt`. The hooks are closures handed to the runtime,
 * and the supervisor judges at each idle point what `#ended` collected since
 * the last. Rejected: the supervisor as a class in its own file; it would
 * hold the `Sim` and call most of its private methods (`#start`, `#judge`,
 * `#fail`, `#dump`, `#line`), which would have to become internal members.
 * The option types (about 80 lines) could move out, but the class alone
 * would still be past 400. About a third of the lines are comments, mostly
 * TSDoc of the public API.
 */
import { Future } from "../core/future";
import { YieldNow } from "../core/yield-now";
import { RuntimeDump } from "../task/dump";
import { DeadlockError, messageOf, RuntimeError } from "../task/errors";
import { groupOf, killGroup, spawnInGroup, TaskGroup } from "../task/group";
import type { TaskInfo, TaskOutcome } from "../task/hooks";
import type { SchedulePolicy } from "../task/policy";
import { Runtime, runtimeWithPolicy, tryCurrentRuntime } from "../task/runtime";
import { JoinHandle, running } from "../task/task";
import { SimError, type SimFailureKind } from "./errors";
import { SimNetwork } from "./net/network";
import { uniformPolicy } from "./schedule";

/**
 * Options of a {@link Sim} (and of `explore`'s simulations).
 *
 * @example
 * new Sim({ seed: 1234, maxTime: 60_000, trace: true });
 */
export interface SimOptions {
  /**
   * The seed every choice of the run comes from: which task runs next,
   * `random()`, which branch an unbiased `select` polls first.
   * @default drawn at random; `run()` and `SimError` report it
   */
  seed?: number;
  /**
   * Per-message network delay in simulated ms, drawn (a whole ms) from the
   * seed for each TCP segment and UDP datagram between two hosts; loopback
   * has none. Messages of one connection still arrive in order.
   * @default { min: 0, max: 0 }
   */
  latency?: { min: number; max: number };
  /** Probability (0–1) that a UDP datagram between two hosts is lost. @default 0 */
  udpLoss?: number;
  /**
   * Simulated milliseconds after which a run whose clients are still going
   * fails as stuck.
   * @default 3_600_000 (one hour)
   */
  maxTime?: number;
  /** Record a readable line per event (spawn, poll, end, clock, fault) in the result's `trace`. @default false */
  trace?: boolean;
}

/**
 * What {@link Sim.run} returns.
 *
 * @example
 * const { seed, elapsed, steps, trace }: SimResult = sim.run();
 */
export interface SimResult {
  /** The seed the run used. */
  seed: number;
  /** Simulated milliseconds the run took. */
  elapsed: number;
  /** Task polls (the supervisor's own not counted). */
  steps: number;
  /** One line per event, with the time and `host/task#id`; empty unless `trace` is on. */
  trace: string[];
}

/**
 * A host's `main`: a generator function, or a function returning a future or a generator object.
 *
 * @example
 * const main: HostMain = function* server() { for (;;) yield* handle(yield* requests.recv()); };
 */
export type HostMain = () => unknown;

interface Host {
  readonly name: string;
  readonly main: HostMain;
  readonly client: boolean;
  readonly group: TaskGroup;
  /** The current incarnation's main task, or null (not started, or crashed). */
  task: JoinHandle<unknown> | null;
  /** A client whose main returned. */
  done: boolean;
  /** Crashed and not restarted. */
  down: boolean;
}

/** A failure, as found; becomes a {@link SimError}. */
interface Failure {
  kind: SimFailureKind;
  host: string | null;
  cause: unknown;
  at: number;
  what: string;
}

const ONE_HOUR = 3_600_000;
/** How the leaves that wait on Node describe themselves (compat/, net/). */
const REAL_IO = /^(fromPromise|spawnBlocking|fromEvent|once|fromAsyncIterable|TcpListener|TcpStream|UdpSocket|ReadHalf|WriteHalf)/;
/** Polls without the clock moving after which a run is called a livelock (tasks forever re-waking each other). */
const LIVELOCK_POLLS = 1_000_000;

let installPolicy: (sim: Sim, policy: SchedulePolicy) => void;

/** Makes `sim` run under `policy` instead of its seed's (explore's recorder and replayer). @internal */
export function setSimPolicy(sim: Sim, policy: SchedulePolicy): void {
  installPolicy(sim, policy);
}

/**
 * A simulated world: hosts and clients, each a group of tasks, on one paused
 * clock that jumps ahead whenever every task is idle, with every scheduling
 * choice drawn from `seed`. The same seed replays the same run, event for
 * event. `run()` is synchronous, so a simulation is a plain call inside a test.
 *
 * @example
 * const sim = new Sim({ seed: 7, trace: true });
 * const [tx, rx] = mpsc.channel<number>(1);
 * sim.host("db", function* () { for (;;) { const v = yield* rx.recv(); if (v === undefined) return; store.push(v); } });
 * sim.client("app", function* () { yield* tx.send(1); yield* sleep(10); tx.close(); });
 * const { seed, elapsed, steps, trace } = sim.run(); // elapsed === 10
 */
export class Sim {
  readonly #seed: number;
  readonly #maxTime: number;
  readonly #tracing: boolean;
  readonly #latency: { min: number; max: number };
  readonly #udpLoss: number;
  readonly #hosts = new Map<string, Host>();
  #policy: SchedulePolicy | null = null;
  #rt: Runtime | null = null;
  #phase: "setup" | "running" | "over" = "setup";
  readonly #trace: string[] = [];
  /** Tasks that ended with an error, in order, to judge at the next idle point. */
  #errored: { task: JoinHandle<unknown>; at: number }[] = [];
  #failure: Failure | null = null;
  #supervisor: JoinHandle<unknown> | null = null;
  #supervisorPolls = 0;
  /** The simulated network the hosts' sockets use (set on the runtime's driver by run()). */
  readonly #net: SimNetwork;

  constructor(options: SimOptions = {}) {
    if (options === null || typeof options !== "object") throw new TypeError(`Sim options must be an object, got ${String(options)}`);
    const { seed, latency, udpLoss, maxTime, trace } = options;
    if (seed !== undefined && !(typeof seed === "number" && Number.isSafeInteger(seed))) throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
    this.#seed = seed ?? Math.floor(Math.random() * 2 ** 31);
    if (latency !== undefined) {
      if (latency === null || typeof latency !== "object" || !(latency.min >= 0) || !(latency.max >= latency.min) || !Number.isFinite(latency.max)) {
        throw new RangeError(`latency must be { min, max } with 0 <= min <= max (finite ms), got ${JSON.stringify(latency)}`);
      }
    }
    this.#latency = latency === undefined ? { min: 0, max: 0 } : { min: latency.min, max: latency.max };
    if (udpLoss !== undefined && !(typeof udpLoss === "number" && udpLoss >= 0 && udpLoss <= 1)) throw new RangeError(`udpLoss must be a probability from 0 to 1, got ${String(udpLoss)}`);
    this.#udpLoss = udpLoss ?? 0;
    if (maxTime !== undefined && !(typeof maxTime === "number" && maxTime > 0)) throw new RangeError(`maxTime must be a number of simulated ms > 0, got ${String(maxTime)}`);
    this.#maxTime = maxTime ?? ONE_HOUR;
    if (trace !== undefined && typeof trace !== "boolean") throw new TypeError(`trace must be a boolean, got ${typeof trace} ${String(trace)}`);
    this.#tracing = trace === true;
    this.#net = new SimNetwork(this.#seed, this.#latency, this.#udpLoss, {
      state: (name) => {
        const h = this.#hosts.get(name);
        return h === undefined ? undefined : h.down ? "down" : "up";
      },
      names: () => [...this.#hosts.keys()],
      trace: (text) => this.#line(this.#now(), text),
    });
  }

  /** The seed of this simulation. */
  get seed(): number {
    return this.#seed;
  }

  /** The latency option (for the simulated network). */
  get latency(): { readonly min: number; readonly max: number } {
    return this.#latency;
  }

  /** The udpLoss option (for the simulated network). */
  get udpLoss(): number {
    return this.#udpLoss;
  }

  /**
   * Registers a host: `main` runs when the simulation starts, in the host's
   * task group (everything it spawns belongs to the host: dumps and traces
   * show `name/task`). A host's `main` may run forever; the run ends when the
   * clients are done.
   *
   * @example
   * sim.host("server", function* () { for (;;) { const req = yield* requests.recv(); ... } });
   */
  host(name: string, main: HostMain): this {
    this.#register(name, main, false, "host");
    return this;
  }

  /**
   * Registers a client: a host whose `main` returning is what `run()` waits
   * for. A client's error fails the run.
   *
   * @example
   * sim.client("test", function* () { const r = yield* call("server", "ping"); expect(r).to.equal("pong"); });
   */
  client(name: string, main: HostMain): this {
    this.#register(name, main, true, "client");
    return this;
  }

  /**
   * Crashes host `name`: its tasks stop where they stand and no `finally`
   * runs (a crash is not a cancellation). Called before `run()`, the host
   * starts crashed (its `main` does not run). Call it from any task of the
   * simulation; a host that crashes itself stops at its next `yield*`.
   *
   * @example
   * sim.host("chaos", function* () { yield* sleep(50); sim.crash("db"); });
   */
  crash(name: string): void {
    const h = this.#hostNamed(name, "crash");
    if (this.#phase === "setup") {
      h.down = true;
      this.#line(0, `crash ${name} (before start)`);
      return;
    }
    const rt = this.#ownRuntime("crash");
    this.#kill(rt, h, "crash");
    h.down = true;
  }

  /**
   * Crashes host `name` (as {@link crash}) and runs its `main` again at once,
   * on the same clock: a restart. Whatever the host keeps outside its tasks
   * (its "disk") survives; what its tasks held is gone.
   *
   * @example
   * sim.client("test", function* () { yield* put("k", 1); sim.bounce("db"); expect(yield* get("k")).to.equal(1); });
   */
  bounce(name: string): void {
    const h = this.#hostNamed(name, "bounce");
    if (this.#phase === "setup") {
      h.down = false;
      this.#line(0, `bounce ${name} (before start)`);
      return;
    }
    const rt = this.#ownRuntime("bounce");
    this.#kill(rt, h, "bounce");
    h.down = false;
    this.#start(rt, h);
  }

  /**
   * Cuts the link between hosts `a` and `b`, both ways, as an unplugged
   * cable: TCP bytes (and connects) wait, so the programs' own timeouts
   * fire; UDP datagrams are lost. {@link repair} plugs it back in.
   *
   * @example
   * sim.host("chaos", function* () { yield* sleep(100); sim.partition("db", "app"); yield* sleep(5_000); sim.repair("db", "app"); });
   */
  partition(a: string, b: string): void {
    this.#fault("partition", a, b, () => this.#net.partition(a, b, true));
  }

  /**
   * Ends a {@link partition} between `a` and `b`: the TCP bytes that waited
   * arrive, in order.
   *
   * @example
   * sim.repair("db", "app");
   */
  repair(a: string, b: string): void {
    this.#fault("repair", a, b, () => this.#net.partition(a, b, false));
  }

  /**
   * Holds every message between `a` and `b` (TCP and UDP, both ways) until
   * {@link release}: nothing is lost, it only waits.
   *
   * @example
   * sim.hold("primary", "replica"); // the replica falls behind
   */
  hold(a: string, b: string): void {
    this.#fault("hold", a, b, () => this.#net.hold(a, b, true));
  }

  /**
   * Lets the messages held between `a` and `b` through, in the order they
   * were sent.
   *
   * @example
   * sim.release("primary", "replica");
   */
  release(a: string, b: string): void {
    this.#fault("release", a, b, () => this.#net.hold(a, b, false));
  }

  /**
   * Runs the simulation to the end, synchronously: until every client's
   * `main` has returned. Returns the seed, the simulated time it took, the
   * number of task polls and the trace. Throws {@link SimError} when a client
   * fails, a task nobody joins fails, nothing can make progress (cause: a
   * `DeadlockError` with the task dump), time would pass `maxTime`, or a task
   * waits on something only Node's event loop delivers (a real socket, a
   * Promise through `fromPromise`, `spawnBlocking`). A `Sim` runs once.
   *
   * @example
   * const { elapsed } = new Sim({ seed: 1 }).client("c", function* () { yield* sleep(3_600_000 - 1); }).run();
   */
  run(): SimResult {
    if (this.#phase !== "setup") throw new RuntimeError("a Sim runs once: make a new Sim for another run");
    if (tryCurrentRuntime() !== null) throw new RuntimeError("sim.run() was called inside a running runtime: a simulation is synchronous; run it from plain code (a test, a script)");
    if (![...this.#hosts.values()].some((h) => h.client)) throw new RuntimeError("sim.run() needs a client to wait for: register one with sim.client(name, main)");
    const tracing = this.#tracing;
    const rt = runtimeWithPolicy(
      {
        startPaused: true,
        onUnhandledError: (error, task) => this.#lateUnjoined(error, task.name),
        onTaskTerminate: (t, outcome, error) => this.#ended(t, outcome, error),
        onTaskPoll: tracing ? (t, phase) => this.#polled(t, phase) : undefined,
        onTaskSpawn: tracing ? (t) => groupOf(t as JoinHandle<unknown>) !== null && this.#line(this.#now(), `spawn ${this.#label(t)}`) : undefined,
        onLostWaker: (r) => this.#line(this.#now(), `lost waker: ${this.#label(r.task)} waits on ${r.waitingOn ?? "nothing"}`),
      },
      tracing ? this.#annotating(this.#policy ?? uniformPolicy(this.#seed)) : this.#policy ?? uniformPolicy(this.#seed),
    );
    this.#rt = rt;
    rt.driver.network = this.#net;
    this.#net.attach(rt.driver);
    this.#phase = "running";
    try {
      rt.blockOn(this.#supervise(rt));
    } catch (e) {
      if (!(e instanceof HaltError)) throw e;
    } finally {
      this.#phase = "over";
      // The world ends here: its tasks are dropped where they stand, as at a
      // crash, so nothing of it can run again if anything drains this
      // runtime later (before blockOn entered its drain first, a stray drain
      // microtask kept a host's periodic task ticking on the paused clock).
      for (const h of this.#hosts.values()) killGroup(rt, h.group);
    }
    const f = this.#failure;
    if (f !== null) throw new SimError(this.#seed, f.kind, f.host, f.cause, f.at, f.what, this.#trace.slice());
    return { seed: this.#seed, elapsed: rt.now(), steps: rt.counters.polls - this.#supervisorPolls, trace: this.#trace.slice() };
  }

  // ---- the supervisor ------------------------------------------------------

  *#supervise(rt: Runtime): Generator<unknown, void, unknown> {
    this.#supervisor = running.task; // blockOn's task: kept out of the trace
    this.#supervisorPolls++;
    for (const h of this.#hosts.values()) if (!h.down) this.#start(rt, h);
    let pollsAtTick = rt.counters.polls;
    for (;;) {
      yield* new YieldNow();
      this.#supervisorPolls++;
      const m = rt.metrics();
      if (m.queueDepth > 0 || m.deferredWakes > 0) {
        // Tasks are still yielding to each other (yieldNow loops): not idle.
        if (rt.counters.polls - pollsAtTick > LIVELOCK_POLLS) this.#fail("deadlock", null, new DeadlockError(`livelock: ${LIVELOCK_POLLS} polls without the clock moving or every task going idle`, this.#dump(rt)), "no progress");
        continue;
      }
      this.#judge();
      if (this.#clientsDone()) return;
      if (rt.driver.ioSources > 0) this.#failIo(rt);
      const next = rt.driver.timers.nextDeadline();
      if (next === Infinity) {
        this.#fail("deadlock", null, new DeadlockError("deadlock: every task of the simulation waits, and no timer is left that could wake one", this.#dump(rt)), "nothing can make progress");
      }
      if (next > this.#maxTime) {
        this.#fail("maxTime", null, new RuntimeError(`the next timer is at t=${next}ms, past maxTime (${this.#maxTime}ms), and the clients are not done:\n${String(this.#dump(rt))}`), "maxTime passed");
      }
      if (this.#tracing) this.#line(next, `clock → ${next}ms`);
      rt.driver.autoAdvance();
      pollsAtTick = rt.counters.polls;
    }
  }

  /**
   * A task waits on something only Node delivers: name it. Checked at idle
   * points from the reactor's count of I/O sources, and the waiting leaf is
   * found by what it says it is. Rejected: comparing the count around every
   * poll (a hook call per poll, ~10% of an explored run) for the exact task.
   */
  #failIo(rt: Runtime): never {
    const tasks = this.#dump(rt).tasks;
    const t = tasks.find((x) => x.waitingOn !== null && REAL_IO.test(x.waitingOn)) ?? tasks.find((x) => x.waitingOn !== null);
    const what = t?.waitingOn ?? "real I/O";
    const who = t === undefined ? "a task" : `task ${t.name}#${t.id}`;
    const host = t === undefined ? null : t.name.split("/")[0];
    this.#fail("io", host, new RuntimeError(`${what} needs Node's real event loop, which a simulation does not run (${who}, at t=${this.#now()}ms)`), `${who} waited on real I/O`);
  }

  /** Looks at the tasks that failed since the last idle point: the first client error or unjoined error fails the run. */
  #judge(): void {
    const errored = this.#errored;
    if (errored.length === 0) return;
    this.#errored = [];
    for (const { task, at } of errored) {
      const host = this.#hostRecordOf(task);
      if (host !== null && host.client && host.task === task) {
        this.#fail("client", host.name, task.error, `client "${host.name}" failed`, at);
      }
      if (!task.observed) {
        task.observed = true; // reported here, not again by the runtime
        this.#fail("task", host?.name ?? null, task.error, `task ${this.#label(task)} failed and nobody joined it`, at);
      }
    }
  }

  /** The runtime's dump without the supervisor. */
  #dump(rt: Runtime): RuntimeDump {
    const d = rt.dump();
    const id = this.#supervisor?.id;
    return new RuntimeDump(d.at, d.tasks.filter((t) => t.id !== id));
  }

  #clientsDone(): boolean {
    for (const h of this.#hosts.values()) {
      if (!h.client || h.done) continue;
      if (h.down) this.#fail("client", h.name, new RuntimeError(`client "${h.name}" was crashed before its main returned (bounce it to restart it)`), `client "${h.name}" crashed`);
      return false;
    }
    return true;
  }

  #fail(kind: SimFailureKind, host: string | null, cause: unknown, what: string, at?: number): never {
    const t = at ?? this.#now();
    this.#failure ??= { kind, host, cause, at: t, what };
    this.#line(t, `FAIL ${what}: ${messageOf(cause).split("\n")[0]}`);
    throw new HaltError();
  }

  // ---- hosts -----------------------------------------------------------------

  #register(name: string, main: HostMain, client: boolean, what: string): void {
    if (typeof name !== "string" || name === "" || name.includes("/")) throw new TypeError(`sim.${what}(): name must be a non-empty string without "/", got ${typeof name === "string" ? `"${name}"` : String(name)}`);
    if (typeof main !== "function") throw new TypeError(`sim.${what}("${name}", main): main must be a function (a generator function, or one returning a future), got ${typeof main}`);
    if (this.#phase !== "setup") throw new RuntimeError(`sim.${what}("${name}") was called after run(): register hosts and clients before running`);
    if (this.#hosts.has(name)) throw new RangeError(`sim.${what}(): a host named "${name}" is already registered`);
    this.#hosts.set(name, { name, main, client, group: new TaskGroup(name), task: null, done: false, down: false });
  }

  #hostNamed(name: string, op: string): Host {
    const h = this.#hosts.get(name);
    if (h === undefined) throw new RangeError(`sim.${op}("${String(name)}"): no such host (known: ${[...this.#hosts.keys()].join(", ") || "none"})`);
    if (this.#phase === "over") throw new RuntimeError(`sim.${op}("${name}") was called after the simulation ended`);
    return h;
  }

  #ownRuntime(op: string): Runtime {
    const rt = this.#rt!;
    if (tryCurrentRuntime() !== rt) throw new RuntimeError(`sim.${op}() was called outside the simulation: call it before run() or from one of its tasks`);
    return rt;
  }

  #start(rt: Runtime, h: Host): void {
    const main = h.main;
    const body = isGeneratorFunction(main) ? main : function* hostMain(): Generator<unknown, unknown, unknown> {
      const f = main();
      if (!(f instanceof Future || isGeneratorObject(f))) throw new TypeError(`the main of "${h.name}" must return a future or a generator object, as spawn() accepts; it returned ${String(f)}`);
      return yield* (f as Iterable<unknown>);
    };
    this.#line(this.#now(), `start ${h.client ? "client" : "host"} ${h.name}`);
    h.task = spawnInGroup(rt, h.group, body as () => Generator<unknown, unknown, unknown>, { name: main.name || "main" });
  }

  #kill(rt: Runtime, h: Host, op: string): void {
    h.task = null;
    const n = killGroup(rt, h.group);
    this.#net.crashed(h.name);
    this.#line(this.#now(), `${op} ${h.name}: ${n} task${n === 1 ? "" : "s"} stopped`);
  }

  /** A network fault between two hosts: checked, traced, applied (before run() too). */
  #fault(op: string, a: string, b: string, apply: () => void): void {
    this.#hostNamed(a, op);
    this.#hostNamed(b, op);
    if (a === b) throw new RangeError(`sim.${op}("${a}", "${b}"): a host has no link to itself`);
    if (this.#phase === "running") this.#ownRuntime(op);
    this.#line(this.#now(), `${op} ${a} ↔ ${b}`);
    apply();
  }

  #hostRecordOf(task: JoinHandle<unknown>): Host | null {
    const g = groupOf(task);
    return g === null ? null : this.#hosts.get(g.name) ?? null;
  }

  #hostOf(task: JoinHandle<unknown>): string | null {
    return this.#hostRecordOf(task)?.name ?? null;
  }

  // ---- hooks -------------------------------------------------------------------

  #ended(info: TaskInfo, outcome: TaskOutcome, error: unknown): void {
    const task = info as JoinHandle<unknown>;
    if (this.#tracing && task !== this.#supervisor) {
      this.#line(this.#now(), `end ${this.#label(task)}: ${outcome === "error" ? `error: ${messageOf(error).split("\n")[0]}` : outcome}`);
    }
    if (outcome === "error") this.#errored.push({ task, at: this.#now() });
    else if (outcome === "ok") {
      const h = this.#hostRecordOf(task);
      if (h !== null && h.task === task && h.client) h.done = true;
    }
  }

  /** With the trace on: a line per poll, saying which tasks a non-FIFO pick jumped. */
  #polled(info: TaskInfo, phase: "start" | "end"): void {
    if (phase !== "start" || groupOf(info as JoinHandle<unknown>) === null) return;
    const p = this.#preempted;
    this.#preempted = null;
    this.#line(this.#now(), `run ${this.#label(info)}${p === null ? "" : `  (preempts ${p})`}`);
  }

  /** A task's error reported by the runtime when the run ended (it failed in the last drain, after the supervisor). */
  #lateUnjoined(error: unknown, name: string): void {
    if (this.#failure !== null) return;
    this.#failure = { kind: "task", host: null, cause: error, at: this.#now(), what: `task ${name} failed and nobody joined it` };
  }

  // ---- trace -------------------------------------------------------------------

  /** With the trace on: the queued tasks a non-FIFO pick passed over, for the next "run" line. */
  #preempted: string | null = null;

  /** Wraps `policy` to note, for the trace, which tasks a pick other than the head jumped. */
  #annotating(policy: SchedulePolicy): SchedulePolicy {
    return {
      pickTask: (ids) => {
        const k = policy.pickTask(ids);
        this.#preempted = k === 0 ? null : `#${ids.slice(0, k).join(", #")}; pick ${k} of ${ids.length}`;
        return k;
      },
      random: () => policy.random(),
    };
  }

  #now(): number {
    return this.#rt === null ? 0 : this.#rt.now();
  }

  #label(t: TaskInfo): string {
    const g = groupOf(t as JoinHandle<unknown>);
    return `${g === null ? "" : `${g.name}/`}${t.name}#${t.id}`;
  }

  #line(t: number, text: string): void {
    if (this.#tracing && this.#phase !== "over") this.#trace.push(`${String(t).padStart(7)}ms  ${text}`);
  }

  static {
    installPolicy = (sim, policy) => {
      if (sim.#phase !== "setup") throw new RuntimeError("a Sim's policy must be set before it runs");
      sim.#policy = policy;
    };
  }
}

/** Thrown by the supervisor to end the run; `#failure` says why. */
class HaltError extends Error {
  override name = "HaltError";
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as Function;

function isGeneratorFunction(f: unknown): boolean {
  return f instanceof GeneratorFunction;
}

function isGeneratorObject(v: unknown): v is Generator {
  return v !== null && typeof v === "object" && typeof (v as Generator).next === "function" && typeof (v as Generator)[Symbol.iterator] === "function";
}

