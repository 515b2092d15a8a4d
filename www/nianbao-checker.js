// 年报检查 · the checker UI as an embeddable ES module.
//
//   import { mount } from './nianbao-checker.js';
//   const checker = mount(document.getElementById('checker'), {
//     wasm: '/static/nianbao/pkg/nianbao_bg.wasm',   // URL, bytes or WebAssembly.Module
//     glue: '/static/nianbao/pkg/nianbao.js',        // wasm-bindgen glue (classic script)
//     worker: '/static/nianbao/nianbao-worker.js',   // the Web Worker script
//     styles: '/static/nianbao/nianbao.css',         // or false when the page links it
//     sample: '/static/nianbao/sample-report.txt',   // or {name, text}, or omitted
//     readersWasm: '/static/nianbao/pkg/nianbao_readers_bg.wasm', // PDF/.doc reader,
//     readersGlue: '/static/nianbao/pkg/nianbao_readers.js',      // loaded on demand
//     tablesWasm: '/static/nianbao/pkg/nianbao_tables_bg.wasm',   // 填写表格, loaded
//     tablesGlue: '/static/nianbao/pkg/nianbao_tables.js',        // when first opened
//     onResult: (report) => {},                      // each finished check
//   });
//   await checker.ready;  checker.check('…');  checker.destroy();
//
// or, declaratively: <nianbao-checker wasm="…" glue="…" worker="…" styles="…" sample="…">.
// Paths default to the files next to this module. Everything runs in the browser:
// nothing is sent anywhere. Works under `script-src 'self' 'wasm-unsafe-eval'` with no
// inline script or style (styles are set through classes and the CSSOM only).
//
// Security: report content is only ever put into the page as text nodes (never as HTML),
// so a report containing script tags or img onerror attributes is shown, not run.
//
// This module is the entry: the view and its parts are in lib/ (lib/checker.js and what
// it imports); the offline builder (tools/make-offline.mjs) inlines them all.

import { Checker } from './lib/checker.js';
import { h } from './lib/dom.js';
import { mark } from './lib/perf.js';

// The default paths are relative to this module, not to the page that loads it.
const BASE = new URL('.', import.meta.url);

mark('nianbao-module');
const DEFAULTS = {
  wasm: 'pkg/nianbao_bg.wasm',
  glue: 'pkg/nianbao.js',
  worker: 'nianbao-worker.js',
  styles: 'nianbao.css',
  // The readers that only some files need (PDF, .doc, .wps): a module of their own,
  // loaded by the worker at the first such file.
  readersWasm: 'pkg/nianbao_readers_bg.wasm',
  readersGlue: 'pkg/nianbao_readers.js',
  // The table assistant (填写表格): loaded by the worker when the mode is first opened.
  tablesWasm: 'pkg/nianbao_tables_bg.wasm',
  tablesGlue: 'pkg/nianbao_tables.js',
};

function resolveUrl(value, base) {
  return new URL(String(value), base).href;
}

function ensureStyles(href) {
  for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
    if (link.href === href) return;
  }
  document.head.append(h('link', { rel: 'stylesheet', href }));
}

/** Puts a checker into `element`. See the top of this file for the options. */
export function mount(element, options = {}) {
  if (!element) throw new Error('mount(element, options)：element 不存在');
  const opt = { ...options };
  for (const key of ['wasm', 'glue', 'worker', 'readersWasm', 'readersGlue', 'tablesWasm', 'tablesGlue']) {
    const v = opt[key];
    if (v === undefined || v === null || v === '') opt[key] = resolveUrl(DEFAULTS[key], BASE);
    else if (typeof v === 'string' || v instanceof URL) opt[key] = resolveUrl(v, document.baseURI);
  }
  if (opt.styles !== false) ensureStyles(resolveUrl(opt.styles || DEFAULTS.styles, opt.styles ? document.baseURI : BASE));
  if (typeof opt.sample === 'string') opt.sample = resolveUrl(opt.sample, document.baseURI);
  const checker = new Checker(element, opt);
  return {
    ready: checker.ready,
    /** Checks an input without showing it: resolves with the contract result. */
    check: (input) => checker.check(input),
    /** Checks many inputs together: the result plus `exports` (CSV, HTML). `inputs` may
     * be `{inputs, skipped}` (a folder's files not read, listed in the result). */
    checkMany: (inputs) => checker.checkMany(inputs),
    /** The checker's labels and limits once ready (`supported_extensions`: the files
     * read from a folder), else null. */
    get model() { return checker.model; },
    /** Puts text into the editor and checks it. */
    setText: (text, name) => checker.setEditorText(String(text), name),
    destroy: () => checker.destroy(),
  };
}

if (typeof customElements !== 'undefined' && !customElements.get('nianbao-checker')) {
  customElements.define('nianbao-checker', class extends HTMLElement {
    connectedCallback() {
      if (this.checker) return;
      // Options set as a property before the element is inserted win over attributes
      // (the offline single file passes the inlined module and sources this way).
      if (this.options) {
        this.checker = mount(this, this.options);
        return;
      }
      const attr = (n) => this.getAttribute(n) || undefined;
      const styles = this.getAttribute('styles');
      this.checker = mount(this, {
        wasm: attr('wasm'),
        glue: attr('glue'),
        worker: attr('worker'),
        readersWasm: attr('readers-wasm'),
        readersGlue: attr('readers-glue'),
        tablesWasm: attr('tables-wasm'),
        tablesGlue: attr('tables-glue'),
        styles: styles === 'none' ? false : styles || undefined,
        sample: attr('sample'),
      });
    }

    disconnectedCallback() {
      if (this.checker) this.checker.destroy();
      this.checker = null;
    }

    /** The controller returned by mount(): ready, check(), setText(), destroy(). */
    get api() {
      return this.checker;
    }
  });
}
