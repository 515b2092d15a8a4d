// The table assistant (填写表格, issue 14), the checker's second mode, in a real browser:
// a drafter fills table 三 of a small office from empty with the keyboard only, pastes a
// block from a spreadsheet, sees the wrong total named and fixes it with the fill button,
// copies the tables (HTML with merged cells and plain text in one clipboard item),
// downloads the .docx and the checker reads the same cells back; starting from a checked
// report's tables (a failing one fixed in place); carrying last year's report forward;
// axe-core in the mode; 360 px; the offline single file from file://.
//
// Expected values come from the template's arithmetic on the numbers typed (or from the
// native command line's reading of a fixture), never from what the page shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WWW, enterText, fixture, launch, native, offlineUrl, open, startServer } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const T3_COLUMNS = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other', 'total'];

let server;
let browser;
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-tables-'));

before(async () => {
  server = await startServer({ root: WWW });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const CLIPBOARD = { context: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true } };

/** Opens the 填写表格 mode with the keyboard (its tab, then Enter). */
async function openMode(page) {
  await page.focus('.nb-mode[data-mode=tables]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.nb-dg[data-state=ready], .nb-dg[data-state=done]', { timeout: 20000 });
}

/** Waits until the draft as it is now has been checked. */
async function settled(page) {
  await page.waitForSelector('.nb-dg[data-state=done]', { timeout: 20000 });
}

const input = (t, row, column) => `.nb-dg-input[data-table=${t}][data-row="${row}"][data-column=${column}]`;

async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return a && a.dataset && a.dataset.row ? `${a.dataset.table}/${a.dataset.row}/${a.dataset.column}` : a && a.tagName;
  });
}

/** The values of a table's grid, as the contract's shape: {row: {column: number|null}}. */
async function gridValues(page, table) {
  return page.evaluate((t) => {
    const out = {};
    for (const el of document.querySelectorAll(`.nb-dg-input[data-table=${t}]`)) {
      const v = el.value.trim();
      (out[el.dataset.row] = out[el.dataset.row] || {})[el.dataset.column] = v === '' ? null : Number(v);
    }
    return out;
  }, table);
}

/** A paste as a spreadsheet makes it: tab-separated lines as text/plain, into the focused cell. */
async function pasteTsv(page, text) {
  return page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.activeElement.dispatchEvent(ev);
    return ev.defaultPrevented;
  }, text);
}

async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document.querySelector('.nb-dg'), { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, TAGS);
}

/** The numbers of a small office's table 三, row by row in the 2021 template's order. */
const SMALL_OFFICE = {
  1: [3, 1, 0, 0, 0, 0, 4],
  2: [0, 0, 0, 0, 0, 0, 0],
  3.1: [2, 1, 0, 0, 0, 0, 3],
  3.2: [0, 0, 0, 0, 0, 0, 0],
  '3.3.1': [0, 0, 0, 0, 0, 0, 0],
  '3.3.2': [0, 0, 0, 0, 0, 0, 0],
  '3.3.3': [0, 0, 0, 0, 0, 0, 0],
  '3.3.4': [0, 0, 0, 0, 0, 0, 0],
  '3.3.5': [0, 0, 0, 0, 0, 0, 0],
  '3.3.6': [0, 0, 0, 0, 0, 0, 0],
  '3.3.7': [0, 0, 0, 0, 0, 0, 0],
  '3.3.8': [0, 0, 0, 0, 0, 0, 0],
  '3.4.1': [1, 0, 0, 0, 0, 0, 1],
  '3.4.2': [0, 0, 0, 0, 0, 0, 0],
  '3.4.3': [0, 0, 0, 0, 0, 0, 0],
  '3.5.1': [0, 0, 0, 0, 0, 0, 0],
  '3.5.2': [0, 0, 0, 0, 0, 0, 0],
  '3.5.3': [0, 0, 0, 0, 0, 0, 0],
  '3.5.4': [0, 0, 0, 0, 0, 0, 0],
  '3.5.5': [0, 0, 0, 0, 0, 0, 0],
  '3.6.1': [0, 0, 0, 0, 0, 0, 0],
  '3.6.2': [0, 0, 0, 0, 0, 0, 0],
  '3.6.3': [0, 0, 0, 0, 0, 0, 0],
  3.7: [3, 1, 0, 0, 0, 0, 4],
  4: [0, 0, 0, 0, 0, 0, 0],
};
const ROWS = Object.keys(SMALL_OFFICE).sort((a, b) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? -1) !== (pb[i] ?? -1)) return (pa[i] ?? -1) - (pb[i] ?? -1);
  return 0;
});
const asTable = (rows) => Object.fromEntries(Object.entries(rows).map(([r, vs]) => [r, Object.fromEntries(T3_COLUMNS.map((c, i) => [c, vs[i]]))]));

