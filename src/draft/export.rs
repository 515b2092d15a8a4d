//! Writing a draft's tables out in the template's layout: HTML with merged cells and
//! borders inline (pastes into Word and WPS as the template's tables), tab-separated
//! text (one line per template row), and reader items (a title, each section heading,
//! each table with its spans), which the .docx writer (`nianbao_docx::write`) turns into
//! a document. The checker reads each of them back to the same table cells (tested for
//! the five fixtures).

use nianbao_items::{CellIn, Item, Items, RowIn};

use super::layout::{layout_each, Cell, Grid};
use super::tables::{Draft, Table};
use crate::model::Template;
use crate::numbers::format_decimal;

/// The heading above the tables in a document of their own.
pub const TITLE: &str = "政府信息公开工作年度报告统计表";

/// The tables of a draft that it has, each in its template (its keys, else `template`).
fn grids(draft: &Draft, template: Template) -> Vec<(Grid, &Table)> {
    let templates = draft.tables.templates(template);
    layout_each(templates)
        .tables
        .into_iter()
        .filter_map(|g| {
            let t = draft.tables.get(g.key)?;
            Some((g, t))
        })
        .collect()
}

/// The text a cell shows: its label, or the draft's number (blank when none).
fn shown(cell: &Cell, t: &Table) -> String {
    match (cell.row, cell.column) {
        (Some(r), Some(c)) => t.get(r, c).map(format_decimal).unwrap_or_default(),
        _ => cell.text.clone(),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const TABLE_STYLE: &str = "border-collapse:collapse;border:1px solid #000;";
const CELL_STYLE: &str = "border:1px solid #000;padding:2px 4px;";

/// The tables as HTML, each after its section heading.
pub fn to_html(draft: &Draft, template: Template) -> String {
    let mut s = String::new();
    for (g, t) in grids(draft, template) {
        s.push_str(&format!("<p><b>{}</b></p>\n", escape(&g.title)));
        s.push_str(&format!(
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\" style=\"{TABLE_STYLE}\">\n"
        ));
        for row in &g.grid {
            s.push_str("<tr>");
            for cell in row {
                let mut attrs = String::new();
                if cell.colspan > 1 {
                    attrs.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    attrs.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                let align = if cell.is_input() || cell.head {
                    "text-align:center;"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "<td{attrs} style=\"{CELL_STYLE}{align}\">{}</td>",
                    escape(&shown(cell, t))
                ));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>\n");
    }
    s
}

/// The cells of a grid on its full matrix: each position holds the cell covering it and
/// whether it is that cell's own (top-left) position.
fn placed(g: &Grid) -> Vec<Vec<Option<(&Cell, bool)>>> {
    let width = g.columns as usize;
    let mut m: Vec<Vec<Option<(&Cell, bool)>>> = vec![vec![None; width]; g.grid.len()];
    for (r, row) in g.grid.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while c < width && m[r][c].is_some() {
                c += 1;
            }
            for dr in 0..cell.rowspan as usize {
                for dc in 0..cell.colspan as usize {
                    if let Some(slot) = m.get_mut(r + dr).and_then(|x| x.get_mut(c + dc)) {
                        *slot = Some((cell, dr == 0 && dc == 0));
                    }
                }
            }
            c += cell.colspan as usize;
        }
    }
    m
}

/// The tables as tab-separated text: one line per template row, a merged cell's text in
/// its first position and empty fields for the positions it covers, each table after
/// its section heading and a blank line between tables.
pub fn to_tsv(draft: &Draft, template: Template) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (g, t) in grids(draft, template) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(g.title.clone());
        for row in placed(&g) {
            let fields: Vec<String> = row
                .iter()
                .map(|p| match p {
                    Some((cell, true)) => shown(cell, t).replace(['\t', '\n'], " "),
                    _ => String::new(),
                })
                .collect();
            lines.push(fields.join("\t"));
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The tables as reader items: the title, then each section heading and its table,
/// with merges as a reader reports them (a cell merged down leaves a placeholder in each
/// row below).
pub fn to_items(draft: &Draft, template: Template) -> Items {
    let mut items = vec![Item::Para(TITLE.to_string())];
    for (g, t) in grids(draft, template) {
        items.push(Item::Para(g.title.clone()));
        let mut rows = Vec::with_capacity(g.grid.len());
        for row in placed(&g) {
            let mut cells = Vec::new();
            let mut c = 0;
            while c < row.len() {
                let Some((cell, own)) = row[c] else {
                    c += 1;
                    continue;
                };
                cells.push(if own {
                    let text = shown(cell, t);
                    let lines = if text.is_empty() {
                        Vec::new()
                    } else {
                        vec![text]
                    };
                    CellIn::new(lines, cell.colspan, cell.rowspan)
                } else {
                    CellIn::placeholder(cell.colspan)
                });
                c += cell.colspan as usize;
            }
            rows.push(RowIn { cells });
        }
        items.push(Item::Table(rows));
    }
    Items {
        items,
        producer: None,
    }
}
