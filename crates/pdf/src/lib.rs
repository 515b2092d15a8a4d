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
//! module of its own wraps it and hands the items over as JSON.

mod content;
mod crypt;
mod file;
mod filter;
mod font;
mod layout;
mod lex;
mod tables;

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
    read_inner(bytes, decoder).map_err(ReadError::from)
}

fn read_inner(bytes: &[u8], decoder: Option<Decoder>) -> Result<Items, Fail> {
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
    let limits = Limits {
        max_pages: MAX_PAGES,
        max_objects: MAX_OBJECTS,
        max_ratio: MAX_RATIO,
        min_decoded: MIN_DECODED,
        max_decoded: MAX_DECODED,
    };
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
    if chars == 0 && images > 0 {
        return Err(Fail::Scanned(pages.len() as u32));
    }
    let producer = file.producer();
    Ok(Items {
        items: layout::items(contents),
        producer,
    })
}
