/**
 * A small system for determinism specs: a server host with a worker pool
 * behind a channel and a lock, and a client that sends requests with
 * timeouts and random pauses.
 */
import { Mutex, mpsc, oneshot, random, select, sleep, spawn, timeout, joinAll } from "../../lib";
import type { Sim } from "../../lib/sim";

export function systemUnderTest(sim: Sim): void {
  const [tx, rx] = mpsc.channel<{ n: number; reply: ReturnType<typeof oneshot<number>>[0] }>(2);
  const total = new Mutex(0);
  sim.host("server", function* server() {
    const workers = [0, 1, 2].map((w) =>
      spawn(
        function* worker() {
          for (;;) {
            const req = yield* rx.recv();
            if (req === undefined) return;
            {
              using g = yield* total.lock();
              yield* sleep(1 + w);
              g.value += req.n;
            }
            req.reply.send(req.n * 2);
          }
        },
        { name: `worker-${w}` },
      ),
    );
    yield* joinAll(workers);
  });
  sim.client("client", function* client() {
    const calls = [];
    for (let i = 0; i < 6; i++) {
      calls.push(
        spawn(
          function* call() {
            yield* sleep(Math.floor(random() * 5));
            const [replyTx, replyRx] = oneshot<number>();
            yield* tx.send({ n: i, reply: replyTx });
            const r = yield* select(replyRx, sleep(4));
            return r.index === 0 ? r.value : yield* timeout(20, replyRx);
          },
          { name: `call-${i}` },
        ),
      );
    }
    yield* joinAll(calls);
    tx.close();
  });
}
