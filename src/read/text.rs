//! The plain-text reader: reports as copied out of Word (or saved as .txt).
//!
//! Word puts each table cell on its own line, indented by a tab, and a blank line
//! between rows; a cell holding several paragraphs continues on lines without the tab.
//! Tab-separated lines without a leading tab (a table copied from a web page or a
//! spreadsheet) are read as one row each. Everything else is a paragraph, one per line.

use crate::doc::{
    trim_padding, Artifact, ArtifactKind, Block, Cell, Document, Paragraph, Row, Table,
};
use crate::heading::looks_like_section_heading;
use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Blank,
    Cell,
    Paragraph,
}

struct Builder {
    blocks: Vec<Block>,
    artifacts: Vec<Artifact>,
    table: Option<Table>,
    row: Option<Row>,
    /// Cells in the last row closed: the next row's likely width, so its cells are
    /// allocated once rather than grown push by push.
    width: usize,
}

impl Builder {
    fn close_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.width = row.cells.len();
            let table = self.table.get_or_insert_with(|| Table {
                // A report's tables have a few to a few dozen rows.
                rows: Vec::with_capacity(16),
                ..Table::default()
            });
            table.span = if table.rows.is_empty() {
                row.span
            } else {
                table.span.cover(row.span)
            };
            table.rows.push(row);
        }
    }

    fn close_table(&mut self) {
        self.close_row();
        if let Some(t) = self.table.take() {
            if !t.rows.is_empty() {
                self.blocks.push(Block::Table(t));
            }
        }
    }

    fn push_cell(&mut self, text: &str, at: usize) {
        let (text, start) = self.strip_bookmarks(text, at);
        let cell = Cell::new(text.to_string(), Span::new(start, start + text.len()));
        let width = self.width;
        let row = self.row.get_or_insert_with(|| Row {
            cells: Vec::with_capacity(width.max(4)),
            span: cell.span,
        });
        row.span = if row.cells.is_empty() {
            cell.span
        } else {
            row.span.cover(cell.span)
        };
        row.cells.push(cell);
    }

    /// Removes Word's `[bookmark: …]` markers and padding at the start and end of a
    /// piece of text at byte offset `at`; records each marker as an artifact. Returns the
    /// remaining text and its offset. Markers inside the text are left in place so that
    /// the text stays equal to its span in the source.
    fn strip_bookmarks<'a>(&mut self, text: &'a str, at: usize) -> (&'a str, usize) {
        let (mut t, lead) = trim_padding(text);
        let mut start = at + lead;
        loop {
            if t.starts_with("[bookmark:") {
                if let Some(close) = t.find(']') {
                    self.artifacts.push(Artifact {
                        kind: ArtifactKind::Bookmark,
                        span: Span::new(start, start + close + 1),
                    });
                    let (rest, lead) = trim_padding(&t[close + 1..]);
                    start += close + 1 + lead;
                    t = rest;
                    continue;
                }
            }
            if t.ends_with(']') {
                if let Some(open) = t.rfind("[bookmark:") {
                    self.artifacts.push(Artifact {
                        kind: ArtifactKind::Bookmark,
                        span: Span::new(start + open, start + t.len()),
                    });
                    t = trim_padding(&t[..open]).0;
                    continue;
                }
            }
            break;
        }
        (t, start)
    }
}

