// Inlines an ES module graph into one script, for the single-file offline page: a page
// opened from disk (file://) cannot fetch module scripts, so every module the entries
// import must already be in the page.
//
// Each module becomes a function scope run once, in dependency order, that returns its
// exports; an import binds the names from the exporting module's returned object:
//
//   import { a, b as c } from './x.js';   →   const { a, b: c } = __nb_m1;
//   export function f() {}                →   function f() {}   … return { f };
//
// Only what the page's modules use is supported, and anything else fails the build
// rather than producing a page that breaks when opened: named imports of relative
// paths; `export` before function, async function, class and const declarations;
// `export { a, b as c }`. Refused: default and namespace imports or exports, `export *`,
// re-exports (`export … from`), `export let`/`var` (a live binding that changes would not
// be seen by importers, as an object returned once holds values), dynamic import(),
// import cycles, and import or export statements that do not start a line. Every module
// is read from disk; the result is checked to parse as a module (node --check).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*(['"])([^'"\n]+)\2\s*;?[ \t]*$/gm;
const EXPORT_DECL = /^export\s+((?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|const\s+([A-Za-z_$][\w$]*))/gm;
const EXPORT_LIST = /^export\s*\{([^}]*)\}\s*;?[ \t]*$/gm;

function fail(file, message) {
  throw new Error(`${file}: ${message}`);
}

/** `a, b as c` → [[a, a], [b, c]] (name in the exporting module, local name). */
function specifiers(file, list) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(s);
    if (!m) fail(file, `unsupported import or export specifier "${s}"`);
    return [m[1], m[2] || m[1]];
  });
}

/** Reads one module: its imports and exports, and its source with both rewritten out. */
function parse(file, root) {
  const name = relative(root, file);
  let source = readFileSync(file, 'utf8');
  const imports = [];
  source = source.replace(IMPORT, (_, list, _q, spec) => {
    if (!spec.startsWith('./') && !spec.startsWith('../')) fail(name, `import of "${spec}": only relative paths`);
    const from = resolve(dirname(file), spec);
    const names = specifiers(name, list);
    imports.push({ from, names });
    return `\0import${imports.length - 1}\0`;
  });
  const exports = [];
  source = source.replace(EXPORT_DECL, (whole, decl, fn, cls, cnst) => {
    exports.push([fn || cls || cnst, fn || cls || cnst]);
    return decl;
  });
  source = source.replace(EXPORT_LIST, (_, list) => {
    // `export { local as exported }`: the pair is read the other way round.
    for (const [local, exported] of specifiers(name, list)) exports.push([local, exported]);
    return '';
  });
  // Whatever import or export is left is a form this inliner does not handle.
  const left = /^\s*(import|export)\b.*$/m.exec(source);
  if (left) fail(name, `unsupported statement: ${left[0].trim()}`);
  if (/\bimport\s*\(/.test(source)) fail(name, 'dynamic import() is not supported');
  return { file, name, source, imports, exports };
}

/**
 * The modules reachable from `entries` (paths), each once, every module after the
 * modules it imports; entries in the order given.
 */
export function moduleGraph(entries, root) {
  const done = new Map();
  const visiting = new Set();
  const order = [];
  const visit = (file, via) => {
    if (done.has(file)) return done.get(file);
    const shown = relative(root, file);
    if (visiting.has(file)) fail(shown, `import cycle (via ${via})`);
    visiting.add(file);
    let mod;
    try {
      mod = parse(file, root);
    } catch (err) {
      if (err.code === 'ENOENT') fail(via || shown, `imports ${shown}, which does not exist`);
      throw err;
    }
    for (const imp of mod.imports) imp.module = visit(imp.from, shown);
    visiting.delete(file);
    mod.id = `__nb_m${order.length}`;
    order.push(mod);
    done.set(file, mod);
    return mod;
  };
  for (const e of entries) visit(resolve(e), null);
  return order;
}

/** One script holding every module of the graph from `entries`, in dependency order. */
export function inlineModules(entries, root) {
  const order = moduleGraph(entries, root);
  const parts = [];
  for (const mod of order) {
    // Imports are hoisted, as in a module: every binding before the module's own code.
    const bindings = mod.imports.map((imp) => {
      const exported = new Set(imp.module.exports.map(([, e]) => e));
      for (const [name] of imp.names) {
        if (!exported.has(name)) fail(mod.name, `imports "${name}", which ${imp.module.name} does not export`);
      }
      const list = imp.names.map(([n, local]) => (n === local ? n : `${n}: ${local}`)).join(', ');
      return `const { ${list} } = ${imp.module.id};\n`;
    });
    const body = mod.source.replace(/\0import\d+\0\n?/g, '');
    const ret = mod.exports.map(([local, exported]) => (local === exported ? local : `${exported}: ${local}`)).join(', ');
    parts.push(`// ---- ${mod.name}\nconst ${mod.id} = (() => {\n${bindings.join('')}${body.trim()}\nreturn { ${ret} };\n})();\n`);
  }
  const script = parts.join('\n');
  checkSyntax(script);
  return script;
}

/** Fails when `script` does not parse as a module (a rewrite gone wrong). */
function checkSyntax(script) {
  const dir = mkdtempSync(join(tmpdir(), 'nb-inline-'));
  try {
    const file = join(dir, 'page.mjs');
    writeFileSync(file, script);
    execFileSync(process.execPath, ['--check', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`the inlined modules do not parse: ${err.stderr || err.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
