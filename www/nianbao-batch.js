// 年报检查 · the batch view: many reports at once (a county office's thirty departments,
// or one organ's reports over the years).
//
//   <nianbao-checker id="c"></nianbao-checker>
//   <nianbao-batch checker="c"></nianbao-batch>      (checker: the id; default: the first)
//
// Drop many files or a folder (or pick them): every report is checked together in the
// checker's worker (`checkMany`, so the cross-year rules compare reports of one organ in
// consecutive years), and a summary table lists them all: sortable by any column, each
// row opening that report's full result. Exports: the JSON result (the contract), a CSV
// of the findings and a CSV of the extracted tables (both open in Excel with the
// Chinese intact), and a printable HTML report; all made by the same Rust code as the
// command line's.
//
// Like the checker: report content only ever goes into the page as text nodes, nothing
// is sent anywhere, and it runs under the strict CSP (no inline script or style).
//
// This module is the entry: the view is lib/batch.js.

import { Batch } from './lib/batch.js';

if (typeof customElements !== 'undefined' && !customElements.get('nianbao-batch')) {
  customElements.define('nianbao-batch', class extends HTMLElement {
    async connectedCallback() {
      if (this.batch) return;
      await customElements.whenDefined('nianbao-checker');
      const id = this.getAttribute('checker');
      const checker = id ? document.getElementById(id) : document.querySelector('nianbao-checker');
      if (!checker || !checker.api || !checker.api.checkMany) {
        this.textContent = '批量检查需要同一页面上的年报检查器（<nianbao-checker>）。';
        return;
      }
      this.batch = new Batch(this, checker.api);
      this.batch.checkerElement = checker;
    }
  });
}
