//! The report model: what the extractor understood of a report. Typed tables under the
//! contract's keys (`rules.md`), metadata, and the six sections.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::numbers::CellNumber;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Template {
    #[serde(rename = "2019")]
    Y2019,
    #[serde(rename = "2021")]
    Y2021,
    #[serde(rename = "mixed")]
    Mixed,
}

impl Template {
    pub fn label_zh(self) -> &'static str {
        match self {
            Template::Y2019 => "2019年试行格式",
            Template::Y2021 => "2021年修订格式",
            Template::Mixed => "新旧格式混用",
        }
    }
}

/// Which deadline and which content duties apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganKind {
    /// A 人民政府 at any level reporting for itself (县、市、区、乡、镇 …).
    Government,
    /// A department, office, development zone or other body.
    Department,
}

impl OrganKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            OrganKind::Government => "人民政府（本级报告）",
            OrganKind::Department => "部门或其他机关",
        }
    }
}

/// Standard section titles, by ordinal 1..=6.
pub const SECTION_TITLES: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

pub const ORDINALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

pub fn section_of_table(table: &str) -> &'static str {
    match table {
        "t2" => "二",
        "t3" => "三",
        "t4" => "四",
        _ => "",
    }
}

/// The short name a location uses (表二 …).
pub fn table_short_zh(table: &str) -> &'static str {
    match table {
        "t2" => "表二",
        "t3" => "表三",
        "t4" => "表四",
        _ => "表格",
    }
}

pub fn table_name_zh(table: &str) -> &'static str {
    match table {
        "t2" => "表二（主动公开政府信息情况）",
        "t3" => "表三（收到和处理政府信息公开申请情况）",
        "t4" => "表四（行政复议、行政诉讼情况）",
        _ => "表格",
    }
}

// ---- Table schemas -------------------------------------------------------------

/// A column key with its Chinese label.
pub type Col = (&'static str, &'static str);

pub const T3_COLUMNS: [Col; 7] = [
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
];

pub const T4_COLUMNS: [Col; 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// Table 三 rows of the 2021 template, in order, with their labels.
pub const T3_ROWS_2021: [(&str, &str); 25] = [
    ("1", "一、本年新收政府信息公开申请数量"),
    ("2", "二、上年结转政府信息公开申请数量"),
    ("3.1", "（一）予以公开"),
    ("3.2", "（二）部分公开"),
    ("3.3.1", "（三）不予公开 1.属于国家秘密"),
    ("3.3.2", "（三）不予公开 2.其他法律行政法规禁止公开"),
    ("3.3.3", "（三）不予公开 3.危及“三安全一稳定”"),
    ("3.3.4", "（三）不予公开 4.保护第三方合法权益"),
    ("3.3.5", "（三）不予公开 5.属于三类内部事务信息"),
    ("3.3.6", "（三）不予公开 6.属于四类过程性信息"),
    ("3.3.7", "（三）不予公开 7.属于行政执法案卷"),
    ("3.3.8", "（三）不予公开 8.属于行政查询事项"),
    ("3.4.1", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("3.4.2", "（四）无法提供 2.没有现成信息需要另行制作"),
    ("3.4.3", "（四）无法提供 3.补正后申请内容仍不明确"),
    ("3.5.1", "（五）不予处理 1.信访举报投诉类申请"),
    ("3.5.2", "（五）不予处理 2.重复申请"),
    ("3.5.3", "（五）不予处理 3.要求提供公开出版物"),
    ("3.5.4", "（五）不予处理 4.无正当理由大量反复申请"),
    (
        "3.5.5",
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    ),
    ("3.6.1", "（六）其他处理 1.申请人无正当理由逾期不补正"),
    (
        "3.6.2",
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    ),
    ("3.6.3", "（六）其他处理 3.其他"),
    ("3.7", "（七）总计"),
    ("4", "四、结转下年度继续办理"),
];

/// Label of a table-三 row key, either template.
pub fn t3_row_label(key: &str) -> &'static str {
    if key == "3.6" {
        return "（六）其他处理";
    }
    T3_ROWS_2021
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// The table-三 row keys of a template, in order.
pub fn t3_row_keys(template: Template) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::with_capacity(25);
    for (k, _) in T3_ROWS_2021 {
        if k.starts_with("3.6.") && template == Template::Y2019 {
            if k == "3.6.1" {
                keys.push("3.6");
            }
            continue;
        }
        keys.push(k);
    }
    keys
}

pub const T4_GROUPS: [Col; 3] = [
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
];

/// Table 二 column keys and labels (both templates).
pub const T2_COLUMNS: [Col; 12] = [
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
    ("decisions", "本年处理决定数量"),
    ("amount_wan_yuan", "本年收费金额（万元）"),
    ("new_made", "本年新制作数量"),
    ("new_published", "本年新公开数量"),
    ("total_published", "对外公开总数量"),
    ("previous", "上一年项目数量"),
    ("change", "本年增/减"),
    ("projects", "采购项目数量"),
    ("amount", "采购总金额"),
];

pub const T2_ROWS: [Col; 8] = [
    ("rules", "规章"),
    ("normative_documents", "行政规范性文件"),
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府集中采购"),
];

/// Columns of each table-二 row in the 2021 template.
pub fn t2_columns_2021(row: &str) -> &'static [&'static str] {
    match row {
        "rules" | "normative_documents" => &["issued", "repealed", "in_force"],
        "licensing" | "penalty" | "coercion" => &["decisions"],
        "fees" => &["amount_wan_yuan"],
        _ => &[],
    }
}

