// The three tables as the checker read them (表二, 表三, 表四 under the contract's keys),
// each cell a finding names marked, with links to those findings.

import { clear, h } from './dom.js';
import { formatNumber } from './format.js';

/** The key of a cell across findings and the rendered tables. */
export function cellKey(c) {
  return `${c.table}|${c.row}|${c.column}`;
}

/** The model's keys in the model's order, then any others present (a report can hold a
 * row the model does not name, e.g. one that mixes templates). */
function orderedKeys(known, present) {
  const order = known.map((x) => x.key).filter((k) => present.includes(k));
  return order.concat(present.filter((k) => !order.includes(k)));
}

/**
 * Renders a result's tables into `box`. `diags`: the findings (with `index`);
 * `numbers`: their numbers in the list; `onActivate(index, how)`: a cell's link to a
 * finding was chosen. Returns the cells' elements by `cellKey`.
 */
export function renderTables(box, report, diags, { labels, numbers, onActivate }) {
  clear(box);
  const cells = new Map();
  const tables = report.report && report.report.tables;
  if (!tables) return cells;
  // The findings that name each cell, and the cells an arithmetic finding names as
  // likely wrong, with the value they would need.
  const flags = new Map();
  const suspects = new Map();
  for (const d of diags) {
    for (const c of (d.cells || []).concat(d.suspects || [])) {
      const k = cellKey(c);
      if (!flags.has(k)) flags.set(k, []);
      if (!flags.get(k).includes(d)) flags.get(k).push(d);
    }
    for (const s of d.suspects || []) suspects.set(cellKey(s), s);
  }
  const ctx = { labels, numbers, onActivate, flags, suspects, cells };
  box.append(h('h3', { class: 'nb-h3' }, '统计表（按模板读取的数字）'));
  for (const key of ['t2', 't3', 't4']) {
    const tm = labels.table(key);
    const data = tables[key];
    if (!data) {
      box.append(h('p', { class: 'nb-table-missing' }, `${tm.name}：未找到。`));
      continue;
    }
    box.append(key === 't2' ? tableT2(ctx, tm, data) : grid(ctx, key, tm, data));
  }
  return cells;
}

function cell(ctx, table, row, column, value) {
  const { labels, numbers, onActivate } = ctx;
  const k = cellKey({ table, row, column });
  const ds = ctx.flags.get(k) || [];
  const blank = value === null || value === undefined;
  const td = h('td', { class: `nb-td${blank ? ' nb-null' : ''}` },
    h('span', { class: 'nb-value' }, formatNumber(value)));
  if (blank) td.title = '空白或占位符（核算时按0计算）';
  if (ds.length) {
    const suspect = ctx.suspects.get(k);
    td.classList.add('nb-flag', `nb-flag-${labels.worst(ds)}`);
    if (suspect) {
      // Named as the likely wrong cell: marked strongly, with the value it would need.
      td.classList.add('nb-suspect');
      td.title = `很可能填错：应为${formatNumber(suspect.expected)}`;
      td.append(h('span', { class: 'nb-suspect-note' }, `应为${formatNumber(suspect.expected)}`));
    } else if (ds.every((d) => d.suspects && d.suspects.length)) {
      // Only in identities whose likely wrong cell is named elsewhere: marked faintly.
      td.classList.add('nb-faint');
    }
    for (const d of ds) {
      const num = numbers.get(d.index);
      td.append(h('button', {
        type: 'button',
        class: `nb-flag-link nb-sev-${d.severity}`,
        'aria-label': `第 ${num} 条问题，${labels.severity(d.severity)}：${d.message}`,
        title: d.message,
        onclick: () => onActivate(d.index, { from: 'cell' }),
      }, String(num)));
    }
  }
  ctx.cells.set(k, td);
  return td;
}

/** A scrollable region around a table, reachable by keyboard (it may be wider than the
 * screen). */
function wrap(tm, table) {
  return h('div', { class: 'nb-table-wrap', role: 'region', tabIndex: 0, 'aria-label': `${tm.name}（可左右滚动）` }, table);
}

/** 表三 and 表四: rows by columns. */
function grid(ctx, key, tm, data) {
  const L = ctx.labels;
  const rows = orderedKeys(tm.rows, Object.keys(data));
  const colSet = new Set();
  for (const r of rows) for (const c of Object.keys(data[r] || {})) colSet.add(c);
  const cols = orderedKeys(tm.columns, [...colSet]);
  return wrap(tm, h('table', { class: `nb-table nb-table-${key}` },
    h('caption', {}, tm.name),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, key === 't4' ? '类别' : '项目'), cols.map((c) => h('th', { scope: 'col' }, L.columnLabel(key, c))))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row', dataset: { key: r } }, L.rowLabel(key, r)),
      cols.map((c) => (data[r] && c in data[r] ? cell(ctx, key, r, c, data[r][c]) : h('td', { class: 'nb-td nb-na' }, ''))))))));
}

/** 表二: each row has its own columns (its indicators), so one line per indicator. */
function tableT2(ctx, tm, data) {
  const L = ctx.labels;
  const rows = orderedKeys(tm.rows, Object.keys(data));
  const body = h('tbody');
  for (const r of rows) {
    const cols = orderedKeys(tm.columns, Object.keys(data[r] || {}));
    cols.forEach((c, i) => {
      const tr = h('tr', {});
      if (i === 0) tr.append(h('th', { scope: 'rowgroup', rowSpan: cols.length, dataset: { key: r } }, L.rowLabel('t2', r)));
      tr.append(h('th', { scope: 'row', class: 'nb-subhead' }, L.columnLabel('t2', c)));
      tr.append(cell(ctx, 't2', r, c, data[r][c]));
      body.append(tr);
    });
  }
  return wrap(tm, h('table', { class: 'nb-table nb-table-t2' },
    h('caption', {}, tm.name),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '信息内容'), h('th', { scope: 'col' }, '指标'), h('th', { scope: 'col' }, '数值'))),
    body));
}
