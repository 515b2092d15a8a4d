//! A minimal .docx writer: reader items ([`Items`]) as a WordprocessingML package that
//! Word, WPS and LibreOffice open. Used by the table assistant to write the report's
//! tables (`nianbao::draft::to_items`).
//!
//! What it writes: `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
//! `word/styles.xml` and `word/_rels/document.xml.rels`, in a zip of its own making
//! (deflated with miniz_oxide, CRC-32 computed here). Paragraphs are paragraphs; the
//! first paragraph is the document's title, and a paragraph directly before a table is
//! that table's heading (style 标题 2). Tables have single borders on every cell, their
//! merged cells as `gridSpan` (columns) and `vMerge` (rows: `restart` on the first,
//! continuations where a reader's placeholder stands), on an A4 page. Chrome, page
//! breaks and images are not written.

use nianbao_items::{CellIn, Item, Items, RowIn};

// The reader's CRC-32: one table-driven implementation for reading and writing.
use crate::zip::{write_zip, NewEntry, FLAG_UTF8};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// 宋体 10.5 pt for the body and tables; the title and headings in 黑体.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="60" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// A4 portrait, 2 cm margins: 11906 − 2 × 1134 twips of text width.
const TEXT_WIDTH: u32 = 9638;

const SECTION: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>"#;

/// Writes the items as a .docx.
pub fn write(items: &Items) -> Vec<u8> {
    let document = document_xml(&items.items);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
    ];
    let entries: Vec<NewEntry> = parts
        .iter()
        .map(|&(name, data)| NewEntry {
            name,
            data,
            deflate: true,
            ..NewEntry::default()
        })
        .collect();
    write_zip(&entries, FLAG_UTF8)
}

fn document_xml(items: &[Item]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let mut first = true;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Para(text) => {
                let before_table = matches!(items.get(i + 1), Some(Item::Table(_)));
                let style = if first {
                    Some("Title")
                } else if before_table {
                    Some("Heading2")
                } else {
                    None
                };
                first = false;
                paragraph(&mut s, style, None, text);
            }
            Item::Table(rows) => {
                first = false;
                table(&mut s, rows);
                // Two tables in a row would merge into one: a paragraph keeps them apart
                // (and a document may not end in a table).
                paragraph(&mut s, None, None, "");
            }
            Item::Chrome(_) | Item::PageBreak | Item::Image => {}
        }
    }
    s.push_str(SECTION);
    s.push_str("</w:body></w:document>");
    s
}

