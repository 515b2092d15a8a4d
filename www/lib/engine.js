// The engine: the wasm module run in a Web Worker, so that checking a very large paste
// never freezes the page. `ready` resolves with the worker's `ready` message: {rules,
// model, version}; the model holds the labels and limits the views show.

import { mark } from './perf.js';

async function compileModule(src) {
  if (src instanceof WebAssembly.Module) return src;
  if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return WebAssembly.compile(src);
  const url = String(src);
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    if (location.protocol === 'file:') {
      throw new Error('从本地磁盘打开的页面不能加载检查程序。请使用离线单文件版（nianbao-offline.html），或运行 ./build.sh serve 后用浏览器访问所给地址');
    }
    throw new Error(`无法下载检查程序（${url}）：${err.message}`);
  }
  if (!response.ok) throw new Error(`无法下载检查程序（${url}：HTTP ${response.status}）`);
  const type = response.headers.get('content-type') || '';
  if (WebAssembly.compileStreaming && type.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function globalGlue() {
  // The no-modules glue declares a global `let wasm_bindgen`, visible here by name.
  // eslint-disable-next-line no-undef
  return typeof wasm_bindgen === 'undefined' ? null : wasm_bindgen;
}

function loadGlueScript(glue) {
  const existing = globalGlue();
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    if (typeof glue === 'object' && glue.source) script.textContent = glue.source;
    else script.src = String(glue);
    script.onload = () => resolve(globalGlue());
    script.onerror = () => reject(new Error('无法加载检查程序的脚本'));
    document.head.append(script);
    if (!script.src) resolve(globalGlue());
  });
}

/** The checker's engine: the wasm module in a Web Worker (nianbao-worker.js), or on the
 * page's main thread where no worker can start. One check at a time, in the order asked;
 * each lane (the editor's text, the clipboard's formatted text, files…) keeps at most
 * one check waiting: a newer input replaces the one still waiting in its lane, never
 * another lane's. */
export class Engine {
  constructor(opts) {
    this.opts = opts;
    this.seq = 0;
    this.inflight = null;
    /** The checks waiting, by lane, in the order asked (a Map keeps insertion order). */
    this.waiting = new Map();
    this.worker = null;
    this.inline = null;
    this.dead = false;
    /** The table assistant's calls waiting for the worker's answer, by id. */
    this.calls = new Map();
    this.callSeq = 0;
    this.inlineTables = null;
    this.modulePromise = compileModule(opts.wasm);
    this.modulePromise.then(() => mark('nianbao-compiled'), () => {});
    this.ready = this.start();
  }

  async start() {
    try {
      // The worker starts (and loads its script and the glue) while the module compiles.
      return await this.startWorker(this.modulePromise);
    } catch (err) {
      const module = await this.modulePromise;
      console.warn('[年报检查] 后台线程不可用，改在页面主线程中检查：', err);
      const glue = await loadGlueScript(this.opts.glue);
      if (!glue) throw new Error('无法加载检查程序的脚本');
      glue.initSync({ module });
      this.inline = glue;
      return { rules: glue.rules(), model: glue.model(), version: glue.version(), inline: true };
    }
  }

  makeWorker() {
    const { worker, glue } = this.opts;
    if (typeof worker === 'object' && worker.source) {
      const parts = [];
      if (typeof glue === 'object' && glue.source) parts.push(glue.source, '\n');
      const readersGlue = this.opts.readersGlue;
      if (typeof readersGlue === 'object' && readersGlue.source) parts.push(readersGlue.source, '\n');
      const tablesGlue = this.opts.tablesGlue;
      if (typeof tablesGlue === 'object' && tablesGlue.source) parts.push(tablesGlue.source, '\n');
      parts.push(worker.source);
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/javascript' }));
      return new Worker(url);
    }
    return new Worker(String(worker));
  }

