// Browser benchmark of the page (prints figures; asserts nothing about time):
//   - load to ready: navigation start → the checker's 'nianbao-ready' mark, first visit
//     (fresh browser context, empty cache) and repeat visit (reload);
//   - one typical report checked in the page: inside the worker (wasm only), and the
//     round trip the page sees (postMessage there and back, structured clone);
//   - native: `cargo bench --bench check` figures for the same fixtures, when given
//     (NIANBAO_NATIVE_BENCH names a file with its output; ./build.sh bench makes one).
//
//   node tests/browser/bench.mjs [--quick]

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WWW, fixtures, launch, startServer } from './helpers.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function nativeFigures() {
  const file = process.env.NIANBAO_NATIVE_BENCH;
  if (!file) return null;
  const out = {};
  // The native check alone, and the check with its result written as JSON (what the
  // page's check also does: the result crosses into JavaScript as JSON).
  for (const m of readFileSync(file, 'utf8').matchAll(/fixture (\d+) .*?check\s+([\d.]+) µs.*?check \+ JSON\s+([\d.]+) µs/g)) {
    out[m[1]] = { check: Number(m[2]) / 1000, json: Number(m[3]) / 1000 };
  }
  for (const m of readFileSync(file, 'utf8').matchAll(/^\s+(.+?) \(\s*[\d.]+ KB\): PDF reader\s+([\d.]+) µs; whole check\s+([\d.]+) µs/gm)) {
    out[m[1]] = { reader: Number(m[2]) / 1000, check: Number(m[3]) / 1000 };
  }
  return Object.keys(out).length ? out : null;
}

// The PDFs of `cargo bench --bench check` (same names), checked in the worker with the
// on-demand readers module: reading and checking, as a dropped PDF is.
const PDFS = [
  ['huaian-shi-2024 (WPS, 6 pages)', '../fixtures/real/huaian-shi-2024.pdf'],
  ['000.lo.pdf (LibreOffice)', '../fixtures/formats/000.lo.pdf'],
  ['003.lo.pdf (LibreOffice)', '../fixtures/formats/003.lo.pdf'],
].map(([name, path]) => {
  const file = fileURLToPath(new URL(path, import.meta.url));
  return { name, file, base64: readFileSync(file).toString('base64') };
});

/** In the page: a worker running the page's worker script with the base module and the
 * on-demand readers; `call(msg)` answers with the worker's reply. */
async function benchWorker() {
  const module = await WebAssembly.compileStreaming(fetch('pkg/nianbao_bg.wasm'));
  const w = new Worker('nianbao-worker.js');
  const call = (msg) => new Promise((ok) => {
    w.onmessage = (e) => ok(e.data);
    w.postMessage(msg);
  });
  const url = (p) => new URL(p, location.href).href;
  await call({
    type: 'init', module, glue: url('pkg/nianbao.js'),
    readers: { wasm: url('pkg/nianbao_readers_bg.wasm'), glue: url('pkg/nianbao_readers.js') },
  });
  return { call, terminate: () => w.terminate() };
}

/** In the page: a fresh worker (`make`: benchWorker), then `batches` timed batches of
 * `iterations` checks of `input` (`{name, text}` or `{name, base64}`); median and best. */
async function inWorker({ input, iterations, batches }, make) {
  const { call, terminate: stop } = await make();
  if (input.base64) {
    const bin = atob(input.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    input = { name: input.name, bytes };
  }
  await call({ type: 'bench', id: 0, input, iterations: Math.max(1, iterations >> 1) });
  // Many short batches: the median resists the preemptions of a busy machine.
  const runs = [];
  for (let r = 0; r < batches; r++) {
    const out = await call({ type: 'bench', id: r + 1, input, iterations });
    runs.push(out.ms / iterations);
  }
  stop();
  runs.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)], min: runs[0], isolated: crossOriginIsolated };
}

/** The native side of a paired measurement: `examples/bench_file` (built by ./build.sh
 * bench) checking `file` `iterations` times; ms per check, or null when it is not built. */
function nativeBatch(file, iterations) {
  const bin = process.env.NIANBAO_BENCH_FILE;
  if (!bin) return null;
  const out = execFileSync(bin, [file, String(iterations)], { encoding: 'utf8' });
  return Number(out.trim());
}

/** In the page: one timed batch (ms per check) in a worker kept on `window.__nbBench`
 * for the paired rounds (`make`: benchWorker). */
async function workerBatch({ base64, iterations, id }, make) {
  if (!window.__nbBench) window.__nbBench = await make();
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const out = await window.__nbBench.call({ type: 'bench', id, input: { name: 'bench.pdf', bytes }, iterations });
  return out.ms / iterations;
}

