// What the checker understood of a report (title, year, organ, template, period,
// signature, sections), in words: the checker shows it above the findings, the batch
// view in a report's details.

/** The signature's organ and date, or '' when neither was found. */
export function signatureText(r) {
  const s = r.signature;
  return [s && s.organ, s && s.date].filter(Boolean).join(' ');
}

/** [label, value or null] for each fact the checker view lists, in its order. */
export function reportFacts(r, L) {
  return [
    ['标题', r.title],
    ['报告年度', r.year ? `${r.year}年` : null],
    ['机关', r.organ],
    ['机关类型', r.kind ? L.organKind(r.kind) : null],
    ['表格格式', r.template ? L.template(r.template) : null],
    ['统计期限', r.period ? `${r.period.start} 至 ${r.period.end}` : null],
    ['落款', signatureText(r) || null],
    ['部分', r.sections && r.sections.length ? r.sections.map((s) => `${L.sectionOrdinal(s.number)}（第${s.line}行）`).join('、') : null],
  ];
}

/** The verdict in words: the word (通过 …), a sentence with the counts, and the counts
 * per severity ([] when the report could not be checked: there is nothing to count). */
export function verdictText(report, L) {
  const c = report.counts;
  const parts = L.severities.map((s) => `${L.severity(s)} ${c[s]} 项`);
  const unreadable = report.verdict === 'unreadable';
  let detail;
  if (report.verdict === 'pass') {
    // A pass has no errors: the sentence says so and counts the rest.
    const rest = L.severities.map((s, i) => (s === 'error' ? null : parts[i])).filter(Boolean);
    detail = `未发现错误（${rest.join('，')}）。检查对象：${report.source}。`;
  } else if (unreadable) {
    detail = `没有检查报告内容，这不是对报告的结论；原因见下方说明。检查对象：${report.source}。`;
  } else {
    detail = `${parts.join('，')}。检查对象：${report.source}。`;
  }
  return {
    word: L.verdict(report.verdict),
    detail,
    counts: unreadable ? [] : L.severities.map((s) => ({ severity: s, label: L.severity(s), count: c[s] })),
  };
}
