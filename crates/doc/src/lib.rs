//! nianbao's reader for Word 97–2003 documents (.doc) and WPS 文字 files (.wps): both an
//! OLE compound file holding a `WordDocument` stream in Word's binary format (MS-DOC).
//!
//! What it reads, into the same items as the .docx reader: the main text through the
//! piece table (8-bit and UTF-16 pieces, fast-saved files of many pieces), paragraphs,
//! fields (their results, not their codes), line and page breaks; tables from the
//! paragraph properties (in-table, row ends, nesting depth) with their merged cells from
//! the row's cell definitions (horizontal spans from the cell edges, vertical merges from
//! the cells' merge flags); hidden and deleted text left out, as Word's copy leaves it
//! out; automatic list numbers (the list tables: levels, formats, start values) put
//! before the paragraphs that have them. Headers, footers, footnotes, comments and text
//! boxes are not main text and are left out, as the .docx reader leaves them out.
//!
//! Encrypted or obfuscated files, Word 6/95 files and damaged files are refused with a
//! Chinese reason; every count is checked against the file before it is used, so a
//! hostile file costs time and memory in proportion to its size, never more.

mod cfb;
mod lists;
mod sprm;
mod styles;
mod tables;

use nianbao_items::{Item, Items, ReadError};

use tables::{RowProps, TableB};

/// The largest file read, in bytes (the core refuses larger inputs before this).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The most pieces (stretches of text stored in one place) a piece table may have.
pub const MAX_PIECES: usize = 100_000;
/// The most characters of main text.
pub const MAX_CHARS: u32 = 8 * 1024 * 1024;
/// The most paragraphs outside tables, and the most table cells (the core's own limits
/// are lower: these only keep a hostile file from filling memory before it decides).
pub const MAX_PARAGRAPHS: usize = 500_000;
pub const MAX_TABLE_CELLS: usize = 200_000;
/// The most bytes of automatic list numbers put before paragraphs; past it the rest
/// go without (a number text is put before every paragraph of its level).
const MAX_LABEL_BYTES: usize = 1024 * 1024;
/// The most runs of paragraph or of character formatting.
pub const MAX_RUNS: usize = 1 << 20;
/// The most bytes of formatting (property modifiers) read in all: each paragraph mark
/// and each change of character formatting reads its own, so a hostile file could make
/// the same ones be read again and again.
pub const MAX_PROPERTY_BYTES: usize = 64 * 1024 * 1024;

pub(crate) type Error = ReadError;

pub(crate) fn damaged(detail: &str) -> ReadError {
    ReadError::Unsupported {
        reason: format!("文件已损坏或不完整，无法读取（{detail}）"),
    }
}

fn too_large(what: &str, found: u64, limit: u64, unit: &str) -> ReadError {
    ReadError::TooLarge {
        what: what.into(),
        found,
        limit,
        unit: unit.into(),
    }
}

pub(crate) fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at.saturating_add(2))
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at.saturating_add(4))
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads a .doc or .wps file into items in reading order.
pub fn read(bytes: &[u8]) -> Result<Items, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(
            "文件大小",
            bytes.len() as u64,
            MAX_FILE_BYTES as u64,
            "字节",
        ));
    }
    if !cfb::is_cfb(bytes) {
        return Err(ReadError::Unsupported {
            reason: "不是旧版 Word（.doc）或 WPS 文字文件（文件开头不是 OLE 复合文档的标志）"
                .into(),
        });
    }
    let cfb = cfb::Cfb::open(bytes)?;
    let Some(word) = cfb.stream("WordDocument")? else {
        return Err(not_word(&cfb));
    };
    let fib = Fib::parse(&word)?;
    let table = cfb
        .stream(if fib.table1 { "1Table" } else { "0Table" })?
        .ok_or_else(|| damaged("缺少表格流 0Table/1Table"))?;
    // Paragraph properties too large for their page are kept in the Data stream.
    let data = cfb.stream("Data")?.unwrap_or_default();
    let items = Doc::new(&word, &table, &data, &fib)?.items()?;
    Ok(Items {
        items,
        producer: producer(&cfb),
    })
}

