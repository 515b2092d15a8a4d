//! The template's tables as grids: merged headers, row labels and numbering exactly as
//! the template lays them out (report-format.md §2.3–2.5, §3), each input cell named by
//! the contract's keys. Rows list only the cells that start in them, as in HTML.
//!
//! Row and column labels come from the report model ([`crate::model`]); only the words
//! the model has no use for (captions, header groups, the 勾稽 note, the template's full
//! wording of three long row labels) are written here.

use serde::Serialize;

use super::tables::template_rows;
use crate::model::{
    column_label, row_label, t3_row_keys, Template, ORDINALS, SECTION_TITLES, T3_COLUMNS,
    T4_COLUMNS, T4_GROUPS,
};

/// One cell of a grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
    pub head: bool,
    /// Both present for an input cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<&'static str>,
    /// An input cell that is the sum of others.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub total: bool,
    /// A styling hint: "caption", "label", "group", "note", "header".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cls: Option<&'static str>,
}

impl Cell {
    fn text(text: impl Into<String>, colspan: u32, rowspan: u32, cls: &'static str) -> Cell {
        Cell {
            text: text.into(),
            colspan,
            rowspan,
            head: cls != "label" && cls != "group",
            row: None,
            column: None,
            total: false,
            cls: Some(cls),
        }
    }

    fn input(row: &'static str, column: &'static str, colspan: u32, total: bool) -> Cell {
        Cell {
            text: String::new(),
            colspan,
            rowspan: 1,
            head: false,
            row: Some(row),
            column: Some(column),
            total,
            cls: None,
        }
    }

    /// Whether the drafter types into this cell.
    pub fn is_input(&self) -> bool {
        self.row.is_some() && self.column.is_some()
    }
}

/// One table of the template.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grid {
    pub key: &'static str,
    /// The section heading the table stands under ("二、主动公开政府信息情况").
    pub title: String,
    /// The template the grid follows ("2021" or "2019").
    pub template: Template,
    /// The number of grid columns.
    pub columns: u32,
    pub grid: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    pub tables: Vec<Grid>,
}

/// The three tables of a template (`Y2019` or `Y2021`; `Mixed` lays out 2021).
pub fn layout(template: Template) -> Layout {
    layout_each([template; 3])
}

/// The three tables, each in its own template (a report that mixes them).
pub fn layout_each(templates: [Template; 3]) -> Layout {
    Layout {
        tables: vec![t2(templates[0]), t3(templates[1]), t4(templates[2])],
    }
}

/// The grid of one table.
pub fn grid(table: &str, template: Template) -> Option<Grid> {
    match table {
        "t2" => Some(t2(template)),
        "t3" => Some(t3(template)),
        "t4" => Some(t4(template)),
        _ => None,
    }
}

fn title(section: usize) -> String {
    format!("{}、{}", ORDINALS[section - 1], SECTION_TITLES[section - 1])
}

fn fixed(template: Template) -> Template {
    if template == Template::Y2019 {
        Template::Y2019
    } else {
        Template::Y2021
    }
}

// ---- Table 二 ---------------------------------------------------------------------

/// The blocks of table 二: the article item each reports on, and its rows.
const T2_BLOCKS: [(&str, &[&str]); 5] = [
    ("第二十条第（一）项", &["rules", "normative_documents"]),
    ("第二十条第（五）项", &["licensing", "other_services"]),
    ("第二十条第（六）项", &["penalty", "coercion"]),
    ("第二十条第（八）项", &["fees"]),
    ("第二十条第（九）项", &["procurement"]),
];

/// Table 二 is four columns wide: 信息内容 and up to three values.
const T2_WIDTH: u32 = 4;

/// The header of a table-二 column as the template words it.
fn t2_header(column: &str, template: Template) -> &'static str {
    let h = crate::extract::t2_marker_text(column);
    if column == "decisions" && template == Template::Y2019 {
        // 2019: 处理决定数量 beside 上一年项目数量 and 本年增/减.
        h.trim_start_matches("本年")
    } else {
        h
    }
}

fn t2_row_label(row: &str, template: Template) -> &'static str {
    if row == "normative_documents" && template == Template::Y2019 {
        // The 2019 template's name for the row (the extractor knows both).
        "规范性文件"
    } else {
        row_label("t2", row)
    }
}

