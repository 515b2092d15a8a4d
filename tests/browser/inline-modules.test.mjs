// The offline builder's module inliner (www/tools/inline-modules.mjs): the inlined graph
// runs as the modules would, each module once and after what it imports; every import
// or export form it does not handle fails the build instead of making a broken page.
// No browser: the inlined script runs in node's vm.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { inlineModules, moduleGraph } from '../../www/tools/inline-modules.mjs';

/** Writes `files` ({path: source}) into a fresh directory; returns its path. */
function tree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'nb-inline-test-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

function withTree(files, fn) {
  const dir = tree(files);
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the inlined graph runs each module once, after its imports, with renamed and listed exports', () => {
  withTree({
    'lib/count.js': 'globalThis.log.push("count");\nlet n = 0;\nexport function next() {\n  return ++n;\n}\n',
    'lib/names.js': [
      "import { next } from './count.js';",
      'globalThis.log.push("names");',
      'const first = next();',
      'function shout(s) {',
      '  return s.toUpperCase();',
      '}',
      'export const NAME = `n${first}`;',
      'export { shout as loud, first };',
      '',
    ].join('\n'),
    // Uses an import before the import statement: imports are hoisted in a module.
    'a.js': [
      'globalThis.log.push(`a ${loud("x")}`);',
      'import {',
      '  NAME,',
      '  loud,',
      "} from './lib/names.js';",
      "import { next as again } from './lib/count.js';",
      'globalThis.out.a = [NAME, again()];',
      '',
    ].join('\n'),
    'b.js': "import { NAME, first } from './lib/names.js';\nimport { next } from './lib/count.js';\nglobalThis.out.b = [NAME, first, next()];\n",
  }, (dir) => {
    const order = moduleGraph([join(dir, 'a.js'), join(dir, 'b.js')], dir).map((m) => m.name);
    assert.deepEqual(order, ['lib/count.js', 'lib/names.js', 'a.js', 'b.js']);
    const script = inlineModules([join(dir, 'a.js'), join(dir, 'b.js')], dir);
    const context = { log: [], out: {} };
    context.globalThis = context;
    vm.runInNewContext(script, context);
    // count.js and names.js ran once although both entries import them.
    // (Spread: the context's arrays belong to another realm.)
    assert.deepEqual([...context.log], ['count', 'names', 'a X']);
    assert.deepEqual([...context.out.a], ['n1', 2]);
    assert.deepEqual([...context.out.b], ['n1', 1, 3]);
  });
});

test('the page\'s own modules inline and parse', () => {
  const www = new URL('../../www/', import.meta.url).pathname;
  const names = moduleGraph([join(www, 'nianbao-checker.js'), join(www, 'nianbao-batch.js')], www).map((m) => m.name);
  // The entries in their order, each after what it imports.
  assert.equal(names.at(-1), 'nianbao-batch.js');
  assert.ok(names.indexOf('nianbao-checker.js') < names.indexOf('lib/batch.js'), names.join());
  assert.ok(names.includes('lib/engine.js') && names.includes('lib/dom.js'), names.join());
  assert.equal(new Set(names).size, names.length, 'each module once');
  inlineModules([join(www, 'nianbao-checker.js'), join(www, 'nianbao-batch.js')], www);
});

test('every unsupported form fails the build, naming the file', () => {
  const refused = [
    ["import x from './m.js';\n", /unsupported statement: import x from/],
    ["import * as m from './m.js';\n", /unsupported statement: import \* as m/],
    ["import './m.js';\n", /unsupported statement: import '\.\/m\.js'/],
    ["import { a } from 'm';\n", /only relative paths/],
    ['export default 1;\n', /unsupported statement: export default/],
    ['export let a = 1;\n', /unsupported statement: export let/],
    ["export * from './m.js';\n", /unsupported statement: export \*/],
    ["export { a } from './m.js';\n", /unsupported statement: export \{ a \} from/],
    ["const m = import('./m.js');\n", /dynamic import\(\)/],
    ["  import { a } from './m.js';\n", /unsupported statement: import \{ a \}/],
    ["import { nope } from './m.js';\n", /imports "nope", which m\.js does not export/],
    ["import { a } from './missing.js';\n", /imports missing\.js, which does not exist/],
  ];
  for (const [source, message] of refused) {
    withTree({ 'e.js': source, 'm.js': 'export const a = 1;\n' }, (dir) => {
      assert.throws(() => inlineModules([join(dir, 'e.js')], dir), (err) => {
        assert.match(err.message, /^e\.js: /, source);
        assert.match(err.message, message, source);
        return true;
      });
    });
  }
  withTree({
    'e.js': "import { b } from './b.js';\nexport const a = 1;\n",
    'b.js': "import { a } from './e.js';\nexport const b = 2;\n",
  }, (dir) => {
    assert.throws(() => inlineModules([join(dir, 'e.js')], dir), /e\.js: import cycle \(via b\.js\)/);
  });
  // A rewrite that leaves code which does not parse is caught too.
  withTree({ 'e.js': 'export const a = ;\n' }, (dir) => {
    assert.throws(() => inlineModules([join(dir, 'e.js')], dir), /the inlined modules do not parse/);
  });
});

test('index.html loads the page as one generated file, made from the current modules', async () => {
  // One request instead of one per module (six connections per host over HTTP/1.1 made the
  // graph arrive in waves); a bundle older than its modules would run stale code.
  const www = new URL('../../www/', import.meta.url).pathname;
  const { readFileSync } = await import('node:fs');
  const { BUNDLE, PAGE_ENTRIES, pageBundle } = await import('../../www/tools/page-bundle.mjs');
  const html = readFileSync(join(www, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [BUNDLE]);
  assert.doesNotMatch(html, /modulepreload/);
  const bundle = readFileSync(join(www, BUNDLE), 'utf8');
  assert.equal(bundle, pageBundle(www), `${BUNDLE} is older than its modules: run ./build.sh wasm`);
  // Every module of the graph is in it, the entries last.
  const names = moduleGraph(PAGE_ENTRIES.map((e) => join(www, e)), www).map((m) => m.name);
  assert.ok(names.length > 10, names.join(' '));
  for (const n of names) assert.ok(bundle.includes(`// ---- ${n}\n`), n);
  // It exports what the checker's entry exports, so embedders can import mount from it.
  const checker = moduleGraph([join(www, 'nianbao-checker.js')], www).at(-1);
  const exported = [...bundle.matchAll(/^export const \{ ([^}]*) \} = __nb_m\d+;$/gm)].flatMap((m) => m[1].split(', '));
  assert.deepEqual(exported, checker.exports.map(([, e]) => e));
  assert.ok(exported.includes('mount'));
});
