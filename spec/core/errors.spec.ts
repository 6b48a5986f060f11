import { expect } from "chai";
import { Barrier, BrokenPipeError, BusyError, ClosedResourceError, Context, join, JoinSet, ready, RuntimeError, scope, select } from "../../lib";
import { pausedRuntime } from "../support";

describe("RuntimeError", () => {
  const cx = new Context({ wake() {} });

  it("is what a combinator polled after it completed throws", () => {
    const s = select(ready(1));
    s.poll(cx);
    expect(() => s.poll(cx)).to.throw(RuntimeError, /select\(\) was polled after it completed/);
    const j = join(ready(1), ready(2));
    j.poll(cx);
    expect(() => j.poll(cx)).to.throw(RuntimeError, /join\(\) was polled after it completed/);
  });

  it("is what a sync primitive's future polled after it completed throws", () => {
    const wait = new Barrier(1).wait();
    wait.poll(cx);
    expect(() => wait.poll(cx)).to.throw(RuntimeError, /Barrier.wait\(\) was polled after it completed/);
  });

  it("is what JoinSet.spawn() after close() and a scope's spawn() after it ended throw", () => {
    const [afterClose, afterEnd] = pausedRuntime().blockOn(function* () {
      const set = new JoinSet<void>();
      set.close();
      let saved: { spawn(t: () => Generator<unknown, void>): unknown } | null = null;
      yield* scope(function* (s) {
        saved = s;
      });
      const caught: unknown[] = [];
      for (const misuse of [() => set.spawn(function* () {}), () => saved!.spawn(function* () {})]) {
        try {
          misuse();
        } catch (e) {
          caught.push(e);
        }
      }
      return caught;
    });
    expect(afterClose).to.be.instanceOf(RuntimeError).and.have.property("name", "RuntimeError");
    expect((afterClose as Error).message).to.equal("JoinSet.spawn(): the set was closed");
    expect(afterEnd).to.be.instanceOf(RuntimeError);
  });
});

describe("ClosedResourceError, BusyError, BrokenPipeError", () => {
  it("keep their names and codes", () => {
    const closed = new ClosedResourceError("read() on a closed stream");
    expect([closed.name, closed.code, closed.message, closed instanceof Error]).to.deep.equal(["ClosedResourceError", "ERR_CLOSED_RESOURCE", "read() on a closed stream", true]);
    expect(new BusyError("x").name).to.equal("BusyError");
    const broken = new BrokenPipeError("x");
    expect([broken.name, broken.code]).to.deep.equal(["BrokenPipeError", "EPIPE"]);
  });
});
