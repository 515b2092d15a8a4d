//! nianbao's PDF reader: a report's text layer as reader items (paragraphs, tables
//! with their merged cells, page breaks), or why it cannot be read.
//!
//! ```no_run
//! let bytes = std::fs::read("report.pdf").unwrap();
//! match nianbao_pdf::read(&bytes) {
//!     Ok(items) => println!("{} items", items.items.len()),
//!     Err(e) => println!("{e:?}"),
//! }
//! ```
//!
//! Plain Rust, no WebAssembly types: natively the core calls [`read`]; in the browser a
//! module of its own wraps it and hands the items over as JSON: the serde form of
//! `Result<Items, ReadError>` (`{"Ok":{"items":[…],"producer":…}}` or `{"Err":{…}}`),
//! which the core's module turns back with `serde_json::from_str` and gives to
//! `read::read_items(name, …)`, the same entry the native path uses. There the wrapper
//! calls [`read_with`] with a decoder built on the browser's `TextDecoder` (labels
//! "gbk", "gb18030", "big5", "shift_jis", "euc-kr"), for fonts with a predefined CJK
//! CMap and no ToUnicode map; without one such text is undecodable (IN-SCANNED).
//!
//! Pages: an `Item::PageBreak` stands between pages (also between the parts of a table
//! continued over a page break: two `Item::Table`s in a row, which the core reads as
//! one table).

mod content;
mod crypt;
mod file;
mod filter;
mod font;
mod layout;
mod lex;
mod tables;
mod unruled;

pub use font::Decoder;
use nianbao_items::{Items, ReadError};

/// The largest PDF read, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Pages read at most.
pub const MAX_PAGES: usize = 2000;
/// Objects in the cross-reference table at most.
pub const MAX_OBJECTS: usize = 2_000_000;
/// Content-stream operators over the whole document at most.
pub const MAX_OPS: u64 = 20_000_000;
/// Glyphs with text over the whole document at most.
pub const MAX_CHARS: usize = 4_000_000;
/// Decoded stream data in bytes: at most this ratio to the file's size, but always
/// `MIN_DECODED` and never more than `MAX_DECODED`.
pub const MAX_RATIO: usize = 200;
pub const MIN_DECODED: usize = 32 * 1024 * 1024;
pub const MAX_DECODED: usize = 256 * 1024 * 1024;

#[derive(Clone, Copy)]
pub(crate) struct Limits {
    pub max_pages: usize,
    pub max_objects: usize,
    pub max_ratio: usize,
    pub min_decoded: usize,
    pub max_decoded: usize,
}

/// What went wrong inside the reader, before it becomes a [`ReadError`].
#[derive(Debug)]
pub(crate) enum Fail {
    /// A filter produced more than the budget allows (converted to TooLarge).
    Decoded,
    TooLarge(&'static str, u64, u64, &'static str),
    Unsupported(String),
    Encrypted(String),
    Undecodable(String),
    Scanned(u32),
}

impl From<Fail> for ReadError {
    fn from(f: Fail) -> ReadError {
        match f {
            Fail::Decoded => ReadError::TooLarge {
                what: "解压后的大小".into(),
                found: MAX_DECODED as u64 + 1,
                limit: MAX_DECODED as u64,
                unit: "字节".into(),
            },
            Fail::TooLarge(what, found, limit, unit) => ReadError::TooLarge {
                what: what.into(),
                found,
                limit,
                unit: unit.into(),
            },
            Fail::Unsupported(reason) => ReadError::Unsupported { reason },
            Fail::Encrypted(reason) => ReadError::Encrypted { reason },
            Fail::Undecodable(reason) => ReadError::Undecodable { reason },
            Fail::Scanned(pages) => ReadError::Scanned { pages },
        }
    }
}

/// Reads a PDF's text layer. Natively, fonts with a predefined Chinese CMap and no
/// ToUnicode map (GBK-EUC-H …) are decoded with encoding_rs; in WebAssembly use
/// [`read_with`] and pass a decoder.
pub fn read(bytes: &[u8]) -> Result<Items, ReadError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        read_with(bytes, Some(&font::native_decoder))
    }
    #[cfg(target_arch = "wasm32")]
    {
        read_with(bytes, None)
    }
}

/// Reads a PDF's text layer; `decoder` turns bytes in a legacy encoding ("gbk",
/// "gb18030", "big5", "shift_jis", "euc-kr": WHATWG labels) into text, for fonts
/// that name a predefined CMap and give no ToUnicode map.
pub fn read_with(bytes: &[u8], decoder: Option<Decoder>) -> Result<Items, ReadError> {
    let limits = Limits {
        max_pages: MAX_PAGES,
        max_objects: MAX_OBJECTS,
        max_ratio: MAX_RATIO,
        min_decoded: MIN_DECODED,
        max_decoded: MAX_DECODED,
    };
    read_inner(bytes, decoder, limits).map_err(ReadError::from)
}

