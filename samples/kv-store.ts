/**
 * kv-store: a small replicated key-value store, and the distributed bug
 * `explore` finds in it over a simulated network.
 *
 * A primary keeps the data and copies every write to two replicas over TCP
 * before it answers. A client adds to a counter (`INCR`); when an answer
 * does not come within its timeout, it reconnects and sends the request
 * again, the usual cure for a flaky network. The mistake: `INCR` is not
 * idempotent, and the primary applies a request again when it sees it
 * again. A request whose answer was lost in a partition (or that waited on
 * the cable while the client gave up) is then applied twice, on the primary
 * and on both replicas. Each request carries an id; the fixed primary
 * (`fixed: true`) remembers the ids it has applied and answers a repeated
 * one with the first answer.
 *
 * An ordinary test (no faults) passes. `explore` runs the system under many
 * seeds with a "chaos" host that cuts the client off the primary at random
 * moments (`random()`, so the faults are part of the recorded schedule),
 * finds a run where the counter ends above the number of increments the
 * client saw acknowledged, shrinks it and says how to replay it. The fixed
 * version passes the same exploration.
 *
 * Run: npm run sample -- kv-store
 */
import { BufReader, Mutex, random, sleep, spawn, TcpListener, TcpStream, timeout, TimeoutError } from "../lib";
import { ExploreError, explore, replay, type Sim } from "../lib/sim";

const PORT = 7000;

/** Reads one line (without the newline); throws if the peer closed first. */
function* line(r: BufReader) {
  const l = yield* r.readLine();
  if (l === undefined) throw Object.assign(new Error("connection closed before an answer"), { code: "EOF" });
  return l;
}

/** A replica: applies the primary's `SET key value` lines and answers `GET key`. */
export function* replica() {
  const store = new Map<string, number>();
  const l = yield* TcpListener.bind(`0.0.0.0:${PORT}`);
  for (;;) {
    const [s] = yield* l.accept();
    spawn(function* () {
      const r = new BufReader(s);
      try {
        for (let req; (req = yield* r.readLine()) !== undefined; ) {
          const [op, key, value] = req.split(" ");
          if (op === "SET") store.set(key, Number(value));
          yield* s.writeAll(Buffer.from(op === "SET" ? "OK\n" : `VALUE ${store.get(key) ?? 0}\n`));
        }
      } catch {
        // the peer went away
      } finally {
        s.close();
      }
    });
  }
}

/** The primary: applies `INCR id key delta`, copies the new value to every replica, then answers `OK id value`. */
export function* primary(replicas: string[], options: { fixed?: boolean } = {}) {
  const store = new Map<string, number>();
  const answered = new Map<string, string>(); // request id -> its answer (used by the fixed version)
  // One write at a time, so the replicas see the values in the order the primary made them.
  const writes = new Mutex(null);
  const links = yield* replicaLinks(replicas);
  const l = yield* TcpListener.bind(`0.0.0.0:${PORT}`);
  for (;;) {
    const [s] = yield* l.accept();
    spawn(function* session() {
      const r = new BufReader(s);
      try {
        for (let req; (req = yield* r.readLine()) !== undefined; ) {
          if (req.startsWith("GET ")) {
            yield* s.writeAll(Buffer.from(`VALUE ${store.get(req.slice(4)) ?? 0}\n`));
            continue;
          }
          const [, id, key, delta] = req.split(" "); // INCR id key delta
          const guard = yield* writes.lock();
          let answer = options.fixed ? answered.get(id) : undefined;
          if (answer === undefined) {
            const value = (store.get(key) ?? 0) + Number(delta);
            store.set(key, value);
            for (const link of links) {
              yield* link.w.writeAll(Buffer.from(`SET ${key} ${value}\n`));
              yield* line(link.r);
            }
            answer = `OK ${id} ${value}`;
            answered.set(id, answer);
          }
          guard.release();
          yield* s.writeAll(Buffer.from(answer + "\n"));
        }
      } catch {
        // the client went away (a reset after it gave up on this connection)
      } finally {
        s.close();
      }
    });
  }
}

