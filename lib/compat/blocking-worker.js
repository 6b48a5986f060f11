'use strict';
// The worker side of spawnBlocking(): plain JavaScript, so worker threads load
// it without a TypeScript loader. A function arrives as its source text and is
// compiled once per worker (cached by source). `require` is in scope for it,
// so CPU work can use Node's modules (crypto, zlib).
const compiled = new Map();

module.exports = function runBlocking({ source, args }) {
  let f = compiled.get(source);
  if (f === undefined) {
    f = new Function('require', `return (${source});`)(require);
    if (typeof f !== 'function') throw new TypeError('spawnBlocking(): the source did not evaluate to a function');
    compiled.set(source, f);
  }
  return f(...args);
};
