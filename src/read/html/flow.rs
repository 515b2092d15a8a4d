//! The document tree → paragraphs and tables in reading order, as a browser shows them:
//! block elements and `<br>` break lines, whitespace collapses, hidden elements and
//! controls are left out. Tables holding other tables (page layout) are read as flow;
//! tables of data become rows of cells on a grid, where a cell merged down from an
//! earlier row leaves an empty placeholder in each later row, as Word's copy does.

use super::tree::{Dom, Kind};
use crate::read::render::{CellIn, Item, RowIn};

/// An item with the element it came from, for telling the article from the page.
pub struct Placed {
    pub item: Item,
    pub node: usize,
    /// Every character of the paragraph is inside a link (menus, breadcrumbs).
    pub link_only: bool,
}

/// Elements that start and end a line.
const BLOCK: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "caption",
    "listing",
    "plaintext",
];

/// Elements whose content is never part of the text.
const SKIP: [&str; 19] = [
    "head", "script", "style", "noscript", "template", "title", "iframe", "object", "embed", "svg",
    "math", "select", "option", "textarea", "button", "input", "canvas", "audio", "video",
];

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3ffff}')
}

/// Collects the text of one flow (the page, or one table cell) into lines.
struct Lines {
    lines: Vec<(String, usize, bool)>,
    buf: String,
    /// Collapsed whitespace waiting for the next character; true when it held a line
    /// break (dropped between two CJK characters, as CSS does).
    pending: Option<bool>,
    node: usize,
    link_chars: usize,
    chars: usize,
}

impl Lines {
    fn new(node: usize) -> Self {
        Lines {
            lines: Vec::new(),
            buf: String::new(),
            pending: None,
            node,
            link_chars: 0,
            chars: 0,
        }
    }

    fn push_char(&mut self, c: char, link: bool) {
        if let Some(newline) = self.pending.take() {
            let joined_cjk = newline && self.buf.chars().last().is_some_and(is_cjk) && is_cjk(c);
            if !self.buf.is_empty() && !joined_cjk {
                self.buf.push(' ');
            }
        }
        self.buf.push(c);
        self.chars += 1;
        if link {
            self.link_chars += 1;
        }
    }

    fn text(&mut self, s: &str, pre: bool, link: bool) {
        for c in s.chars() {
            if pre {
                if c == '\n' {
                    self.flush();
                } else if c != '\r' {
                    self.push_char(c, link);
                }
            } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                let nl = c == '\n' || c == '\r';
                self.pending = Some(self.pending.unwrap_or(false) || nl);
            } else {
                self.push_char(c, link);
            }
        }
    }

    fn flush(&mut self) {
        self.pending = None;
        if !self.buf.is_empty() {
            let line = std::mem::take(&mut self.buf);
            let link_only = self.chars > 0 && self.link_chars == self.chars;
            self.lines.push((line, self.node, link_only));
        }
        self.link_chars = 0;
        self.chars = 0;
    }
}

struct Flow<'d> {
    dom: &'d Dom,
    out: Vec<Placed>,
    lines: Lines,
}

impl<'d> Flow<'d> {
    fn flush(&mut self) {
        self.lines.flush();
        for (text, node, link_only) in self.lines.lines.drain(..) {
            self.out.push(Placed {
                item: Item::Para(text),
                node,
                link_only,
            });
        }
    }

    fn walk(&mut self, i: usize, pre: bool, link: bool) {
        let dom = self.dom;
        match &dom.nodes[i].kind {
            Kind::Text(t) => self.lines.text(t, pre, link),
            Kind::Root => {
                for &c in &dom.nodes[i].children {
                    self.walk(c, pre, link);
                }
            }
            Kind::Element(e) => {
                let name = e.name.as_str();
                if e.hidden || SKIP.contains(&name) {
                    return;
                }
                if name == "br" {
                    self.lines.flush();
                    return;
                }
                if name == "img" {
                    // A picture stands between the lines around it.
                    self.flush();
                    self.out.push(Placed {
                        item: Item::Image,
                        node: i,
                        link_only: false,
                    });
                    return;
                }
                if name == "table" && is_data_table(dom, i) {
                    self.flush();
                    for caption in children_named(dom, i, &["caption"]) {
                        self.lines.node = caption;
                        for &c in &dom.nodes[caption].children {
                            self.walk(c, false, false);
                        }
                        self.flush();
                    }
                    let rows = grid(dom, i);
                    self.out.push(Placed {
                        item: Item::Table(rows),
                        node: i,
                        link_only: false,
                    });
                    return;
                }
                let block = BLOCK.contains(&name) || matches!(name, "tr" | "td" | "th");
                if block {
                    self.flush();
                    self.lines.node = i;
                }
                let pre = pre || matches!(name, "pre" | "listing" | "plaintext");
                let link = link || name == "a";
                for &c in &dom.nodes[i].children {
                    self.walk(c, pre, link);
                }
                if block {
                    self.flush();
                    self.lines.node = dom.nodes[i].parent;
                }
            }
        }
    }
}