/// Why a compound file without a Word stream cannot be read.
fn not_word(cfb: &cfb::Cfb) -> ReadError {
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return ReadError::Encrypted {
            reason: "文件设置了打开密码（已加密），无法读取其中的文字".into(),
        };
    }
    let reason = if cfb.has("Workbook") || cfb.has("Book") {
        "这是 Excel 表格（.xls），不是报告文档"
    } else if cfb.has("PowerPoint Document") {
        "这是 PowerPoint 演示文稿（.ppt），不是报告文档"
    } else {
        "这是 OLE 复合文档，但其中没有 Word 正文（WordDocument 流），不是 Word 或 WPS 文字文档"
    };
    ReadError::Unsupported {
        reason: reason.into(),
    }
}

/// The program that saved the file, from the summary information (PIDSI_APPNAME).
fn producer(cfb: &cfb::Cfb) -> Option<String> {
    let s = cfb.stream("\u{5}SummaryInformation").ok()??;
    let set = u32_at(&s, 44) as usize;
    let count = (u32_at(&s, set + 4) as usize).min(256);
    (0..count).find_map(|i| {
        let at = set + 8 + i * 8;
        if u32_at(&s, at) != 0x12 {
            return None;
        }
        let value = set.checked_add(u32_at(&s, at + 4) as usize)?;
        // VT_LPSTR: a size and 8-bit text; only ASCII names are given.
        if u32_at(&s, value) != 0x1E {
            return None;
        }
        let len = (u32_at(&s, value.saturating_add(4)) as usize).min(256);
        let from = value.checked_add(8)?;
        let raw = s.get(from..from.saturating_add(len))?;
        let name: String = raw
            .iter()
            .take_while(|&&b| b != 0)
            .map(|&b| b as char)
            .collect();
        (raw.is_ascii() && !name.trim().is_empty()).then(|| name.trim().to_string())
    })
}

/// What the File Information Block says that the reader needs.
struct Fib {
    table1: bool,
    /// Characters of main text (the other parts follow it: footnotes, headers …).
    ccp_text: u32,
    /// The FIB's (offset, size) pairs into the table stream, by index.
    fc_lcb: Vec<(u32, u32)>,
}

const FC_STSHF: usize = 1;
const FC_PLCF_BTE_CHPX: usize = 12;
const FC_PLCF_BTE_PAPX: usize = 13;
const FC_CLX: usize = 33;
const FC_PLF_LST: usize = 73;
const FC_PLF_LFO: usize = 74;

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, Error> {
        if w.len() < 0x22 || u16_at(w, 0) != 0xA5EC {
            return Err(damaged("Word 正文流的文件头无效"));
        }
        let n_fib = u16_at(w, 2);
        let flags = u16_at(w, 0x0A);
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(ReadError::Encrypted {
                reason: if flags & 0x8000 != 0 {
                    "文件设置了打开密码（内容已加密混淆），无法读取其中的文字".into()
                } else {
                    "文件设置了打开密码（已加密），无法读取其中的文字".into()
                },
            });
        }
        if n_fib < 0x00C0 {
            return Err(ReadError::Unsupported {
                reason: "这是 Word 6.0/95 或更早版本的文档，本工具只读取 Word 97–2003（.doc）和 WPS 格式"
                    .into(),
            });
        }
        // FibBase (32 bytes), then three arrays, each after its count.
        let csw = u16_at(w, 0x20) as usize;
        let lw = 0x22 + csw * 2;
        let cslw = u16_at(w, lw) as usize;
        let rg_lw = lw + 2;
        let fc = rg_lw + cslw * 4;
        let count = u16_at(w, fc) as usize;
        let end = fc + 2 + count * 8;
        if cslw < 4 || end > w.len() {
            return Err(damaged("Word 正文流的文件头不完整"));
        }
        let fc_lcb = (0..count)
            .map(|i| (u32_at(w, fc + 2 + i * 8), u32_at(w, fc + 6 + i * 8)))
            .collect();
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text: u32_at(w, rg_lw + 12),
            fc_lcb,
        })
    }

    /// The part of the table stream that pair `index` points to (empty when absent).
    fn part<'t>(&self, table: &'t [u8], index: usize) -> Result<&'t [u8], Error> {
        let Some(&(fc, lcb)) = self.fc_lcb.get(index) else {
            return Ok(&[]);
        };
        if lcb == 0 {
            return Ok(&[]);
        }
        let from = fc as usize;
        table
            .get(from..from.saturating_add(lcb as usize))
            .ok_or_else(|| damaged("表格流中的结构超出范围"))
    }
}

