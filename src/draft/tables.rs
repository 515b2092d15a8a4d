//! The values a drafter fills in: tables 二, 三 and 四 under the contract's keys
//! (`{row: {column: number | null}}`), and a draft (this year's tables, and last year's
//! when given). They cross to and from the page as JSON; reading one checks every key
//! and value and says in Chinese what is wrong.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value as Json;

use crate::model::{
    t2_columns_2019, t2_columns_2021, t3_row_keys, DataCell, DataRow, Report, Template, TypedTable,
    T2_ROWS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use crate::numbers::{CellNumber, Value};
use crate::span::Span;

/// The three tables, by key.
pub const TABLE_KEYS: [&str; 3] = ["t2", "t3", "t4"];

const fn keys<const N: usize>(cols: [(&'static str, &'static str); N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = cols[i].0;
        i += 1;
    }
    out
}

/// Column keys of tables 三 and 四, in the template's order.
pub const T3_COLUMN_KEYS: [&str; 7] = keys(T3_COLUMNS);
pub const T4_COLUMN_KEYS: [&str; 5] = keys(T4_COLUMNS);

/// One table's values: rows in order, each with its cells in order; a blank cell is
/// `None`. Rows and cells the drafter has not touched may be absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<(String, Cells)>,
}

/// A row's cells: (column key, number or blank), in order.
pub type Cells = Vec<(String, Option<f64>)>;

impl Table {
    /// The number in a cell; `None` when blank or absent.
    pub fn get(&self, row: &str, column: &str) -> Option<f64> {
        self.rows
            .iter()
            .find(|(r, _)| r == row)?
            .1
            .iter()
            .find(|(c, _)| c == column)?
            .1
    }

    /// Whether the cell is there (filled or blank).
    pub fn has(&self, row: &str, column: &str) -> bool {
        self.rows
            .iter()
            .any(|(r, cells)| r == row && cells.iter().any(|(c, _)| c == column))
    }

    pub fn set(&mut self, row: &str, column: &str, value: Option<f64>) {
        let i = match self.rows.iter().position(|(r, _)| r == row) {
            Some(i) => i,
            None => {
                self.rows.push((row.to_string(), Vec::new()));
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[i].1;
        match cells.iter_mut().find(|(c, _)| c == column) {
            Some(c) => c.1 = value,
            None => cells.push((column.to_string(), value)),
        }
    }

    /// Whether any cell holds a number.
    pub fn has_numbers(&self) -> bool {
        self.rows
            .iter()
            .any(|(_, cells)| cells.iter().any(|(_, v)| v.is_some()))
    }

    /// The table's values as the checker read them.
    pub fn of_typed(t: &TypedTable) -> Table {
        Table {
            rows: t
                .rows
                .iter()
                .map(|r| {
                    let cells = r
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let v = r
                                .cells
                                .get(i)
                                .and_then(|c| c.as_ref())
                                .and_then(|c| c.json());
                            (c.to_string(), v)
                        })
                        .collect();
                    (r.key.to_string(), cells)
                })
                .collect(),
        }
    }

    /// The template this table's keys show: table 二's 2019 columns or rows, table 三's
    /// single （六） row (or their 2021 counterparts); `default` when the keys do not say.
    pub fn template(&self, table: &str, default: Template) -> Template {
        let filled_or_present = |row: &str, col: &str| self.has(row, col);
        let mut old = false;
        let mut new = false;
        match table {
            "t2" => {
                for (row, _) in T2_ROWS {
                    for col in t2_columns_2019(row) {
                        if !t2_columns_2021(row).contains(col) && filled_or_present(row, col) {
                            old = true;
                        }
                    }
                    for col in t2_columns_2021(row) {
                        if !t2_columns_2019(row).contains(col) && filled_or_present(row, col) {
                            new = true;
                        }
                    }
                }
            }
            "t3" => {
                old = self.rows.iter().any(|(r, _)| r == "3.6");
                new = self.rows.iter().any(|(r, _)| r.starts_with("3.6."));
            }
            _ => {}
        }
        match (old, new) {
            (true, false) => Template::Y2019,
            (false, true) => Template::Y2021,
            _ => default,
        }
    }
}

impl Serialize for Table {
    /// `{row: {column: number | null}}`, whole numbers without a decimal point.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Row<'a>(&'a [(String, Option<f64>)]);
        impl Serialize for Row<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (c, v) in self.0 {
                    m.serialize_entry(c, &v.map(Value::num))?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(self.rows.len()))?;
        for (r, cells) in &self.rows {
            m.serialize_entry(r, &Row(cells))?;
        }
        m.end()
    }
}

