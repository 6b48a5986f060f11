/**
 * Effect 4 for the benchmarks. The package ships only ES modules behind an
 * `exports` map, which this project's `moduleResolution: "node"` cannot see,
 * so its types are imported by path and the module by name, lazily (Node 20 loads an
 * ES module with `require`, which is what the compiled benchmarks do).
 */
import type * as EffectModule from "../../node_modules/effect/dist/Effect.js";
import type * as FiberModule from "../../node_modules/effect/dist/Fiber.js";
import type * as QueueModule from "../../node_modules/effect/dist/Queue.js";
import type * as DeferredModule from "../../node_modules/effect/dist/Deferred.js";

export interface EffectApi {
  Effect: typeof EffectModule;
  Fiber: typeof FiberModule;
  Queue: typeof QueueModule;
  Deferred: typeof DeferredModule;
}

let mod: EffectApi | null = null;

/**
 * The effect package, loaded on first use: it takes ~0.3 s to load, which
 * every child process not running Effect would otherwise pay. The harness
 * calls this before timing an Effect implementation.
 */
export function loadEffect(): EffectApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (mod ??= require("effect") as EffectApi);
}

export type EffectT<A, E = never, R = never> = EffectModule.Effect<A, E, R>;
export type FiberT<A, E = never> = FiberModule.Fiber<A, E>;
export type DeferredT<A, E = never> = DeferredModule.Deferred<A, E>;
