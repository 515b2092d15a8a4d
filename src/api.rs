//! What every front end (the WebAssembly binding, an embedding) asks of the library besides
//! a check: the rule catalogue and the labels of the model as serialisable data, the
//! version, and checking inputs as a front end receives them (text, bytes, items that an
//! on-demand reader produced, or something malformed), batch included. The binding only
//! converts values; everything decided about a result is decided here.

use serde::Serialize;

use crate::diag::Severity;
use crate::export;
use crate::model::{self, OrganKind, Template};
use crate::output::{self, Analysis, FileReport, Verdict, SCHEMA};

/// The library's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The name given to input that came without one (the page's paste box).
pub const PASTED: &str = "粘贴的文本";

/// One input as a front end received it.
pub enum Given {
    Text {
        name: String,
        text: String,
    },
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// What an on-demand reader (PDF, legacy Word) made of a file, as
    /// [`nianbao_items::encode`] wrote it.
    Items {
        name: String,
        encoded: String,
    },
    /// Something that is neither: `reason` says what was wrong, in Chinese.
    Bad {
        name: String,
        reason: &'static str,
    },
}

fn bad_input(name: &str, reason: &str) -> FileReport {
    let finding = crate::read::unsupported(
        name,
        reason,
        "调用方式：check(文本)、check({name, text}) 或 check({name, bytes: Uint8Array})。",
    );
    Analysis::failed(name, *finding).finish()
}

/// Checks inputs (one, or a batch): the cross-year rules see every report; malformed
/// inputs get their finding in their place. The result keeps the order given. One path
/// for one input and for many, so the WebAssembly module carries it once.
pub fn check_batch(given: Vec<Given>) -> Vec<FileReport> {
    let mut checked = Vec::with_capacity(given.len());
    for g in given {
        let analysis = match g {
            Given::Text { name, text } => output::analyse_text(&name, &text),
            Given::Bytes { name, bytes } => output::analyse(&name, &bytes),
            Given::Items { name, encoded } => match nianbao_items::decode(&encoded) {
                Some(items) => output::analyse_items(&name, items),
                None => {
                    checked.push((bad_input(&name, "阅读器返回的内容无法识别"), None));
                    continue;
                }
            },
            Given::Bad { name, reason } => {
                checked.push((bad_input(&name, reason), None));
                continue;
            }
        };
        checked.push(analysis.finish_for_batch());
    }
    output::combine(checked).reports
}

/// The rule catalogue, in catalogue order (what `nianbao rules --format json` prints).
pub fn rules() -> Vec<crate::rules::catalog::Entry> {
    crate::rules::catalog::entries()
}

#[derive(Serialize)]
struct Labelled {
    key: &'static str,
    label: &'static str,
}

fn labelled(pairs: &[(&'static str, &'static str)]) -> Vec<Labelled> {
    pairs
        .iter()
        .map(|&(key, label)| Labelled { key, label })
        .collect()
}

#[derive(Serialize)]
struct TableModel {
    name: &'static str,
    /// What a location calls the table (表二).
    short: &'static str,
    section: &'static str,
    rows: Vec<Labelled>,
    columns: Vec<Labelled>,
    /// Table 二 only: which columns each row has, per template.
    #[serde(skip_serializing_if = "Option::is_none")]
    row_columns: Option<std::collections::BTreeMap<&'static str, RowColumns>>,
}

#[derive(Serialize)]
struct RowColumns {
    #[serde(rename = "2021")]
    y2021: &'static [&'static str],
    #[serde(rename = "2019")]
    y2019: &'static [&'static str],
}

#[derive(Serialize)]
struct SectionModel {
    number: usize,
    ordinal: &'static str,
    title: &'static str,
}

#[derive(Serialize)]
pub struct Model {
    schema: u32,
    sections: Vec<SectionModel>,
    t2: TableModel,
    t3: TableModel,
    t4: TableModel,
    templates: Vec<Labelled>,
    severities: Vec<Labelled>,
    /// The values of a result's `report.kind`.
    organ_kinds: Vec<Labelled>,
    verdicts: Vec<Labelled>,
    /// Why a folder's entry is not checked, where the page knows it and the entry's name
    /// does not say it (`hidden_dir`: what the command line says of a hidden directory).
    skip_reasons: Vec<Labelled>,
    /// The largest input checked, in bytes.
    max_input_bytes: usize,
    /// Extensions (lower case, no dot) of the files read from a folder: the core's list.
    supported_extensions: &'static [&'static str],
}