/// Columns of each table-二 row in the 2019 trial template.
pub fn t2_columns_2019(row: &str) -> &'static [&'static str] {
    match row {
        "rules" | "normative_documents" => &["new_made", "new_published", "total_published"],
        "licensing" | "other_services" | "penalty" | "coercion" => {
            &["previous", "change", "decisions"]
        }
        "fees" => &["previous", "change"],
        "procurement" => &["projects", "amount"],
        _ => &[],
    }
}

pub fn column_label(table: &str, key: &str) -> &'static str {
    let cols: &[Col] = match table {
        "t3" => &T3_COLUMNS,
        "t4" => &T4_COLUMNS,
        _ => &T2_COLUMNS,
    };
    cols.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

pub fn row_label(table: &str, key: &str) -> &'static str {
    match table {
        "t3" => t3_row_label(key),
        "t4" => T4_GROUPS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| *l)
            .unwrap_or(""),
        _ => T2_ROWS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| *l)
            .unwrap_or(""),
    }
}

// ---- Typed tables ----------------------------------------------------------------

/// One data cell as read.
#[derive(Clone, Debug)]
pub struct DataCell {
    pub raw: crate::doc::Text,
    pub num: CellNumber,
    pub span: Span,
}

impl DataCell {
    /// The value for arithmetic: blanks and placeholders count as 0 (their own rules say
    /// so); `None` for text that is no number, so identities over it are not judged.
    pub fn arith(&self) -> Option<f64> {
        match self.num {
            CellNumber::Number(x) => Some(x),
            CellNumber::Blank | CellNumber::Placeholder => Some(0.0),
            CellNumber::NotNumber => None,
        }
    }

    /// The value for the contract's JSON: a number, or null.
    pub fn json(&self) -> Option<f64> {
        match self.num {
            CellNumber::Number(x) => Some(x),
            _ => None,
        }
    }
}

/// A data row of a typed table. `cells[i]` is the cell under `columns[i]`; `None` where
/// the row has fewer cells than the template (reported as TBL-SHAPE).
#[derive(Clone, Debug)]
pub struct DataRow {
    pub key: &'static str,
    /// The row's label as written.
    pub label: crate::doc::Text,
    pub label_span: Span,
    pub span: Span,
    pub columns: &'static [&'static str],
    pub cells: Vec<Option<DataCell>>,
    /// Whether the row had exactly the template's cells. A row with cells missing or
    /// extra may have them shifted, so the arithmetic does not judge it (TBL-SHAPE
    /// says what is wrong).
    pub complete: bool,
}

impl DataRow {
    pub fn cell(&self, column: &str) -> Option<&DataCell> {
        let i = self.columns.iter().position(|c| same_key(c, column))?;
        self.cells.get(i)?.as_ref()
    }
}

/// `a == b` for row and column keys (a few ASCII bytes, nearly always the same
/// `&'static str` constants): where they point is compared first, then the bytes in a
/// loop, instead of a call to `memcmp` for every key passed over; the arithmetic rules
/// make hundreds of lookups per report.
#[inline]
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

