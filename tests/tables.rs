//! The table assistant (issue 14) on real reports: a report's tables written out by
//! `nianbao::draft` (HTML, reader items, .docx, JSON) and read back by the checker give
//! exactly the same `report.tables`, for all five fixtures (2019, 2021 and mixed
//! templates).

mod common;

use common::*;
use nianbao::draft::{self, Draft, Tables};
use nianbao::model::Template;

/// The report's `tables` as the checker's JSON result has them.
fn tables_json(r: &nianbao::FileReport) -> serde_json::Value {
    let v = serde_json::to_value(r).unwrap();
    v["report"]["tables"].clone()
}

/// The fixture checked, and its tables as a draft.
fn fixture_draft(name: &str) -> (nianbao::FileReport, Draft, Template) {
    let text = fixture(name);
    let checked = check(&text);
    let json = serde_json::to_string(&tables_json(&checked)).unwrap();
    let tables = Tables::from_json(&json).unwrap();
    let template = match checked.report.as_ref().unwrap().template {
        Some(Template::Y2019) => Template::Y2019,
        _ => Template::Y2021,
    };
    (
        checked,
        Draft {
            tables,
            ..Draft::default()
        },
        template,
    )
}

#[test]
fn every_fixture_round_trips_through_html() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let html = draft::to_html(&draft, template);
        let back = nianbao::check_bytes("tables.html", html.as_bytes());
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_reader_items() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let items = draft::to_items(&draft, template);
        let back = nianbao::output::analyse_items("tables.docx", Ok(items)).finish();
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_json() {
    for name in FIXTURES {
        let (checked, draft, _) = fixture_draft(name);
        let json = serde_json::to_string(&draft).unwrap();
        let again = Draft::from_json(&json).unwrap();
        assert_eq!(again, draft, "{name}");
        let a: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(a, tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_docx() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let bytes = nianbao_docx::write(&draft::to_items(&draft, template));
        // The normal .docx reading path of the checker.
        let back = nianbao::check_bytes("tables.docx", &bytes);
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
        // Nothing about the tables' shape is wrong in what was written.
        let shape: Vec<_> = back
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("TBL-") || d.code.starts_with("TPL-LABEL"))
            .map(|d| d.code)
            .collect();
        assert!(shape.is_empty(), "{name}: {shape:?}");
    }
}