function* replicaLinks(replicas: string[]) {
  const links: { w: TcpStream; r: BufReader }[] = [];
  for (const addr of replicas) {
    for (;;) {
      try {
        const w = yield* TcpStream.connect(addr);
        links.push({ w, r: new BufReader(w) });
        break;
      } catch {
        yield* sleep(10); // the replica is not listening yet
      }
    }
  }
  return links;
}

/** The client's request: sent, and sent again on a new connection after each timeout, until answered. */
export function* incr(primaryAddr: string, id: string, key: string, delta: number, timeoutMs = 300) {
  for (let attempt = 1; ; attempt++) {
    let s: TcpStream | null = null;
    try {
      return yield* timeout(timeoutMs, function* () {
        s = yield* TcpStream.connect(primaryAddr);
        yield* s.writeAll(Buffer.from(`INCR ${id} ${key} ${delta}\n`));
        const answer = yield* line(new BufReader(s));
        return Number(answer.split(" ")[2]);
      });
    } catch (e) {
      // A timeout or a network error (refused, reset, closed): retry. Anything else is a bug.
      if (!(e instanceof TimeoutError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      yield* sleep(10 * attempt); // back off, then retry the same request
    } finally {
      (s as TcpStream | null)?.close();
    }
  }
}

function* get(addr: string, key: string) {
  const s = yield* TcpStream.connect(addr);
  try {
    yield* s.writeAll(Buffer.from(`GET ${key}\n`));
    return Number((yield* line(new BufReader(s))).split(" ")[1]);
  } finally {
    s.close();
  }
}

/**
 * The system under test, as `explore` takes it: a primary, two replicas,
 * a chaos host that partitions the client from the primary at moments drawn
 * with `random()`, and a client that makes `increments` increments and then
 * checks that every copy of the counter equals the increments acknowledged.
 *
 * @example
 * explore(kvSystem({ fixed: true }), { runs: 1000, latency: { min: 1, max: 20 } });
 */
export function kvSystem(options: { fixed?: boolean; increments?: number } = {}) {
  const increments = options.increments ?? 5;
  return (sim: Sim): void => {
    let calm = false;
    sim.host("primary", () => primary(["replica1:7000", "replica2:7000"], options));
    sim.host("replica1", replica);
    sim.host("replica2", replica);
    sim.host("chaos", function* () {
      while (!calm) {
        yield* sleep(20 + Math.floor(random() * 200));
        // A draw of 0 (the plain schedule, and what shrinking leaves) means no fault.
        if (random() < 0.5 || calm) continue;
        sim.partition("client", "primary");
        yield* sleep(100 + Math.floor(random() * 600));
        sim.repair("client", "primary");
      }
    });
    sim.client("client", function* () {
      yield* sleep(50); // the servers start
      for (let i = 1; i <= increments; i++) yield* incr(`primary:${PORT}`, `req-${i}`, "counter", 1);
      calm = true;
      sim.repair("client", "primary");
      yield* sleep(2_000); // let whatever still waits on the cable arrive
      const copies = [yield* get(`primary:${PORT}`, "counter"), yield* get(`replica1:${PORT}`, "counter"), yield* get(`replica2:${PORT}`, "counter")];
      if (copies.some((v) => v !== increments)) {
        throw new Error(`the counter reads ${copies.join(" / ")} (primary / replicas) after ${increments} acknowledged increments`);
      }
    });
  };
}

if (require.main === module) {
  const options = { runs: 200, seed: 1, latency: { min: 1, max: 20 } };
  try {
    explore(kvSystem(), options);
    console.log("no failing schedule found (unexpected)");
  } catch (e) {
    if (!(e instanceof ExploreError)) throw e;
    console.log(`explore: ${e.message.split("\n")[0]}`);
    console.log(`cause: ${(e.cause as Error).message}`);
    try {
      replay(kvSystem(), e.schedule, { latency: options.latency });
    } catch (again) {
      console.log(`replay(${JSON.stringify(e.schedule)}) fails the same way: ${((again as ExploreError).cause as Error).message}`);
    }
  }
  const ok = explore(kvSystem({ fixed: true }), { ...options, runs: process.env.GENFUT_SMOKE ? 50 : 1000 });
  console.log(`fixed (ids remembered): ${ok.runs} runs, ${ok.distinct} distinct schedules, no failure`);
}
