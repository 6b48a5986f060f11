/**
 * graceful-shutdown: an HTTP server that, on Ctrl-C (SIGINT), SIGTERM or a
 * request to /shutdown, stops accepting, lets the requests in flight finish
 * (for up to 2 s), aborts the stragglers, and exits.
 *
 * Shows `main()` (signals cancel the main coroutine; its `finally` runs and
 * may itself `yield*`: async cleanup), a stream of "request" events
 * (`fromEvent`), a task per request, `timeout(ms, joinAll(..))` as the drain
 * deadline, and `signalOf()` handing each request task's cancellation to Node.
 *
 * Run: npm run sample -- graceful-shutdown
 * Try: curl 127.0.0.1:<port>/work   then press Ctrl-C while it runs (exit code 130),
 *      or curl 127.0.0.1:<port>/shutdown (exit code 0). A second Ctrl-C exits at once.
 * With GENFUT_SMOKE=1 it sends itself a few requests and then /shutdown.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { fromEvent, fromPromise, JoinHandle, joinAll, main, once, signalOf, sleep, spawn, timeout, TimeoutError } from "../lib";

/** One request: some "work" (a Node timer, aborted with the task), then the answer. */
function* handle(id: number, req: http.IncomingMessage, res: http.ServerResponse) {
  try {
    // A Node API given the task's own signal: aborting the task aborts the timer.
    yield* fromPromise(delay(req.url === "/work" ? 300 : 10, undefined, { signal: signalOf() }));
    res.end(`request ${id} done\n`);
  } finally {
    if (!res.writableEnded) {
      res.statusCode = 503;
      res.end("shutting down\n");
      console.log(`request ${id} aborted`);
    }
  }
}

main(function* server() {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  yield* once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  console.log(`listening on http://127.0.0.1:${port} (Ctrl-C or /shutdown to stop)`);
  if (process.env.GENFUT_SMOKE) spawn(selfTest(port), { name: "self-test" });

  const requests = fromEvent<[http.IncomingMessage, http.ServerResponse]>(server, "request", { multiArgs: true });
  const inFlight = new Set<JoinHandle<void>>();
  let served = 0;
  try {
    for (;;) {
      const [req, res] = (yield* requests.next())!;
      if (req.url === "/shutdown") {
        res.end("bye\n");
        console.log("shutdown requested");
        return;
      }
      const h = spawn(handle(++served, req, res), { name: `request-${served}` });
      inFlight.add(h);
      spawn(function* forget() {
        try {
          yield* h;
        } catch {
          // aborted or failed: reported by its own finally
        }
        inFlight.delete(h);
      });
    }
  } finally {
    // Runs on return, on error, and on SIGINT/SIGTERM (main cancels us here).
    requests.close(); // no more requests are taken
    server.close(); // no more connections are accepted
    console.log(`draining ${inFlight.size} request(s) in flight`);
    try {
      yield* timeout(2_000, joinAll([...inFlight]));
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      console.log("drain deadline passed: aborting the rest");
      for (const h of inFlight) h.abort();
      yield* sleep(0);
    }
    server.closeAllConnections();
    console.log(`stopped after ${served} request(s)`);
  }
});

/** GENFUT_SMOKE: two quick requests, one slow one, and /shutdown while it is in flight. */
function* selfTest(port: number) {
  const get = (path: string) => fromPromise(() => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text()));
  console.log(`client: ${(yield* get("/hello")).trim()}`);
  const slow = spawn(get("/work"));
  yield* sleep(50);
  console.log(`client: ${(yield* get("/shutdown")).trim()}`);
  console.log(`client: ${(yield* slow).trim()}`);
}
