// The checker view: the editor and the documents beside it (a tab each), the result of
// the one shown, the list of rules; and the checks that keep them up to date. Its parts
// are modules of their own: the editor and pastes (editor.js), the tabs (sources.js),
// the read-only view (text-view.js), the result (result-view.js), the two modes
// (modes.js).

import { clear, download, dropTarget, h } from './dom.js';
import { EDITOR_LIMIT, Editor, listenForPastes, pasted } from './editor.js';
import { Engine } from './engine.js';
import { decodeUtf8 } from './files.js';
import { formatCount, formatMs } from './format.js';
import { Labels } from './labels.js';
import { Modes } from './modes.js';
import { mark } from './perf.js';
import { ResultView } from './result-view.js';
import { rulesList } from './rules-list.js';
import { PASTED, Sources, tabFiles } from './sources.js';
import { TablesView } from './tables-view.js';
import { displayRange } from './text-marks.js';
import { TextView } from './text-view.js';

let instances = 0;

export class Checker {
  constructor(root, options) {
    this.root = root;
    this.options = options;
    this.uid = `nb${++instances}`;
    this.model = null;
    /** The engine's labels (model()), once ready. */
    this.labels = null;
    this.richPaste = null;
    /** Bumped whenever the editor's text is edited or replaced, or the files shown are: a
     * check of the clipboard's formatted text shows its result only while this has not
     * moved since the paste. */
    this.stamp = 0;
    /** The view's checks started and not yet ended (runCheck). */
    this.running = 0;
    /** Set when the engine could not be loaded: the page stays in its error state. */
    this.broken = false;
    this.lanes = 0;
    this.timer = 0;
    this.checks = 0;
    // The engine first: the module's compile and the worker's start then overlap the
    // building of the view instead of waiting for it.
    this.engine = new Engine(options);
    this.build();
    this.ready = this.engine.ready.then(
      (info) => this.onReady(info),
      (err) => {
        this.broken = true;
        this.setState('error');
        this.showAlert(`检查程序加载失败：${err.message}。`);
        this.status.textContent = '检查程序不可用';
        throw err;
      },
    );
    this.ready.catch(() => {});
  }

  // ---- layout ----

