//! Vertical merges as Word keeps them (`vMerge` in .docx, the vertical-merge flags of a
//! .doc table row): every row has its own cell at the merged place, the first marked as
//! starting the merge and each later one as continuing it. Readers hand the core one
//! cell with a row span and a placeholder below it ([`CellIn::placeholder`]); both Word
//! readers resolve them here.

use crate::{CellIn, RowIn};

/// A table cell as a Word reader finds it, before vertical merges are resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridCell {
    /// The cell's paragraphs.
    pub lines: Vec<String>,
    /// The grid column the cell starts at; columns never fall along a row.
    pub col: usize,
    pub colspan: u32,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues the cell above.
    pub vmerge: Option<bool>,
}

/// Rows with vertical merges resolved: a cell that continues a merge becomes a
/// placeholder (row span 0), and the cell that started the merge spans its rows. A cell
/// marked as continuing with no cell starting at its column in the row above (a damaged
/// or hand-made file) is a cell of its own.
pub fn resolve_vertical_merges(rows: Vec<Vec<GridCell>>) -> Vec<RowIn> {
    // For each continued cell the origin above (row, index), and the origins' row spans.
    let mut origin: Vec<Vec<Option<(usize, usize)>>> =
        rows.iter().map(|r| vec![None; r.len()]).collect();
    let mut rowspan: Vec<Vec<u32>> = rows.iter().map(|r| vec![1; r.len()]).collect();
    for ri in 1..rows.len() {
        let above_row = &rows[ri - 1];
        for ci in 0..rows[ri].len() {
            if rows[ri][ci].vmerge != Some(false) {
                continue;
            }
            let col = rows[ri][ci].col;
            // The first cell above starting at this column (columns rise along a row).
            let above = above_row.partition_point(|c| c.col < col);
            if above_row.get(above).map(|c| c.col) != Some(col) {
                continue;
            }
            let o = origin[ri - 1][above].unwrap_or((ri - 1, above));
            origin[ri][ci] = Some(o);
            rowspan[o.0][o.1] += 1;
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(ri, r)| RowIn {
            cells: r
                .into_iter()
                .enumerate()
                .map(|(ci, c)| {
                    if origin[ri][ci].is_some() {
                        CellIn::placeholder(c.colspan)
                    } else {
                        CellIn::new(c.lines, c.colspan, rowspan[ri][ci])
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, col: usize, colspan: u32, vmerge: Option<bool>) -> GridCell {
        GridCell {
            lines: vec![text.to_string()],
            col,
            colspan,
            vmerge,
        }
    }

    fn shape(rows: &[RowIn]) -> Vec<Vec<(String, u32, u32)>> {
        rows.iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.lines.concat(), c.colspan, c.rowspan))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_merge_down_spans_its_rows_and_leaves_placeholders() {
        // Table 三's "三、本年度办理结果" merged down three rows beside a two-column
        // label, and a cell continuing in the last row only.
        let rows = vec![
            vec![
                cell("三、本年度办理结果", 0, 1, Some(true)),
                cell("（一）", 1, 2, None),
            ],
            vec![
                cell("", 0, 1, Some(false)),
                cell("（二）", 1, 1, Some(true)),
                cell("x", 2, 1, None),
            ],
            vec![
                cell("", 0, 1, Some(false)),
                cell("", 1, 1, Some(false)),
                cell("y", 2, 1, None),
            ],
        ];
        let s = |t: &str, c, r| (t.to_string(), c, r);
        assert_eq!(
            shape(&resolve_vertical_merges(rows)),
            [
                vec![s("三、本年度办理结果", 1, 3), s("（一）", 2, 1)],
                vec![s("", 1, 0), s("（二）", 1, 2), s("x", 1, 1)],
                vec![s("", 1, 0), s("", 1, 0), s("y", 1, 1)],
            ]
        );
    }

    #[test]
    fn a_continuation_without_a_cell_above_stands_alone() {
        let rows = vec![
            vec![cell("a", 0, 2, None)],
            // Column 1 starts no cell above (the cell above spans it); the first row has
            // nothing above at all.
            vec![cell("b", 0, 1, None), cell("c", 1, 1, Some(false))],
        ];
        let first_alone = vec![vec![cell("d", 0, 1, Some(false))]];
        let s = |t: &str, c, r| (t.to_string(), c, r);
        assert_eq!(
            shape(&resolve_vertical_merges(rows)),
            [vec![s("a", 2, 1)], vec![s("b", 1, 1), s("c", 1, 1)]]
        );
        assert_eq!(
            shape(&resolve_vertical_merges(first_alone)),
            [vec![s("d", 1, 1)]]
        );
        assert!(resolve_vertical_merges(Vec::new()).is_empty());
    }
}
