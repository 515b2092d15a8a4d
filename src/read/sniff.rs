//! What kind of file the bytes are. Signatures decide (a `.doc` that is really a web page,
//! or a `.txt` that is really a `.docx`, is read for what it is); the extension only
//! tells text from HTML when the bytes do not.

use super::ADVICE_RESAVE;

pub enum Kind {
    /// A zip archive: a .docx, or something else the docx reader (crates/docx) will
    /// name. In the browser the page reads it with its on-demand module.
    Zip,
    /// An OLE compound file with a Word stream: a .doc or .wps (read natively; the
    /// browser build reads it in a module of its own).
    #[cfg(not(target_arch = "wasm32"))]
    Doc,
    Html,
    /// Plain text in some encoding (or binary that decoding will refuse).
    Text,
    /// A PDF: read natively by the PDF reader (crates/pdf); in the browser the page
    /// reads it with its on-demand module, and the core only names it.
    #[cfg(not(target_arch = "wasm32"))]
    Pdf,
    /// A format that cannot be read, with the reason and what to do instead.
    Unsupported {
        reason: String,
        advice: &'static str,
    },
}

const ADVICE_NOT_TEXT: &str =
    "本工具检查报告的文字，不识别图片或扫描件中的文字。请选择报告的 .docx 文件、网页（.html）或文本文件，或者复制正文粘贴到检查框。";
const ADVICE_PDF: &str =
    "暂不支持 PDF。请打开 PDF 全选复制正文，粘贴到检查框；如有 Word 原稿，请直接选择 .docx 文件。";
const ADVICE_ARCHIVE: &str = "请先解压，再选择其中的报告文件（.docx、.html 或 .txt）。";

fn unsupported(reason: impl Into<String>, advice: &'static str) -> Kind {
    Kind::Unsupported {
        reason: reason.into(),
        advice,
    }
}

fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

pub fn sniff(name: &str, bytes: &[u8]) -> Kind {
    let ext = extension(name);
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        return Kind::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole(&ext, bytes);
    }
    if let Some(kind) = image(bytes) {
        return unsupported(format!("这是一张图片（{kind}），不是文字"), ADVICE_NOT_TEXT);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        #[cfg(not(target_arch = "wasm32"))]
        return Kind::Pdf;
        #[cfg(target_arch = "wasm32")]
        return unsupported("这是 PDF 文件", ADVICE_PDF);
    }
    if bytes.starts_with(b"{\\rtf") {
        return unsupported("这是 RTF 格式的文件，本工具读取 .docx", ADVICE_RESAVE);
    }
    if let Some(kind) = archive(bytes) {
        return unsupported(format!("这是 {kind} 压缩包，不是报告文档"), ADVICE_ARCHIVE);
    }
    if super::html::sniff_bytes(bytes) {
        return Kind::Html;
    }
    if mht(&ext, head) {
        return unsupported(
            "这是“单个文件网页”（.mht/.mhtml）格式",
            "请在浏览器或 Word 中打开，另存为“网页（*.htm; *.html）”或 .docx 后再检查；也可以复制正文粘贴到检查框。",
        );
    }
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Kind::Html,
        "pdf" => unsupported("文件名是 .pdf，但内容无法识别", ADVICE_PDF),
        "doc" | "wps" => unsupported(
            "文件名是旧版 Word（.doc）或 WPS 格式，但内容无法识别",
            ADVICE_RESAVE,
        ),
        _ => Kind::Text,
    }
}

/// A MIME web archive ("single file web page"), as browsers and Word save it.
fn mht(ext: &str, head: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        head.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
    };
    matches!(ext, "mht" | "mhtml")
        || ((starts(b"mime-version:") || starts(b"from:"))
            && String::from_utf8_lossy(head)
                .to_ascii_lowercase()
                .contains("multipart/related"))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn image(b: &[u8]) -> Option<&'static str> {
    Some(if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        "PNG"
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        "GIF"
    } else if b.starts_with(b"BM") && b.len() > 14 && b[6..10] == [0, 0, 0, 0] {
        "BMP"
    } else if b.starts_with(b"RIFF") && b.len() >= 12 && &b[8..12] == b"WEBP" {
        "WebP"
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        "TIFF"
    } else if b.len() >= 12 && &b[4..8] == b"ftyp" && (&b[8..12] == b"heic" || &b[8..12] == b"heix")
    {
        "HEIC"
    } else {
        return None;
    })
}

fn archive(b: &[u8]) -> Option<&'static str> {
    Some(if b.starts_with(b"Rar!\x1a\x07") {
        "RAR"
    } else if b.starts_with(&[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) {
        "7z"
    } else if b.starts_with(&[0x1F, 0x8B]) {
        "gzip"
    } else {
        return None;
    })
}

