// The editor: the textarea a report is pasted or typed into, the layer behind it that
// marks the findings' places, the note on the findings at the caret; and what a paste
// holds, wherever it is made.

import { append, clear, h } from './dom.js';
import { markedFragment } from './text-marks.js';

/** Texts longer than this (in UTF-16 units) do not go into the editor: a browser's
 * textarea takes seconds to lay out megabytes of text, freezing the page. They are
 * checked as they are and shown read-only, a window at a time. A report is rarely over
 * 100 000 characters. */
export const EDITOR_LIMIT = 300_000;
/** Without the highlight layer behind the editor above this length: the layer is laid
 * out again on every keystroke. */
export const BACKDROP_LIMIT = 150_000;

/** What a paste holds: `{files}` when it holds files, else `{plain, html}` (the text and
 * the clipboard's HTML, each possibly ''). */
export function pasted(data) {
  if (data.files && data.files.length) return { files: [...data.files] };
  return { plain: data.getData('text/plain'), html: data.getData('text/html') };
}

/** The checker that takes pastes made with nothing editable focused (the first one). */
let pasteOwner = null;

/** Calls `onPaste(e)` for a paste made in `root` outside anything editable (the read-only
 * view, a button), or on the page with nothing editable focused when this is the page's
 * first checker; `takes()` tells whether the checker takes pastes now. Returns the
 * function that stops listening. */
export function listenForPastes(root, owner, takes, onPaste) {
  const listener = (e) => {
    if (e.defaultPrevented || !takes(e)) return;
    const isEditable = (el) => !!el && el.nodeType === 1 && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    const t = e.target;
    if (isEditable(t)) return;
    if (!root.contains(t)) {
      // Elsewhere on the page: only the first checker, and only with nothing focused.
      const focused = document.activeElement;
      if (pasteOwner !== owner || (focused && focused !== document.body && !root.contains(focused))) return;
    }
    onPaste(e);
  };
  if (!pasteOwner) pasteOwner = owner;
  document.addEventListener('paste', listener);
  return () => {
    document.removeEventListener('paste', listener);
    if (pasteOwner === owner) pasteOwner = null;
  };
}

export class Editor {
  /** `id(name)` makes the checker's element ids; `on` holds the listeners: input, paste
   * (the paste event in the textarea), caret (the caret moved). */
  constructor(id, on) {
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
    this.element = h('div', { class: 'nb-editor', id: id('editor') }, this.backdrop, this.textarea, this.dropOverlay);
    this.caretNote = h('p', { class: 'nb-caret-note', id: id('caret'), 'aria-live': 'polite' });

    this.textarea.addEventListener('input', on.input);
    this.textarea.addEventListener('paste', on.paste);
    this.textarea.addEventListener('scroll', () => this.syncScroll());
    for (const ev of ['click', 'keyup', 'select']) this.textarea.addEventListener(ev, on.caret);
    if (typeof ResizeObserver === 'function') {
      this.resizer = new ResizeObserver(() => this.syncSize());
      this.resizer.observe(this.textarea);
    }
  }

  get value() {
    return this.textarea.value;
  }

  set hidden(hidden) {
    this.element.hidden = hidden;
    this.caretNote.hidden = hidden;
  }

  /** Whether a paste now replaces the whole text. */
  replacesAll() {
    const ta = this.textarea;
    return ta.value === '' || (ta.selectionStart === 0 && ta.selectionEnd === ta.value.length);
  }

  /** Redraws the layer behind the text: with `marksOf(text)` marked (the finding
   * `current` as the one looked at), or plain when `marksOf` is null. */
  paint(marksOf, current = -1) {
    const text = this.textarea.value;
    clear(this.backdropText);
    if (text.length > BACKDROP_LIMIT) {
      this.element.classList.add('nb-no-backdrop');
      return;
    }
    this.element.classList.remove('nb-no-backdrop');
    append(this.backdropText, [marksOf ? markedFragment(text, marksOf(text), current) : document.createTextNode(text)]);
    // A trailing newline needs a character after it to take up its line, as in the textarea.
    this.backdropText.append(document.createTextNode('\u200b'));
    this.syncSize();
    this.syncScroll();
  }

  /** Selects [start, end); `repaint()` redraws the marks for it. Scrolls the current
   * mark into view, or without the layer the place the selection has in the text. */
  select(start, end, repaint) {
    const ta = this.textarea;
    ta.setSelectionRange(start, end, 'forward');
    repaint();
    const mark = this.backdropText.querySelector('.nb-mark-current');
    if (mark) {
      ta.scrollTop = Math.max(0, mark.offsetTop - ta.clientHeight / 3);
    } else {
      ta.scrollTop = Math.max(0, (start / Math.max(1, ta.value.length)) * ta.scrollHeight - ta.clientHeight / 3);
    }
    this.syncScroll();
  }

  /** The caret's place in the text. */
  get caret() {
    return this.textarea.selectionStart;
  }

  syncSize() {
    this.backdropText.style.width = `${this.textarea.clientWidth}px`;
  }

  syncScroll() {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }

  destroy() {
    if (this.resizer) this.resizer.disconnect();
  }
}
