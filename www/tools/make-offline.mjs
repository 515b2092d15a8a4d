// Builds the single-file offline page: index.html with the stylesheets, the page's
// modules (the entries of index.html's assets block and every module they import,
// inlined by inline-modules.mjs: a page opened from disk cannot fetch modules), the worker, the wasm-bindgen glue, the WebAssembly module (base64), the
// on-demand readers module (PDF, legacy Word; base64, decoded only when a file needs
// it), the on-demand table assistant module (填写表格; base64, decoded only when the mode
// is opened) and the sample report inlined. It works when opened from disk (file://) with no network.
//
//   node www/tools/make-offline.mjs <www dir> <output .html>
//
// The file has inline <script> and <style>: it is meant to be opened from disk, not
// served under a strict Content-Security-Policy (portals embed the normal files; see
// README).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inlineModules } from './inline-modules.mjs';
import { BUNDLE, PAGE_ENTRIES } from './page-bundle.mjs';

const [www, out] = process.argv.slice(2);
if (!www || !out) {
  console.error('usage: node make-offline.mjs <www dir> <output .html>');
  process.exit(2);
}

const read = (p) => readFile(join(www, p), 'utf8');
const [html, worker, glue, sample, wasm, readersGlue, readersWasm, tablesGlue, tablesWasm] = await Promise.all([
  read('index.html'),
  read('nianbao-worker.js'),
  read('pkg/nianbao.js'),
  read('sample-report.txt'),
  readFile(join(www, 'pkg/nianbao_bg.wasm')),
  // The on-demand readers (PDF, legacy Word): inlined too, decoded only when needed.
  read('pkg/nianbao_readers.js'),
  readFile(join(www, 'pkg/nianbao_readers_bg.wasm')),
  // The table assistant (填写表格): inlined too, decoded when the mode is first opened.
  read('pkg/nianbao_tables.js'),
  readFile(join(www, 'pkg/nianbao_tables_bg.wasm')),
]);

// The page's assets block: every stylesheet is inlined, and every module script with
// the modules it imports, once each, in their order (the checker's first).
const assets = /<!-- nb:assets -->([\s\S]*?)<!-- \/nb:assets -->/.exec(html);
if (!assets) throw new Error('index.html lacks the <!-- nb:assets --> block');
const styles = [...assets[1].matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
// The generated bundle stands for the modules it is made of: they are inlined from their
// sources, so the offline file never holds a stale bundle.
const entries = [...assets[1].matchAll(/<script type="module" src="([^"]+)"><\/script>/g)]
  .flatMap((m) => (m[1] === BUNDLE ? PAGE_ENTRIES : [m[1]]));
if (!entries.includes('nianbao-checker.js')) throw new Error('index.html\'s assets block lacks nianbao-checker.js');
// Anything else in the block would be lost from the offline page: say so.
const rest = assets[1]
  .replace(/<link rel="stylesheet" href="[^"]+">/g, '')
  .replace(/<script type="module" src="[^"]+"><\/script>/g, '')
  .replace(/<link rel="preload"[^>]*>/g, '')
  .replace(/<!--[\s\S]*?-->/g, '')
  .trim();
if (rest) throw new Error(`index.html's assets block holds what the offline builder does not inline: ${rest}`);
const css = (await Promise.all(styles.map(read))).join('\n');
const modules = inlineModules(entries.map((src) => join(www, src)), www);

/** A JavaScript string literal that is safe inside an HTML <script> element. */
function literal(s) {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function rawScript(name, source) {
  if (/<\/script|<!--|<script/i.test(source)) {
    throw new Error(`${name} contains a sequence that cannot stand inside an inline <script>`);
  }
  return source;
}

function replaceBlock(text, name, replacement) {
  const re = new RegExp(`<!-- nb:${name} -->[\\s\\S]*?<!-- /nb:${name} -->`);
  if (!re.test(text)) throw new Error(`index.html lacks the <!-- nb:${name} --> block`);
  return text.replace(re, () => replacement);
}

if (/<\/style/i.test(css)) throw new Error('nianbao.css contains </style');

const sampleName = '示例：涞源县2022年政府信息公开工作年度报告.txt';
const boot = `
const NB_WASM_BASE64 = ${literal(wasm.toString('base64'))};
const NB_GLUE = ${literal(glue)};
const NB_WORKER = ${literal(worker)};
const NB_READERS_GLUE = ${literal(readersGlue)};
const NB_READERS_WASM_BASE64 = ${literal(readersWasm.toString('base64'))};
const NB_TABLES_GLUE = ${literal(tablesGlue)};
const NB_TABLES_WASM_BASE64 = ${literal(tablesWasm.toString('base64'))};
const NB_SAMPLE = { name: ${literal(sampleName)}, text: ${literal(sample)} };
function nbBytes(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
{
  const el = document.createElement('nianbao-checker');
  el.options = {
    wasm: nbBytes(NB_WASM_BASE64),
    glue: { source: NB_GLUE },
    worker: { source: NB_WORKER },
    readersWasm: { base64: NB_READERS_WASM_BASE64 },
    readersGlue: { source: NB_READERS_GLUE },
    tablesWasm: { base64: NB_TABLES_WASM_BASE64 },
    tablesGlue: { source: NB_TABLES_GLUE },
    styles: false,
    sample: NB_SAMPLE,
  };
  document.getElementById('nianbao-app').replaceWith(el);
}
`;

let page = html;
page = replaceBlock(page, 'assets', `<style>\n${css}</style>`);
const checkerBlock = /<!-- nb:checker -->([\s\S]*?)<!-- \/nb:checker -->/.exec(html)[1]
  .replace(/<nianbao-checker[^>]*><\/nianbao-checker>/, '<div id="nianbao-app"></div>');
// One module script: the modules, then the boot, which puts the checker in place (the
// other views, e.g. the batch view, find it when their elements connect).
page = replaceBlock(page, 'checker', [
  checkerBlock.trim(),
  `<script type="module">\n${rawScript('the page\'s modules', modules)}\n${boot}</script>`,
].join('\n'));
page = replaceBlock(page, 'offline-link', ' 这是离线单文件版：保存到本机后双击即可打开，不需要网络。');
page = page.replace('<title>年报检查', '<title>年报检查（离线版）');

await writeFile(out, page);
console.log(`离线单文件版：${out}（${(Buffer.byteLength(page) / 1024).toFixed(0)} KB）`);
