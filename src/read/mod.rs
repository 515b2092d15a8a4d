//! Readers: input bytes → normalised [`Document`]. Every reader produces the same model
//! so every rule works on every input.
//!
//! Plain text is read as it is (`text`). HTML and .docx are first rendered to text in the
//! layout Word gives when a report is copied out of it (`render`): paragraphs one per
//! line, each table cell a line starting with a tab, a blank line after each row, and a
//! merged cell written once, with an empty cell in each later row it covers. That text is
//! then read by the same text reader, so the same report gives the same document in
//! every format, and every span points into the rendered text (which the result carries,
//! so a page can highlight it).
//!
//! Cells that come from HTML or .docx keep their `colspan` and `rowspan`. An empty cell
//! standing for the later rows of a vertically merged cell has `rowspan` 0: it is Word's
//! placeholder, not a blank data cell.

mod decode;
mod html;
mod legacy;
pub mod loose;
mod render;
mod sniff;
mod supported;
pub mod text;

use crate::diag::Finding;
use crate::doc::Document;

pub use decode::TextEncoding;
/// How deep HTML elements nest before deeper ones are read flat (hostile markup cannot
/// exhaust the stack).
pub use html::MAX_DEPTH as MAX_HTML_DEPTH;
pub use legacy::set_decoder as set_legacy_decoder;
/// The .docx reader's limits (crates/docx).
#[cfg(not(target_arch = "wasm32"))]
pub use nianbao_docx::{
    MAX_ENTRIES as MAX_ZIP_ENTRIES, MAX_EXPANSION_RATIO, MAX_UNPACKED_BYTES, RATIO_FREE_BYTES,
};
pub use sniff::reader_for;
pub use supported::{is_supported_name, skip_reason, HIDDEN_DIR_REASON, SUPPORTED_EXTENSIONS};

pub use crate::limits::{human_size, MAX_INPUT_BYTES};

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

pub fn unsupported(name: &str, reason: &str, advice: &str) -> Box<Finding> {
    Box::new(
        Finding::new("IN-UNSUPPORTED")
            .arg("name", name)
            .arg("reason", reason)
            .arg("advice", advice),
    )
}

/// Advice for anything that cannot be read: the ways in that always work.
pub(crate) const ADVICE_RESAVE: &str =
    "请在 Word 或 WPS 中打开报告，另存为“Word 文档（*.docx）”后再检查；也可以全选复制正文，粘贴到检查框。";

/// Reads any supported input. The bytes' signature decides the format first (a .doc
/// that is really a web page is read as one); the file name's extension only breaks
/// ties between text and HTML.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Read, Box<Finding>> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len()));
    }
    match sniff::sniff(name, bytes) {
        #[cfg(not(target_arch = "wasm32"))]
        sniff::Kind::Zip => read_items(name, nianbao_docx::read(bytes)),
        // In the browser the page's worker hands such files to the readers module first
        // (`reader_for`); only a caller of the bare module gets here.
        #[cfg(target_arch = "wasm32")]
        sniff::Kind::Zip => Err(needs_readers(name)),
        #[cfg(not(target_arch = "wasm32"))]
        sniff::Kind::Doc => read_items(name, nianbao_doc::read(bytes)),
        sniff::Kind::Html => {
            let text = html::decode(bytes).ok_or_else(|| not_text(name))?;
            read_html_str(&text)
        }
        sniff::Kind::Text => {
            read_decoded(decode::decode_text(bytes).ok_or_else(|| not_text(name))?)
        }
        #[cfg(not(target_arch = "wasm32"))]
        sniff::Kind::Pdf => read_items(name, nianbao_pdf::read(bytes)),
        sniff::Kind::Unsupported { reason, advice } => Err(unsupported(name, &reason, advice)),
    }
}

/// [`read_bytes`] of bytes the caller gives up (a file read for a batch): a text file in
/// UTF-8 becomes the document's text without a copy.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_vec(name: &str, bytes: Vec<u8>) -> Result<Read, Box<Finding>> {
    if bytes.len() > MAX_INPUT_BYTES || !matches!(sniff::sniff(name, &bytes), sniff::Kind::Text) {
        return read_bytes(name, &bytes);
    }
    read_decoded(decode::decode_vec(bytes).ok_or_else(|| not_text(name))?)
}

/// Reads decoded text: a web page's markup as a page, anything else as text.
fn read_decoded((text, encoding): (String, TextEncoding)) -> Result<Read, Box<Finding>> {
    if html::looks_like_html(&text) {
        return read_html_str(&text);
    }
    let rendered = encoding != TextEncoding::Utf8;
    Ok(Read {
        doc: read_string(text)?,
        rendered,
    })
}

