// The batch view: many reports checked together in the checker's engine, a sortable
// summary table, each row opening that report's full result, and the exports.

import { clear, download, dropTarget, h } from './dom.js';
import { decodeUtf8, filesOfEntry, skippedEntry, wanted } from './files.js';
import { formatMs } from './format.js';
import { severityBadge } from './findings.js';
import { Labels } from './labels.js';
import { signatureText } from './report-facts.js';

/** The summary table's columns: one per severity, named as the engine names them. */
function columns(labels) {
  return [
    { key: 'n', label: '#', num: true },
    { key: 'source', label: '文件' },
    { key: 'organ', label: '机关' },
    { key: 'year', label: '年度', num: true },
    { key: 'verdict', label: '结论' },
    ...labels.severities.map((s) => ({ key: s, label: labels.severity(s), num: true, severity: true })),
    { key: 'pairs', label: '跨年度对比' },
  ];
}

export class Batch {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.rows = [];
    this.result = null;
    this.sort = { key: 'n', dir: 1 };
    this.open = new Set();
    this.build();
  }

  build() {
    const root = this.root;
    root.classList.add('nbb-root');
    root.dataset.batchState = 'idle';
    this.filesInput = h('input', {
      type: 'file', multiple: true, class: 'nbb-file-input',
      onchange: () => this.fromInput(this.filesInput, false),
    });
    this.folderInput = h('input', {
      type: 'file', multiple: true, webkitdirectory: true, class: 'nbb-file-input',
      onchange: () => this.fromInput(this.folderInput, true),
    });
    this.status = h('p', { class: 'nbb-status', role: 'status', 'aria-live': 'polite' });
    this.alert = h('p', { class: 'nbb-alert', role: 'alert', hidden: true });
    this.summary = h('p', { class: 'nbb-summary', hidden: true });
    this.skippedList = h('ul', { class: 'nbb-skipped-list' });
    this.skipped = h('details', { class: 'nbb-skipped', hidden: true },
      h('summary', { class: 'nbb-skipped-title' }), this.skippedList);
    this.exportBar = h('div', { class: 'nbb-exports', hidden: true },
      h('span', {}, '导出：'),
      this.button('检查结果 JSON', () => this.exportJson()),
      this.button('问题清单 CSV（Excel）', () => download(this.result.exports.findings_csv, '年报检查问题清单.csv', 'text/csv;charset=utf-8')),
      this.button('统计表数据 CSV', () => download(this.result.exports.tables_csv, '年报统计表数据.csv', 'text/csv;charset=utf-8')),
      this.button('可打印的检查报告 HTML', () => download(this.result.exports.html, '年报检查报告.html', 'text/html;charset=utf-8')),
    );
    this.thead = h('thead');
    this.tbody = h('tbody');
    this.table = h('table', { class: 'nbb-table', hidden: true }, this.thead, this.tbody);
    this.drop = h('div', { class: 'nbb-drop' },
      h('p', {}, '把多份报告文件或整个文件夹拖到这里，或者：'),
      h('div', { class: 'nbb-buttons' },
        h('label', { class: 'nb-button' }, '选择多个文件…', this.filesInput),
        h('label', { class: 'nb-button nb-quiet' }, '选择文件夹…', this.folderInput)));
    root.append(
      h('h2', { class: 'nbb-h2' }, '批量检查'),
      h('p', { class: 'nbb-hint' },
        '一次检查多份报告，例如一个县各部门、各乡镇的年度报告，或同一机关历年的报告。同一机关相邻两年的报告会互相核对：上年结转、现行有效件数，以及正文是否大量沿用上年。文件夹中只检查能读取的文件，其余文件列出并说明原因。'),
      this.drop, this.status, this.alert, this.summary, this.skipped, this.exportBar,
      h('div', { class: 'nbb-table-wrap' }, this.table));

    dropTarget(root, 'nbb-dragging', (dt) => this.fromDrop(dt));
  }

  button(label, onclick) {
    return h('button', { type: 'button', class: 'nb-button nb-quiet', onclick }, label);
  }

  setState(state, message) {
    this.root.dataset.batchState = state;
    if (message !== undefined) this.status.textContent = message;
  }

  showAlert(message) {
    this.alert.textContent = message || '';
    this.alert.hidden = !message;
  }

  async fromInput(input, folder) {
    const files = [...input.files].map((file) => ({
      file, path: file.webkitRelativePath || file.name, fromFolder: folder,
    }));
    input.value = '';
    if (folder) files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await this.run(files);
  }

  async fromDrop(dt) {
    // Entries must be taken synchronously, before the event ends.
    const entries = [...(dt.items || [])]
      .map((item) => (item.kind === 'file' && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
    const plain = [...dt.files];
    let files = [];
    try {
      if (entries.length && entries.every(Boolean)) {
        for (const entry of entries) files.push(...await filesOfEntry(entry));
      } else {
        files = plain.map((file) => ({ file, path: file.name, fromFolder: false }));
      }
    } catch (err) {
      this.showAlert(`无法读取拖入的文件夹：${err.message}。`);
      return;
    }
    await this.run(files);
  }

  async run(found) {
    this.showAlert('');
    await this.api.ready;
    const model = this.api.model;
    if (!this.labels) this.labels = new Labels(model);
    const limit = model.max_input_bytes;
    const files = found.filter((f) => wanted(f, model.supported_extensions));
    const take = files.filter((f) => f.file.size <= limit);
    // Everything else is listed with the reason, in the order found.
    const skipped = [];
    for (const f of found.filter((x) => !take.includes(x))) {
      const entry = skippedEntry(f, { limit, hiddenDir: this.labels.skipReason('hidden_dir') });
      if (!skipped.some((s) => s.name === entry.name)) skipped.push(entry);
    }
    if (!take.length && !skipped.length) {
      this.showAlert('没有可检查的文件。');
      return;
    }
    this.setState('reading', `正在读取 ${take.length} 个文件…`);
    let inputs;
    try {
      inputs = await Promise.all(take.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
    } catch (err) {
      this.setState('idle', '');
      this.showAlert(`无法读取文件：${err.message}。`);
      return;
    }
    this.setState('checking', `正在检查 ${inputs.length} 份报告…`);
    const t0 = performance.now();
    let result;
    try {
      result = await this.api.checkMany(skipped.length ? { inputs, skipped } : inputs);
    } catch (err) {
      this.setState('idle', '检查出错');
      this.showAlert(`检查时发生错误：${err.message}。`);
      return;
    }
    this.inputs = inputs;
    this.show(result, performance.now() - t0);
    if (!inputs.length) this.showAlert('没有可检查的文件。');
  }

  /** The files not checked, each with its reason (from the checker's result). */
  showSkipped(list) {
    clear(this.skippedList);
    this.skipped.hidden = !list.length;
    if (!list.length) return;
    this.skipped.querySelector('summary').textContent = `另有 ${list.length} 个文件未检查（点击查看原因）`;
    for (const s of list) {
      this.skippedList.append(h('li', { class: 'nbb-skipped-file', dataset: { source: s.source } },
        h('span', { class: 'nbb-skipped-source' }, s.source), '：', s.reason));
    }
  }

  show(result, ms) {
    this.result = result;
    this.columns = columns(this.labels);
    this.open.clear();
    this.rows = result.reports.map((r, i) => {
      const pairs = new Map();
      for (const d of r.diagnostics) {
        if (d.compared_with) pairs.set(`${d.compared_with.year}\u0000${d.compared_with.source}`, d.compared_with);
      }
      return {
        n: i + 1,
        report: r,
        source: r.source,
        organ: (r.report && (r.report.organ || (r.report.signature && r.report.signature.organ))) || '',
        year: r.report && r.report.year != null ? r.report.year : null,
        verdict: r.verdict,
        // A count per severity, under the severity's key (error, warning, info).
        ...Object.fromEntries(this.labels.severities.map((s) => [s, r.counts[s]])),
        pairs: [...pairs.values()].sort((a, b) => a.year - b.year),
      };
    });
    const count = (v) => this.rows.filter((r) => r.verdict === v).length;
    const unreadable = count('unreadable');
    const paired = this.rows.filter((r) => r.pairs.length).length;
    this.summary.textContent = `共 ${this.rows.length} 份：通过 ${count('pass')}，不通过 ${count('fail')}${unreadable ? `，无法检查 ${unreadable}` : ''}。`
      + (paired ? `其中 ${paired} 份与同一机关相邻年度的报告做了跨年度核对。` : '');
    this.summary.hidden = false;
    this.showSkipped(result.skipped || []);
    this.exportBar.hidden = false;
    this.table.hidden = false;
    this.renderHead();
    this.renderBody();
    this.setState('done', `检查完成：${this.rows.length} 份，用时 ${formatMs(ms)}。点击列标题排序，点击文件名查看该报告的全部检查结果。`);
    this.root.dispatchEvent(new CustomEvent('nianbao-batch-result', { bubbles: true, detail: { result, ms } }));
  }

  renderHead() {
    clear(this.thead);
    const tr = h('tr');
    for (const c of this.columns) {
      const active = this.sort.key === c.key;
      const th = h('th', {
        scope: 'col',
        class: c.num ? 'nbb-num' : null,
        'aria-sort': active ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none',
      }, h('button', {
        type: 'button',
        class: 'nbb-sort',
        dataset: { key: c.key },
        onclick: () => this.sortBy(c.key),
      }, c.label, h('span', { class: 'nbb-arrow', 'aria-hidden': 'true' }, active ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '')));
      tr.append(th);
    }
    this.thead.append(tr);
  }

  sortBy(key) {
    this.sort = this.sort.key === key ? { key, dir: -this.sort.dir } : { key, dir: 1 };
    this.renderHead();
    this.renderBody();
    const th = this.thead.querySelector(`button[data-key="${key}"]`);
    if (th) th.focus();
  }

  sorted() {
    const { key, dir } = this.sort;
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    const value = (r) => {
      if (key === 'pairs') return r.pairs.length;
      if (key === 'verdict') return { fail: 0, unreadable: 1 }[r.verdict] ?? 2;
      return r[key];
    };
    return [...this.rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      // Missing values (no year, no organ) go last in either direction.
      const ma = va === null || va === '';
      const mb = vb === null || vb === '';
      if (ma || mb) return ma === mb ? a.n - b.n : ma ? 1 : -1;
      const c = typeof va === 'number' ? va - vb : collator.compare(va, vb);
      return c * dir || a.n - b.n;
    });
  }

  renderBody() {
    clear(this.tbody);
    const frag = document.createDocumentFragment();
    for (const row of this.sorted()) {
      frag.append(this.rowElement(row));
      if (this.open.has(row.n)) frag.append(this.detailElement(row));
    }
    this.tbody.append(frag);
  }

  rowElement(row) {
    const expanded = this.open.has(row.n);
    const id = `nbb-detail-${row.n}`;
    const L = this.labels;
    return h('tr', { class: `nbb-row nbb-${row.verdict}`, dataset: { n: String(row.n), source: row.source, verdict: row.verdict } },
      h('td', { class: 'nbb-num' }, row.n),
      h('td', {}, h('button', {
        type: 'button',
        class: 'nbb-open',
        'aria-expanded': String(expanded),
        'aria-controls': id,
        onclick: () => this.toggle(row),
      }, row.source)),
      h('td', {}, row.organ || '—'),
      h('td', { class: 'nbb-num' }, row.year ?? '—'),
      h('td', { class: `nbb-verdict nbb-${row.verdict}` }, L.verdict(row.verdict)),
      L.severities.map((s) => h('td', { class: `nbb-num nbb-sev-${s}` }, row[s])),
      h('td', {}, row.pairs.length ? row.pairs.map((p) => `${p.year}年（${p.source}）`).join('；') : ''));
  }

  toggle(row) {
    if (this.open.has(row.n)) this.open.delete(row.n);
    else this.open.add(row.n);
    this.renderBody();
    const button = this.tbody.querySelector(`tr.nbb-row[data-n="${row.n}"] .nbb-open`);
    if (button) button.focus();
  }

  /** The full result of one report: what was read, and every finding with its place. */
  detailElement(row) {
    const r = row.report;
    const rep = r.report || {};
    const meta = h('dl', { class: 'nbb-meta' });
    const item = (k, v) => {
      if (v === undefined || v === null || v === '') return;
      meta.append(h('dt', {}, k), h('dd', {}, v));
    };
    item('标题', rep.title);
    item('机关', row.organ);
    item('年度', rep.year);
    item('格式', rep.template ? this.labels.template(rep.template) : null);
    item('落款', signatureText(rep));
    const list = h('ol', { class: 'nbb-findings' });
    for (const d of r.diagnostics) {
      const place = d.span ? `第${d.span.line}行第${d.span.column}列` : '';
      list.append(h('li', { class: `nbb-finding nbb-sev-${d.severity}`, dataset: { code: d.code } },
        severityBadge(d.severity, this.labels), ' ',
        h('code', { class: 'nb-code' }, d.code), ' ',
        place ? h('span', { class: 'nbb-place' }, place, ' ') : null,
        d.message));
    }
    const input = this.inputs && this.inputs[row.n - 1];
    const text = input && /\.txt$/i.test(input.name) ? decodeUtf8(input.bytes) : null;
    const openButton = text !== null && this.api.setText
      ? h('button', {
        type: 'button',
        class: 'nb-button nb-quiet',
        onclick: () => {
          this.api.setText(text.replace(/^\uFEFF/, ''), input.name);
          const checker = this.checkerElement;
          if (checker && checker.scrollIntoView) checker.scrollIntoView({ block: 'start' });
        },
      }, '在上方检查器中打开原文（可逐条定位、修改）')
      : null;
    return h('tr', { class: 'nbb-detail', id: `nbb-detail-${row.n}` },
      h('td', { colSpan: this.columns.length },
        meta,
        r.diagnostics.length ? list : h('p', {}, '没有发现问题。'),
        openButton));
  }

  exportJson() {
    const { schema, reports, skipped } = this.result;
    download(JSON.stringify({ schema, reports, skipped: skipped || [] }, null, 2), '年报检查结果.json', 'application/json');
  }
}