/// A stretch of text stored in one place (MS-DOC Pcd).
#[derive(Clone, Copy, Debug)]
struct Piece {
    cp: u32,
    cp_end: u32,
    /// Byte offset in the WordDocument stream.
    fc: u32,
    compressed: bool,
    prm: u16,
}

/// The 8-bit code page of compressed pieces: Latin-1 but for these (MS-DOC 2.4.1).
fn compressed_char(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x80, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0x8D, 0x8E, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x9E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => u16::from(b),
    }
}

/// A run of file offsets [from, to) and where its property list lies in the
/// WordDocument stream.
#[derive(Clone, Copy)]
struct Run {
    from: u32,
    to: u32,
    at: usize,
    len: usize,
}

/// The runs of formatted disk pages (FKPs) that a bin table lists: paragraph runs
/// (`papx`) or character runs. Each page is read once however often the table names it.
fn fkp_runs(word: &[u8], plcf: &[u8], papx: bool) -> Result<Vec<Run>, Error> {
    if plcf.len() < 4 {
        return Ok(Vec::new());
    }
    let n = (plcf.len() - 4) / 8;
    let mut runs = Vec::new();
    let mut seen = vec![false; word.len() / 512];
    for i in 0..n {
        let pn = (u32_at(plcf, (n + 1) * 4 + i * 4) & 0x3F_FFFF) as usize;
        let Some(page) = word.get(pn * 512..pn * 512 + 512) else {
            continue;
        };
        if std::mem::replace(&mut seen[pn], true) {
            continue;
        }
        let crun = page[511] as usize;
        let width = if papx { 13 } else { 1 };
        if (crun + 1) * 4 + crun * width > 511 {
            continue;
        }
        if runs.len() + crun > MAX_RUNS {
            return Err(too_large(
                "格式段数",
                (runs.len() + crun) as u64,
                MAX_RUNS as u64,
                "个",
            ));
        }
        for r in 0..crun {
            let from = u32_at(page, r * 4);
            let to = u32_at(page, r * 4 + 4);
            let off = page[(crun + 1) * 4 + r * width] as usize * 2;
            if off == 0 || off >= 511 {
                continue;
            }
            let (start, len) = if papx {
                match page[off] {
                    0 => (off + 2, page[off + 1] as usize * 2),
                    cb => (off + 1, cb as usize * 2 - 1),
                }
            } else {
                (off + 1, page[off] as usize)
            };
            let len = len.min(511usize.saturating_sub(start));
            runs.push(Run {
                from,
                to,
                at: pn * 512 + start,
                len,
            });
        }
    }
    runs.sort_by_key(|r| r.from);
    Ok(runs)
}

/// The run containing file offset `fc`.
fn find_run(runs: &[Run], fc: u32) -> Option<&Run> {
    let i = runs.partition_point(|r| r.from <= fc);
    runs[..i].last().filter(|r| fc < r.to)
}

/// What a paragraph's properties say that the reader uses.
#[derive(Default)]
struct ParaProps {
    in_table: bool,
    ttp: bool,
    itap: i32,
    inner_ttp: bool,
    ilfo: u16,
    ilvl: u8,
    row: Option<RowProps>,
}

