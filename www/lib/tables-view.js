// 年报检查 · the table assistant (填写表格): the checker's second mode. Tables 二, 三, 四 of
// the template as editable grids (lib/grid.js), checked live by the same rules as the
// checker through the on-demand tables module in the worker (`tables` messages: layout,
// check, carry_forward, to_html, to_tsv, to_docx). The page re-implements no rule and
// copies no label: the layout, the totals, the diagnostics and the standard sentences
// all come from the module.
//
// Drafts stay on the machine: nothing is sent anywhere, and the draft is kept in the
// browser's localStorage only while the user has ticked 在本机保存草稿.

import { h, clear, download } from './dom.js';
import { Grid } from './grid.js';

const STORE_KEY = 'nianbao.tables.draft';
const TABLE_KEYS = ['t2', 't3', 't4'];
/** The wait after the last keystroke before the tables are checked again. */
const DEBOUNCE_MS = 200;

function storage() {
  try {
    return window.localStorage || null;
  } catch {
    return null; // a sandboxed frame, storage disabled
  }
}

/** Writes text (and HTML) to the clipboard in one go: a copy event carrying both (the
 * HTML as it is: the Clipboard API would sanitize it in the page, under the page's
 * Content-Security-Policy), else one ClipboardItem. */
async function copyToClipboard(plain, html) {
  let done = false;
  const onCopy = (e) => {
    e.clipboardData.setData('text/plain', plain);
    if (html) e.clipboardData.setData('text/html', html);
    e.preventDefault();
    done = true;
  };
  document.addEventListener('copy', onCopy, true);
  try {
    document.execCommand('copy');
  } catch {
    /* no execCommand: the Clipboard API below */
  } finally {
    document.removeEventListener('copy', onCopy, true);
  }
  if (done) return true;
  if (navigator.clipboard && typeof ClipboardItem === 'function' && navigator.clipboard.write) {
    try {
      const items = { 'text/plain': new Blob([plain], { type: 'text/plain' }) };
      if (html) items['text/html'] = new Blob([html], { type: 'text/html' });
      await navigator.clipboard.write([new ClipboardItem(items)]);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

export class TablesView {
  /**
   * @param {object} opts
   *   uid: a prefix for element ids;
   *   engine: {tables(op, ...args) -> Promise} (the worker's tables module);
   *   labels: the model's labels (lib/labels.js);
   *   currentReport(): the report shown in the checker ({source, report}) or null;
   *   checkInput(input): checks a file ({name, bytes}) by the normal path, resolves with
   *     the contract result.
   */
  constructor(opts) {
    this.opts = opts;
    this.uid = `${opts.uid}-dg`;
    /** The template each table is laid out in (a report may mix them). */
    this.templates = { t2: '2021', t3: '2021', t4: '2021' };
    /** The report year of the draft, when known (named in the cross-year messages). */
    this.year = null;
    this.layouts = new Map();
    this.grids = new Map();
    this.lastYear = null;
    this.result = null;
    this.timer = 0;
    this.running = false;
    this.dirty = false;
    this.seq = 0;
    this.loaded = null;
    this.build();
  }

  // ---- layout ----

  build() {
    const id = (s) => `${this.uid}-${s}`;
    this.statusEl = h('p', { class: 'nb-dg-status', id: id('status'), role: 'status', 'aria-live': 'polite' });
    this.yearInput = h('input', {
      type: 'file',
      class: 'nb-file-input nb-dg-file',
      id: id('last-year'),
      accept: '.txt,.text,.md,.html,.htm,.docx,.pdf,.doc,.wps,text/plain,text/html,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      onchange: () => {
        const f = this.yearInput.files[0];
        this.yearInput.value = '';
        if (f) this.fromLastYear(f);
      },
    });
    const start = h('div', { class: 'nb-dg-start', role: 'group', 'aria-labelledby': id('start-h') },
      h('span', { class: 'nb-dg-start-label', id: id('start-h') }, '从这里开始：'),
      h('button', { type: 'button', class: 'nb-button', onclick: () => this.fromEmpty() }, '空白表格'),
      h('button', { type: 'button', class: 'nb-button', onclick: () => this.fromCurrent() }, '用当前报告的表格'),
      h('label', { class: 'nb-button nb-file-label', for: id('last-year') }, '上年报告…', this.yearInput),
    );
    this.yearNote = h('p', { class: 'nb-dg-year', hidden: true });
    this.tablesEl = h('div', { class: 'nb-dg-tables' });
    this.summary = h('p', { class: 'nb-dg-summary', id: id('summary'), 'aria-live': 'polite', 'aria-atomic': 'true' });
    // Only the totals whose identities agree on a value (two that disagree wait for the
    // drafter to find the wrong part).
    this.fillAll = h('button', { type: 'button', class: 'nb-button', hidden: true, onclick: () => this.fillTotals(this.fillable().filter((t) => !t.ambiguous)) }, '全部总计按分项填入');
    this.problems = h('ol', { class: 'nb-dg-problems' });
    this.sentences = h('ul', { class: 'nb-dg-sentences' });
    this.sentencesBox = h('section', { class: 'nb-dg-section', 'aria-labelledby': id('sent-h'), hidden: true },
      h('h3', { class: 'nb-h3', id: id('sent-h') }, '标准表述'),
      h('p', { class: 'nb-hint' }, '由表格中的数字生成，可复制到报告正文相应部分，正文与表格就不会不一致。'),
      this.sentences);
    this.saveBox = h('input', { type: 'checkbox', id: id('save'), onchange: () => this.onSaveToggle() });
    this.clearSaved = h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => this.forget() }, '清除本机草稿');
    this.element = h('section', { class: 'nb-dg', 'aria-labelledby': id('h') },
      h('h2', { class: 'nb-h2', id: id('h') }, '填写表格'),
      h('p', { class: 'nb-hint' },
        '按年度报告格式填写表二、表三、表四，边填边核对勾稽关系。用 Tab、回车和方向键在单元格间移动；可从 Excel 或 WPS 表格中复制一块数字，粘贴到起始单元格。所有内容只在本机浏览器中处理，不会发送到任何地方。'),
      start,
      this.statusEl,
      this.yearNote,
      this.tablesEl,
      h('section', { class: 'nb-dg-section', 'aria-labelledby': id('check-h') },
        h('h3', { class: 'nb-h3', id: id('check-h') }, '核对'),
        this.summary,
        this.fillAll,
        this.problems),
      this.sentencesBox,
      h('section', { class: 'nb-dg-section', 'aria-labelledby': id('out-h') },
        h('h3', { class: 'nb-h3', id: id('out-h') }, '导出'),
        h('div', { class: 'nb-actions' },
          h('button', { type: 'button', class: 'nb-button', onclick: () => this.copyTables() }, '复制表格'),
          h('button', { type: 'button', class: 'nb-button', onclick: () => this.downloadDocx() }, '下载 Word 文件（.docx）'),
          h('button', { type: 'button', class: 'nb-button nb-quiet', onclick: () => this.downloadJson() }, '下载 JSON')),
        h('p', { class: 'nb-hint' }, '“复制表格”后可直接粘贴到 Word 或 WPS 中，保留模板的合并单元格。')),
      h('div', { class: 'nb-dg-save' },
        h('label', { for: id('save') }, this.saveBox, ' 在本机保存草稿'),
        this.clearSaved,
        h('span', { class: 'nb-hint' }, '（只保存在这台电脑的浏览器中）')),
    );
  }

  say(text, kind = 'info') {
    this.statusEl.textContent = text;
    this.statusEl.className = `nb-dg-status nb-dg-status-${kind}`;
  }

  /** Loads the module and the layout the first time the mode is opened. */
  open() {
    if (!this.loaded) {
      this.say('正在加载填写表格的程序…');
      this.loaded = this.load({ t2: '2021', t3: '2021', t4: '2021' }).then(async () => {
        if (!(await this.restore())) this.say('就绪：可以开始填写。');
        this.element.dataset.state = 'ready';
      }, (err) => {
        this.loaded = null; // opened again: tried again
        this.say(`无法打开填写表格：${err.message}`, 'error');
        this.element.dataset.state = 'error';
      });
    }
    return this.loaded;
  }

  async layout(template) {
    if (!this.layouts.has(template)) {
      const layout = await this.opts.engine.tables('layout', template);
      this.layouts.set(template, layout);
    }
    return this.layouts.get(template);
  }

  /** Lays the grids out again, each table in its template ({t2, t3, t4}); a table
   * whose template does not change keeps its grid. */
  async load(templates) {
    const layouts = new Map();
    for (const t of new Set(Object.values(templates))) layouts.set(t, await this.layout(t));
    const first = !this.grids.size;
    for (const [k, template] of Object.entries(templates)) {
      if (!first && this.templates[k] === template && this.grids.has(k)) continue;
      const table = layouts.get(template).tables.find((x) => x.key === k);
      const grid = new Grid(table, {
        uid: `${this.uid}-${template}`,
        onChange: () => this.changed(),
        onMessage: (text, kind) => this.say(text, kind),
      });
      const old = this.grids.get(k);
      if (old) old.element.replaceWith(grid.element);
      this.grids.set(k, grid);
      this.templates[k] = template;
    }
    if (first) {
      clear(this.tablesEl);
      for (const g of this.grids.values()) this.tablesEl.append(g.element);
    }
  }

  /** The input cells of a layout's table, as "row|column". */
  static places(table) {
    return new Set(table.grid.flat().filter((c) => c.row && c.column).map((c) => `${c.row}|${c.column}`));
  }

  /** For each table, the template whose layout has a place for every number it holds
   * (2021 first); `missing`: the numbers that have none in either. */
  async fit(tables) {
    const templates = {};
    const missing = [];
    for (const k of TABLE_KEYS) {
      const filled = [];
      for (const [row, cols] of Object.entries((tables && tables[k]) || {})) {
        for (const [column, v] of Object.entries(cols || {})) if (v !== null && v !== undefined) filled.push([row, column]);
      }
      let chosen = null;
      for (const t of ['2021', '2019']) {
        const table = (await this.layout(t)).tables.find((x) => x.key === k);
        const places = TablesView.places(table);
        if (filled.every(([r, c]) => places.has(`${r}|${c}`))) {
          chosen = t;
          break;
        }
      }
      templates[k] = chosen || '2021';
      if (!chosen) {
        const places = TablesView.places((await this.layout('2021')).tables.find((x) => x.key === k));
        for (const [r, c] of filled) if (!places.has(`${r}|${c}`)) missing.push(`${this.opts.labels.tableShort(k)}“${this.opts.labels.rowLabel(k, r)} · ${this.opts.labels.columnLabel(k, c)}”`);
      }
    }
    return { templates, missing };
  }

  // ---- the draft ----

  /** The draft as the module takes it: every table (a blank cell is one not filled yet),
   * last year's tables and the year when known. */
  draft() {
    const d = {};
    for (const [k, g] of this.grids) d[k] = g.values().data;
    if (this.lastYear) d.last_year = this.lastYear;
    if (this.year) d.year = this.year;
    return d;
  }

  /** Every table, blanks included (the JSON export). */
  tables() {
    const d = {};
    for (const [k, g] of this.grids) d[k] = g.values().data;
    return d;
  }

  isEmpty() {
    return [...this.grids.values()].every((g) => g.values().filled === 0);
  }

  setTables(tables) {
    for (const [k, g] of this.grids) g.setValues(tables && tables[k]);
  }

  changed(delay = DEBOUNCE_MS) {
    this.save();
    clearTimeout(this.timer);
    // 'checking' at once, 'done' once the draft as it is now has been checked.
    this.element.dataset.state = 'checking';
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.check();
    }, delay);
  }

  /** Checks the draft; one check at a time, the newest draft wins. */
  async check() {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.dirty = false;
    try {
      const result = await this.opts.engine.tables('check', this.draft());
      if (!this.dirty) this.show(result);
    } catch (err) {
      this.say(`无法核对：${err.message}`, 'error');
    } finally {
      this.running = false;
      if (this.dirty) this.check();
      else if (!this.timer) {
        this.element.dataset.state = 'done';
        this.element.dataset.checks = String(++this.seq);
      }
    }
  }

  cellName(table, row, column) {
    const g = this.grids.get(table);
    const e = g && g.entry(row, column);
    const short = this.opts.labels.tableShort(table);
    return e ? `${short}“${e.label}”` : `${short}“${this.opts.labels.rowLabel(table, row)} · ${this.opts.labels.columnLabel(table, column)}”`;
  }

  show(result) {
    this.result = result;
    const L = this.opts.labels;
    const diags = result.diagnostics || [];
    const numbers = new Map(diags.map((d, i) => [d, i + 1]));
    const totals = this.cellTotals();
    for (const [k, g] of this.grids) {
      g.mark(totals.filter((t) => t.table === k), diags, (d) => numbers.get(d));
    }
    // The list under the tables: each finding with its suspect cell, and a button that
    // goes to the cell; a total that its parts contradict gets a button that fills it.
    clear(this.problems);
    const fillable = this.fillable();
    const offered = new Set();
    diags.forEach((d, i) => {
      const cells = (d.suspects || []).concat(d.cells || []);
      if (d.table && d.row && d.column) cells.push({ table: d.table, row: d.row, column: d.column });
      const target = cells.find((c) => this.grids.get(c.table) && this.grids.get(c.table).entry(c.row, c.column));
      const fills = fillable.filter((t) => cells.some((c) => c.table === t.table && c.row === t.row && c.column === t.column));
      for (const t of fills) offered.add(t);
      this.problems.append(h('li', { class: `nb-dg-problem nb-sev-${d.severity}`, dataset: { code: d.code } },
        h('span', { class: `nb-badge nb-sev-${d.severity}` }, L.severity(d.severity)), ' ',
        h('span', { class: 'nb-dg-msg' }, `${i + 1}. ${d.message}`),
        h('span', { class: 'nb-dg-buttons' },
          target ? h('button', { type: 'button', class: 'nb-button nb-quiet nb-dg-goto', dataset: { table: target.table, row: target.row, column: target.column }, onclick: () => this.goTo(target) },
            (d.suspects || []).length ? '转到很可能填错的单元格' : '转到单元格',
            h('span', { class: 'nb-sr' }, `：${this.cellName(target.table, target.row, target.column)}`)) : null,
          fills.map((t) => this.fillButton(t)))));
    });
    // Totals left blank (or wrong without a finding of their own) that the parts give.
    for (const t of fillable.filter((x) => !offered.has(x))) {
      this.problems.append(h('li', { class: 'nb-dg-problem nb-dg-total-note' },
        h('span', { class: 'nb-dg-msg' }, `${this.cellName(t.table, t.row, t.column)}按分项应为 ${t.expected}${t.found === null || t.found === undefined ? '（未填）' : `，现为 ${t.found}`}。`),
        h('span', { class: 'nb-dg-buttons' }, this.fillButton(t))));
    }
    this.fillAll.hidden = fillable.filter((t) => !t.ambiguous).length < 2;
    const invalid = [...this.grids.values()].flatMap((g) => g.values().invalid);
    const errors = diags.filter((d) => d.severity === 'error').length;
    const parts = [];
    if (this.isEmpty()) parts.push('表格还是空的。');
    else if (!diags.length && !invalid.length) parts.push('已填的数字相互一致。');
    if (diags.length) parts.push(`发现 ${diags.length} 处问题${errors ? `（其中错误 ${errors} 处）` : ''}，见下方列表。`);
    const cells = new Set(fillable.map((t) => `${t.table}|${t.row}|${t.column}`)).size;
    if (cells) parts.push(`${cells} 个总计可按分项填入。`);
    if (invalid.length) parts.push(`${invalid.length} 个单元格不是数字，未计入：${invalid.slice(0, 3).map((x) => `“${x.label}”`).join('、')}。`);
    const text = parts.join('');
    if (this.summary.textContent !== text) this.summary.textContent = text;
    this.renderSentences(result.sentences || []);
  }

  /** Each cell that identities determine, once: whether it holds what they ask, and the
   * values they ask for where it does not (two identities can disagree while another
   * cell is wrong). */
  cellTotals() {
    const cells = new Map();
    for (const t of (this.result && this.result.totals) || []) {
      const g = this.grids.get(t.table);
      if (!g || !g.entry(t.row, t.column)) continue;
      const k = `${t.table}|${t.row}|${t.column}`;
      if (!cells.has(k)) cells.set(k, { table: t.table, row: t.row, column: t.column, found: t.found, ok: true, values: [], asks: [] });
      const c = cells.get(k);
      // A count is never negative: an identity that asks for less than 0 has its wrong
      // cell elsewhere, and suggests nothing here.
      if (t.expected === null || t.expected === undefined || t.expected < 0) continue;
      if (!t.ok) {
        c.ok = false;
        if (!c.values.includes(t.expected)) c.values.push(t.expected);
        c.asks.push({ value: t.expected, rule: t.rule });
      } else if (!c.values.length) {
        c.okValue = t.expected;
      }
    }
    for (const c of cells.values()) if (c.ok && c.okValue !== undefined) c.values = [c.okValue];
    return [...cells.values()];
  }

  /** The fills on offer: one per value asked of a cell that does not hold it. */
  fillable() {
    return this.cellTotals().filter((c) => !c.ok).flatMap((c) => c.values.map((v) => ({
      ...c, expected: v, ambiguous: c.values.length > 1, rules: c.asks.filter((a) => a.value === v).map((a) => a.rule),
    })));
  }

  fillButton(t) {
    return h('button', {
      type: 'button',
      class: 'nb-button nb-dg-fill',
      dataset: { table: t.table, row: t.row, column: t.column },
      onclick: () => this.fillTotals([t]),
    }, `填入 ${t.expected}`, h('span', { class: 'nb-sr' }, `（${this.cellName(t.table, t.row, t.column)}，按分项）`),
    t.ambiguous ? `（${t.rules.map((r) => this.opts.ruleTitle(r)).join('、')}）` : null);
  }

  fillTotals(list) {
    if (!list.length) return;
    for (const t of list) this.grids.get(t.table).setValue(t.row, t.column, t.expected);
    const t = list[list.length - 1];
    this.say(list.length === 1
      ? `已按分项把${this.cellName(t.table, t.row, t.column)}填为 ${t.expected}。`
      : `已按分项填入 ${list.length} 个总计。`);
    // Back to the cell: the button goes away with the problem it fixed.
    this.grids.get(t.table).focusCell(t.row, t.column);
    this.changed(0);
  }

  goTo(c) {
    const g = this.grids.get(c.table);
    if (g) g.focusCell(c.row, c.column);
  }

  renderSentences(list) {
    clear(this.sentences);
    this.sentencesBox.hidden = list.length === 0;
    const L = this.opts.labels;
    for (const s of list) {
      const text = h('p', { class: 'nb-dg-sentence-text' }, s.text);
      this.sentences.append(h('li', { class: 'nb-dg-sentence', dataset: { key: s.key } },
        h('span', { class: 'nb-dg-sentence-label' }, `${s.label}（用于第${L.sectionOrdinal(s.section)}部分）`),
        text,
        h('button', {
          type: 'button',
          class: 'nb-button nb-quiet',
          onclick: async () => {
            const ok = await copyToClipboard(s.text, null);
            this.say(ok ? `已复制“${s.label}”的表述。` : '无法写入剪贴板：请选中文字后按 Ctrl+C 复制。', ok ? 'info' : 'error');
          },
        }, '复制', h('span', { class: 'nb-sr' }, `“${s.label}”的表述`))));
    }
  }

  // ---- where to start ----

  confirmReplace(what) {
    return this.isEmpty() || window.confirm(`表格中已填的内容将被${what}替换，确定吗？`);
  }

  async fromEmpty() {
    await this.open();
    if (!this.confirmReplace('空白表格')) return;
    this.lastYear = null;
    this.year = null;
    this.yearNote.hidden = true;
    await this.load({ t2: '2021', t3: '2021', t4: '2021' });
    this.setTables(null);
    this.say('已清空表格。');
    this.changed(0);
    const first = this.grids.values().next().value;
    if (first) first.focusFirst();
  }

  async fromCurrent() {
    await this.open();
    const src = this.opts.currentReport();
    const tables = src && src.report && src.report.tables;
    if (!tables || !TABLE_KEYS.some((k) => tables[k])) {
      this.say('检查报告中还没有读出统计表的报告：请先在“检查报告”中粘贴或拖入一份报告。', 'error');
      return;
    }
    if (!this.confirmReplace('当前报告的表格')) return;
    this.lastYear = null;
    this.yearNote.hidden = true;
    this.year = src.report.year || null;
    await this.useTables(tables, `已载入“${src.source}”的表格`);
  }

  /** Puts a report's tables into the grids, each in the layout of its template; cells
   * that no layout has a place for are named, never dropped silently. */
  async useTables(tables, what) {
    const { templates, missing } = await this.fit(tables);
    await this.load(templates);
    this.setTables(tables);
    const used = [...new Set(Object.values(templates))].map((t) => this.opts.labels.template(t)).join('、');
    this.say(`${what}（${used}）。${missing.length ? `以下单元格在模板的表格中没有位置，未载入：${missing.join('、')}。` : ''}`, missing.length ? 'error' : 'info');
    this.changed(0);
  }

  async fromLastYear(file) {
    await this.open();
    this.say(`正在读取上年报告“${file.name}”…`);
    let result;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      result = await this.opts.checkInput({ name: file.name, bytes });
    } catch (err) {
      this.say(`无法读取上年报告：${err.message}`, 'error');
      return;
    }
    const report = result.reports && result.reports[0];
    const tables = report && report.report && report.report.tables;
    if (!tables || !TABLE_KEYS.some((k) => tables[k])) {
      const why = report && report.diagnostics.find((d) => d.code.startsWith('IN-'));
      this.say(`“${file.name}”中没有读出统计表${why ? `：${why.message}` : '。'}`, 'error');
      return;
    }
    let draft;
    try {
      draft = await this.opts.engine.tables('carry_forward', tables);
    } catch (err) {
      this.say(`无法结转上年数据：${err.message}`, 'error');
      return;
    }
    // The carried cells replace what they cover; the rest of the draft stays.
    for (const k of TABLE_KEYS) {
      const g = this.grids.get(k);
      for (const [row, cols] of Object.entries(draft[k] || {})) {
        for (const [column, v] of Object.entries(cols || {})) if (v !== null && v !== undefined) g.setValue(row, column, v);
      }
    }
    this.lastYear = draft.last_year || tables;
    this.year = report.report.year ? report.report.year + 1 : null;
    const year = report.report.year ? `${report.report.year}年` : '上年';
    this.yearNote.textContent = `已用${year}报告“${file.name}”：“上年结转”取自其“结转下年度继续办理”，现行有效件数按上年数加本年制发、减本年废止核对。`;
    this.yearNote.hidden = false;
    this.say(`已读取${year}报告“${file.name}”，结转了上年数据。`);
    this.changed(0);
  }

  // ---- out ----

  async exportable() {
    if (this.isEmpty()) {
      this.say('表格还是空的，没有可导出的内容。', 'error');
      return null;
    }
    return this.draft();
  }

  async copyTables() {
    const draft = await this.exportable();
    if (!draft) return;
    try {
      const [html, tsv] = await Promise.all([
        this.opts.engine.tables('to_html', draft, '2021'),
        this.opts.engine.tables('to_tsv', draft, '2021'),
      ]);
      const ok = await copyToClipboard(tsv, html);
      this.say(ok ? '已复制表格：可直接粘贴到 Word 或 WPS 文档中。' : '无法写入剪贴板：浏览器不允许。请改用“下载 Word 文件”。', ok ? 'info' : 'error');
    } catch (err) {
      this.say(`无法复制表格：${err.message}`, 'error');
    }
  }

  async downloadDocx() {
    const draft = await this.exportable();
    if (!draft) return;
    try {
      const bytes = await this.opts.engine.tables('to_docx', draft, '2021');
      download(bytes, '政府信息公开工作年度报告统计表.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      this.say('已生成 Word 文件。');
    } catch (err) {
      this.say(`无法生成 Word 文件：${err.message}`, 'error');
    }
  }

  downloadJson() {
    if (!this.grids.size) return;
    download(JSON.stringify(this.tables(), null, 2), '政府信息公开工作年度报告统计表.json', 'application/json');
    this.say('已下载 JSON。');
  }

  // ---- the saved draft ----

  /** What the cells hold as typed (a cell that is not a number is kept as it is). */
  raw() {
    const cells = {};
    for (const [k, g] of this.grids) {
      for (const e of g.order) {
        if (e.input.value.trim() === '') continue;
        ((cells[k] = cells[k] || {})[e.cell.row] = cells[k][e.cell.row] || {})[e.cell.column] = e.input.value;
      }
    }
    return cells;
  }

  save() {
    if (!this.saveBox.checked) return;
    const s = storage();
    try {
      s.setItem(STORE_KEY, JSON.stringify({ version: 1, templates: this.templates, cells: this.raw(), last_year: this.lastYear, year: this.year, saved: new Date().toISOString() }));
    } catch (err) {
      this.say(`无法在本机保存草稿：${err.message}`, 'error');
    }
  }

  onSaveToggle() {
    if (this.saveBox.checked) {
      if (!storage()) {
        this.saveBox.checked = false;
        this.say('这个浏览器不允许本页在本机保存数据。', 'error');
        return;
      }
      this.save();
      this.say('草稿将保存在这台电脑的浏览器中，下次打开本页时自动恢复。');
    } else {
      this.forget();
    }
  }

  forget() {
    const s = storage();
    try {
      if (s) s.removeItem(STORE_KEY);
    } catch {
      /* nothing stored */
    }
    this.saveBox.checked = false;
    this.say('已清除本机保存的草稿（表格中的内容仍在，关闭页面后不再保留）。');
  }

  async restore() {
    const s = storage();
    let saved = null;
    try {
      saved = s && JSON.parse(s.getItem(STORE_KEY) || 'null');
    } catch {
      saved = null;
    }
    if (!saved || !saved.cells) return false;
    if (saved.templates) await this.load({ ...this.templates, ...saved.templates });
    for (const [k, g] of this.grids) {
      for (const e of g.order) {
        const v = saved.cells[k] && saved.cells[k][e.cell.row] && saved.cells[k][e.cell.row][e.cell.column];
        g.setValue(e.cell.row, e.cell.column, v === undefined ? null : v);
      }
    }
    this.lastYear = saved.last_year || null;
    this.year = saved.year || null;
    this.saveBox.checked = true;
    this.changed(0);
    this.say(`已恢复本机保存的草稿（${new Date(saved.saved).toLocaleString('zh-CN')}）。`);
    return true;
  }
}
