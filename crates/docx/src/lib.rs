//! The .docx reader of nianbao: WordprocessingML out of the zip, read as Word shows it.
//! Paragraphs and tables in order; runs hidden, deleted or moved away left out; field
//! codes left out but their results kept; text boxes and drawings left out (Word's copy
//! leaves them out too; a drawing in the body is recorded as a picture). Table cells keep
//! their `gridSpan` as colspan; a cell merged down (`vMerge`) keeps its text in its first
//! row and an empty placeholder in the others, which is how Word copies it. Tables inside
//! a cell are read as the cell's paragraphs.
//!
//! A crate of its own, like the PDF and legacy Word readers: natively the core calls it;
//! in the browser it is part of the readers module that the page loads only for files
//! that need it, which keeps the zip and XML code out of what every visitor downloads.

use quick_xml::events::{BytesStart, Event};

use nianbao_items::{resolve_vertical_merges, GridCell, Item, Items, ReadError, RowIn};
use numbering::Numbering;
use zip::{Archive, ZipError};

mod numbering;
pub mod write;
mod zip;

pub use write::write;
pub use zip::{
    write_zip, NewEntry, FLAG_UTF8, MAX_ENTRIES, MAX_EXPANSION_RATIO, MAX_UNPACKED_BYTES,
    RATIO_FREE_BYTES,
};

const ADVICE_BROKEN: &str =
    "请重新下载或从原处重新获取文件，或在 Word 中打开后另存为新的 .docx 再检查；也可以复制正文粘贴到检查框。";
/// Advice for a file that is no Word document: the ways in that always work.
const ADVICE_RESAVE: &str =
    "请在 Word 或 WPS 中打开报告，另存为“Word 文档（*.docx）”后再检查；也可以全选复制正文，粘贴到检查框。";

fn refused(reason: impl Into<String>, advice: &str) -> ReadError {
    ReadError::Refused {
        reason: reason.into(),
        advice: advice.to_string(),
    }
}

/// Reads a .docx (or says what the zip is instead).
pub fn read(bytes: &[u8]) -> Result<Items, ReadError> {
    let fail = |e: ZipError| {
        let advice = match e {
            ZipError::Encrypted => {
                "请解除加密（在 Word 中取消打开密码）后另存为 .docx 再检查；也可以复制正文粘贴到检查框。"
            }
            _ => ADVICE_BROKEN,
        };
        refused(e.reason(), advice)
    };
    let archive = Archive::open(bytes).map_err(fail)?;
    let main = main_part(&archive).map_err(fail)?;
    let Some(xml) = archive.read(&main).map_err(fail)? else {
        return Err(not_docx(&archive));
    };
    // A missing or broken numbering part only loses list numbers.
    let numbering = match archive.read("word/numbering.xml") {
        Ok(Some(xml)) => Numbering::parse(&xml),
        _ => Numbering::default(),
    };
    let items = document(&xml, numbering).ok_or_else(|| fail(ZipError::Broken))?;
    Ok(Items {
        items,
        producer: None,
    })
}

/// What a zip without a Word document is, for the message.
fn not_docx(archive: &Archive) -> ReadError {
    let has = |n: &str| archive.names().any(|e| e.eq_ignore_ascii_case(n));
    let (reason, advice) = if has("xl/workbook.xml") {
        ("这是 Excel 表格（.xlsx），不是报告文档", ADVICE_RESAVE)
    } else if has("ppt/presentation.xml") {
        (
            "这是 PowerPoint 演示文稿（.pptx），不是报告文档",
            ADVICE_RESAVE,
        )
    } else if has("content.xml") && has("mimetype") {
        (
            "这是 OpenDocument 文档（如 .odt），本工具读取 .docx",
            ADVICE_RESAVE,
        )
    } else if archive.any_encrypted() {
        ("压缩包已加密，无法读取其中的文字", ADVICE_BROKEN)
    } else {
        (
            "这是一个压缩包，不是 .docx 文档（其中没有 Word 正文 word/document.xml）",
            "请先解压，再选择其中的报告文件（.docx、.html 或 .txt）。",
        )
    };
    refused(reason, advice)
}

fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().to_vec()
}

