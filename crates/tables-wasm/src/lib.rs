//! The on-demand WebAssembly module of the table assistant (填写表格, issue 14). The
//! page's worker loads it the first time the drafter opens the 填写表格 mode, never
//! before. A thin binding: it converts JavaScript values to the JSON text that
//! [`nianbao::api`]'s `tables_*` functions take and their results back; the .docx comes
//! from [`nianbao_docx::write`].
//!
//! Built by `./build.sh` with `wasm-bindgen --target no-modules --no-modules-global
//! nianbao_tables`. Exports (docs/tables-api.md):
//!
//! - `layout(template)` → `{tables: [{key, title, template, columns, grid}]}`
//! - `check(draft)` → `{diagnostics, totals, sentences}`
//! - `carry_forward(last_year_tables)` → a draft
//! - `to_html(draft, template)`, `to_tsv(draft, template)` → string
//! - `to_docx(draft, template)` → `Uint8Array`
//!
//! `template` is `"2021"` or `"2019"`. A malformed draft throws an `Error` whose message
//! is Chinese.

#![cfg(target_arch = "wasm32")]

use nianbao::api;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// A JavaScript value as JSON text (`undefined` as an empty object).
fn json_of(value: &JsValue) -> Result<String, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok("{}".into());
    }
    js_sys::JSON::stringify(value)
        .map(String::from)
        .map_err(|_| fail("表格数据无法转换为 JSON（含有循环引用或无法转换的值）".into()))
}

fn fail(message: String) -> JsValue {
    js_sys::Error::new(&message).into()
}

/// The core's JSON result as a JavaScript object, or its Chinese error thrown.
fn object(result: Result<String, String>) -> Result<JsValue, JsValue> {
    let json = result.map_err(fail)?;
    js_sys::JSON::parse(&json)
}

#[wasm_bindgen]
pub fn layout(template: &str) -> Result<JsValue, JsValue> {
    object(api::tables_layout(template))
}

#[wasm_bindgen]
pub fn check(draft: JsValue) -> Result<JsValue, JsValue> {
    object(api::tables_check(&json_of(&draft)?))
}

#[wasm_bindgen]
pub fn carry_forward(tables: JsValue) -> Result<JsValue, JsValue> {
    object(api::tables_carry_forward(&json_of(&tables)?))
}

#[wasm_bindgen]
pub fn to_html(draft: JsValue, template: &str) -> Result<String, JsValue> {
    api::tables_to_html(&json_of(&draft)?, template).map_err(fail)
}

#[wasm_bindgen]
pub fn to_tsv(draft: JsValue, template: &str) -> Result<String, JsValue> {
    api::tables_to_tsv(&json_of(&draft)?, template).map_err(fail)
}

#[wasm_bindgen]
pub fn to_docx(draft: JsValue, template: &str) -> Result<Vec<u8>, JsValue> {
    let items = api::tables_to_items(&json_of(&draft)?, template).map_err(fail)?;
    Ok(nianbao_docx::write(&items))
}
