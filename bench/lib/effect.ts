/**
 * Effect 4 for the benchmarks. The package ships only ES modules behind an
 * `exports` map, which this project's `moduleResolution: "node"` cannot see,
 * so its types are imported by path and the module by name (Node 20 loads an
 * ES module with `require`, which is what the compiled benchmarks do).
 */
import type * as EffectModule from "../../node_modules/effect/dist/Effect.js";
import type * as FiberModule from "../../node_modules/effect/dist/Fiber.js";
import type * as QueueModule from "../../node_modules/effect/dist/Queue.js";
import type * as DeferredModule from "../../node_modules/effect/dist/Deferred.js";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mod = require("effect") as { Effect: typeof EffectModule; Fiber: typeof FiberModule; Queue: typeof QueueModule; Deferred: typeof DeferredModule };

export const Effect = mod.Effect;
export const Fiber = mod.Fiber;
export const Queue = mod.Queue;
export const Deferred = mod.Deferred;

export type EffectT<A, E = never, R = never> = EffectModule.Effect<A, E, R>;
export type FiberT<A, E = never> = FiberModule.Fiber<A, E>;
export type DeferredT<A, E = never> = DeferredModule.Deferred<A, E>;