/// The value of the attribute whose local name is `key` (`w:val` → `val`).
fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The main document part, from the package relationships (usually
/// `word/document.xml`).
fn main_part(archive: &Archive) -> Result<String, ZipError> {
    let fallback = "word/document.xml".to_string();
    let Some(rels) = archive.read("_rels/.rels")? else {
        return Ok(fallback);
    };
    let mut r = quick_xml::Reader::from_reader(rels.as_slice());
    loop {
        match r.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if local(&e) == b"Relationship" => {
                let kind = attr(&e, b"Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    if let Some(target) = attr(&e, b"Target") {
                        return Ok(target.trim_start_matches('/').to_string());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(fallback),
            _ => {}
        }
    }
}

#[derive(Default)]
struct CellB {
    lines: Vec<String>,
    span: u32,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
    hmerge: Option<bool>,
}

#[derive(Default)]
struct RowB {
    cells: Vec<CellB>,
    grid_before: u32,
}

#[derive(Default)]
struct TableB {
    rows: Vec<RowB>,
}

impl TableB {
    fn cell(&mut self) -> Option<&mut CellB> {
        self.rows.last_mut().and_then(|r| r.cells.last_mut())
    }

    /// The table's text as lines, for a table nested in a cell.
    fn lines(self) -> Vec<String> {
        self.rows
            .into_iter()
            .flat_map(|r| r.cells.into_iter().flat_map(|c| c.lines))
            .collect()
    }

    /// Rows of cells, merges resolved.
    fn resolve(self) -> Vec<RowIn> {
        // Horizontal merges (legacy `hMerge`): fold continuations into the cell before.
        let rows: Vec<RowB> = self
            .rows
            .into_iter()
            .map(|r| {
                let mut cells: Vec<CellB> = Vec::new();
                for c in r.cells {
                    match (c.hmerge, cells.last_mut()) {
                        (Some(false), Some(prev)) => prev.span += c.span,
                        _ => cells.push(c),
                    }
                }
                RowB {
                    cells,
                    grid_before: r.grid_before,
                }
            })
            .collect();
        // The grid column each cell starts at.
        let rows = rows
            .into_iter()
            .map(|r| {
                let mut col = r.grid_before as usize;
                r.cells
                    .into_iter()
                    .map(|c| {
                        let cell = GridCell {
                            lines: c.lines,
                            col,
                            colspan: c.span,
                            vmerge: c.vmerge,
                        };
                        col += c.span as usize;
                        cell
                    })
                    .collect()
            })
            .collect();
        resolve_vertical_merges(rows)
    }
}

#[derive(Default)]
struct Reader {
    items: Vec<Item>,
    /// Depth inside an element whose content is left out (0: not skipping).
    skip: usize,
    /// The paragraph being read: its finished lines and the current one.
    para: Option<(Vec<String>, String)>,
    in_text: bool,
    in_run: bool,
    in_run_props: bool,
    run_hidden: bool,
    tables: Vec<TableB>,
    numbering: Numbering,
    /// The paragraph's list (`w:numId`, `w:ilvl`), if numbered.
    num: (Option<String>, usize),
}

/// Elements whose content is not part of the text as Word shows it.
const SKIPPED: [&[u8]; 16] = [
    b"del",
    b"moveFrom",
    b"delText",
    b"instrText",
    b"drawing",
    b"pict",
    b"object",
    b"Fallback",
    b"txbxContent",
    b"footnoteReference",
    b"endnoteReference",
    b"commentReference",
    b"fldData",
    b"sectPr",
    // The formatting before a tracked change, not the paragraph's own.
    b"pPrChange",
    b"rPrChange",
];

impl Reader {
    fn push_text(&mut self, s: &str) {
        if self.skip > 0 || !self.in_text || self.run_hidden {
            return;
        }
        if let Some((_, line)) = &mut self.para {
            line.push_str(s);
        }
    }

    fn line_break(&mut self) {
        if self.skip > 0 || self.run_hidden {
            return;
        }
        if let Some((lines, line)) = &mut self.para {
            lines.push(std::mem::take(line));
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = local(e);
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        if SKIPPED.contains(&name.as_slice()) {
            // A picture in the body (not in a table, whose cells hold text only): where
            // it stands is recorded, its content left out.
            if matches!(name.as_slice(), b"drawing" | b"pict") && self.tables.is_empty() {
                self.items.push(Item::Image);
            }
            if !empty {
                self.skip = 1;
            }
            return;
        }
        match name.as_slice() {
            b"p" => {
                self.para = Some((Vec::new(), String::new()));
                self.num = (None, 0);
            }
            b"numId" if self.para.is_some() => self.num.0 = attr(e, b"val"),
            b"ilvl" if self.para.is_some() => {
                self.num.1 = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
            }
            b"r" => {
                self.in_run = true;
                self.run_hidden = false;
            }
            b"rPr" if self.in_run => self.in_run_props = true,
            b"vanish" | b"specVanish" if self.in_run_props => {
                let off = matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"));
                self.run_hidden = !off;
            }
            b"t" => self.in_text = !empty,
            b"tab" | b"ptab" if self.in_run => self.push_raw("\t"),
            b"br" | b"cr" => self.line_break(),
            b"noBreakHyphen" => self.push_raw("-"),
            b"tbl" => self.tables.push(TableB::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(RowB::default());
                }
            }
            b"tc" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.cells.push(CellB {
                        span: 1,
                        ..CellB::default()
                    });
                }
            }
            b"gridSpan" => {
                let n = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1u32);
                if let Some(c) = self.tables.last_mut().and_then(TableB::cell) {
                    c.span = n.clamp(1, 1000);
                }
            }
            b"vMerge" | b"hMerge" => {
                let restart = attr(e, b"val").as_deref() == Some("restart");
                if let Some(c) = self.tables.last_mut().and_then(TableB::cell) {
                    if name == b"vMerge" {
                        c.vmerge = Some(restart);
                    } else {
                        c.hmerge = Some(restart);
                    }
                }
            }
            b"gridBefore" => {
                let n = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0u32);
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.grid_before = n.min(1000);
                }
            }
            _ => {}
        }
        if empty {
            self.end(&name);
        }
    }

    /// Text that is not inside `<w:t>` (tabs, hyphens).
    fn push_raw(&mut self, s: &str) {
        if self.skip > 0 || self.run_hidden {
            return;
        }
        if let Some((_, line)) = &mut self.para {
            line.push_str(s);
        }
    }

    /// Puts the list number Word shows before a numbered paragraph's text.
    fn number(&mut self, lines: &mut [String]) {
        let Some(num) = self.num.0.take() else { return };
        let Some(first) = lines.iter_mut().find(|l| !l.trim().is_empty()) else {
            return;
        };
        if let Some(label) = self.numbering.next(&num, self.num.1) {
            let joined =
                label.is_empty() || label.ends_with(['、', '.', '．', '）', ')', '：', ':']);
            let sep = if joined { "" } else { " " };
            *first = format!("{label}{sep}{}", first.trim_start());
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"rPr" => self.in_run_props = false,
            b"r" => {
                self.in_run = false;
                self.run_hidden = false;
            }
            b"p" => {
                let Some((mut lines, line)) = self.para.take() else {
                    return;
                };
                lines.push(line);
                self.number(&mut lines);
                if self.tables.is_empty() {
                    self.items.push(Item::Para(lines.join("\n")));
                } else if let Some(cell) = self.tables.last_mut().and_then(TableB::cell) {
                    cell.lines.extend(lines);
                }
            }
            b"tbl" => {
                let Some(t) = self.tables.pop() else { return };
                match self.tables.last_mut() {
                    Some(outer) => {
                        if let Some(cell) = outer.cell() {
                            cell.lines.extend(t.lines());
                        }
                    }
                    None => self.items.push(Item::Table(t.resolve())),
                }
            }
            _ => {}
        }
    }
}

