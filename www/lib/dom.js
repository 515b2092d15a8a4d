// Small DOM helpers shared by the page's views. Text only, never HTML: a report's
// content (names, messages, cell values) goes into the page as text nodes, so a report
// holding script tags or onerror attributes is shown, not run.

/** `h('p', {class: 'x', onclick: f}, 'text', child)`: an element with its properties,
 * attributes, listeners (`on…`) and children (strings become text nodes; null, undefined
 * and false are left out; arrays are flattened). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null) continue;
      // false as a property (checked, hidden) is set; as an attribute it means "absent".
      if (v === false && !(k in el)) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      // `list` and `form` are read-only properties that only the attribute sets.
      else if (k in el && !k.includes('-') && k !== 'list' && k !== 'form') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/** Appends children as `h` takes them. */
export function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Saves `content` as a file named `name` (a click on a temporary blob link). */
export function download(content, name, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the browser may still be reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Makes `root` take dropped files: `cls` on `root` while files are dragged over it,
 * `onDrop(dataTransfer)` when they are dropped. Drags of anything else (text, links)
 * are left to the browser. */
export function dropTarget(root, cls, onDrop) {
  // dragenter/dragleave fire for every child crossed: count them to know when the
  // drag really leaves.
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  root.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    root.classList.add(cls);
  });
  root.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  root.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (!depth) root.classList.remove(cls);
  });
  root.addEventListener('drop', (e) => {
    depth = 0;
    root.classList.remove(cls);
    if (!hasFiles(e)) return;
    e.preventDefault();
    onDrop(e.dataTransfer);
  });
}
