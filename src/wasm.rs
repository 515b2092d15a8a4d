//! The WebAssembly binding: how the page (or any JavaScript caller) checks reports.
//!
//! Built by `./build.sh` with `wasm-bindgen --target web`. Four exports:
//!
//! - `check(input)` returns the contract result of `rules.md`, `{schema, reports: [...]}`,
//!   as a plain JavaScript object. `input` is a string (pasted text), `{name, text}`,
//!   `{name, bytes}` (`bytes` a `Uint8Array` or `ArrayBuffer`; the file name and the
//!   bytes' signature decide the format), or an array of those (a batch: the result keeps
//!   the order and the cross-year rules see every report). Bad input never throws: it
//!   becomes an `IN-…` finding in the result, like everything else the user must fix.
//! - `rules()`: the rule catalogue (code, severity, title, explanation, basis, …).
//! - `model()`: the table schemas with their Chinese labels, the section titles and the
//!   other labels a page needs to show a result.
//! - `version()`: the crate version and the result schema number.
//! - `check_many(inputs)`: `check` of an array (the page's batch view), plus the exports
//!   of [`crate::export`] in `exports`: `{findings_csv, tables_csv, html}`. `inputs` may
//!   also be `{inputs: [...], skipped: [...]}`: the files of a dropped folder that the page
//!   did not read (each a name, or `{name, reason}`), returned as `skipped: [{source,
//!   reason}]` beside `reports` (the reason the core's when none is given) and listed in
//!   the findings CSV, as the command line lists them. Which names are read is
//!   `model().supported_extensions`.
//!
//! A panic is a bug, never a verdict: `console_error_panic_hook` logs it to the console
//! and the call traps (the release profile aborts), which the caller sees as an exception.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diag::Severity;
use crate::doc::Document;
use crate::export::Skipped;
use crate::model::{self, Template};
use crate::output::{self, Analysis, FileReport, Input, Output, SCHEMA};
use crate::rules::catalog::RULES;

/// The allocator of the module (see Cargo.toml): single-threaded, as the module is.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The name given to input that came without one (the page's paste box).
const PASTED: &str = "粘贴的文本";

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Serialised to JSON in wasm and parsed by the engine's JSON.parse: one crossing of
    // the boundary instead of one per field. Building the objects field by field
    // (serde-wasm-bindgen) took ~30% of a check in the page, and its code 5 KB gzip of
    // the module; JSON.parse is the engine's
    // fastest way to build them. Maps become plain objects, exactly what `JSON.parse`
    // of the command line's `--format json` gives.
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        // Only for a bug (every result serialises): say so rather than return nothing.
        Err(e) => {
            let error = js_sys::Error::new(&format!("nianbao: 结果无法转换为 JSON：{e}"));
            wasm_bindgen::throw_val(error.into())
        }
    }
}

