/**
 * The state word: the one table of the bits of `Trampoline.flags`, the
 * single number in which a coroutine and a task keep their whole state.
 *
 * A trampoline (core/coroutine.ts) owns bits 0–4: a trampoline exists per
 * task and per generator passed to a combinator, so its size matters. A
 * task (task/task.ts) is a trampoline and keeps its own state in bits 5–12
 * of the same field: one field instead of four, 24 bytes less per task.
 * The table lives here, in core/, the lowest layer that needs it.
 *
 *   bit    value  name               meaning
 *   0      1      Done               finished: returned, threw, or fully cancelled
 *   1      2      Cancelling         `return()` has been started; cleanup may still be running
 *   2      4      ResumeReturn       resume with `return()`, not `next()`: a future the
 *                                    generator delegates to is still cancelling (it
 *                                    handed out CANCEL_STEP)
 *   3      8      Held               `target` came from a raw `yield fut` (or is the root
 *                                    future): the trampoline polls it itself
 *   4      16     TargetCancelling   `target` (held) is itself being cancelled: its
 *                                    cancel returned Pending
 *   5–7    224    StateMask          the task's {@link TaskState}: 0 Idle, 32 Scheduled,
 *                                    64 Running, 96 Notified, 128 Complete
 *   8–9    768    OutcomeMask        the task's {@link Outcome}: 0 None, 256 Ok, 512 Err,
 *                                    768 Cancelled
 *   10     1024   AbortRequested     `abort()` was called; the task cancels on its next turn
 *   11     2048   Observed           someone awaited the handle, so its error is not "unhandled"
 *   12     4096   WakerTaken         something read `cx.waker` during the current poll
 *
 * One numbering: a `TaskState` or an `Outcome` is its bits in place, so
 * `flags & StateMask` is the state itself, with no shift.
 *
 * On the hot paths (the trampoline's `step` and `drive`, a task's `run`
 * and `wake`) the values are written as literals, each followed by a
 * comment that names it: `11` is commented `Done | Cancelling | Held` (a
 * combination is the OR of its names), `~31` is commented `TrampolineMask`
 * (`~N` clears the named bits). spec/core/state-bits.spec.ts checks every
 * such literal of lib/ against this table, so a literal and its name
 * cannot drift apart.
 *
 * Why literals, not the enums below: the shipped build (`tsc -p
 * tsconfig.build.json`, what `npm run bench` times) inlines a `const enum`
 * and would run the same code, but ts-node's per-file transpile (the specs,
 * the samples, anyone running the source with `--transpile-only`) turns
 * every `Bits.Done` into a property read of an object. Measured with every
 * named literal of coroutine.ts and task.ts replaced by its enum member, W4
 * (ping-pong, 1,000,000 messages) under ts-node and `node --max-opt=0`, 7
 * interleaved runs: 1435 ms with literals, 1665 ms with enums (+16%); with
 * the optimizing tiers on, no difference (135–139 ms, within the noise).
 * Cold paths use the enums.
 */

/** The trampoline's bits (0–4) and the task's flags and masks (5–12): see the table above. */
export const enum Bits {
  Done = 1,
  Cancelling = 2,
  ResumeReturn = 4,
  Held = 8,
  TargetCancelling = 16,
  /** All five of the trampoline's bits. */
  TrampolineMask = 31,
  /** The task's {@link TaskState}. */
  StateMask = 224,
  /** The task's {@link Outcome}. */
  OutcomeMask = 768,
  AbortRequested = 1024,
  Observed = 2048,
  WakerTaken = 4096,
}

/**
 * A task's place in its life (tokio's state word, simplified for one
 * thread), as bits 5–7 of the state word:
 *
 *   Idle --wake--> Scheduled --run--> Running --Pending--> Idle
 *                                        |  \--wake--> Notified --Pending--> Scheduled
 *                                        \--Ready/throw/cancelled--> Complete
 */
export const enum TaskState {
  Idle = 0,
  Scheduled = 32,
  Running = 64,
  Notified = 96,
  Complete = 128,
}

/** How a task ended, as bits 8–9 of the state word (None until it is Complete). */
export const enum Outcome {
  None = 0,
  Ok = 256,
  Err = 512,
  Cancelled = 768,
}
