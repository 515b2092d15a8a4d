// A text with the findings' places marked: the layer behind the editor and the
// read-only view of a file share it.

/** The most marks drawn in one text: beyond this the page would spend seconds laying
 * out marks nobody can look through (the findings list still has them all). */
const MARK_LIMIT = 2000;

/** Splits `text` into text nodes and <mark>s for the diagnostics' UTF-16 ranges. Where
 * ranges overlap, the most severe (the lowest `rank`) wins; `current` (an index) is drawn on top. */
export function markedFragment(text, ranges, current, onMark) {
  const frag = document.createDocumentFragment();
  const usable = ranges
    .filter((r) => r.start <= text.length && r.end >= 0)
    .slice(0, MARK_LIMIT);
  const bounds = new Set([0, text.length]);
  for (const r of usable) {
    bounds.add(Math.min(r.start, text.length));
    bounds.add(Math.min(r.end, text.length));
  }
  const points = [...bounds].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(a, b);
    let best = null;
    let isCurrent = false;
    for (const r of usable) {
      if (r.start <= a && r.end >= b) {
        if (r.index === current) isCurrent = true;
        if (!best || r.rank < best.rank) best = r;
      }
    }
    if (!best) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    const mark = document.createElement('mark');
    mark.className = `nb-mark nb-mark-${best.severity}${isCurrent ? ' nb-mark-current' : ''}`;
    mark.dataset.index = String(isCurrent ? current : best.index);
    mark.textContent = piece;
    if (onMark) onMark(mark);
    frag.append(mark);
  }
  return frag;
}

/** The UTF-16 range to show for a diagnostic: an empty span (e.g. a blank cell) is
 * widened to its line so that it can be seen. */
export function displayRange(text, span) {
  let start = Math.min(span.start_utf16, text.length);
  let end = Math.min(Math.max(span.end_utf16, start), text.length);
  if (end === start) {
    const ls = text.lastIndexOf('\n', start - 1) + 1;
    let le = text.indexOf('\n', start);
    if (le < 0) le = text.length;
    start = ls;
    end = le;
  }
  return { start, end };
}