export async function runBench({ quick = false, log = console.log } = {}) {
  const loads = quick ? 3 : 9;
  const iterations = quick ? 20 : 40;
  const batches = quick ? 9 : 31;
  // Cross-origin isolated, so that the page's timers are fine enough for one check.
  const server = await startServer({ root: WWW, isolate: true });
  const browser = await launch();
  const figures = { cold: [], coldParts: [], warm: [], worker: {}, roundTrip: {} };
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('.nb-root[data-state=ready]');
      const t = await page.evaluate(() => Object.fromEntries(['nianbao-module', 'nianbao-compiled', 'nianbao-ready']
        .map((n) => [n.slice(8), performance.getEntriesByName(n)[0].startTime])));
      figures.cold.push(t.ready);
      figures.coldParts.push(t);
      await page.reload();
      await page.waitForSelector('.nb-root[data-state=ready]');
      figures.warm.push(await page.evaluate(() => performance.getEntriesByName('nianbao-ready')[0].startTime));
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.nb-root[data-state=ready]');
    for (const f of fixtures()) {
      // Inside the page's worker: a batch of checks of one report.
      figures.worker[f.name] = await page.evaluate(
        `(${inWorker})(${JSON.stringify({ input: { name: 'bench.txt', text: f.text }, iterations, batches })}, ${benchWorker})`);
      // The round trip the page sees, through the checker's own API.
      figures.roundTrip[f.name] = await page.evaluate(async ({ text, n }) => {
        const api = document.querySelector('nianbao-checker').api;
        await api.check({ name: 'bench.txt', text });
        const times = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await api.check({ name: 'bench.txt', text });
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return times[Math.floor(n / 2)];
      }, { text: f.text, n: quick ? 20 : 100 });
    }
    figures.pdf = {};
    for (const p of PDFS) {
      figures.pdf[p.name] = await page.evaluate(
        `(${inWorker})(${JSON.stringify({ input: { name: 'bench.pdf', base64: p.base64 }, iterations: quick ? 4 : 8, batches: quick ? 5 : 15 })}, ${benchWorker})`);
    }
    // Paired rounds: a batch in the worker, then the same batch natively, one after the
    // other, so that both sides of each ratio see the same load on a busy machine.
    figures.paired = {};
    if (process.env.NIANBAO_BENCH_FILE) {
      const rounds = quick ? 5 : 15;
      const iterations = quick ? 4 : 8;
      let id = 1000;
      for (const p of PDFS) {
        const r = { worker: [], native: [], ratio: [] };
        await page.evaluate(`(${workerBatch})(${JSON.stringify({ base64: p.base64, iterations: 2, id: id++ })}, ${benchWorker})`);
        for (let k = 0; k < rounds; k++) {
          const w = await page.evaluate(`(${workerBatch})(${JSON.stringify({ base64: p.base64, iterations, id: id++ })}, ${benchWorker})`);
          const n = nativeBatch(p.file, iterations);
          r.worker.push(w);
          r.native.push(n);
          r.ratio.push(w / n);
        }
        figures.paired[p.name] = r;
      }
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const native = nativeFigures();
  const ms = (x) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;
  const part = (k) => median(figures.coldParts.map((t) => t[k]));
  log(`页面加载到就绪（目标 ≤ 200 ms）：首次访问中位数 ${ms(median(figures.cold))}（各次 ${figures.cold.map((x) => x.toFixed(0)).join(' ')}；其中脚本开始执行 ${ms(part('module'))}、wasm 编译完成 ${ms(part('compiled'))}），再次访问 ${ms(median(figures.warm))}`);
  log(`  （本机负载：${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}，${(await import('node:os')).cpus().length} 核）`);
  log('检查一份报告（中位数）：');
  for (const f of fixtures()) {
    const w = figures.worker[f.name];
    const n = native && native[f.name];
    log(`  ${f.file}（${(Buffer.byteLength(f.text) / 1024).toFixed(1)} KB）：页面 worker 内 ${ms(w.median)}（最快 ${ms(w.min)}），页面往返 ${ms(figures.roundTrip[f.name])}` +
      (n ? `，原生 ${ms(n.check)}（含写出 JSON ${ms(n.json)}），worker/原生 = ${(w.median / n.check).toFixed(2)}×（对含 JSON：${(w.median / n.json).toFixed(2)}×）` : ''));
  }
  if (!native) log('  （原生对比：运行 ./build.sh bench）');
  else {
    const ratio = (k) => median(fixtures().map((f) => figures.worker[f.name].median / native[f.name][k]));
    log(`  页面内检查与原生之比（目标 ≤ 2×）：中位数 ${ratio('check').toFixed(2)}×；与原生“检查并写出 JSON”相比 ${ratio('json').toFixed(2)}×`);
  }
  log('PDF：在页面 worker 内读取并检查（按需加载的读取模块；中位数）：');
  for (const p of PDFS) {
    const w = figures.pdf[p.name];
    const n = native && native[p.name];
    log(`  ${p.name}：页面 worker 内 ${ms(w.median)}（最快 ${ms(w.min)}）` +
      (n ? `，原生 ${ms(n.check)}（其中读取 PDF ${ms(n.reader)}），worker/原生 = ${(w.median / n.check).toFixed(2)}×` : ''));
  }
  if (native && PDFS.every((p) => native[p.name])) {
    const r = median(PDFS.map((p) => figures.pdf[p.name].median / native[p.name].check));
    log(`  PDF 页面内与原生之比（目标 ≤ 2×）：中位数 ${r.toFixed(2)}×`);
  }
  if (Object.keys(figures.paired).length) {
    log('PDF：页面 worker 与原生交替计时（每轮先 worker 后原生，同样的负载；原生为读取、检查并写出 JSON）：');
    for (const p of PDFS) {
      const r = figures.paired[p.name];
      log(`  ${p.name}：worker ${ms(median(r.worker))}，原生 ${ms(median(r.native))}，各轮之比的中位数 ${median(r.ratio).toFixed(2)}×（${r.ratio.length} 轮，最小 ${Math.min(...r.ratio).toFixed(2)}×，最大 ${Math.max(...r.ratio).toFixed(2)}×）`);
    }
    const all = PDFS.map((p) => median(figures.paired[p.name].ratio));
    log(`  PDF 页面内与原生之比（交替计时，目标 ≤ 2×）：中位数 ${median(all).toFixed(2)}×`);
  } else {
    log('  （交替计时：运行 ./build.sh bench）');
  }
  return { ...figures, native };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runBench({ quick: process.argv.includes('--quick') });
}
