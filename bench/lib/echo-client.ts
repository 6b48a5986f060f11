/**
 * The W6 load generator, run as its own process so it never shares a heap or
 * an event loop with the server being measured. Raw Node sockets, the same
 * for every server implementation.
 *
 * Each of `conns` connections sends a `size`-byte message, waits until all
 * `size` bytes have come back, records the round trip's latency, and sends
 * the next, until `durationMs` has passed. Reports (to the parent, over IPC)
 * the requests completed, the bytes echoed, whether every echoed byte was
 * right, and the latency percentiles.
 *
 * Usage: fork(echo-client, [port, conns, size, durationMs])
 */
import * as net from "net";

export interface EchoReport {
  requests: number;
  bytes: number;
  /** False if any echoed byte differed from what was sent. */
  intact: boolean;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  /** The client process's own minor page faults and CPU time (ms) over the run: the server's pattern changes them. */
  clientFaults: number;
  clientCpuMs: number;
  error?: string;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function main(): void {
  const [port, conns, size, durationMs] = process.argv.slice(2).map(Number);
  const message = Buffer.alloc(size);
  for (let i = 0; i < size; i++) message[i] = (i * 31 + 7) & 0xff;
  let latencies = new Float64Array(1 << 16);
  let nLat = 0;
  let requests = 0;
  let bytes = 0;
  let intact = true;
  let open = 0;
  let start = 0;
  let stopAt = Infinity;
  let finished = false;

  const finish = (error?: string): void => {
    if (finished) return;
    finished = true;
    const elapsedMs = performance.now() - start;
    const sorted = latencies.slice(0, nLat).sort();
    const ru = process.resourceUsage();
    const report: EchoReport = {
      requests,
      bytes,
      intact,
      elapsedMs,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      clientFaults: ru.minorPageFault,
      clientCpuMs: (ru.userCPUTime + ru.systemCPUTime) / 1000,
      error,
    };
    process.send!(report, () => process.exit(0));
  };

  const connect = (): void => {
    let got = 0;
    let sentAt = 0;
    let checkFirst = true;
    let firstChunks: Buffer[] = [];
    // Node reads into this connection's own buffer (`onread`): the client
    // allocates nothing per read. With a fresh 64 KiB buffer per read, the
    // client's page faults came and went with its allocator's state (0.3 to
    // 2 per request for the same server, run to run), and its CPU per request
    // with them, which then showed up as the server's throughput.
    const readBuf = Buffer.allocUnsafe(65536);
    const onRead = (n: number, into: Buffer): boolean => {
      got += n;
      bytes += n;
      if (checkFirst) firstChunks.push(Buffer.from(into.subarray(0, n)));
      if (got < size) return true;
      if (got > size) {
        intact = false;
        finish(`a connection received ${got} bytes for a ${size}-byte message`);
        return false;
      }
      if (checkFirst) {
        // Compare the first echo of each connection byte for byte; later ones by count.
        if (!Buffer.concat(firstChunks).equals(message)) intact = false;
        checkFirst = false;
        firstChunks = [];
      }
      requests++;
      const now = performance.now();
      if (nLat === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[nLat++] = now - sentAt;
      if (now < stopAt) send();
      else {
        s.end();
        if (--open === 0) finish();
      }
      return true;
    };
    const s = net.connect({ port, host: "127.0.0.1", onread: { buffer: readBuf, callback: onRead } });
    s.setNoDelay(true);
    const send = (): void => {
      got = 0;
      sentAt = performance.now();
      s.write(message);
    };
    s.on("connect", () => {
      if (++open === conns) {
        start = performance.now();
        stopAt = start + durationMs;
        for (const c of sockets) c.send();
      }
    });
    s.on("error", (e) => finish(`client socket: ${e.message}`));
    sockets.push({ send });
  };
  const sockets: { send: () => void }[] = [];
  for (let i = 0; i < conns; i++) connect();
}

if (require.main === module) main();
