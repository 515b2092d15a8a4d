// Files as the page gets them (picked, dropped, a dropped folder's tree) and what it
// tells of the files it does not read.

import { humanSize } from './format.js';

/** Bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Why a file of `size` bytes is not read when the engine's limit is `limit`
 * (model().max_input_bytes): the page does not even read such a file. */
export function tooLarge(size, limit) {
  return `过大（${humanSize(size)}），超过 ${humanSize(limit)} 的上限`;
}

/** All files under a dropped folder entry, with their paths, in sorted order. */
export async function filesOfEntry(entry) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: entry.fullPath.replace(/^\//, ''), fromFolder: false }];
  }
  const reader = entry.createReader();
  const entries = [];
  // readEntries returns at most 100 entries a call: read until it returns none.
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    entries.push(...batch);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = [];
  for (const e of entries) {
    // A hidden directory is not searched, but listed as skipped (as the command line does).
    if (e.isDirectory && e.name.startsWith('.')) {
      out.push({ file: null, path: e.fullPath.replace(/^\//, ''), fromFolder: true, hiddenDir: true });
      continue;
    }
    for (const f of await filesOfEntry(e)) out.push({ ...f, fromFolder: true });
  }
  return out;
}

/** Whether a file is checked: anything named explicitly; from a folder, the names the
 * checker reads (`supported`: the core's list, model().supported_extensions), not hidden
 * files, files in hidden directories or Word's `~$` lock files (the command line skips
 * the same; the core gives the reason for each name). */
export function wanted({ file, path, fromFolder, hiddenDir }, supported) {
  if (!fromFolder) return true;
  if (hiddenDir) return false;
  const parts = path.split('/');
  const name = (file && file.name) || parts[parts.length - 1];
  if (name.startsWith('~$') || parts.some((p) => p.startsWith('.'))) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && supported.includes(name.slice(dot + 1).toLowerCase());
}

/** What the checker is told of a file it is not given: its name, and the reason when the
 * page knows better than the name (the core gives the reason for a name). `limit`: the
 * engine's input limit; `hiddenDir`: the engine's reason for a hidden directory. */
export function skippedEntry(f, { limit, hiddenDir }) {
  if (f.hiddenDir) return { name: f.path, reason: hiddenDir };
  // A file a folder picker gave from a hidden directory: the directory, once.
  const parts = f.path.split('/');
  const hidden = parts.slice(0, -1).findIndex((p) => p.startsWith('.'));
  if (hidden >= 0) return { name: parts.slice(0, hidden + 1).join('/'), reason: hiddenDir };
  if (f.file && f.file.size > limit) return { name: f.path, reason: `文件${tooLarge(f.file.size, limit)}` };
  return { name: f.path };
}
