//! Diagnostics: what a rule found, where, and the evidence.

use serde::Serialize;

pub use crate::numbers::Value;
pub use crate::rules::catalog::Severity;
use crate::rules::catalog::{self, Rule};
use crate::span::{Location, Span};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<Value>,
}

/// A table cell a diagnostic is about, by the contract's keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellRef {
    pub table: &'static str,
    pub row: String,
    pub column: &'static str,
    /// Where the cell stands in the text, for findings that list several cells (blank
    /// cells, placeholders), so each can be marked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Location>,
}

/// A cell an arithmetic finding names as the likely error: the one way (of one or two
/// cells) to make every identity of its table hold, with the value it would need.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suspect {
    pub table: &'static str,
    pub row: String,
    pub column: &'static str,
    pub found: Value,
    pub expected: Value,
}

/// A finding before it is placed in the text. Rules build these;
/// The pipeline (`pipeline::Analysis::finish`) renders the message and turns spans into
/// locations.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static str,
    /// Which message template of the rule to use (`""` = the rule's first).
    pub variant: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub span: Option<Span>,
    pub section: Option<&'static str>,
    pub table: Option<&'static str>,
    pub row: Option<String>,
    pub column: Option<&'static str>,
    pub cells: Vec<CellRef>,
    /// Spans of cells in `cells`, by index (see [`Finding::cell_span`]).
    pub cell_spans: Vec<(usize, Span)>,
    /// Arithmetic findings: the likely wrong cells (see [`crate::rules::suspects`]).
    pub suspects: Vec<Suspect>,
    pub evidence: Option<Evidence>,
    /// Overrides the rule's default severity where the rule says so (e.g. a deadline
    /// that only applies to some organs).
    pub severity: Option<Severity>,
    /// For a cross-year finding: the other report of the pair.
    pub compared_with: Option<ComparedWith>,
}

/// The other report a cross-year finding compares with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComparedWith {
    pub source: String,
    pub year: i32,
}

impl Finding {
    /// Starts a finding for `code`. Panics in debug builds for an unknown code, so a
    /// typo is caught by the first test that reaches it.
    pub fn new(code: &'static str) -> Self {
        debug_assert!(catalog::rule(code).is_some(), "unknown rule code {code}");
        Finding {
            code,
            variant: "",
            args: Vec::new(),
            span: None,
            section: None,
            table: None,
            row: None,
            column: None,
            cells: Vec::new(),
            cell_spans: Vec::new(),
            suspects: Vec::new(),
            evidence: None,
            severity: None,
            compared_with: None,
        }
    }

    pub fn variant(mut self, v: &'static str) -> Self {
        self.variant = v;
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn maybe_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn section(mut self, s: &'static str) -> Self {
        self.section = Some(s);
        self
    }

    /// Points at one cell: sets table, row and column and adds it to `cells`.
    pub fn cell(mut self, table: &'static str, row: &str, column: &'static str) -> Self {
        self.table = Some(table);
        self.row = Some(row.to_string());
        self.column = Some(column);
        self.section = Some(crate::model::section_of_table(table));
        self.cells.push(CellRef {
            table,
            row: row.to_string(),
            column,
            span: None,
        });
        self
    }

    /// Adds a further cell involved (e.g. the addends of a sum) without moving the
    /// primary location.
    pub fn also_cell(mut self, table: &'static str, row: &str, column: &'static str) -> Self {
        self.cells.push(CellRef {
            table,
            row: row.to_string(),
            column,
            span: None,
        });
        self
    }

    /// Places the cell added last in the text.
    pub fn cell_span(mut self, span: Span) -> Self {
        if let Some(i) = self.cells.len().checked_sub(1) {
            self.cell_spans.push((i, span));
        }
        self
    }

    pub fn table(mut self, table: &'static str) -> Self {
        self.table = Some(table);
        self.section = Some(crate::model::section_of_table(table));
        self
    }

    pub fn row(mut self, row: &str) -> Self {
        self.row = Some(row.to_string());
        self
    }

    pub fn evidence(mut self, expected: impl Into<Value>, found: impl Into<Value>) -> Self {
        self.evidence = Some(Evidence {
            expected: Some(expected.into()),
            found: Some(found.into()),
        });
        self
    }

    pub fn found(mut self, found: impl Into<Value>) -> Self {
        self.evidence = Some(Evidence {
            expected: None,
            found: Some(found.into()),
        });
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }

    pub fn compared_with(mut self, source: &str, year: i32) -> Self {
        self.compared_with = Some(ComparedWith {
            source: source.to_string(),
            year,
        });
        self
    }
}

/// A diagnostic as the contract (`rules.md`) has it.
///
/// Serialized by the derived code (`remote = "Self"` makes it the inherent
/// `Diagnostic::serialize`) for serializers other than the command line's printer, which
/// has it write itself ([`crate::json::Direct`]); a test compares the two.
#[derive(Clone, Debug, Serialize)]
#[serde(remote = "Self")]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// The rule's title (Chinese).
    pub title: &'static str,
    /// A Chinese message that stands alone.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellRef>,
    /// Arithmetic findings (T3-*, T4-SUM): the smallest set of cells whose change makes
    /// every identity of the table hold, when exactly one such set exists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suspects: Vec<Suspect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Location>,
    /// Cross-year rules: the other report of the pair (its `source` and year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared_with: Option<ComparedWith>,
}