/// One input as understood from the JavaScript value.
enum Given {
    Text { name: String, text: String },
    Bytes { name: String, bytes: Vec<u8> },
    Bad { name: String, reason: &'static str },
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn parse(value: &JsValue) -> Given {
    if let Some(text) = value.as_string() {
        return Given::Text {
            name: PASTED.to_string(),
            text,
        };
    }
    if !value.is_object() {
        return Given::Bad {
            name: PASTED.to_string(),
            reason: "传入的既不是文本也不是文件内容",
        };
    }
    let name = get(value, "name")
        .as_string()
        .filter(|n| !n.trim().is_empty());
    let text = get(value, "text");
    if let Some(text) = text.as_string() {
        return Given::Text {
            name: name.unwrap_or_else(|| PASTED.to_string()),
            text,
        };
    }
    let bytes = get(value, "bytes");
    let name = name.unwrap_or_else(|| "未命名文件".to_string());
    if let Some(array) = bytes.dyn_ref::<Uint8Array>() {
        return Given::Bytes {
            name,
            bytes: array.to_vec(),
        };
    }
    if let Some(buffer) = bytes.dyn_ref::<ArrayBuffer>() {
        return Given::Bytes {
            name,
            bytes: Uint8Array::new(buffer).to_vec(),
        };
    }
    Given::Bad {
        name,
        reason: "传入的对象既没有文本（text）也没有文件内容（bytes）",
    }
}

fn bad_input(name: &str, reason: &str) -> FileReport {
    let finding = crate::read::unsupported(
        name,
        reason,
        "调用方式：check(文本)、check({name, text}) 或 check({name, bytes: Uint8Array})。",
    );
    Analysis {
        source: name.to_string(),
        doc: Document::default(),
        report: None,
        findings: vec![*finding],
        rendered: false,
    }
    .finish()
}

fn check_one(given: Given) -> FileReport {
    match given {
        Given::Text { name, text } => output::check_text(&name, &text),
        Given::Bytes { name, bytes } => output::check_bytes(&name, &bytes),
        Given::Bad { name, reason } => bad_input(&name, reason),
    }
}

/// Checks one input or a batch; see the module documentation.
#[wasm_bindgen]
pub fn check(input: JsValue) -> JsValue {
    let reports = if Array::is_array(&input) {
        check_batch(Array::from(&input).iter().map(|v| parse(&v)).collect())
    } else {
        vec![check_one(parse(&input))]
    };
    to_js(&Output {
        schema: SCHEMA,
        reports,
    })
}

/// Checks many inputs together and adds the batch's exports; see the module documentation.
#[wasm_bindgen]
pub fn check_many(inputs: JsValue) -> JsValue {
    #[derive(Serialize)]
    struct Exports {
        findings_csv: String,
        tables_csv: String,
        html: String,
    }
    #[derive(Serialize)]
    struct Many {
        schema: u32,
        reports: Vec<FileReport>,
        skipped: Vec<Skipped>,
        exports: Exports,
    }
    let (inputs, skipped) = match get(&inputs, "inputs") {
        list if Array::is_array(&list) => (list, parse_skipped(&get(&inputs, "skipped"))),
        _ => (inputs, Vec::new()),
    };
    let given = if Array::is_array(&inputs) {
        Array::from(&inputs).iter().map(|v| parse(&v)).collect()
    } else {
        vec![parse(&inputs)]
    };
    let reports = check_batch(given);
    let generated = format!("由年报检查 {} 网页版生成。", env!("CARGO_PKG_VERSION"));
    let exports = Exports {
        findings_csv: crate::export::findings_csv_with_skipped(&reports, &skipped),
        tables_csv: crate::export::tables_csv(&reports),
        html: crate::export::html_report(&reports, &generated),
    };
    to_js(&Many {
        schema: SCHEMA,
        reports,
        skipped,
        exports,
    })
}

/// The files a folder held that the page did not read: names, or `{name, reason}`. The
/// reason, when not given, is the core's for that name.
fn parse_skipped(value: &JsValue) -> Vec<Skipped> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    Array::from(value)
        .iter()
        .filter_map(|v| {
            let name = v.as_string().or_else(|| get(&v, "name").as_string())?;
            Some(Skipped::new(name, get(&v, "reason").as_string()))
        })
        .collect()
}

fn check_batch(given: Vec<Given>) -> Vec<FileReport> {
    // The good inputs go through `check_all` together (so the cross-year rules see them
    // all); bad ones get their finding in their place.
    let mut owned: Vec<(String, Vec<u8>)> = Vec::new();
    let mut slots: Vec<Result<usize, FileReport>> = Vec::new();
    for g in given {
        match g {
            Given::Text { name, text } => {
                slots.push(Ok(owned.len()));
                owned.push((name, text.into_bytes()));
            }
            Given::Bytes { name, bytes } => {
                slots.push(Ok(owned.len()));
                owned.push((name, bytes));
            }
            Given::Bad { name, reason } => slots.push(Err(bad_input(&name, reason))),
        }
    }
    let inputs: Vec<Input> = owned
        .iter()
        .map(|(name, bytes)| Input { name, bytes })
        .collect();
    let mut checked: Vec<Option<FileReport>> = output::check_all(&inputs)
        .reports
        .into_iter()
        .map(Some)
        .collect();
    slots
        .into_iter()
        .map(|slot| match slot {
            Ok(i) => checked[i].take().expect("one report per input"),
            Err(report) => report,
        })
        .collect()
}

#[derive(Serialize)]
struct RuleInfo {
    code: &'static str,
    severity: Severity,
    title: &'static str,
    explanation: &'static str,
    basis: &'static str,
    messages: Vec<&'static str>,
    cross_year: bool,
    retired: bool,
}

/// The rule catalogue, in catalogue order.
#[wasm_bindgen]
pub fn rules() -> JsValue {
    let rules: Vec<RuleInfo> = RULES
        .iter()
        .map(|r| RuleInfo {
            code: r.code,
            severity: r.severity,
            title: r.title,
            explanation: r.explanation,
            basis: r.basis,
            messages: r.messages.iter().map(|(_, t)| *t).collect(),
            cross_year: r.cross_year,
            retired: r.retired,
        })
        .collect();
    to_js(&rules)
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
struct Model {
    schema: u32,
    sections: Vec<SectionModel>,
    t2: TableModel,
    t3: TableModel,
    t4: TableModel,
    templates: Vec<Labelled>,
    severities: Vec<Labelled>,
    /// The largest input checked, in bytes.
    max_input_bytes: usize,
    /// Extensions (lower case, no dot) of the files read from a folder: the core's list.
    supported_extensions: &'static [&'static str],
}

/// Labels and orders for showing a result: sections, table rows and columns.
#[wasm_bindgen]
pub fn model() -> JsValue {
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
    let m = Model {
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
            section: model::section_of_table("t2"),
            rows: labelled(&model::T2_ROWS),
            columns: labelled(&model::T2_COLUMNS),
            row_columns: Some(row_columns),
        },
        t3: TableModel {
            name: model::table_name_zh("t3"),
            section: model::section_of_table("t3"),
            rows: t3_rows,
            columns: labelled(&model::T3_COLUMNS),
            row_columns: None,
        },
        t4: TableModel {
            name: model::table_name_zh("t4"),
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
        max_input_bytes: crate::read::MAX_INPUT_BYTES,
        supported_extensions: crate::read::SUPPORTED_EXTENSIONS,
    };
    to_js(&m)
}

/// `"<crate version> (schema <n>)"`.
#[wasm_bindgen]
pub fn version() -> String {
    format!("{} (schema {})", env!("CARGO_PKG_VERSION"), SCHEMA)
}
