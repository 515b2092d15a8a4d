// How the page writes numbers, durations and sizes (in Chinese).

/** A table cell's value; a blank cell (null) reads 空. */
export function formatNumber(v) {
  if (v === null || v === undefined) return '空';
  return String(v);
}

/** A duration in milliseconds. */
export function formatMs(ms) {
  if (ms < 1) return `${ms.toFixed(2)} 毫秒`;
  if (ms < 1000) return `${Math.round(ms)} 毫秒`;
  return `${(ms / 1000).toFixed(1)} 秒`;
}

/** A size in bytes, as the core writes sizes in its messages (limits::human_size; the
 * page adds GB for files the core never sees whole), so that the page's notes on a file
 * over the limit and the core's agree. */
export function humanSize(n) {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} 字节`;
}

// Made once: toLocaleString builds a formatter on every call, which took tens of
// milliseconds per view of a large text.
const COUNT = new Intl.NumberFormat('zh-CN');

/** A count of characters, with the Chinese digit grouping (12,345). */
export function formatCount(n) {
  return COUNT.format(n);
}
