//! Typing the three tables: which document table is which, which row is which key, and
//! which cells are data. Rows are recognised by their labels (not their position), and
//! a row's data cells are the cells after its label, so merged label cells, Word's
//! wrapped labels and HTML colspans all read the same.

use super::scan::CjkKeywords;
use crate::diag::Finding;
use crate::doc::{Block, Cell, Document, Row};
use crate::model::{
    t2_columns_2019, t2_columns_2021, table_name_zh, DataCell, DataRow, Marker, Report, Template,
    TypedTable, T3_COLUMNS, T3_ROWS_2021, T4_COLUMNS, T4_GROUPS,
};
use crate::numbers::{parse_cell, CellNumber};
use crate::span::Span;
use crate::text_util::{compact, compact_cow, compact_cow_copies, has_cjk};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    T2,
    T3,
    T4,
}

/// Key words that tell the three tables apart, and whose they are. "尚未" and "审结"
/// count together (Word wraps "尚未\n审结").
const CLASSIFY_KEYWORDS: [(&str, Cue); 16] = [
    ("本年新收", Cue::T3),
    ("上年结转", Cue::T3),
    ("予以公开", Cue::T3),
    ("勾稽关系", Cue::T3),
    ("复议后起诉", Cue::T4),
    ("直接起诉", Cue::T4),
    ("尚未", Cue::Pending),
    ("审结", Cue::Concluded),
    ("第二十条", Cue::T2),
    ("信息内容", Cue::T2),
    ("制发件数", Cue::T2),
    ("处理决定数量", Cue::T2),
    ("收费金额", Cue::T2),
    ("行政许可", Cue::T2),
    ("行政处罚", Cue::T2),
    ("规章", Cue::T2),
];

#[derive(Clone, Copy)]
enum Cue {
    T2,
    T3,
    T4,
    Pending,
    Concluded,
}

// Cue bits: which table a classifying key word names.
const CUE_T2: u8 = 1;
const CUE_T3: u8 = 2;
const CUE_T4: u8 = 4;
const CUE_PENDING: u8 = 8;
const CUE_CONCLUDED: u8 = 16;

/// No key word of a list (list positions are below it).
const NONE: u8 = u8::MAX;

/// What one scan of a text found: the cue bits of [`CLASSIFY_KEYWORDS`], the first
/// (highest-priority) word of [`T2_HEADER_KEYWORDS`] and of [`T3_KEYWORDS`] found, the
/// [`T2_ROWS`] label the whole text is, and whether it names 第二十条第（九）项.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    cues: u8,
    t2_header: u8,
    t3: u8,
    t2_row: u8,
    nine: bool,
}

impl Found {
    const NOTHING: Found = Found {
        cues: 0,
        t2_header: NONE,
        t3: NONE,
        t2_row: NONE,
        nine: false,
    };
}

/// The one matcher for every key word table typing looks for, with what each word is in
/// each list (as a [`Found`] of that word alone).
fn cell_matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut words: Vec<&'static str> = Vec::new();
        let mut roles: Vec<Found> = Vec::new();
        // The word's role, a new word (with none yet) at its first mention.
        fn role<'a>(
            words: &mut Vec<&'static str>,
            roles: &'a mut Vec<Found>,
            w: &'static str,
        ) -> &'a mut Found {
            let n = words.iter().position(|x| *x == w).unwrap_or_else(|| {
                words.push(w);
                roles.push(Found::NOTHING);
                words.len() - 1
            });
            &mut roles[n]
        }
        for (w, cue) in CLASSIFY_KEYWORDS {
            role(&mut words, &mut roles, w).cues |= match cue {
                Cue::T2 => CUE_T2,
                Cue::T3 => CUE_T3,
                Cue::T4 => CUE_T4,
                Cue::Pending => CUE_PENDING,
                Cue::Concluded => CUE_CONCLUDED,
            };
        }
        for (k, (w, _, _)) in T2_HEADER_KEYWORDS.iter().enumerate() {
            let r = role(&mut words, &mut roles, w);
            r.t2_header = r.t2_header.min(k as u8);
        }
        for (k, (w, _)) in T3_KEYWORDS.iter().enumerate() {
            let r = role(&mut words, &mut roles, w);
            r.t3 = r.t3.min(k as u8);
        }
        for (k, (w, _, _)) in T2_ROWS.iter().enumerate() {
            role(&mut words, &mut roles, w).t2_row = k as u8;
        }
        role(&mut words, &mut roles, ITEM_NINE).nine = true;
        (CjkKeywords::new(words), roles)
    })
}

/// The matcher and roles of [`cell_matcher`].
type Matcher = (CjkKeywords, Vec<Found>);

/// Every key word in `text`, in one pass, and whether the text holds padding.
fn scan((m, roles): &Matcher, text: &str) -> (Found, bool) {
    let (mut words, padding) = m.find(text);
    let mut f = Found::NOTHING;
    while words != 0 {
        let n = words.trailing_zeros() as usize;
        words &= words - 1;
        let r = &roles[n];
        f.cues |= r.cues;
        f.t2_header = f.t2_header.min(r.t2_header);
        f.t3 = f.t3.min(r.t3);
        f.nine |= r.nine;
        if r.t2_row != NONE && text == T2_ROWS[usize::from(r.t2_row)].0 {
            f.t2_row = r.t2_row;
        }
    }
    (f, padding)
}

/// What a cell names, found once for everything that reads it: the cues on its text as
/// written; table-二 headers and rows and table-三 labels on its text without padding
/// (as [`compact_cow`] gives it); 第二十条第（九）项 on [`compact`]. Cells with no
/// Chinese name nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CellKeys {
    cjk: bool,
    found: Found,
    /// What a table-三 label is without key words, for a cell with none.
    t3_rest: T3Rest,
}

impl CellKeys {
    const NOT_CJK: CellKeys = CellKeys {
        cjk: false,
        found: Found::NOTHING,
        t3_rest: T3Rest::NOTHING,
    };
}

/// What [`t3_label`] reads of a cell without table-三 key words, found with its keys
/// (once for each text, with the memo): on the text without padding (as
/// [`compact_cow`] gives it), whether it starts with "(七)", is "总计", or is "其他"
/// after a number ("3.其他"), and the number before "." "．" or "、" it starts with
/// (0 for none, 255 for one too large for a sub-item).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct T3Rest {
    seven: bool,
    total: bool,
    other: bool,
    number: u8,
}

impl T3Rest {
    const NOTHING: T3Rest = T3Rest {
        seven: false,
        total: false,
        other: false,
        number: 0,
    };

