/**
 * `main(function* () { .. })`: the entry point of a genfut program.
 */
import { checkTask } from "../core/check";
import { taskName, Spawnable } from "../core/coroutine";
import { JoinError } from "../task/errors";
import { Runtime, RuntimeOptions } from "../task/runtime";

/** Exit codes by signal: 128 + the signal's number, as shells report them. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Handled = keyof typeof EXIT_CODES;

/**
 * Runs `entry` as the program's main task on a new runtime, and wires the
 * process to it:
 *
 * - SIGINT (Ctrl-C) or SIGTERM cancels the main task: its `finally` blocks
 *   and `using` declarations run (they may `yield*`: async cleanup), then the
 *   exit code is 130 (SIGINT) or 143 (SIGTERM). A second SIGINT or SIGTERM
 *   while cleanup runs exits at once, with the same code.
 * - An error escaping `entry` (or its cleanup) is printed to stderr with its
 *   stack, and the exit code is 1.
 * - Otherwise the exit code is 0, or 1 if a detached task failed with
 *   nobody joining it (the default `onUnhandledError` sets it, as Node does
 *   for an unhandled rejection): `main` does not reset it.
 *
 * The exit code is set with `process.exitCode`; the process then exits when
 * nothing holds it open (as DESIGN asks: no forced exit that could cut off
 * output still being written). The signal handlers are removed once `entry`
 * has finished, so a program lingering on detached tasks can still be
 * interrupted the usual way. Resolves with the exit code; never rejects.
 *
 * @example
 * main(function* server() {
 *   const listener = yield* TcpListener.bind("127.0.0.1:8080");
 *   try {
 *     for (;;) spawn(handle((yield* listener.accept())[0]));
 *   } finally {
 *     listener.close();                       // runs on Ctrl-C
 *     console.log("bye");
 *   }
 * });
 */
export function main<T>(entry: Spawnable<T>, options?: RuntimeOptions): Promise<number> {
  checkTask("main(entry, options)", "entry", entry);
  const rt = new Runtime(options);
  const handle = rt.spawn(entry, { name: taskName(entry) ?? "main" });
  let received: Handled | null = null;

  const onSignal = (signal: Handled): void => {
    if (received !== null) {
      // Second signal: the user does not want to wait for the cleanup.
      process.exit(EXIT_CODES[signal]);
    }
    received = signal;
    handle.abort();
  };
  const onInt = (): void => onSignal("SIGINT");
  const onTerm = (): void => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  const unlisten = (): void => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  };

  return rt.run(handle).then(
    () => {
      unlisten();
      return exit(received === null ? 0 : EXIT_CODES[received]);
    },
    (e: unknown) => {
      unlisten();
      if (e instanceof JoinError && e.cancelled && e.cause === undefined) {
        return exit(received === null ? 1 : EXIT_CODES[received]);
      }
      // The user's own error, not our wrapper: its stack points at their code.
      const err = e instanceof JoinError && e.cause !== undefined ? e.cause : e;
      process.stderr.write(`${e instanceof JoinError && e.cancelled ? "error during shutdown: " : ""}${stackOf(err)}\n`);
      return exit(1);
    },
  );
}

function exit(code: number): number {
  // A failure already recorded (an unjoined task's error) outlives a clean return.
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
  return process.exitCode as number;
}

function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `Uncaught ${String(e)}`;
}
