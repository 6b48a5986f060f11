/**
 * echo-server: the echo server of genfut's design, for real — a listener that
 * spawns a task per connection, each looping read → writeAll.
 *
 * Run: npm run sample -- echo-server [port]   (default 8080; 0 picks a free port)
 * Try: nc 127.0.0.1 8080
 *  or: npm run sample -- echo-client 8080
 *
 * It prints "listening on 127.0.0.1:<port>" once ready. Ctrl-C stops it.
 * With GENFUT_SMOKE=1 it echoes one message to itself and exits (the samples spec).
 */
import { run, spawn, TcpListener, TcpStream } from "../lib";

/** One connection: echo until the client closes its side. */
export function* handle(stream: TcpStream) {
  try {
    const buf = new Uint8Array(16 * 1024);
    for (;;) {
      const n = yield* stream.read(buf);
      if (n === 0) return; // the client closed its side
      yield* stream.writeAll(buf.subarray(0, n));
    }
  } catch (e) {
    // A client that vanishes mid-echo is routine for a server; anything else is not.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ECONNRESET" && code !== "EPIPE") throw e;
  } finally {
    stream.close();
  }
}

/** The accept loop: a task per connection. */
export function* serve(listener: TcpListener) {
  for (;;) {
    const [stream, peer] = yield* listener.accept();
    spawn(handle(stream), { name: `echo ${peer.address}:${peer.port}` });
  }
}

/** The smoke test: one client of our own, one message, then stop. */
function* selfCheck(listener: TcpListener) {
  const client = yield* TcpStream.connect(listener.localAddr());
  yield* client.writeAll(new TextEncoder().encode("hello, echo"));
  yield* client.shutdown();
  const reply = yield* client.readToString();
  client.close();
  console.log(`self-check: sent "hello, echo", got back "${reply}"`);
}

if (require.main === module) run(function* echoServer() {
  const port = process.argv[2] ?? (process.env.GENFUT_SMOKE ? "0" : "8080");
  const listener = yield* TcpListener.bind(`127.0.0.1:${port}`);
  const { address, port: bound } = listener.localAddr();
  console.log(`listening on ${address}:${bound}`);
  const server = spawn(serve(listener), { name: "accept loop" });
  if (!process.env.GENFUT_SMOKE) return yield* server;
  yield* selfCheck(listener);
  server.abort();
  listener.close();
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