impl Diagnostic {
    pub fn from_finding(f: Finding, locate: impl Fn(Span) -> Location) -> Diagnostic {
        let rule: &Rule = catalog::rule(f.code).unwrap_or(&catalog::UNKNOWN);
        let message = rule.render(f.variant, &f.args);
        let mut cells = f.cells;
        for (i, span) in f.cell_spans {
            if let Some(c) = cells.get_mut(i) {
                c.span = Some(locate(span));
            }
        }
        Diagnostic {
            code: rule.code,
            severity: f.severity.unwrap_or(rule.severity),
            title: rule.title,
            message,
            evidence: f.evidence,
            section: f.section,
            table: f.table,
            row: f.row,
            column: f.column,
            cells,
            suspects: f.suspects,
            span: f.span.map(locate),
            compared_with: f.compared_with,
        }
    }
}

impl Serialize for Diagnostic {
    /// The WebAssembly module has no use for the printer's way (it writes with
    /// serde_json), nor room for its code: there, the derived fields only.
    #[cfg(target_family = "wasm")]
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Diagnostic::serialize(self, s)
    }

    #[cfg(not(target_family = "wasm"))]
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The derived fields, for serializers other than the JSON printer.
        struct Derived<'a>(&'a Diagnostic);
        impl Serialize for Derived<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Diagnostic::serialize(self.0, s)
            }
        }
        crate::json::serialize_direct(s, self, &Derived(self))
    }
}

/// The same fields as the derived `Serialize`, in the same order, left out alike.
#[cfg(not(target_family = "wasm"))]
impl crate::json::Direct for Diagnostic {
    fn write(&self, o: &mut crate::json::Object<'_, '_>) {
        o.str("code", self.code);
        o.str("severity", self.severity.as_str());
        o.str("title", self.title);
        o.str("message", &self.message);
        if let Some(e) = &self.evidence {
            o.object("evidence", |o| {
                for (key, v) in [("expected", &e.expected), ("found", &e.found)] {
                    match v {
                        Some(Value::Int(i)) => o.int(key, *i),
                        Some(Value::Num(x)) => o.float(key, *x),
                        Some(Value::Text(t)) => o.str(key, t),
                        None => {}
                    }
                }
            });
        }
        for (key, v) in [
            ("section", self.section),
            ("table", self.table),
            ("row", self.row.as_deref()),
            ("column", self.column),
        ] {
            if let Some(v) = v {
                o.str(key, v);
            }
        }
        if !self.cells.is_empty() {
            o.objects("cells", &self.cells, |o, c| {
                o.str("table", c.table);
                o.str("row", &c.row);
                o.str("column", c.column);
                if let Some(l) = &c.span {
                    l.write_to("span", o);
                }
            });
        }
        if !self.suspects.is_empty() {
            o.value("suspects", &self.suspects);
        }
        if let Some(l) = &self.span {
            l.write_to("span", o);
        }
        if let Some(c) = &self.compared_with {
            o.object("compared_with", |o| {
                o.str("source", &c.source);
                o.int("year", c.year.into());
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The printer's own way of writing a diagnostic gives serde_json's bytes (of the
    /// derived fields), with every field present or left out, values of each kind
    /// (NaN and text with escapes too), cells with and without a place, a page or not.
    #[test]
    fn diagnostics_print_as_serde_json_prints_them() {
        let at = |page| Location {
            line: 3,
            column: 12,
            end_line: 3,
            end_column: 100_000_000,
            start_utf16: 7,
            end_utf16: 4_294_967_295,
            page,
        };
        let values = [
            None,
            Some(Value::Int(-12)),
            Some(Value::Num(0.25)),
            Some(Value::Num(f64::NAN)),
            Some(Value::Text("≤50% \"a\"\n".into())),
        ];
        let mut all = Vec::new();
        for i in 0..40 {
            let mut f = Finding::new(["T3-SUM", "XY-CARRY", "CELL-BLANK", "META-TITLE"][i % 4])
                .maybe_span((i % 3 != 0).then_some(Span::new(i, i + 3)));
            if i % 5 != 0 {
                f.evidence = Some(Evidence {
                    expected: values[i % 5].clone(),
                    found: values[(i / 5) % 5].clone(),
                });
            }
            if i % 2 == 0 {
                f = f.cell("t3", &format!("行{i}\t"), "total");
                if i % 4 == 0 {
                    f = f.cell_span(Span::new(1, 2));
                }
                f = f.also_cell("t2", "rules", "issued");
            }
            if i % 7 == 0 {
                f = f.row("无表的行");
            }
            if i % 3 == 0 {
                f.suspects.push(Suspect {
                    table: "t3",
                    row: "5".into(),
                    column: "natural",
                    found: Value::Int(3),
                    expected: Value::Num(2.5),
                });
            }
            if i % 6 == 1 {
                f = f.compared_with("a\"b.txt", 2023);
            }
            let page = (i % 4 == 1).then_some(i as u32);
            all.push(Diagnostic::from_finding(f, |_| at(page)));
        }
        let mut ours = Vec::new();
        crate::json::write_pretty_to_vec(&mut ours, &(&all, [&all[..3]])).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string_pretty(&(&all, [&all[..3]])).unwrap()
        );
        // serde_json takes the derived fields (the printer's own way is not offered to
        // it): what it writes has every key the contract names.
        let v = serde_json::to_value(&all[4]).unwrap();
        assert_eq!(v["code"], "T3-SUM");
        assert_eq!(v["cells"][0]["span"]["line"], 3);
    }
}