describe('填写表格', () => {
  test('a small office fills table 三 from empty with the keyboard, pastes a block, fixes a wrong total, copies and downloads', async () => {
    const p = await open(browser, server.url, CLIPBOARD);
    const { page } = p;
    // The tables module is loaded only when the mode is opened.
    assert.equal(p.requests.filter((u) => /nianbao_tables/.test(u)).length, 0, 'not loaded before the mode is opened');
    await openMode(page);
    assert.ok(p.requests.some((u) => /nianbao_tables_bg\.wasm/.test(u)), 'loaded when the mode opens');
    // The grid comes from the layout: table 三 has the template's 25 rows of 7 cells.
    assert.equal(await page.locator('.nb-dg-input[data-table=t3]').count(), 25 * 7);
    // Merged header cells, as in the template.
    assert.ok(await page.locator('.nb-dg-t3 th[colspan="7"]').count() >= 1);
    assert.ok(await page.locator('.nb-dg-t3 th[rowspan]').count() >= 3);

    // Row 一 and row 二 typed: the digits, Tab to the next cell (across the row, then on
    // to the next row's first cell).
    // Keyboard only: from the mode's tab, Tab to 空白表格, Enter (the first cell of table
    // 二 takes the focus), then Tab through table 二 into table 三.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '空白表格');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.dataset.table === 't2');
    const t2cells = await page.locator('.nb-dg-input[data-table=t2]').count();
    for (let i = 0; i < t2cells; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(page), 't3/1/natural_person');
    for (const v of SMALL_OFFICE[1]) {
      await page.keyboard.type(String(v));
      await page.keyboard.press('Tab');
    }
    assert.equal(await focused(page), 't3/2/natural_person', 'Tab after the last cell of a row goes to the next row');
    // Enter goes down, the arrows move between cells, Shift+Tab goes back.
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 't3/3.1/natural_person');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(page), 't3/2/natural_person');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 't3/2/commercial');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 't3/2/natural_person');
    // Only numbers: a Chinese numeral is kept in the cell (nothing lost), named, and not counted.
    await page.keyboard.type('零');
    await page.waitForFunction(() => /只能填写数字/.test(document.querySelector('.nb-dg-status').textContent));
    assert.equal(await page.inputValue(input('t3', '2', 'natural_person')), '零');
    assert.equal(await page.getAttribute(input('t3', '2', 'natural_person'), 'aria-invalid'), 'true');
    // Escape restores what the cell held when entered.
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue(input('t3', '2', 'natural_person')), '');
    for (const v of SMALL_OFFICE[2]) {
      await page.keyboard.type(String(v));
      await page.keyboard.press('Tab');
    }
    assert.equal(await focused(page), 't3/3.1/natural_person');

    // The rest pasted from a spreadsheet, with one wrong total: 总计 of （七）总计 is 5,
    // where its row's parts (3 + 1) and the column's parts (3 + 1) give 4.
    const pasted = ROWS.slice(2).map((r) => (r === '3.7' ? [3, 1, 0, 0, 0, 0, 5] : SMALL_OFFICE[r]).join('\t')).join('\r\n') + '\r\n';
    // A block with a word in it is refused whole: nothing changes.
    assert.equal(await pasteTsv(page, '2\t1\n一\t0\n'), true);
    assert.match(await page.textContent('.nb-dg-status'), /未粘贴.*只能/);
    assert.equal(await page.inputValue(input('t3', '3.1', 'natural_person')), '');
    assert.equal(await pasteTsv(page, pasted), true);
    await settled(page);
    const typed = await gridValues(page, 't3');
    const want = asTable({ ...SMALL_OFFICE, 3.7: [3, 1, 0, 0, 0, 0, 5] });
    assert.deepEqual(typed, want);

    // The wrong total is named: its cell shows what it should be (the sum of its parts),
    // marked as the suspect, and a finding in the list says so.
    const sum = SMALL_OFFICE[3.7].slice(0, 6).reduce((a, b) => a + b, 0);
    const cell = page.locator(input('t3', '3.7', 'total')).locator('xpath=..');
    assert.match(await cell.getAttribute('class'), /nb-dg-(suspect|bad-total)/);
    assert.match(await cell.locator('.nb-dg-hint').textContent(), new RegExp(`应为 ${sum}`));
    assert.ok(await page.locator('.nb-dg-problem[data-code^="T3-"]').count() >= 1);
    // The finding's message (the module's) names the cell and the value its parts give,
    // and its button goes to that cell.
    const problem = page.locator('.nb-dg-problem', { has: page.locator('.nb-dg-goto[data-row="3.7"][data-column=total]') }).first();
    assert.match(await problem.textContent(), new RegExp(`（七）总计[^。]*${sum}`));
    await problem.locator('.nb-dg-goto').click();
    assert.equal(await focused(page), 't3/3.7/total');
    // The fill button, reached and pressed with the keyboard.
    const fill = page.locator('.nb-dg-fill[data-table=t3][data-row="3.7"][data-column=total]').first();
    assert.match(await fill.textContent(), new RegExp(`填入 ${sum}`));
    await fill.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue(input('t3', '3.7', 'total')), String(sum));
    assert.equal(await focused(page), 't3/3.7/total', 'back to the filled cell');
    await settled(page);
    assert.equal(await page.locator('.nb-dg-problem.nb-sev-error').count(), 0, await page.textContent('.nb-dg-problems'));
    assert.deepEqual(await gridValues(page, 't3'), asTable(SMALL_OFFICE));

    // Standard sentences from the numbers, with copy buttons.
    // 本年新收 4 (row 一's 总计); of the 4 handled, 3 予以公开 (75%) and 1 无法提供 (25%).
    const sentence = (key) => page.locator(`.nb-dg-sentence[data-key=${key}] .nb-dg-sentence-text`).textContent();
    assert.match(await sentence('applications'), /4件/);
    assert.match(await sentence('outcomes'), /予以公开3件[^。；]*75(\.0+)?%/);
    assert.match(await sentence('outcomes'), /无法提供1件[^。；]*25(\.0+)?%/);

    // Copy: one clipboard item with HTML (merged cells, the values) and plain text.
    await page.locator('button', { hasText: '复制表格' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /已复制表格/.test(document.querySelector('.nb-dg-status').textContent));
    const clip = await page.evaluate(async () => {
      // Unsanitized: the HTML as the page put it there (a sanitizing read would parse it
      // under the page's CSP, which blocks the inline borders it carries for Word).
      const [item] = await navigator.clipboard.read({ unsanitized: ['text/html'] });
      return {
        types: item.types,
        html: await (await item.getType('text/html')).text(),
        plain: await (await item.getType('text/plain')).text(),
      };
    });
    // Read here, not in the page: parsing the HTML there would apply its inline styles
    // under the page's CSP (blocked, and logged as errors).
    const t3html = clip.html.split(/<table/i).find((t) => t.includes('予以公开'));
    assert.ok(t3html, clip.html.slice(0, 500));
    clip.merged = [...t3html.matchAll(/(colspan|rowspan)="?(\d+)/gi)].filter((m) => Number(m[2]) > 1).length;
    const row = t3html.split(/<tr/i).find((tr) => tr.includes('予以公开'));
    clip.row = [...row.matchAll(/<td[^>]*>([^<]*)</gi)].map((m) => m[1].trim()).filter((x) => /^\d+$/.test(x)).map(Number);
    assert.ok(clip.types.includes('text/html') && clip.types.includes('text/plain'), clip.types.join());
    assert.ok(clip.merged >= 4, `merged cells in the copied table 三: ${clip.merged}`);
    assert.deepEqual(clip.row, SMALL_OFFICE[3.1]);
    assert.match(clip.plain, new RegExp(`(^|\\t)${SMALL_OFFICE[3.1].join('\\t')}\\s*$`, 'm'));

    // Download the .docx: the checker reads the same table 三 back from it.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('text=下载 Word 文件')]);
    assert.match(dl.suggestedFilename(), /\.docx$/);
    const bytes = readFileSync(await dl.path());
    const back = await page.evaluate(async (b) => {
      const r = await document.querySelector('nianbao-checker').api.check({ name: 'tables.docx', bytes: new Uint8Array(b) });
      return r.reports[0].report.tables;
    }, [...bytes]);
    assert.deepEqual(back.t3, asTable(SMALL_OFFICE));

    // And the JSON: the contract's table keys.
    const [jl] = await Promise.all([page.waitForEvent('download'), page.click('text=下载 JSON')]);
    const json = JSON.parse(readFileSync(await jl.path(), 'utf8'));
    assert.deepEqual(json.t3, asTable(SMALL_OFFICE));
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('starts from the tables of the report checked in the checker, and fixes it in place', async () => {
    // Fixture 003 with one wrong total: 总计 of row （七）总计 raised by one.
    const f = fixture('003');
    const lines = f.text.split('\n');
    const at = lines.findIndex((l) => l.trim() === '（七）总计');
    assert.ok(at > 0);
    const right = Number(lines[at + 7].trim());
    lines[at + 7] = lines[at + 7].replace(String(right), String(right + 1));
    const broken = lines.join('\n');
    const path = join(tmp, '003-broken.txt');
    writeFileSync(path, broken);
    const nat = native([path]).reports[0];
    assert.ok(nat.diagnostics.some((d) => d.code.startsWith('T3-')), 'the native check finds the broken total');

    const p = await open(browser, server.url);
    const { page } = p;
    await enterText(page, broken);
    await openMode(page);
    await page.click('text=用当前报告的表格');
    await settled(page);
    // Every cell of the report's tables is in the grid.
    for (const t of ['t2', 't3', 't4']) {
      const grid = await gridValues(page, t);
      for (const [row, cols] of Object.entries(nat.report.tables[t])) {
        for (const [col, v] of Object.entries(cols)) assert.equal(grid[row]?.[col], v, `${t} ${row} ${col}`);
      }
    }
    const cell = page.locator(input('t3', '3.7', 'total')).locator('xpath=..');
    assert.match(await cell.locator('.nb-dg-hint').textContent(), new RegExp(`应为 ${right}`));
    await page.locator('.nb-dg-fill[data-row="3.7"][data-column=total]').first().click();
    await settled(page);
    assert.equal(await page.inputValue(input('t3', '3.7', 'total')), String(right));
    assert.equal(await page.locator('.nb-dg-problem.nb-sev-error').count(), 0);
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('carries last year\'s report forward: 上年结转 filled, 现行有效 expected shown', async () => {
    const last = fixture('001');
    const lt = native([last.path]).reports[0].report.tables;
    const p = await open(browser, server.url);
    const { page } = p;
    await openMode(page);
    await page.setInputFiles('.nb-dg input[type=file]', last.path);
    await page.waitForFunction(() => /结转了上年数据/.test(document.querySelector('.nb-dg-status').textContent), null, { timeout: 20000 });
    await settled(page);
    // 上年结转 = last year's 结转下年度继续办理, column by column.
    const grid = await gridValues(page, 't3');
    for (const c of T3_COLUMNS) assert.equal(grid['2'][c], lt.t3['4'][c], `上年结转 ${c}`);
    // 现行有效 = last year's + 制发 − 废止: at once last year's (nothing issued or repealed
    // yet), then with this year's numbers.
    const inForce = page.locator(input('t2', 'normative_documents', 'in_force')).locator('xpath=..').locator('.nb-dg-hint');
    assert.match(await inForce.textContent(), new RegExp(`应为 ${lt.t2.normative_documents.in_force}`));
    const issued = 2;
    const repealed = 1;
    await page.fill(input('t2', 'normative_documents', 'issued'), String(issued));
    await page.fill(input('t2', 'normative_documents', 'repealed'), String(repealed));
    await settled(page);
    const wantInForce = lt.t2.normative_documents.in_force + issued - repealed;
    const hint = page.locator(input('t2', 'normative_documents', 'in_force')).locator('xpath=..').locator('.nb-dg-hint');
    assert.match(await hint.textContent(), new RegExp(`应为 ${wantInForce}`));
    // A report dropped on the mode is last year's too.
    const other = fixture('003');
    const ot = native([other.path]).reports[0].report.tables;
    const dt = await page.evaluateHandle((f) => {
      const d = new DataTransfer();
      d.items.add(new File([f.text], f.name, { type: 'text/plain' }));
      return d;
    }, { text: other.text, name: other.file });
    await page.dispatchEvent('.nb-dg', 'drop', { dataTransfer: dt });
    await page.waitForFunction((name) => document.querySelector('.nb-dg-status').textContent.includes(name), other.file, { timeout: 20000 });
    await settled(page);
    const again = await gridValues(page, 't3');
    for (const c of T3_COLUMNS) assert.equal(again['2'][c], ot.t3['4'][c], `上年结转 ${c} from the dropped report`);
    // The checker's own text was left alone.
    assert.equal(await page.inputValue('.nb-textarea'), '');
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('the draft is kept on the machine only when asked, and cleared with one click', async () => {
    const p = await open(browser, server.url);
    const { page } = p;
    const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nianbao')));
    await openMode(page);
    await page.focus(input('t4', 'review', 'upheld'));
    await page.keyboard.type('2');
    await settled(page);
    assert.deepEqual(await stored(), [], 'nothing stored without the tick');
    await page.check('.nb-dg-save input[type=checkbox]');
    await page.focus(input('t4', 'review', 'total'));
    await page.keyboard.type('2');
    await settled(page);
    assert.equal((await stored()).length, 1);
    // Opened again: the draft comes back, the box ticked.
    await page.reload();
    await page.waitForSelector('.nb-root[data-state=ready]');
    await openMode(page);
    await settled(page);
    assert.equal(await page.inputValue(input('t4', 'review', 'upheld')), '2');
    assert.equal(await page.inputValue(input('t4', 'review', 'total')), '2');
    assert.equal(await page.isChecked('.nb-dg-save input[type=checkbox]'), true);
    await page.click('text=清除本机草稿');
    assert.deepEqual(await stored(), []);
    assert.equal(await page.isChecked('.nb-dg-save input[type=checkbox]'), false);
    // Typing goes on without storing.
    await page.focus(input('t4', 'review', 'corrected'));
    await page.keyboard.type('1');
    await settled(page);
    assert.deepEqual(await stored(), []);
    // Nothing left the page.
    assert.deepEqual(p.requests.filter((u) => !u.startsWith(server.url) && !/^(blob|data):/.test(u)), []);
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('axe-core finds no violation in the mode, and 360 px scrolls inside the grid only', async () => {
    const p = await open(browser, server.url, { viewport: { width: 360, height: 740 } });
    const { page } = p;
    await openMode(page);
    assert.deepEqual(await violations(page), [], 'empty');
    await page.focus(input('t3', '1', 'natural_person'));
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('x');
    await page.focus(input('t3', '1', 'total'));
    await page.keyboard.type('9');
    await settled(page);
    assert.ok(await page.locator('.nb-dg-problem').count() >= 1);
    assert.deepEqual(await violations(page), [], 'with findings and a cell that is not a number');
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
      grids: [...document.querySelectorAll('.nb-dg-wrap')].map((w) => [w.scrollWidth, w.clientWidth]),
    }));
    assert.ok(widths.page <= widths.view, `no page-level horizontal scroll: ${JSON.stringify(widths)}`);
    assert.ok(widths.grids.some(([s, c]) => s > c), 'the wide tables scroll inside their box');
    await p.context.close();
  });

  test('without a worker the mode runs on the main thread; without its module it says so in Chinese', async () => {
    const p = await open(browser, server.url);
    const { page } = p;
    await page.evaluate(async () => {
      const { mount } = await import('/nianbao-checker.js');
      for (const [id, opts] of [['no-worker', { worker: '/no-such-worker.js' }], ['no-module', { tablesWasm: '/no-such-tables.wasm' }]]) {
        const el = document.createElement('div');
        el.id = id;
        document.body.append(el);
        await mount(el, opts).ready;
      }
    });
    // Main thread: the module loads there and checks.
    await page.click('#no-worker .nb-mode[data-mode=tables]');
    await page.waitForSelector('#no-worker .nb-dg[data-state=ready]', { timeout: 20000 });
    assert.match(await page.textContent('#no-worker .nb-version'), /主线程/);
    const cell = (row, column) => `#no-worker ${input('t4', row, column)}`;
    await page.fill(cell('review', 'upheld'), '2');
    await page.fill(cell('review', 'pending'), '1');
    await page.waitForSelector('#no-worker .nb-dg[data-state=done]');
    assert.match(await page.locator(cell('review', 'total')).locator('xpath=..').locator('.nb-dg-hint').textContent(), /应为 3/);
    // No module: a Chinese message in the mode's live region, and the checker works on.
    await page.click('#no-module .nb-mode[data-mode=tables]');
    await page.waitForSelector('#no-module .nb-dg[data-state=error]', { timeout: 20000 });
    assert.match(await page.textContent('#no-module .nb-dg-status'), /无法打开填写表格.*无法加载填写表格的程序.*404/);
    await page.click('#no-module .nb-mode[data-mode=check]');
    assert.equal(await page.isVisible('#no-module .nb-textarea'), true);
    await p.context.close();
  });

  test('the embedded checker (custom element, strict CSP) has the mode too', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}embed/element.html`);
    await page.waitForSelector('.nb-root[data-state=ready]', { timeout: 20000 });
    await openMode(page);
    await page.focus(input('t4', 'review', 'upheld'));
    for (const v of [1, 2, 0, 0, 4]) {
      await page.keyboard.type(String(v));
      await page.keyboard.press('Tab');
    }
    await settled(page);
    // 行政复议 总计 = 1 + 2 + 0 + 0.
    assert.match(await page.locator(input('t4', 'review', 'total')).locator('xpath=..').locator('.nb-dg-hint').textContent(), /应为 3/);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the offline single file (file://) opens the mode and checks', async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(offlineUrl());
    await page.waitForSelector('.nb-root[data-state=ready]', { timeout: 20000 });
    await openMode(page);
    await page.focus(input('t3', '1', 'natural_person'));
    for (const v of [3, 1, 0, 0, 0, 0, 9]) {
      await page.keyboard.type(String(v));
      await page.keyboard.press('Tab');
    }
    await settled(page);
    assert.match(await page.locator(input('t3', '1', 'total')).locator('xpath=..').locator('.nb-dg-hint').textContent(), /应为 4/);
    assert.deepEqual(requests.filter((u) => !/^(file|blob|data):/.test(u)), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