/// Tables 二, 三 and 四 (any may be absent).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tables {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t2: Option<Table>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t3: Option<Table>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t4: Option<Table>,
}

impl Tables {
    pub fn get(&self, key: &str) -> Option<&Table> {
        match key {
            "t2" => self.t2.as_ref(),
            "t3" => self.t3.as_ref(),
            "t4" => self.t4.as_ref(),
            _ => None,
        }
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<Table>> {
        match key {
            "t2" => Some(&mut self.t2),
            "t3" => Some(&mut self.t3),
            "t4" => Some(&mut self.t4),
            _ => None,
        }
    }

    /// The tables of a report as the checker read them (the `report.tables` of its
    /// result).
    pub fn of_report(r: &Report) -> Tables {
        Tables {
            t2: r.t2.as_ref().map(Table::of_typed),
            t3: r.t3.as_ref().map(Table::of_typed),
            t4: r.t4.as_ref().map(Table::of_typed),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.t2.is_none() && self.t3.is_none() && self.t4.is_none()
    }

    /// Each table's template: from its keys, else `default`.
    pub fn templates(&self, default: Template) -> [Template; 3] {
        TABLE_KEYS.map(|k| match self.get(k) {
            Some(t) => t.template(k, default),
            None => default,
        })
    }

    /// The tables as the checker's report model holds them, each laid out by its
    /// template (every row and cell of the template; what the draft lacks is blank).
    /// `unstated(table, row, column)` says which blank cells were not stated yet: the
    /// rules read those as unknown (like text that is no number), never as 0, so an
    /// identity through them is not judged.
    pub fn to_report(
        &self,
        default: Template,
        unstated: &dyn Fn(&str, &str, &str) -> bool,
    ) -> Report {
        let [t2, t3, t4] = self.templates(default);
        Report {
            t2: self.t2.as_ref().map(|t| typed("t2", t, t2, unstated)),
            t3: self.t3.as_ref().map(|t| typed("t3", t, t3, unstated)),
            t4: self.t4.as_ref().map(|t| typed("t4", t, t4, unstated)),
            ..Report::default()
        }
    }
}

/// A draft: this year's tables, last year's when the drafter gave them, and the report
/// year when known (it names last year's report in the cross-year messages).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Draft {
    #[serde(flatten)]
    pub tables: Tables,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_year: Option<Tables>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// The rows of a table in a template, in order, with their columns.
pub fn template_rows(
    table: &str,
    template: Template,
) -> Vec<(&'static str, &'static [&'static str])> {
    match table {
        "t2" => T2_ROWS
            .iter()
            .map(|(r, _)| {
                let cols = if template == Template::Y2019 {
                    t2_columns_2019(r)
                } else {
                    t2_columns_2021(r)
                };
                (*r, cols)
            })
            .filter(|(_, c)| !c.is_empty())
            .collect(),
        "t3" => t3_row_keys(template)
            .into_iter()
            .map(|r| (r, &T3_COLUMN_KEYS[..]))
            .collect(),
        "t4" => T4_GROUPS
            .iter()
            .map(|(g, _)| (*g, &T4_COLUMN_KEYS[..]))
            .collect(),
        _ => Vec::new(),
    }
}

/// A draft table as the report model's typed table: every row and cell of the template.
fn typed(
    key: &'static str,
    t: &Table,
    template: Template,
    unstated: &dyn Fn(&str, &str, &str) -> bool,
) -> TypedTable {
    let rows = template_rows(key, template)
        .into_iter()
        .map(|(row, columns)| DataRow {
            key: row,
            label: crate::model::row_label(key, row).into(),
            label_span: Span::default(),
            span: Span::default(),
            columns,
            cells: columns
                .iter()
                .map(|c| {
                    let v = t.get(row, c);
                    Some(DataCell {
                        raw: v
                            .map(crate::numbers::format_decimal)
                            .unwrap_or_default()
                            .into(),
                        num: match v {
                            Some(x) => CellNumber::Number(x),
                            None if unstated(key, row, c) => CellNumber::NotNumber,
                            None => CellNumber::Blank,
                        },
                        span: Span::default(),
                    })
                })
                .collect(),
            complete: true,
        })
        .collect();
    TypedTable {
        key,
        layout: Some(template),
        markers: Vec::new(),
        rows,
        span: Span::default(),
    }
}

// ---- Reading from JSON -------------------------------------------------------------

const TEMPLATES: [Template; 2] = [Template::Y2021, Template::Y2019];

fn table_zh(key: &str) -> &'static str {
    match key {
        "t2" => "表二",
        "t3" => "表三",
        _ => "表四",
    }
}

/// Whether `row` and `column` are a cell of the table in either template.
fn known_cell(table: &str, row: &str, column: &str) -> Result<(), String> {
    let mut row_known = false;
    for template in TEMPLATES {
        for (r, cols) in template_rows(table, template) {
            if r == row {
                row_known = true;
                if cols.contains(&column) {
                    return Ok(());
                }
            }
        }
    }
    Err(if row_known {
        format!("{}“{}”一行没有“{}”列", table_zh(table), row, column)
    } else {
        format!("{}没有“{}”这一行", table_zh(table), row)
    })
}

fn read_table(key: &str, v: &Json) -> Result<Table, String> {
    let Json::Object(rows) = v else {
        return Err(format!("{}应为按行键组织的对象", table_zh(key)));
    };
    let mut t = Table::default();
    for (row, cells) in rows {
        if !TEMPLATES
            .iter()
            .any(|tpl| template_rows(key, *tpl).iter().any(|(r, _)| r == row))
        {
            return Err(format!("{}没有“{}”这一行", table_zh(key), row));
        }
        let Json::Object(cells) = cells else {
            return Err(format!(
                "{}“{}”一行应为按列键组织的对象",
                table_zh(key),
                row
            ));
        };
        let mut out = Vec::with_capacity(cells.len());
        for (col, v) in cells {
            known_cell(key, row, col)?;
            let v = match v {
                Json::Null => None,
                Json::Number(n) => match n.as_f64() {
                    Some(x) if x.is_finite() => Some(x),
                    _ => return Err(format!("{}“{}·{}”不是有效的数", table_zh(key), row, col)),
                },
                _ => {
                    return Err(format!(
                        "{}“{}·{}”应为数字或 null（空白）",
                        table_zh(key),
                        row,
                        col
                    ))
                }
            };
            out.push((col.clone(), v));
        }
        t.rows.push((row.clone(), out));
    }
    Ok(t)
}

fn read_tables(v: &serde_json::Map<String, Json>, extra: &[&str]) -> Result<Tables, String> {
    let mut tables = Tables::default();
    for (k, v) in v {
        if let Some(slot) = tables.slot(k) {
            if !v.is_null() {
                *slot = Some(read_table(k, v)?);
            }
        } else if !extra.contains(&k.as_str()) {
            return Err(format!(
                "表格数据中有无法识别的键“{k}”（应为 t2、t3、t4{}）",
                if extra.is_empty() {
                    ""
                } else {
                    "、last_year、year"
                }
            ));
        }
    }
    Ok(tables)
}

fn parse(json: &str) -> Result<serde_json::Map<String, Json>, String> {
    match serde_json::from_str::<Json>(json) {
        Ok(Json::Object(m)) => Ok(m),
        Ok(_) => Err("表格数据应为一个对象，如 {\"t3\": {\"1\": {\"total\": 3}}}".into()),
        Err(_) => Err("表格数据不是有效的 JSON".into()),
    }
}

impl Tables {
    /// Reads `{t2?, t3?, t4?}`.
    pub fn from_json(json: &str) -> Result<Tables, String> {
        read_tables(&parse(json)?, &[])
    }
}

impl Draft {
    /// Reads `{t2?, t3?, t4?, last_year?: {t2?, t3?, t4?}, year?}`.
    pub fn from_json(json: &str) -> Result<Draft, String> {
        let m = parse(json)?;
        let tables = read_tables(&m, &["last_year", "year"])?;
        let last_year = match m.get("last_year") {
            None | Some(Json::Null) => None,
            Some(Json::Object(l)) => Some(read_tables(l, &[])?),
            Some(_) => return Err("last_year 应为上年的表格对象".into()),
        };
        let year = match m.get("year") {
            None | Some(Json::Null) => None,
            Some(Json::Number(n)) => match n.as_i64() {
                Some(y) if (1900..=2999).contains(&y) => Some(y as i32),
                _ => return Err("year 应为四位数的年份".into()),
            },
            Some(_) => return Err("year 应为四位数的年份".into()),
        };
        Ok(Draft {
            tables,
            last_year,
            year,
        })
    }
}
