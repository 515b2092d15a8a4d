// Performance marks the browser benchmark (tests/browser/bench.mjs) reads: when the
// module ran, when the wasm module was compiled, when the checker was ready.

export function mark(name) {
  try {
    performance.mark(name);
  } catch {
    /* old browsers */
  }
}
