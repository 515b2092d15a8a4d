// 年报检查 · the table assistant's editable grid (填写表格): one statistical table of the
// template as a real <table>, rendered from the core's layout (`layout()` of the tables
// module: rows of cells with colspan/rowspan, header and input cells). No label and no
// structure of the template is written here: they all come from the layout.
//
// Keyboard-first, like a spreadsheet: Tab/Shift+Tab go to the next/previous input cell
// (leaving the table after the last one), Enter/Shift+Enter go down/up (on to the next
// cell where the column ends), the arrow keys move between input cells (left/right once
// the caret is at the edge of the text), Escape restores what the cell held when it was
// entered. A paste of several cells (tab-separated lines, as Excel and WPS copy them)
// fills the cells from the focused one; a paste with anything other than numbers is
// refused as a whole, with a message, and nothing changes.

import { h } from './dom.js';

/** Normalises what a user typed into a cell: full-width digits and signs as ASCII,
 * thousands separators dropped. Returns {value: number|null} or {error: string}. */
export function parseNumber(text) {
  let s = String(text)
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/[\s\u3000]+/g, '');
  if (s === '') return { value: null };
  if (/^\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/[,，]/g, '');
  if (/^-\d+(\.\d+)?$/.test(s)) return { error: '不能为负数' };
  if (!/^\d+(\.\d+)?$/.test(s) && !/^\.\d+$/.test(s)) return { error: '只能填写数字' };
  const value = Number(s);
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return { error: '数字过大' };
  return { value };
}

/** Splits a spreadsheet's clipboard text into rows of fields (tab-separated lines); a
 * trailing line break ends the last row rather than adding an empty one. */
export function splitBlock(text) {
  const lines = String(text).replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => line.split('\t'));
}

const key = (row, column) => `${row}|${column}`;

export class Grid {
  /**
   * @param {{key: string, title: string, grid: object[][]}} table  one table of the layout
   * @param {{uid: string, onChange: Function, onMessage: Function}} opts
   *   onChange(cells): after the user changed cells (an array of {row, column});
   *   onMessage(text, kind): a message for the status line ('error' | 'info').
   */
  constructor(table, opts) {
    this.table = table;
    this.key = table.key;
    this.opts = opts;
    this.cells = new Map(); // "row|column" -> {input, td, hint, cell, r, c, label, entered}
    this.order = []; // input cells in reading order
    this.build();
  }