/// Reads HTML already decoded (a saved page, or what the clipboard holds as
/// `text/html`). The document's text is the rendering, not the markup.
pub fn read_html_str(markup: &str) -> Result<Read, Box<Finding>> {
    if markup.len() > MAX_INPUT_BYTES {
        return Err(too_large(markup.len()));
    }
    rendered(&html::read(markup))
}

/// Renders what a reader found and reads it back: refused past the document limits,
/// IN-EMPTY when nothing was in it.
fn rendered(items: &[render::Item]) -> Result<Read, Box<Finding>> {
    let doc = render::render(items);
    if let Some(finding) = crate::limits::check_document(&doc) {
        return Err(Box::new(finding));
    }
    if doc.blocks.is_empty() {
        return Err(Box::new(Finding::new("IN-EMPTY")));
    }
    Ok(Read {
        doc,
        rendered: true,
    })
}

/// Reads text given already decoded, under a name: HTML when the name ends in `.html`
/// or `.htm` (what a page can call a paste of `text/html`) or the text starts like
/// markup; otherwise plain text, whose spans point into `text` itself.
pub fn read_text(name: &str, text: &str) -> Result<Read, Box<Finding>> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || html::looks_like_html(text) {
        return read_html_str(text);
    }
    Ok(Read {
        doc: read_str(text)?,
        rendered: false,
    })
}

/// Reads what a reader of its own crate gave (.docx, PDF, legacy Word): natively the core calls
/// the reader directly, in the browser the page's on-demand module does and hands the
/// result over. Either way it is rendered and read here, so both give the same document.
pub fn read_items(
    name: &str,
    given: Result<nianbao_items::Items, nianbao_items::ReadError>,
) -> Result<Read, Box<Finding>> {
    let items = given.map_err(|e| reader_error(name, e))?;
    rendered(&items.items)
}

/// The finding for a reader's error: its Chinese reason goes into the message as given.
pub fn reader_error(name: &str, e: nianbao_items::ReadError) -> Box<Finding> {
    use nianbao_items::ReadError as E;
    Box::new(match e {
        E::TooLarge {
            what,
            found,
            limit,
            unit,
        } => Finding::new("IN-TOO-LARGE")
            .variant("reader")
            .arg("name", name)
            .arg("what", what)
            .arg("size", format!("{found} {unit}"))
            .arg("limit", format!("{limit} {unit}"))
            .evidence(limit as i64, found as i64),
        E::Scanned { pages } => Finding::new("IN-SCANNED")
            .arg("name", name)
            .arg("pages", pages),
        E::Undecodable { reason } => Finding::new("IN-SCANNED")
            .variant("undecodable")
            .arg("name", name)
            .arg("reason", reason),
        E::Encrypted { reason } => {
            return unsupported(
                name,
                &reason,
                "请向发布机关索取未加密的文件，或在能打开它的软件中全选复制正文，粘贴到检查框。",
            )
        }
        E::Unsupported { reason } => return unsupported(name, &reason, ADVICE_RESAVE),
        E::Refused { reason, advice } => return unsupported(name, &reason, &advice),
    })
}

/// A file for an on-demand reader given to the core's WebAssembly module directly.
#[cfg(target_arch = "wasm32")]
fn needs_readers(name: &str) -> Box<Finding> {
    unsupported(
        name,
        "这类文件（.docx、PDF、.doc、.wps）由单独的读取模块读取，没有经过它",
        "请用检查页面或嵌入的检查器打开文件；直接调用接口时，先用读取模块 nianbao_readers.read(reader_for(bytes), bytes) 读取，再以 check({name, items}) 检查。",
    )
}

fn not_text(name: &str) -> Box<Finding> {
    unsupported(
        name,
        "不是可识别的文字（不是 UTF-8、UTF-16 或 GB18030/GBK 编码的文本，也不是网页或 .docx 文档）",
        ADVICE_RESAVE,
    )
}

/// Reads text (already decoded). Spans point into `text`.
pub fn read_str(text: &str) -> Result<Document, Box<Finding>> {
    check_str(text)?;
    // Text without a tab-separated table (a page's text, a PDF's, Markdown) is read by
    // the template; Word's copy and tab-separated rows as they are.
    if loose::has_tab_table(text) {
        Ok(text::read(text))
    } else {
        Ok(loose::read(text))
    }
}

/// [`read_str`] of a text the caller owns (a decoded file): Word's copy keeps it as the
/// document's text rather than copying it.
fn read_string(text: String) -> Result<Document, Box<Finding>> {
    check_str(&text)?;
    if loose::has_tab_table(&text) {
        Ok(text::read_string(text))
    } else {
        Ok(loose::read(&text))
    }
}

