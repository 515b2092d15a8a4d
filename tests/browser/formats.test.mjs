// Files in every format the readers take (the format fixtures made from the text
// fixtures), dropped or picked in the page, and the clipboard's HTML on paste: the page
// shows the native result, the converted text read-only, and finds each place in it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  FIXTURES, VERDICT_ZH, WWW, afterZeroTimers, checks, codesOf, fixture, launch, native, nextResult, open, shown, startServer,
  workerProbe,
} from './helpers.mjs';

const FORMATS = join(FIXTURES, 'formats');
const have = (f) => existsSync(join(FORMATS, f));

let server;
let browser;

before(async () => {
  server = await startServer({ root: WWW });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Puts plain text and HTML on the clipboard, as Word does, and pastes into the editor. */
async function pasteFromWord(page, plain, html) {
  await page.evaluate(async ({ plain, html }) => {
    await navigator.clipboard.write([new ClipboardItem({
      'text/plain': new Blob([plain], { type: 'text/plain' }),
      'text/html': new Blob([html], { type: 'text/html' }),
    })]);
  }, { plain, html });
  await page.focus('.nb-textarea');
  await page.keyboard.press('Control+V');
}

/** A paste made with nothing editable focused (the page checks it as if pasted over the
 * editor), its clipboard holding `plain` and, when given, `html`. Returns once the
 * editor's check that the paste sets for right after its event has been asked. */
async function pasteOnPage(page, plain, html) {
  await page.evaluate(({ plain, html }) => {
    const data = new DataTransfer();
    data.setData('text/plain', plain);
    if (html) data.setData('text/html', html);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, { plain, html });
  await afterZeroTimers(page);
}

/** Back on the editor's tab, types a character at the end of the pasted text and waits
 * for the check that follows (after which a formatted text's tab is stale). */
async function editPastedText(page) {
  const before = await checks(page);
  await page.click('.nb-tab >> nth=0');
  await page.focus('.nb-textarea');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('。');
  await nextResult(page, before);
}

async function pick(page, files) {
  const before = await checks(page);
  await page.setInputFiles('.nb-file-input', files.map((f) => ({
    name: basename(f),
    mimeType: 'application/octet-stream',
    buffer: readFileSync(join(FORMATS, f)),
  })));
  await nextResult(page, before);
}

describe('other formats', { skip: !have('004.docx') && 'no format fixtures' }, () => {
  // PDF, .doc and .wps are read by the on-demand readers module, the rest by the core's.
  for (const file of ['004.docx', '003.gbk.txt', '000.word.htm', '001.utf16.txt', '002.page.html', '000.lo.pdf', '003.lo.pdf', '002.doc', 'edge-doc-unpadded.wps']) {
    test(`${file}: the native result, and each place marked in the converted text`, async () => {
      const p = await open(browser, server.url);
      await pick(p.page, [file]);
      const n = native([join(FORMATS, file)]).reports[0];
      const s = await shown(p.page);
      assert.equal(s.verdict, VERDICT_ZH[n.verdict]);
      assert.deepEqual(s.codes, codesOf(n));
      assert.match(await p.page.textContent('.nb-tab[aria-selected=true]'), new RegExp(file.replace(/\./g, '\\.')));
      assert.ok(await p.page.isVisible('.nb-rendered'));
      // The spans point into the converted text (the result's `text`).
      const text = n.text;
      assert.equal(typeof text, 'string', 'a converted input carries its text');
      const d = n.diagnostics.map((x, i) => ({ ...x, i })).find((x) => x.span && x.span.end_utf16 > x.span.start_utf16);
      if (d) {
        await p.page.click(`.nb-finding[data-index="${d.i}"]`);
        assert.equal(await p.page.textContent('.nb-rendered .nb-mark-current'), text.slice(d.span.start_utf16, d.span.end_utf16));
      }
      assert.deepEqual(p.errors, []);
      await p.context.close();
    });
  }

  test('the readers module loads only for a file that needs it, and once', async () => {
    const p = await open(browser, server.url);
    // The worker's requests, wherever the browser reports them (page or context).
    const seen = new Set();
    p.context.on('request', (r) => seen.add(r.url()));
    p.page.on('request', (r) => seen.add(r.url()));
    const readers = () => [...seen].filter((u) => /nianbao_readers/.test(u));
    await pick(p.page, ['000.word.htm']);
    await pick(p.page, ['003.gbk.txt']);
    assert.deepEqual(readers(), [], 'web pages and text need no on-demand reader');
    await pick(p.page, ['001.lo.pdf']);
    const n = native([join(FORMATS, '001.lo.pdf')]).reports[0];
    assert.deepEqual((await shown(p.page)).codes, codesOf(n));
    assert.equal(readers().filter((u) => u.endsWith('.wasm')).length, 1, readers().join());
    for (const file of ['004.doc', '002.docx']) {
      await pick(p.page, [file]);
      assert.deepEqual((await shown(p.page)).codes, codesOf(native([join(FORMATS, file)]).reports[0]), file);
    }
    assert.equal(readers().filter((u) => u.endsWith('.wasm')).length, 1, 'loaded once');
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('unreadable files (.doc, PDF, encrypted .docx) get a Chinese explanation', async () => {
    const p = await open(browser, server.url);
    for (const file of ['edge-old.doc', 'edge-report.pdf', 'edge-password.docx'].filter(have)) {
      await pick(p.page, [file]);
      const s = await shown(p.page);
      // Never read: no verdict on the report (issue 13), not 不通过.
      assert.equal(s.verdict, '无法检查', file);
      assert.deepEqual(s.codes, codesOf(native([join(FORMATS, file)]).reports[0]), file);
      assert.match(await p.page.textContent('.nb-findings'), /[\u4e00-\u9fff]/);
    }
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });

  test('several files at once: one tab each, checked as a batch', async () => {
    const p = await open(browser, server.url);
    const files = ['000.docx', '003.gbk.txt'];
    await pick(p.page, files);
    const n = native(files.map((f) => join(FORMATS, f))).reports;
    assert.equal(await p.page.$$eval('.nb-tab', (t) => t.length), 3);
    assert.deepEqual((await shown(p.page)).codes, codesOf(n[0]));
    await p.page.click('.nb-tab >> nth=2');
    assert.deepEqual((await shown(p.page)).codes, codesOf(n[1]));
    // Arrow keys move between tabs.
    await p.page.focus('.nb-tab[aria-selected=true]');
    await p.page.keyboard.press('ArrowLeft');
    assert.match(await p.page.textContent('.nb-tab[aria-selected=true]'), /000\.docx/);
    await p.context.close();
  });

  // The page checks a paste with HTML twice: the clipboard's HTML (the 格式文本 tab) and
  // the editor's text. Whatever order their answers come in, and whatever check they
  // queue behind, the page ends settled (done, the status line no longer "正在检查…")
  // on the formatted text's result. The worker's answers are kept and released by the
  // test (workerProbe) to force each order; nothing is left to timing.
  const RICH = '粘贴的格式文本.html';
  const TEXT = '粘贴的文本';
  const cases = [
    {
      order: 'the formatted text answered first, the text queued behind it',
      blocker: null,
      sent: [RICH, TEXT],
    },
    {
      order: 'the same text answered first, the formatted text queued behind it',
      blocker: 'same',
      sent: [TEXT, RICH, TEXT],
    },
    {
      order: 'both queued behind another text\'s check',
      blocker: 'other',
      sent: [TEXT, RICH, TEXT],
    },
  ];
  for (const c of cases) {
    test(`a paste with HTML keeps its 格式文本 tab and settles: ${c.order}`, async () => {
      const p = await open(browser, server.url, { init: workerProbe });
      const html = readFileSync(join(FORMATS, '004.clip.html'), 'utf8');
      const plain = fixture('004').text;
      const blocker = c.blocker === 'same' ? plain : fixture('001').text;
      if (c.blocker) {
        // A check of the editor's text, its answer kept: the paste's checks queue behind it.
        await p.page.evaluate((size) => {
          window.__nbWorker.holdIf = (job) => job.size === size;
        }, blocker.replace(/\r\n?/g, '\n').length);
        await pasteOnPage(p.page, blocker);
        await p.page.waitForFunction(() => window.__nbWorker.held === 1);
        await p.page.evaluate(() => {
          window.__nbWorker.holdIf = null;
        });
        await pasteOnPage(p.page, plain, html);
      } else {
        await p.page.evaluate((rich) => {
          window.__nbWorker.holdIf = (job) => job.name === rich;
        }, RICH);
        await pasteOnPage(p.page, plain, html);
        await p.page.waitForFunction(() => window.__nbWorker.held === 1);
      }
      // Both of the paste's checks have been asked; one answer is kept, so only one
      // check has gone to the worker, the rest wait their turn.
      assert.equal(await p.page.evaluate(() => window.__nbWorker.sent.length), 1);
      assert.equal(await p.page.getAttribute('.nb-root', 'data-state'), 'checking');
      await p.page.evaluate(() => {
        window.__nbWorker.holdIf = null;
        window.__nbWorker.release();
      });
      await p.page.waitForSelector('.nb-root[data-state=done]', { timeout: 20000 });
      const sent = await p.page.evaluate(() => window.__nbWorker.sent.map((j) => j.name));
      assert.deepEqual(sent, c.sent, 'every check asked was run, in the order asked');
      assert.deepEqual(await p.page.$$eval('.nb-tab', (ts) => ts.map((t) => t.textContent)), ['编辑框', '格式文本']);
      assert.equal(await p.page.textContent('.nb-tab[aria-selected=true]'), '格式文本');
      assert.match(await p.page.textContent('.nb-status'), /^检查完成/);
      assert.deepEqual((await shown(p.page)).codes, codesOf(native([join(FORMATS, '004.clip.html')]).reports[0]));
      assert.equal(await p.page.inputValue('.nb-textarea'), plain);
      // Editing the text makes the formatted text's result stale: its tab goes.
      await editPastedText(p.page);
      assert.ok(await p.page.isHidden('.nb-tabs'));
      assert.match(await p.page.textContent('.nb-status'), /^检查完成/);
      assert.deepEqual(p.errors, []);
      await p.context.close();
    });
  }

  test('a paste from Word with HTML on the clipboard is checked as formatted text', async () => {
    const p = await open(browser, server.url, { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
    const html = readFileSync(join(FORMATS, '004.clip.html'), 'utf8');
    const plain = fixture('004').text;
    await pasteFromWord(p.page, plain, html);
    await p.page.waitForSelector('.nb-tab[aria-selected=true] >> text=格式文本', { timeout: 20000 });
    await p.page.waitForSelector('.nb-root[data-state=done]');
    // The browser hands the page its own serialisation of the clipboard's HTML, so the
    // reference is the native check of what the page received.
    const received = await p.page.evaluate(() => new Promise((ok) => {
      const tabs = document.querySelectorAll('.nb-tab');
      tabs[0].click(); // the editor's result (if it has one yet)…
      document.querySelector('.nb-root').addEventListener('nianbao-result', (e) => ok(e.detail.report), { once: true });
      tabs[1].click(); // …then the formatted text's, shown again
    }));
    assert.equal(typeof received.text, 'string');
    const s = await shown(p.page);
    assert.equal(s.verdict, VERDICT_ZH[received.verdict]);
    assert.deepEqual(s.codes, codesOf(received));
    // And the same findings as the command line on the clipboard file itself.
    assert.deepEqual(s.codes, codesOf(native([join(FORMATS, '004.clip.html')]).reports[0]));
    assert.equal(await p.page.inputValue('.nb-textarea'), plain, 'the editor holds the plain text');
    // Editing the text makes the editor's text the thing checked again.
    await editPastedText(p.page);
    assert.ok(await p.page.isHidden('.nb-tabs'));
    assert.deepEqual(p.errors, []);
    await p.context.close();
  });
});
