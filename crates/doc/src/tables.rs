//! Tables: cells as the text's cell marks end them, rows as the row-end marks end them,
//! and each row's cell definitions (sprmTDefTable: the cells' edges and merge flags) to
//! find the merges. A cell's grid columns come from its edges measured against every
//! edge of the table (a cell as wide as three others spans three columns, which is how
//! Word 2000 and later, and LibreOffice, store a horizontal merge); the older merge flags
//! (a first cell and the cells merged into it) fold cells together; a vertical merge
//! keeps the first cell's text and puts a placeholder (rowspan 0) in each later row,
//! as the .docx reader does.

use nianbao_items::{resolve_vertical_merges, GridCell, RowIn};

use crate::sprm;

/// The most cells a row may define (Word allows 63).
const MAX_CELLS: usize = 1000;
/// Edges closer than this (twips) are the same grid line.
const SAME_EDGE: i32 = 10;

/// A row's cell definitions.
#[derive(Clone, Debug, Default)]
pub struct RowProps {
    /// The cells' edges, one more than cells.
    edges: Vec<i16>,
    /// Each cell's flags (TC80 tcgrf).
    flags: Vec<u16>,
}

impl RowProps {
    /// From sprmTDefTable's operand (after its size).
    pub fn define(arg: &[u8]) -> RowProps {
        let n = (sprm::byte(arg) as usize).min(MAX_CELLS);
        let edges: Vec<i16> = (0..=n)
            .map_while(|i| {
                let at = 1 + 2 * i;
                arg.get(at..at + 2)
                    .map(|b| i16::from_le_bytes([b[0], b[1]]))
            })
            .collect();
        let tcs = 1 + 2 * (n + 1);
        let flags = (0..n)
            .map(|i| {
                let at = tcs + 20 * i;
                arg.get(at..at + 2)
                    .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
            })
            .collect();
        RowProps { edges, flags }
    }

    /// sprmTVertMerge (a cell's vertical merge), sprmTMerge / sprmTSplit (old-style
    /// horizontal merges of a range of cells).
    pub fn modify(&mut self, op: u16, arg: &[u8]) {
        let a = sprm::byte(arg) as usize;
        let b = arg.get(1).copied().unwrap_or(0);
        match op {
            sprm::T_VERT_MERGE => {
                if let Some(f) = self.flags.get_mut(a) {
                    *f = (*f & !0x60) | (u16::from(b & 3) << 5);
                }
            }
            sprm::T_MERGE | sprm::T_SPLIT => {
                // Cells itcFirst up to (not including) itcLim.
                for i in a..(b as usize).min(self.flags.len()) {
                    let h = match op {
                        sprm::T_SPLIT => 0,
                        _ if i == a => 1,
                        _ => 2,
                    };
                    self.flags[i] = (self.flags[i] & !3) | h;
                }
            }
            _ => {}
        }
    }
}

#[derive(Default)]
struct RowB {
    cells: Vec<Vec<String>>,
    props: Option<RowProps>,
}

#[derive(Default)]
pub struct TableB {
    rows: Vec<RowB>,
    row: RowB,
    cell: Vec<String>,
}

/// A cell with its place: grid column, columns spanned, vertical merge (Some(true)
/// starts one, Some(false) continues one).
struct Placed {
    lines: Vec<String>,
    col: usize,
    span: usize,
    vmerge: Option<bool>,
}

impl TableB {
    pub fn add_lines(&mut self, lines: Vec<String>) {
        self.cell.extend(lines);
    }

    pub fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.cell);
        if self.row.cells.len() < MAX_CELLS {
            self.row.cells.push(cell);
        }
    }

    pub fn end_row(&mut self, props: Option<RowProps>) {
        if !self.cell.is_empty() {
            self.end_cell();
        }
        let mut row = std::mem::take(&mut self.row);
        // Only the cells the row has: a definition shared by many rows costs each row
        // no more than its own cells.
        row.props = props.map(|mut p| {
            p.edges.truncate(row.cells.len() + 1);
            p.flags.truncate(row.cells.len());
            p
        });
        if !row.cells.is_empty() {
            self.rows.push(row);
        }
    }

    /// Rows of cells with their spans: a placeholder (rowspan 0) for each later row of
    /// a vertically merged cell.
    pub fn resolve(mut self) -> Vec<RowIn> {
        // A last row without its end mark (a damaged file) still counts.
        if !self.cell.is_empty() || !self.row.cells.is_empty() {
            self.end_row(None);
        }
        let grid = grid_lines(&self.rows);
        let rows: Vec<Vec<Placed>> = self.rows.into_iter().map(|r| place(r, &grid)).collect();
        let rows = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| GridCell {
                        lines: c.lines,
                        col: c.col,
                        colspan: c.span.min(MAX_CELLS) as u32,
                        vmerge: c.vmerge,
                    })
                    .collect()
            })
            .collect();
        resolve_vertical_merges(rows)
    }
}