fn t2(template: Template) -> Grid {
    let template = fixed(template);
    let rows = template_rows("t2", template);
    let mut grid = Vec::new();
    for (caption, block) in T2_BLOCKS {
        let block: Vec<_> = rows.iter().filter(|(r, _)| block.contains(r)).collect();
        let Some((_, columns)) = block.first() else {
            continue;
        };
        grid.push(vec![Cell::text(caption, T2_WIDTH, 1, "caption")]);
        // The last column takes up what the block leaves of the width.
        let span = |i: usize| {
            if i + 1 == columns.len() {
                T2_WIDTH - columns.len() as u32
            } else {
                1
            }
        };
        let mut header = vec![Cell::text("信息内容", 1, 1, "header")];
        for (i, c) in columns.iter().enumerate() {
            header.push(Cell::text(t2_header(c, template), span(i), 1, "header"));
        }
        grid.push(header);
        for (row, cols) in block {
            let mut cells = vec![Cell::text(t2_row_label(row, template), 1, 1, "label")];
            for (i, c) in cols.iter().enumerate() {
                cells.push(Cell::input(row, c, span(i), false));
            }
            grid.push(cells);
        }
    }
    Grid {
        key: "t2",
        title: title(2),
        template,
        columns: T2_WIDTH,
        grid,
    }
}

// ---- Table 三 ---------------------------------------------------------------------

/// The 勾稽 note in the top-left corner of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The group of rows 3.1 to 3.7.
const T3_OUTCOMES: &str = "三、本年度办理结果";

