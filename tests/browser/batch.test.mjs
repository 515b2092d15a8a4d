// The batch view in headless chromium: dropping 100 files checks them in the worker
// while the page takes input, and lists all 100, with the same verdicts and counts as the native command line on the same
// files (cross-year rules included); sorting; a row opening its report's full result;
// the exports (CSV with BOM, tables CSV, printable HTML, JSON).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  VERDICT_ZH, WWW, fixture, fixtures, launch, native, open, startServer, workerProbe,
} from './helpers.mjs';

let server;
let browser;
let dir;
let files;
let nat;

/** Fixture 001 moved on to 2023, carrying 2 applications over that 2022 did not show as
 * 结转下年度 (XY-CARRY on both reports) and its prose copied (XY-REUSE). */
function houma2023() {
  const row = '\t二、上年结转政府信息公开申请数量\n\t0\n\t0\n\t0\n\t0\n\t\n\t0\n\t0\n';
  const text = fixture('001').text;
  assert.ok(text.includes(row));
  return text
    .replaceAll('2023年', '2024年')
    .replaceAll('2022年', '2023年')
    .replace(row, '\t二、上年结转政府信息公开申请数量\n\t2\n\t0\n\t0\n\t0\n\t\n\t0\n\t2\n');
}

/** 100 reports: the five fixtures over and over, and one organ's 2022 and 2023. */
function hundredFiles() {
  const fx = fixtures();
  const out = [];
  for (let i = 0; i < 98; i++) {
    const f = fx[i % fx.length];
    out.push({ name: `${String(i + 1).padStart(3, '0')}-${f.file}`, text: f.text });
  }
  out.push({ name: '099-houma-2022.txt', text: fixture('001').text });
  out.push({ name: '100-houma-2023.txt', text: houma2023() });
  return out;
}

before(async () => {
  server = await startServer({ root: WWW });
  browser = await launch();
  files = hundredFiles();
  dir = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  nat = native(files.map((f) => join(dir, f.name))).reports;
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Drops files onto the batch view as a drag from the file manager does. */
async function drop(page, list) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    const target = document.querySelector('nianbao-batch');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, list);
}

async function rows(page) {
  return page.$$eval('nianbao-batch tr.nbb-row', (trs) => trs.map((tr) => {
    const td = [...tr.children].map((c) => c.textContent.trim());
    return { n: Number(td[0]), source: td[1], organ: td[2], year: td[3], verdict: td[4], error: Number(td[5]), warning: Number(td[6]), info: Number(td[7]), pairs: td[8] };
  }));
}

async function batchPage() {
  const p = await open(browser, server.url, { init: workerProbe });
  await p.page.waitForSelector('nianbao-batch.nbb-root[data-batch-state=idle]');
  return p;
}

/** Drops the 100 files and waits for the table. The time to the table is printed, for
 * information. */
async function dropHundred(p) {
  const t0 = Date.now();
  await drop(p.page, files);
  await p.page.waitForSelector('nianbao-batch[data-batch-state=done]', { timeout: 60000 });
  console.log(`    100 files: ${Date.now() - t0} ms to the table (information)`);
}

/** Drops a folder as the file manager does: a directory entry whose files are read
 * through the FileSystem entry API (`webkitGetAsEntry`, `createReader`, `file`). The
 * tree's files carry their bytes in base64. */
async function dropFolder(page, tree) {
  await page.evaluate((tree) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const entry = (node, parent) => {
      const fullPath = `${parent}/${node.name}`;
      if (node.children) {
        return {
          isFile: false, isDirectory: true, name: node.name, fullPath,
          createReader() {
            let done = false;
            return {
              readEntries(ok) {
                const out = done ? [] : node.children.map((c) => entry(c, fullPath));
                done = true;
                setTimeout(() => ok(out));
              },
            };
          },
        };
      }
      return {
        isFile: true, isDirectory: false, name: node.name, fullPath,
        file(ok) { setTimeout(() => ok(new File([bytes(node.b64)], node.name))); },
      };
    };
    const root = entry(tree, '');
    const dt = { types: ['Files'], items: [{ kind: 'file', webkitGetAsEntry: () => root }], files: [], dropEffect: 'none' };
    const target = document.querySelector('nianbao-batch');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const ev = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'dataTransfer', { value: dt });
      target.dispatchEvent(ev);
    }
  }, tree);
}

