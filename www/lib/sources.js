// What the checker checks, a tab each: the editor's text and the documents beside it
// (files, a text too large for the editor, the clipboard's formatted text); which one is
// shown; and the text each one's result points into.

import { clear, h } from './dom.js';
import { decodeUtf8, tooLarge } from './files.js';

/** The most files the checker takes at once (one tab each); the batch view takes any number. */
const MAX_TABS = 20;

/** Of `files`, those the checker takes (at most MAX_TABS, none over `limit` bytes), and
 * a note naming the others, if any, and why: none is left out silently. */
export function tabFiles(files, limit) {
  const notes = [];
  const tooBig = files.filter((f) => f.size > limit);
  if (tooBig.length) notes.push(tooBig.map((f) => `文件“${f.name}”${tooLarge(f.size, limit)}，未检查。`).join(' '));
  const fit = files.filter((f) => f.size <= limit);
  if (fit.length > MAX_TABS) {
    const rest = fit.slice(MAX_TABS);
    notes.push(`一次最多检查 ${MAX_TABS} 个文件，其余 ${rest.length} 个未检查：${rest.map((f) => `“${f.name}”`).join('、')}。更多文件请用批量检查。`);
  }
  return { take: fit.slice(0, MAX_TABS), note: notes.join(' ') };
}

/** The name of what was pasted or typed. */
export const PASTED = '粘贴的文本';

function editorSource() {
  return { name: PASTED, result: null, checkedText: null, ms: 0 };
}

export class Sources {
  /** `controls`: the ids of the editor and of the read-only view; `onSelect(index)`: a tab
   * was chosen; `onLayout(inEditor)`: the editor or the read-only view is now shown. */
  constructor(controls, onSelect, onLayout) {
    this.controls = controls;
    this.onSelect = onSelect;
    this.onLayout = onLayout;
    /** The editor's text: its name, result, the text that result is for, time taken. */
    this.text = editorSource();
    /** The documents: {kind ('file', 'large', 'rich'), name, label, bytes or text, result, ms}. */
    this.docs = [];
    /** -1: the editor; i ≥ 0: docs[i]. */
    this.active = -1;
    this.element = h('div', { class: 'nb-tabs', role: 'tablist', 'aria-label': '检查对象', hidden: true });
  }

  /** Forgets the editor's text and its result. */
  resetText() {
    this.text = editorSource();
  }

  /** The editor's source is the paste, not a named file or sample. */
  get pasted() {
    return this.text.name === PASTED;
  }

  /** Shows `docs` (none: the editor alone), `active` the one shown. */
  setDocs(docs, active) {
    this.docs = docs;
    this.active = active;
    this.render();
  }

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

  /** Shows source `index`: false when it already was. */
  select(index) {
    if (index === this.active) return false;
    this.active = index;
    this.render();
    return true;
  }

  render() {
    clear(this.element);
    this.element.hidden = this.docs.length === 0;
    const sources = [{ label: this.pasted ? '编辑框' : `编辑框（${this.text.name}）`, index: -1 }]
      .concat(this.docs.map((d, i) => ({ label: d.label, index: i })));
    for (const s of sources) {
      const selected = s.index === this.active;
      const tab = h('button', {
        type: 'button',
        role: 'tab',
        class: 'nb-tab',
        'aria-selected': String(selected),
        'aria-controls': s.index < 0 ? this.controls.editor : this.controls.view,
        tabIndex: selected ? 0 : -1,
        onclick: () => this.onSelect(s.index),
        onkeydown: (e) => {
          const tabs = [...this.element.querySelectorAll('[role=tab]')];
          const at = tabs.indexOf(e.currentTarget);
          let next = -1;
          if (e.key === 'ArrowRight') next = (at + 1) % tabs.length;
          else if (e.key === 'ArrowLeft') next = (at - 1 + tabs.length) % tabs.length;
          else if (e.key === 'Home') next = 0;
          else if (e.key === 'End') next = tabs.length - 1;
          if (next >= 0) {
            e.preventDefault();
            this.onSelect(next - 1);
            this.element.querySelectorAll('[role=tab]')[next].focus();
          }
        },
      }, s.label);
      this.element.append(tab);
    }
    this.onLayout(this.active < 0);
  }
}
