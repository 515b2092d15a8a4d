// The checker view: the editor with its highlight layer, tabs for files, the verdict,
// the findings grouped by rule, the tables as read, and the list of rules.

import { append, clear, download, dropTarget, h } from './dom.js';
import { Engine } from './engine.js';
import { decodeUtf8, tooLarge } from './files.js';
import { formatCount, formatMs } from './format.js';
import { Labels } from './labels.js';
import { mark } from './perf.js';
import { renderFindings } from './findings.js';
import { reportFacts, verdictText } from './report-facts.js';
import { rulesList } from './rules-list.js';
import { cellKey, renderTables } from './tables.js';
import { displayRange, markedFragment } from './text-marks.js';
import { TablesView } from './tables-view.js';

/** Texts longer than this (in UTF-16 units) do not go into the editor: a browser's
 * textarea takes seconds to lay out megabytes of text, freezing the page. They are
 * checked as they are and shown read-only, a window at a time. A report is rarely over
 * 100 000 characters. */
export const EDITOR_LIMIT = 300_000;
/** The most files the checker takes at once (one tab each); the batch view takes any number. */
const MAX_TABS = 20;
/** Without the highlight layer behind the editor above this length: the layer is laid
 * out again on every keystroke. */
export const BACKDROP_LIMIT = 150_000;
/** The read-only view shows at most this much text around the place looked at: every
 * report of realistic length whole (most are under 10 000 characters), while a
 * pathological input (a 3 MB line, a row of a million cells) costs the browser a
 * bounded layout. Laying out one line of 200 000 characters blocked the page for 1–2 s
 * on a busy machine, and 100 000 still up to 1.4 s (a tab-separated row). */
export const VIEW_WINDOW = 50_000;

let instances = 0;
/** The checker that takes pastes made with nothing editable focused (the first one). */
let pasteOwner = null;

