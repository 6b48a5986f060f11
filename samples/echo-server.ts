/**
 * echo-server: the seed documents' echo server, for real — a listener that
 * spawns a task per connection, each looping read → writeAll.
 *
 * Run: npx ts-node --transpile-only samples/echo-server.ts [port]   (default 8080)
 * Try: nc 127.0.0.1 8080      (or: npx ts-node --transpile-only samples/echo-client.ts)
 *
 * It prints "listening on 127.0.0.1:<port>" once ready (port 0 picks a free one).
 * Ctrl-C stops it.
 */
import { run, spawn, TcpListener, TcpStream } from "../lib";

function* handle(stream: TcpStream) {
  try {
    const buf = new Uint8Array(16 * 1024);
    for (;;) {
      const n = yield* stream.read(buf);
      if (n === 0) return; // the client closed its side
      yield* stream.writeAll(buf.subarray(0, n));
    }
  } finally {
    stream.close();
  }
}

function* listen(addr: string) {
  const listener = yield* TcpListener.bind(addr);
  const { address, port } = listener.localAddr();
  console.log(`listening on ${address}:${port}`);
  for (;;) {
    const [stream] = yield* listener.accept();
    spawn(handle(stream), { name: `echo ${stream.peerAddr().port}` });
  }
}

const port = process.argv[2] ?? "8080";
run(listen(`127.0.0.1:${port}`)).catch((e) => {
  console.error(e);
  process.exit(1);
});