  build() {
    const { grid, title } = this.table;
    // Where each cell sits (the HTML table algorithm): the matrix of positions, each
    // pointing at the cell that covers it.
    const matrix = [];
    const placed = [];
    grid.forEach((row, r) => {
      matrix[r] = matrix[r] || [];
      let c = 0;
      for (const cell of row) {
        while (matrix[r][c]) c++;
        const p = { cell, r, c, rowspan: Math.max(1, cell.rowspan || 1), colspan: Math.max(1, cell.colspan || 1) };
        for (let i = 0; i < p.rowspan; i++) {
          matrix[r + i] = matrix[r + i] || [];
          for (let j = 0; j < p.colspan; j++) matrix[r + i][c + j] = p;
        }
        placed.push(p);
        c += p.colspan;
      }
    });
    this.matrix = matrix;
    const isInput = (p) => !!(p && p.cell.row && p.cell.column);
    const width = Math.max(0, ...matrix.map((m) => m.length));
    // A non-input cell with text labels the input cells to its right (a row header) or
    // below it (a column header); one that labels no input cell is plain data (<td>).
    const labelsRight = (p) => {
      for (let i = p.r; i < p.r + p.rowspan; i++) {
        for (let j = p.c + p.colspan; j < width; j++) if (isInput(matrix[i] && matrix[i][j])) return true;
      }
      return false;
    };
    const labelsBelow = (p) => {
      for (let j = p.c; j < p.c + p.colspan; j++) {
        for (let i = p.r + p.rowspan; i < matrix.length; i++) if (isInput(matrix[i] && matrix[i][j])) return true;
      }
      return false;
    };
    const headerText = (list) => list.map((p) => p.cell.text.trim()).filter(Boolean).join(' ');

    const uid = this.opts.uid;
    const trs = grid.map(() => h('tr'));
    for (const p of placed) {
      const { cell } = p;
      const span = { colSpan: p.colspan > 1 ? p.colspan : undefined, rowSpan: p.rowspan > 1 ? p.rowspan : undefined };
      if (isInput(p)) {
        // Named by its row and column headers, read from the layout.
        const rowHeads = [];
        for (let j = p.c - 1; j >= 0; j--) {
          const q = matrix[p.r][j];
          if (q && !isInput(q) && q.cell.text && !rowHeads.includes(q)) rowHeads.unshift(q);
        }
        const colHeads = [];
        for (let i = p.r - 1; i >= 0; i--) {
          const q = matrix[i] && matrix[i][p.c];
          if (!q || q === p) continue;
          // Upwards from the cell: the first run of text cells heads its column.
          if (isInput(q) || !q.cell.text) {
            if (colHeads.length) break;
            continue;
          }
          if (!colHeads.includes(q)) colHeads.unshift(q);
        }
        const rowLabel = headerText(rowHeads);
        const colLabel = headerText(colHeads);
        const label = [rowLabel, colLabel].filter(Boolean).join(' · ') || `${cell.row} · ${cell.column}`;
        const id = `${uid}-${this.key}-${cell.row}-${cell.column}`.replace(/[^\w-]/g, '_');
        const hint = h('span', { class: 'nb-dg-hint', id: `${id}-hint` });
        const input = h('input', {
          type: 'text',
          inputMode: 'decimal',
          autocomplete: 'off',
          spellcheck: false,
          class: 'nb-dg-input',
          id,
          'aria-label': label,
          'aria-describedby': hint.id,
          dataset: { table: this.key, row: cell.row, column: cell.column },
        });
        const td = h('td', { class: `nb-dg-cell${cell.total ? ' nb-dg-total' : ''}`, ...span }, input, hint);
        const entry = { input, td, hint, cell, r: p.r, c: p.c, rowspan: p.rowspan, colspan: p.colspan, label, rowLabel, colLabel, entered: '' };
        p.entry = entry;
        this.cells.set(key(cell.row, cell.column), entry);
        this.order.push(entry);
        input.addEventListener('focus', () => this.onFocus(entry));
        input.addEventListener('keydown', (e) => this.onKey(e, entry));
        input.addEventListener('input', () => this.onInput(entry));
        input.addEventListener('paste', (e) => this.onPaste(e, entry));
        trs[p.r].append(td);
      } else {
        const text = cell.text || '';
        const right = text && labelsRight(p);
        const below = text && !right && labelsBelow(p);
        const cls = `nb-dg-${cell.head || right || below ? 'head' : 'na'}${cell.cls ? ` nb-dg-${cell.cls}` : ''}`;
        if (right) trs[p.r].append(h('th', { scope: p.rowspan > 1 ? 'rowgroup' : 'row', class: cls, ...span }, text));
        else if (below) trs[p.r].append(h('th', { scope: p.colspan > 1 ? 'colgroup' : 'col', class: cls, ...span }, text));
        else trs[p.r].append(h('td', { class: cls, ...span }, text));
      }
    }
    this.order.sort((a, b) => a.r - b.r || a.c - b.c);
    this.tableEl = h('table', { class: `nb-dg-table nb-dg-${this.key}` }, h('caption', {}, title), h('tbody', {}, trs));
    // The table scrolls sideways inside its box on a narrow screen, never the page.
    this.element = h('div', { class: 'nb-dg-wrap', role: 'region', 'aria-label': `${title}（可左右滚动）`, tabIndex: -1 }, this.tableEl);
  }

  // ---- values ----

  entry(row, column) {
    return this.cells.get(key(row, column));
  }

  /** Puts a table's values (contract shape) into the cells; cells not given are blank. */
  setValues(data) {
    for (const e of this.order) {
      const v = data && data[e.cell.row] ? data[e.cell.row][e.cell.column] : null;
      e.input.value = v === null || v === undefined ? '' : String(v);
      this.validate(e);
    }
  }

  setValue(row, column, value) {
    const e = this.entry(row, column);
    if (!e) return false;
    e.input.value = value === null || value === undefined ? '' : String(value);
    this.validate(e);
    return true;
  }

  /** The table in the contract's shape (every input cell, null when blank), and the cells
   * whose text is not a number (kept in the cell, left out of the values). */
  values() {
    const data = {};
    const invalid = [];
    let filled = 0;
    for (const e of this.order) {
      const parsed = parseNumber(e.input.value);
      (data[e.cell.row] = data[e.cell.row] || {})[e.cell.column] = parsed.error ? null : parsed.value;
      if (parsed.error) invalid.push({ row: e.cell.row, column: e.cell.column, text: e.input.value, label: e.label, error: parsed.error });
      if (e.input.value.trim() !== '') filled++;
    }
    return { data, invalid, filled };
  }

