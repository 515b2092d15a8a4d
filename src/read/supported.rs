//! Which files this build reads, by name: what a folder is searched for (the command
//! line's directories, the page's folder drop), and why any other file found there is
//! not checked. One list, here, for both: the page asks the WebAssembly module for it.
//!
//! A file named on its own is checked whatever its name (the reader then says what it
//! is); only files found in a folder are chosen by name.

/// Extensions (lower case, without the dot) of the files the readers of this build read.
/// A reader that lands adds its extensions here; `the_list_agrees_with_the_sniffer`
/// fails until it does.
pub const SUPPORTED_EXTENSIONS: &[&str] =
    &["txt", "md", "htm", "html", "docx", "pdf", "doc", "wps"];

/// The extension of a file name or path, in lower case ("" when there is none).
fn extension(name: &str) -> String {
    let base = base_name(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Whether a file found in a folder is read: a supported extension, and not a hidden
/// file or a Word lock file (`~$报告.docx`), which sit beside the real files.
pub fn is_supported_name(name: &str) -> bool {
    skip_reason(name).is_none()
}

/// Why a hidden directory found in a folder is not searched.
pub const HIDDEN_DIR_REASON: &str = "隐藏目录，未展开";

/// Why a file found in a folder is not checked (in Chinese, for the list of skipped
/// files), or `None` when it is read.
pub fn skip_reason(name: &str) -> Option<String> {
    let base = base_name(name);
    if base.starts_with("~$") {
        return Some("Word 或 WPS 打开文档时生成的临时文件".into());
    }
    if base.starts_with('.') {
        return Some("隐藏文件".into());
    }
    let ext = extension(base);
    if SUPPORTED_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    if ext.is_empty() {
        return Some("不支持的文件类型（没有扩展名）".into());
    }
    let what = match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "heic" => {
            "，图片：本工具检查报告的文字，不识别图片中的文字"
        }
        "xls" | "xlsx" | "et" | "csv" => "，电子表格，不是报告文档",
        "ppt" | "pptx" | "dps" => "，演示文稿，不是报告文档",
        "zip" | "rar" | "7z" | "gz" | "tar" => "，压缩包：请先解压",
        "mht" | "mhtml" => "，单个文件网页：请另存为 .html 后再检查",
        "rtf" => "：请另存为 .docx 后再检查",
        _ => "",
    };
    Some(format!("不支持的文件类型（.{ext}{what}）"))
}

#[cfg(test)]
mod tests {
    use super::super::sniff::{sniff, Kind};
    use super::*;

    #[test]
    fn names() {
        assert!(is_supported_name("a/报告.TXT"));
        assert!(is_supported_name("a/b.docx"));
        assert!(is_supported_name("b.htm"));
        assert!(is_supported_name("目录\\报告.html"));
        assert!(!is_supported_name("a/~$报告.docx"));
        assert!(!is_supported_name(".hidden.txt"));
        assert!(!is_supported_name("a/txt"));
        assert!(!is_supported_name("a/.txt"));
        assert_eq!(
            skip_reason("a/图.PNG").unwrap(),
            "不支持的文件类型（.png，图片：本工具检查报告的文字，不识别图片中的文字）"
        );
        assert!(skip_reason("表.xlsx").unwrap().contains("电子表格"));
        assert_eq!(
            skip_reason("a/说明").unwrap(),
            "不支持的文件类型（没有扩展名）"
        );
        assert_eq!(skip_reason("x.json").unwrap(), "不支持的文件类型（.json）");
    }

    /// The list says what the readers read: a format with a signature the sniffer knows
    /// is in the list exactly when the sniffer hands it to a reader. When a PDF or
    /// legacy Word reader lands (the sniffer passing those files on), this fails until
    /// the list names them too.
    #[test]
    fn the_list_agrees_with_the_sniffer() {
        let ole = |stream: &str| -> Vec<u8> {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.extend([0u8; 200]);
            b.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
            b
        };
        let samples: [(&str, Vec<u8>); 8] = [
            ("a.txt", "一、总体情况".as_bytes().to_vec()),
            ("a.html", b"<html><body><p>x</p></body></html>".to_vec()),
            ("a.htm", b"<html><body><p>x</p></body></html>".to_vec()),
            ("a.docx", b"PK\x03\x04rest".to_vec()),
            ("a.pdf", b"%PDF-1.7\n".to_vec()),
            ("a.doc", ole("WordDocument")),
            ("a.wps", ole("WordDocument")),
            ("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ];
        for (name, bytes) in samples {
            let read = !matches!(sniff(name, &bytes), Kind::Unsupported { .. });
            assert_eq!(is_supported_name(name), read, "{name}");
        }
    }
}