/// Evidence of one template in a table (a header or row label only that template has).
#[derive(Clone, Debug)]
pub struct Marker {
    pub template: Template,
    pub text: &'static str,
    pub span: Span,
    /// For a row label that both templates have under different names (2019 规范性文件,
    /// 2021 行政规范性文件): the other template's name. Such a label shows how a row was
    /// worded, not how the table is built: it decides a table's layout only when nothing
    /// else does (see [`Marker::is_structural`]).
    pub other_name: Option<&'static str>,
}

impl Marker {
    /// A column, a row only one template has, or a row split differently: evidence of
    /// the table's structure, not only of a row's wording.
    pub fn is_structural(&self) -> bool {
        self.other_name.is_none()
    }
}

#[derive(Clone, Debug)]
pub struct TypedTable {
    pub key: &'static str,
    /// The layout this table follows, from its markers.
    pub layout: Option<Template>,
    pub markers: Vec<Marker>,
    pub rows: Vec<DataRow>,
    pub span: Span,
}

impl TypedTable {
    pub fn row(&self, key: &str) -> Option<&DataRow> {
        self.rows.iter().find(|r| same_key(r.key, key))
    }

    pub fn cell(&self, row: &str, column: &str) -> Option<&DataCell> {
        self.row(row)?.cell(column)
    }

    /// The arithmetic value of a cell; a missing row or cell counts as 0.
    pub fn value(&self, row: &str, column: &str) -> Option<f64> {
        match self.cell(row, column) {
            Some(c) => c.arith(),
            None => Some(0.0),
        }
    }

    pub fn first_marker(&self, t: Template) -> Option<&Marker> {
        self.markers.iter().find(|m| m.template == t)
    }

    /// The first marker of template `t` that shows the table's structure.
    pub fn first_structural_marker(&self, t: Template) -> Option<&Marker> {
        self.markers
            .iter()
            .find(|m| m.template == t && m.is_structural())
    }

    /// Whether the table's layout was decided by its structure (columns, rows only one
    /// template has), not by the wording of a row label alone.
    pub fn has_structure(&self) -> bool {
        self.markers.iter().any(Marker::is_structural)
    }
}

impl Serialize for TypedTable {
    /// `{ "<row key>": { "<column key>": number | null } }` in template order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.rows.len()))?;
        for r in &self.rows {
            let value = |i: usize| {
                r.cells
                    .get(i)
                    .and_then(|c| c.as_ref())
                    .and_then(|c| c.json())
            };
            m.serialize_entry(
                r.key,
                &RowJson {
                    columns: r.columns,
                    value: &value,
                },
            )?;
        }
        m.end()
    }
}

/// One row of a table's JSON: `{ "<column key>": number | null }`, the value of column
/// `i` from `value(i)`. Shared by [`TypedTable`] and [`TableValues`], so the two write
/// the same bytes.
struct RowJson<'a> {
    columns: &'static [&'static str],
    value: &'a dyn Fn(usize) -> Option<f64>,
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (i, col) in self.columns.iter().enumerate() {
            m.serialize_entry(col, &(self.value)(i).map(crate::numbers::Value::num))?;
        }
        m.end()
    }
}

/// What the contract's JSON gives of a table, its values by row and column, without the
/// cells' text and places: a batch keeps this of each report's tables until it writes
/// its JSON (a [`TypedTable`] of table 三 with its strings and spans is ten times the
/// size, and a batch of thousands held them all). Serialises as the table does; the
/// JSON printer ([`crate::json`]) writes it in one loop.
///
/// Held compactly, as nearly every value is a small count: the row keys, the columns
/// once for each run of rows that share them, and the values in 16 bits when each one
/// is a whole number below 65 535 (else as [`crate::json::Number`]s), all in boxes of
/// the exact size; the printer's view is rebuilt for the moment of writing.
#[derive(Clone, Debug, PartialEq)]
pub struct TableValues {
    /// Each row's key, in order.
    keys: RowKeys,
    /// The rows' columns: (rows in a run, their columns), in order.
    columns: Box<[(u32, &'static [&'static str])]>,
    /// Each cell's value (`DataCell::json`), blanks included, row after row.
    values: CellValues,
}

