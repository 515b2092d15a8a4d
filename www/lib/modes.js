// The checker's two modes, as tabs: 检查报告 (the checker view) and 填写表格 (the table
// assistant, lib/tables-view.js, built the first time it is opened).

import { h } from './dom.js';

export class Modes {
  /** `checkPanel`: the checker view's parts; `ready`: resolves when the table assistant
   * can be built; `makeTables()`: builds it (a TablesView). */
  constructor(id, checkPanel, ready, makeTables) {
    this.mode = 'check';
    /** The table assistant, once opened. */
    this.tables = null;
    this.ready = ready;
    this.makeTables = makeTables;
    this.checkPanel = h('div', { role: 'tabpanel', id: id('panel-check'), 'aria-labelledby': id('mode-check') }, checkPanel);
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
      onclick: () => this.select(mode),
      onkeydown: (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const other = mode === 'check' ? 'tables' : 'check';
        this.select(other);
        this.element.querySelector(`[data-mode=${other}]`).focus();
      },
    }, label);
    this.element = h('div', { class: 'nb-modes', role: 'tablist', 'aria-label': '功能' }, modeTab('check', '检查报告'), modeTab('tables', '填写表格'));
  }

  /** Shows a mode: 'check' or 'tables' (the table assistant: its module is loaded the
   * first time). */
  async select(mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    for (const tab of this.element.querySelectorAll('[role=tab]')) {
      const on = tab.dataset.mode === mode;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    this.checkPanel.hidden = mode !== 'check';
    this.tablesPanel.hidden = mode !== 'tables';
    if (mode !== 'tables') return;
    if (!this.tables) {
      await this.ready();
      if (this.tables) return;
      this.tables = this.makeTables();
      this.tablesPanel.append(this.tables.element);
    }
    this.tables.open();
  }
}