/// Every cell edge of the table, close ones taken as one.
fn grid_lines(rows: &[RowB]) -> Vec<i32> {
    let mut all: Vec<i32> = rows
        .iter()
        .filter_map(|r| r.props.as_ref())
        .flat_map(|p| p.edges.iter().map(|&e| i32::from(e)))
        .collect();
    all.sort_unstable();
    let mut grid: Vec<i32> = Vec::new();
    for e in all {
        if grid.last().is_none_or(|&g| e - g > SAME_EDGE) {
            grid.push(e);
        }
    }
    grid
}

/// The grid line nearest to `x`.
fn nearest(grid: &[i32], x: i32) -> usize {
    let i = grid.partition_point(|&g| g < x);
    match (i.checked_sub(1), grid.get(i)) {
        (Some(j), Some(&g)) if x - grid[j] < g - x => j,
        (Some(j), None) => j,
        _ => i,
    }
}

/// A row's cells in grid columns, old-style horizontal merges folded.
fn place(row: RowB, grid: &[i32]) -> Vec<Placed> {
    let props = row.props.unwrap_or_default();
    let mut out: Vec<Placed> = Vec::with_capacity(row.cells.len());
    let mut next_col = 0usize;
    for (i, lines) in row.cells.into_iter().enumerate() {
        let edges = (props.edges.get(i), props.edges.get(i + 1));
        let (col, span) = match edges {
            (Some(&l), Some(&r)) if !grid.is_empty() => {
                let (l, r) = (i32::from(l.min(r)), i32::from(l.max(r)));
                let a = nearest(grid, l).max(next_col);
                let b = nearest(grid, r);
                (a, b.saturating_sub(a).max(1))
            }
            _ => (next_col, 1),
        };
        next_col = col + span;
        let flags = props.flags.get(i).copied().unwrap_or(0);
        let vmerge = match (flags >> 5) & 3 {
            1 => Some(false),
            2 | 3 => Some(true),
            _ => None,
        };
        if flags & 3 >= 2 {
            // Merged into the cell before (old-style horizontal merge).
            if let Some(prev) = out.last_mut() {
                prev.span += span;
                prev.lines
                    .extend(lines.into_iter().filter(|l| !l.trim().is_empty()));
                continue;
            }
        }
        out.push(Placed {
            lines,
            col,
            span,
            vmerge,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(edges: &[i16], flags: &[u16]) -> RowProps {
        RowProps {
            edges: edges.to_vec(),
            flags: flags.to_vec(),
        }
    }

    fn row(t: &mut TableB, cells: &[&str], p: RowProps) {
        for c in cells {
            t.add_lines(vec![c.to_string()]);
            t.end_cell();
        }
        t.end_row(Some(p));
    }

    #[test]
    fn spans_from_edges_and_flags() {
        let mut t = TableB::default();
        // Row 0: a cell over two columns (wide), merged down; then two cells.
        row(
            &mut t,
            &["A", "B", "C"],
            props(&[0, 200, 300, 400], &[0x60, 0, 0]),
        );
        // Row 1: the continuation, and a legacy horizontal merge of two cells.
        row(
            &mut t,
            &["", "D", ""],
            props(&[0, 200, 300, 400], &[0x20, 1, 2]),
        );
        let rows = t.resolve();
        let got: Vec<Vec<(String, u32, u32)>> = rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.lines.join("|"), c.colspan, c.rowspan))
                    .collect()
            })
            .collect();
        let c = |s: &str, a: u32, b: u32| (s.to_string(), a, b);
        assert_eq!(
            got,
            vec![
                vec![c("A", 1, 2), c("B", 1, 1), c("C", 1, 1)],
                vec![c("", 1, 0), c("D", 2, 1)],
            ]
        );
    }

    #[test]
    fn grid_columns_from_all_rows() {
        let mut t = TableB::default();
        row(&mut t, &["wide", "x"], props(&[0, 300, 400], &[]));
        row(
            &mut t,
            &["a", "b", "c", "d"],
            props(&[0, 100, 205, 300, 400], &[]),
        );
        let rows = t.resolve();
        assert_eq!(rows[0].cells[0].colspan, 3);
        assert_eq!(rows[0].cells[1].colspan, 1);
        assert!(rows[1].cells.iter().all(|c| c.colspan == 1));
    }
}