/// The row keys of [`TableValues`]: a byte each (where it stands in [`ROW_KEYS`]) when
/// all are the templates' (always, as read), else the keys themselves (16 bytes each).
#[derive(Clone, Debug, PartialEq)]
enum RowKeys {
    Known(Box<[u8]>),
    Any(Box<[&'static str]>),
}

/// Every row key of the templates' tables: 二's, 三's (2021, then the 2019 template's
/// single 3.6) and 四's, each table's in its order, so a table's keys are found one after
/// another.
const ROW_KEYS: [&str; ROW_KEY_COUNT] = {
    let mut out = [""; ROW_KEY_COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < T2_ROWS.len() {
        out[n] = T2_ROWS[i].0;
        n += 1;
        i += 1;
    }
    i = 0;
    while i < T3_ROWS_2021.len() {
        out[n] = T3_ROWS_2021[i].0;
        n += 1;
        i += 1;
    }
    out[n] = "3.6";
    n += 1;
    i = 0;
    while i < T4_GROUPS.len() {
        out[n] = T4_GROUPS[i].0;
        n += 1;
        i += 1;
    }
    assert!(n == ROW_KEY_COUNT);
    out
};
const ROW_KEY_COUNT: usize = T2_ROWS.len() + T3_ROWS_2021.len() + 1 + T4_GROUPS.len();

impl RowKeys {
    /// The keys given, by their place in [`ROW_KEYS`] when all are there.
    /// `table` is the table's key (`t2`, `t3`, `t4`): where its keys start.
    fn of(table: &str, keys: impl ExactSizeIterator<Item = &'static str> + Clone) -> RowKeys {
        let mut known = vec![0u8; keys.len()].into_boxed_slice();
        // Where the next key most likely stands: after the last one; else it is looked
        // for onwards (a row left out), then from the start.
        let mut next = match table {
            "t3" => T2_ROWS.len(),
            "t4" => T2_ROWS.len() + T3_ROWS_2021.len() + 1,
            _ => 0,
        };
        for (slot, key) in known.iter_mut().zip(keys.clone()) {
            let at = match ROW_KEYS.get(next) {
                Some(k) if same_key(k, key) => next,
                _ => {
                    let next = next.min(ROW_KEYS.len());
                    let onwards = ROW_KEYS[next..].iter().position(|k| same_key(k, key));
                    match onwards
                        .map(|i| next + i)
                        .or_else(|| ROW_KEYS[..next].iter().position(|k| same_key(k, key)))
                    {
                        Some(at) => at,
                        None => return RowKeys::Any(keys.collect()),
                    }
                }
            };
            *slot = at as u8;
            next = at + 1;
        }
        RowKeys::Known(known)
    }

    fn len(&self) -> usize {
        match self {
            RowKeys::Known(k) => k.len(),
            RowKeys::Any(k) => k.len(),
        }
    }

    /// The keys as strings, in `buffer` when they are held by place and fit.
    fn with<R>(&self, f: impl FnOnce(&[&'static str]) -> R) -> R {
        match self {
            RowKeys::Any(k) => f(k),
            RowKeys::Known(k) => {
                let mut buffer = [""; ROW_KEY_COUNT];
                if k.len() <= buffer.len() {
                    for (b, &i) in buffer.iter_mut().zip(k.iter()) {
                        *b = ROW_KEYS[i as usize];
                    }
                    f(&buffer[..k.len()])
                } else {
                    let keys: Vec<&'static str> = k.iter().map(|&i| ROW_KEYS[i as usize]).collect();
                    f(&keys)
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum CellValues {
    /// Whole numbers 0..=65 534, [`SMALL_BLANK`] for a blank.
    Small(Box<[u16]>),
    Any(Box<[crate::json::Number]>),
}

/// A blank among [`CellValues::Small`] (as the JSON printer takes them).
use crate::json::SMALL_BLANK;

impl CellValues {
    /// The values given (tests).
    #[cfg(test)]
    fn of(numbers: &[crate::json::Number]) -> CellValues {
        let mut b = CellValuesBuilder::new(numbers.len());
        for n in numbers {
            b.push(n.get());
        }
        b.finish()
    }

    fn numbers(&self) -> Vec<crate::json::Number> {
        match self {
            CellValues::Small(v) => v.iter().map(|&u| small_number(u)).collect(),
            CellValues::Any(v) => v.to_vec(),
        }
    }
}

/// Makes [`CellValues`] value by value: in 16 bits until a value needs more, then all
/// of them as [`crate::json::Number`]s.
struct CellValuesBuilder {
    small: Vec<u16>,
    any: Option<Vec<crate::json::Number>>,
}

impl CellValuesBuilder {
    fn new(capacity: usize) -> Self {
        CellValuesBuilder {
            small: Vec::with_capacity(capacity),
            any: None,
        }
    }

    fn push(&mut self, x: Option<f64>) {
        use crate::json::Number;
        if let Some(any) = &mut self.any {
            any.push(Number::of(x));
            return;
        }
        match small_value(x) {
            Some(u) => self.small.push(u),
            None => {
                let mut any = Vec::with_capacity(self.small.capacity());
                any.extend(self.small.iter().map(|&u| small_number(u)));
                any.push(Number::of(x));
                self.any = Some(any);
            }
        }
    }

    fn finish(self) -> CellValues {
        match self.any {
            Some(any) => CellValues::Any(any.into_boxed_slice()),
            None => CellValues::Small(self.small.into_boxed_slice()),
        }
    }
}

/// A value as [`CellValues::Small`] holds it, if it can.
#[inline]
fn small_value(x: Option<f64>) -> Option<u16> {
    let Some(x) = x else {
        return Some(SMALL_BLANK);
    };
    // Only what reads back as the very same bits (not −0, not 1.5, not NaN), below the
    // blank: `as` saturates (NaN and negatives give 0, 65 535 and above the blank), and
    // none of those read back but 0 itself.
    let u = x as u16;
    (u != SMALL_BLANK && f64::from(u).to_bits() == x.to_bits()).then_some(u)
}

/// The number a value of [`CellValues::Small`] stands for.
fn small_number(u: u16) -> crate::json::Number {
    crate::json::Number::of((u != SMALL_BLANK).then_some(f64::from(u)))
}

impl TableValues {
    pub fn of(t: &TypedTable) -> TableValues {
        let mut columns: Vec<(u32, &'static [&'static str])> = Vec::new();
        let count = t.rows.iter().map(|r| r.columns.len()).sum();
        // Nearly always every value is small: taken straight into 16 bits (blanks where
        // a row has fewer cells than columns), and only when one is not are they all
        // taken again, through the builder (which then keeps them as numbers).
        let mut small = vec![SMALL_BLANK; count];
        let mut all_small = true;
        let mut at = 0;
        for r in &t.rows {
            match columns.last_mut() {
                Some((n, c)) if std::ptr::eq(*c, r.columns) => *n += 1,
                _ => columns.push((1, r.columns)),
            }
            let cells = &r.cells[..r.cells.len().min(r.columns.len())];
            for (slot, c) in small[at..at + cells.len()].iter_mut().zip(cells) {
                match small_value(c.as_ref().and_then(DataCell::json)) {
                    Some(u) => *slot = u,
                    None => all_small = false,
                }
            }
            at += r.columns.len();
        }
        let values = if all_small {
            CellValues::Small(small.into_boxed_slice())
        } else {
            let mut values = CellValuesBuilder::new(count);
            for r in &t.rows {
                for i in 0..r.columns.len() {
                    values.push(
                        r.cells
                            .get(i)
                            .and_then(|c| c.as_ref())
                            .and_then(|c| c.json()),
                    );
                }
            }
            values.finish()
        };
        TableValues {
            keys: RowKeys::of(t.key, t.rows.iter().map(|r| r.key)),
            columns: columns[..].into(),
            values,
        }
    }

    /// A table of these rows (key, columns) and values (tests).
    #[cfg(test)]
    fn from_rows(
        rows: &[(&'static str, &'static [&'static str])],
        values: &[crate::json::Number],
    ) -> TableValues {
        let mut columns: Vec<(u32, &'static [&'static str])> = Vec::new();
        for &(_, c) in rows {
            match columns.last_mut() {
                Some((n, last)) if std::ptr::eq(*last, c) => *n += 1,
                _ => columns.push((1, c)),
            }
        }
        TableValues {
            keys: RowKeys::of("", rows.iter().map(|r| r.0)),
            columns: columns.into(),
            values: CellValues::of(values),
        }
    }

    /// The view of serializers other than the JSON printer: (row key, its columns,
    /// where its values start) and the values.
    fn view(&self) -> (Vec<NumberRow>, Vec<crate::json::Number>) {
        let mut rows = Vec::with_capacity(self.keys.len());
        self.keys.with(|keys| {
            let mut keys = keys.iter();
            let mut start = 0;
            for &(n, columns) in self.columns.iter() {
                for &key in keys.by_ref().take(n as usize) {
                    rows.push((key, columns, start));
                    start += columns.len() as u32;
                }
            }
        });
        (rows, self.values.numbers())
    }
}

/// A row of a table through serde's calls: its key, columns and where its values start.
type NumberRow = (&'static str, &'static [&'static str], u32);

impl Serialize for TableValues {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The same table through serde's calls, for other serializers.
        struct Same<'a>(&'a [NumberRow], &'a [crate::json::Number]);
        impl Serialize for Same<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use crate::numbers::Value;
                let Same(rows, values) = *self;
                let mut m = s.serialize_map(Some(rows.len()))?;
                for &(key, columns, start) in rows {
                    let value = |i: usize| values[start as usize + i].get().map(Value::num);
                    m.serialize_entry(
                        key,
                        &RowValues {
                            columns,
                            value: &value,
                        },
                    )?;
                }
                m.end()
            }
        }
        /// [`Same`], made only when a serializer other than the printer asks.
        struct Lazy<'a>(&'a TableValues);
        impl Serialize for Lazy<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (rows, numbers) = self.0.view();
                Same(&rows, &numbers).serialize(s)
            }
        }
        let numbers = match &self.values {
            CellValues::Small(v) => crate::json::Numbers::Small(v),
            CellValues::Any(v) => crate::json::Numbers::Any(v),
        };
        self.keys.with(|keys| {
            crate::json::serialize_number_table(
                s,
                &crate::json::NumberTable {
                    keys,
                    columns: &self.columns,
                    numbers,
                },
                &Lazy(self),
            )
        })
    }
}

/// A row of [`TableValues`] through serde's calls: `{ "<column key>": value | null }`.
struct RowValues<'a> {
    columns: &'static [&'static str],
    value: &'a dyn Fn(usize) -> Option<crate::numbers::Value>,
}

impl Serialize for RowValues<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (i, col) in self.columns.iter().enumerate() {
            m.serialize_entry(col, &(self.value)(i))?;
        }
        m.end()
    }
}

// ---- Metadata and sections ---------------------------------------------------------

pub use crate::dates::Date;

#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// A section heading found in the text.
#[derive(Clone, Debug)]
pub struct Section {
    /// 1..=6: which standard section the title names.
    pub number: usize,
    /// The heading as written.
    pub heading: String,
    /// The ordinal as written ("一", "1", "" when none).
    pub written_ordinal: String,
    /// Whether the ordinal has the template's form and the title is the template's
    /// wording, as the heading parser found them: kept so that rules need not parse the
    /// heading again when both hold (almost always).
    pub ordinal_ok: bool,
    pub exact: bool,
    pub span: Span,
    /// Index in `Document::blocks` of the heading paragraph.
    pub block: usize,
    /// Index one past the section's last block.
    pub end_block: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The title as written (lines joined), with its span.
    pub title: Option<Located<String>>,
    pub organ: Option<String>,
    pub kind: Option<OrganKind>,
    /// The report year, with the span it was read from.
    pub year: Option<Located<i32>>,
    pub template: Option<Template>,
    /// The stated statistical period (统计期限).
    pub period: Option<Located<(Date, Date)>>,
    pub signature_organ: Option<Located<String>>,
    pub signature_date: Option<Located<Date>>,
    pub sections: Vec<Section>,
    /// Index in `Document::blocks` where the body (section 一) starts; the preamble
    /// (title, intro) lies before.
    pub body_start: usize,
    pub t2: Option<TypedTable>,
    pub t3: Option<TypedTable>,
    pub t4: Option<TypedTable>,
}

impl Report {
    pub fn section(&self, number: usize) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    pub fn year(&self) -> Option<i32> {
        self.year.as_ref().map(|y| y.value)
    }

    pub fn table(&self, key: &str) -> Option<&TypedTable> {
        match key {
            "t2" => self.t2.as_ref(),
            "t3" => self.t3.as_ref(),
            "t4" => self.t4.as_ref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    /// The compact values read back as the very numbers given: whole counts in 16 bits,
    /// and every table with anything else (−0, a fraction, a large or negative number,
    /// NaN) kept as it is.
    #[test]
    fn table_values_read_back_as_given() {
        use crate::json::Number;
        let n = |x: f64| Number::of(Some(x));
        let small = [Number::of(None), n(0.0), n(7.0), n(65_534.0)];
        let c = CellValues::of(&small);
        assert!(matches!(c, CellValues::Small(_)));
        assert_eq!(c.numbers(), small);
        for odd in [-0.0, 0.5, 65_535.0, 1e9, -3.0, f64::NAN, f64::INFINITY] {
            // Met last (the small ones widened) and first.
            let mut last = small.to_vec();
            last.push(n(odd));
            let first: Vec<Number> = last.iter().rev().copied().collect();
            for v in [last, first] {
                let c = CellValues::of(&v);
                assert!(matches!(c, CellValues::Any(_)), "{odd}");
                assert_eq!(c.numbers(), v);
            }
        }
        assert_eq!(CellValues::of(&[]).numbers(), []);
    }

    use super::*;

    /// Row keys held by their place give back the keys given, as the plain list did
    /// (the reference): every table's keys in order, with rows left out, out of order,
    /// repeated, the 2019 template's 3.6, keys of another table and unknown keys (held
    /// as they are), on random sequences and on the fixtures' tables.
    #[test]
    fn row_keys_give_back_the_keys_given() {
        let check = |table: &str, keys: &[&'static str]| {
            let plain: Box<[&'static str]> = keys.iter().copied().collect();
            let held = RowKeys::of(table, keys.iter().copied());
            assert_eq!(held.len(), plain.len());
            held.with(|k| assert_eq!(k, &plain[..], "{table} {keys:?}"));
            let known = keys.iter().all(|k| ROW_KEYS.contains(k));
            assert_eq!(matches!(held, RowKeys::Known(_)), known, "{keys:?}");
        };
        let mut pool: Vec<&'static str> = ROW_KEYS.to_vec();
        // The same bytes elsewhere, and keys no template has.
        pool.extend([String::from("rules"), String::from("3.6")].map(|s| &*s.leak()));
        pool.extend(["k", "", "3.6.9", "penalty_x"]);
        let mut rng = crate::test_rng::Rng::new(7);
        for table in ["t2", "t3", "t4", ""] {
            check(table, &[]);
            check(table, &ROW_KEYS);
            for _ in 0..300 {
                let n = rng.below(40) as usize;
                let keys: Vec<&'static str> = if rng.below(2) == 0 {
                    (0..n).map(|_| *rng.pick(&pool)).collect()
                } else {
                    // In order with some left out, as tables are read.
                    ROW_KEYS
                        .iter()
                        .copied()
                        .filter(|_| rng.below(4) != 0)
                        .collect()
                };
                check(table, &keys);
            }
        }
        let mut tables = 0;
        for e in std::fs::read_dir("tests/fixtures").unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let bytes = std::fs::read(path).unwrap();
            let r = crate::pipeline::check_bytes("a.txt", &bytes);
            let Some(s) = r.report else { continue };
            for t in [&s.tables.t2, &s.tables.t3, &s.tables.t4]
                .into_iter()
                .flatten()
            {
                let keys: Vec<&'static str> = t.rows.iter().map(|r| r.key).collect();
                check(t.key, &keys);
                assert!(matches!(TableValues::of(t).keys, RowKeys::Known(_)));
                tables += 1;
            }
        }
        assert!(tables >= 10, "{tables} tables in the fixtures");
    }
    use crate::json::Number;

    /// `TableValues::of` takes small values straight into 16 bits; the same as pushing
    /// every value through the builder, on random tables: rows with fewer or more cells
    /// than columns, cells absent, blank or text, and now and then a value that is not
    /// small, first, last or in between.
    #[test]
    fn table_values_of_matches_builder() {
        const A: &[&str] = &["a", "b", "c"];
        const B: &[&str] = &["x"];
        const NONE: &[&str] = &[];
        let mut rng = crate::test_rng::Rng::new(23);
        let nums = [
            CellNumber::Number(0.0),
            CellNumber::Number(7.0),
            CellNumber::Number(65_534.0),
            CellNumber::Blank,
            CellNumber::Placeholder,
            CellNumber::NotNumber,
        ];
        let odd = [-0.0, 0.5, 65_535.0, 1e9, -3.0, f64::NAN, f64::INFINITY];
        for round in 0..2000 {
            let rows = (0..rng.below(6))
                .map(|_| {
                    let columns = *rng.pick(&[A, A, B, NONE]);
                    let cells = (0..rng.below(5))
                        .map(|_| {
                            (rng.below(4) != 0).then(|| DataCell {
                                raw: "1".into(),
                                num: if round % 4 == 0 && rng.below(8) == 0 {
                                    CellNumber::Number(*rng.pick(&odd))
                                } else {
                                    *rng.pick(&nums)
                                },
                                span: Span::default(),
                            })
                        })
                        .collect();
                    DataRow {
                        key: "k",
                        label: "".into(),
                        label_span: Span::default(),
                        span: Span::default(),
                        columns,
                        cells,
                        complete: true,
                    }
                })
                .collect();
            let t = TypedTable {
                key: "t3",
                layout: None,
                markers: Vec::new(),
                rows,
                span: Span::default(),
            };
            let mut b = CellValuesBuilder::new(0);
            for r in &t.rows {
                for i in 0..r.columns.len() {
                    b.push(
                        r.cells
                            .get(i)
                            .and_then(|c| c.as_ref())
                            .and_then(|c| c.json()),
                    );
                }
            }
            let expected = b.finish();
            let got = TableValues::of(&t);
            assert_eq!(got.values.numbers(), expected.numbers());
            assert_eq!(
                matches!(got.values, CellValues::Small(_)),
                matches!(expected, CellValues::Small(_))
            );
        }
    }

    /// The JSON printer writes a table's values in its own loop; other serializers get
    /// them through serde. Both give serde_json's bytes: for integers, negative ones,
    /// fractions, values too large for an integer, blanks, non-finite numbers, a row
    /// without columns, and a table without rows, at the top and nested.
    #[test]
    fn table_values_print_as_serde_json_prints_them() {
        const COLS: &[&str] = &["natural_person", "total"];
        const NONE: &[&str] = &[];
        let rows = [("1", COLS), ("3.3.1", NONE), ("4", COLS), ("2", COLS)];
        let table = TableValues::from_rows(
            &rows,
            &[
                Some(0.0),
                Some(-12.0),
                Some(0.5),
                None,
                Some(1e21),
                Some(f64::NAN),
            ]
            .map(Number::of),
        );
        // Only counts and blanks: held in 16 bits.
        let small = TableValues::from_rows(
            &rows,
            &[Some(0.0), Some(12.0), None, None, Some(65_534.0), Some(3.0)].map(Number::of),
        );
        assert!(matches!(small.values, CellValues::Small(_)));
        let empty = TableValues::from_rows(&[], &[]);
        #[derive(serde::Serialize)]
        struct Nested<'a> {
            tables: Vec<&'a TableValues>,
            after: u8,
        }
        let nested = Nested {
            tables: vec![&table, &empty, &small, &table],
            after: 1,
        };
        let mut mine = Vec::new();
        crate::json::write_pretty_to_vec(&mut mine, &nested).unwrap();
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            serde_json::to_string_pretty(&nested).unwrap()
        );
        for t in [&table, &empty, &small] {
            let mut mine = Vec::new();
            crate::json::write_pretty_to_vec(&mut mine, t).unwrap();
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                serde_json::to_string_pretty(t).unwrap()
            );
        }
        // Through serde (as serde_json serialises it), the values are the table's.
        let v = serde_json::to_value(&table).unwrap();
        assert_eq!(v["4"]["natural_person"], serde_json::json!(0.5));
        assert_eq!(v["4"]["total"], serde_json::Value::Null);
        assert_eq!(v["1"]["total"], serde_json::json!(-12));
        assert_eq!(v["3.3.1"], serde_json::json!({}));
    }
}
