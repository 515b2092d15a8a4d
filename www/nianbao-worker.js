// 年报检查 · the checker's Web Worker: runs the WebAssembly module off the page's main
// thread, so that checking a very large paste never freezes the page.
//
// A classic worker (not a module worker): it also runs from a blob: URL in the
// single-file offline build, opened from disk, where module workers cannot start.
//
// Protocol (plain objects):
//   page → worker  {type: 'load', glue?: URL of pkg/nianbao.js}   (at once: load the glue)
//   page → worker  {type: 'init', module: WebAssembly.Module, glue?}  (once compiled)
//   worker → page  {type: 'ready', rules, model, version, ms}  |  {type: 'fatal', message}
//   page → worker  {type: 'check', id, input}      input: string | {name, text} | {name, bytes}
//                  (with `many: true`: check_many, the batch view's call with its exports)
//   worker → page  {type: 'result', id, result, ms}  |  {type: 'error', id, message}
//   page → worker  {type: 'bench', id, input, iterations}  →  {type: 'bench', id, ms}
//
// `check` never throws for bad input (that is a finding in the result); an exception
// here is a bug in the checker (its panic message is on the console), after which the
// module's memory cannot be trusted: the page then starts a fresh worker.
/* global wasm_bindgen, importScripts */
'use strict';

let loadError = null;

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === 'load') {
    // Sent at once, so that the glue loads while the page compiles the module.
    try {
      if (typeof wasm_bindgen === 'undefined' && msg.glue) importScripts(msg.glue);
    } catch (err) {
      loadError = err;
    }
  } else if (msg.type === 'init') {
    const t0 = performance.now();
    try {
      if (loadError) throw loadError;
      if (typeof wasm_bindgen === 'undefined') importScripts(msg.glue);
      wasm_bindgen.initSync({ module: msg.module });
      self.postMessage({
        type: 'ready',
        rules: wasm_bindgen.rules(),
        model: wasm_bindgen.model(),
        version: wasm_bindgen.version(),
        ms: performance.now() - t0,
      });
    } catch (err) {
      self.postMessage({ type: 'fatal', message: describe(err) });
    }
  } else if (msg.type === 'bench') {
    // Times `iterations` checks of one input (the browser benchmark): the timer is
    // coarse outside cross-origin isolation, so one long batch gives the figure.
    const t0 = performance.now();
    for (let i = 0; i < msg.iterations; i++) wasm_bindgen.check(msg.input);
    self.postMessage({ type: 'bench', id: msg.id, ms: performance.now() - t0 });
  } else if (msg.type === 'check') {
    const t0 = performance.now();
    try {
      const result = (msg.many ? wasm_bindgen.check_many : wasm_bindgen.check)(msg.input);
      self.postMessage({ type: 'result', id: msg.id, result, ms: performance.now() - t0 });
    } catch (err) {
      self.postMessage({ type: 'error', id: msg.id, message: describe(err) });
    }
  }
};

function describe(err) {
  return String((err && (err.message || err.name)) || err || 'unknown error');
}
