// The WebAssembly API, run in Node (no browser): the input forms, bad input as findings
// (never exceptions), batches, the catalogue and model exports, UTF-16 spans, and the
// same results as the native command line for every fixture.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WWW, fixtures, native } from './helpers.mjs';

function loadWasm() {
  const glue = readFileSync(join(WWW, 'pkg', 'nianbao.js'), 'utf8');
  // The no-modules glue declares `wasm_bindgen`; evaluate it in a function scope.
  const wb = new Function(`${glue}\nreturn wasm_bindgen;`)();
  wb.initSync({ module: readFileSync(join(WWW, 'pkg', 'nianbao_bg.wasm')) });
  return wb;
}

const wb = loadWasm();
const one = (input) => {
  const out = wb.check(input);
  assert.equal(out.schema, 1);
  assert.equal(out.reports.length, 1);
  return out.reports[0];
};
const codes = (r) => r.diagnostics.map((d) => d.code);

test('check() takes a string, {name, text}, {name, bytes} and an ArrayBuffer', () => {
  const f = fixtures()[0];
  const a = one(f.text);
  assert.equal(a.source, '粘贴的文本');
  assert.match(a.verdict, /^(pass|fail)$/);
  const b = one({ name: f.file, text: f.text });
  assert.equal(b.source, f.file);
  const bytes = new TextEncoder().encode(f.text);
  const c = one({ name: f.file, bytes });
  const d = one({ name: f.file, bytes: bytes.buffer });
  for (const r of [b, c, d]) {
    assert.deepEqual(codes(r), codes(a));
    assert.equal(r.verdict, a.verdict);
  }
});

test('results are plain JSON-compatible objects (maps are objects, not Map)', () => {
  const r = one(fixtures()[4].text);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  const t3 = r.report.tables.t3;
  assert.equal(Object.getPrototypeOf(t3), Object.prototype);
  assert.equal(Object.getPrototypeOf(t3['1']), Object.prototype);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('bad input is a finding, never an exception', () => {
  for (const input of [undefined, null, 42, true, {}, { name: 'x.txt' }, { name: 'x.txt', bytes: 'not bytes' }, [1, 2]]) {
    const out = wb.check(input);
    assert.equal(out.schema, 1);
    for (const r of out.reports) {
      assert.equal(r.verdict, 'unreadable');
      assert.ok(r.diagnostics.length >= 1);
      assert.ok(r.diagnostics.every((d) => typeof d.message === 'string' && d.message.length > 0));
    }
  }
  assert.deepEqual(codes(one('')), ['IN-EMPTY']);
  assert.deepEqual(codes(one('  \n\t ')), ['IN-EMPTY']);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x00, 0x81]);
  const r = one({ name: 'picture.png', bytes: png });
  assert.equal(r.verdict, 'unreadable');
  assert.ok(codes(r).includes('IN-UNSUPPORTED'), codes(r).join());
  assert.match(r.diagnostics[0].message, /[\u4e00-\u9fff]/);
});

test('over-large input gets IN-TOO-LARGE without being read', () => {
  const max = wb.model().max_input_bytes;
  const r = one({ name: 'big.txt', bytes: new Uint8Array(max + 1) });
  assert.deepEqual(codes(r), ['IN-TOO-LARGE']);
});

test('past the limits: a line too long is refused, and one rule lists at most 100 findings', () => {
  const line = one(`一、总体情况\n${'政'.repeat(90_000)}`);
  assert.deepEqual(codes(line), ['IN-TOO-LARGE']);
  assert.match(line.diagnostics[0].message, /第 2 行过长/);
  const r = one(`一、总体情况\n内容。\n${'12\n'.repeat(150)}`);
  assert.equal(codes(r).filter((c) => c === 'CNT-ARTIFACT').length, 100);
  const note = r.diagnostics.at(-1);
  assert.equal(note.code, 'IN-OMITTED');
  assert.equal(note.severity, 'info');
  assert.match(note.message, /共发现 150 处，只列出前 100 处，其余 50 处未列出/);
});

