// The read-only view of a text that is not in the editor (a file's text, the text a
// .docx, PDF or web page was converted to, a text too large for the editor), with the
// findings' places marked: a window of it around the place looked at.

import { clear, h } from './dom.js';
import { formatCount } from './format.js';
import { markedFragment } from './text-marks.js';

/** The read-only view shows at most this much text around the place looked at: every
 * report of realistic length whole (most are under 10 000 characters), while a
 * pathological input (a 3 MB line, a row of a million cells) costs the browser a
 * bounded layout. Laying out one line of 200 000 characters blocked the page for 1–2 s
 * on a busy machine, and 100 000 still up to 1.4 s (a tab-separated row). */
export const VIEW_WINDOW = 50_000;

export class TextView {
  /** `onMark(index)`: the mark of finding `index` was clicked. */
  constructor(id, onMark) {
    this.element = h('pre', {
      class: 'nb-rendered',
      id: id('rendered'),
      tabIndex: 0,
      hidden: true,
      role: 'region',
      'aria-label': '所检查的文本',
      onclick: (e) => {
        const mark = e.target.closest && e.target.closest('mark[data-index]');
        if (mark) onMark(Number(mark.dataset.index));
      },
    });
    this.note = h('p', { class: 'nb-rendered-note', hidden: true });
  }

  set hidden(hidden) {
    this.element.hidden = hidden;
    this.note.hidden = hidden;
  }

  /** Shows source `src`'s `text` (null: it cannot be shown) with the places
   * `marksOf(text)`; `current` is the finding looked at (or null): the window is around
   * its place. */
  render(src, text, marksOf, current) {
    clear(this.element);
    if (!src || !src.result) {
      this.note.textContent = src && src.failed ? `未能检查“${src.name}”。` : '正在检查…';
      return;
    }
    if (text === null) {
      this.note.textContent = `无法显示“${src.name}”的内容。`;
      return;
    }
    this.note.textContent = typeof src.result.text === 'string'
      ? `以下是由“${src.name}”转换得到的文本，问题位置按此标出（只读）。`
      : src.kind === 'large'
        ? `内容较大（${formatCount(text.length)} 字），不放入编辑框，以下只读显示。`
        : `以下是“${src.name}”的内容（只读）。`;
    // Large texts: a window around the place looked at.
    let from = 0;
    let to = text.length;
    if (text.length > VIEW_WINDOW) {
      const center = current && current.span ? Math.min(current.span.start_utf16, text.length) : 0;
      from = Math.max(0, Math.min(center - VIEW_WINDOW / 2, text.length - VIEW_WINDOW));
      if (from > 0) from = text.lastIndexOf('\n', from) + 1;
      to = Math.min(text.length, from + VIEW_WINDOW);
    }
    const ranges = marksOf(text)
      .filter((r) => r.end >= from && r.start <= to)
      .map((r) => ({ ...r, start: Math.max(0, r.start - from), end: Math.min(to, r.end) - from }));
    if (from > 0) this.element.append(h('span', { class: 'nb-elided' }, `……（前面 ${formatCount(from)} 字未显示）\n`));
    this.element.append(markedFragment(text.slice(from, to), ranges, current ? current.index : -1));
    if (to < text.length) this.element.append(h('span', { class: 'nb-elided' }, `\n……（后面 ${formatCount(text.length - to)} 字未显示）`));
  }

  /** Scrolls the current mark into view; `andPage`: the page too. */
  scrollToCurrent(andPage) {
    const mark = this.element.querySelector('.nb-mark-current');
    if (!mark) return;
    this.element.scrollTop = Math.max(0, mark.offsetTop - this.element.clientHeight / 3);
    if (andPage) this.element.scrollIntoView({ block: 'nearest' });
  }
}