fn read_inner(bytes: &[u8], decoder: Option<Decoder>, limits: Limits) -> Result<Items, Fail> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Fail::TooLarge(
            "文件大小",
            bytes.len() as u64,
            MAX_INPUT_BYTES as u64,
            "字节",
        ));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Fail::Unsupported(
            "不是 PDF 文件（没有 %PDF- 文件头）".into(),
        ));
    }
    let file = file::File::open(bytes, limits)?;
    let pages = file.pages()?;
    if pages.is_empty() {
        return Err(Fail::Unsupported("PDF 文件已损坏，找不到任何页面".into()));
    }
    let mut interp = content::Interp::new(&file, decoder, MAX_OPS, MAX_CHARS);
    let mut contents = Vec::with_capacity(pages.len());
    for p in &pages {
        contents.push(interp.page(p)?);
    }
    let chars: usize = contents
        .iter()
        .map(|c| c.chars.iter().filter(|c| !c.is_space()).count())
        .sum();
    let undecoded: usize = contents.iter().map(|c| c.undecoded).sum();
    let images: usize = contents.iter().map(|c| c.images).sum();
    if undecoded > 0 && undecoded >= chars {
        let font = contents
            .iter()
            .find_map(|c| c.undecoded_font.clone())
            .unwrap_or_default();
        let font = font
            .split_once('+')
            .map(|(_, f)| f.to_string())
            .unwrap_or(font);
        return Err(Fail::Undecodable(format!(
            "PDF 中的文字无法转换为字符：字体{}没有字符对照表（ToUnicode），只能显示、不能复制",
            if font.is_empty() {
                String::new()
            } else {
                format!("“{font}”")
            }
        )));
    }
    // Pictures on most pages and next to no text (a page number or a stamp typed onto
    // a scan): a scan.
    let with_images = contents.iter().filter(|c| c.images > 0).count();
    if images > 0 && with_images * 2 >= pages.len() && chars < 20 * pages.len() {
        return Err(Fail::Scanned(pages.len() as u32));
    }
    let producer = file.producer();
    Ok(Items {
        items: layout::items(contents),
        producer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of `pages` pages, each drawing `content` (given raw, with its dictionary).
    fn pdf(pages: usize, content: &[u8], filter: &str) -> Vec<u8> {
        let mut objs: Vec<Vec<u8>> = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
        let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + i)).collect();
        objs.push(
            format!(
                "<< /Type /Pages /Kids [{}] /Count {pages} >>",
                kids.join(" ")
            )
            .into_bytes(),
        );
        let mut s = format!("<< /Length {}{filter} >>\nstream\n", content.len()).into_bytes();
        s.extend_from_slice(content);
        s.extend_from_slice(b"\nendstream");
        objs.push(s);
        for _ in 0..pages {
            objs.push(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>".to_vec(),
            );
        }
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let x = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n",
                objs.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn small() -> Limits {
        Limits {
            max_pages: 3,
            max_objects: 1000,
            max_ratio: 10,
            min_decoded: 1 << 20,
            max_decoded: 4 << 20,
        }
    }

    fn too_large(r: Result<Items, Fail>) -> (&'static str, u64, u64) {
        match r {
            Err(Fail::TooLarge(what, found, limit, _)) => (what, found, limit),
            other => panic!("not too large: {:?}", other.map(|i| i.items.len())),
        }
    }

    #[test]
    fn pages_past_the_limit() {
        let ok = read_inner(&pdf(3, b"", ""), None, small());
        assert!(ok.is_ok());
        assert_eq!(
            too_large(read_inner(&pdf(4, b"", ""), None, small())),
            ("页数", 4, 3)
        );
    }

    #[test]
    fn a_decompression_bomb_is_stopped() {
        let zeros = vec![b' '; 8 << 20];
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
        assert!(bomb.len() < 40_000);
        let (what, _, limit) = too_large(read_inner(
            &pdf(1, &bomb, " /Filter /FlateDecode"),
            None,
            small(),
        ));
        assert_eq!(what, "解压后的大小");
        assert_eq!(limit, 1 << 20);
        // The public limits name the same measure.
        match read(&[b"%PDF-1.7\n".as_slice(), &vec![0u8; MAX_INPUT_BYTES]].concat()) {
            Err(ReadError::TooLarge { what, .. }) => assert_eq!(what, "文件大小"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_structures_end_in_bounded_time() {
        // A page tree that contains itself, deep nesting, a Prev loop, garbage.
        let looped = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n4 0 obj << /Length 9 >> stream\nq q q Q Q\nendstream endobj\ntrailer << /Root 1 0 R /Prev 0 >>\nstartxref 0\n%%EOF";
        assert!(read(looped).is_ok());
        let deep = [
            b"%PDF-1.7\n1 0 obj ".as_slice(),
            &b"[".repeat(100_000),
            b" endobj trailer << /Root 1 0 R >>",
        ]
        .concat();
        assert!(read(&deep).is_err());
        let nested_forms = pdf(1, &b"q ".repeat(100_000), "");
        assert!(read(&nested_forms).is_ok());
        for junk in [
            &b"%PDF-"[..],
            b"%PDF-1.4\n1 0 obj",
            b"%PDF-1.4 trailer <<>> startxref 99999999",
        ] {
            assert!(read(junk).is_err());
        }
    }
}