    /// Of the text `t` ([`compact_cow`]'s), whose keys are `found`.
    fn of(found: Found, t: &str) -> T3Rest {
        if found.t3 != NONE {
            return T3Rest::NOTHING;
        }
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let number = if digits > 0 && t[digits..].starts_with(['.', '．', '、']) {
            t[..digits].parse::<usize>().map_or(0, |n| n.min(255) as u8)
        } else {
            0
        };
        T3Rest {
            seven: t.starts_with("(七)"),
            total: t == "总计",
            other: t.trim_start_matches(|c: char| c.is_ascii_digit() || ".．、".contains(c))
                == "其他",
            number,
        }
    }
}

/// The keys of a cell.
#[cfg(test)]
fn cell_keys(text: &str) -> CellKeys {
    if !has_cjk(text) {
        return CellKeys::NOT_CJK;
    }
    cjk_cell_keys(cell_matcher(), text)
}

/// The keys of a cell with Chinese text, by the matcher `m` ([`cell_matcher`], fetched
/// once for all cells).
fn cjk_cell_keys(m: &Matcher, text: &str) -> CellKeys {
    let (raw, padding) = scan(m, text);
    if !padding {
        // Compacting changes nothing (most cells).
        return CellKeys {
            cjk: true,
            found: raw,
            t3_rest: T3Rest::of(raw, text),
        };
    }
    let compact = compact(text);
    let compact_found = scan(m, &compact).0;
    let copies = compact_cow_copies(text);
    let cow = if copies { compact_found } else { raw };
    let found = Found {
        cues: raw.cues,
        nine: compact_found.nine,
        ..cow
    };
    CellKeys {
        cjk: true,
        found,
        t3_rest: T3Rest::of(found, if copies { &compact } else { text }),
    }
}

/// The keys of Chinese cells met before, by their text, kept from document to document
/// on this thread: the template's labels recur in every report of a batch, and looking
/// one up costs a fifth of scanning it (scanning was a quarter of extraction). The
/// browser's build, which checks one report at a time and counts its code size, scans
/// every cell.
mod memo {
    #[cfg(target_arch = "wasm32")]
    use super::{cjk_cell_keys, CellKeys, Matcher};

    #[cfg(not(target_arch = "wasm32"))]
    pub(super) use native::KeysMemo;

    #[cfg(not(target_arch = "wasm32"))]
    mod native {
        use crate::extract::tables::{cjk_cell_keys, CellKeys, Matcher};
        use std::cell::RefCell;
        use std::collections::HashMap;
        use std::hash::{BuildHasherDefault, Hasher};

        /// Texts longer than this are not kept (labels are shorter).
        const MAX_LEN: usize = 128;
        /// The table is emptied when it holds this many texts: a bound on its memory
        /// (about 1 MB at most) whatever a batch holds.
        const MAX_ENTRIES: usize = 4096;

        type Map = HashMap<Box<str>, CellKeys, BuildHasherDefault<WordHasher>>;

        thread_local! {
            static MEMO: RefCell<Map> = RefCell::default();
        }

        /// The thread's table, taken for the cells of one document.
        pub(in crate::extract::tables) struct KeysMemo(Map);

        impl KeysMemo {
            pub fn take() -> KeysMemo {
                KeysMemo(MEMO.with(|m| std::mem::take(&mut *m.borrow_mut())))
            }

            /// [`cjk_cell_keys`] of `text`, from the table when it is there.
            #[inline]
            pub fn keys(&mut self, m: &Matcher, text: &str) -> CellKeys {
                if let Some(k) = self.0.get(text) {
                    return *k;
                }
                let k = cjk_cell_keys(m, text);
                if text.len() <= MAX_LEN {
                    if self.0.len() >= MAX_ENTRIES {
                        self.0.clear();
                    }
                    self.0.insert(text.into(), k);
                }
                k
            }

            pub fn put_back(self) {
                MEMO.with(|m| *m.borrow_mut() = self.0);
            }
        }

        /// A hash of a few words' work for short texts (the default hasher's rounds cost
        /// more than the lookup saves): each eight bytes mixed in by a rotate, an xor and
        /// a multiplication (FxHash's step).
        #[derive(Default)]
        pub(super) struct WordHasher(u64);

        impl WordHasher {
            #[inline]
            fn add(&mut self, word: u64) {
                self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
        }

        impl Hasher for WordHasher {
            /// Eight bytes at a time; the last few by a read of the last eight (or four)
            /// bytes over those already taken, rather than byte by byte.
            #[inline]
            fn write(&mut self, bytes: &[u8]) {
                let n = bytes.len();
                let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
                let half = |at: usize| {
                    u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4")))
                };
                if n >= 8 {
                    let mut at = 0;
                    while at + 8 <= n {
                        self.add(word(at));
                        at += 8;
                    }
                    if at < n {
                        self.add(word(n - 8));
                    }
                } else if n >= 4 {
                    self.add(half(0) << 32 | half(n - 4));
                } else if n > 0 {
                    self.add(
                        u64::from(bytes[0])
                            | u64::from(bytes[n / 2]) << 8
                            | u64::from(bytes[n - 1]) << 16,
                    );
                }
            }

            #[inline]
            fn write_u8(&mut self, b: u8) {
                self.add(u64::from(b));
            }

            fn finish(&self) -> u64 {
                self.0
            }
        }
    }

    /// No table: every cell is scanned.
    #[cfg(target_arch = "wasm32")]
    pub(super) struct KeysMemo;

    #[cfg(target_arch = "wasm32")]
    impl KeysMemo {
        pub fn take() -> KeysMemo {
            KeysMemo
        }

        #[inline]
        pub fn keys(&mut self, m: &Matcher, text: &str) -> CellKeys {
            cjk_cell_keys(m, text)
        }

        pub fn put_back(self) {}
    }
}

/// Which of the three tables a document table is, from its content: the table with
/// the most cells naming it (a cell counts once for each table it names). Counted as
/// the cells' keys are found.
#[derive(Default)]
struct Votes {
    t2: usize,
    t3: usize,
    t4: usize,
}

impl Votes {
    /// Counts a cell whose key words have the cue bits `cues`.
    #[inline]
    fn add(&mut self, cues: u8) {
        self.t2 += usize::from(cues & CUE_T2 != 0);
        self.t3 += usize::from(cues & CUE_T3 != 0);
        self.t4 += usize::from(
            cues & CUE_T4 != 0
                || cues & (CUE_PENDING | CUE_CONCLUDED) == CUE_PENDING | CUE_CONCLUDED,
        );
    }