/// What refuses a text before it is read: its size, nothing but padding, its lines.
fn check_str(text: &str) -> Result<(), Box<Finding>> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(too_large(text.len()));
    }
    if text.chars().all(crate::doc::is_padding) {
        return Err(Box::new(Finding::new("IN-EMPTY")));
    }
    // Lines, longest line and cells, in one pass that allocates nothing: a text past a
    // limit is never turned into a document.
    if let Some(finding) = crate::limits::check_text(text) {
        return Err(Box::new(finding));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Read, Box<Finding>>) -> &'static str {
        match r {
            Ok(_) => "OK",
            Err(f) => f.code,
        }
    }

    #[test]
    fn size_limit_at_and_just_past_the_edge() {
        // 100-byte lines: inside the line limits, so only the size decides.
        let text = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|i| if i % 100 == 99 { b'\n' } else { b'a' })
                .collect()
        };
        let at = text(MAX_INPUT_BYTES);
        assert_eq!(code(read_bytes("a.txt", &at)), "OK");
        let past = text(MAX_INPUT_BYTES + 1);
        let err = read_bytes("a.txt", &past).err().expect("too large");
        assert_eq!(err.code, "IN-TOO-LARGE");
        assert!(format!("{:?}", err.args).contains("16.0 MB"));
    }

    #[test]
    fn a_hundred_megabytes_is_refused_at_once() {
        let big = vec![0u8; 100 * 1024 * 1024];
        assert_eq!(code(read_bytes("big.docx", &big)), "IN-TOO-LARGE");
    }

    #[test]
    fn text_by_name_or_markup() {
        let html = "<p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table>";
        let r = read_text("粘贴内容.html", html).unwrap();
        assert!(r.rendered);
        assert_eq!(r.doc.text, "一、总体情况\n\t规章\n\t0\n\n");
        assert!(read_text("粘贴内容", html).unwrap().rendered);
        let r = read_text("粘贴内容", "一、总体情况\n").unwrap();
        assert!(!r.rendered);
    }

    #[test]
    fn reader_items_and_errors() {
        use nianbao_items::{CellIn, Item, Items, ReadError, RowIn};
        let items = Items {
            items: vec![
                Item::Para("一、总体情况".into()),
                Item::PageBreak,
                Item::Table(vec![RowIn {
                    cells: vec![CellIn::new(vec!["规章".into()], 1, 1)],
                }]),
            ],
            producer: None,
        };
        let r = read_items("a.pdf", Ok(items)).unwrap();
        assert!(r.rendered);
        assert_eq!(r.doc.text, "一、总体情况\n\t规章\n\n");
        let f = read_items("扫描件.pdf", Err(ReadError::Scanned { pages: 6 }))
            .err()
            .unwrap();
        assert_eq!(f.code, "IN-SCANNED");
        let f = read_items(
            "a.pdf",
            Err(ReadError::TooLarge {
                what: "页数".into(),
                found: 5000,
                limit: 2000,
                unit: "页".into(),
            }),
        )
        .err()
        .unwrap();
        assert_eq!(f.code, "IN-TOO-LARGE");
        let f = read_items(
            "a.doc",
            Err(ReadError::Encrypted {
                reason: "文件设有打开密码".into(),
            }),
        )
        .err()
        .unwrap();
        assert_eq!(f.code, "IN-UNSUPPORTED");
        assert_eq!(
            read_items("a.pdf", Ok(Items::default()))
                .err()
                .unwrap()
                .code,
            "IN-EMPTY"
        );
    }

    /// Bytes handed over (the batch's way) read as the same bytes lent: every format
    /// of the fixtures, a web page saved as .txt, and inputs that are refused.
    #[test]
    fn bytes_handed_over_read_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut inputs: Vec<(String, Vec<u8>)> = ["formats", "."]
            .iter()
            .flat_map(|sub| std::fs::read_dir(dir.join(sub)).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .take(60)
            .map(|p| (p.to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        assert!(inputs.len() > 20);
        for (name, bytes) in [
            (
                "page.txt",
                "<html><body><p>一、总体情况</p></body></html>".as_bytes(),
            ),
            ("a.txt", b"".as_slice()),
            ("a.txt", b" \r\n\t".as_slice()),
            ("a.txt", b"abc\x00def".as_slice()),
            ("a.txt", "一、总体情况\n规章 0\n".as_bytes()),
        ] {
            inputs.push((name.to_string(), bytes.to_vec()));
        }
        let seen = |r: Result<Read, Box<Finding>>| match r {
            Ok(read) => format!("{:?} {}", read.doc, read.rendered),
            Err(f) => format!("{} {:?}", f.code, f.args),
        };
        for (name, bytes) in inputs {
            let lent = seen(read_bytes(&name, &bytes));
            assert_eq!(seen(read_vec(&name, bytes)), lent, "{name}");
        }
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert_eq!(code(read_bytes("a.txt", b"")), "IN-EMPTY");
        assert_eq!(code(read_bytes("a.txt", " \r\n\t".as_bytes())), "IN-EMPTY");
        assert_eq!(
            code(read_bytes("a.html", b"<html><body> </body></html>")),
            "IN-EMPTY"
        );
    }
}