  startWorker(modulePromise) {
    const w = this.makeWorker();
    return new Promise((resolve, reject) => {
      const fail = (message) => {
        clearTimeout(timer);
        w.terminate();
        reject(new Error(message));
      };
      const timer = setTimeout(() => fail('后台线程启动超时'), 20000);
      w.onmessage = (e) => {
        const m = e.data;
        if (m.type === 'ready') {
          clearTimeout(timer);
          this.worker = w;
          w.onmessage = (ev) => this.onMessage(ev.data);
          w.onerror = (ev) => {
            ev.preventDefault();
            this.onMessage({ type: 'error', id: this.inflight && this.inflight.id, message: ev.message });
          };
          resolve(m);
        } else if (m.type === 'fatal') {
          fail(m.message);
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        fail(e.message || '后台线程无法启动');
      };
      const glue = typeof this.opts.glue === 'object' ? undefined : String(this.opts.glue);
      w.postMessage({ type: 'load', glue });
      const readers = this.onDemandConfig('readers');
      const tables = this.onDemandConfig('tables');
      modulePromise.then((module) => w.postMessage({ type: 'init', module, glue, readers, tables }), (err) => fail(err.message));
    });
  }

  /** Where the worker finds an on-demand module (`readers`: PDF and legacy Word;
   * `tables`: the table assistant): absolute URLs (a blob worker has no base of its
   * own), or the inlined module of the offline file (whose glue is part of the worker's
   * source). */
  onDemandConfig(name) {
    const wasmOpt = this.opts[`${name}Wasm`];
    const glueOpt = this.opts[`${name}Glue`];
    if (!wasmOpt) return null;
    const wasm = typeof wasmOpt === 'object' ? wasmOpt : new URL(String(wasmOpt), location.href).href;
    const glue = typeof glueOpt === 'object' ? undefined : new URL(String(glueOpt), location.href).href;
    return { wasm, glue };
  }

  /** Calls the table assistant's module (`op`: layout, check, carry_forward, to_html,
   * to_tsv, to_docx) with `args`; the worker loads the module at the first call.
   * Rejects with the module's Chinese message (`unavailable` set when the module could
   * not be loaded). Independent of the checks: it neither waits for nor replaces them. */
  async tables(op, ...args) {
    await this.ready;
    if (this.inline) return this.tablesInline(op, args);
    return new Promise((resolve, reject) => {
      const id = `tables-${++this.callSeq}`;
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'tables', id, op, args });
    });
  }

  /** Without a worker: the tables module on the main thread. */
  async tablesInline(op, args) {
    if (!this.inlineTables) {
      this.inlineTables = (async () => {
        const cfg = this.onDemandConfig('tables');
        if (!cfg) throw new Error('没有配置填表程序的位置');
        // eslint-disable-next-line no-undef
        const present = () => (typeof nianbao_tables === 'undefined' ? null : nianbao_tables);
        if (!present()) {
          await new Promise((resolve, reject) => {
            const script = document.createElement('script');
            const g = this.opts.tablesGlue;
            if (typeof g === 'object' && g.source) script.textContent = g.source;
            else script.src = cfg.glue;
            script.onload = resolve;
            script.onerror = () => reject(new Error('无法加载填表程序的脚本'));
            document.head.append(script);
            if (!script.src) resolve();
          });
        }
        let bytes;
        if (cfg.wasm.base64) {
          const bin = atob(cfg.wasm.base64);
          bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        } else {
          const response = await fetch(cfg.wasm);
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          bytes = await response.arrayBuffer();
        }
        const module = present();
        module.initSync({ module: await WebAssembly.compile(bytes) });
        return module;
      })();
      this.inlineTables.catch(() => { this.inlineTables = null; });
    }
    let module;
    try {
      module = await this.inlineTables;
    } catch (err) {
      const e = new Error(`无法加载填写表格的程序（${err.message}）`);
      e.unavailable = true;
      throw e;
    }
    return module[op](...args);
  }

  /** Answers the table assistant's waiting calls; true when `m` was one. */
  answerCall(m) {
    const call = this.calls.get(m.id);
    if (!call) return false;
    this.calls.delete(m.id);
    if (m.type === 'result') {
      call.resolve(m.result);
    } else {
      const err = new Error(m.message);
      err.unavailable = m.type === 'unavailable';
      call.reject(err);
    }
    return true;
  }

  /** Checks `input` (`many`: together, with the batch's exports); resolves with
   * {result, ms}, {error}, or {superseded: true} when a newer check in the same `lane`
   * replaced this one before it started (or the worker was replaced under a runaway
   * check). */
  check(input, many = false, lane = 'default') {
    return new Promise((resolve) => {
      const replaced = this.waiting.get(lane);
      if (replaced) replaced.resolve({ superseded: true });
      // Deleted first, so that the newer input queues behind the other lanes' checks.
      this.waiting.delete(lane);
      this.waiting.set(lane, { input, many, resolve });
      this.ready.then(() => this.pump(), (err) => {
        for (const job of this.waiting.values()) job.resolve({ error: err.message });
        this.waiting.clear();
      });
    });
  }

  pump() {
    if (!this.waiting.size || this.dead) return;
    if (this.inflight) {
      // A check that has run for long (a pathological input) is abandoned in favour of
      // the newer input: the worker is replaced by a fresh one.
      if (!this.inline && performance.now() - this.inflight.started > (this.opts.watchdogMs || 8000)) {
        this.restart({ superseded: true });
      }
      return;
    }
    const [lane, job] = this.waiting.entries().next().value;
    this.waiting.delete(lane);
    job.id = ++this.seq;
    job.started = performance.now();
    this.inflight = job;
    if (this.inline) {
      setTimeout(() => {
        const t0 = performance.now();
        try {
          const result = job.many ? this.inline.check_many(job.input) : this.inline.check(job.input);
          this.onMessage({ type: 'result', id: job.id, result, ms: performance.now() - t0 });
        } catch (err) {
          this.onMessage({ type: 'error', id: job.id, message: String(err && err.message) });
        }
      }, 0);
    } else {
      this.worker.postMessage({ type: 'check', id: job.id, input: job.input, many: job.many });
    }
  }

  onMessage(m) {
    if (this.answerCall(m)) return;
    if (!this.inflight || m.id !== this.inflight.id) return;
    const job = this.inflight;
    this.inflight = null;
    if (m.type === 'result') {
      job.resolve({ result: m.result, ms: m.ms });
      this.pump();
    } else if (m.type === 'unavailable') {
      job.resolve({ error: m.message });
      this.pump();
    } else {
      console.error('[年报检查] 检查程序内部错误：', m.message);
      job.resolve({ error: m.message, internal: true });
      this.restart(null);
    }
  }

  /** Replaces the worker (after a crash, or to abandon a runaway check). */
  restart(outcomeForInflight) {
    if (this.inline) return;
    if (this.inflight && outcomeForInflight) this.inflight.resolve(outcomeForInflight);
    this.inflight = null;
    // The table assistant's calls end with the worker; the next call loads the module
    // into the new one.
    for (const call of this.calls.values()) call.reject(new Error('检查程序已重启，请重试'));
    this.calls.clear();
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = this.startWorker(this.modulePromise);
    this.ready.then(() => this.pump(), () => {});
  }

  destroy() {
    this.dead = true;
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }
}