    fn kind(&self) -> Option<TableKind> {
        let best = self.t2.max(self.t3).max(self.t4);
        if best == 0 {
            None
        } else if best == self.t3 {
            Some(TableKind::T3)
        } else if best == self.t4 {
            Some(TableKind::T4)
        } else {
            Some(TableKind::T2)
        }
    }
}

/// A lone small number in a row of its own: a page number Word copied between rows.
fn is_page_number_row(row: &Row) -> bool {
    if row.cells.len() > 2 {
        return false;
    }
    let mut non_empty = row.cells.iter().filter(|c| !c.text.is_empty());
    match (non_empty.next(), non_empty.next()) {
        (Some(c), None) => c.text.len() <= 3 && c.text.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

pub fn extract_tables(doc: &Document, r: &mut Report, findings: &mut Vec<Finding>) {
    // Each row with where its cells' keys start in `keys`.
    let mut rows: [Vec<(&Row, usize)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut spans: [Option<Span>; 3] = [None, None, None];
    let mut keys: Vec<CellKeys> = Vec::new();
    let matcher = cell_matcher();
    let mut memo = memo::KeysMemo::take();
    for (bi, b) in doc.blocks.iter().enumerate() {
        let Block::Table(t) = b else { continue };
        let first_key = keys.len();
        // Every cell's keys, none but for the Chinese cells (most cells are numbers: no
        // call for them, and no vote; a Chinese character is three bytes).
        keys.resize(
            first_key + t.rows.iter().map(|r| r.cells.len()).sum::<usize>(),
            CellKeys::NOT_CJK,
        );
        let mut votes = Votes::default();
        let mut at = first_key;
        for row in &t.rows {
            let row_keys = &mut keys[at..at + row.cells.len()];
            at += row.cells.len();
            for (k, c) in row_keys.iter_mut().zip(&row.cells) {
                let text = c.text.as_str();
                if text.len() >= 3 && has_cjk(text) {
                    *k = memo.keys(matcher, text);
                    votes.add(k.found.cues);
                }
            }
        }
        // By content first; a table with no telling words (a lone header or data row
        // split off by a one-cell caption line) belongs to the section it stands in.
        let by_section = || {
            let s = r.sections.iter().rev().find(|s| s.block < bi)?;
            match s.number {
                2 => Some(TableKind::T2),
                3 => Some(TableKind::T3),
                4 => Some(TableKind::T4),
                _ => None,
            }
        };
        let Some(kind) = votes.kind().or_else(by_section) else {
            continue;
        };
        let i = kind as usize;
        rows[i].reserve(t.rows.len());
        let mut at = first_key;
        for row in &t.rows {
            let row_keys = at;
            at += row.cells.len();
            if is_page_number_row(row) {
                findings.push(
                    Finding::new("CNT-ARTIFACT")
                        .arg("what", "表格中的页码")
                        .arg(
                            "found",
                            row.cells
                                .iter()
                                .map(|c| c.text.as_str())
                                .collect::<String>(),
                        )
                        .span(row.span),
                );
                continue;
            }
            rows[i].push((row, row_keys));
        }
        spans[i] = Some(spans[i].map_or(t.span, |s| s.cover(t.span)));
    }
    memo.put_back();
    if !rows[0].is_empty() {
        let t2 = extract_t2(&rows[0], &keys, spans[0].unwrap_or_default(), findings);
        r.t2 = Some(t2);
    }
    if !rows[1].is_empty() {
        let t3 = extract_t3(&rows[1], &keys, spans[1].unwrap_or_default(), findings);
        r.t3 = Some(t3);
    }
    if !rows[2].is_empty() {
        let rows: Vec<&Row> = rows[2].iter().map(|r| r.0).collect();
        r.t4 = Some(extract_t4(&rows, spans[2].unwrap_or_default(), findings));
    }
}

/// TBL-UNDELIMITED for a row whose numbers ran together with no unique split.
fn undelimited(
    table: &'static str,
    row_key: &str,
    row_label: &str,
    cells: &[Cell],
    n: usize,
) -> Option<Finding> {
    let c = cells.iter().find(|c| c.undelimited)?;
    let found = c.text.clone();
    Some(
        Finding::new("TBL-UNDELIMITED")
            .arg("table", table_name_zh(table))
            .arg("row", row_label)
            .arg("found", found)
            .arg("expected", n)
            .table(table)
            .row(row_key)
            .span(c.span),
    )
}

fn data_cell(c: &Cell) -> DataCell {
    DataCell {
        raw: c.text.clone(),
        num: parse_cell(&c.text),
        span: c.span,
    }
}

/// The layout the markers show. The structure decides (columns, rows only one template
/// has, 其他处理 as one row or three); a row label's wording alone (规范性文件 under 2021
/// columns) is a wording slip, not a second template, and decides only when the table
/// shows nothing else.
fn layout_of(markers: &[Marker]) -> Option<Template> {
    let structural = markers.iter().any(Marker::is_structural);
    let counted = || {
        markers
            .iter()
            .filter(move |m| !structural || m.is_structural())
    };
    let old = counted().any(|m| m.template == Template::Y2019);
    let new = counted().any(|m| m.template == Template::Y2021);
    match (old, new) {
        (true, true) => Some(Template::Mixed),
        (true, false) => Some(Template::Y2019),
        (false, true) => Some(Template::Y2021),
        (false, false) => None,
    }
}

/// Takes the data cells after a row's label: exactly `n` of them, reporting a shape
/// problem when there are fewer, or more that are not empty.
fn take_values(
    table: &'static str,
    row_key: &str,
    row_label: &str,
    row: &Row,
    cells: &[Cell],
    n: usize,
    findings: &mut Vec<Finding>,
) -> (Vec<Option<DataCell>>, bool) {
    // Cells run together are rare: looked for here before the call that reports them.
    if let Some(f) = cells
        .iter()
        .any(|c| c.undelimited)
        .then(|| undelimited(table, row_key, row_label, cells, n))
        .flatten()
    {
        findings.push(f);
        let values = (0..n)
            .map(|i| cells.get(i).filter(|c| !c.undelimited).map(data_cell))
            .collect();
        return (values, false);
    }
    let extra_non_empty = cells.len() > n && cells[n..].iter().any(|c| !c.text.is_empty());
    let complete = !(cells.len() < n || extra_non_empty);
    if !complete {
        findings.push(
            Finding::new("TBL-SHAPE")
                .variant("cells")
                .arg("table", table_name_zh(table))
                .arg("row", row_label)
                .arg("expected", n)
                .arg("found", cells.len())
                .table(table)
                .row(row_key)
                .evidence(n as i64, cells.len() as i64)
                .span(row.span),
        );
    }
    (
        (0..n).map(|i| cells.get(i).map(data_cell)).collect(),
        complete,
    )
}

/// TBL-SHAPE for the rows of `expected` that are not `present`.
fn missing_rows(
    table: &'static str,
    expected: &[&'static str],
    present: impl Fn(&str) -> bool,
    t: &TypedTable,
    findings: &mut Vec<Finding>,
) {
    let missing: Vec<&str> = expected.iter().copied().filter(|k| !present(k)).collect();
    report_missing(table, missing, t, findings);
}

/// TBL-SHAPE for the `missing` rows (in template order), if any.
fn report_missing(
    table: &'static str,
    missing: Vec<&str>,
    t: &TypedTable,
    findings: &mut Vec<Finding>,
) {
    if missing.is_empty() {
        return;
    }
    let labels: Vec<String> = missing
        .iter()
        .map(|k| crate::model::row_label(table, k).to_string())
        .collect();
    findings.push(
        Finding::new("TBL-SHAPE")
            .variant("row-missing")
            .arg("table", table_name_zh(table))
            .arg("row", labels.join("”“"))
            .table(table)
            .row(missing[0])
            .span(Span::new(t.span.start, t.span.start)),
    );
}

// ---- Table 二 ------------------------------------------------------------------------

/// Table-二 header key words, highest priority first, with the column each names and
/// the template that has it. By key words rather than exact strings: headers are
/// wrapped, padded and now and then reworded ("本年制发数量").
const T2_HEADER_KEYWORDS: [(&str, &str, Option<Template>); 14] = [
    ("制发", "issued", Some(Template::Y2021)),
    ("废止", "repealed", Some(Template::Y2021)),
    ("现行有效", "in_force", Some(Template::Y2021)),
    ("收费金额", "amount_wan_yuan", Some(Template::Y2021)),
    // The template of 处理决定 depends on the words before it (see t2_header).
    ("处理决定", "decisions", None),
    ("新制作", "new_made", Some(Template::Y2019)),
    ("新公开", "new_published", Some(Template::Y2019)),
    ("对外公开总", "total_published", Some(Template::Y2019)),
    ("上一年项目", "previous", Some(Template::Y2019)),
    ("增/减", "change", Some(Template::Y2019)),
    ("增／减", "change", Some(Template::Y2019)),
    ("增减", "change", Some(Template::Y2019)),
    ("采购项目", "projects", Some(Template::Y2019)),
    ("采购总金额", "amount", Some(Template::Y2019)),
];

/// Maps a table-二 header cell (its text and keys) to its column key, with the template
/// it belongs to (`None` when both templates use it).
fn t2_header(text: &str, keys: CellKeys) -> Option<(&'static str, Option<Template>)> {
    // One pass over the cell found every key word; the highest-priority one wins.
    if !keys.cjk || keys.found.t2_header == NONE {
        return None;
    }
    let (_, key, template) = T2_HEADER_KEYWORDS[usize::from(keys.found.t2_header)];
    Some(if key == "decisions" {
        // 2021: 本年处理决定数量; 2019: 处理决定数量 beside 上一年项目数量.
        (
            key,
            if compact_cow(text).starts_with("本年") {
                Some(Template::Y2021)
            } else {
                Some(Template::Y2019)
            },
        )
    } else {
        (key, template)
    })
}

pub(crate) fn t2_marker_text(key: &str) -> &'static str {
    match key {
        "issued" => "本年制发件数",
        "repealed" => "本年废止件数",
        "in_force" => "现行有效件数",
        "decisions" => "本年处理决定数量",
        "new_made" => "本年新制作数量",
        "new_published" => "本年新公开数量",
        "total_published" => "对外公开总数量",
        "previous" => "上一年项目数量",
        "change" => "本年增/减",
        "projects" => "采购项目数量",
        "amount" => "采购总金额",
        "amount_wan_yuan" => "本年收费金额（单位：万元）",
        _ => "",
    }
}

/// Table-二 row labels (a cell's whole text without padding), with the row key and the
/// template that has the label.
const T2_ROWS: [(&str, &str, Option<Template>); 9] = [
    ("规章", "rules", None),
    (
        "行政规范性文件",
        "normative_documents",
        Some(Template::Y2021),
    ),
    ("规范性文件", "normative_documents", Some(Template::Y2019)),
    ("行政许可", "licensing", None),
    (
        "其他对外管理服务事项",
        "other_services",
        Some(Template::Y2019),
    ),
    ("行政处罚", "penalty", None),
    ("行政强制", "coercion", None),
    ("行政事业性收费", "fees", None),
    ("政府集中采购", "procurement", Some(Template::Y2019)),
];

/// The marker of the 2019 template's 第二十条第（九）项 block (政府集中采购).
const ITEM_NINE: &str = "第二十条第（九）项";

/// Maps a table-二 row label (a cell's keys) to its key, with the template it belongs to.
fn t2_row(keys: CellKeys) -> Option<(&'static str, Option<Template>)> {
    if !keys.cjk || keys.found.t2_row == NONE {
        return None;
    }
    let (_, key, template) = T2_ROWS[usize::from(keys.found.t2_row)];
    Some((key, template))
}

fn extract_t2(
    rows: &[(&Row, usize)],
    keys: &[CellKeys],
    span: Span,
    findings: &mut Vec<Finding>,
) -> TypedTable {
    let mut t = TypedTable {
        key: "t2",
        layout: None,
        markers: Vec::new(),
        rows: Vec::with_capacity(rows.len()),
        span,
    };
    // Header columns of the block being read (each 第二十条 block has its own header).
    let mut header: Vec<&'static str> = Vec::new();
    let mut pending: Vec<(&Row, usize, &'static str)> = Vec::with_capacity(rows.len());
    for &(row, first_key) in rows {
        let row_keys = &keys[first_key..first_key + row.cells.len()];
        let headers: Vec<(&'static str, Option<Template>, Span)> = row
            .cells
            .iter()
            .zip(row_keys)
            .filter_map(|(c, k)| t2_header(&c.text, *k).map(|(k, tpl)| (k, tpl, c.span)))
            .collect();
        if !headers.is_empty() {
            header = headers.iter().map(|h| h.0).collect();
            for (k, tpl, sp) in headers {
                if let Some(tpl) = tpl {
                    t.markers.push(Marker {
                        template: tpl,
                        text: if k == "decisions" && tpl == Template::Y2019 {
                            "处理决定数量"
                        } else {
                            t2_marker_text(k)
                        },
                        span: sp,
                        other_name: None,
                    });
                }
            }
            continue;
        }
        if let Some((c, _)) = row.cells.iter().zip(row_keys).find(|(_, k)| k.found.nine) {
            t.markers.push(Marker {
                template: Template::Y2019,
                text: ITEM_NINE,
                span: c.span,
                other_name: None,
            });
            continue;
        }
        let Some((li, (key, tpl))) = row_keys
            .iter()
            .enumerate()
            .find_map(|(i, k)| t2_row(*k).map(|k| (i, k)))
        else {
            continue;
        };
        if let Some(tpl) = tpl {
            t.markers.push(Marker {
                template: tpl,
                text: match key {
                    "normative_documents" if tpl == Template::Y2019 => "规范性文件",
                    "normative_documents" => "行政规范性文件",
                    "other_services" => "其他对外管理服务事项",
                    _ => "政府集中采购",
                },
                span: row.cells[li].span,
                other_name: match key {
                    "normative_documents" if tpl == Template::Y2019 => Some("行政规范性文件"),
                    "normative_documents" => Some("规范性文件"),
                    _ => None,
                },
            });
        }
        if t.rows.iter().any(|r| r.key == key) {
            findings.push(
                Finding::new("TBL-SHAPE")
                    .variant("extra-row")
                    .arg("table", table_name_zh("t2"))
                    .arg("row", &row.cells[li].text)
                    .table("t2")
                    .row(key)
                    .span(row.span),
            );
            continue;
        }
        // Columns come after the layout is known; remember the row for now.
        let cols_from_header = header_fits(key, &header);
        pending.push((row, li, cols_from_header.unwrap_or("")));
        let _ = cols_from_header;
        t.rows.push(DataRow {
            key,
            label: row.cells[li].text.clone(),
            label_span: row.cells[li].span,
            span: row.span,
            columns: &[],
            cells: Vec::new(),
            complete: true,
        });
    }
    t.layout = layout_of(&t.markers);
    let default_layout = match t.layout {
        Some(Template::Y2019) => Template::Y2019,
        _ => Template::Y2021,
    };
    for (data, (row, li, from_header)) in t.rows.iter_mut().zip(pending) {
        let columns: &'static [&'static str] = match from_header {
            "2019" => t2_columns_2019(data.key),
            "2021" => t2_columns_2021(data.key),
            _ if data.key == "other_services" || data.key == "procurement" => {
                t2_columns_2019(data.key)
            }
            _ if default_layout == Template::Y2019 => t2_columns_2019(data.key),
            _ => t2_columns_2021(data.key),
        };
        data.columns = columns;
        let label = data.label.clone();
        (data.cells, data.complete) = take_values(
            "t2",
            data.key,
            &label,
            row,
            &row.cells[li + 1..],
            columns.len(),
            findings,
        );
    }
    let expected: &[&'static str] = match t.layout {
        Some(Template::Y2019) => &[
            "rules",
            "normative_documents",
            "licensing",
            "other_services",
            "penalty",
            "coercion",
            "fees",
            "procurement",
        ],
        _ => &[
            "rules",
            "normative_documents",
            "licensing",
            "penalty",
            "coercion",
            "fees",
        ],
    };
    if t.layout != Some(Template::Mixed) {
        missing_rows("t2", expected, |k| t.row(k).is_some(), &t, findings);
    }
    t
}

/// Which template's columns the block header gives a row, when it matches one exactly.
fn header_fits(key: &str, header: &[&'static str]) -> Option<&'static str> {
    if !header.is_empty() && header == t2_columns_2021(key) {
        Some("2021")
    } else if !header.is_empty() && header == t2_columns_2019(key) {
        Some("2019")
    } else {
        None
    }
}

// ---- Table 三 ------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum T3Label {
    /// A data row.
    Row(&'static str),
    /// A group heading: 3 (本年度办理结果), 3.3 … 3.6.
    Group(&'static str),
}

/// Table-三 label key words, highest priority first (a sub-item's words beat its
/// group's, 结转下年度 beats 上年结转 …), and what each names.
const T3_KEYWORDS: [(&str, T3Label); 35] = [
    ("国家秘密", T3Label::Row("3.3.1")),
    ("法律行政法规禁止", T3Label::Row("3.3.2")),
    ("三安全一稳定", T3Label::Row("3.3.3")),
    ("第三方合法权益", T3Label::Row("3.3.4")),
    ("三类内部事务", T3Label::Row("3.3.5")),
    ("四类过程性", T3Label::Row("3.3.6")),
    ("行政执法案卷", T3Label::Row("3.3.7")),
    ("行政查询事项", T3Label::Row("3.3.8")),
    ("不掌握相关政府信息", T3Label::Row("3.4.1")),
    ("另行制作", T3Label::Row("3.4.2")),
    ("仍不明确", T3Label::Row("3.4.3")),
    ("信访举报投诉", T3Label::Row("3.5.1")),
    ("重复申请", T3Label::Row("3.5.2")),
    ("公开出版物", T3Label::Row("3.5.3")),
    ("大量反复申请", T3Label::Row("3.5.4")),
    ("确认或重新出具", T3Label::Row("3.5.5")),
    ("逾期不补正", T3Label::Row("3.6.1")),
    ("收费通知", T3Label::Row("3.6.2")),
    ("缴纳费用", T3Label::Row("3.6.2")),
    ("本年新收", T3Label::Row("1")),
    ("本年度新收", T3Label::Row("1")),
    ("结转下年度", T3Label::Row("4")),
    ("结转下一年度", T3Label::Row("4")),
    ("结转至下年度", T3Label::Row("4")),
    ("继续办理", T3Label::Row("4")),
    ("上年结转", T3Label::Row("2")),
    ("上年度结转", T3Label::Row("2")),
    ("办理结果", T3Label::Group("3")),
    ("不予公开", T3Label::Group("3.3")),
    ("无法提供", T3Label::Group("3.4")),
    ("不予处理", T3Label::Group("3.5")),
    ("其他处理", T3Label::Group("3.6")),
    ("部分公开", T3Label::Row("3.2")),
    ("予以公开", T3Label::Row("3.1")),
    ("（七）", T3Label::Row("3.7")),
];

/// What a table-三 cell (its keys) labels, under the group `group`.
fn t3_label(keys: CellKeys, group: Option<&'static str>) -> Option<T3Label> {
    if !keys.cjk {
        return None;
    }
    // One pass over the cell found every key word; the highest-priority one wins.
    if keys.found.t3 != NONE {
        return Some(T3_KEYWORDS[usize::from(keys.found.t3)].1);
    }
    let rest = keys.t3_rest;
    if rest.seven || (rest.total && group.is_some()) {
        return Some(T3Label::Row("3.7"));
    }
    // "3.其他" under （六）.
    if group == Some("3.6") && rest.other {
        return Some(T3Label::Row("3.6.3"));
    }
    // A sub-item whose wording strays ("5.属于三类内容事务信息", "4.无正当理由大量、反复
    // 申请"): its number within the group says which it is.
    let group = group?;
    let items = T3_SUB_ITEMS.iter().find(|(g, _)| *g == group)?.1;
    let item = items.get(usize::from(rest.number).checked_sub(1)?)?;
    Some(T3Label::Row(item))
}

/// The sub-items of each table-三 group, by their number.
const T3_SUB_ITEMS: [(&str, &[&str]); 4] = [
    (
        "3.3",
        &[
            "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.3.7", "3.3.8",
        ],
    ),
    ("3.4", &["3.4.1", "3.4.2", "3.4.3"]),
    ("3.5", &["3.5.1", "3.5.2", "3.5.3", "3.5.4", "3.5.5"]),
    ("3.6", &["3.6.1", "3.6.2", "3.6.3"]),
];

fn extract_t3(
    rows: &[(&Row, usize)],
    keys: &[CellKeys],
    span: Span,
    findings: &mut Vec<Finding>,
) -> TypedTable {
    let mut t = TypedTable {
        key: "t3",
        layout: None,
        markers: Vec::new(),
        // A row of the table each, but its header rows.
        rows: Vec::with_capacity(rows.len()),
        span,
    };
    let columns: &'static [&'static str] = &[
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ];
    debug_assert_eq!(columns.len(), T3_COLUMNS.len());
    let mut group: Option<&'static str> = None;
    let mut seen_data = false;
    // The rows read so far, as bits by `t3_index`, and each row's place in template
    // order: found once per row rather than by comparing keys with every row read.
    let mut present: u32 = 0;
    let mut places: Vec<usize> = Vec::with_capacity(rows.len());
    for &(row, first_key) in rows {
        let row_keys = &keys[first_key..first_key + row.cells.len()];
        // The label cell is the last cell naming a row or group; cells before it may
        // name the group (merged cells appear once, in the group's first row).
        let mut label: Option<(usize, T3Label)> = None;
        for (i, k) in row_keys.iter().enumerate() {
            if let Some(l) = t3_label(*k, group) {
                if let T3Label::Group(g) = l {
                    group = Some(g);
                }
                label = Some((i, l));
            }
        }
        let Some((li, l)) = label else {
            // Header rows hold no numbers; a row of numbers without a label is extra.
            let numbers = row
                .cells
                .iter()
                .filter(|c| matches!(parse_cell(&c.text), CellNumber::Number(_)))
                .count();
            if seen_data && numbers >= 3 {
                findings.push(
                    Finding::new("TBL-SHAPE")
                        .variant("extra-row")
                        .arg("table", table_name_zh("t3"))
                        .arg(
                            "row",
                            crate::text_util::quote(
                                &row.cells
                                    .iter()
                                    .map(|c| c.text.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" "),
                                20,
                            ),
                        )
                        .table("t3")
                        .span(row.span),
                );
            }
            continue;
        };
        let rest = &row.cells[li + 1..];
        let key = match l {
            T3Label::Row(k) => k,
            // 2019: （六）其他处理 is itself a data row.
            T3Label::Group("3.6") if !rest.is_empty() => "3.6",
            T3Label::Group(_) => {
                if rest
                    .iter()
                    .any(|c| matches!(parse_cell(&c.text), CellNumber::Number(_)))
                {
                    findings.push(
                        Finding::new("TBL-SHAPE")
                            .variant("extra-row")
                            .arg("table", table_name_zh("t3"))
                            .arg("row", &row.cells[li].text)
                            .table("t3")
                            .span(row.span),
                    );
                }
                continue;
            }
        };
        if key.starts_with("3.6.") {
            t.markers.push(Marker {
                template: Template::Y2021,
                text: "（六）其他处理 1.… 2.… 3.其他",
                span: row.cells[li].span,
                other_name: None,
            });
        } else if key == "3.6" {
            t.markers.push(Marker {
                template: Template::Y2019,
                text: "（六）其他处理（单行）",
                span: row.cells[li].span,
                other_name: None,
            });
        }
        let index = t3_index(key);
        if key == "1" || key == "2" || key == "4" {
            group = None;
        } else if let Some(g) = index.and_then(t3_group) {
            // A sub-item implies its group, where the group's own label is not in a cell
            // of its own (text read by the template, where it may stand anywhere).
            group = Some(g);
        }
        seen_data = true;
        let label_text = match index {
            Some(i) if i < T3_ROWS_2021.len() => T3_ROWS_2021[i].1,
            _ => crate::model::t3_row_label(key),
        };
        let duplicate = match index {
            Some(i) => present & (1 << i) != 0,
            None => t.rows.iter().any(|r| r.key == key),
        };
        if duplicate {
            findings.push(
                Finding::new("TBL-SHAPE")
                    .variant("extra-row")
                    .arg("table", table_name_zh("t3"))
                    .arg("row", format!("{}（重复）", compact(&row.cells[li].text)))
                    .table("t3")
                    .row(key)
                    .span(row.span),
            );
            continue;
        }
        let (cells, complete) = take_values("t3", key, label_text, row, rest, 7, findings);
        if let Some(i) = index {
            present |= 1 << i;
        }
        // The 2019 template's single （六） stands where 2021 has its first sub-item.
        places.push(if key == "3.6" {
            T3_OTHER_FIRST
        } else {
            index.unwrap_or(usize::MAX)
        });
        t.rows.push(DataRow {
            key,
            label: row.cells[li].text.clone(),
            label_span: row.cells[li].span,
            span: row.span,
            columns,
            cells,
            complete,
        });
    }
    t.layout = layout_of(&t.markers);
    // Rows in template order, whatever order they were written in (most are in it).
    if !places.is_sorted() {
        let mut placed: Vec<(usize, DataRow)> = places
            .into_iter()
            .zip(std::mem::take(&mut t.rows))
            .collect();
        crate::sort::by_key(&mut placed, |r| r.0);
        t.rows = placed.into_iter().map(|r| r.1).collect();
    }
    let missing: Vec<&'static str> = t3_expected(t.layout)
        .filter(|&(_, i)| present & (1 << i) == 0)
        .map(|(k, _)| k)
        .collect();
    report_missing("t3", missing, &t, findings);
    t
}

/// The rows a table 三 of `layout` must have, each with its bit ([`t3_index`]): the 2021
/// template's, or the 2019 template's single （六） where 2021 has three; in a mixed
/// table both forms of （六） are present, and only the rest are judged.
fn t3_expected(layout: Option<Template>) -> impl Iterator<Item = (&'static str, usize)> {
    let y2019 = layout == Some(Template::Y2019);
    let mixed = layout == Some(Template::Mixed);
    T3_ROWS_2021
        .iter()
        .enumerate()
        .filter_map(move |(i, &(k, _))| match i {
            T3_OTHER_FIRST..=T3_OTHER_LAST if mixed => None,
            T3_OTHER_FIRST if y2019 => Some(("3.6", T3_ROWS_2021.len())),
            T3_OTHER_FIRST..=T3_OTHER_LAST if y2019 => None,
            _ => Some((k, i)),
        })
}

/// The places of 3.6.1 and 3.6.3 (the 2021 template's （六）) in [`T3_ROWS_2021`].
const T3_OTHER_FIRST: usize = 20;
const T3_OTHER_LAST: usize = 22;

/// A table-三 row key's bit in a set of rows: its place in the 2021 template's order
/// ([`T3_ROWS_2021`]), and the one after them for the 2019 template's single （六）
/// (`None` for no key of either). Read from the key's bytes: this runs for every row,
/// where a search of the template's keys cost a few hundred instructions.
fn t3_index(key: &str) -> Option<usize> {
    match *key.as_bytes() {
        [b'1'] => Some(0),
        [b'2'] => Some(1),
        [b'4'] => Some(24),
        [b'3', b'.', b'1'] => Some(2),
        [b'3', b'.', b'2'] => Some(3),
        [b'3', b'.', b'7'] => Some(23),
        [b'3', b'.', b'6'] => Some(T3_ROWS_2021.len()),
        [b'3', b'.', group, b'.', item] => {
            // The first place of the group's sub-items, and how many it has.
            let (first, count) = match group {
                b'3' => (4, 8),
                b'4' => (12, 3),
                b'5' => (15, 5),
                b'6' => (T3_OTHER_FIRST, 3),
                _ => return None,
            };
            let n = usize::from(item.wrapping_sub(b'1'));
            (n < count).then_some(first + n)
        }
        _ => None,
    }
}

/// The group ([`T3_SUB_ITEMS`]) of the sub-item at place `index` of [`T3_ROWS_2021`].
fn t3_group(index: usize) -> Option<&'static str> {
    match index {
        4..=11 => Some("3.3"),
        12..=14 => Some("3.4"),
        15..=19 => Some("3.5"),
        T3_OTHER_FIRST..=T3_OTHER_LAST => Some("3.6"),
        _ => None,
    }
}

// ---- Table 四 ------------------------------------------------------------------------

fn extract_t4(rows: &[&Row], span: Span, findings: &mut Vec<Finding>) -> TypedTable {
    let columns: &'static [&'static str] = &["upheld", "corrected", "other", "pending", "total"];
    debug_assert_eq!(columns.len(), T4_COLUMNS.len());
    let mut t = TypedTable {
        key: "t4",
        layout: None,
        markers: Vec::new(),
        rows: Vec::with_capacity(T4_GROUPS.len()),
        span,
    };
    // The data row: the row with the longest trailing run of numeric-looking cells
    // (numbers, blanks, placeholders), at least five of them, after the header rows.
    let mut best: Option<(&Row, usize, usize)> = None; // (row, start of run, numbers)
    for row in rows {
        let mut start = row.cells.len();
        let mut numbers = 0;
        while start > 0 {
            match parse_cell(&row.cells[start - 1].text) {
                CellNumber::NotNumber => break,
                CellNumber::Number(_) => numbers += 1,
                _ => {}
            }
            start -= 1;
        }
        let run = &row.cells[start..];
        if run.len() < 5 {
            continue;
        }
        // A run that is all blank is a header's empty row unless nothing better exists.
        let better = match best {
            None => true,
            Some((_, _, n)) => numbers > n,
        };
        if better {
            best = Some((row, start, numbers));
        }
    }
    let Some((row, start, _)) = best else {
        findings.push(
            Finding::new("TBL-SHAPE")
                .arg("table", table_name_zh("t4"))
                .arg(
                    "detail",
                    "找不到数据行（应有15个数字：行政复议、未经复议直接起诉、复议后起诉各5个）",
                )
                .table("t4")
                .span(Span::new(span.start, span.start)),
        );
        return t;
    };
    let cells = &row.cells[start..];
    if cells.len() != 15 {
        findings.push(
            Finding::new("TBL-SHAPE")
                .arg("table", table_name_zh("t4"))
                .arg(
                    "detail",
                    format!(
                        "数据行应有15个数字（行政复议、未经复议直接起诉、复议后起诉各5个），实际为{}个。",
                        cells.len()
                    ),
                )
                .table("t4")
                .evidence(15i64, cells.len() as i64)
                .span(row.span),
        );
    }
    // Numbers run together with no unique split: the row's values are unknown.
    let unknown = undelimited("t4", T4_GROUPS[0].0, "数据行", cells, 15);
    let known = unknown.is_none();
    findings.extend(unknown);
    for (g, (gkey, _)) in T4_GROUPS.iter().enumerate() {
        let group_cells: Vec<Option<DataCell>> = (0..5)
            .map(|i| {
                cells
                    .get(g * 5 + i)
                    .filter(|c| !c.undelimited)
                    .map(data_cell)
            })
            .collect();
        let present: Vec<&DataCell> = group_cells.iter().flatten().collect();
        let span = present
            .iter()
            .map(|c| c.span)
            .reduce(|a, b| a.cover(b))
            .unwrap_or(row.span);
        t.rows.push(DataRow {
            key: gkey,
            label: crate::model::row_label("t4", gkey).into(),
            label_span: span,
            span,
            columns,
            cells: group_cells,
            complete: known && cells.len() == 15,
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywords::Keywords;

    /// The lowest-numbered key word of `words` in `text`, as each list was searched
    /// before the one scan: with its own `Keywords`.
    fn first_word(words: &[&str], text: &str) -> u8 {
        let mut best = NONE;
        Keywords::new(words.iter().copied()).overlapping(text, |h| {
            best = best.min(h.word as u8);
        });
        best
    }

    /// What the one scan finds, against each list searched on its own on the text each
    /// reader used (the cues on the text as written, headers and labels on
    /// `compact_cow`, 第二十条第（九）项 on `compact`), on texts made of pieces of the key
    /// words, padding (U+FEFF alone too) and other text.
    /// `t3_index` from the key's bytes, against its search of the template's keys, on
    /// every key and on pieces of keys; the template's rows for each layout, against
    /// `t3_row_keys`.
    #[test]
    fn t3_index_matches_search() {
        let search = |key: &str| -> Option<usize> {
            if key == "3.6" {
                return Some(T3_ROWS_2021.len());
            }
            T3_ROWS_2021.iter().position(|(k, _)| *k == key)
        };
        let group_search = |key: &str| -> Option<&'static str> {
            T3_SUB_ITEMS
                .iter()
                .find(|(_, items)| items.contains(&key))
                .map(|(g, _)| *g)
        };
        let pieces = [
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ".", "3.", "a", "．",
        ];
        let mut keys: Vec<String> = T3_ROWS_2021.iter().map(|k| k.0.to_string()).collect();
        keys.extend(
            ["3.6", "3.3", "3.6.4", "3.3.9", "3.3.0", "", "3.3.1.", "13"].map(String::from),
        );
        let mut rng = crate::test_rng::Rng::new(11);
        for _ in 0..3000 {
            let n = rng.below(6) as usize;
            keys.push((0..n).map(|_| *rng.pick(&pieces)).collect());
        }
        for k in &keys {
            assert_eq!(t3_index(k), search(k), "{k:?}");
            assert_eq!(t3_index(k).and_then(t3_group), group_search(k), "{k:?}");
        }
        for layout in [
            None,
            Some(Template::Y2019),
            Some(Template::Y2021),
            Some(Template::Mixed),
        ] {
            // As the rows were listed before: the template's keys, less （六） when mixed.
            let listed: Vec<&str> = crate::model::t3_row_keys(match layout {
                Some(Template::Y2019) => Template::Y2019,
                _ => Template::Y2021,
            })
            .into_iter()
            .filter(|k| layout != Some(Template::Mixed) || !k.starts_with("3.6"))
            .collect();
            let expected: Vec<(&str, usize)> = t3_expected(layout).collect();
            let keys: Vec<&str> = expected.iter().map(|e| e.0).collect();
            assert_eq!(keys, listed);
            assert!(expected.iter().all(|&(k, i)| t3_index(k) == Some(i)));
        }
        assert_eq!(T3_ROWS_2021[T3_OTHER_FIRST].0, "3.6.1");
        assert_eq!(T3_ROWS_2021[T3_OTHER_LAST].0, "3.6.3");
    }

    /// Keys from the thread's table are the keys scanned, for texts met once and again,
    /// across documents (the table taken and put back), long texts (not kept) and more
    /// texts than the table keeps.
    #[test]
    fn memo_gives_scanned_keys() {
        let pieces = [
            "本年新收",
            "行政",
            "许可",
            "规章",
            "（七）",
            "总计",
            " ",
            "\u{3000}",
            "1.",
            "其他",
            "a",
            "第二十条第（九）项",
            "尚未",
            "审结",
            "不予公开",
            "3",
        ];
        let m = cell_matcher();
        let mut rng = crate::test_rng::Rng::new(13);
        for round in 0..40 {
            let mut memo = memo::KeysMemo::take();
            for _ in 0..300 {
                let n = 1 + rng.below(if round % 10 == 0 { 60 } else { 4 }) as usize;
                let text: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
                if !has_cjk(&text) {
                    continue;
                }
                assert_eq!(memo.keys(m, &text), cjk_cell_keys(m, &text), "{text:?}");
            }
            memo.put_back();
        }
    }

    /// `t3_label` as it read the cell's text each time (before the memo kept what it
    /// reads with the cell's keys).
    fn t3_label_of_text(text: &str, group: Option<&'static str>) -> Option<T3Label> {
        let keys = cell_keys(text);
        if !keys.cjk {
            return None;
        }
        if keys.found.t3 != NONE {
            return Some(T3_KEYWORDS[usize::from(keys.found.t3)].1);
        }
        let t = compact_cow(text);
        if t.starts_with("(七)") || (t == "总计" && group.is_some()) {
            return Some(T3Label::Row("3.7"));
        }
        if group == Some("3.6")
            && t.trim_start_matches(|c: char| c.is_ascii_digit() || ".．、".contains(c)) == "其他"
        {
            return Some(T3Label::Row("3.6.3"));
        }
        let label: &str = &t;
        let group = group?;
        let digits = label.len() - label.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &label[digits..];
        if digits == 0 || !rest.starts_with(['.', '．', '、']) {
            return None;
        }
        let n: usize = label[..digits].parse().ok()?;
        let items = T3_SUB_ITEMS.iter().find(|(g, _)| *g == group)?.1;
        items.get(n.checked_sub(1)?).copied().map(T3Label::Row)
    }

    /// Labels from the keys are the labels read from the text, under every group, on
    /// texts of numbers, marks, padding, key words and other words.
    #[test]
    fn t3_labels_from_keys_match_text() {
        let pieces = [
            "1",
            "3",
            "5",
            "9",
            "0",
            "12",
            "300",
            "99999999999999999999999",
            ".",
            "．",
            "、",
            "(七)",
            "（七）",
            "总计",
            "其他",
            "其",
            "他",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\n",
            "属于",
            "国家秘密",
            "不予公开",
            "本年新收",
            "a",
            "(",
            "七",
            ")",
        ];
        let groups = [
            None,
            Some("3"),
            Some("3.3"),
            Some("3.4"),
            Some("3.5"),
            Some("3.6"),
        ];
        let m = cell_matcher();
        let mut rng = crate::test_rng::Rng::new(37);
        let mut labelled = 0;
        for _ in 0..20000 {
            let n = 1 + rng.below(5) as usize;
            let text: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            let keys = if has_cjk(&text) {
                cjk_cell_keys(m, &text)
            } else {
                CellKeys::NOT_CJK
            };
            for g in groups {
                let expected = t3_label_of_text(&text, g);
                labelled += usize::from(expected.is_some());
                assert_eq!(t3_label(keys, g), expected, "{text:?} {g:?}");
            }
        }
        assert!(labelled > 1000, "{labelled}");
    }

    #[test]
    fn cell_keys_match_separate_searches() {
        let mut pieces: Vec<&str> = vec![
            " ", "\n", "\u{3000}", "\u{a0}", "\u{feff}", "\u{2002}", "、", "0", "1.", "（", "）",
            "其他", "总计", "a",
        ];
        let lists: Vec<&str> = CLASSIFY_KEYWORDS
            .iter()
            .map(|k| k.0)
            .chain(T2_HEADER_KEYWORDS.iter().map(|k| k.0))
            .chain(T3_KEYWORDS.iter().map(|k| k.0))
            .chain(T2_ROWS.iter().map(|k| k.0))
            .chain([ITEM_NINE])
            .collect();
        for w in &lists {
            // Whole words, and their first and last characters apart.
            pieces.push(w);
            let mid = w.char_indices().nth(1).map_or(w.len(), |(i, _)| i);
            pieces.push(&w[..mid]);
            pieces.push(&w[mid..]);
        }
        let classify_words: Vec<&str> = CLASSIFY_KEYWORDS.iter().map(|k| k.0).collect();
        let t2_words: Vec<&str> = T2_HEADER_KEYWORDS.iter().map(|k| k.0).collect();
        let t3_words: Vec<&str> = T3_KEYWORDS.iter().map(|k| k.0).collect();
        let mut rng = crate::test_rng::Rng::new(5);
        for round in 0..6000 {
            let n = 1 + rng.below(if round % 3 == 0 { 2 } else { 6 }) as usize;
            let text: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            let keys = cell_keys(&text);
            if !has_cjk(&text) {
                assert_eq!(keys.found, Found::NOTHING, "{text:?}");
                continue;
            }
            let mut cues = 0;
            Keywords::new(classify_words.iter().copied()).overlapping(&text, |h| {
                cues |= match CLASSIFY_KEYWORDS[h.word].1 {
                    Cue::T2 => CUE_T2,
                    Cue::T3 => CUE_T3,
                    Cue::T4 => CUE_T4,
                    Cue::Pending => CUE_PENDING,
                    Cue::Concluded => CUE_CONCLUDED,
                }
            });
            let cow = compact_cow(&text);
            let t2_row = T2_ROWS
                .iter()
                .position(|r| r.0 == &*cow)
                .map_or(NONE, |p| p as u8);
            let expected = Found {
                cues,
                t2_header: first_word(&t2_words, &cow),
                t3: first_word(&t3_words, &cow),
                t2_row,
                nine: compact(&text).contains(ITEM_NINE),
            };
            assert_eq!(keys.found, expected, "{text:?}");
        }
    }
}
