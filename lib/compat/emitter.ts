/**
 * What `fromEvent` and `once` listen to, and the one way they add and remove
 * a listener, so both accept the same targets (an EventEmitter, with or
 * without `off`, or a DOM-style EventTarget) and fail on the same others.
 */
import { badArgument } from "../core/check";
import { describeValue } from "../core/coroutine";

/** An EventEmitter (`on`/`off`) or an EventTarget (`addEventListener`/`removeEventListener`). */
export type EmitterLike =
  | {
      /** Adds a listener (Node's EventEmitter). */
      on(name: string | symbol, f: (...args: any[]) => void): unknown;
      /** Removes a listener; used when present, else `removeListener`. */
      off?(name: string | symbol, f: (...args: any[]) => void): unknown;
      /** Removes a listener, on emitters without `off` (Node before 10, some libraries). */
      removeListener?(name: string | symbol, f: (...args: any[]) => void): unknown;
    }
  | {
      /** Adds a listener (a DOM-style EventTarget, such as an `AbortSignal`). */
      addEventListener(name: string, f: (ev: any) => void): unknown;
      /** Removes the listener added with `addEventListener`. */
      removeEventListener(name: string, f: (ev: any) => void): unknown;
    };

/** `target` can be listened to: it has `on` (an EventEmitter) or `addEventListener` (an EventTarget). */
export function checkEmitter(where: string, target: unknown): void {
  const t = target as { on?: unknown; addEventListener?: unknown } | null;
  if (t === null || (typeof t !== "object" && typeof t !== "function") || (typeof t.on !== "function" && typeof t.addEventListener !== "function")) {
    badArgument(TypeError, where, "target", "an EventEmitter or an EventTarget", target);
  }
}

/** An event name: a string or a symbol. */
export function checkEventName(where: string, name: string, x: unknown): void {
  if (typeof x !== "string" && typeof x !== "symbol") badArgument(TypeError, where, name, "an event name (a string or a symbol)", x);
}

/** Adds `f` for `name`; returns the function that removes it. */
export function listen(target: EmitterLike, name: string | symbol, f: (...args: any[]) => void): () => void {
  const t = target as any;
  if (typeof t.addEventListener === "function" && typeof t.on !== "function") {
    t.addEventListener(name, f);
    return () => t.removeEventListener(name, f);
  }
  if (typeof t.on === "function") {
    t.on(name, f);
    return () => (typeof t.off === "function" ? t.off(name, f) : t.removeListener(name, f));
  }
  throw new TypeError(`expected an EventEmitter or an EventTarget, got ${describeValue(target)}`);
}

/** An EventEmitter (it has `on`), whose `"error"` events fail what listens to it, as in Node's `events.once`. */
export const isEmitter = (t: EmitterLike): boolean => typeof (t as { on?: unknown }).on === "function";