impl ParaProps {
    /// Applies a paragraph's sprms; `data` is the Data stream, where properties too
    /// large for their page are kept. Returns how many bytes of sprms it read.
    fn apply(&mut self, grpprl: &[u8], data: &[u8]) -> usize {
        let mut read = grpprl.len();
        for (op, arg) in sprm::iter(grpprl) {
            match op {
                sprm::P_HUGE_PAPX if !data.is_empty() => {
                    let at = (sprm::long(arg) as u32 as usize).saturating_add(2);
                    let cb = u16_at(data, at - 2) as usize;
                    if let Some(g) = data.get(at..at.saturating_add(cb)) {
                        read += self.apply(g, &[]);
                    }
                }
                sprm::P_IN_TABLE => self.in_table = sprm::byte(arg) != 0,
                sprm::P_TTP => self.ttp = sprm::byte(arg) != 0,
                sprm::P_ITAP => self.itap = sprm::long(arg).clamp(0, 64),
                sprm::P_DTAP => {
                    self.itap = (self.itap + sprm::long(arg).clamp(-64, 64)).clamp(0, 64)
                }
                sprm::P_INNER_TTP => self.inner_ttp = sprm::byte(arg) != 0,
                sprm::P_ILFO => self.ilfo = sprm::word(arg),
                sprm::P_ILVL => self.ilvl = sprm::byte(arg).min(8),
                sprm::T_DEF_TABLE => self.row = Some(RowProps::define(arg)),
                sprm::T_VERT_MERGE | sprm::T_MERGE | sprm::T_SPLIT => {
                    if let Some(row) = &mut self.row {
                        row.modify(op, arg);
                    }
                }
                _ => {}
            }
        }
        read
    }

    /// The table depth: 0 outside tables.
    fn depth(&self) -> i32 {
        if self.itap > 0 {
            self.itap
        } else {
            i32::from(self.in_table)
        }
    }
}

struct Doc<'a> {
    word: &'a [u8],
    /// The Data stream (empty when the file has none).
    data: &'a [u8],
    ccp_text: u32,
    pieces: Vec<Piece>,
    /// The property lists of the piece table (Prc), for complex Prms.
    prcs: Vec<&'a [u8]>,
    papx: Vec<Run>,
    chpx: Vec<Run>,
    lists: lists::Lists,
    styles: styles::Styles,
    /// Bytes of formatting read so far.
    spent: std::cell::Cell<usize>,
}

