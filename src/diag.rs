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

/// A diagnostic as the contract (`rules.md`) has it. The command line's JSON printer
/// writes its fields itself (`json::Offered`), as the derived `Serialize` does: a field
/// added here is added there (its test builds every field and compares the bytes).
#[derive(Clone, Debug, Serialize)]
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
