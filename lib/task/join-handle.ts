/**
 * `JoinHandle<T>`: the future of a spawned task's result. The handle is the
 * task itself (see `task.ts` for why); this module is where users find it.
 */
export { JoinHandle } from "./task";