  validate(e) {
    const parsed = parseNumber(e.input.value);
    e.td.classList.toggle('nb-dg-invalid', !!parsed.error);
    e.invalid = parsed.error || null;
    this.setInvalidState(e);
    return parsed;
  }

  setInvalidState(e) {
    const bad = !!e.invalid || e.td.classList.contains('nb-dg-flag-error');
    if (bad) e.input.setAttribute('aria-invalid', 'true');
    else e.input.removeAttribute('aria-invalid');
  }

  // ---- what the check found ----

  /** Shows the check's outcome for this table: each total's expected value (`totals`:
   * {row, column, ok, values}, the values its identities ask for), and the cells of
   * failing identities (the suspect cells strongest). */
  mark(totals, diagnostics, numberOf) {
    for (const e of this.order) {
      e.td.classList.remove('nb-dg-flag-error', 'nb-dg-flag-warning', 'nb-dg-flag-info', 'nb-dg-suspect', 'nb-dg-bad-total', 'nb-dg-ok-total', 'nb-dg-faint');
      e.hint.textContent = '';
      e.notes = [];
      e.faint = false;
    }
    for (const t of totals) {
      const e = this.entry(t.row, t.column);
      if (!e || !t.values.length) continue;
      if (t.ok) {
        e.td.classList.add('nb-dg-ok-total');
      } else {
        e.td.classList.add('nb-dg-bad-total');
        e.hint.textContent = `应为 ${t.values.join(' 或 ')}`;
      }
    }
    const rank = { error: 0, warning: 1, info: 2 };
    const same = (a, b) => a.row === b.row && a.column === b.column;
    for (const d of diagnostics) {
      const suspects = (d.suspects || []).filter((s) => s.table === this.key);
      const cells = (d.cells || []).filter((c) => c.table === this.key);
      if (d.table === this.key && d.row && d.column) cells.push({ row: d.row, column: d.column });
      // Where the likely wrong cell is named, it is marked; the rest of the identity only
      // faintly (as in the checker's tables).
      const named = (d.suspects || []).length > 0;
      const strong = named ? suspects : cells;
      for (const c of cells) {
        const e = this.entry(c.row, c.column);
        if (e && named && !suspects.some((s) => same(s, c))) e.faint = true;
      }
      for (const c of strong) {
        const e = this.entry(c.row, c.column);
        if (!e) continue;
        const worst = ['error', 'warning', 'info'].find((s) => e.td.classList.contains(`nb-dg-flag-${s}`));
        if (!worst || rank[d.severity] < rank[worst]) {
          if (worst) e.td.classList.remove(`nb-dg-flag-${worst}`);
          e.td.classList.add(`nb-dg-flag-${d.severity}`);
        }
        const n = numberOf ? numberOf(d) : null;
        if (!e.notes.includes(n)) e.notes.push(n);
      }
      for (const s of suspects) {
        const e = this.entry(s.row, s.column);
        if (!e) continue;
        e.td.classList.add('nb-dg-suspect');
        if (!e.hint.textContent && s.expected !== null && s.expected !== undefined) e.hint.textContent = `应为 ${s.expected}`;
      }
    }
    for (const e of this.order) {
      if (e.faint && !e.notes.length) e.td.classList.add('nb-dg-faint');
    }
    for (const e of this.order) {
      if (e.notes.length && e.notes[0] !== null) {
        // The numbers of the problems that name this cell (listed under the tables).
        const nums = e.notes.filter((n) => n !== null);
        e.hint.textContent = [e.hint.textContent, `问题 ${nums.join('、')}`].filter(Boolean).join(' · ');
      }
      this.setInvalidState(e);
    }
  }

  // ---- keyboard ----

  onFocus(e) {
    e.entered = e.input.value;
    // As in a spreadsheet: typing replaces the cell's content.
    e.input.select();
  }

  focus(e) {
    if (!e) return false;
    e.input.focus();
    e.input.select();
    e.td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return true;
  }

  focusCell(row, column) {
    return this.focus(this.entry(row, column));
  }

  focusFirst() {
    return this.focus(this.order[0]);
  }