/// Row labels the model shortens, in the template's full wording.
const T3_FULL_LABELS: [(&str, &str); 3] = [
    (
        "3.2",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    (
        "3.6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "3.6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
];

/// A table-三 row's label split as the template prints it: the group ("（三）不予公开")
/// and the item ("1.属于国家秘密"), or only the item.
fn t3_label(row: &str) -> (Option<&'static str>, &'static str) {
    let label = row_label("t3", row);
    let (group, item) = match label.split_once(' ') {
        Some((g, i)) => (Some(g), i),
        None => (None, label),
    };
    let item = T3_FULL_LABELS
        .iter()
        .find(|(k, _)| *k == row)
        .map_or(item, |(_, l)| l);
    (group, item)
}

fn t3(template: Template) -> Grid {
    let template = fixed(template);
    let keys = t3_row_keys(template);
    let n = T3_COLUMNS.len() as u32;
    let mut grid = vec![
        vec![
            Cell::text(T3_NOTE, 3, 3, "note"),
            Cell::text("申请人情况", n, 1, "header"),
        ],
        vec![
            Cell::text(column_label("t3", "natural_person"), 1, 2, "header"),
            Cell::text("法人或其他组织", 5, 1, "header"),
            Cell::text(column_label("t3", "total"), 1, 2, "header"),
        ],
        T3_COLUMNS[1..6]
            .iter()
            .map(|(_, l)| Cell::text(*l, 1, 1, "header"))
            .collect(),
    ];
    let outcomes = keys.iter().filter(|k| k.starts_with("3.")).count() as u32;
    for (i, row) in keys.iter().enumerate() {
        let mut cells = Vec::new();
        if row.starts_with("3.") {
            if *row == "3.1" {
                cells.push(Cell::text(T3_OUTCOMES, 1, outcomes, "group"));
            }
            let (group, item) = t3_label(row);
            match group {
                Some(g) => {
                    let first_of_group = keys[i - 1].rsplit_once('.').map(|p| p.0)
                        != row.rsplit_once('.').map(|p| p.0);
                    if first_of_group {
                        let size = keys
                            .iter()
                            .filter(|k| {
                                k.rsplit_once('.').map(|p| p.0) == row.rsplit_once('.').map(|p| p.0)
                            })
                            .count() as u32;
                        cells.push(Cell::text(g, 1, size, "group"));
                    }
                    cells.push(Cell::text(item, 1, 1, "label"));
                }
                None => cells.push(Cell::text(item, 2, 1, "label")),
            }
        } else {
            cells.push(Cell::text(row_label("t3", row), 3, 1, "label"));
        }
        for (c, _) in T3_COLUMNS {
            cells.push(Cell::input(row, c, 1, c == "total" || *row == "3.7"));
        }
        grid.push(cells);
    }
    Grid {
        key: "t3",
        title: title(3),
        template,
        columns: 3 + n,
        grid,
    }
}

// ---- Table 四 ---------------------------------------------------------------------

fn t4(template: Template) -> Grid {
    let n = T4_COLUMNS.len() as u32;
    let group = |g: &str| {
        let label = row_label("t4", g);
        label.split_once('·').map_or(label, |(_, sub)| sub)
    };
    let review = group("review");
    let litigation = row_label("t4", "litigation_direct")
        .split_once('·')
        .map_or("", |(top, _)| top);
    let mut second: Vec<Cell> = T4_COLUMNS
        .iter()
        .map(|(_, l)| Cell::text(*l, 1, 2, "header"))
        .collect();
    second.push(Cell::text(group("litigation_direct"), n, 1, "header"));
    second.push(Cell::text(group("litigation_after_review"), n, 1, "header"));
    let third: Vec<Cell> = (0..2)
        .flat_map(|_| {
            T4_COLUMNS
                .iter()
                .map(|(_, l)| Cell::text(*l, 1, 1, "header"))
        })
        .collect();
    let data: Vec<Cell> = T4_GROUPS
        .iter()
        .flat_map(|(g, _)| {
            T4_COLUMNS
                .iter()
                .map(move |(c, _)| Cell::input(g, c, 1, *c == "total"))
        })
        .collect();
    Grid {
        key: "t4",
        title: title(4),
        template: fixed(template),
        columns: 3 * n,
        grid: vec![
            vec![
                Cell::text(review, n, 1, "header"),
                Cell::text(litigation, 2 * n, 1, "header"),
            ],
            second,
            third,
            data,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places every cell of a grid on a matrix; panics on overlap or overhang.
    fn tile(g: &Grid) -> Vec<Vec<Option<(usize, usize)>>> {
        let width = g.columns as usize;
        let mut m: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; width]; g.grid.len()];
        for (r, row) in g.grid.iter().enumerate() {
            let mut c = 0;
            for (i, cell) in row.iter().enumerate() {
                while c < width && m[r][c].is_some() {
                    c += 1;
                }
                for dr in 0..cell.rowspan as usize {
                    for dc in 0..cell.colspan as usize {
                        let (rr, cc) = (r + dr, c + dc);
                        assert!(rr < m.len() && cc < width, "{} {r}/{i} overhangs", g.key);
                        assert!(m[rr][cc].is_none(), "{} {r}/{i} overlaps", g.key);
                        m[rr][cc] = Some((r, i));
                    }
                }
                c += cell.colspan as usize;
            }
        }
        m
    }

    #[test]
    fn spans_tile_every_grid_exactly() {
        for t in [Template::Y2021, Template::Y2019] {
            for g in layout(t).tables {
                let m = tile(&g);
                for (r, row) in m.iter().enumerate() {
                    assert!(
                        row.iter().all(Option::is_some),
                        "{} {t:?}: row {r} has a hole",
                        g.key
                    );
                }
            }
        }
    }

    #[test]
    fn input_cells_are_exactly_the_contract_cells() {
        for t in [Template::Y2021, Template::Y2019] {
            for g in layout(t).tables {
                let mut inputs: Vec<(&str, &str)> = g
                    .grid
                    .iter()
                    .flatten()
                    .filter(|c| c.is_input())
                    .map(|c| (c.row.unwrap(), c.column.unwrap()))
                    .collect();
                // An input cell has both keys or neither.
                assert!(g
                    .grid
                    .iter()
                    .flatten()
                    .all(|c| c.row.is_some() == c.column.is_some()));
                let mut expected: Vec<(&str, &str)> = template_rows(g.key, t)
                    .into_iter()
                    .flat_map(|(r, cols)| cols.iter().map(move |c| (r, *c)))
                    .collect();
                inputs.sort();
                expected.sort();
                assert_eq!(inputs, expected, "{} {t:?}", g.key);
            }
        }
    }

    #[test]
    fn table_three_has_the_template_rows_and_merges() {
        let g = grid("t3", Template::Y2021).unwrap();
        // Three header rows and 25 data rows.
        assert_eq!(g.grid.len(), 28);
        assert_eq!(g.grid[0][0].text, T3_NOTE);
        assert_eq!((g.grid[0][0].colspan, g.grid[0][0].rowspan), (3, 3));
        let outcomes = g
            .grid
            .iter()
            .flatten()
            .find(|c| c.text == T3_OUTCOMES)
            .unwrap();
        assert_eq!(outcomes.rowspan, 22);
        let denied = g
            .grid
            .iter()
            .flatten()
            .find(|c| c.text == "（三）不予公开")
            .unwrap();
        assert_eq!(denied.rowspan, 8);
        let g19 = grid("t3", Template::Y2019).unwrap();
        assert_eq!(g19.grid.len(), 26);
        let other = g19
            .grid
            .iter()
            .flatten()
            .find(|c| c.text == "（六）其他处理")
            .unwrap();
        assert_eq!((other.colspan, other.rowspan), (2, 1));
        // Totals: the 总计 column and the （七）总计 row.
        let totals = g.grid.iter().flatten().filter(|c| c.total).count();
        assert_eq!(totals, 25 + 6);
    }

    #[test]
    fn table_two_follows_each_template() {
        let g = grid("t2", Template::Y2021).unwrap();
        let texts: Vec<&str> = g.grid.iter().flatten().map(|c| c.text.as_str()).collect();
        assert!(texts.contains(&"本年收费金额（单位：万元）"));
        assert!(texts.contains(&"行政规范性文件"));
        assert!(!texts.contains(&"第二十条第（九）项"));
        let g = grid("t2", Template::Y2019).unwrap();
        let texts: Vec<&str> = g.grid.iter().flatten().map(|c| c.text.as_str()).collect();
        assert!(texts.contains(&"第二十条第（九）项"));
        assert!(texts.contains(&"规范性文件"));
        assert!(texts.contains(&"其他对外管理服务事项"));
        assert!(texts.contains(&"处理决定数量"));
    }
}
