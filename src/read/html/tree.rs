//! A small document tree built from the tokens with the HTML tree-construction rules that
//! matter for reading a report: implied end tags (`<p>`, `<li>`, `<td>`, `<tr>` closed by
//! what follows), cells and rows implied where the markup leaves them out, end tags that
//! do not close across table cells, and text stray inside a table moved before it, as
//! browsers do. Nesting is capped so hostile markup cannot exhaust the stack.

use super::tokenizer::{Token, Tokenizer};

/// Deeper elements are attached flat to the one at this depth.
pub const MAX_DEPTH: usize = 200;

#[derive(Debug)]
pub struct Elem {
    pub name: String,
    pub colspan: u32,
    /// As written: 0 means "to the end of the table".
    pub rowspan: u32,
    /// `hidden`, `display:none` or `visibility:hidden`.
    pub hidden: bool,
    /// `height=0` (Word's invisible row that fixes column widths).
    pub zero_height: bool,
    /// The `id` and `class`, lowercased, for recognising page chrome.
    pub hint: String,
}

#[derive(Debug)]
pub enum Kind {
    Root,
    Element(Elem),
    Text(String),
}

#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    pub parent: usize,
    pub children: Vec<usize>,
}

pub struct Dom {
    pub nodes: Vec<Node>,
    /// The page's `<title>`, if any.
    pub title: Option<String>,
}

const VOID: [&str; 17] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "keygen",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: [&str; 33] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
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
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements an end tag or an implied end does not look past.
const SCOPE: [&str; 7] = ["table", "td", "th", "caption", "html", "marquee", "object"];

fn number(v: &str) -> Option<u32> {
    let digits: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    digits.parse().ok()
}

