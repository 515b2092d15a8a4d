// The single-file offline page opened from disk (file://, no network), and the embed
// examples under a strict Content-Security-Policy sent as a real response header.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  OFFLINE, VERDICT_ZH, WWW, checks, codesOf, enterText, fixture, fixtures, foreign, launch, native, nextResult, offlineUrl, open, shown, startServer,
} from './helpers.mjs';
import { STRICT_CSP } from '../../www/tools/serve.mjs';

let browser;
let nat;

before(async () => {
  browser = await launch();
  nat = native(fixtures().map((f) => f.path)).reports;
});

after(async () => {
  await browser?.close();
});

describe('the offline single file', () => {
  test('works from file:// with every request staying on the machine', async () => {
    assert.ok(existsSync(OFFLINE), `${OFFLINE} exists (built by ./build.sh)`);
    // Block the network outright: the file must not need it.
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(offlineUrl());
    await page.waitForSelector('.nb-root[data-state=ready]', { timeout: 20000 });
    // It runs in a worker (a blob: worker), not on the main thread.
    assert.doesNotMatch(await page.textContent('.nb-version'), /主线程/);
    // The page's other views (the batch view) come along and find the checker.
    for (const other of await page.$$('nianbao-batch')) {
      assert.doesNotMatch(await other.textContent(), /需要同一页面上的年报检查器/);
    }
    for (const [i, f] of fixtures().entries()) {
      await enterText(page, f.text);
      const s = await shown(page);
      assert.equal(s.verdict, VERDICT_ZH[nat[i].verdict], f.file);
      assert.deepEqual(s.codes, codesOf(nat[i]), f.file);
    }
    const before = await checks(page);
    await page.click('text=示例报告');
    await nextResult(page, before);
    assert.ok((await page.inputValue('.nb-textarea')).length > 1000);
    assert.deepEqual(requests.filter((u) => !/^(file|blob|data):/.test(u)), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('embedding under a strict CSP', () => {
  let server;
  before(async () => {
    server = await startServer({ root: WWW, csp: true });
  });
  after(async () => {
    await server?.close();
  });

  for (const example of ['embed/element.html', 'embed/mount.html']) {
    test(`${example} works with script-src 'self' 'wasm-unsafe-eval' and no violation`, async () => {
      const context = await browser.newContext();
      // Record CSP violations from the start (init scripts are not subject to the page's CSP).
      await context.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const page = await context.newPage();
      const requests = [];
      const errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => (m.type() === 'error' || /Content Security Policy/.test(m.text())) && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      const response = await page.goto(server.url + example);
      assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
      await page.waitForSelector('.nb-root[data-state=ready]', { timeout: 20000 });
      assert.doesNotMatch(await page.textContent('.nb-version'), /主线程/, 'the worker runs under the CSP');
      const f = fixture('003');
      await enterText(page, f.text);
      const s = await shown(page);
      assert.equal(s.verdict, VERDICT_ZH[nat[3].verdict]);
      assert.deepEqual(s.codes, codesOf(nat[3]));
      await page.click('button.nb-finding');
      if (example.includes('mount')) {
        assert.match(await page.textContent('#portal-summary'), /门户摘要：不通过/);
      }
      assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
      // The policy is really in force: an inline script is refused.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.append(s);
      });
      await page.waitForTimeout(100);
      assert.equal(await page.evaluate(() => window.__inline), undefined);
      const violations = await page.evaluate(() => window.__violations);
      assert.ok(violations.length >= 1 && violations.every((v) => /^script-src/.test(v)), `the inline script is refused: ${violations}`);
      assert.deepEqual(errors.filter((e) => !/inline script/i.test(e)), []);
      assert.deepEqual(foreign(requests, server.url), []);
      await context.close();
    });
  }
});