/// Text as XML character data: markup escaped, characters XML does not allow dropped.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn paragraph(out: &mut String, style: Option<&str>, align: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if style.is_some() || align.is_some() {
        out.push_str("<w:pPr>");
        if let Some(st) = style {
            out.push_str(&format!(r#"<w:pStyle w:val="{st}"/>"#));
        }
        if let Some(a) = align {
            out.push_str(&format!(r#"<w:jc w:val="{a}"/>"#));
        }
        out.push_str("</w:pPr>");
    }
    if !text.is_empty() {
        out.push_str(r#"<w:r><w:t xml:space="preserve">"#);
        escape(out, text);
        out.push_str("</w:t></w:r>");
    }
    out.push_str("</w:p>");
}

const BORDER: &str = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;

fn table(out: &mut String, rows: &[RowIn]) {
    let columns = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.colspan.max(1)).sum::<u32>())
        .max()
        .unwrap_or(1)
        .max(1);
    let widths = column_widths(rows, columns as usize);
    out.push_str(
        r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>"#,
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!("<w:{side} {BORDER}/>"));
    }
    out.push_str(r#"</w:tblBorders><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>"#);
    for w in &widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
    for row in rows {
        out.push_str("<w:tr>");
        let mut at = 0;
        for cell in &row.cells {
            let span = cell.colspan.max(1) as usize;
            let width: u32 = widths.iter().skip(at).take(span).sum();
            cell_xml(out, cell, width);
            at += span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// The width of each grid column: the page's text width shared by how long the texts
/// of the cells that stand in that column alone are (labels wide, numbers narrow).
fn column_widths(rows: &[RowIn], columns: usize) -> Vec<u32> {
    let mut weight = vec![4u32; columns];
    for row in rows {
        let mut at = 0;
        for cell in &row.cells {
            if cell.colspan <= 1 && at < columns {
                let len = cell
                    .lines
                    .iter()
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0) as u32;
                weight[at] = weight[at].max(len.min(14));
            }
            at += cell.colspan.max(1) as usize;
        }
    }
    let total: u32 = weight.iter().sum();
    weight.iter().map(|w| TEXT_WIDTH * w / total).collect()
}

fn cell_xml(out: &mut String, cell: &CellIn, width: u32) {
    let span = cell.colspan.max(1);
    out.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
    ));
    if span > 1 {
        out.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
    }
    match cell.rowspan {
        0 => out.push_str("<w:vMerge/>"),
        1 => {}
        _ => out.push_str(r#"<w:vMerge w:val="restart"/>"#),
    }
    out.push_str("<w:tcBorders>");
    for side in ["top", "left", "bottom", "right"] {
        out.push_str(&format!("<w:{side} {BORDER}/>"));
    }
    out.push_str(r#"</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>"#);
    // Numbers and short headings centred, as the template prints them.
    let centred = |t: &str| t.chars().count() <= 12;
    if cell.lines.is_empty() {
        paragraph(out, None, None, "");
    }
    for line in &cell.lines {
        paragraph(out, None, centred(line).then_some("center"), line);
    }
    out.push_str("</w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Items {
        Items {
            items: vec![
                Item::Para("标题 & <说明>".into()),
                Item::Para("三、收到和处理政府信息公开申请情况".into()),
                Item::Table(vec![
                    RowIn {
                        cells: vec![
                            CellIn::new(vec!["三、本年度办理结果".into()], 1, 2),
                            CellIn::new(vec!["（一）予以公开".into()], 2, 1),
                            CellIn::new(vec!["3".into()], 1, 1),
                        ],
                    },
                    RowIn {
                        cells: vec![
                            CellIn::placeholder(1),
                            CellIn::new(vec!["（二）部分公开".into()], 2, 1),
                            CellIn::new(Vec::new(), 1, 1),
                        ],
                    },
                ]),
            ],
            producer: None,
        }
    }

    /// Items as the checker sees them: empty paragraphs (the one after each table) and
    /// an empty cell's empty paragraph are nothing.
    fn normal(items: Vec<Item>) -> Vec<Item> {
        items
            .into_iter()
            .filter(|i| !matches!(i, Item::Para(p) if p.is_empty()))
            .map(|i| match i {
                Item::Table(rows) => Item::Table(
                    rows.into_iter()
                        .map(|r| RowIn {
                            cells: r
                                .cells
                                .into_iter()
                                .map(|mut c| {
                                    c.lines.retain(|l| !l.is_empty());
                                    c
                                })
                                .collect(),
                        })
                        .collect(),
                ),
                i => i,
            })
            .collect()
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let bytes = write(&sample());
        let back = crate::read(&bytes).expect("the reader opens what the writer wrote");
        assert_eq!(normal(back.items), sample().items);
    }

    #[test]
    fn the_package_has_its_parts_and_markup_is_escaped() {
        let bytes = write(&sample());
        let archive = crate::zip::Archive::open(&bytes).unwrap();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
        ] {
            assert!(archive.read(part).unwrap().is_some(), "{part}");
        }
        let doc = String::from_utf8(archive.read("word/document.xml").unwrap().unwrap()).unwrap();
        assert!(doc.contains("标题 &amp; &lt;说明&gt;"));
        assert!(doc.contains(r#"<w:vMerge w:val="restart"/>"#));
        assert!(doc.contains("<w:vMerge/>"));
        assert!(doc.contains(r#"<w:gridSpan w:val="2"/>"#));
        assert!(doc.contains(r#"<w:pStyle w:val="Heading2"/>"#));
        // Always the same bytes for the same items.
        assert_eq!(bytes, write(&sample()));
    }
}