fn children_named(dom: &Dom, i: usize, names: &[&str]) -> Vec<usize> {
    dom.nodes[i]
        .children
        .iter()
        .copied()
        .filter(|&c| names.contains(&dom.name(c)))
        .collect()
}

fn descendants_named(dom: &Dom, i: usize, name: &str, out: &mut Vec<usize>) {
    for &c in &dom.nodes[i].children {
        if dom.name(c) == name {
            out.push(c);
        }
        descendants_named(dom, c, name, out);
    }
}

/// The rows of a table, in order, not those of tables inside it.
fn rows_of(dom: &Dom, table: usize) -> Vec<usize> {
    let mut rows = Vec::new();
    for &c in &dom.nodes[table].children {
        match dom.name(c) {
            "tr" => rows.push(c),
            "tbody" | "thead" | "tfoot" => rows.extend(children_named(dom, c, &["tr"])),
            _ => {}
        }
    }
    rows
}

fn text_len(dom: &Dom, i: usize) -> usize {
    match &dom.nodes[i].kind {
        Kind::Text(t) => t.trim().chars().count(),
        _ => dom.nodes[i]
            .children
            .iter()
            .map(|&c| text_len(dom, c))
            .sum(),
    }
}

/// A table of data, not one that lays out the page: it holds no other table, and is
/// not a single cell wrapping paragraphs of text.
fn is_data_table(dom: &Dom, table: usize) -> bool {
    let mut inner = Vec::new();
    descendants_named(dom, table, "table", &mut inner);
    if !inner.is_empty() {
        return false;
    }
    let rows = rows_of(dom, table);
    let cells: Vec<usize> = rows
        .iter()
        .flat_map(|&r| children_named(dom, r, &["td", "th"]))
        .collect();
    if cells.len() == 1 {
        let mut blocks = Vec::new();
        for name in ["p", "div", "br", "h1", "h2", "h3", "li"] {
            descendants_named(dom, cells[0], name, &mut blocks);
        }
        return blocks.len() < 2 && text_len(dom, cells[0]) <= 50;
    }
    true
}