  build() {
    const id = (s) => `${this.uid}-${s}`;
    this.root.classList.add('nb-root');
    this.setState('loading');

    this.fileInput = h('input', {
      type: 'file',
      class: 'nb-file-input',
      id: id('file'),
      multiple: true,
      accept: '.txt,.text,.md,.html,.htm,.docx,.pdf,.doc,.wps,text/plain,text/html,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      onchange: () => {
        if (this.fileInput.files.length) this.loadFiles([...this.fileInput.files]);
        this.fileInput.value = '';
      },
    });
    this.sampleButton = h('button', { type: 'button', class: 'nb-button', onclick: () => this.loadSample() }, '示例报告');
    if (!this.options.sample) this.sampleButton.hidden = true;
    this.status = h('span', { class: 'nb-status', id: id('status') }, '正在加载检查程序…');
    const toolbar = h('div', { class: 'nb-toolbar' },
      this.sampleButton,
      h('label', { class: 'nb-button nb-file-label', for: id('file') }, '选择文件…', this.fileInput),
      h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => this.clearAll() }, '清空'),
      this.status,
    );

    // Source panel: tabs (when files are loaded), the editor with its highlight layer,
    // and the read-only view of a file's text.
    this.editor = new Editor(id, {
      input: () => this.onInput(),
      paste: (e) => this.onPaste(e),
      caret: () => this.onCaret(),
    });
    this.textView = new TextView(id, (index) => this.activate(index, { from: 'text' }));
    this.sources = new Sources(
      { editor: this.editor.element.id, view: this.textView.element.id },
      (index) => this.selectSource(index),
      (inEditor) => {
        this.editor.hidden = !inEditor;
        this.textView.hidden = inEditor;
      },
    );
    const sourcePanel = h('section', { class: 'nb-source', 'aria-labelledby': id('source-h') },
      h('h2', { class: 'nb-h2', id: id('source-h') }, h('label', { for: id('text') }, '报告原文')),
      this.sources.element,
      this.editor.element,
      this.editor.caretNote,
      this.textView.note,
      this.textView.element,
      h('p', { class: 'nb-hint', id: id('hint') },
        '可粘贴文本，或拖入、选择 .txt、.html、.docx、.pdf、.doc、.wps 文件。检查全部在本机浏览器中完成，报告内容不会发送到任何地方。'),
    );

    this.results = new ResultView(id, this.uid, (index, how) => this.activate(index, how), () => this.download());
    this.rulesBox = h('details', { class: 'nb-rules' }, h('summary', {}, '检查规则一览'));
    this.footer = h('p', { class: 'nb-version' });

    this.modes = new Modes(
      id,
      [toolbar, h('div', { class: 'nb-layout' }, sourcePanel, this.results.element), this.rulesBox],
      () => this.ready,
      () => new TablesView({
        uid: this.uid,
        engine: this.engine,
        labels: this.labels,
        ruleTitle: (code) => (this.results.rules.get(code) || {}).title || code,
        currentReport: () => {
          const src = this.sources.activeSource();
          return src && src.result;
        },
        // Last year's report, checked by the normal path without showing it.
        checkInput: (input) => this.checkMany([input]),
      }),
    );

    clear(this.root);
    this.root.append(this.modes.element, this.modes.checkPanel, this.modes.tablesPanel, this.footer);

    // A paste anywhere in the checker (the read-only view, a button), or on the page with
    // nothing editable focused, checks what was pasted, as if pasted over the editor.
    this.stopPastes = listenForPastes(this.root, this,
      (e) => e.target !== this.editor.textarea && this.modes.mode === 'check',
      (e) => this.onOuterPaste(e));

    // Drag and drop onto the whole checker.
    dropTarget(this.root, 'nb-dragging', (dt) => {
      const files = [...dt.files];
      // In 填写表格, a report dropped is last year's.
      if (files.length && this.modes.mode === 'tables' && this.modes.tables) this.modes.tables.fromLastYear(files[0]);
      else if (files.length) this.loadFiles(files);
    });
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  onReady(info) {
    this.model = info.model;
    this.labels = new Labels(info.model);
    this.results.setup(this.labels, info.rules);
    this.footer.textContent = `年报检查 ${info.version}${info.inline ? ' · 在页面主线程中运行' : ''}`;
    this.status.textContent = '就绪';
    this.setState('ready');
    mark('nianbao-ready');
    this.renderRules(info.rules);
    this.root.dispatchEvent(new CustomEvent('nianbao-ready', { bubbles: true, detail: info }));
    if (this.editor.value) this.scheduleCheck(0);
    return info;
  }

  showAlert(message) {
    this.results.showAlert(message);
  }

  // ---- inputs ----

  onInput() {
    this.showAlert('');
    // Any edit makes the results of checks still running for what was there stale, the
    // clipboard's formatted text included (unless this edit is that paste: below).
    this.stamp++;
    this.richPasteCheck();
    const s = this.sources;
    if (s.active >= 0 || s.docs.some((d) => d.kind === 'rich')) {
      // Editing the text makes it the thing checked again; a rich paste is now stale.
      s.setDocs(s.docs.filter((d) => d.kind !== 'rich'), -1);
    }
    this.paintEditor(null);
    this.editor.caretNote.textContent = '';
    const n = this.editor.value.length;
    this.scheduleCheck(n > 200_000 ? 600 : 250);
  }

  /** Files, or a text too large for the editor, are taken as they are instead of going
   * into the editor: true when the paste `p` (from pasted()) was one. */
  takeWhole(e, p) {
    if (p.files) {
      e.preventDefault();
      this.loadFiles(p.files);
      return true;
    }
    if (p.plain.length > EDITOR_LIMIT) {
      e.preventDefault();
      this.loadLarge(p.plain, PASTED);
      return true;
    }
    return false;
  }

  /** A paste in the editor: the browser puts the text in (an input event follows). */
  onPaste(e) {
    if (!e.clipboardData) return;
    const p = pasted(e.clipboardData);
    if (this.takeWhole(e, p)) return;
    this.richPaste = p.html && p.plain && this.editor.replacesAll() ? { html: p.html, plain: p.plain } : null;
  }

  /** A paste elsewhere (listenForPastes): the text replaces the editor's. */
  onOuterPaste(e) {
    if (!e.clipboardData) return;
    const p = pasted(e.clipboardData);
    if (this.takeWhole(e, p) || !p.plain) return;
    e.preventDefault();
    this.setEditorText(p.plain, PASTED);
    this.editor.textarea.focus({ preventScroll: true });
    if (p.html) {
      this.richPaste = { html: p.html, plain: p.plain };
      this.richPasteCheck();
    }
  }

  /** After a paste that replaced the whole text, the clipboard's HTML (from Word or a
   * web page) keeps the tables' structure: it is checked too, and its result shown when
   * the HTML could be read as a report. */
  richPasteCheck() {
    const rp = this.richPaste;
    this.richPaste = null;
    if (!rp) return;
    const norm = (s) => s.replace(/\r\n?/g, '\n');
    if (norm(this.editor.value) !== norm(rp.plain)) return;
    const doc = {
      kind: 'rich',
      name: '粘贴的格式文本.html',
      label: '格式文本',
      bytes: new TextEncoder().encode(rp.html),
      result: null,
      ms: 0,
    };
    // In a lane of its own: the check of the editor's text, asked after it, queues behind
    // it instead of replacing it; the two results may come in either order.
    const stamp = this.stamp;
    this.runCheck({ name: doc.name, bytes: doc.bytes }, 'rich', (out) => {
      if (!out.result) return;
      const report = out.result.reports[0];
      const unreadable = report.diagnostics.some((d) => d.code.startsWith('IN-'));
      // Only a real rendering is better than the plain text; otherwise keep the text.
      if (typeof report.text !== 'string' || unreadable) return;
      if (stamp !== this.stamp) return; // edited, or other text or files put in, meanwhile
      doc.result = report;
      doc.ms = out.ms;
      this.sources.setDocs([doc], 0);
      this.show();
    });
  }

  scheduleCheck(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkText(), delay);
  }

  async checkText() {
    const text = this.editor.value;
    if (!this.model) return; // checked once ready
    const src = this.sources.text;
    if (text === '') {
      src.result = null;
      src.checkedText = null;
      src.failed = false;
      if (this.sources.active < 0) this.show();
      return;
    }
    await this.runCheck({ name: src.name, text }, 'text', (out) => {
      if (out.superseded) return; // by a newer text, whose check takes over
      if (out.error) {
        this.onEngineError(out, [src]);
        return;
      }
      src.result = out.result.reports[0];
      src.checkedText = text;
      src.ms = out.ms;
      src.failed = false;
      if (this.sources.active < 0 && src === this.sources.text) this.show();
    });
  }

  /** Runs one of the view's checks in `lane` (see Engine.check), `apply(out)` taking its
   * outcome. Every check that starts ends in a settled state: the page says it is
   * checking until every check it started has ended, in whatever order they end, then
   * settles on the active source. */
  async runCheck(input, lane, apply) {
    this.running++;
    this.settle();
    let out;
    try {
      out = await this.engine.check(input, false, lane);
    } finally {
      this.running--;
    }
    try {
      apply(out);
    } finally {
      this.settle();
    }
  }

  /** The page's state and status line for what is running and what is shown: checking
   * while any of the view's checks runs; then the active source's result, its error, or
   * ready. */
  settle() {
    if (this.broken) {
      this.setState('error');
      return;
    }
    if (this.running > 0) {
      this.setState('checking');
      this.status.textContent = '正在检查…';
      return;
    }
    const src = this.sources.activeSource();
    if (src && src.failed) {
      this.setState('done');
      this.status.textContent = '检查出错';
    } else if (src && src.result) {
      this.setState('done');
      this.status.textContent = `检查完成，用时 ${formatMs(src.ms)}`;
    } else {
      this.setState(this.model ? 'ready' : 'loading');
      if (this.model) this.status.textContent = '就绪';
    }
  }

  /** A check failed: the sources it was for say so, and the alert tells why. */
  onEngineError(out, sources) {
    for (const src of sources) src.failed = true;
    this.showAlert(out.internal
      ? `检查时发生内部错误（${out.error}）。这是检查工具的缺陷，不是报告的问题；检查程序已自动重启，可修改文本后重试。`
      : `无法检查：${out.error}`);
    if (this.sources.active >= 0 && sources.includes(this.sources.activeSource())) this.renderTextView();
  }

  async loadFiles(files) {
    this.showAlert('');
    if (!this.model) {
      await this.ready.catch(() => {});
      if (!this.model) return;
    }
    const { take, note } = tabFiles(files, this.model.max_input_bytes);
    this.showAlert(note);
    if (!take.length) return;
    let read;
    try {
      read = await Promise.all(take.map(async (f) => ({
        name: f.name || '未命名文件',
        bytes: new Uint8Array(await f.arrayBuffer()),
      })));
    } catch (err) {
      this.showAlert(`无法读取文件：${err.message}。`);
      return;
    }
    // A single plain-text file goes into the editor, where it can be corrected.
    if (read.length === 1 && /(\.(txt|text|md)|^[^.]*)$/i.test(read[0].name)) {
      const text = decodeUtf8(read[0].bytes);
      if (text !== null && !text.includes('\u0000')) {
        if (text.length > EDITOR_LIMIT) this.loadLarge(text.replace(/^\uFEFF/, ''), read[0].name);
        else this.setEditorText(text.replace(/^\uFEFF/, ''), read[0].name);
        return;
      }
    }
    const docs = read.map((r) => ({ kind: 'file', name: r.name, label: r.name, bytes: r.bytes, result: null, ms: 0 }));
    this.stamp++;
    this.sources.setDocs(docs, 0);
    const input = docs.length === 1 ? { name: docs[0].name, bytes: docs[0].bytes } : docs.map((d) => ({ name: d.name, bytes: d.bytes }));
    await this.runCheck(input, 'docs', (out) => {
      if (out.superseded || docs !== this.sources.docs) return;
      if (out.error) {
        this.onEngineError(out, docs);
        return;
      }
      out.result.reports.forEach((report, i) => {
        docs[i].result = report;
        docs[i].ms = out.ms / docs.length;
      });
      this.show();
    });
  }

  /** Checks a text too large for the editor; the editor keeps what it had. */
  async loadLarge(text, name) {
    const doc = { kind: 'large', name, label: `${name}（${formatCount(text.length)} 字，只读）`, text, result: null, ms: 0 };
    this.stamp++;
    this.sources.setDocs([doc], 0);
    this.renderTextView();
    await this.runCheck({ name, text }, 'docs', (out) => {
      if (out.superseded || this.sources.docs[0] !== doc) return;
      if (out.error) {
        this.onEngineError(out, [doc]);
        return;
      }
      doc.result = out.result.reports[0];
      doc.ms = out.ms;
      this.show();
    });
  }

  setEditorText(text, name) {
    if (text.length > EDITOR_LIMIT) {
      this.loadLarge(text, name || PASTED);
      return;
    }
    this.editor.textarea.value = text;
    this.sources.text.name = name || PASTED;
    this.stamp++;
    this.sources.setDocs([], -1);
    this.editor.textarea.scrollTop = 0;
    this.paintEditor(null);
    this.showAlert('');
    this.scheduleCheck(0);
  }

  async loadSample() {
    const sample = this.options.sample;
    if (!sample) return;
    try {
      if (typeof sample === 'object') {
        this.setEditorText(sample.text, sample.name);
      } else {
        const response = await fetch(sample);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const name = decodeURIComponent(new URL(response.url || sample, location.href).pathname.split('/').pop());
        this.setEditorText(await response.text(), `示例：${name}`);
      }
    } catch (err) {
      this.showAlert(`无法加载示例报告：${err.message}。`);
    }
  }

  clearAll() {
    this.editor.textarea.value = '';
    this.sources.resetText();
    this.stamp++;
    this.showAlert('');
    this.sources.setDocs([], -1);
    this.paintEditor(null);
    this.show();
    this.editor.textarea.focus();
  }

  selectSource(index) {
    if (this.sources.select(index)) this.show();
  }

  // ---- showing a result ----

  show() {
    const src = this.sources.activeSource();
    const report = src && src.result;
    if (!report) {
      this.results.idle();
      this.paintEditor(null);
      if (this.sources.active >= 0) this.renderTextView();
      this.settle();
      return;
    }
    this.checks++;
    this.results.show(report);
    if (this.sources.active < 0) {
      this.paintEditor(report);
      this.textView.element.hidden = true;
    } else {
      this.renderTextView();
    }
    this.root.dataset.checks = String(this.checks);
    this.settle();
    if (typeof this.options.onResult === 'function') {
      try {
        this.options.onResult(report);
      } catch (err) {
        console.error(err);
      }
    }
    this.root.dispatchEvent(new CustomEvent('nianbao-result', { bubbles: true, detail: { report, ms: src.ms } }));
  }

  /** Redraws the layer behind the editor: the text with the result's marks when the
   * result belongs to the text as it is, plain text otherwise. */
  paintEditor(report) {
    const fresh = report && this.sources.text.checkedText === this.editor.value;
    this.editor.paint(fresh ? (text) => this.results.ranges(text) : null, this.results.current);
  }

  renderTextView() {
    const src = this.sources.activeSource();
    const text = src && src.result ? this.sources.activeText() : null;
    this.textView.render(src, text, (t) => this.results.ranges(t), this.results.currentFinding());
  }

  /** Makes finding `index` the one looked at (see ResultView.select) and shows its place
   * in the text. */
  activate(index, how = {}) {
    const d = this.results.select(index, how);
    if (d) this.reveal(d, { quiet: how.from === 'cell' });
  }

  /** Shows a diagnostic's place in the source: selection and mark in the editor, or the
   * mark in the read-only text. */
  reveal(d, { quiet = false } = {}) {
    const text = this.sources.activeText();
    if (text === null) return;
    const { start, end } = displayRange(text, d.span);
    if (this.sources.active < 0) {
      const src = this.sources.text;
      if (src.checkedText !== this.editor.value) return; // edited since: offsets are stale
      this.editor.select(start, end, () => this.paintEditor(src.result));
      this.editor.caretNote.textContent = `已选中第 ${this.results.number(d)} 条问题所在位置：${d.message}`;
      if (!quiet && this.isNarrow()) this.editor.element.scrollIntoView({ block: 'nearest' });
    } else {
      this.renderTextView();
      this.textView.scrollToCurrent(!quiet && this.isNarrow());
    }
  }

  isNarrow() {
    return typeof matchMedia === 'function' && matchMedia('(max-width: 899px)').matches;
  }

  /** In the editor, tells which findings cover the caret. */
  onCaret() {
    const src = this.sources.text;
    if (this.sources.active >= 0 || !src.result || src.checkedText !== this.editor.value) return;
    const pos = this.editor.caret;
    const text = this.editor.value;
    const hits = this.results.diags.filter((d) => {
      if (!d.span) return false;
      const r = displayRange(text, d.span);
      return r.start <= pos && pos <= r.end;
    });
    const note = hits.length
      ? `光标处：${hits.map((d) => `第 ${this.results.number(d)} 条 ${d.title}`).join('；')}`
      : '';
    if (this.editor.caretNote.textContent !== note) this.editor.caretNote.textContent = note;
    this.results.markAtCaret(hits);
  }

  // ---- rules, download ----

  renderRules(rules) {
    this.rulesBox.querySelector('summary').textContent = `检查规则一览（共 ${rules.length} 条）`;
    this.rulesBox.append(rulesList(rules, this.labels, this.uid));
  }

  download() {
    const src = this.sources.activeSource();
    if (!src || !src.result) return;
    const json = JSON.stringify({ schema: this.model.schema, reports: [src.result] }, null, 2);
    download(json, `${String(src.result.source).replace(/\.[^.]*$/, '')}.检查结果.json`, 'application/json');
  }

  // ---- programmatic API ----

  async check(input) {
    await this.ready;
    // A lane of its own: neither replaces nor is replaced by another check.
    const out = await this.engine.check(input, false, `api-${++this.lanes}`);
    if (out.error) throw new Error(out.error);
    return out.result;
  }

  /** Checks many inputs together without showing them (the batch view): the result
   * with the batch's exports. Queues behind the editor's check rather than displacing it
   * (a lane of its own). */
  async checkMany(inputs) {
    await this.ready;
    const lane = `many-${++this.lanes}`;
    for (;;) {
      const out = await this.engine.check(inputs, true, lane);
      if (out.superseded) continue; // the worker was replaced under a runaway check
      if (out.error) throw new Error(out.error);
      return out.result;
    }
  }

  destroy() {
    clearTimeout(this.timer);
    this.stopPastes();
    this.engine.destroy();
    this.editor.destroy();
    clear(this.root);
    this.root.classList.remove('nb-root');
  }
}
