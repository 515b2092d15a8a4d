// The result view: the alert, the verdict, the report's facts, the findings grouped by
// rule with a filter per severity, the tables as read, the download and print buttons;
// and which finding is looked at.

import { append, clear, h } from './dom.js';
import { renderFindings } from './findings.js';
import { reportFacts, verdictText } from './report-facts.js';
import { cellKey, renderTables } from './tables.js';
import { displayRange } from './text-marks.js';

export class ResultView {
  /** `onActivate(index, how)`: a finding was chosen (in the list, a table cell or the
   * text); `onDownload()`: the download button was pressed. */
  constructor(id, uid, onActivate, onDownload) {
    this.uid = uid;
    this.onActivate = onActivate;
    this.labels = null;
    this.rules = new Map();
    /** The shown result's findings, each with its index. */
    this.diags = [];
    /** The index of the finding looked at, or -1. */
    this.current = -1;
    this.lastAnnounce = '';
    this.alert = h('div', { class: 'nb-alert', role: 'alert', hidden: true });
    this.verdict = h('div', { class: 'nb-verdict nb-verdict-idle', 'aria-live': 'polite', 'aria-atomic': 'true', id: id('verdict') },
      h('p', { class: 'nb-verdict-word' }, '等待输入'),
      h('p', { class: 'nb-verdict-detail' }, '请粘贴或选择一份政府信息公开工作年度报告。'));
    this.meta = h('dl', { class: 'nb-meta', hidden: true });
    // One box per severity, added once the engine names them (setup); hidden until
    // there are findings to filter.
    this.filters = {};
    this.filterBar = h('fieldset', { class: 'nb-filters', hidden: true }, h('legend', {}, '显示'));
    this.findings = h('div', { class: 'nb-findings', id: id('findings') });
    this.tablesBox = h('div', { class: 'nb-tables' });
    this.downloadButton = h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: onDownload, hidden: true }, '下载检查结果（JSON）');
    this.printButton = h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => window.print(), hidden: true }, '打印');
    this.element = h('section', { class: 'nb-results', 'aria-labelledby': id('results-h') },
      h('h2', { class: 'nb-h2', id: id('results-h') }, '检查结果'),
      this.alert,
      this.verdict,
      this.meta,
      this.filterBar,
      this.findings,
      this.tablesBox,
      h('div', { class: 'nb-actions' }, this.downloadButton, this.printButton),
    );
  }

  /** The engine's labels and rules, once it is ready: a filter per severity. */
  setup(labels, rules) {
    this.labels = labels;
    for (const s of labels.severities) {
      const box = h('input', { type: 'checkbox', checked: true, onchange: () => this.applyFilters() });
      this.filters[s] = box;
      this.filterBar.append(h('label', { class: `nb-filter nb-sev-${s}` }, box, ` ${labels.severity(s)}`));
    }
    for (const r of rules) this.rules.set(r.code, r);
  }

  showAlert(message) {
    this.alert.textContent = message;
    this.alert.hidden = !message;
  }

  /** Nothing to show yet. */
  idle() {
    this.current = -1;
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

  /** Shows a report's result (one of the contract's `reports`). */
  show(report) {
    this.current = -1;
    this.diags = report.diagnostics.map((d, i) => ({ ...d, index: i }));
    this.renderVerdict(report);
    this.renderMeta(report);
    this.renderFindings();
    this.renderTables(report);
    this.downloadButton.hidden = false;
    this.printButton.hidden = false;
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
      onActivate: this.onActivate,
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
      onActivate: this.onActivate,
    });
  }

  /** The places of the findings in `text`, as text-marks.js marks them. */
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

  /** The finding looked at, or null. */
  currentFinding() {
    return this.current >= 0 ? this.diags[this.current] : null;
  }

  /** The finding's number in the list. */
  number(d) {
    return this.findingNumbers.get(d.index);
  }

  /** Makes finding `index` the one looked at: its entry in the list, its cells. `how`:
   * from where it was chosen (`from`: 'cell' or 'text') and the cell chosen (`cell`).
   * Returns the finding when its place in the text is to be shown too, else null. */
  select(index, how = {}) {
    const d = this.diags[index];
    if (!d) return null;
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
    if ((how.from === 'cell' || how.from === 'text') && btn) {
      const item = btn.closest('.nb-item');
      if (item && item.hidden) {
        this.filters[item.dataset.severity].checked = true;
        this.applyFilters();
      }
      btn.scrollIntoView({ block: 'nearest' });
      if (how.from === 'cell') btn.focus({ preventScroll: true });
    }
    if (how.cell) {
      const td = this.cellEls.get(cellKey(how.cell));
      if (td) {
        td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        td.classList.add('nb-current-cell');
      }
      return null;
    }
    if (d.span) return d;
    if (d.cells && d.cells.length) {
      const td = this.cellEls.get(cellKey(d.cells[0]));
      if (td) td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    return null;
  }

  /** Marks the findings at the caret in the list. */
  markAtCaret(hits) {
    for (const b of this.findings.querySelectorAll('.nb-at-caret')) b.classList.remove('nb-at-caret');
    for (const d of hits) {
      const b = this.findingButtons[d.index];
      if (b) b.classList.add('nb-at-caret');
    }
  }
}
