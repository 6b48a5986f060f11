/**
 * demo: what `npm start` runs — a short tour of genfut.
 *
 * 1. tasks that sleep concurrently; 2. an hour on a paused clock, instantly;
 * 3. the echo server (samples/echo-server.ts) on a free port, a
 *    client talking to it, a task dump while a connection waits, and ten
 *    clients streaming through it at once. Then everything is closed and the
 *    process exits by itself.
 *
 * Run: npm start
 */
import { run, sleep, spawn, now, Runtime, TcpListener, TcpStream } from "../lib";
import { echoClients } from "./echo-client";
import { serve } from "./echo-server";

function* worker(name: string, ms: number) {
  const t0 = now();
  yield* sleep(ms);
  return `${name} slept ${Math.round(now() - t0)}ms`;
}

const rt = new Runtime();
rt.run(function* tour() {
  console.log("1. spawn three tasks that sleep concurrently");
  const handles = [spawn(worker("a", 30)), spawn(worker("b", 10)), spawn(worker("c", 20))];
  for (const h of handles) console.log("   " + (yield* h));

  console.log("2. an hour of sleeping on a paused clock, instantly");
  const paused = new Runtime({ startPaused: true });
  const t = paused.blockOn(function* () {
    yield* sleep(3_600_000);
    return now();
  });
  console.log(`   the paused clock reads ${t}ms`);

  console.log("3. the echo server, and clients against it");
  const listener = yield* TcpListener.bind("127.0.0.1:0");
  const addr = listener.localAddr();
  const server = spawn(serve(listener), { name: "accept loop" });
  console.log(`   echo server listening on ${addr.address}:${addr.port}`);

  const client = yield* TcpStream.connect(addr);
  yield* client.writeAll(new TextEncoder().encode("hello, genfut\n"));
  const buf = new Uint8Array(64);
  const n = yield* client.read(buf);
  console.log(`   a client sent "hello, genfut", the server echoed ${JSON.stringify(new TextDecoder().decode(buf.subarray(0, n)))}`);
  yield* sleep(5); // the echo task is now waiting for this client's next bytes
  console.log("   task dump while that client is idle:");
  for (const line of String(rt.dump()).split("\n")) if (line.trim() !== "") console.log("     " + line);
  yield* client.shutdown();
  console.log(`   after shutdown() the client reads ${yield* client.read(buf)} bytes: end of stream`);
  client.close();

  process.stdout.write("   ");
  yield* echoClients(`${addr.address}:${addr.port}`, 10, 256);

  server.abort();
  listener.close();
  console.log("   listener closed; nothing holds the process open, so it exits by itself");
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
