/**
 * The repository's own servers, unchanged, inside a simulation: the sockets
 * they open are simulated because the hosts' tasks open them.
 */
import { expect } from "chai";
import { Barrier, broadcast, BufReader, TcpListener, TcpStream } from "../../lib";
import { Sim } from "../../lib/sim";
import { serve as chatServe, type Message } from "../../samples/chat-server";
import { echoClients } from "../../samples/echo-client";
import { serve as echoServe } from "../../samples/echo-server";

/** echoClients prints a summary line: kept off the test output. */
function quietly<T>(f: () => T): T {
  const log = console.log;
  console.log = () => {};
  try {
    return f();
  } finally {
    console.log = log;
  }
}

describe("samples inside a Sim", () => {
  it("echo-server serves echo-client's concurrent clients byte for byte over a network with latency", () => {
    for (const seed of [1, 2, 3]) {
      const sim = new Sim({ seed, latency: { min: 1, max: 20 } });
      sim.host("server", function* () {
        yield* echoServe(yield* TcpListener.bind("0.0.0.0:8080"));
      });
      let summary: { clients: number; bytes: number } | null = null;
      sim.client("clients", function* () {
        // echoClients checks every byte that comes back against what it sent, and throws if one differs.
        summary = yield* echoClients("server:8080", 4, 200);
      });
      const r = quietly(() => sim.run());
      expect(summary).to.deep.include({ clients: 4, bytes: 4 * 200 * 1024 });
      expect(r.elapsed).to.be.greaterThan(0); // the latency took simulated time, not real time
    }
  });

  it("chat-server relays every message of three clients to the two others", () => {
    const sim = new Sim({ seed: 11, latency: { min: 1, max: 10 } });
    sim.host("chat", function* () {
      const [room] = broadcast<Message>(64);
      yield* chatServe(yield* TcpListener.bind("0.0.0.0:6142"), room);
    });
    const names = ["alice", "bob", "carol"];
    const everyoneIn = new Barrier(names.length);
    const seen = new Map<string, string[]>();
    for (const name of names) {
      sim.client(name, function* () {
        const stream = yield* TcpStream.connect("chat:6142");
        const lines = new BufReader(stream);
        expect(yield* lines.readLine()).to.equal("Please enter your username:"); // the server has subscribed us to the room
        yield* everyoneIn.wait();
        yield* stream.writeAll(Buffer.from(`${name}\nhello from ${name}\n`));
        const got: string[] = [];
        seen.set(name, got);
        const expected = names.filter((n) => n !== name).map((n) => `${n}: hello from ${n}`);
        while (!expected.every((m) => got.includes(m))) {
          const line = yield* lines.readLine();
          if (line === undefined) throw new Error(`${name}: the server closed the connection`);
          got.push(line);
        }
        yield* everyoneIn.wait(); // nobody leaves before everyone has heard everyone
        stream.close();
      });
    }
    sim.run();
    for (const name of names) {
      for (const other of names.filter((n) => n !== name)) expect(seen.get(name)).to.include(`${other}: hello from ${other}`);
      expect(seen.get(name)).to.not.include(`${name}: hello from ${name}`); // the room does not echo a client's own lines
    }
  });
});
