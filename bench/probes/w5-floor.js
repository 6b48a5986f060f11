/**
 * W5 probe: the floor of "a coroutine per sleeper", with no runtime at all.
 * A million sleepers, durations as W5's; each variant in its own process:
 *   raw      one setTimeout per sleeper (the platform's limit)
 *   gen      a bare generator per sleeper, parked in a per-millisecond array,
 *            resumed by one Node timer ticking every millisecond
 *   gentask  the same plus a 3-field task and a 2-field sleep object
 *   genfat   the same with genfut's object sizes (task 112 B, sleep 72 B)
 * Prints the time beyond 1 s and the peak heap.
 * Usage: node bench/probes/w5-floor.js <variant>
 */
const n = 1_000_000, maxMs = 1000;
const dur = (i) => (i * 7919) % (maxMs + 1);
const variant = process.argv[2];
let peak = 0;
const iv = setInterval(() => { const h = process.memoryUsage().heapUsed; if (h > peak) peak = h; }, 20);
const t0 = performance.now();
function finish() {
  const ms = performance.now() - t0;
  clearInterval(iv);
  const h = process.memoryUsage().heapUsed; if (h > peak) peak = h;
  console.log(`${variant}: +${(ms - maxMs).toFixed(0)} ms, peak heap ${(peak / 1e6).toFixed(0)} MB`);
}
let done = 0;
if (variant === "raw") {
  const cb = () => { if (++done === n) finish(); };
  for (let i = 0; i < n; i++) setTimeout(cb, dur(i));
} else if (variant === "gen" || variant === "gentask" || variant === "genfat") {
  const fat = variant === "genfat";
  class SleepF { constructor(ms) { this.ms = ms; this.task = null; if (fat) { this.a = -1; this.b = 0; this.c = -1; this.d = null; } } }
  class Task { constructor(g) { this.g = g; this.state = 0; this.next = null; if (fat) { this.a = null; this.b = 0; this.c = null; this.d = null; this.e = null; this.f = undefined; this.h = 1; this.i = 2; } } }
  const buckets = Array.from({ length: maxMs + 20000 }, () => []);
  const start = performance.now();
  function* sleeper(ms) { yield new SleepF(ms); if (++done === n) finish(); }
  function park(t, r) { const s = r.value; buckets[Math.ceil(performance.now() - start + s.ms) | 0].push(variant === "gen" ? t : s), s.task = t; }
  for (let i = 0; i < n; i++) {
    const g = sleeper(dur(i));
    const t = variant === "gen" ? g : new Task(g);
    park(t, (variant === "gen" ? g : t.g).next());
  }
  let at = 0;
  const tick = () => {
    const now = performance.now() - start;
    while (at <= now && at < buckets.length) {
      const b = buckets[at]; buckets[at++] = null;
      for (let i = 0; i < b.length; i++) { const x = b[i]; if (variant === "gen") x.next(); else x.task.g.next(); }
    }
    if (done < n) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
}