/// Labels and orders for showing a result: sections, table rows and columns.
pub fn model() -> Model {
    // Table 三 rows in display order, both templates: the 2019 single row `3.6` stands
    // before the 2021 sub-rows (a report has one or the other, or both when mixed).
    let mut t3_rows: Vec<Labelled> = Vec::new();
    for &(key, label) in model::T3_ROWS_2021.iter() {
        if key == "3.6.1" {
            t3_rows.push(Labelled {
                key: "3.6",
                label: model::t3_row_label("3.6"),
            });
        }
        t3_rows.push(Labelled { key, label });
    }
    let row_columns = model::T2_ROWS
        .iter()
        .map(|&(row, _)| {
            (
                row,
                RowColumns {
                    y2021: model::t2_columns_2021(row),
                    y2019: model::t2_columns_2019(row),
                },
            )
        })
        .collect();
    Model {
        schema: SCHEMA,
        sections: (0..6)
            .map(|i| SectionModel {
                number: i + 1,
                ordinal: model::ORDINALS[i],
                title: model::SECTION_TITLES[i],
            })
            .collect(),
        t2: TableModel {
            name: model::table_name_zh("t2"),
            short: model::table_short_zh("t2"),
            section: model::section_of_table("t2"),
            rows: labelled(&model::T2_ROWS),
            columns: labelled(&model::T2_COLUMNS),
            row_columns: Some(row_columns),
        },
        t3: TableModel {
            name: model::table_name_zh("t3"),
            short: model::table_short_zh("t3"),
            section: model::section_of_table("t3"),
            rows: t3_rows,
            columns: labelled(&model::T3_COLUMNS),
            row_columns: None,
        },
        t4: TableModel {
            name: model::table_name_zh("t4"),
            short: model::table_short_zh("t4"),
            section: model::section_of_table("t4"),
            rows: labelled(&model::T4_GROUPS),
            columns: labelled(&model::T4_COLUMNS),
            row_columns: None,
        },
        templates: [Template::Y2019, Template::Y2021, Template::Mixed]
            .iter()
            .map(|&t| Labelled {
                key: match t {
                    Template::Y2019 => "2019",
                    Template::Y2021 => "2021",
                    Template::Mixed => "mixed",
                },
                label: t.label_zh(),
            })
            .collect(),
        severities: [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .map(|&s| Labelled {
                key: s.as_str(),
                label: s.label_zh(),
            })
            .collect(),
        // Through `labelled`, as the tables' labels: no serialising code of their own
        // in the wasm module (its size budget is nearly spent).
        organ_kinds: labelled(&[
            ("government", OrganKind::Government.label_zh()),
            ("department", OrganKind::Department.label_zh()),
        ]),
        verdicts: labelled(&[
            ("pass", export::verdict_zh(Verdict::Pass)),
            ("fail", export::verdict_zh(Verdict::Fail)),
            ("unreadable", export::verdict_zh(Verdict::Unreadable)),
        ]),
        skip_reasons: labelled(&[("hidden_dir", crate::read::HIDDEN_DIR_REASON)]),
        max_input_bytes: crate::read::MAX_INPUT_BYTES,
        supported_extensions: crate::read::SUPPORTED_EXTENSIONS,
    }
}

/// `"<crate version> (schema <n>)"`.
pub fn version() -> String {
    format!("{} (schema {})", env!("CARGO_PKG_VERSION"), SCHEMA)
}

// ---- The table assistant (填写表格) ---------------------------------------------------
// What the on-demand module `crates/tables-wasm` exports, as plain functions over JSON
// text: errors are Chinese messages for the page to show.

use crate::draft::{self, Draft, Tables};

/// A template name as the page gives it.
fn template_named(name: &str) -> Result<Template, String> {
    match name {
        "2021" => Ok(Template::Y2021),
        "2019" => Ok(Template::Y2019),
        _ => Err(format!("没有“{name}”格式的表格（应为 2021 或 2019）")),
    }
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the table assistant's values always serialise")
}

/// The template's tables as grids (`draft::Layout` as JSON).
pub fn tables_layout(template: &str) -> Result<String, String> {
    Ok(json(&draft::layout(template_named(template)?)))
}

/// Checks a draft (`draft::Draft` as JSON): `draft::DraftCheck` as JSON.
pub fn tables_check(draft_json: &str) -> Result<String, String> {
    Ok(json(&draft::check(&Draft::from_json(draft_json)?)))
}

/// A new draft from last year's tables (`draft::Tables` as JSON).
pub fn tables_carry_forward(last_year_json: &str) -> Result<String, String> {
    Ok(json(&draft::carry_forward(&Tables::from_json(
        last_year_json,
    )?)))
}

/// A draft's tables as HTML with merged cells, each after its section heading.
pub fn tables_to_html(draft_json: &str, template: &str) -> Result<String, String> {
    Ok(draft::to_html(
        &Draft::from_json(draft_json)?,
        template_named(template)?,
    ))
}

/// A draft's tables as tab-separated text, one line per template row.
pub fn tables_to_tsv(draft_json: &str, template: &str) -> Result<String, String> {
    Ok(draft::to_tsv(
        &Draft::from_json(draft_json)?,
        template_named(template)?,
    ))
}

/// A draft's tables as reader items, for the .docx writer.
pub fn tables_to_items(draft_json: &str, template: &str) -> Result<nianbao_items::Items, String> {
    Ok(draft::to_items(
        &Draft::from_json(draft_json)?,
        template_named(template)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's keys are the values a result holds: each enum as serde writes it.
    #[test]
    fn model_keys_are_the_result_values() {
        let m = serde_json::to_value(model()).unwrap();
        let keys = |field: &str| -> Vec<String> {
            m[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["key"].as_str().unwrap().to_string())
                .collect()
        };
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        assert_eq!(
            keys("organ_kinds"),
            [OrganKind::Government, OrganKind::Department]
                .map(|k| json(serde_json::to_value(k).unwrap()))
        );
        assert_eq!(
            keys("verdicts"),
            [Verdict::Pass, Verdict::Fail, Verdict::Unreadable]
                .map(|v| json(serde_json::to_value(v).unwrap()))
        );
        assert_eq!(m["t3"]["short"], "表三");
        assert_eq!(m["skip_reasons"][0]["label"], "隐藏目录，未展开");
    }
}