test('HTML and other formats go through check_bytes and never throw', () => {
  const html = '<!doctype html><html><body><h1>某县2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><script>alert(1)</script></body></html>';
  const r = one({ name: '粘贴的格式文本.html', bytes: new TextEncoder().encode(html) });
  assert.match(r.verdict, /^(pass|fail)$/);
  const docx = one({ name: 'report.docx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]) });
  assert.equal(docx.verdict, 'unreadable');
});

test('a batch keeps the order of its inputs, bad ones included', () => {
  const fx = fixtures();
  const out = wb.check([{ name: fx[0].file, text: fx[0].text }, null, { name: fx[3].file, bytes: new TextEncoder().encode(fx[3].text) }]);
  assert.equal(out.reports.length, 3);
  assert.equal(out.reports[0].source, fx[0].file);
  assert.ok(codes(out.reports[1]).includes('IN-UNSUPPORTED'));
  assert.equal(out.reports[2].source, fx[3].file);
});

test('spans carry UTF-16 offsets that agree with their lines and columns', () => {
  for (const f of fixtures()) {
    const r = one(f.text);
    for (const d of r.diagnostics.filter((x) => x.span)) {
      const s = d.span;
      assert.ok(s.start_utf16 <= s.end_utf16 && s.end_utf16 <= f.text.length, `${f.name} ${d.code}`);
      const before = f.text.slice(0, s.start_utf16);
      const line = before.split('\n').length;
      const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
      assert.equal(line, s.line, `${f.name} ${d.code} line`);
      assert.equal(column, s.column, `${f.name} ${d.code} column`);
    }
  }
});

test('rules() is the catalogue and names every code a result uses', () => {
  const rules = wb.rules();
  const known = new Set(rules.map((r) => r.code));
  assert.equal(known.size, rules.length);
  assert.ok(rules.length >= 30);
  for (const r of rules) {
    assert.ok(r.title && r.explanation, r.code);
    assert.match(r.severity, /^(error|warning|info)$/);
  }
  for (const f of fixtures()) for (const c of codes(one(f.text))) assert.ok(known.has(c), c);
  assert.match(wb.version(), /^\d+\.\d+\.\d+ \(schema 1\)$/);
});

test('model() has the table keys and labels of the contract', () => {
  const m = wb.model();
  assert.equal(m.sections.length, 6);
  assert.equal(m.sections[0].title, '总体情况');
  const t3 = m.t3.rows.map((r) => r.key);
  for (const k of ['1', '2', '3.1', '3.6', '3.6.1', '3.6.3', '3.7', '4']) assert.ok(t3.includes(k), k);
  assert.deepEqual(m.t3.columns.map((c) => c.key), ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other', 'total']);
  assert.deepEqual(m.t4.rows.map((r) => r.key), ['review', 'litigation_direct', 'litigation_after_review']);
  assert.ok(m.t2.row_columns.rules['2021'].includes('in_force'));
});

test('the wasm build gives the native command line\'s result for every fixture', () => {
  const fx = fixtures();
  const nat = native(fx.map((f) => f.path)).reports;
  fx.forEach((f, i) => {
    const w = one({ name: f.file, text: f.text });
    const n = nat[i];
    assert.equal(w.verdict, n.verdict, f.name);
    assert.deepEqual(w.counts, n.counts, f.name);
    assert.deepEqual(w.diagnostics, n.diagnostics, f.name);
    assert.deepEqual(w.report, n.report, f.name);
  });
});

test('check_many: the files of a folder not read come back as skipped, with the core\'s reasons, and in the findings CSV', () => {
  const f = fixtures()[1];
  const exts = wb.model().supported_extensions;
  assert.ok(Array.isArray(exts) && exts.includes('txt') && exts.includes('docx'), String(exts));
  const out = wb.check_many({
    inputs: [{ name: 'nb/a.txt', text: f.text }],
    skipped: ['nb/photo.png', { name: 'nb/big.txt', reason: '文件过大' }, { name: 'nb/.DS_Store' }],
  });
  assert.equal(out.reports.length, 1);
  assert.deepEqual(out.skipped.map((s) => s.source), ['nb/photo.png', 'nb/big.txt', 'nb/.DS_Store']);
  assert.match(out.skipped[0].reason, /^不支持的文件类型（\.png/);
  assert.equal(out.skipped[1].reason, '文件过大');
  assert.equal(out.skipped[2].reason, '隐藏文件');
  const rows = out.exports.findings_csv.split('\r\n').filter((l) => l.includes(',未检查,'));
  assert.equal(rows.length, 3);
  assert.ok(rows[0].startsWith('nb/photo.png,'));
  // An array is still taken as it was, with nothing skipped.
  assert.deepEqual(wb.check_many([{ name: 'a.txt', text: f.text }]).skipped, []);
});
