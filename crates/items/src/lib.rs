//! The interface between nianbao's readers and its core.
//!
//! A reader turns a file's bytes into [`Item`]s in reading order: paragraphs, tables (rows
//! of cells with their merges), page chrome and page breaks. The core renders the items
//! into one text layout and reads that, so every format gives the same document and every
//! finding can be located in the text shown to the user.
//!
//! The readers that only some inputs need (PDF, legacy Word) are crates of their own that
//! depend on this one and not on the core: natively the core calls them directly, and in
//! the browser they are a WebAssembly module loaded on demand, whose items cross to the
//! core's module as text ([`encode`], [`decode`]: a line format of a few dozen lines of
//! code, where serde's derive and serde_json's deserializer cost the core's module
//! 20 KB gzip, measured).

mod codec;
pub mod list_number;
mod merge;

pub use codec::{decode, encode};
pub use merge::{resolve_vertical_merges, GridCell};

/// A piece of a document in reading order, as a reader found it.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A paragraph; line breaks in it make several paragraphs.
    Para(String),
    Table(Vec<RowIn>),
    /// Page chrome inside the document (a web page's print/close buttons, "发布时间：…").
    /// Running headers, footers and page numbers of a paged format are not chrome: the
    /// reader drops them.
    Chrome(String),
    /// The start of a new page (paged formats: PDF). Nothing is written for it; the core
    /// records where each page starts so a finding can name its page.
    PageBreak,
    /// A picture in the flow of the document (a web page's `<img>`, a Word drawing).
    /// Nothing is written for it; the core records where it stood, so that a table
    /// missing where a picture stands can be said to be one.
    Image,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowIn {
    pub cells: Vec<CellIn>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CellIn {
    /// The cell's paragraphs.
    pub lines: Vec<String>,
    pub colspan: u32,
    /// 0 for the placeholder standing for a vertically merged cell above.
    pub rowspan: u32,
}

impl CellIn {
    pub fn new(lines: Vec<String>, colspan: u32, rowspan: u32) -> Self {
        CellIn {
            lines,
            colspan,
            rowspan,
        }
    }

    /// The empty cell standing in a later row of a cell merged down from above.
    pub fn placeholder(colspan: u32) -> Self {
        CellIn::new(Vec::new(), colspan, 0)
    }
}

/// Why a reader could not give items. The texts are Chinese: the core puts them into
/// its findings' messages as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadError {
    /// Past one of the reader's limits. `what` names the measure in Chinese ("页数",
    /// "解压后的大小" …); `found` and `limit` are in that measure's unit, `unit` in Chinese
    /// ("页", "字节" …).
    TooLarge {
        what: String,
        found: u64,
        limit: u64,
        unit: String,
    },
    /// A paged document whose pages are only pictures: no text layer (IN-SCANNED).
    Scanned { pages: u32 },
    /// A text layer that cannot be turned into characters (IN-SCANNED), e.g. Identity-H
    /// fonts without a ToUnicode map; `reason` says which.
    Undecodable { reason: String },
    /// A password is needed to open the file (IN-UNSUPPORTED).
    Encrypted { reason: String },
    /// Anything else that cannot be read: a damaged file, a feature the reader does not
    /// support (IN-UNSUPPORTED); `reason` says what, in Chinese.
    Unsupported { reason: String },
    /// Like `Unsupported`, with the reader's own advice on what to do (in Chinese).
    Refused { reason: String, advice: String },
}

/// What a reader gives: the items, and the program that made the file where the file
/// says so ("WPS 文字", "Microsoft Word" …), for the user's information.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Items {
    pub items: Vec<Item>,
    pub producer: Option<String>,
}