/// Reads copied Word text. Never fails: anything is some paragraphs and tables.
pub fn read(input: &str) -> Document {
    let mut b = Builder {
        blocks: Vec::new(),
        artifacts: Vec::new(),
        table: None,
        row: None,
        width: 0,
    };
    let mut prev = Prev::Blank;
    // Fields are found with memchr like the lines ('\t' never occurs inside a UTF-8
    // sequence): `next_tab` is the first tab at or after the line being read, so each tab
    // of the text is searched for once, and a line without one costs no search.
    let bytes = input.as_bytes();
    let tab_from = |at: usize| memchr::memchr(b'\t', &bytes[at..]).map(|i| at + i);
    let mut next_tab = tab_from(0);
    for (line_start, line) in crate::text_util::lines(input) {
        let line_end = line_start + line.len();
        let in_line = |t: Option<usize>| t.filter(|&t| t < line_end).map(|t| t - line_start);
        if let Some(first_tab) = in_line(next_tab) {
            let leading = first_tab == 0;
            if !leading {
                // A tab-separated row on one line: it stands alone.
                b.close_row();
            }
            let mut field_start = 0;
            let mut tab = Some(first_tab);
            loop {
                let field_end = tab.unwrap_or(line.len());
                if !(leading && field_start == 0) {
                    b.push_cell(&line[field_start..field_end], line_start + field_start);
                }
                let Some(t) = tab else { break };
                field_start = t + 1;
                next_tab = tab_from(line_start + field_start);
                tab = in_line(next_tab);
            }
            if !leading {
                b.close_row();
            }
            prev = Prev::Cell;
            continue;
        }
        let (trimmed, lead) = trim_padding(line);
        if trimmed.is_empty() {
            b.close_row();
            prev = Prev::Blank;
            continue;
        }
        if prev == Prev::Cell && b.row.is_some() && !looks_like_section_heading(trimmed) {
            // A cell's further paragraph.
            let (text, start) = b.strip_bookmarks(trimmed, line_start + lead);
            if let Some(cell) = b.row.as_mut().and_then(|r| r.cells.last_mut()) {
                if cell.text.is_empty() {
                    cell.text = text.to_string();
                    cell.span = Span::new(start, start + text.len());
                } else if !text.is_empty() {
                    cell.text.push('\n');
                    cell.text.push_str(text);
                    cell.span = cell.span.cover(Span::new(start, start + text.len()));
                }
                let span = cell.span;
                if let Some(row) = b.row.as_mut() {
                    row.span = row.span.cover(span);
                }
            }
            continue;
        }
        b.close_table();
        let (text, start) = b.strip_bookmarks(trimmed, line_start + lead);
        if !text.is_empty() {
            b.blocks.push(Block::Paragraph(Paragraph {
                text: text.to_string(),
                span: Span::new(start, start + text.len()),
            }));
        }
        prev = Prev::Paragraph;
    }
    b.close_table();
    Document {
        text: input.to_string(),
        blocks: b.blocks,
        artifacts: b.artifacts,
        ..Document::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_rows_continuations_and_bookmarks() {
        let src = "标题\n[bookmark: _GoBack]一、总体情况\n\t信息内容\n\t本年新\n制作数量\n\n\t规章\n\t\u{3000}0\n\t\n（五）不予处理\n\n三、收到和处理政府信息公开申请情况\n";
        let doc = read(src);
        assert_eq!(doc.blocks.len(), 4);
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(p.text, "一、总体情况");
        assert_eq!(&src[p.span.start..p.span.end], "一、总体情况");
        assert_eq!(doc.artifacts.len(), 1);
        let Block::Table(t) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].text, "本年新\n制作数量");
        assert_eq!(t.rows[1].cells[1].text, "0");
        assert_eq!(
            &src[t.rows[1].cells[1].span.start..t.rows[1].cells[1].span.end],
            "0"
        );
        assert_eq!(t.rows[1].cells[2].text, "（五）不予处理");
        let Block::Paragraph(p) = &doc.blocks[3] else {
            panic!()
        };
        assert!(p.text.starts_with("三、"));
    }

    #[test]
    fn tab_separated_lines_are_rows() {
        let doc = read("规章\t0\t1\t2\n行政规范性文件\t3\t4\t5\n");
        let t = doc.tables().next().unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells.len(), 4);
        assert_eq!(t.rows[1].cells[3].text, "5");
    }

    #[test]
    fn crlf_and_empty_cells_keep_spans_on_the_line() {
        let src = "\t0\r\n\t \r\n\r\n";
        let doc = read(src);
        let t = doc.tables().next().unwrap();
        let c = &t.rows[0].cells[1];
        assert_eq!(c.text, "");
        assert!(c.span.start >= 4 && c.span.start <= 7);
    }
}
