//! The WebAssembly binding of nianbao: converts JavaScript values into the library's
//! inputs ([`nianbao::api::Given`]) and its results into JavaScript objects. Nothing about
//! a result is decided here.
//!
//! Built by `./build.sh` with `wasm-bindgen --target no-modules`. Exports:
//!
//! - `check(input)` returns the contract result of `rules.md`, `{schema, reports: [...]}`,
//!   as a plain JavaScript object. `input` is a string (pasted text), `{name, text}`,
//!   `{name, bytes}` (`bytes` a `Uint8Array` or `ArrayBuffer`; the file name and the
//!   bytes' signature decide the format), `{name, items}` (the text that the on-demand
//!   readers module made of a PDF or legacy Word file), or an array of those (a
//!   batch: the result keeps the order and the cross-year rules see every report). Bad
//!   input never throws: it becomes an `IN-…` finding in the result.
//! - `check_many(inputs)`: `check` of an array (the page's batch view), plus the exports
//!   `{findings_csv, tables_csv, html}`. `inputs` may also be `{inputs: [...], skipped:
//!   [...]}`: the files of a dropped folder that the page did not read (each a name, or
//!   `{name, reason}`), returned as `skipped: [{source, reason}]` beside `reports` (the
//!   reason the core's when none is given) and listed in the findings CSV, as the command
//!   line lists them. Which names are read is `model().supported_extensions`.
//! - `reader_for(bytes)`: `"pdf"` or `"doc"` when the bytes need the on-demand readers
//!   module, otherwise `undefined`.
//! - `rules()`, `model()`, `version()`: the catalogue, the labels, the version.
//!
//! A panic is a bug, never a verdict: `console_error_panic_hook` logs it to the console
//! and the call traps (the release profile aborts), which the caller sees as an exception.

#![cfg(target_arch = "wasm32")]

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use nianbao::api::{self, Given, PASTED};
use nianbao::export::Skipped;
use nianbao::result::{BatchResult, InputResult, SCHEMA};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The allocator of the module (see Cargo.toml): single-threaded, as the module is.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    nianbao::read::set_legacy_decoder(decode_legacy);
}

#[wasm_bindgen]
extern "C" {
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str, options: &js_sys::Object) -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, input: &[u8]) -> Result<String, JsValue>;
}

/// GBK and the other legacy encodings by the browser's own `TextDecoder` (the WHATWG
/// decoders `encoding_rs` implements natively; linking it would add ~120 KB gzip).
fn decode_legacy(label: &str, bytes: &[u8], strict: bool) -> Option<String> {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"fatal".into(), &strict.into()).ok()?;
    let decoder = TextDecoder::new(label, &options).ok()?;
    decoder.decode(bytes).ok()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Serialised to JSON in wasm and parsed by the engine's JSON.parse: one crossing of
    // the boundary instead of one per field. Building the objects field by field
    // (serde-wasm-bindgen) took ~30% of a check in the page, and its code 5 KB gzip of
    // the module; JSON.parse is the engine's fastest way to build them. Maps become
    // plain objects, exactly what `JSON.parse` of the command line's `--format json`
    // gives.
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        // Only for a bug (every result serialises): say so rather than return nothing.
        Err(e) => {
            let error = js_sys::Error::new(&format!("nianbao: 结果无法转换为 JSON：{e}"));
            wasm_bindgen::throw_val(error.into())
        }
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Some(array.to_vec());
    }
    value
        .dyn_ref::<ArrayBuffer>()
        .map(|buffer| Uint8Array::new(buffer).to_vec())
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
    if let Some(text) = get(value, "text").as_string() {
        return Given::Text {
            name: name.unwrap_or_else(|| PASTED.to_string()),
            text,
        };
    }
    let name = name.unwrap_or_else(|| "未命名文件".to_string());
    if let Some(encoded) = get(value, "items").as_string() {
        return Given::Items { name, encoded };
    }
    match bytes_of(&get(value, "bytes")) {
        Some(bytes) => Given::Bytes { name, bytes },
        None => Given::Bad {
            name,
            reason: "传入的对象既没有文本（text）也没有文件内容（bytes）",
        },
    }
}

fn parse_all(value: &JsValue) -> Vec<Given> {
    if Array::is_array(value) {
        Array::from(value).iter().map(|v| parse(&v)).collect()
    } else {
        vec![parse(value)]
    }
}

/// Checks one input or a batch; see the module documentation.
#[wasm_bindgen]
pub fn check(input: JsValue) -> JsValue {
    let reports = api::check_batch(parse_all(&input));
    to_js(&BatchResult {
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
        reports: Vec<InputResult>,
        skipped: Vec<Skipped>,
        exports: Exports,
    }
    let (inputs, skipped) = match get(&inputs, "inputs") {
        list if Array::is_array(&list) => (list, parse_skipped(&get(&inputs, "skipped"))),
        _ => (inputs, Vec::new()),
    };
    let reports = api::check_batch(parse_all(&inputs));
    let generated = format!("由年报检查 {} 网页版生成。", api::VERSION);
    let exports = Exports {
        findings_csv: nianbao::export::findings_csv_with_skipped(&reports, &skipped),
        tables_csv: nianbao::export::tables_csv(&reports),
        html: nianbao::export::html_report(&reports, &generated),
    };
    to_js(&Many {
        schema: SCHEMA,
        reports,
        skipped,
        exports,
    })
}

/// The files a folder held that the page did not read: names, or `{name, reason}`.
fn parse_skipped(value: &JsValue) -> Vec<Skipped> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    Array::from(value)
        .iter()
        .filter_map(|v| {
            let source = v.as_string().or_else(|| get(&v, "name").as_string())?;
            Some(Skipped::new(source, get(&v, "reason").as_string()))
        })
        .collect()
}

/// Which on-demand reader the bytes need: `"pdf"`, `"doc"`, or `undefined`.
#[wasm_bindgen]
pub fn reader_for(bytes: &[u8]) -> Option<String> {
    nianbao::read::reader_for(bytes).map(str::to_string)
}

/// The rule catalogue, in catalogue order.
#[wasm_bindgen]
pub fn rules() -> JsValue {
    to_js(&api::rules())
}

/// Labels and orders for showing a result: sections, table rows and columns.
#[wasm_bindgen]
pub fn model() -> JsValue {
    to_js(&api::model())
}

/// `"<crate version> (schema <n>)"`.
#[wasm_bindgen]
pub fn version() -> String {
    api::version()
}
