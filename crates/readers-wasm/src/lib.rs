//! The on-demand WebAssembly module: the readers that only some files need (.docx, PDF,
//! Word 97–2003 and WPS); the base module keeps what pasting needs (text and HTML). The page's worker loads it at the first such file, so a visitor who
//! never opens one never downloads it. It does not link the core: what a reader makes of
//! a file crosses to the core's module as text ([`nianbao_items::encode`]), where it is
//! rendered and checked exactly as natively.
//!
//! Built by `./build.sh` with `wasm-bindgen --target no-modules --no-modules-global
//! nianbao_readers`. One export: `read(kind, bytes)`, where `kind` is what the core's
//! `reader_for(bytes)` said (`"docx"`, `"pdf"` or `"doc"`).

#![cfg(target_arch = "wasm32")]

use nianbao_items::ReadError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen]
extern "C" {
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str) -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, input: &[u8]) -> Result<String, JsValue>;
}

/// Text in a legacy encoding (GBK-EUC-H and the other predefined Chinese CMaps of a
/// PDF) by the browser's own `TextDecoder`, instead of linking a 100 KB table.
fn decode_legacy(label: &str, bytes: &[u8]) -> Option<String> {
    TextDecoder::new(label).ok()?.decode(bytes).ok()
}

/// Reads a file with the reader `kind` names; the result (items or the reader's error)
/// as [`nianbao_items::encode`] writes it.
#[wasm_bindgen]
pub fn read(kind: &str, bytes: &[u8]) -> String {
    let result = match kind {
        "pdf" => nianbao_pdf::read_with(bytes, Some(&decode_legacy)),
        "doc" => nianbao_doc::read(bytes),
        "docx" => nianbao_docx::read(bytes),
        _ => Err(ReadError::Unsupported {
            reason: format!("没有名为“{kind}”的读取程序"),
        }),
    };
    nianbao_items::encode(&result)
}
