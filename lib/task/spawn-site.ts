/**
 * Spawn sites: where in the user's code a task was created, for dumps and
 * error reports.
 *
 * Capture is opt-in (`new Runtime({ captureSpawnSite: true })`) because it
 * walks the stack on every spawn. It stays as cheap as V8 allows: the frames
 * are recorded with `Error.captureStackTrace` on a bare object, and V8 turns
 * them into text only if someone reads `stack` (a dump, an error report).
 * The first frame outside genfut's own `lib/` is the site.
 *
 * Rejected: `new Error()` per spawn (the same walk, plus an Error object and
 * its message), and keeping the formatted string (formatting is most of the
 * cost, and almost no spawn site is ever read).
 */

/** Frames recorded at a spawn; `stack` is formatted lazily by V8. @internal */
export interface SpawnSite {
  readonly stack?: string;
}

/** Frames kept per capture: enough to climb out of genfut's spawn/JoinSet/scope frames; each frame costs (measured). */
const FRAMES = 8;

/** genfut's `lib/` folder (this file is in `lib/task/`): frames inside it are not spawn sites. */
const LIB_ROOT = __dirname.replace(/[\\/]task$/, "");

/** Records the current stack, unformatted. @internal */
export function captureSpawnSite(): SpawnSite {
  const site: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  Error.captureStackTrace(site, captureSpawnSite);
  Error.stackTraceLimit = limit;
  return site;
}

/**
 * The first frame of `site` in user code, as V8 prints it without the
 * leading `at ` (`main (/app/server.ts:42:7)`), or null if every recorded
 * frame is genfut's own or Node's.
 * @internal
 */
export function formatSpawnSite(site: SpawnSite | undefined): string | null {
  const stack = site?.stack;
  if (stack === undefined) return null;
  for (const line of stack.split("\n")) {
    const m = /^\s+at (.*)$/.exec(line);
    if (m === null) continue;
    const frame = m[1];
    if (frame.includes(LIB_ROOT + "/") || frame.includes(LIB_ROOT + "\\")) continue;
    if (frame.includes("(node:") || frame.startsWith("node:") || frame.endsWith("(<anonymous>)")) continue;
    return frame;
  }
  return null;
}