/// Reads `word/document.xml`; `None` when it is not well-formed enough to read.
fn document(xml: &[u8], numbering: Numbering) -> Option<Vec<Item>> {
    let mut r = quick_xml::Reader::from_reader(xml);
    {
        let config = r.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    }
    let mut reader = Reader {
        numbering,
        ..Reader::default()
    };
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => reader.start(&e, false),
            Ok(Event::Empty(e)) => reader.start(&e, true),
            Ok(Event::End(e)) => reader.end(e.local_name().as_ref()),
            Ok(Event::Text(t)) => {
                let s = t.decode().ok()?;
                reader.push_text(&s);
            }
            Ok(Event::CData(t)) => {
                let s = t.decode().ok()?;
                reader.push_text(&s);
            }
            Ok(Event::GeneralRef(g)) => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match g.as_ref() {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    reader.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
    }
    Some(reader.items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn body(inner: &str) -> Vec<u8> {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{inner}<w:sectPr/></w:body></w:document>").into_bytes()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_runs_breaks_and_left_out_text() {
        let xml = body(&format!(
            "{}<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>总体&amp;情况</w:t></w:r></w:p>\
             <w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t></w:r>\
             <w:del><w:r><w:delText>删</w:delText></w:r></w:del>\
             <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
             <w:r><w:drawing><w:t>图</w:t></w:drawing></w:r></w:p>",
            p("标题")
        ));
        let items = document(&xml, Numbering::default()).unwrap();
        assert_eq!(
            items,
            vec![
                Item::Para("标题".into()),
                Item::Para("一、总体&情况".into()),
                // The drawing's text is left out; where it stood is kept.
                Item::Image,
                Item::Para("a\nb\tc3".into()),
            ]
        );
    }

    #[test]
    fn merged_cells_and_empty_cells() {
        let xml = body(&format!(
            "<w:tbl><w:tblGrid/>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}</w:tr></w:tbl>",
            tc("<w:vMerge w:val=\"restart\"/>", "三、本年度办理结果"),
            tc("<w:gridSpan w:val=\"2\"/>", "（一）予以公开"),
            tc("", "0"),
            tc("<w:vMerge/>", ""),
            tc("<w:gridSpan w:val=\"2\"/>", "（二）部分公开"),
            "<w:tc><w:p/></w:tc>",
            tc("<w:gridSpan w:val=\"3\"/>", "四、结转下年度继续办理"),
            tc("", "5"),
        ));
        let items = document(&xml, Numbering::default()).unwrap();
        let Item::Table(rows) = &items[0] else {
            panic!()
        };
        let shape: Vec<Vec<(String, u32, u32)>> = rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.lines.concat(), c.colspan, c.rowspan))
                    .collect()
            })
            .collect();
        let s = |t: &str, c, r| (t.to_string(), c, r);
        assert_eq!(
            shape[0],
            vec![
                s("三、本年度办理结果", 1, 2),
                s("（一）予以公开", 2, 1),
                s("0", 1, 1)
            ]
        );
        assert_eq!(
            shape[1],
            vec![s("", 1, 0), s("（二）部分公开", 2, 1), s("", 1, 1)]
        );
        assert_eq!(
            shape[2],
            vec![s("四、结转下年度继续办理", 3, 1), s("5", 1, 1)]
        );
    }

    #[test]
    fn nested_tables_become_the_cells_lines() {
        let xml = body(&format!(
            "<w:tbl><w:tr><w:tc>{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{}</w:tc></w:tr></w:tbl>",
            p("外"),
            tc("", "内1"),
            tc("", "内2"),
            p("后")
        ));
        let items = document(&xml, Numbering::default()).unwrap();
        let Item::Table(rows) = &items[0] else {
            panic!()
        };
        assert_eq!(rows[0].cells[0].lines, ["外", "内1", "内2", "后"]);
    }

    #[test]
    fn list_numbers_are_part_of_the_text() {
        let numbering = Numbering::parse(
            r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
                .as_bytes(),
        );
        let numbered = |t: &str| {
            format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"4\"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")
        };
        let xml = body(&format!(
            "{}{}{}",
            numbered("总体情况"),
            p("正文"),
            numbered("主动公开政府信息情况")
        ));
        let items = document(&xml, numbering).unwrap();
        assert_eq!(items[0], Item::Para("一、总体情况".into()));
        assert_eq!(items[2], Item::Para("二、主动公开政府信息情况".into()));
    }

    #[test]
    fn broken_xml_is_refused() {
        assert!(document(b"<w:document><w:body><w:p <<< ", Numbering::default()).is_none());
    }
}
