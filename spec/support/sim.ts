/** Helpers for the simulator's specs. */
import { Sim, SimError } from "../../lib/sim";

/** Runs `sim` and returns the SimError it fails with; a run that passes, or fails otherwise, fails the spec. */
export function failureOf(sim: Sim): SimError {
  try {
    sim.run();
  } catch (e) {
    if (e instanceof SimError) return e;
    throw e;
  }
  throw new Error("the simulation passed");
}
