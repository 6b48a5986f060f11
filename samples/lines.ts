/**
 * lines: count the lines and words of stdin, as a stream.
 *
 * Shows a Node async iterable (readline's lines) turned into a genfut
 * `Stream` with `fromAsyncIterable`, then adapters and a fold, inside
 * `main()`: Ctrl-C cancels the fold, which closes the stream, which closes
 * readline (its `return()`), and the program exits 130.
 *
 * Run: printf 'the quick brown fox\njumps over the lazy dog\n' | npm run sample -- lines
 *  or: npm run sample -- lines < README.md
 */
import * as readline from "node:readline";
import { fromAsyncIterable, main } from "../lib";

interface Counts {
  lines: number;
  words: number;
  freq: Map<string, number>;
}

main(function* lines() {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  process.stderr.write("lines: reading standard input; Ctrl-C stops\n");
  // readline's close() only pauses stdin, and a paused pipe still holds the
  // process open: on Ctrl-C the program would wait for the writer to close
  // its end. Destroying stdin releases it; the fold's cancellation closes
  // the stream (readline's return()) first.
  using _stdin = { [Symbol.dispose]: () => process.stdin.destroy() };
  const counts = yield* fromAsyncIterable<string>(input)
    .map((line) => line.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])
    .fold<Counts>({ lines: 0, words: 0, freq: new Map() }, (acc, words) => {
      acc.lines++;
      acc.words += words.length;
      for (const w of words) acc.freq.set(w, (acc.freq.get(w) ?? 0) + 1);
      return acc;
    });
  const top = [...counts.freq].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
  console.log(`${counts.lines} lines, ${counts.words} words, ${counts.freq.size} distinct`);
  for (const [word, n] of top) console.log(`${String(n).padStart(6)}  ${word}`);
});