/// Which reader of its own crate the bytes need: `"docx"` (any zip: the reader names
/// what it is when it is no .docx), `"pdf"`, `"doc"` (Word 97–2003 and WPS files), or
/// none. Natively the core calls those readers itself; the page loads them on demand
/// only for the files that need them.
pub fn reader_for(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        return Some("docx");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let utf16 =
            |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
        let has = |s: &str| find(bytes, &utf16(s)).is_some();
        let encrypted = has("EncryptedPackage") || has("EncryptionInfo");
        return (!encrypted && has("WordDocument")).then_some("doc");
    }
    let head = &bytes[..bytes.len().min(1024)];
    find(head, b"%PDF-").is_some().then_some("pdf")
}

/// An OLE compound file: a Word 97–2003 .doc, a WPS file, an old Excel sheet, or a
/// password-protected Office file (which Office stores in this container even for
/// .docx). Their directory names are UTF-16, so look for those.
fn ole(ext: &str, bytes: &[u8]) -> Kind {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let has = |s: &str| find(bytes, &utf16(s)).is_some();
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return unsupported(
            "文件设置了打开密码（已加密），无法读取其中的文字",
            "请在 Word 中打开，取消密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）并另存为 .docx 后再检查；也可以复制正文粘贴到检查框。",
        );
    }
    if has("WordDocument") {
        return word(ext);
    }
    if has("Workbook") || has("Book") {
        return unsupported("这是 Excel 表格（.xls），不是报告文档", ADVICE_RESAVE);
    }
    if has("PowerPoint Document") {
        return unsupported(
            "这是 PowerPoint 演示文稿（.ppt），不是报告文档",
            ADVICE_RESAVE,
        );
    }
    // Named .doc or .wps but no stream name found (a download cut short loses the
    // directory, which writers put last): natively the reader says what is wrong.
    #[cfg(not(target_arch = "wasm32"))]
    if matches!(ext, "doc" | "wps") {
        return word(ext);
    }
    unsupported("这是旧版 Office 二进制格式的文件", ADVICE_RESAVE)
}

/// A .doc or .wps: natively the legacy Word reader reads it.
#[cfg(not(target_arch = "wasm32"))]
fn word(_ext: &str) -> Kind {
    Kind::Doc
}

/// A .doc or .wps in the browser build: its reader is not in this module.
#[cfg(target_arch = "wasm32")]
fn word(ext: &str) -> Kind {
    let what = if ext == "wps" {
        "这是 WPS 文字的旧格式（.wps）"
    } else {
        "这是旧版 Word 文档（.doc，Word 97–2003 格式），本工具读取新版的 .docx"
    };
    unsupported(what, ADVICE_RESAVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(k: Kind) -> String {
        match k {
            Kind::Unsupported { reason, .. } => reason,
            Kind::Zip => "zip".into(),
            #[cfg(not(target_arch = "wasm32"))]
            Kind::Doc => "doc".into(),
            Kind::Html => "html".into(),
            Kind::Text => "text".into(),
            #[cfg(not(target_arch = "wasm32"))]
            Kind::Pdf => "PDF".into(),
        }
    }

    #[test]
    fn readers_by_signature() {
        assert_eq!(reader_for(b"%PDF-1.7\n"), Some("pdf"));
        assert_eq!(reader_for(b"PK\x03\x04rest"), Some("docx"));
        assert_eq!(reader_for(b"\r\n%PDF-1.4"), Some("pdf"));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(vec![0; 200]);
        assert_eq!(reader_for(&ole), None);
        let mut word = ole.clone();
        word.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(reader_for(&word), Some("doc"));
        word.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(reader_for(&word), None);
        assert_eq!(reader_for("一、总体情况".as_bytes()), None);
    }

    #[test]
    fn signatures_win_over_extensions() {
        assert!(reason(sniff("报告.docx", b"\xFF\xD8\xFF\xE0\0\x10JFIF")).contains("JPEG"));
        assert!(reason(sniff("报告.txt", b"%PDF-1.7\n")).contains("PDF"));
        assert_eq!(reason(sniff("报告.doc", b"<html><body>x")), "html");
        assert_eq!(reason(sniff("报告.txt", b"PK\x03\x04rest")), "zip");
        assert_eq!(reason(sniff("报告.htm", "一、总体情况".as_bytes())), "html");
        assert_eq!(reason(sniff("报告", "一、总体情况".as_bytes())), "text");
        assert!(reason(sniff("a.rar", b"Rar!\x1a\x07\x01\0")).contains("RAR"));
        let mht = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n";
        assert!(reason(sniff("报告.doc", mht)).contains(".mht"));
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend(vec![0; 200]);
        let mut word = doc.clone();
        word.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        #[cfg(not(target_arch = "wasm32"))]
        assert_eq!(reason(sniff("a.doc", &word)), "doc");
        #[cfg(target_arch = "wasm32")]
        assert!(reason(sniff("a.doc", &word)).contains(".doc"));
        let mut enc = doc.clone();
        enc.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(reason(sniff("a.docx", &enc)).contains("加密"));
        assert!(reason(sniff("a.xls", &doc)).contains("Office"));
        #[cfg(not(target_arch = "wasm32"))]
        assert_eq!(reason(sniff("a.wps", &doc)), "doc");
        #[cfg(target_arch = "wasm32")]
        assert!(reason(sniff("a.doc", &doc)).contains("Office"));
    }
}
