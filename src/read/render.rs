//! Renders what the HTML and .docx readers found to text in the layout of a report
//! copied out of Word, then reads that text with the text reader: one reading for every
//! format, and spans that point into text a page can show.
//!
//! The layout: a paragraph per line; a table cell per line starting with a tab, its
//! further paragraphs on the following lines; a blank line after every row. A merged
//! cell is written once; the later rows it covers hold an empty cell in its place, as
//! Word writes them. Page chrome is written on lines of its own and recorded as an
//! artifact instead of a paragraph.

use crate::doc::{trim_padding, Artifact, ArtifactKind, Block, Document};
use crate::heading::looks_like_section_heading;
use crate::span::Span;

pub use nianbao_items::{CellIn, Item, RowIn};

/// One line of text without the characters that would change how the text reader reads
/// it: a tab inside a line would split it into cells, so it becomes a space.
fn clean(line: &str) -> &str {
    trim_padding(line).0
}

fn push_clean(out: &mut String, line: &str) {
    for c in clean(line).chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

pub fn render(items: &[Item]) -> Document {
    let mut out = String::new();
    let mut chrome: Vec<Span> = Vec::new();
    let mut images: Vec<usize> = Vec::new();
    let mut rows: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut pages: Vec<usize> = Vec::new();
    for item in items {
        match item {
            Item::Para(text) => {
                for line in text.split('\n') {
                    if !clean(line).is_empty() {
                        push_clean(&mut out, line);
                        out.push('\n');
                    }
                }
            }
            // Nothing is written; where the page starts is recorded.
            Item::PageBreak => {
                if pages.is_empty() {
                    pages.push(0);
                }
                pages.push(out.len());
            }
            Item::Image => images.push(out.len()),
            Item::Chrome(text) => {
                if !clean(text).is_empty() {
                    let start = out.len();
                    push_clean(&mut out, text);
                    chrome.push(Span::new(start, out.len()));
                    out.push('\n');
                }
            }
            Item::Table(table) => {
                for row in table.iter().filter(|r| !r.cells.is_empty()) {
                    for cell in &row.cells {
                        out.push('\t');
                        let mut first = true;
                        for line in cell.lines.iter().filter(|l| !clean(l).is_empty()) {
                            if !first {
                                // A further paragraph that looks like a section heading
                                // would end the table for the text reader: keep it on
                                // the cell's line.
                                let heading = looks_like_section_heading(clean(line));
                                out.push(if heading { ' ' } else { '\n' });
                            }
                            push_clean(&mut out, line);
                            first = false;
                        }
                        out.push('\n');
                    }
                    out.push('\n');
                    rows.push(row.cells.iter().map(|c| (c.colspan, c.rowspan)).collect());
                }
            }
        }
    }
    let mut doc = super::text::read(&out);
    doc.pages = pages;
    restore_spans(&mut doc, &rows);
    move_chrome(&mut doc, &chrome);
    doc.images = images;
    doc
}

/// Gives the cells the text reader found the colspans and rowspans of the markup. The
/// rendering is made so the two agree row for row and cell for cell; should they ever
/// not, the cells keep the text reader's 1 × 1 rather than borrowing another's.
fn restore_spans(doc: &mut Document, rows: &[Vec<(u32, u32)>]) {
    let read: Vec<usize> = doc
        .tables()
        .flat_map(|t| t.rows.iter().map(|r| r.cells.len()))
        .collect();
    let agree = read.len() == rows.len() && read.iter().zip(rows).all(|(n, r)| *n == r.len());
    if !agree {
        return;
    }
    let mut spans = rows.iter();
    for block in &mut doc.blocks {
        let Block::Table(t) = block else { continue };
        for row in &mut t.rows {
            let Some(given) = spans.next() else { return };
            for (cell, &(colspan, rowspan)) in row.cells.iter_mut().zip(given) {
                cell.colspan = colspan;
                cell.rowspan = rowspan;
            }
        }
    }
}

/// Turns the paragraphs read from chrome lines into page-chrome artifacts.
fn move_chrome(doc: &mut Document, chrome: &[Span]) {
    if chrome.is_empty() {
        return;
    }
    let is_chrome = |s: Span| chrome.iter().any(|c| c.start <= s.start && s.end <= c.end);
    let mut artifacts = Vec::new();
    doc.blocks.retain(|b| match b {
        Block::Paragraph(p) if is_chrome(p.span) => {
            artifacts.push(Artifact {
                kind: ArtifactKind::PageChrome,
                span: p.span,
            });
            false
        }
        _ => true,
    });
    doc.artifacts.extend(artifacts);
    crate::sort::by_key(&mut doc.artifacts, |a| a.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> CellIn {
        CellIn::new(vec![text.to_string()], 1, 1)
    }

    #[test]
    fn renders_the_word_copy_layout_and_keeps_spans() {
        let items = vec![
            Item::Para("三、收到和处理政府信息公开申请情况".into()),
            Item::Chrome("【打印本页】".into()),
            Item::Table(vec![
                RowIn {
                    cells: vec![
                        CellIn::new(vec!["三、本年度办理结果".into()], 1, 2),
                        CellIn::new(vec!["（一）予以公开".into()], 2, 1),
                        cell("0"),
                    ],
                },
                RowIn {
                    cells: vec![
                        CellIn::placeholder(1),
                        CellIn::new(vec!["（二）部分".into(), "公开".into()], 2, 1),
                        CellIn::new(vec![], 1, 1),
                    ],
                },
            ]),
            Item::Para("四、政府信息公开行政复议、行政诉讼情况".into()),
        ];
        let doc = render(&items);
        assert_eq!(
            doc.text,
            "三、收到和处理政府信息公开申请情况\n【打印本页】\n\t三、本年度办理结果\n\t（一）予以公开\n\t0\n\n\t\n\t（二）部分\n公开\n\t\n\n四、政府信息公开行政复议、行政诉讼情况\n"
        );
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(doc.artifacts.len(), 1);
        assert_eq!(doc.artifacts[0].kind, ArtifactKind::PageChrome);
        let t = doc.tables().next().unwrap();
        let spans: Vec<(u32, u32)> = t.rows[1]
            .cells
            .iter()
            .map(|c| (c.colspan, c.rowspan))
            .collect();
        assert_eq!(spans, [(1, 0), (2, 1), (1, 1)]);
        assert_eq!(t.rows[0].cells[0].rowspan, 2);
        assert_eq!(t.rows[1].cells[1].text, "（二）部分\n公开");
    }

    #[test]
    fn tabs_and_heading_like_continuations_stay_in_their_cell() {
        let items = vec![Item::Table(vec![RowIn {
            cells: vec![
                CellIn::new(vec!["a\tb".into(), "一、总体情况".into()], 1, 1),
                cell("1"),
            ],
        }])];
        let doc = render(&items);
        let t = doc.tables().next().unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[0].text, "a b 一、总体情况");
        assert_eq!(t.rows[0].cells[1].text, "1");
    }
}
