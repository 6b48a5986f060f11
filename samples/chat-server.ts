/**
 * chat-server: tokio's chat example. Everyone who connects picks a name;
 * every line anyone sends goes to everyone else; joins and departures are
 * announced.
 *
 * Run: npm run sample -- chat-server [port]   (default 6142)
 * Try: nc 127.0.0.1 6142   in two terminals.
 * With GENFUT_SMOKE=1 it has two clients of its own chat, prints the
 * conversation, and exits (the samples spec).
 *
 * Shows: a `broadcast` channel as the room, a `BufReader` reading lines, and
 * `select` between "the client sent a line" and "the room has a message" —
 * both cancel-safe, so the loser of each select loses nothing.
 */
import { broadcast, BroadcastSender, BufReader, LaggedError, run, select, spawn, TcpListener, TcpStream } from "../lib";

export interface Message {
  from: number;
  text: string;
}

const encoder = new TextEncoder();
function* say(stream: TcpStream, text: string) {
  yield* stream.writeAll(encoder.encode(text + "\n"));
}

/** One connection: asks a name, then relays its lines to the room and the room's to it. */
export function* client(stream: TcpStream, id: number, room: BroadcastSender<Message>) {
  const lines = new BufReader(stream);
  const inbox = room.subscribe();
  let name: string | undefined;
  try {
    yield* say(stream, "Please enter your username:");
    name = (yield* lines.readLine())?.trim();
    if (!name) return;
    room.send({ from: id, text: `${name} has joined the chat` });
    for (;;) {
      const next = yield* select(lines.readLine(), inbox.recv());
      if (next.index === 0) {
        if (next.value === undefined) return; // the client left
        room.send({ from: id, text: `${name}: ${next.value}` });
      } else if (next.value !== undefined && next.value.from !== id) {
        yield* say(stream, next.value.text);
      }
    }
  } catch (e) {
    if (e instanceof LaggedError) yield* say(stream, `(you missed ${e.skipped} messages)`);
    else if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") throw e;
  } finally {
    inbox.close();
    stream.close();
    // Nobody left to tell (the server is shutting down) is not an error.
    if (name && room.receiverCount() > 0) room.send({ from: id, text: `${name} has left the chat` });
  }
}

/** The accept loop: a task per connection, all in one room. */
export function* serve(listener: TcpListener, room: BroadcastSender<Message>) {
  for (let id = 1; ; id++) {
    const [stream, peer] = yield* listener.accept();
    spawn(client(stream, id, room), { name: `chat client ${peer.port}` });
  }
}

/** Two clients of our own: alice greets bob and leaves; returns what bob saw. */
function* selfCheck(addr: { address: string; port: number }) {
  const alice = yield* TcpStream.connect(addr);
  const a = new BufReader(alice);
  yield* a.readLine(); // the prompt
  yield* say(alice, "alice");
  const bob = yield* TcpStream.connect(addr);
  const b = new BufReader(bob);
  const seen = [(yield* b.readLine())!]; // the prompt
  yield* say(bob, "bob");
  while ((yield* a.readLine()) !== "bob has joined the chat");
  yield* say(alice, "hello bob");
  alice.close();
  for (let line; (line = yield* b.readLine()) !== undefined; ) {
    seen.push(line);
    if (line === "alice has left the chat") break;
  }
  bob.close();
  return seen;
}

if (require.main === module) run(function* chatServer() {
  const smoke = process.env.GENFUT_SMOKE !== undefined;
  const listener = yield* TcpListener.bind(`127.0.0.1:${process.argv[2] ?? (smoke ? "0" : "6142")}`);
  const addr = listener.localAddr();
  console.log(`chat server listening on ${addr.address}:${addr.port}`);
  // The room keeps the last 64 messages; a reader further behind is told what it missed.
  const [room, keepAlive] = broadcast<Message>(64);
  const server = spawn(serve(listener, room), { name: "accept loop" });
  if (!smoke) return yield* server;
  for (const line of yield* selfCheck(addr)) console.log(`  ${line}`);
  server.abort();
  listener.close();
  keepAlive.close();
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
