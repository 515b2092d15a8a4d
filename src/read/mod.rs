//! Readers: input bytes → normalised [`Document`]. Every reader produces the same model
//! so every rule works on every input.

pub mod text;

use crate::diag::Finding;
use crate::doc::Document;

/// The largest input checked, in bytes. A report is rarely over 1 MB; the limit keeps a
/// mistaken drop (a video, a disk image) from freezing the page or the batch.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A read document, and whether its text differs from the input as given.
pub struct Read {
    pub doc: Document,
    pub rendered: bool,
}

pub fn too_large(size: usize) -> Box<Finding> {
    Box::new(
        Finding::new("IN-TOO-LARGE")
            .arg("size", human_size(size))
            .arg("limit", human_size(MAX_INPUT_BYTES))
            .evidence(MAX_INPUT_BYTES as i64, size as i64),
    )
}

pub fn human_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} 字节")
    }
}

pub fn unsupported(name: &str, reason: &str, advice: &str) -> Box<Finding> {
    Box::new(
        Finding::new("IN-UNSUPPORTED")
            .arg("name", name)
            .arg("reason", reason)
            .arg("advice", advice),
    )
}

/// Reads any supported input. The file name's extension and the bytes' signature decide
/// the format.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Read, Box<Finding>> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len()));
    }
    let (text, rendered) = decode_text(name, bytes)?;
    let doc = read_str(&text)?;
    Ok(Read { doc, rendered })
}

/// Decodes plain text: UTF-8 (with or without BOM) or UTF-16 with a BOM.
fn decode_text(name: &str, bytes: &[u8]) -> Result<(String, bool), Box<Finding>> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), true))
            .map_err(|_| not_text(name));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units)
            .map(|s| (s, true))
            .map_err(|_| not_text(name));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), false)),
        Err(_) => Err(not_text(name)),
    }
}

fn not_text(name: &str) -> Box<Finding> {
    unsupported(
        name,
        "不是可识别的文本（不是 UTF-8 或 UTF-16 编码的文字）",
        "请在 Word 中打开报告，全选复制后粘贴到检查框，或另存为 .docx 或 UTF-8 编码的 .txt 文件。",
    )
}

/// Reads text (already decoded). Spans point into `text`.
pub fn read_str(text: &str) -> Result<Document, Box<Finding>> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_large(text.len()));
    }
    if text.chars().all(crate::doc::is_padding) {
        return Err(Box::new(Finding::new("IN-EMPTY")));
    }
    Ok(text::read(text))
}
