// The list of every rule the checker applies (the catalogue from rules()), under the
// results: what each rule checks and on what basis.

import { h } from './dom.js';
import { ruleBasis, severityBadge } from './findings.js';

/** The rules as a description list; `uid` makes the ids unique on the page. */
export function rulesList(rules, labels, uid) {
  const list = h('dl', { class: 'nb-rule-list' });
  for (const r of rules) {
    list.append(
      h('dt', { id: `${uid}-rule-${r.code}` },
        h('code', { class: 'nb-code' }, r.code), ' ',
        severityBadge(r.severity, labels), ' ',
        r.title, r.cross_year ? '（需两年报告）' : ''),
      h('dd', {}, h('p', {}, r.explanation), ruleBasis(r)),
    );
  }
  return list;
}
