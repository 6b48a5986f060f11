/**
 * fetch-with-timeout: `fetch` with a deadline, where giving up really stops
 * the request.
 *
 * A local HTTP server (Node's `http`, on 127.0.0.1) answers `/fast` at once
 * and `/slow` after 5 seconds. The client wraps `fetch` with
 * `fromPromise((signal) => fetch(url, { signal }))` and races it against a
 * `sleep` (with `race`), and with `timeout()`. When the deadline wins, the
 * fetch future is cancelled, which aborts its signal, which makes undici drop
 * the connection; the server sees the request close early and says so.
 * The server itself is a genfut stream of "request" events (`fromEvent`).
 *
 * Run: npm run sample -- fetch-with-timeout
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { fromEvent, fromPromise, main, once, race, select, sleep, spawn, timeout, TimeoutError } from "../lib";

/** GET `url` and read the body, giving up after `ms`: `race` against a sleep. */
function* fetchWithTimeout(url: string, ms: number) {
  const fetched = fromPromise(async (signal) => {
    const res = await fetch(url, { signal });
    return `${res.status} ${await res.text()}`;
  });
  const outcome = yield* race(
    fetched,
    (function* () {
      yield* sleep(ms);
      return "timed out" as const;
    })(),
  );
  return outcome;
}

/** The same with `timeout(ms, fut)`, which throws `TimeoutError`. */
function* fetchOrThrow(url: string, ms: number) {
  return yield* timeout(
    ms,
    fromPromise((signal) => fetch(url, { signal }).then((r) => r.text())),
  );
}

/** One request: `/slow` waits 5 s, unless the client goes away first. */
function* respond(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.url === "/slow") {
    const first = yield* select(sleep(5_000), once(res, "close"));
    if (first.index === 1) {
      console.log(`server: the client gave up on ${req.url}; stopped working on it`);
      return;
    }
  }
  res.end(`hello from ${req.url}`);
}

main(function* fetchWithTimeoutDemo() {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  yield* once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const requests = fromEvent<[http.IncomingMessage, http.ServerResponse]>(server, "request", { multiArgs: true });
  const serving = spawn(requests.forEachConcurrent(16, ([req, res]) => respond(req, res)), { name: "server" });

  try {
    console.log(`/fast within 1000ms: ${yield* fetchWithTimeout(`${base}/fast`, 1000)}`);
    console.log(`/slow within 200ms:  ${yield* fetchWithTimeout(`${base}/slow`, 200)}`);
    try {
      yield* fetchOrThrow(`${base}/slow`, 100);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      console.log(`/slow with timeout(100): ${e.name} after ${e.ms}ms`);
    }
    yield* sleep(50); // let the server notice the second abandoned request
  } finally {
    serving.abort(); // cancels forEachConcurrent: the request listener is removed
    server.close();
    server.closeAllConnections();
  }
});