impl<'a> Doc<'a> {
    fn new(word: &'a [u8], table: &'a [u8], data: &'a [u8], fib: &Fib) -> Result<Doc<'a>, Error> {
        if fib.ccp_text > MAX_CHARS {
            return Err(too_large(
                "正文字数",
                u64::from(fib.ccp_text),
                u64::from(MAX_CHARS),
                "字",
            ));
        }
        let clx = fib.part(table, FC_CLX)?;
        let (prcs, pieces) = piece_table(clx, word.len())?;
        Ok(Doc {
            word,
            data,
            ccp_text: fib.ccp_text,
            pieces,
            prcs,
            papx: fkp_runs(word, fib.part(table, FC_PLCF_BTE_PAPX)?, true)?,
            chpx: fkp_runs(word, fib.part(table, FC_PLCF_BTE_CHPX)?, false)?,
            spent: std::cell::Cell::new(0),
            styles: styles::Styles::parse(fib.part(table, FC_STSHF).unwrap_or(&[])),
            lists: {
                // The list levels follow the PlfLst, outside its recorded size.
                let (fc, lcb) = fib.fc_lcb.get(FC_PLF_LST).copied().unwrap_or((0, 0));
                lists::Lists::parse(
                    table,
                    fc as usize,
                    lcb as usize,
                    fib.part(table, FC_PLF_LFO).unwrap_or(&[]),
                )
            },
        })
    }

    /// Counts `n` bytes of formatting read against [`MAX_PROPERTY_BYTES`].
    fn spend(&self, n: usize) -> Result<(), Error> {
        let spent = self.spent.get() + n;
        self.spent.set(spent);
        if spent > MAX_PROPERTY_BYTES {
            return Err(too_large(
                "读取的格式数据",
                spent as u64,
                MAX_PROPERTY_BYTES as u64,
                "字节",
            ));
        }
        Ok(())
    }

    /// The paragraph properties at file offset `fc` (the paragraph's mark), with the
    /// piece's own modifications applied after.
    fn para_props(&self, fc: u32, prm: u16) -> Result<ParaProps, Error> {
        let mut p = ParaProps::default();
        let mut read = 0;
        if let Some(r) = find_run(&self.papx, fc) {
            // grpprlInPapx: the style (2 bytes), then the sprms. A list the style has
            // holds unless the paragraph's own properties say otherwise.
            if let Some(g) = self.word.get(r.at..r.at + r.len) {
                (p.ilfo, p.ilvl) = self.styles.numbering(u16_at(g, 0));
                read += p.apply(g.get(2..).unwrap_or(&[]), self.data);
            }
        }
        if prm & 1 == 1 {
            if let Some(g) = self.prcs.get((prm >> 1) as usize) {
                read += p.apply(g, self.data);
            }
        }
        self.spend(read)?;
        Ok(p)
    }

    /// Whether the character run at `fc` is hidden or deleted.
    fn hidden(&self, run: Option<&Run>) -> Result<bool, Error> {
        let Some(g) = run.and_then(|r| self.word.get(r.at..r.at + r.len)) else {
            return Ok(false);
        };
        self.spend(g.len())?;
        Ok(sprm::iter(g).any(|(op, arg)| match op {
            sprm::C_VANISH => matches!(sprm::byte(arg), 1 | 0x81),
            sprm::C_RMARK_DEL => sprm::byte(arg) != 0,
            _ => false,
        }))
    }

    fn items(&self) -> Result<Vec<Item>, Error> {
        let mut out = Out::default();
        // Open fields: true once past the separator (the result shows).
        let mut fields: Vec<bool> = Vec::new();
        let mut in_code = 0usize;
        let mut run: Option<&Run> = None;
        let mut hidden = false;
        let mut high: Option<u16> = None;
        for piece in &self.pieces {
            let cp_end = piece.cp_end.min(self.ccp_text);
            if piece.cp >= cp_end {
                continue;
            }
            let width = if piece.compressed { 1 } else { 2 };
            let count = (cp_end - piece.cp) as usize;
            let from = piece.fc as usize;
            let Some(bytes) = self.word.get(from..from + count * width) else {
                return Err(damaged("文本片段超出正文流"));
            };
            for i in 0..count {
                let fc = piece.fc + (i * width) as u32;
                let unit = if piece.compressed {
                    compressed_char(bytes[i])
                } else {
                    u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]])
                };
                if run.is_none_or(|r| fc < r.from || fc >= r.to) {
                    run = find_run(&self.chpx, fc);
                    hidden = self.hidden(run)?;
                }
                match unit {
                    0x0D | 0x07 => {
                        high = None;
                        if unit == 0x07 {
                            // Fields never cross cells: a broken one ends here.
                            fields.clear();
                            in_code = 0;
                        }
                        let props = self.para_props(fc, piece.prm)?;
                        self.end_para(&mut out, unit == 0x07, props)?;
                        continue;
                    }
                    0x13 => {
                        if fields.len() < 64 {
                            fields.push(false);
                            in_code += 1;
                        }
                        continue;
                    }
                    0x14 => {
                        if let Some(f) = fields.last_mut() {
                            if !*f {
                                *f = true;
                                in_code -= 1;
                            }
                        }
                        continue;
                    }
                    0x15 => {
                        if let Some(f) = fields.pop() {
                            if !f {
                                in_code -= 1;
                            }
                        }
                        continue;
                    }
                    _ => {}
                }
                if in_code > 0 || hidden {
                    continue;
                }
                let c = match unit {
                    0x0B | 0x0C => {
                        out.break_line();
                        continue;
                    }
                    0x09 => '\t',
                    0x1E => '-',
                    0xD800..=0xDBFF => {
                        high = Some(unit);
                        continue;
                    }
                    0xDC00..=0xDFFF => {
                        let Some(h) = high.take() else { continue };
                        let c =
                            0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                        char::from_u32(c).unwrap_or('\u{FFFD}')
                    }
                    // Special characters (pictures, footnote marks, annotation marks …),
                    // optional hyphens, other controls.
                    0..=0x1F | 0xAD => continue,
                    u => char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'),
                };
                high = None;
                out.line.push(c);
            }
        }
        // Text after the last mark (a file cut short) still counts.
        if !out.line.is_empty() || !out.lines.is_empty() {
            self.end_para(&mut out, false, ParaProps::default())?;
        }
        out.close_table();
        Ok(out.items)
    }

    fn end_para(&self, out: &mut Out, cell_mark: bool, props: ParaProps) -> Result<(), Error> {
        let mut lines = std::mem::take(&mut out.lines);
        lines.push(std::mem::take(&mut out.line));
        // Blank lines show nothing (the core leaves them out too).
        lines.retain(|l| !l.trim().is_empty());
        let mut depth = props.depth();
        if depth == 0 && cell_mark && out.table.is_some() {
            depth = 1;
        }
        if depth == 0 {
            out.close_table();
            if lines.is_empty() {
                return Ok(());
            }
            if props.ilfo > 0 && out.label_bytes < MAX_LABEL_BYTES {
                if let Some(label) = out.counters.label(&self.lists, props.ilfo, props.ilvl) {
                    out.label_bytes += label.len();
                    lines[0] = format!("{label}{}", lines[0].trim_start());
                }
            }
            out.items.push(Item::Para(lines.join("\n")));
            out.paragraphs += 1;
            if out.paragraphs > MAX_PARAGRAPHS {
                return Err(too_large(
                    "段落数",
                    out.paragraphs as u64,
                    MAX_PARAGRAPHS as u64,
                    "段",
                ));
            }
            return Ok(());
        }
        let table = out.table.get_or_insert_with(TableB::default);
        if depth == 1 && props.ttp {
            table.end_row(props.row);
        } else if depth > 1 && props.inner_ttp {
            // A nested table's row end: its cells are already the outer cell's lines.
        } else {
            table.add_lines(lines);
            if depth == 1 && cell_mark {
                table.end_cell();
                out.cells += 1;
                if out.cells > MAX_TABLE_CELLS {
                    return Err(too_large(
                        "表格单元格数",
                        out.cells as u64,
                        MAX_TABLE_CELLS as u64,
                        "个",
                    ));
                }
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct Out {
    items: Vec<Item>,
    lines: Vec<String>,
    line: String,
    table: Option<TableB>,
    counters: lists::Counters,
    /// Bytes of list numbers put before paragraphs so far.
    label_bytes: usize,
    paragraphs: usize,
    cells: usize,
}

impl Out {
    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn close_table(&mut self) {
        if let Some(t) = self.table.take() {
            let rows = t.resolve();
            if !rows.is_empty() {
                self.items.push(Item::Table(rows));
            }
        }
    }
}

/// The CLX: property lists (Prc) then the piece table (Pcdt). Pieces in text order.
#[allow(clippy::type_complexity)]
fn piece_table(clx: &[u8], word_len: usize) -> Result<(Vec<&[u8]>, Vec<Piece>), Error> {
    let mut prcs = Vec::new();
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1) as usize;
                let g = clx
                    .get(at + 3..at + 3 + cb)
                    .ok_or_else(|| damaged("文本片段表的格式列表超出范围"))?;
                prcs.push(g);
                at += 3 + cb;
            }
            Some(2) => break,
            _ => return Err(damaged("没有找到文本片段表")),
        }
    }
    let lcb = u32_at(clx, at + 1) as usize;
    let plc = clx
        .get(at + 5..at + 5 + lcb)
        .ok_or_else(|| damaged("文本片段表超出范围"))?;
    if plc.len() < 4 {
        return Err(damaged("文本片段表为空"));
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(too_large("文本片段数", n as u64, MAX_PIECES as u64, "个"));
    }
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4);
        let cp_end = u32_at(plc, i * 4 + 4);
        let pcd = (n + 1) * 4 + i * 8;
        let raw = u32_at(plc, pcd + 2);
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        let fc = if compressed { fc / 2 } else { fc };
        if cp_end < cp || fc as usize > word_len {
            return Err(damaged("文本片段表的位置无效"));
        }
        pieces.push(Piece {
            cp,
            cp_end,
            fc,
            compressed,
            prm: u16_at(plc, pcd + 6),
        });
    }
    // Text order is CP order; pieces must not overlap.
    if pieces.windows(2).any(|w| w[1].cp < w[0].cp_end) {
        return Err(damaged("文本片段表的位置无效"));
    }
    Ok((prcs, pieces))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_text_is_latin1_but_for_the_specs_table() {
        assert_eq!(compressed_char(b'A'), 0x41);
        assert_eq!(compressed_char(0x93), 0x201C);
        assert_eq!(compressed_char(0x80), 0x80);
        assert_eq!(compressed_char(0x9F), 0x0178);
        assert_eq!(compressed_char(0xE9), 0xE9);
    }

    #[test]
    fn not_a_compound_file() {
        assert!(matches!(
            read(b"hello"),
            Err(ReadError::Unsupported { reason }) if reason.contains("OLE")
        ));
    }
}
