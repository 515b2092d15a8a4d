// The findings of a result, listed and grouped by rule: what a finding says, where it is
// and which table cells it concerns. The checker view shows them; the badge is shared
// with the batch view's details and the list of rules.

import { clear, h } from './dom.js';
import { formatNumber } from './format.js';

/** The most findings listed per rule: a 10 MB paste can have 100 000 of one kind, which
 * would take the page seconds to lay out (the download has them all). */
const GROUP_LIMIT = 200;

/** 错误 / 警告 / 提示 as a coloured badge. */
export function severityBadge(severity, L) {
  return h('span', { class: `nb-badge nb-sev-${severity}` }, L.severity(severity));
}

/** A rule's legal basis as a line, or null for a rule without one (the catalogue's —). */
export function ruleBasis(rule) {
  return rule.basis && rule.basis !== '—' ? h('p', { class: 'nb-basis' }, `依据：${rule.basis}`) : null;
}

/** Where a finding is: page, lines, table cell or section. */
export function locationText(d, L) {
  const bits = [];
  // A paged input (PDF) names the page too; the lines count in the text read from it.
  if (d.span && d.span.page) bits.push(`第 ${d.span.page} 页`);
  if (d.span) bits.push(d.span.line === d.span.end_line || !d.span.end_line ? `第 ${d.span.line} 行` : `第 ${d.span.line}–${d.span.end_line} 行`);
  if (d.table) {
    let t = L.tableShort(d.table);
    if (d.row) t += `“${L.rowLabel(d.table, d.row)}”`;
    if (d.column) t += `·${L.columnLabel(d.table, d.column)}`;
    bits.push(t);
  } else if (d.section) {
    bits.push(`第${d.section}部分`);
  }
  return bits.join(' · ');
}

/** What a finding found and expected, in words. */
export function evidenceText(d, L) {
  const e = d.evidence;
  if (!e) return '';
  // Template keys read better as their names.
  const show = (v) => (d.code.startsWith('TPL-') ? L.template(v) : String(v));
  const has = (v) => v !== undefined && v !== null && v !== '';
  if (has(e.expected) && has(e.found)) return `应为 ${show(e.expected)}，实为 ${show(e.found)}`;
  if (has(e.expected)) return `应为 ${show(e.expected)}`;
  if (has(e.found)) return `相关内容：${show(e.found)}`;
  return '';
}

/**
 * Lists `diags` (each with its `index` in the result) in `box`, grouped by rule: the
 * most severe groups first, then in the order the rules first occur; each finding
 * numbered in that order. `rules`: the catalogue by code (title, explanation, basis);
 * `uid`: makes the ids unique on the page; `onActivate(index, how)`: a finding or one
 * of its cells was chosen. Returns the findings' elements by index and their numbers.
 */
export function renderFindings(box, diags, { labels: L, rules, uid, onActivate }) {
  clear(box);
  const buttons = [];
  const numbers = new Map();
  if (!diags.length) {
    box.append(h('p', { class: 'nb-empty' }, '没有发现问题。'));
    return { buttons, numbers };
  }
  // Group by code: errors first, then by where the code first occurs.
  const groups = new Map();
  for (const d of diags) {
    if (!groups.has(d.code)) groups.set(d.code, []);
    groups.get(d.code).push(d);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    // A loop, not Math.min(...spread): a group can hold 100 000+ findings (a 10 MB
    // paste), more arguments than a call may take.
    const best = (g) => g.reduce((m, d) => Math.min(m, L.severityRank(d.severity)), Infinity);
    const sa = best(a);
    const sb = best(b);
    return sa - sb || a[0].index - b[0].index;
  });
  let n = 0;
  for (const group of ordered) for (const d of group) numbers.set(d.index, ++n);
  for (const group of ordered) {
    const first = group[0];
    const rule = rules.get(first.code) || {};
    const sev = L.worst(group);
    const hid = `${uid}-g-${first.code}`;
    const list = h('ol', { class: 'nb-list' });
    for (const d of group.slice(0, GROUP_LIMIT)) {
      const num = numbers.get(d.index);
      const where = locationText(d, L);
      const evidence = evidenceText(d, L);
      const body = [
        h('span', { class: 'nb-num', 'aria-hidden': 'true' }, String(num)),
        // Read before the visible text, so the button is named by its content (the
        // visible text stays part of the name: WCAG 2.5.3).
        h('span', { class: 'nb-sr' }, `第 ${num} 条，${L.severity(d.severity)}：`),
        h('span', { class: 'nb-msg' }, d.message),
        where || evidence ? h('span', { class: 'nb-where' }, [where, evidence].filter(Boolean).join(' · ')) : null,
      ];
      const clickable = d.span || (d.cells && d.cells.length);
      const item = clickable
        ? h('button', {
          type: 'button',
          class: 'nb-finding',
          id: `${uid}-f-${d.index}`,
          dataset: { index: String(d.index), code: d.code },
          title: '按回车或点击，在原文中定位',
          onclick: () => onActivate(d.index, { from: 'list' }),
        }, body)
        : h('div', { class: 'nb-finding nb-static', id: `${uid}-f-${d.index}`, dataset: { index: String(d.index), code: d.code }, tabIndex: -1 }, body);
      const cellRef = (c, suspect) => h('button', {
        type: 'button',
        class: `nb-cell-ref${suspect ? ' nb-cell-ref-suspect' : ''}`,
        onclick: () => onActivate(d.index, { from: 'list', cell: c }),
      }, `${L.tableShort(c.table)}：${L.rowLabel(c.table, c.row)} · ${L.columnLabel(c.table, c.column)}`
        + (suspect ? `（很可能填错：${formatNumber(suspect.found)}，应为${formatNumber(suspect.expected)}）` : ''));
      // The likely wrong cells first, then the others of the identity.
      const suspects = d.suspects || [];
      const isSuspect = (c) => suspects.find((s) => s.table === c.table && s.row === c.row && s.column === c.column);
      const cells = suspects.map((s) => cellRef(s, s))
        .concat((d.cells || []).filter((c) => !isSuspect(c)).map((c) => cellRef(c, null)));
      list.append(h('li', { class: `nb-item nb-sev-${d.severity}`, dataset: { severity: d.severity } },
        item,
        cells.length ? h('div', { class: 'nb-cells' }, h('span', { class: 'nb-cells-label' }, '相关单元格：'), cells) : null));
      buttons[d.index] = item;
    }
    if (group.length > GROUP_LIMIT) {
      list.append(h('li', { class: 'nb-item nb-more', dataset: { severity: sev } }, `另有 ${group.length - GROUP_LIMIT} 处同类问题未列出（下载检查结果可看到全部）。`));
    }
    box.append(h('section', { class: `nb-group nb-sev-${sev}`, dataset: { severity: sev, code: first.code }, 'aria-labelledby': hid },
      h('h3', { class: 'nb-group-title', id: hid },
        severityBadge(sev, L),
        ' ',
        h('span', { class: 'nb-title' }, rule.title || first.title),
        ' ',
        h('code', { class: 'nb-code' }, first.code),
        h('span', { class: 'nb-group-count' }, ` ${group.length} 处`)),
      rule.explanation ? h('p', { class: 'nb-explain' }, rule.explanation) : null,
      ruleBasis(rule),
      list));
  }
  return { buttons, numbers };
}
