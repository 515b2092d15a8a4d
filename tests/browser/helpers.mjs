// Shared helpers of the browser tests: the system chromium driven by playwright-core
// (no browser download), the page's static server, the fixtures, the native CLI.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../www/tools/serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WWW = join(ROOT, 'www');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const OFFLINE = join(WWW, 'nianbao-offline.html');
export const offlineUrl = () => pathToFileURL(OFFLINE).href;

export { startServer };

function chromiumPath() {
  if (process.env.NIANBAO_CHROMIUM) return process.env.NIANBAO_CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  throw new Error('没有找到 chromium：请运行 ./build.sh setup');
}

/** Headless Debian chromium; playwright gives each launch a fresh profile directory. */
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Every fixture: {name, file, text}. */
export function fixtures() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => ({ name: file.slice(0, 3), file, path: join(FIXTURES, file), text: readFileSync(join(FIXTURES, file), 'utf8') }));
}

export function fixture(prefix) {
  const f = fixtures().find((x) => x.name === prefix);
  if (!f) throw new Error(`no fixture ${prefix}`);
  return f;
}

let nativeBin;
/** The native command line's JSON result for files (the same contract as the wasm API). */
export function native(paths) {
  if (!nativeBin) {
    execFileSync('cargo', ['build', '--quiet', '--bin', 'nianbao'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: ROOT, maxBuffer: 1 << 26 }));
    nativeBin = join(meta.target_directory, 'debug', 'nianbao');
  }
  let out;
  try {
    out = execFileSync(nativeBin, ['check', '--format', 'json', ...paths], { maxBuffer: 1 << 28 });
  } catch (err) {
    // Exit status 1 means "a report fails": the JSON is still on stdout.
    if (err.status !== 1) throw err;
    out = err.stdout;
  }
  return JSON.parse(out.toString('utf8'));
}

/** Opens a page and records every request, console error and page error. */
export async function open(browser, url, { viewport = { width: 1280, height: 900 }, context: ctxOptions = {}, init } = {}) {
  const context = await browser.newContext({ viewport, ...ctxOptions });
  // A script run in the page before its own (workerProbe).
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('.nb-root[data-state=ready], .nb-root[data-state=done]', { timeout: 20000 });
  return { context, page, requests, errors };
}

/** Requests that left the page's own origin (file:, blob: and data: stay local). */
export function foreign(requests, origin) {
  return requests.filter((u) => !(origin && u.startsWith(origin)) && !/^(blob|data|file):/.test(u));
}

export async function checks(page) {
  return Number((await page.getAttribute('.nb-root', 'data-checks')) || 0);
}

/** Waits until the page shows a result newer than `before` (a count from checks()). */
export async function nextResult(page, before, timeout = 20000) {
  await page.waitForFunction((n) => {
    const root = document.querySelector('.nb-root');
    return Number(root.dataset.checks || 0) > n && root.dataset.state === 'done';
  }, before, { timeout });
}

/** Puts text into the editor the way typing or a plain paste does (an input event). */
export async function enterText(page, text) {
  const before = await checks(page);
  await page.evaluate((t) => {
    const ta = document.querySelector('.nb-textarea');
    ta.value = t;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await nextResult(page, before);
}

/** What the page shows: verdict word, counts, and the codes of the finding groups. */
export async function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.nb-root');
    const counts = {};
    for (const li of root.querySelectorAll('.nb-count')) {
      const sev = [...li.classList].find((c) => c.startsWith('nb-sev-')).slice(7);
      counts[sev] = Number(li.querySelector('b').textContent);
    }
    return {
      verdict: root.querySelector('.nb-verdict-word').textContent,
      counts,
      codes: [...root.querySelectorAll('.nb-group')].map((g) => g.dataset.code).sort(),
      findings: [...root.querySelectorAll('.nb-finding')].map((b) => ({ code: b.dataset.code, index: Number(b.dataset.index) })),
    };
  });
}

export const VERDICT_ZH = { pass: '通过', fail: '不通过', unreadable: '无法检查' };

export function codesOf(report) {
  return [...new Set(report.diagnostics.map((d) => d.code))].sort();
}

/** A page script (open()'s `init`) that watches the page's workers, so that a test can
 * act while a check is known to be outstanding, or choose the order in which answers
 * reach the page, without timing anything:
 *   window.__nbWorker.sent     each check posted to a worker: {id, name, size, many, count}
 *                              (size: the text's length or the bytes' count; count: how
 *                              many inputs a list holds)
 *   window.__nbWorker.holdIf   (job) => true keeps the worker's answer to that check
 *   window.__nbWorker.held     how many answers are kept
 *   window.__nbWorker.release() hands the kept answers to the page, in their order.
 * A kept answer leaves the engine waiting for it: checks asked meanwhile queue behind it. */
export function workerProbe() {
  const Native = window.Worker;
  const kept = [];
  const probe = {
    sent: [],
    holdIf: null,
    get held() {
      return kept.length;
    },
    release() {
      for (const deliver of kept.splice(0)) deliver();
    },
  };
  const describe = (x) => {
    if (typeof x === 'string') return { name: '', size: x.length };
    if (!x) return { name: '', size: 0 };
    return { name: x.name, size: typeof x.text === 'string' ? x.text.length : x.bytes ? x.bytes.length : 0 };
  };
  window.__nbWorker = probe;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.jobs = new Map();
    }

    postMessage(m, ...rest) {
      if (m && m.type === 'check') {
        const list = Array.isArray(m.input) ? m.input : m.input && Array.isArray(m.input.inputs) ? m.input.inputs : null;
        const job = { id: m.id, many: !!m.many, ...(list ? { name: '', size: 0, count: list.length } : describe(m.input)) };
        this.jobs.set(m.id, job);
        probe.sent.push(job);
      }
      return super.postMessage(m, ...rest);
    }

    set onmessage(fn) {
      super.onmessage = typeof fn !== 'function' ? fn : (e) => {
        const job = e.data && this.jobs.get(e.data.id);
        if (job && probe.holdIf && probe.holdIf(job)) kept.push(() => fn.call(this, e));
        else fn.call(this, e);
      };
    }

    get onmessage() {
      return super.onmessage;
    }
  };
}

/** Resolves once every timer the page had set with no delay has fired (timers of equal
 * delay fire in the order they were set): e.g. once the editor's check that a paste set
 * for right after its event has been asked of the engine. */
export async function afterZeroTimers(page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** How many characters of report text the read-only view lays out (the notes about
 * what it leaves out aside), and whether the editor's highlight layer is off. */
export async function laidOut(page) {
  return page.evaluate(() => {
    const view = document.querySelector('.nb-rendered');
    let chars = 0;
    const walk = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.parentElement.closest('.nb-elided')) chars += n.length;
    }
    return {
      view: chars,
      backdrop: document.querySelector('.nb-backdrop-text').textContent.length,
      backdropOff: document.querySelector('.nb-editor').classList.contains('nb-no-backdrop'),
    };
  });
}