/// One cell's content as lines of text.
fn cell_lines(dom: &Dom, cell: usize) -> Vec<String> {
    let mut flow = Flow {
        dom,
        out: Vec::new(),
        lines: Lines::new(cell),
    };
    for &c in &dom.nodes[cell].children {
        flow.walk(c, false, false);
    }
    flow.flush();
    flow.out
        .into_iter()
        .filter_map(|p| match p.item {
            Item::Para(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// A merged cell still covering later rows: where it starts, how wide, how many rows.
struct Cover {
    col: u32,
    colspan: u32,
    rows_left: u32,
}

/// Lays the table's rows on a grid. A cell with `rowspan` n appears once; each of the
/// n − 1 rows below gets an empty placeholder of its width at its column.
///
/// Linear in the cells laid out, and it stops once the table has more cells than
/// [`crate::limits::MAX_TABLE_CELLS`] (the document is then refused): merged cells let a
/// few KB of markup stand for millions of cells (`rowspan=0` on a wide row), and looking
/// each column up among all the open merges made that cubic.
fn grid(dom: &Dom, table: usize) -> Vec<RowIn> {
    let rows: Vec<usize> = rows_of(dom, table)
        .into_iter()
        .filter(|&r| {
            let e = dom.elem(r);
            // Word's width-fixing row (height 0, empty cells) is not content.
            !e.is_some_and(|e| e.hidden || (e.zero_height && text_len(dom, r) == 0))
        })
        .collect();
    let mut covers: Vec<Cover> = Vec::new();
    let mut out = Vec::new();
    let mut cells_laid = 0usize;
    for (ri, &r) in rows.iter().enumerate() {
        let left = (rows.len() - ri) as u32;
        let cells: Vec<usize> = children_named(dom, r, &["td", "th"])
            .into_iter()
            .filter(|&c| !dom.elem(c).is_some_and(|e| e.hidden))
            .collect();
        let mut row = RowIn::default();
        let mut new_covers = Vec::new();
        let mut col = 0u32;
        let mut next = cells.iter();
        let mut pending = next.next();
        let max_cover = covers.iter().map(|c| c.col).max();
        // Covers by column (stable: of two at one column the older comes first). `ci` is
        // the first cover starting at or after `col`; `reach` the furthest column covered
        // by those starting before it.
        crate::sort::by_key(&mut covers, |c| c.col);
        let mut ci = 0;
        let mut reach = 0u32;
        loop {
            while let Some(cv) = covers.get(ci).filter(|cv| cv.col < col) {
                reach = reach.max(cv.col.saturating_add(cv.colspan));
                ci += 1;
            }
            if let Some(cv) = covers.get(ci).filter(|cv| cv.col == col) {
                row.cells.push(CellIn::placeholder(cv.colspan));
                col = col.saturating_add(cv.colspan);
                continue;
            }
            if col < reach {
                col += 1;
                continue;
            }
            if let Some(&c) = pending {
                let e = dom.elem(c).expect("a cell is an element");
                let rowspan = if e.rowspan == 0 {
                    left
                } else {
                    e.rowspan.min(left)
                };
                row.cells
                    .push(CellIn::new(cell_lines(dom, c), e.colspan, rowspan));
                if rowspan > 1 {
                    new_covers.push(Cover {
                        col,
                        colspan: e.colspan,
                        rows_left: rowspan - 1,
                    });
                }
                col = col.saturating_add(e.colspan);
                pending = next.next();
                continue;
            }
            if max_cover.is_some_and(|m| col < m) {
                col += 1;
                continue;
            }
            break;
        }
        for cv in &mut covers {
            cv.rows_left -= 1;
        }
        covers.retain(|cv| cv.rows_left > 0);
        covers.extend(new_covers);
        cells_laid += row.cells.len();
        out.push(row);
        if cells_laid > crate::limits::MAX_TABLE_CELLS {
            break;
        }
    }
    out
}

/// The page as paragraphs and tables, in reading order.
pub fn flow(dom: &Dom) -> Vec<Placed> {
    let mut f = Flow {
        dom,
        out: Vec::new(),
        lines: Lines::new(0),
    };
    f.walk(0, false, false);
    f.flush();
    f.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::html::tree::parse;

    /// The first version of [`grid`], which looked each column up among all the open
    /// merges: plainly right, and cubic on hostile input.
    #[rustfmt::skip]
    fn grid_reference(dom: &Dom, table: usize) -> Vec<RowIn> {
        let rows: Vec<usize> = rows_of(dom, table)
            .into_iter()
            .filter(|&r| {
                let e = dom.elem(r);
                // Word's width-fixing row (height 0, empty cells) is not content.
                !e.is_some_and(|e| e.hidden || (e.zero_height && text_len(dom, r) == 0))
            })
            .collect();
        let mut covers: Vec<Cover> = Vec::new();
        let mut out = Vec::new();
        for (ri, &r) in rows.iter().enumerate() {
            let left = (rows.len() - ri) as u32;
            let cells: Vec<usize> = children_named(dom, r, &["td", "th"])
                .into_iter()
                .filter(|&c| !dom.elem(c).is_some_and(|e| e.hidden))
                .collect();
            let mut row = RowIn::default();
            let mut new_covers = Vec::new();
            let mut col = 0u32;
            let mut next = cells.iter();
            let mut pending = next.next();
            let max_cover = covers.iter().map(|c| c.col).max();
            loop {
                if let Some(cv) = covers.iter().find(|cv| cv.col == col) {
                    row.cells.push(CellIn::placeholder(cv.colspan));
                    col += cv.colspan;
                    continue;
                }
                if covers
                    .iter()
                    .any(|cv| cv.col < col && col < cv.col + cv.colspan)
                {
                    col += 1;
                    continue;
                }
                if let Some(&c) = pending {
                    let e = dom.elem(c).expect("a cell is an element");
                    let rowspan = if e.rowspan == 0 {
                        left
                    } else {
                        e.rowspan.min(left)
                    };
                    row.cells
                        .push(CellIn::new(cell_lines(dom, c), e.colspan, rowspan));
                    if rowspan > 1 {
                        new_covers.push(Cover {
                            col,
                            colspan: e.colspan,
                            rows_left: rowspan - 1,
                        });
                    }
                    col += e.colspan;
                    pending = next.next();
                    continue;
                }
                if max_cover.is_some_and(|m| col < m) {
                    col += 1;
                    continue;
                }
                break;
            }
            for cv in &mut covers {
                cv.rows_left -= 1;
            }
            covers.retain(|cv| cv.rows_left > 0);
            covers.extend(new_covers);
            out.push(row);
        }
        out
    }

    /// `grid` lays out random tables of merged cells (overlapping, `rowspan=0`, spans
    /// past the table's end) exactly as the reference does.
    #[test]
    fn grid_matches_the_reference_on_random_merges() {
        let mut rng = crate::test_rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: u64| rng.below(n);
        for _ in 0..3000 {
            let mut html = String::from("<table>");
            for _ in 0..1 + next(6) {
                html.push_str("<tr>");
                for _ in 0..next(5) {
                    let (c, r) = (1 + next(3), next(4));
                    html.push_str(&format!("<td colspan={c} rowspan={r}>x</td>"));
                }
                html.push_str("</tr>");
            }
            html.push_str("</table>");
            let dom = parse(&html);
            let table = (0..dom.nodes.len())
                .find(|&i| dom.elem(i).is_some_and(|e| e.name == "table"))
                .expect("a table");
            assert_eq!(grid(&dom, table), grid_reference(&dom, table), "{html}");
        }
    }

    fn items(html: &str) -> Vec<Item> {
        flow(&parse(html)).into_iter().map(|p| p.item).collect()
    }

    fn cells(item: &Item) -> Vec<Vec<(String, u32, u32)>> {
        let Item::Table(rows) = item else {
            panic!("not a table: {item:?}")
        };
        rows.iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.lines.join("\n"), c.colspan, c.rowspan))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn whitespace_collapses_and_blocks_break_lines() {
        let got = items("<div>  一、总体情况\n  <span>本年新\n   制作</span>数量 <b>a</b>\n b<br>c</div><p>&nbsp;</p>");
        assert_eq!(
            got,
            vec![
                Item::Para("一、总体情况本年新制作数量 a b".into()),
                Item::Para("c".into()),
                Item::Para("\u{a0}".into()),
            ]
        );
    }

    #[test]
    fn rowspans_leave_placeholders_like_word() {
        let html = "<table>\
            <tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>0</td></tr>\
            <tr><td colspan=2>（二）部分公开</td><td>&nbsp;</td></tr>\
            <tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>\
            <tr><td>四、结转</td><td>2</td></tr>\
            </table>";
        let got = items(html);
        let t = cells(&got[0]);
        let s = |x: &str, c: u32, r: u32| (x.to_string(), c, r);
        assert_eq!(
            t[0],
            vec![
                s("三、本年度办理结果", 1, 3),
                s("（一）予以公开", 2, 1),
                s("0", 1, 1)
            ]
        );
        assert_eq!(
            t[1],
            vec![s("", 1, 0), s("（二）部分公开", 2, 1), s("\u{a0}", 1, 1)]
        );
        assert_eq!(
            t[2],
            vec![
                s("", 1, 0),
                s("（三）不予公开", 1, 2),
                s("1.属于国家秘密", 1, 1),
                s("0", 1, 1)
            ]
        );
        // The last row: 三's span has ended, （三）'s placeholder stands in column 1.
        assert_eq!(t[3], vec![s("四、结转", 1, 1), s("", 1, 0), s("2", 1, 1)]);
    }

    #[test]
    fn trailing_and_wide_placeholders() {
        // Table 三's header: the 总计 column merged down leaves a placeholder at the end.
        let html = "<table><tr><td colspan=3 rowspan=2>勾稽</td><td rowspan=2>自然人</td><td>商业企业</td><td rowspan=2>总计</td></tr>\
            <tr><td>科研机构</td></tr></table>";
        let t = cells(&items(html)[0]);
        assert_eq!(
            t[1],
            vec![
                ("".into(), 3, 0),
                ("".into(), 1, 0),
                ("科研机构".into(), 1, 1),
                ("".into(), 1, 0)
            ]
        );
    }

    #[test]
    fn layout_tables_are_flow_and_ghost_rows_are_dropped() {
        let html = "<table><tr><td><p>标题</p><table><tr><td>规章</td><td>0</td></tr>\
            <tr height=0><td></td><td></td></tr></table></td></tr></table>\
            <table><tr><td><p>一、总体情况</p><p>正文</p></td></tr></table>";
        let got = items(html);
        assert_eq!(got[0], Item::Para("标题".into()));
        assert_eq!(cells(&got[1]).len(), 1);
        assert_eq!(got[2], Item::Para("一、总体情况".into()));
        assert_eq!(got[3], Item::Para("正文".into()));
    }

    #[test]
    fn cells_keep_their_paragraphs_and_hidden_things_go() {
        let html = "<table><tr><td><p>本年新</p><p>制作数量</p></td><td>尚未<br>审结</td>\
            <td style='display:none'>x</td><td><script>bad()</script><select><option>1</select>0</td></tr></table>";
        let t = cells(&items(html)[0]);
        assert_eq!(t[0][0].0, "本年新\n制作数量");
        assert_eq!(t[0][1].0, "尚未\n审结");
        assert_eq!(t[0].len(), 3);
        assert_eq!(t[0][2].0, "0");
    }
}
