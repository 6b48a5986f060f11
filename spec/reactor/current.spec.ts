import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Context, now, RuntimeError, sleep, TcpListener, TcpStream, timeout, UdpSocket } from "../../lib";
import { currentDriver, running } from "../../lib/reactor/current";
import { Manual, pausedRuntime } from "../support";

const LIB = path.resolve(__dirname, "../../lib");

describe("reactor/current", () => {
  it("holds the driver of the runtime whose executor is draining, and null outside", () => {
    expect(running.driver).to.equal(null);
    const rt = pausedRuntime();
    const seen = rt.blockOn(function* () {
      const outer = running.driver;
      const inner = pausedRuntime().blockOn(function* () {
        return running.driver;
      });
      return [outer, inner, running.driver];
    });
    expect(seen[0]).to.equal(rt.driver);
    expect(seen[1]).to.not.equal(rt.driver); // the nested runtime's own
    expect(seen[2]).to.equal(rt.driver); // the outer one restored
    expect(running.driver).to.equal(null);
  });

  it("throws a RuntimeError naming the function when called outside a runtime, from every leaf that needs one", () => {
    expect(() => currentDriver("x()")).to.throw(RuntimeError, /^x\(\) was called outside a running genfut runtime: call it inside a coroutine driven by run\(\), spawn\(\) or blockOn\(\)$/);
    const cx = new Context({ wake() {} });
    expect(() => now()).to.throw(RuntimeError, /^now\(\) was called outside/);
    expect(() => sleep(5).poll(cx)).to.throw(RuntimeError, /^sleep\(\) was called outside/);
    expect(() => timeout(5, new Manual<void>()).poll(cx)).to.throw(RuntimeError, /^timeout\(\) was called outside/);
    expect(() => TcpStream.connect("127.0.0.1:1").poll(cx)).to.throw(RuntimeError, /^TcpStream\.connect\(addr\) was called outside/);
    expect(() => TcpListener.bind("127.0.0.1:0").poll(cx)).to.throw(RuntimeError, /^TcpListener\.bind\(addr\) was called outside/);
    expect(() => UdpSocket.bind("127.0.0.1:0").poll(cx)).to.throw(RuntimeError, /^UdpSocket\.bind\(addr\) was called outside/);
  });

  it("is how time/ and net/ find their driver: neither imports task/", () => {
    const wrong: string[] = [];
    for (const dir of ["time", "net"]) {
      for (const f of fs.readdirSync(path.join(LIB, dir))) {
        const src = fs.readFileSync(path.join(LIB, dir, f), "utf8");
        if (/from\s+["']\.\.\/task\//.test(src)) wrong.push(`${dir}/${f}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});
