// The table assistant's on-demand module (nianbao_tables), run in Node: every export on
// the tables of each fixture as the base module reads them, the exports' results read
// back by the checker (HTML by the base module, .docx through the readers module as the
// page's worker does), and malformed drafts thrown as Chinese errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WWW, fixtures } from './helpers.mjs';

function load(name, global) {
  const glue = readFileSync(join(WWW, 'pkg', `${name}.js`), 'utf8');
  const wb = new Function(`${glue}\nreturn ${global};`)();
  wb.initSync({ module: readFileSync(join(WWW, 'pkg', `${name}_bg.wasm`)) });
  return wb;
}

const base = load('nianbao', 'wasm_bindgen');
const readers = load('nianbao_readers', 'nianbao_readers');
const tables = load('nianbao_tables', 'nianbao_tables');

/** A fixture's report as the base module checks it. */
function report(text, name = 'r.txt') {
  return base.check({ name, text }).reports[0];
}

const templateOf = (r) => (r.report.template === '2019' ? '2019' : '2021');

test('layout() gives both templates as grids with input cells keyed by the contract', () => {
  const model = base.model();
  for (const template of ['2021', '2019']) {
    const l = tables.layout(template);
    assert.deepEqual(l.tables.map((t) => t.key), ['t2', 't3', 't4']);
    const t3 = l.tables[1];
    assert.equal(t3.title, '三、收到和处理政府信息公开申请情况');
    const rows = new Set(model.t3.rows.map((r) => r.key));
    const cols = new Set(model.t3.columns.map((c) => c.key));
    const inputs = t3.grid.flat().filter((c) => c.row !== undefined);
    assert.equal(inputs.length, (template === '2021' ? 25 : 23) * 7);
    for (const c of inputs) {
      assert.ok(rows.has(c.row) && cols.has(c.column), `${c.row}/${c.column}`);
    }
  }
  assert.throws(() => tables.layout('2020'), (e) => e instanceof Error && /2021 或 2019/.test(e.message));
});

test('check() on each fixture gives the arithmetic findings the checker gives', () => {
  for (const f of fixtures()) {
    const r = report(f.text);
    const arithmetic = (ds) => ds.filter((d) => /^T[34]-/.test(d.code)).map((d) => [d.code, d.message, d.suspects]);
    const out = tables.check(r.report.tables);
    assert.deepEqual(arithmetic(out.diagnostics), arithmetic(r.diagnostics), f.file);
    assert.ok(out.totals.length > 0);
    for (const t of out.totals) {
      assert.equal(typeof t.ok, 'boolean');
      assert.ok(Array.isArray(t.parts));
    }
    assert.ok(out.sentences.some((s) => s.key === 'outcomes'), f.file);
  }
  // An empty draft: nothing to say yet.
  const empty = tables.check({});
  assert.deepEqual(empty.diagnostics, []);
  assert.deepEqual(empty.sentences, []);
});

test('carry_forward() fills 上年结转 from last year\'s 结转下年度继续办理', () => {
  const r = report(fixtures()[4].text);
  const last = r.report.tables;
  const d = tables.carry_forward(last);
  assert.deepEqual(d.t3['2'], last.t3['4']);
  assert.deepEqual(d.last_year, JSON.parse(JSON.stringify(last)));
  const c = tables.check(d);
  assert.ok(c.totals.some((t) => t.rule === 'XY-CARRY' && t.ok));
});

test('to_html(), to_tsv() and to_docx() read back as the same tables', () => {
  for (const f of fixtures()) {
    const r = report(f.text);
    const template = templateOf(r);
    const html = tables.to_html(r.report.tables, template);
    assert.match(html, /<table/);
    assert.deepEqual(report(html, 't.html').report.tables, r.report.tables, f.file);

    const tsv = tables.to_tsv(r.report.tables, template);
    assert.ok(tsv.split('\n').some((l) => l.startsWith('一、本年新收政府信息公开申请数量\t')), f.file);

    const docx = tables.to_docx(r.report.tables, template);
    assert.ok(docx instanceof Uint8Array);
    assert.equal(base.reader_for(docx), 'docx');
    const items = readers.read('docx', docx);
    const back = base.check({ name: 't.docx', items }).reports[0];
    assert.deepEqual(back.report.tables, r.report.tables, f.file);
  }
});

test('a malformed draft is a thrown Error with a Chinese message', () => {
  const cases = [
    [() => tables.check({ t3: { 1: { total: 'x' } } }), /数字/],
    [() => tables.check({ t9: {} }), /t9/],
    [() => tables.check(42), /对象/],
    [() => tables.to_html({ t3: { 99: {} } }, '2021'), /表三/],
    [() => tables.to_docx({}, 'x'), /2021 或 2019/],
    [() => tables.carry_forward({ t4: { review: { bogus: 1 } } }), /bogus/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message));
  }
});