export class Checker {
  constructor(root, options) {
    this.root = root;
    this.options = options;
    this.uid = `nb${++instances}`;
    this.model = null;
    /** The engine's labels (model()), once ready. */
    this.labels = null;
    this.rules = new Map();
    this.text = { name: '粘贴的文本', result: null, checkedText: null, ms: 0 };
    this.docs = [];
    this.active = -1; // -1: the editor; i ≥ 0: docs[i]
    this.current = -1;
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
    this.lastAnnounce = '';
    this.build();
    this.engine = new Engine(options);
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
    this.tabs = h('div', { class: 'nb-tabs', role: 'tablist', 'aria-label': '检查对象', hidden: true });
    this.backdropText = h('div', { class: 'nb-backdrop-text' });
    this.backdrop = h('div', { class: 'nb-backdrop', 'aria-hidden': 'true' }, this.backdropText);
    this.textarea = h('textarea', {
      class: 'nb-textarea',
      id: id('text'),
      spellcheck: false,
      autocomplete: 'off',
      placeholder: '在此粘贴年度报告全文（从 Word、WPS 或网页中全选复制），或把文件拖到这里。',
      'aria-describedby': `${id('hint')} ${id('caret')}`,
    });
    this.dropOverlay = h('div', { class: 'nb-drop-overlay', 'aria-hidden': 'true' }, '松开即可检查文件');
    this.editor = h('div', { class: 'nb-editor', id: id('editor') }, this.backdrop, this.textarea, this.dropOverlay);
    this.caretNote = h('p', { class: 'nb-caret-note', id: id('caret'), 'aria-live': 'polite' });
    this.rendered = h('pre', {
      class: 'nb-rendered',
      id: id('rendered'),
      tabIndex: 0,
      hidden: true,
      role: 'region',
      'aria-label': '所检查的文本',
      onclick: (e) => {
        const mark = e.target.closest && e.target.closest('mark[data-index]');
        if (mark) this.activate(Number(mark.dataset.index), { from: 'text' });
      },
    });
    this.renderedNote = h('p', { class: 'nb-rendered-note', hidden: true });
    this.sourcePanel = h('section', { class: 'nb-source', 'aria-labelledby': id('source-h') },
      h('h2', { class: 'nb-h2', id: id('source-h') }, h('label', { for: id('text') }, '报告原文')),
      this.tabs,
      this.editor,
      this.caretNote,
      this.renderedNote,
      this.rendered,
      h('p', { class: 'nb-hint', id: id('hint') },
        '可粘贴文本，或拖入、选择 .txt、.html、.docx、.pdf、.doc、.wps 文件。检查全部在本机浏览器中完成，报告内容不会发送到任何地方。'),
    );

    // Results panel.
    this.alert = h('div', { class: 'nb-alert', role: 'alert', hidden: true });
    this.verdict = h('div', { class: 'nb-verdict nb-verdict-idle', 'aria-live': 'polite', 'aria-atomic': 'true', id: id('verdict') },
      h('p', { class: 'nb-verdict-word' }, '等待输入'),
      h('p', { class: 'nb-verdict-detail' }, '请粘贴或选择一份政府信息公开工作年度报告。'));
    this.meta = h('dl', { class: 'nb-meta', hidden: true });
    // One box per severity, added once the engine names them (onReady); hidden until
    // there are findings to filter.
    this.filters = {};
    this.filterBar = h('fieldset', { class: 'nb-filters', hidden: true }, h('legend', {}, '显示'));
    this.findings = h('div', { class: 'nb-findings', id: id('findings') });
    this.tablesBox = h('div', { class: 'nb-tables' });
    this.downloadButton = h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => this.download(), hidden: true }, '下载检查结果（JSON）');
    this.printButton = h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => window.print(), hidden: true }, '打印');
    this.resultsPanel = h('section', { class: 'nb-results', 'aria-labelledby': id('results-h') },
      h('h2', { class: 'nb-h2', id: id('results-h') }, '检查结果'),
      this.alert,
      this.verdict,
      this.meta,
      this.filterBar,
      this.findings,
      this.tablesBox,
      h('div', { class: 'nb-actions' }, this.downloadButton, this.printButton),
    );

    this.rulesBox = h('details', { class: 'nb-rules' }, h('summary', {}, '检查规则一览'));
    this.footer = h('p', { class: 'nb-version' });

    // Two modes: 检查报告 (this view) and 填写表格 (the table assistant, lib/tables-view.js,
    // built the first time it is opened).
    this.mode = 'check';
    this.checkPanel = h('div', { role: 'tabpanel', id: id('panel-check'), 'aria-labelledby': id('mode-check') },
      toolbar, h('div', { class: 'nb-layout' }, this.sourcePanel, this.resultsPanel), this.rulesBox);
    this.tablesPanel = h('div', { role: 'tabpanel', id: id('panel-tables'), 'aria-labelledby': id('mode-tables'), hidden: true });
    const modeTab = (mode, label) => h('button', {
      type: 'button',
      role: 'tab',
      class: 'nb-mode',
      id: id(`mode-${mode}`),
      'aria-controls': id(`panel-${mode}`),
      'aria-selected': String(mode === 'check'),
      tabIndex: mode === 'check' ? 0 : -1,
      dataset: { mode },
      onclick: () => this.selectMode(mode),
      onkeydown: (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const other = mode === 'check' ? 'tables' : 'check';
        this.selectMode(other);
        this.modes.querySelector(`[data-mode=${other}]`).focus();
      },
    }, label);
    this.modes = h('div', { class: 'nb-modes', role: 'tablist', 'aria-label': '功能' }, modeTab('check', '检查报告'), modeTab('tables', '填写表格'));

    clear(this.root);
    append(this.root, [this.modes, this.checkPanel, this.tablesPanel, this.footer]);

    // Editor behaviour.
    this.textarea.addEventListener('input', () => this.onInput());
    this.textarea.addEventListener('paste', (e) => this.onPaste(e));
    // A paste anywhere in the checker (the read-only view, a button), or on the page with
    // nothing editable focused, checks what was pasted, as if pasted over the editor.
    this.onDocumentPaste = (e) => {
      if (e.defaultPrevented || e.target === this.textarea || this.mode !== 'check') return;
      const isEditable = (el) => !!el && el.nodeType === 1 && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
      const t = e.target;
      if (isEditable(t)) return;
      if (!this.root.contains(t)) {
        // Elsewhere on the page: only the first checker, and only with nothing focused.
        const focused = document.activeElement;
        if (pasteOwner !== this || (focused && focused !== document.body && !this.root.contains(focused))) return;
      }
      this.onOuterPaste(e);
    };
    if (!pasteOwner) pasteOwner = this;
    document.addEventListener('paste', this.onDocumentPaste);
    this.textarea.addEventListener('scroll', () => this.syncScroll());
    for (const ev of ['click', 'keyup', 'select']) {
      this.textarea.addEventListener(ev, () => this.onCaret());
    }
    if (typeof ResizeObserver === 'function') {
      this.resizer = new ResizeObserver(() => this.syncSize());
      this.resizer.observe(this.textarea);
    }

    // Drag and drop onto the whole checker.
    dropTarget(this.root, 'nb-dragging', (dt) => {
      const files = [...dt.files];
      // In 填写表格, a report dropped is last year's.
      if (files.length && this.mode === 'tables' && this.tables) this.tables.fromLastYear(files[0]);
      else if (files.length) this.loadFiles(files);
    });
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  onReady(info) {
    this.model = info.model;
    this.labels = new Labels(info.model);
    for (const s of this.labels.severities) {
      const box = h('input', { type: 'checkbox', checked: true, onchange: () => this.applyFilters() });
      this.filters[s] = box;
      this.filterBar.append(h('label', { class: `nb-filter nb-sev-${s}` }, box, ` ${this.labels.severity(s)}`));
    }
    for (const r of info.rules) this.rules.set(r.code, r);
    this.footer.textContent = `年报检查 ${info.version}${info.inline ? ' · 在页面主线程中运行' : ''}`;
    this.status.textContent = '就绪';
    this.setState('ready');
    mark('nianbao-ready');
    this.renderRules(info.rules);
    this.root.dispatchEvent(new CustomEvent('nianbao-ready', { bubbles: true, detail: info }));
    if (this.textarea.value) this.scheduleCheck(0);
    return info;
  }

  /** Shows a mode: 'check' or 'tables' (the table assistant: its module is loaded the
   * first time). */
  async selectMode(mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    for (const tab of this.modes.querySelectorAll('[role=tab]')) {
      const on = tab.dataset.mode === mode;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    this.checkPanel.hidden = mode !== 'check';
    this.tablesPanel.hidden = mode !== 'tables';
    if (mode !== 'tables') return;
    if (!this.tables) {
      await this.ready;
      if (this.tables) return;
      this.tables = new TablesView({
        uid: this.uid,
        engine: this.engine,
        labels: this.labels,
        ruleTitle: (code) => (this.rules.get(code) || {}).title || code,
        currentReport: () => {
          const src = this.activeSource();
          return src && src.result;
        },
        // Last year's report, checked by the normal path without showing it.
        checkInput: (input) => this.checkMany([input]),
      });
      this.tablesPanel.append(this.tables.element);
    }
    this.tables.open();
  }

  showAlert(message) {
    this.alert.textContent = message;
    this.alert.hidden = !message;
  }

  // ---- inputs ----

  onInput() {
    this.showAlert('');
    // Any edit makes the results of checks still running for what was there stale, the
    // clipboard's formatted text included (unless this edit is that paste: below).
    this.stamp++;
    this.richPasteCheck();
    if (this.active >= 0 || this.docs.some((d) => d.kind === 'rich')) {
      // Editing the text makes it the thing checked again; a rich paste is now stale.
      this.docs = this.docs.filter((d) => d.kind !== 'rich');
      this.active = -1;
      this.renderTabs();
    }
    this.updateBackdrop(null);
    this.caretNote.textContent = '';
    const n = this.textarea.value.length;
    this.scheduleCheck(n > 200_000 ? 600 : 250);
  }

  onPaste(e) {
    const dt = e.clipboardData;
    if (!dt) return;
    if (dt.files && dt.files.length) {
      e.preventDefault();
      this.loadFiles([...dt.files]);
      return;
    }
    const html = dt.getData('text/html');
    const plain = dt.getData('text/plain');
    if (plain.length > EDITOR_LIMIT) {
      e.preventDefault();
      this.loadLarge(plain, '粘贴的文本');
      return;
    }
    const ta = this.textarea;
    const replacesAll = ta.value === '' || (ta.selectionStart === 0 && ta.selectionEnd === ta.value.length);
    this.richPaste = html && plain && replacesAll ? { html, plain } : null;
  }

  onOuterPaste(e) {
    const dt = e.clipboardData;
    if (!dt) return;
    if (dt.files && dt.files.length) {
      e.preventDefault();
      this.loadFiles([...dt.files]);
      return;
    }
    const plain = dt.getData('text/plain');
    const html = dt.getData('text/html');
    if (!plain) return;
    e.preventDefault();
    if (plain.length > EDITOR_LIMIT) {
      this.loadLarge(plain, '粘贴的文本');
      return;
    }
    this.setEditorText(plain, '粘贴的文本');
    this.textarea.focus({ preventScroll: true });
    if (html) {
      this.richPaste = { html, plain };
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
    if (norm(this.textarea.value) !== norm(rp.plain)) return;
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
      this.docs = [doc];
      this.active = 0;
      this.renderTabs();
      this.show();
    });
  }

  scheduleCheck(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkText(), delay);
  }

  async checkText() {
    const text = this.textarea.value;
    if (!this.model) return; // checked once ready
    if (text === '') {
      this.text.result = null;
      this.text.checkedText = null;
      this.text.failed = false;
      if (this.active < 0) this.show();
      return;
    }
    const src = this.text;
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
      if (this.active < 0 && src === this.text) this.show();
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
    const src = this.activeSource();
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
    if (this.active >= 0 && sources.includes(this.activeSource())) this.renderRendered();
  }

  async loadFiles(files) {
    this.showAlert('');
    if (!this.model) {
      await this.ready.catch(() => {});
      if (!this.model) return;
    }
    const limit = this.model.max_input_bytes;
    const tooBig = files.filter((f) => f.size > limit);
    if (tooBig.length) {
      this.showAlert(tooBig.map((f) => `文件“${f.name}”${tooLarge(f.size, limit)}，未检查。`).join(' '));
      files = files.filter((f) => f.size <= limit);
      if (!files.length) return;
    }
    // The checker shows up to 20 files as tabs; the rest are named, never dropped silently.
    const notes = [];
    if (tooBig.length) notes.push(this.alert.textContent);
    if (files.length > MAX_TABS) {
      const rest = files.slice(MAX_TABS);
      notes.push(`一次最多检查 ${MAX_TABS} 个文件，其余 ${rest.length} 个未检查：${rest.map((f) => `“${f.name}”`).join('、')}。更多文件请用批量检查。`);
      this.showAlert(notes.join(' '));
    }
    let read;
    try {
      read = await Promise.all(files.slice(0, MAX_TABS).map(async (f) => ({
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
    this.docs = read.map((r) => ({ kind: 'file', name: r.name, label: r.name, bytes: r.bytes, result: null, ms: 0 }));
    this.stamp++;
    this.active = 0;
    this.renderTabs();
    const docs = this.docs;
    const input = docs.length === 1 ? { name: docs[0].name, bytes: docs[0].bytes } : docs.map((d) => ({ name: d.name, bytes: d.bytes }));
    await this.runCheck(input, 'docs', (out) => {
      if (out.superseded || docs !== this.docs) return;
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
    this.docs = [doc];
    this.stamp++;
    this.active = 0;
    this.renderTabs();
    this.renderRendered();
    await this.runCheck({ name, text }, 'docs', (out) => {
      if (out.superseded || this.docs[0] !== doc) return;
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
      this.loadLarge(text, name || '粘贴的文本');
      return;
    }
    this.textarea.value = text;
    this.text.name = name || '粘贴的文本';
    this.stamp++;
    this.docs = [];
    this.active = -1;
    this.renderTabs();
    this.textarea.scrollTop = 0;
    this.updateBackdrop(null);
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
    this.textarea.value = '';
    this.text = { name: '粘贴的文本', result: null, checkedText: null, ms: 0 };
    this.stamp++;
    this.docs = [];
    this.active = -1;
    this.showAlert('');
    this.renderTabs();
    this.updateBackdrop(null);
    this.show();
    this.textarea.focus();
  }

  // ---- tabs ----

  renderTabs() {
    clear(this.tabs);
    this.tabs.hidden = this.docs.length === 0;
    const sources = [{ label: this.text.name === '粘贴的文本' ? '编辑框' : `编辑框（${this.text.name}）`, index: -1 }]
      .concat(this.docs.map((d, i) => ({ label: d.label, index: i })));
    for (const s of sources) {
      const selected = s.index === this.active;
      const tab = h('button', {
        type: 'button',
        role: 'tab',
        class: 'nb-tab',
        'aria-selected': String(selected),
        'aria-controls': s.index < 0 ? this.editor.id : this.rendered.id,
        tabIndex: selected ? 0 : -1,
        onclick: () => this.selectSource(s.index),
        onkeydown: (e) => {
          const tabs = [...this.tabs.querySelectorAll('[role=tab]')];
          const at = tabs.indexOf(e.currentTarget);
          let next = -1;
          if (e.key === 'ArrowRight') next = (at + 1) % tabs.length;
          else if (e.key === 'ArrowLeft') next = (at - 1 + tabs.length) % tabs.length;
          else if (e.key === 'Home') next = 0;
          else if (e.key === 'End') next = tabs.length - 1;
          if (next >= 0) {
            e.preventDefault();
            this.selectSource(next - 1);
            this.tabs.querySelectorAll('[role=tab]')[next].focus();
          }
        },
      }, s.label);
      this.tabs.append(tab);
    }
    const inEditor = this.active < 0;
    this.editor.hidden = !inEditor;
    this.caretNote.hidden = !inEditor;
    this.rendered.hidden = inEditor;
    this.renderedNote.hidden = inEditor;
  }

  selectSource(index) {
    if (index === this.active) return;
    this.active = index;
    this.renderTabs();
    this.show();
  }

  // ---- showing a result ----

  activeSource() {
    return this.active < 0 ? this.text : this.docs[this.active];
  }

  /** The text that the active result's spans point into. */
  activeText() {
    const src = this.activeSource();
    if (!src || !src.result) return null;
    if (typeof src.result.text === 'string') return src.result.text;
    if (this.active < 0) return src.checkedText;
    if (typeof src.text === 'string') return src.text;
    if (src.display === undefined) src.display = decodeUtf8(src.bytes);
    return src.display === null ? null : src.display.replace(/^\uFEFF/, '');
  }

  show() {
    const src = this.activeSource();
    const report = src && src.result;
    this.current = -1;
    if (!report) {
      this.renderIdle();
      this.updateBackdrop(null);
      if (this.active >= 0) this.renderRendered();
      this.settle();
      return;
    }
    this.checks++;
    this.diags = report.diagnostics.map((d, i) => ({ ...d, index: i }));
    this.renderVerdict(report);
    this.renderMeta(report);
    this.renderFindings();
    this.renderTables(report);
    this.downloadButton.hidden = false;
    this.printButton.hidden = false;
    if (this.active < 0) {
      this.updateBackdrop(report);
      this.rendered.hidden = true;
    } else {
      this.renderRendered();
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

  renderIdle() {
    this.verdict.className = 'nb-verdict nb-verdict-idle';
    this.setVerdict('等待输入', '请粘贴或选择一份政府信息公开工作年度报告。', []);
    this.meta.hidden = true;
    this.filterBar.hidden = true;
    clear(this.findings);
    clear(this.tablesBox);
    this.downloadButton.hidden = true;
    this.printButton.hidden = true;
    this.diags = [];
  }

  setVerdict(word, detail, counts) {
    const summary = `${word}。${detail}`;
    if (summary === this.lastAnnounce && this.verdict.childNodes.length) return;
    this.lastAnnounce = summary;
    clear(this.verdict);
    append(this.verdict, [
      h('p', { class: 'nb-verdict-word' }, word),
      counts.length ? h('ul', { class: 'nb-counts', 'aria-label': '问题数量' }, counts) : null,
      h('p', { class: 'nb-verdict-detail' }, detail),
    ]);
  }

  renderVerdict(report) {
    const v = report.verdict;
    this.verdict.className = `nb-verdict ${v === 'pass' ? 'nb-verdict-pass' : v === 'unreadable' ? 'nb-verdict-unreadable' : 'nb-verdict-fail'}`;
    const { word, detail, counts } = verdictText(report, this.labels);
    this.setVerdict(word, detail, counts.map((c) => h('li', { class: `nb-count nb-sev-${c.severity}` }, `${c.label} `, h('b', {}, String(c.count)), ' 项')));
  }

  renderMeta(report) {
    clear(this.meta);
    const r = report.report;
    if (!r) {
      this.meta.hidden = true;
      return;
    }
    for (const [k, v] of reportFacts(r, this.labels)) {
      this.meta.append(h('div', { class: 'nb-meta-row' }, h('dt', {}, k), h('dd', { class: v ? '' : 'nb-none' }, v || '未识别')));
    }
    this.meta.hidden = false;
  }

  renderFindings() {
    const { buttons, numbers } = renderFindings(this.findings, this.diags, {
      labels: this.labels,
      rules: this.rules,
      uid: this.uid,
      onActivate: (index, how) => this.activate(index, how),
    });
    this.findingButtons = buttons;
    this.findingNumbers = numbers;
    this.filterBar.hidden = this.diags.length === 0;
    if (this.diags.length) this.applyFilters();
  }

  applyFilters() {
    for (const item of this.findings.querySelectorAll('.nb-item')) {
      item.hidden = !this.filters[item.dataset.severity].checked;
    }
    for (const g of this.findings.querySelectorAll('.nb-group')) {
      g.hidden = ![...g.querySelectorAll('.nb-item')].some((i) => !i.hidden);
    }
  }

  renderTables(report) {
    this.cellEls = renderTables(this.tablesBox, report, this.diags, {
      labels: this.labels,
      numbers: this.findingNumbers,
      onActivate: (index, how) => this.activate(index, how),
    });
  }

  // ---- highlighting ----

  ranges(text) {
    if (text === null || text === undefined) return [];
    const out = [];
    for (const d of this.diags) {
      const place = { severity: d.severity, rank: this.labels.severityRank(d.severity), index: d.index };
      if (d.span) out.push({ ...displayRange(text, d.span), ...place });
      // A finding that lists several cells (blank cells, placeholders) marks each.
      for (const c of d.cells || []) {
        if (c.span) out.push({ ...displayRange(text, c.span), ...place });
      }
    }
    return out;
  }

  /** Redraws the layer behind the editor: the text with the result's marks when the
   * result belongs to the text as it is, plain text otherwise. */
  updateBackdrop(report) {
    const text = this.textarea.value;
    clear(this.backdropText);
    if (text.length > BACKDROP_LIMIT) {
      this.editor.classList.add('nb-no-backdrop');
      return;
    }
    this.editor.classList.remove('nb-no-backdrop');
    const fresh = report && this.text.checkedText === text;
    if (fresh) {
      this.backdropText.append(markedFragment(text, this.ranges(text), this.current));
    } else {
      this.backdropText.append(document.createTextNode(text));
    }
    // A trailing newline needs a character after it to take up its line, as in the textarea.
    this.backdropText.append(document.createTextNode('\u200b'));
    this.syncSize();
    this.syncScroll();
  }

  syncSize() {
    this.backdropText.style.width = `${this.textarea.clientWidth}px`;
  }

  syncScroll() {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }

  renderRendered() {
    const src = this.activeSource();
    clear(this.rendered);
    if (!src || !src.result) {
      this.renderedNote.textContent = src && src.failed ? `未能检查“${src.name}”。` : '正在检查…';
      return;
    }
    const text = this.activeText();
    if (text === null) {
      this.renderedNote.textContent = `无法显示“${src.name}”的内容。`;
      return;
    }
    this.renderedNote.textContent = typeof src.result.text === 'string'
      ? `以下是由“${src.name}”转换得到的文本，问题位置按此标出（只读）。`
      : src.kind === 'large'
        ? `内容较大（${formatCount(text.length)} 字），不放入编辑框，以下只读显示。`
        : `以下是“${src.name}”的内容（只读）。`;
    // Large texts: a window around the place looked at.
    let from = 0;
    let to = text.length;
    if (text.length > VIEW_WINDOW) {
      const d = this.current >= 0 ? this.diags[this.current] : null;
      const center = d && d.span ? Math.min(d.span.start_utf16, text.length) : 0;
      from = Math.max(0, Math.min(center - VIEW_WINDOW / 2, text.length - VIEW_WINDOW));
      if (from > 0) from = text.lastIndexOf('\n', from) + 1;
      to = Math.min(text.length, from + VIEW_WINDOW);
    }
    const ranges = this.ranges(text)
      .filter((r) => r.end >= from && r.start <= to)
      .map((r) => ({ ...r, start: Math.max(0, r.start - from), end: Math.min(to, r.end) - from }));
    if (from > 0) this.rendered.append(h('span', { class: 'nb-elided' }, `……（前面 ${formatCount(from)} 字未显示）\n`));
    this.rendered.append(markedFragment(text.slice(from, to), ranges, this.current));
    if (to < text.length) this.rendered.append(h('span', { class: 'nb-elided' }, `\n……（后面 ${formatCount(text.length - to)} 字未显示）`));
  }

  activate(index, how = {}) {
    const d = this.diags && this.diags[index];
    if (!d) return;
    this.current = index;
    for (const b of this.findings.querySelectorAll('.nb-current')) {
      b.classList.remove('nb-current');
      b.removeAttribute('aria-current');
    }
    const btn = this.findingButtons[index];
    if (btn) {
      btn.classList.add('nb-current');
      btn.setAttribute('aria-current', 'true');
    }
    for (const td of this.tablesBox.querySelectorAll('.nb-current-cell')) td.classList.remove('nb-current-cell');
    for (const c of d.cells || []) {
      const td = this.cellEls.get(cellKey(c));
      if (td) td.classList.add('nb-current-cell');
    }
    if (how.from === 'cell' || how.from === 'text') {
      if (btn) {
        const item = btn.closest('.nb-item');
        if (item && item.hidden) {
          this.filters[item.dataset.severity].checked = true;
          this.applyFilters();
        }
        btn.scrollIntoView({ block: 'nearest' });
        if (how.from === 'cell') btn.focus({ preventScroll: true });
      }
    }
    if (how.cell) {
      const td = this.cellEls.get(cellKey(how.cell));
      if (td) {
        td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        td.classList.add('nb-current-cell');
      }
      return;
    }
    if (d.span && how.from !== 'cell') this.reveal(d);
    else if (d.span && how.from === 'cell') this.reveal(d, { quiet: true });
    else if (!d.span && d.cells && d.cells.length) {
      const c = d.cells[0];
      const td = this.cellEls.get(cellKey(c));
      if (td) td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  /** Shows a diagnostic's place in the source: selection and mark in the editor, or the
   * mark in the read-only text. */
  reveal(d, { quiet = false } = {}) {
    const text = this.activeText();
    if (text === null) return;
    const { start, end } = displayRange(text, d.span);
    if (this.active < 0) {
      const ta = this.textarea;
      if (this.text.checkedText !== ta.value) return; // edited since: offsets are stale
      ta.setSelectionRange(start, end, 'forward');
      this.updateBackdrop(this.text.result);
      const mark = this.backdropText.querySelector('.nb-mark-current');
      if (mark) {
        ta.scrollTop = Math.max(0, mark.offsetTop - ta.clientHeight / 3);
      } else {
        ta.scrollTop = Math.max(0, (start / Math.max(1, text.length)) * ta.scrollHeight - ta.clientHeight / 3);
      }
      this.syncScroll();
      this.caretNote.textContent = `已选中第 ${this.findingNumbers.get(d.index)} 条问题所在位置：${d.message}`;
      if (!quiet && this.isNarrow()) this.editor.scrollIntoView({ block: 'nearest' });
    } else {
      this.renderRendered();
      const mark = this.rendered.querySelector('.nb-mark-current');
      if (mark) {
        this.rendered.scrollTop = Math.max(0, mark.offsetTop - this.rendered.clientHeight / 3);
        if (!quiet && this.isNarrow()) this.rendered.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  isNarrow() {
    return typeof matchMedia === 'function' && matchMedia('(max-width: 899px)').matches;
  }

  /** In the editor, tells which findings cover the caret. */
  onCaret() {
    if (this.active >= 0 || !this.text.result || this.text.checkedText !== this.textarea.value) return;
    const pos = this.textarea.selectionStart;
    const text = this.textarea.value;
    const hits = this.diags.filter((d) => {
      if (!d.span) return false;
      const r = displayRange(text, d.span);
      return r.start <= pos && pos <= r.end;
    });
    const note = hits.length
      ? `光标处：${hits.map((d) => `第 ${this.findingNumbers.get(d.index)} 条 ${d.title}`).join('；')}`
      : '';
    if (this.caretNote.textContent !== note) this.caretNote.textContent = note;
    for (const b of this.findings.querySelectorAll('.nb-at-caret')) b.classList.remove('nb-at-caret');
    for (const d of hits) {
      const b = this.findingButtons[d.index];
      if (b) b.classList.add('nb-at-caret');
    }
  }

  // ---- rules, download ----

  renderRules(rules) {
    this.rulesBox.querySelector('summary').textContent = `检查规则一览（共 ${rules.length} 条）`;
    this.rulesBox.append(rulesList(rules, this.labels, this.uid));
  }

  download() {
    const src = this.activeSource();
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
    document.removeEventListener('paste', this.onDocumentPaste);
    if (pasteOwner === this) pasteOwner = null;
    this.engine.destroy();
    if (this.resizer) this.resizer.disconnect();
    clear(this.root);
    this.root.classList.remove('nb-root');
  }
}
