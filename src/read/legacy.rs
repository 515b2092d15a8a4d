//! Legacy (non-Unicode) encodings, by WHATWG label: GB18030 and its subsets GBK and
//! GB2312 above all, which is what Chinese government pages and old text files use.
//!
//! The command line decodes with `encoding_rs`; the browser build asks the browser's own
//! `TextDecoder` (set by the binding, [`set_decoder`]), which implements the same WHATWG
//! decoders. `encoding_rs` would add about
//! 120 KB gzip to the WebAssembly module (its decoders are dispatched through one enum,
//! so naming GB18030 links every encoding's tables).

/// Decodes `bytes` in the encoding named by `label` (a WHATWG label such as `gbk`,
/// `gb2312`, `gb18030`, `big5`). `None` when the label is unknown or, with `strict`,
/// when the bytes are malformed in that encoding; otherwise malformed bytes become
/// U+FFFD as in a browser.
pub fn decode(label: &str, bytes: &[u8], strict: bool) -> Option<String> {
    imp::decode(label, bytes, strict)
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn decode(label: &str, bytes: &[u8], strict: bool) -> Option<String> {
        let label = label.trim().to_ascii_lowercase();
        // Labels WHATWG does not list but Windows pages use for GBK.
        let label = if matches!(label.as_str(), "cp936" | "ms936" | "windows-936" | "euc-cn") {
            "gbk"
        } else {
            label.as_str()
        };
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
        if strict {
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| s.into_owned())
        } else {
            Some(enc.decode_without_bom_handling(bytes).0.into_owned())
        }
    }
}

/// Elsewhere (the WebAssembly build) the front end supplies the decoder: the binding
/// sets the browser's `TextDecoder`, which keeps the core free of JavaScript types.
#[cfg(target_arch = "wasm32")]
mod imp {
    use std::sync::OnceLock;

    pub(super) static DECODER: OnceLock<super::Decoder> = OnceLock::new();

    pub fn decode(label: &str, bytes: &[u8], strict: bool) -> Option<String> {
        let label = label.trim().to_ascii_lowercase();
        let label = if matches!(label.as_str(), "cp936" | "ms936" | "windows-936" | "euc-cn") {
            "gbk"
        } else {
            label.as_str()
        };
        DECODER.get()?(label, bytes, strict)
    }
}

/// A decoder of legacy encodings: `(WHATWG label, bytes, strict)` → text, `None` when
/// the label is unknown or (strict) the bytes are malformed.
pub type Decoder = fn(&str, &[u8], bool) -> Option<String>;

/// Sets the decoder of legacy encodings where the core has none of its own (the
/// WebAssembly build: the binding passes the browser's `TextDecoder`). Natively the core
/// decodes with `encoding_rs` and this does nothing.
pub fn set_decoder(decoder: Decoder) {
    #[cfg(target_arch = "wasm32")]
    let _ = imp::DECODER.set(decoder);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = decoder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_gb18030() {
        // "年报" in GBK, and U+20000 as a GB18030 four-byte sequence.
        let gbk = [0xC4, 0xEA, 0xB1, 0xA8];
        assert_eq!(decode("gbk", &gbk, true).as_deref(), Some("年报"));
        assert_eq!(decode("GB2312", &gbk, true).as_deref(), Some("年报"));
        assert_eq!(decode("cp936", &gbk, true).as_deref(), Some("年报"));
        let four = [0x95, 0x32, 0x82, 0x36];
        assert_eq!(decode("gb18030", &four, true).as_deref(), Some("\u{20000}"));
        // A lead byte without its trail: refused when strict, U+FFFD otherwise.
        assert_eq!(decode("gbk", &[0xC4], true), None);
        assert_eq!(decode("gbk", &[0xC4], false).as_deref(), Some("\u{fffd}"));
        assert_eq!(decode("no-such-encoding", &gbk, false), None);
    }
}