  /** The input cell next to `e` in a direction (dr, dc), skipping non-input cells. */
  neighbour(e, dr, dc) {
    const m = this.matrix;
    if (dr) {
      for (let r = dr > 0 ? e.r + e.rowspan : e.r - 1; r >= 0 && r < m.length; r += dr) {
        const p = m[r] && m[r][e.c];
        if (p && p.entry && p.entry !== e) return p.entry;
      }
    } else {
      const row = m[e.r] || [];
      for (let c = dc > 0 ? e.c + e.colspan : e.c - 1; c >= 0 && c < row.length; c += dc) {
        const p = row[c];
        if (p && p.entry && p.entry !== e) return p.entry;
      }
    }
    return null;
  }

  step(e, n) {
    return this.order[this.order.indexOf(e) + n] || null;
  }

  onKey(ev, e) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.isComposing) return;
    const input = e.input;
    const len = input.value.length;
    const all = input.selectionStart === 0 && input.selectionEnd === len;
    let target;
    switch (ev.key) {
      case 'Tab':
        target = this.step(e, ev.shiftKey ? -1 : 1);
        if (!target) return; // leave the table
        break;
      case 'Enter':
        target = ev.shiftKey ? this.neighbour(e, -1, 0) || this.step(e, -1) : this.neighbour(e, 1, 0) || this.step(e, 1);
        if (!target) {
          ev.preventDefault();
          return;
        }
        break;
      case 'ArrowDown':
        target = this.neighbour(e, 1, 0);
        break;
      case 'ArrowUp':
        target = this.neighbour(e, -1, 0);
        break;
      case 'ArrowRight':
        if (!all && input.selectionEnd < len) return;
        target = this.neighbour(e, 0, 1);
        break;
      case 'ArrowLeft':
        if (!all && input.selectionStart > 0) return;
        target = this.neighbour(e, 0, -1);
        break;
      case 'Escape':
        if (input.value !== e.entered) {
          ev.preventDefault();
          input.value = e.entered;
          this.onInput(e);
          input.select();
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    if (target) this.focus(target);
  }

  onInput(e) {
    const parsed = this.validate(e);
    if (parsed.error) this.opts.onMessage(`“${e.label}”${parsed.error}：“${e.input.value.trim()}”未计入，请改为数字（不填请留空）。`, 'error');
    this.opts.onChange([{ row: e.cell.row, column: e.cell.column }]);
  }

  // ---- paste from a spreadsheet ----

  onPaste(ev, e) {
    const dt = ev.clipboardData;
    const text = dt && dt.getData('text/plain');
    // One value: the browser pastes it into the cell (then checked as typed).
    if (!text || !/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))) return;
    ev.preventDefault();
    ev.stopPropagation();
    const block = splitBlock(text);
    // The rows of the table that hold input cells, from the focused one down; in each, the
    // input cells from the focused cell's column rightwards.
    const rows = [...new Set(this.order.filter((x) => x.r >= e.r).map((x) => x.r))];
    const writes = [];
    const problems = [];
    block.forEach((fields, i) => {
      const r = rows[i];
      const targets = r === undefined ? [] : this.order.filter((x) => x.r === r && x.c + x.colspan > e.c);
      fields.forEach((field, j) => {
        const parsed = parseNumber(field);
        if (parsed.error) {
          problems.push(`第 ${i + 1} 行第 ${j + 1} 格“${field.trim().slice(0, 20)}”${parsed.error}`);
          return;
        }
        const t = targets[j];
        if (!t) {
          if (parsed.value !== null) problems.push(`第 ${i + 1} 行第 ${j + 1} 格超出了表格`);
          return;
        }
        writes.push([t, field.trim()]);
      });
    });
    if (problems.length) {
      const more = problems.length > 3 ? `等 ${problems.length} 处` : '';
      this.opts.onMessage(`未粘贴：${problems.slice(0, 3).join('；')}${more}。只能粘贴数字（从表格软件中只复制数字部分），表格未作改动。`, 'error');
      return;
    }
    for (const [t, value] of writes) {
      t.input.value = value;
      this.validate(t);
    }
    this.opts.onMessage(`已粘贴 ${block.length} 行、${writes.length} 个单元格（${e.label} 起）。`, 'info');
    this.opts.onChange(writes.map(([t]) => ({ row: t.cell.row, column: t.cell.column })));
    // The focus stays on the cell pasted into, as in a spreadsheet.
    e.input.select();
  }
}