impl Dom {
    pub fn elem(&self, i: usize) -> Option<&Elem> {
        match &self.nodes[i].kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn name(&self, i: usize) -> &str {
        self.elem(i).map_or("", |e| e.name.as_str())
    }

    /// Whether `node` is `ancestor` or inside it.
    pub fn within(&self, mut node: usize, ancestor: usize) -> bool {
        loop {
            if node == ancestor {
                return true;
            }
            if node == 0 {
                return false;
            }
            node = self.nodes[node].parent;
        }
    }

    fn depth(&self, mut node: usize) -> usize {
        let mut d = 0;
        while node != 0 {
            node = self.nodes[node].parent;
            d += 1;
        }
        d
    }

    /// The deepest node containing both.
    pub fn common_ancestor(&self, mut a: usize, mut b: usize) -> usize {
        let (mut da, mut db) = (self.depth(a), self.depth(b));
        while da > db {
            a = self.nodes[a].parent;
            da -= 1;
        }
        while db > da {
            b = self.nodes[b].parent;
            db -= 1;
        }
        while a != b {
            a = self.nodes[a].parent;
            b = self.nodes[b].parent;
        }
        a
    }
}

struct Builder {
    dom: Dom,
    stack: Vec<usize>,
}

impl Builder {
    fn add(&mut self, parent: usize, kind: Kind) -> usize {
        let i = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            kind,
            parent,
            children: Vec::new(),
        });
        self.dom.nodes[parent].children.push(i);
        i
    }

    fn current(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    fn name_at(&self, depth: usize) -> &str {
        self.dom.name(self.stack[depth])
    }

    /// Position in the stack of the innermost open element named one of `names`,
    /// not looking past the elements in `stop`.
    fn open(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for d in (1..self.stack.len()).rev() {
            let n = self.name_at(d);
            if names.contains(&n) {
                return Some(d);
            }
            if stop.contains(&n) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, depth: usize) {
        self.stack.truncate(depth);
    }

    fn push_elem(&mut self, elem: Elem, void: bool) {
        let parent = self.current();
        let i = self.add(parent, Kind::Element(elem));
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(i);
        }
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, self_closing: bool) {
        let name = name.as_str();
        if matches!(name, "html" | "body" | "head" | "colgroup" | "col") {
            return;
        }
        if CLOSES_P.contains(&name) || matches!(name, "li" | "dd" | "dt") {
            if let Some(d) = self.open(&["p"], &SCOPE) {
                self.pop_to(d);
            }
        }
        match name {
            "li" => {
                if let Some(d) = self.open(&["li"], &["ul", "ol", "table", "td", "th"]) {
                    self.pop_to(d);
                }
            }
            "dd" | "dt" => {
                if let Some(d) = self.open(&["dd", "dt"], &["dl", "table", "td", "th"]) {
                    self.pop_to(d);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if matches!(
                    self.dom.name(self.current()),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    self.stack.pop();
                }
            }
            "td" | "th" => {
                let ctx = ["td", "th", "tr", "table", "tbody", "thead", "tfoot"];
                match self.open(&ctx, &[]) {
                    Some(d) if matches!(self.name_at(d), "td" | "th") => self.pop_to(d),
                    Some(d) if self.name_at(d) == "tr" => self.pop_to(d + 1),
                    Some(d) => {
                        self.pop_to(d + 1);
                        self.push_elem(plain("tr"), false);
                    }
                    // A cell outside any table: its content flows on.
                    None => return,
                }
            }
            "tr" => {
                let ctx = ["tr", "table", "tbody", "thead", "tfoot"];
                match self.open(&ctx, &["td", "th", "caption"]) {
                    Some(d) if self.name_at(d) == "tr" => self.pop_to(d),
                    Some(d) => self.pop_to(d + 1),
                    None => match self.open(&["td", "th"], &["table"]) {
                        // `<tr>` inside a cell ends the cell and its row.
                        Some(d) => {
                            let Some(tr) = self.open(&["tr"], &["table"]) else {
                                return;
                            };
                            let _ = d;
                            self.pop_to(tr);
                        }
                        None => return,
                    },
                }
            }
            "tbody" | "thead" | "tfoot" => match self.open(&["table"], &["td", "th"]) {
                Some(d) => self.pop_to(d + 1),
                None => return,
            },
            "table" => {
                // A table directly inside another table's rows (not in a cell) ends it.
                if let Some(d) = self.open(
                    &["table", "tbody", "thead", "tfoot", "tr"],
                    &["td", "th", "caption"],
                ) {
                    if let Some(t) = (1..=d).rev().find(|&i| self.name_at(i) == "table") {
                        self.pop_to(t);
                    }
                }
            }
            _ => {}
        }
        let mut elem = plain(name);
        for (k, v) in attrs {
            match k.as_str() {
                "colspan" => elem.colspan = number(&v).unwrap_or(1).clamp(1, 1000),
                "rowspan" => elem.rowspan = number(&v).unwrap_or(1).min(65534),
                "hidden" => elem.hidden = true,
                "style" => {
                    let s: String = v
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if s.contains("display:none") || s.contains("visibility:hidden") {
                        elem.hidden = true;
                    }
                }
                "height" => elem.zero_height = number(&v) == Some(0),
                "id" | "class" => {
                    elem.hint.push_str(&v.to_ascii_lowercase());
                    elem.hint.push(' ');
                }
                _ => {}
            }
        }
        let void = self_closing && name.contains(':') || VOID.contains(&name);
        self.push_elem(elem, void);
    }

    fn end(&mut self, name: &str) {
        match name {
            "br" => self.push_elem(plain("br"), true),
            "html" | "body" | "head" => {}
            "td" | "th" => {
                if let Some(d) = self.open(&["td", "th"], &["table"]) {
                    self.pop_to(d);
                }
            }
            "tr" => {
                if let Some(d) = self.open(&["tr"], &["table"]) {
                    self.pop_to(d);
                }
            }
            "tbody" | "thead" | "tfoot" => {
                if let Some(d) = self.open(&[name], &["table"]) {
                    self.pop_to(d);
                }
            }
            "table" => {
                if let Some(d) = self.open(&["table"], &[]) {
                    self.pop_to(d);
                }
            }
            _ => {
                if let Some(d) = self.open(&[name], &SCOPE) {
                    self.pop_to(d);
                }
            }
        }
    }

    fn text(&mut self, s: &str) {
        let cur = self.current();
        let in_table_rows = matches!(
            self.dom.name(cur),
            "table" | "tbody" | "thead" | "tfoot" | "tr"
        );
        if in_table_rows {
            if s.trim_matches(|c: char| c.is_ascii_whitespace()).is_empty() {
                return;
            }
            // Text stray between rows or cells is shown before the table.
            let table = (1..self.stack.len())
                .rev()
                .find(|&d| self.name_at(d) == "table")
                .map(|d| self.stack[d]);
            if let Some(table) = table {
                let parent = self.dom.nodes[table].parent;
                let i = self.dom.nodes.len();
                self.dom.nodes.push(Node {
                    kind: Kind::Text(s.to_string()),
                    parent,
                    children: Vec::new(),
                });
                let siblings = &mut self.dom.nodes[parent].children;
                let at = siblings
                    .iter()
                    .position(|&c| c == table)
                    .unwrap_or(siblings.len());
                siblings.insert(at, i);
                return;
            }
        }
        if let Some(&last) = self.dom.nodes[cur].children.last() {
            if let Kind::Text(t) = &mut self.dom.nodes[last].kind {
                t.push_str(s);
                return;
            }
        }
        self.add(cur, Kind::Text(s.to_string()));
    }
}

fn plain(name: &str) -> Elem {
    Elem {
        name: name.to_string(),
        colspan: 1,
        rowspan: 1,
        hidden: false,
        zero_height: false,
        hint: String::new(),
    }
}

pub fn parse(src: &str) -> Dom {
    let mut b = Builder {
        dom: Dom {
            nodes: vec![Node {
                kind: Kind::Root,
                parent: 0,
                children: Vec::new(),
            }],
            title: None,
        },
        stack: vec![0],
    };
    let mut tokens = Tokenizer::new(src);
    for token in tokens.by_ref() {
        match token {
            Token::Start {
                name,
                attrs,
                self_closing,
            } => b.start(name, attrs, self_closing),
            Token::End { name } => b.end(&name),
            Token::Text(t) => b.text(&t),
        }
    }
    b.dom.title = tokens.title;
    b.dom
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested names, for comparing.
    fn shape(dom: &Dom, i: usize) -> String {
        match &dom.nodes[i].kind {
            Kind::Text(t) => t.clone(),
            Kind::Root | Kind::Element(_) => {
                let inner: Vec<String> = dom.nodes[i]
                    .children
                    .iter()
                    .map(|&c| shape(dom, c))
                    .collect();
                if i == 0 {
                    inner.join("")
                } else {
                    format!("<{}>{}</>", dom.name(i), inner.join(""))
                }
            }
        }
    }

    #[test]
    fn implied_ends_and_cells() {
        let dom = parse("<p>a<p>b<div>c</div><table><td>1<td>2<tr><td>3</table>x");
        assert_eq!(
            shape(&dom, 0),
            "<p>a</><p>b</><div>c</><table><tr><td>1</><td>2</></><tr><td>3</></></>x"
        );
    }

    #[test]
    fn end_tags_do_not_close_across_cells_and_stray_text_moves_before_the_table() {
        let dom = parse("<div><table><tr>oops<td><span>1</div>2</span></td></tr></table></div>");
        assert_eq!(
            shape(&dom, 0),
            "<div>oops<table><tr><td><span>12</></></></></>"
        );
    }

    #[test]
    fn attributes_and_depth_cap() {
        let dom = parse("<td colspan=\"3\" rowspan=0 style=\"DISPLAY: none\">");
        assert!(dom
            .nodes
            .iter()
            .all(|n| !matches!(&n.kind, Kind::Element(e) if e.name == "td")));
        let dom =
            parse("<table><tr height=0><td colspan=\"3x\" rowspan=0 style=\"DISPLAY: none\">");
        let td = dom.nodes.iter().find_map(|n| match &n.kind {
            Kind::Element(e) if e.name == "td" => Some(e),
            _ => None,
        });
        let td = td.unwrap();
        assert_eq!((td.colspan, td.rowspan, td.hidden), (3, 0, true));
        assert!(dom.elem(2).unwrap().zero_height);
        let deep = "<div>".repeat(100_000) + "x";
        let dom = parse(&deep);
        assert!(dom.depth(dom.nodes.len() - 1) <= MAX_DEPTH + 1);
    }
}
