// The engine's labels and orders, as the wasm module's model() gives them (the worker's
// `ready` message carries it): severities, verdicts, templates, organ kinds, tables with
// their rows and columns, sections. The page copies none of them, so that a label changed
// in the core shows the same on the command line, in the exports and on the page.

function byKey(list) {
  return new Map((list || []).map((x) => [x.key, x.label]));
}

export class Labels {
  constructor(model) {
    this.model = model;
    /** Severity keys, most severe first. */
    this.severities = model.severities.map((s) => s.key);
    this.severityLabel = byKey(model.severities);
    this.verdictLabel = byKey(model.verdicts);
    this.templateLabel = byKey(model.templates);
    this.organKindLabel = byKey(model.organ_kinds);
    this.skipReasonLabel = byKey(model.skip_reasons);
    this.rank = new Map(this.severities.map((k, i) => [k, i]));
  }

  /** 错误, 警告, 提示 (the key itself for one the model does not know). */
  severity(key) {
    return this.severityLabel.get(key) || key;
  }

  /** 通过, 不通过, 无法检查. */
  verdict(key) {
    return this.verdictLabel.get(key) || key;
  }

  template(key) {
    return this.templateLabel.get(key) || key;
  }

  organKind(key) {
    return this.organKindLabel.get(key) || key;
  }

  /** Why a folder's entry is not checked (`hidden_dir`). */
  skipReason(key) {
    return this.skipReasonLabel.get(key);
  }

  /** How severe (0: the most). */
  severityRank(key) {
    const r = this.rank.get(key);
    return r === undefined ? this.severities.length : r;
  }

  /** The most severe of the severities of `items` (each with a `severity`). */
  worst(items) {
    let best = null;
    for (const d of items) if (best === null || this.severityRank(d.severity) < this.severityRank(best)) best = d.severity;
    return best;
  }

  /** A table's model (`t2`, `t3`, `t4`): name, short name, rows, columns. */
  table(key) {
    return this.model[key];
  }

  /** 表二 … */
  tableShort(key) {
    const t = this.model[key];
    return (t && t.short) || key;
  }

  rowLabel(table, key) {
    const t = this.model[table];
    const r = t && t.rows.find((x) => x.key === key);
    return r ? r.label : key;
  }

  columnLabel(table, key) {
    const t = this.model[table];
    const c = t && t.columns.find((x) => x.key === key);
    return c ? c.label : key;
  }

  /** The ordinal of section `number` (1–6): 一 … 六. */
  sectionOrdinal(number) {
    return (this.model.sections[number - 1] || {}).ordinal || number;
  }
}
