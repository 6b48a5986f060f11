/**
 * hello: the smallest genfut program — two coroutines, a sleep, a spawn, a join.
 *
 * Run: npm run sample -- hello
 */
import { run, sleep, spawn } from "../lib";

function* greet(name: string, delayMs: number) {
  yield* sleep(delayMs);
  console.log(`hello, ${name} (after ${delayMs}ms)`);
  return name.length;
}

run(function* main() {
  const a = spawn(greet("world", 20));
  const b = spawn(greet("genfut", 10));
  const total = (yield* a) + (yield* b);
  console.log(`both done; ${total} letters greeted`);
}).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