describe('the batch view', () => {
  test('a dropped folder: the files read are checked, every other one is listed with its reason, as the command line lists them', async () => {
    // The same folder on disk (for the command line) and as dropped entries (the page).
    const formats = join(fixture('001').path, '..', 'formats');
    const files = [
      ['1-houma.txt', Buffer.from(fixture('001').text)],
      ['2-cangzhou.html', readFileSync(join(formats, '003.page.html'))],
      ['3-report.pdf', readFileSync(join(formats, 'edge-report.pdf'))],
      ['5-photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
      ['6-tables.xlsx', readFileSync(join(formats, '000.docx'))],
      ['sub/4-julu.docx', readFileSync(join(formats, '000.docx'))],
      ['.DS_Store', Buffer.from('x')],
      ['~$lock.docx', Buffer.from('Word lock file')],
      ['.git/config', Buffer.from('[core]')],
    ];
    const root = mkdtempSync(join(tmpdir(), 'nianbao-folder-'));
    const folder = join(root, 'nb');
    const tree = { name: 'nb', children: [] };
    for (const [path, bytes] of files) {
      mkdirSync(join(folder, dirname(path)), { recursive: true });
      writeFileSync(join(folder, path), bytes);
      let node = tree;
      const parts = path.split('/');
      for (const dir of parts.slice(0, -1)) {
        let next = node.children.find((c) => c.name === dir);
        if (!next) node.children.push(next = { name: dir, children: [] });
        node = next;
      }
      node.children.push({ name: parts[parts.length - 1], b64: bytes.toString('base64') });
    }
    const cli = native([folder]);
    const rel = (source) => source.replace(`${folder}/`, 'nb/');
    const expectedSkipped = cli.skipped.map((s) => ({ source: rel(s.source), reason: s.reason }));
    // Certain whatever readers land: the png, the xlsx, the hidden and lock files.
    for (const name of ['nb/5-photo.png', 'nb/6-tables.xlsx', 'nb/.DS_Store', 'nb/.git', 'nb/~$lock.docx']) {
      assert.ok(expectedSkipped.some((s) => s.source === name), name);
    }

    const p = await batchPage();
    await dropFolder(p.page, tree);
    await p.page.waitForSelector('nianbao-batch[data-batch-state=done]', { timeout: 60000 });
    const shown = await rows(p.page);
    assert.deepEqual(shown.map((r) => r.source), cli.reports.map((r) => rel(r.source)));
    shown.forEach((r, i) => assert.equal(r.verdict, VERDICT_ZH[cli.reports[i].verdict], r.source));
    const listed = await p.page.$$eval('nianbao-batch .nbb-skipped-file', (lis) => lis.map((li) => ({
      source: li.dataset.source,
      text: li.textContent,
    })));
    assert.deepEqual(listed.map((l) => l.source), expectedSkipped.map((s) => s.source));
    listed.forEach((l, i) => assert.equal(l.text, `${expectedSkipped[i].source}：${expectedSkipped[i].reason}`));
    assert.match(await p.page.textContent('nianbao-batch .nbb-skipped summary'), new RegExp(`另有 ${expectedSkipped.length} 个文件未检查`));

    // The exports list them too: JSON beside reports, CSV rows with 未检查.
    const get = async (label) => {
      const [download] = await Promise.all([
        p.page.waitForEvent('download'),
        p.page.click(`nianbao-batch .nbb-exports button:has-text("${label}")`),
      ]);
      return readFileSync(await download.path()).toString('utf8');
    };
    assert.deepEqual(JSON.parse(await get('检查结果 JSON')).skipped, expectedSkipped);
    const csvRows = (await get('问题清单 CSV')).split('\r\n').filter((l) => l.includes(',未检查,'));
    assert.equal(csvRows.length, expectedSkipped.length);

    // The same folder chosen with “选择文件夹…”: the browser gives a flat list of files.
    await p.page.evaluate(() => {
      for (const el of document.querySelectorAll('nianbao-batch .nbb-skipped-file, nianbao-batch tr.nbb-row')) el.remove();
    });
    await p.page.setInputFiles('nianbao-batch input.nbb-file-input[webkitdirectory]', folder);
    await p.page.waitForFunction(() => document.querySelectorAll('nianbao-batch .nbb-skipped-file').length > 0
      && document.querySelector('nianbao-batch').dataset.batchState === 'done');
    const picked = await p.page.$$eval('nianbao-batch .nbb-skipped-file', (lis) => lis.map((li) => li.textContent));
    // Files in a hidden directory come as that directory, once, as the command line lists it.
    assert.deepEqual(picked, expectedSkipped.map((s) => `${s.source}：${s.reason}`));
    assert.deepEqual((await rows(p.page)).map((r) => r.source), cli.reports.map((r) => rel(r.source)));
    rmSync(root, { recursive: true, force: true });
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });


  test('dropping 100 files checks them in the worker while the page takes input, and lists all 100 as the command line judges them', async () => {
    const p = await batchPage();
    // The worker's answer is kept until the page has shown that it takes input while the
    // 100 files are being checked: the check is known to be outstanding, whatever the speed.
    await p.page.evaluate(() => {
      window.__nbWorker.holdIf = (job) => job.many;
    });
    await drop(p.page, files);
    await p.page.waitForFunction(() => window.__nbWorker.held === 1, null, { timeout: 60000 });
    // One request to the worker with all 100 files: none is checked on the page's thread.
    const sent = await p.page.evaluate(() => window.__nbWorker.sent.filter((j) => j.many));
    assert.deepEqual(sent.map((j) => j.count), [100]);
    assert.equal(await p.page.getAttribute('nianbao-batch', 'data-batch-state'), 'checking');
    // Meanwhile a click and typing are handled: the checker's editor takes a line.
    await p.page.click('nianbao-checker .nb-textarea');
    await p.page.keyboard.type('一、总体情况');
    assert.equal(await p.page.inputValue('nianbao-checker .nb-textarea'), '一、总体情况');
    assert.equal(await p.page.getAttribute('nianbao-batch', 'data-batch-state'), 'checking');
    await p.page.evaluate(() => {
      window.__nbWorker.holdIf = null;
      window.__nbWorker.release();
    });
    await p.page.waitForSelector('nianbao-batch[data-batch-state=done]', { timeout: 60000 });
    const shown = await rows(p.page);
    assert.equal(shown.length, 100);
    shown.forEach((r, i) => {
      const n = nat[i];
      assert.equal(r.n, i + 1);
      assert.equal(r.source, files[i].name);
      assert.equal(r.verdict, VERDICT_ZH[n.verdict], r.source);
      assert.deepEqual([r.error, r.warning, r.info], [n.counts.error, n.counts.warning, n.counts.info], r.source);
      assert.equal(r.year, String(n.report.year));
    });
    // The cross-year pair is shown on both reports.
    assert.match(shown[98].pairs, /2023年（100-houma-2023\.txt）/);
    assert.match(shown[99].pairs, /2022年（099-houma-2022\.txt）/);
    // Only 侯马's reports pair (the 20 copies of its 2022 report too); never another organ.
    const paired = shown.filter((r) => r.pairs);
    assert.ok(paired.length >= 2);
    for (const r of paired) assert.equal(r.organ, '侯马经济开发区', r.source);
    for (const r of shown.filter((x) => x.organ === '侯马经济开发区' && x.year === '2022')) {
      assert.match(r.pairs, /100-houma-2023\.txt/, r.source);
    }
    // The table lays out a row per report; a report's findings only once it is opened.
    assert.equal(await p.page.$$eval('nianbao-batch .nbb-finding, nianbao-batch tr.nbb-detail', (x) => x.length), 0);
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('sorts by any column and opens a report\'s full result', async () => {
    const p = await batchPage();
    await dropHundred(p);
    await p.page.click('nianbao-batch button.nbb-sort[data-key=error]');
    let shown = await rows(p.page);
    const errors = shown.map((r) => r.error);
    assert.deepEqual(errors, [...errors].sort((a, b) => a - b));
    assert.equal(await p.page.getAttribute('nianbao-batch th:has(button[data-key=error])', 'aria-sort'), 'ascending');
    await p.page.click('nianbao-batch button.nbb-sort[data-key=error]');
    shown = await rows(p.page);
    assert.deepEqual(shown.map((r) => r.error), [...errors].sort((a, b) => b - a));
    assert.equal(await p.page.getAttribute('nianbao-batch th:has(button[data-key=error])', 'aria-sort'), 'descending');
    await p.page.click('nianbao-batch button.nbb-sort[data-key=organ]');
    shown = await rows(p.page);
    const organs = shown.map((r) => r.organ);
    assert.deepEqual(organs, [...organs].sort(new Intl.Collator('zh-CN', { numeric: true }).compare));

    // Open the 2023 report: every finding of the native result, cross-year ones included.
    await p.page.click('nianbao-batch tr.nbb-row[data-source="100-houma-2023.txt"] .nbb-open');
    const detail = await p.page.$$eval('nianbao-batch tr.nbb-detail .nbb-finding', (lis) => lis.map((li) => li.dataset.code));
    assert.deepEqual(detail, nat[99].diagnostics.map((d) => d.code));
    assert.ok(detail.includes('XY-CARRY') && detail.includes('XY-REUSE'));
    assert.equal(await p.page.getAttribute('nianbao-batch tr.nbb-row[data-source="100-houma-2023.txt"] .nbb-open', 'aria-expanded'), 'true');
    // …and from there into the checker above, with its text.
    await p.page.click('nianbao-batch tr.nbb-detail button.nb-button');
    await p.page.waitForFunction(() => document.querySelector('.nb-textarea').value.includes('2023年度政府信息公开年度报告'));
    await p.context.close();
  });

  test('exports: findings CSV for Excel, tables CSV, printable HTML, JSON', async () => {
    const p = await batchPage();
    await dropHundred(p);
    const get = async (label) => {
      const [download] = await Promise.all([
        p.page.waitForEvent('download'),
        p.page.click(`nianbao-batch .nbb-exports button:has-text("${label}")`),
      ]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };
    const csv = await get('问题清单 CSV');
    assert.equal(csv.name, '年报检查问题清单.csv');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    const csvText = csv.bytes.toString('utf8');
    assert.ok(csvText.startsWith('\ufeff文件,机关,年度,结论,代码'));
    const records = csvText.split('\r\n').filter(Boolean);
    const total = nat.reduce((s, r) => s + Math.max(1, r.diagnostics.length), 0);
    assert.equal(records.length, total + 1);
    assert.ok(csvText.includes('河北沧州经济开发区党政办公室'));

    const tables = await get('统计表数据 CSV');
    assert.ok(tables.bytes.toString('utf8').startsWith('\ufeff文件,机关,年度,表'));
    assert.ok(tables.bytes.toString('utf8').includes('127.9'));

    const html = (await get('检查报告 HTML')).bytes.toString('utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.equal((html.match(/<section/g) || []).length, 100);
    assert.ok(html.includes('@media print'));

    const json = JSON.parse((await get('检查结果 JSON')).bytes.toString('utf8'));
    assert.equal(json.schema, 1);
    assert.equal(json.reports.length, 100);
    assert.deepEqual(json.reports.map((r) => r.verdict), nat.map((r) => r.verdict));
    await p.context.close();
  });

  test('the checker above takes 20 files and names the rest instead of dropping them silently', async () => {
    const p = await batchPage();
    const names = Array.from({ length: 22 }, (_, i) => join(dir, files[i].name));
    await p.page.setInputFiles('nianbao-checker input.nb-file-input', names);
    await p.page.waitForFunction(() => !document.querySelector('nianbao-checker .nb-alert').hidden);
    const alert = await p.page.textContent('nianbao-checker .nb-alert');
    assert.match(alert, /一次最多检查 20 个文件，其余 2 个未检查/);
    assert.ok(alert.includes(`“${files[20].name}”`) && alert.includes(`“${files[21].name}”`), alert);
    await p.context.close();
  });

  test('picking files works as dropping them', async () => {
    const p = await batchPage();
    const paths = fixtures().map((f) => f.path);
    await p.page.setInputFiles('nianbao-batch input.nbb-file-input:not([webkitdirectory])', paths);
    await p.page.waitForSelector('nianbao-batch[data-batch-state=done]');
    const shown = await rows(p.page);
    assert.deepEqual(shown.map((r) => r.source), fixtures().map((f) => f.file));
    const expected = native(paths).reports;
    assert.deepEqual(shown.map((r) => r.organ), expected.map((r) => r.report.organ));
    assert.deepEqual(shown.map((r) => r.verdict), expected.map((r) => VERDICT_ZH[r.verdict]));
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });
});
