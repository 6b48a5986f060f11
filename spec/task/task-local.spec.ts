import { expect } from "chai";
import { join, select, sleep, spawn, TaskLocal, TaskLocalAccessError, yieldNow } from "../../lib";
import { block } from "../support/sync";

describe("TaskLocal", () => {
  it("is set inside its scope and survives every yield*", () => {
    const ID = new TaskLocal<string>("ID");
    const seen = block(function* () {
      return yield* ID.scope("req-1", function* () {
        const out = [ID.get()];
        yield* sleep(10);
        out.push(ID.get());
        yield* yieldNow();
        out.push(ID.get());
        return out;
      });
    });
    expect(seen).to.deep.equal(["req-1", "req-1", "req-1"]);
  });

  it("throws TaskLocalAccessError outside every scope; tryGet() gives undefined", () => {
    const ID = new TaskLocal<number>("ID");
    expect(() => ID.get()).to.throw(TaskLocalAccessError, /ID\.get\(\) was called outside any ID\.scope\(\)/);
    expect(ID.tryGet()).to.equal(undefined);
    block(function* () {
      yield* ID.scope(1, function* () {
        yield* sleep(1);
      });
      expect(ID.tryGet()).to.equal(undefined); // restored after the scope
    });
  });

  it("keeps two scopes running at once apart (join), and nested scopes shadow and restore", () => {
    const ID = new TaskLocal<string>("ID");
    const out = block(function* () {
      const log: string[] = [];
      function* worker(ms: number) {
        yield* sleep(ms);
        log.push(`${ms}:${ID.get()}`);
        yield* ID.scope(`${ID.get()}/inner`, function* () {
          yield* sleep(1);
          log.push(`${ms}:${ID.get()}`);
        });
        log.push(`${ms}:${ID.get()}`);
      }
      yield* join(ID.scope("a", worker(5)), ID.scope("b", worker(3)));
      return log;
    });
    expect(out).to.deep.equal(["3:b", "3:b/inner", "3:b", "5:a", "5:a/inner", "5:a"]);
  });

  it("is not inherited by a spawned task unless passed on", () => {
    const ID = new TaskLocal<string>("ID");
    const out = block(function* () {
      return yield* ID.scope("parent", function* () {
        const plain = spawn(function* () {
          return ID.tryGet();
        });
        const asked = spawn(
          ID.scope(ID.get(), function* () {
            yield* sleep(1);
            return ID.get();
          }),
        );
        return [yield* plain, yield* asked];
      });
    });
    expect(out).to.deep.equal([undefined, "parent"]);
  });

  it("is set while its future's cleanup runs on cancellation", () => {
    const ID = new TaskLocal<string>("ID");
    const inCleanup = block(function* () {
      let seen: string | undefined;
      yield* select(
        ID.scope("x", function* () {
          try {
            yield* sleep(100);
          } finally {
            seen = ID.tryGet();
          }
        }),
        sleep(5),
      );
      return seen;
    });
    expect(inCleanup).to.equal("x");
  });

  it("syncScope() sets it for a synchronous call, and restores it after a throw", () => {
    const ID = new TaskLocal<number>();
    expect(ID.syncScope(3, () => ID.get() * 2)).to.equal(6);
    expect(() =>
      ID.syncScope(4, () => {
        throw new Error("x");
      }),
    ).to.throw("x");
    expect(ID.tryGet()).to.equal(undefined);
  });
});
