// 年报检查 · the checker's Web Worker: runs the WebAssembly module off the page's main
// thread, so that checking a very large paste never freezes the page.
//
// A classic worker (not a module worker): it also runs from a blob: URL in the
// single-file offline build, opened from disk, where module workers cannot start.
//
// Protocol (plain objects):
//   page → worker  {type: 'load', glue?: URL of pkg/nianbao.js}   (at once: load the glue)
//   page → worker  {type: 'init', module: WebAssembly.Module, glue?, readers?}  (once compiled)
//                  readers: {wasm: URL | {base64}, glue?: URL} of the on-demand readers
//                  module (PDF, legacy Word); without glue its script is already loaded
//   worker → page  {type: 'ready', rules, model, version, ms}  |  {type: 'fatal', message}
//   page → worker  {type: 'check', id, input}      input: string | {name, text} | {name, bytes}
//                  (with `many: true`: check_many, the batch view's call with its exports)
//   worker → page  {type: 'result', id, result, ms}  |  {type: 'error', id, message}
//                  |  {type: 'unavailable', id, message}  (a reader could not be loaded:
//                  not a bug, the page says so and goes on)
//   page → worker  {type: 'bench', id, input, iterations}  →  {type: 'bench', id, ms}
//   page → worker  {type: 'tables', id, op, args}   (the table assistant, 填写表格: op is one
//                  of the tables module's exports, layout, check, carry_forward, to_html,
//                  to_tsv, to_docx; `init` gives `tables: {wasm, glue?}` like `readers`)
//   worker → page  {type: 'result', id, result, ms} | {type: 'error', id, message}
//                  |  {type: 'unavailable', id, message}  (the module could not be loaded)
//
// `check` never throws for bad input (that is a finding in the result); an exception
// here is a bug in the checker (its panic message is on the console), after which the
// module's memory cannot be trusted: the page then starts a fresh worker.
/* global wasm_bindgen, nianbao_readers, nianbao_tables, importScripts */
'use strict';

let loadError = null;
/** Where the on-demand readers module is ({wasm, glue}); loaded at the first file that
 * needs it (a PDF, a .doc), so that nobody else downloads it. */
let readersConfig = null;
let readersPromise = null;

/** Where the on-demand table assistant module is ({wasm, glue}); loaded the first time
 * the page opens the 填写表格 mode. */
let tablesConfig = null;
let tablesPromise = null;

/** The bytes of an on-demand module: inlined (base64, the offline file) or fetched. */
async function moduleBytes(wasm) {
  if (wasm && wasm.base64) {
    const bin = atob(wasm.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  const response = await fetch(wasm);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.arrayBuffer();
}

function readers() {
  if (!readersPromise) {
    readersPromise = (async () => {
      const cfg = readersConfig;
      if (!cfg) throw new Error('没有配置读取程序的位置');
      if (typeof nianbao_readers === 'undefined') importScripts(cfg.glue);
      const bytes = await moduleBytes(cfg.wasm);
      nianbao_readers.initSync({ module: await WebAssembly.compile(bytes) });
      return nianbao_readers;
    })();
    // A failed load can be retried with the next file.
    readersPromise.catch(() => { readersPromise = null; });
  }
  return readersPromise;
}

function tablesModule() {
  if (!tablesPromise) {
    tablesPromise = (async () => {
      const cfg = tablesConfig;
      if (!cfg) throw new Error('没有配置填表程序的位置');
      if (typeof nianbao_tables === 'undefined') importScripts(cfg.glue);
      const bytes = await moduleBytes(cfg.wasm);
      nianbao_tables.initSync({ module: await WebAssembly.compile(bytes) });
      return nianbao_tables;
    })();
    // A failed load can be retried when the mode is opened again.
    tablesPromise.catch(() => { tablesPromise = null; });
  }
  return tablesPromise;
}

const TABLE_OPS = new Set(['layout', 'check', 'carry_forward', 'to_html', 'to_tsv', 'to_docx']);

async function tables(msg) {
  const t0 = performance.now();
  let module;
  try {
    module = await tablesModule();
  } catch (err) {
    self.postMessage({ type: 'unavailable', id: msg.id, message: `无法加载填写表格的程序（${describe(err)}）。请检查网络后重试，或使用离线单文件版。` });
    return;
  }
  try {
    if (!TABLE_OPS.has(msg.op)) throw new Error(`未知的操作：${msg.op}`);
    const result = module[msg.op](...(msg.args || []));
    self.postMessage({ type: 'result', id: msg.id, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: 'error', id: msg.id, message: describe(err) });
  }
}

function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

/** Replaces each file that needs an on-demand reader by what the reader made of it
 * (`{name, items}`); the core's module decides which files those are. */
async function withReaders(input) {
  if (Array.isArray(input)) return Promise.all(input.map(withReaders));
  // The batch view's {inputs, skipped}.
  if (input && Array.isArray(input.inputs)) return { ...input, inputs: await withReaders(input.inputs) };
  if (!input || typeof input !== 'object' || typeof input.text === 'string') return input;
  const bytes = bytesOf(input.bytes);
  const kind = bytes && wasm_bindgen.reader_for(bytes);
  if (!kind) return input;
  let module;
  try {
    module = await readers();
  } catch (err) {
    const e = new Error(`无法加载 PDF 和旧版 Word 文件的读取程序（${describe(err)}），“${input.name || '文件'}”未检查。请检查网络后重试，或使用离线单文件版。`);
    e.unavailable = true;
    throw e;
  }
  return { name: input.name, items: module.read(kind, bytes) };
}

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
      readersConfig = msg.readers || null;
      tablesConfig = msg.tables || null;
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
    bench(msg);
  } else if (msg.type === 'check') {
    check(msg);
  } else if (msg.type === 'tables') {
    tables(msg);
  }
};

/** Times `iterations` checks of one input (the browser benchmark): the timer is coarse
 * outside cross-origin isolation, so one long batch gives the figure. A file that needs an
 * on-demand reader (a PDF) is read in every iteration, as a check of it is; the module is
 * loaded before the clock starts. */
async function bench(msg) {
  const needsReader = msg.input && typeof msg.input === 'object' && bytesOf(msg.input.bytes) &&
    wasm_bindgen.reader_for(bytesOf(msg.input.bytes));
  if (needsReader) await readers();
  const t0 = performance.now();
  for (let i = 0; i < msg.iterations; i++) {
    wasm_bindgen.check(needsReader ? await withReaders(msg.input) : msg.input);
  }
  self.postMessage({ type: 'bench', id: msg.id, ms: performance.now() - t0 });
}

async function check(msg) {
  const t0 = performance.now();
  try {
    const input = await withReaders(msg.input);
    const result = (msg.many ? wasm_bindgen.check_many : wasm_bindgen.check)(input);
    self.postMessage({ type: 'result', id: msg.id, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: err && err.unavailable ? 'unavailable' : 'error', id: msg.id, message: describe(err) });
  }
}

function describe(err) {
  return String((err && (err.message || err.name)) || err || 'unknown error');
}
