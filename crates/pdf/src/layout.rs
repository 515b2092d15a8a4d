//! Layout: placed glyphs and rulings → reader items.
//!
//! - Tables: the rulings (stroked lines, rectangles, thin filled bars) that touch each
//!   other form a table; their x and y positions a grid; a missing ruling between two
//!   grid cells merges them (colspan/rowspan). Glyphs go to the cell their centre is in,
//!   so a label wrapped over several lines stays one cell. Tables ruled only between
//!   their rows or not at all: columns and rows from the text's alignment (`unruled`).
//! - Text outside tables: lines by baseline, glyphs ordered by position (never by the
//!   order the stream draws them), paragraphs from lines (a line that reaches the right
//!   margin continues into the next unless that one is indented; Chinese joins without
//!   a space). Running headers, footers and page numbers ("- 3 -", "—3—") are dropped.
//! - A table that ends a page and one that starts the next with the same columns are one
//!   table; a repeated header row is dropped and a merged cell cut by the page break
//!   continues.

use crate::content::{Char, PageContent, Seg};
use nianbao_items::{CellIn, Item, RowIn};

const TOL: f64 = 3.0;
/// The narrowest and lowest ruled grid read as a table, in points: four characters of
/// small print wide (the 2019 template's narrowest table is many times wider), a line of
/// it high. Anything smaller is a glyph's outline, not a table.
pub(crate) const MIN_TABLE_WIDTH: f64 = 40.0;
const MIN_TABLE_HEIGHT: f64 = 8.0;

#[derive(Clone, Debug)]
pub struct Line {
    pub x0: f64,
    pub x1: f64,
    pub base: f64,
    pub size: f64,
    pub text: String,
}

impl Line {
    fn top(&self) -> f64 {
        self.base - self.size
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Region {
    r0: usize,
    r1: usize,
    c0: usize,
    c1: usize,
    lines: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Grid {
    pub(crate) xs: Vec<f64>,
    ys: Vec<f64>,
    regions: Vec<Region>,
    /// Row indices where a new page starts (continued tables).
    page_rows: Vec<usize>,
    /// The first or last row has no rule on its outer side (see `tables`).
    open: (bool, bool),
    /// Columns inferred from the text's alignment (`unruled`), not from rules.
    pub(crate) inferred: bool,
    /// Inferred columns: whether its last rows' cells span each inner boundary (`Some(false)`)
    /// or stand on both sides of it (`Some(true)`), for its continuation on the next page.
    pub(crate) carry: Vec<Option<bool>>,
}

impl Grid {
    pub(crate) fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
}

enum Block {
    Line(Line),
    Table(Grid),
}

struct PageBlocks {
    blocks: Vec<(f64, Block)>,
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Glyphs sorted by baseline then x, grouped into lines: a glyph within 0.45 of a font
/// size below the line's first baseline is on that line (superscripts, mixed fonts).
pub(crate) fn baseline_groups<'a>(chars: impl IntoIterator<Item = &'a Char>) -> Vec<Vec<&'a Char>> {
    let mut groups: Vec<Vec<&Char>> = Vec::new();
    let (mut cur_base, mut cur_size) = (f64::MIN, 0.0f64);
    for c in chars {
        let tol = 0.45 * c.size.max(cur_size).max(1.0);
        if groups.is_empty() || c.base - cur_base > tol {
            groups.push(Vec::new());
            cur_base = c.base;
            cur_size = c.size;
        }
        if let Some(g) = groups.last_mut() {
            g.push(c);
        }
    }
    groups
}

/// Glyphs → lines: grouped by baseline, ordered by x, spaces where the glyphs say so.
pub fn lines(chars: &mut [Char]) -> Vec<Line> {
    chars.sort_by(|a, b| a.base.total_cmp(&b.base).then(a.x0.total_cmp(&b.x0)));
    let groups = baseline_groups(chars.iter());
    let mut out = Vec::new();
    for mut g in groups {
        g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // Fake bold and shadows draw a glyph twice, a hair apart.
        let mut kept: Vec<&Char> = Vec::with_capacity(g.len());
        for c in g {
            if let Some(p) = kept.last() {
                if p.text == c.text
                    && (p.x0 - c.x0).abs() < 0.3 * c.size
                    && (p.base - c.base).abs() < 0.3 * c.size
                {
                    continue;
                }
            }
            kept.push(c);
        }
        let visible: Vec<&&Char> = kept.iter().filter(|c| !c.is_space()).collect();
        if visible.is_empty() {
            continue;
        }
        let size = visible.iter().map(|c| c.size).fold(0.0, f64::max);
        // The baseline of most glyphs (a superscript does not move the line).
        let base = visible[visible.len() / 2].base;
        let mut text = String::new();
        let mut prev: Option<&Char> = None;
        let mut pending_space = false;
        for c in &kept {
            if c.is_space() {
                pending_space = prev.is_some();
                continue;
            }
            if let Some(p) = prev {
                let gap = c.x0 - p.x1;
                let a = p.text.chars().last().unwrap_or(' ');
                let b = c.text.chars().next().unwrap_or(' ');
                let cjk = is_cjk(a) || is_cjk(b);
                let wide = if cjk { 1.5 } else { 0.25 } * c.size.max(p.size);
                if (pending_space && !(cjk && gap < 0.15 * c.size)) || gap > wide {
                    text.push(' ');
                }
            }
            text.push_str(&c.text);
            pending_space = false;
            prev = Some(c);
        }
        out.push(Line {
            x0: visible[0].x0,
            x1: visible.iter().map(|c| c.x1).fold(f64::MIN, f64::max),
            base,
            size,
            text,
        });
    }
    out
}

fn cluster(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f64 <= TOL => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f64).collect()
}

/// Merges collinear pieces of rulings.
fn merge(mut segs: Vec<(f64, f64, f64)>) -> Vec<(f64, f64, f64)> {
    segs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    for s in segs {
        if let Some(l) = out
            .iter_mut()
            .rev()
            .take(8)
            .find(|l| (l.0 - s.0).abs() <= 1.0 && s.1 <= l.2 + 2.0 && s.2 >= l.1 - 2.0)
        {
            l.1 = l.1.min(s.1);
            l.2 = l.2.max(s.2);
            continue;
        }
        out.push(s);
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// A horizontal ruling: (y, x0, x1).
pub(crate) type HRule = (f64, f64, f64);

/// Tables from the page's rulings, and the horizontal rulings that touch no vertical
/// one (a table ruled only between its rows, see `unruled`).
fn tables(segs: &[Seg]) -> (Vec<Grid>, Vec<HRule>) {
    // Horizontal: (y, x0, x1); vertical: (x, y0, y1).
    let hs = merge(
        segs.iter()
            .filter(|s| s.y1 - s.y0 <= 1.0)
            .map(|s| ((s.y0 + s.y1) / 2.0, s.x0, s.x1))
            .collect(),
    );
    let vs = merge(
        segs.iter()
            .filter(|s| s.x1 - s.x0 <= 1.0)
            .map(|s| ((s.x0 + s.x1) / 2.0, s.y0, s.y1))
            .collect(),
    );
    if hs.len() * vs.len() > 4_000_000 {
        return (Vec::new(), Vec::new());
    }
    if hs.len() < 2 || vs.len() < 2 {
        return (Vec::new(), hs);
    }
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.0 >= h.1 - TOL && v.0 <= h.2 + TOL && h.0 >= v.1 - TOL && h.0 <= v.2 + TOL {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = comps.entry(r).or_default();
        if i < hs.len() {
            e.0.push(i);
        } else {
            e.1.push(i - hs.len());
        }
    }
    let mut out = Vec::new();
    let mut lone = Vec::new();
    for (_, (hi, vi)) in comps {
        if vi.is_empty() {
            lone.extend(hi.iter().map(|&i| hs[i]));
        }
        if hi.len() < 2 || vi.len() < 2 {
            continue;
        }
        let h: Vec<(f64, f64, f64)> = hi.iter().map(|&i| hs[i]).collect();
        let v: Vec<(f64, f64, f64)> = vi.iter().map(|&i| vs[i]).collect();
        let xs = cluster(v.iter().map(|s| s.0).collect());
        let mut ys = cluster(h.iter().map(|s| s.0).collect());
        // A row cut by a page break may have no ruling on the cut side: the column
        // rules run past the last (or before the first) row rule.
        let (vtop, vbottom) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |a, s| (a.0.min(s.1), a.1.max(s.2)));
        let mut open = (false, false);
        if let (Some(&first), Some(&last)) = (ys.first(), ys.last()) {
            if vbottom > last + 2.0 * TOL {
                ys.push(vbottom);
                open.1 = true;
            }
            if vtop < first - 2.0 * TOL {
                ys.insert(0, vtop);
                open.0 = true;
            }
        }
        // Past 20 000 grid cells it is no report table (and hostile grids stay cheap).
        if xs.len() < 2 || ys.len() < 2 || (xs.len() - 1) * (ys.len() - 1) > MAX_GRID_CELLS {
            continue;
        }
        // Glyph outlines drawn as stroked paths (cairo rewrites a fake-bold run, text
        // filled and stroked, this way) cross like rules, but span one character, while a
        // table is wider than a few characters and at least a line high.
        if xs[xs.len() - 1] - xs[0] < MIN_TABLE_WIDTH || ys[ys.len() - 1] - ys[0] < MIN_TABLE_HEIGHT
        {
            continue;
        }
        let has_v = |x: f64, ya: f64, yb: f64| {
            let m = (ya + yb) / 2.0;
            v.iter()
                .any(|s| (s.0 - x).abs() <= TOL && s.1 - 1.0 <= m && m <= s.2 + 1.0)
        };
        let has_h = |y: f64, xa: f64, xb: f64| has_rule(&h, y, xa, xb);
        out.extend(grid(xs, ys, open, &has_v, &has_h));
    }
    (out, lone)
}

/// Past this many grid cells it is no report table (and hostile grids stay cheap).
pub(crate) const MAX_GRID_CELLS: usize = 20_000;

/// Whether a horizontal rule runs at `y` through the middle of `xa..xb`.
pub(crate) fn has_rule(h: &[HRule], y: f64, xa: f64, xb: f64) -> bool {
    let m = (xa + xb) / 2.0;
    h.iter()
        .any(|s| (s.0 - y).abs() <= TOL && s.1 - 1.0 <= m && m <= s.2 + 1.0)
}

/// A grid of columns `xs` and rows `ys` whose cells merge where no rule separates them:
/// `has_v(x, y0, y1)` says whether a vertical rule runs at `x` between rows `y0..y1`,
/// `has_h(y, x0, x1)` whether a horizontal one runs at `y` between columns `x0..x1`.
pub(crate) fn grid(
    xs: Vec<f64>,
    ys: Vec<f64>,
    open: (bool, bool),
    has_v: &dyn Fn(f64, f64, f64) -> bool,
    has_h: &dyn Fn(f64, f64, f64) -> bool,
) -> Option<Grid> {
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut p: Vec<usize> = (0..rows * cols).collect();
    for i in 0..rows {
        for j in 0..cols {
            if j + 1 < cols && !has_v(xs[j + 1], ys[i], ys[i + 1]) {
                let (a, b) = (find(&mut p, i * cols + j), find(&mut p, i * cols + j + 1));
                p[a] = b;
            }
            if i + 1 < rows && !has_h(ys[i + 1], xs[j], xs[j + 1]) {
                let (a, b) = (find(&mut p, i * cols + j), find(&mut p, (i + 1) * cols + j));
                p[a] = b;
            }
        }
    }
    let mut regions: std::collections::BTreeMap<usize, Region> = Default::default();
    for i in 0..rows {
        for j in 0..cols {
            let r = find(&mut p, i * cols + j);
            let e = regions.entry(r).or_insert(Region {
                r0: i,
                r1: i + 1,
                c0: j,
                c1: j + 1,
                lines: Vec::new(),
            });
            e.r0 = e.r0.min(i);
            e.r1 = e.r1.max(i + 1);
            e.c0 = e.c0.min(j);
            e.c1 = e.c1.max(j + 1);
        }
    }
    let regions: Vec<Region> = regions.into_values().collect();
    if regions.len() < 2 || cols < 2 {
        return None;
    }
    Some(Grid {
        xs,
        ys,
        regions,
        page_rows: Vec::new(),
        open,
        inferred: false,
        carry: Vec::new(),
    })
}

/// The text of one cell: its lines, wrapped lines joined.
fn cell_lines(mut chars: Vec<Char>, x0: f64, x1: f64) -> Vec<String> {
    let ls = lines(&mut chars);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in &ls {
        let full = prev.is_some_and(|p| p.x1 - p.x0 + 1.2 * p.size >= (x1 - x0) - 11.0);
        match (prev, out.last_mut()) {
            (Some(_), Some(last)) if full => join(last, &l.text),
            _ => out.push(l.text.clone()),
        }
        prev = Some(l);
    }
    out
}

fn join(a: &mut String, b: &str) {
    let last = a.chars().last().unwrap_or(' ');
    let first = b.chars().next().unwrap_or(' ');
    if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric()
        || (last.is_ascii_punctuation() && ",.;:".contains(last) && first.is_ascii_alphabetic())
    {
        a.push(' ');
    }
    a.push_str(b);
}

/// A grid, the glyphs placed in each of its cells, and each grid cell's region (so
/// placing a glyph is a lookup).
type Placed = (Grid, Vec<Vec<Char>>, Vec<usize>);

fn placing(grids: Vec<Grid>) -> Vec<Placed> {
    grids
        .into_iter()
        .map(|g| {
            let n = g.regions.len();
            let cols = g.xs.len() - 1;
            let mut owner = vec![usize::MAX; cols * g.rows()];
            for (k, r) in g.regions.iter().enumerate() {
                for row in r.r0..r.r1 {
                    for col in r.c0..r.c1 {
                        owner[row * cols + col] = k;
                    }
                }
            }
            (g, vec![Vec::new(); n], owner)
        })
        .collect()
}

/// Places each glyph in the grid cell its centre is in; returns the glyphs in no grid.
fn place(grids: &mut [Placed], chars: Vec<Char>) -> Vec<Char> {
    let mut free: Vec<Char> = Vec::new();
    for c in chars {
        let (cx, cy) = ((c.x0 + c.x1) / 2.0, c.mid_y());
        let mut placed = false;
        for (g, cells, owner) in grids.iter_mut() {
            let (xs, ys) = (&g.xs, &g.ys);
            if cx < xs[0] || cx > xs[xs.len() - 1] || cy < ys[0] || cy > ys[ys.len() - 1] {
                continue;
            }
            let col = xs.partition_point(|&x| x <= cx).clamp(1, xs.len() - 1) - 1;
            let row = ys.partition_point(|&y| y <= cy).clamp(1, ys.len() - 1) - 1;
            if let Some(&k) = owner
                .get(row * (xs.len() - 1) + col)
                .filter(|&&k| k != usize::MAX)
            {
                cells[k].push(c.clone());
                placed = true;
            }
            break;
        }
        if !placed {
            free.push(c);
        }
    }
    free
}

/// A page's blocks; `hint`: the columns of a table not fully ruled that ended the page
/// before (the same table's columns where it continues at this page's top), and which
/// of them its last rows' cells spanned.
fn page_blocks(mut pc: PageContent, hint: Option<&crate::unruled::Hint>) -> (PageBlocks, f64) {
    let (grids, lone) = tables(&pc.segs);
    let mut grids = placing(grids);
    let free = place(&mut grids, std::mem::take(&mut pc.chars));
    // Tables not fully ruled, from the glyphs outside the ruled ones.
    let mut more = placing(crate::unruled::tables(&free, &lone, hint));
    let mut free = place(&mut more, free);
    grids.extend(more);
    let mut blocks: Vec<(f64, Block)> = Vec::new();
    for (mut g, cells, _) in grids {
        for (k, chars) in cells.into_iter().enumerate() {
            let r = &g.regions[k];
            let (x0, x1) = (g.xs[r.c0], g.xs[r.c1]);
            g.regions[k].lines = cell_lines(chars, x0, x1);
        }
        drop_open_rows(&mut g);
        if g.rows() > 0 && !g.regions.is_empty() {
            blocks.push((g.ys[0], Block::Table(g)));
        }
    }
    for l in lines(&mut free) {
        blocks.push((l.top(), Block::Line(l)));
    }
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    (PageBlocks { blocks }, pc.height)
}

/// Drops an open first or last row (no rule on its outer side) that holds no text.
fn drop_open_rows(g: &mut Grid) {
    let empty = |g: &Grid, row: usize| {
        g.regions
            .iter()
            .filter(|r| r.r0 == row && r.r1 == row + 1)
            .all(|r| r.lines.iter().all(|l| l.trim().is_empty()))
    };
    if g.open.1 && g.rows() > 1 && empty(g, g.rows() - 1) {
        let last = g.rows() - 1;
        g.regions.retain(|r| !(r.r0 == last && r.r1 == last + 1));
        for r in &mut g.regions {
            r.r1 = r.r1.min(last);
        }
        g.ys.pop();
    }
    if g.open.0 && g.rows() > 1 && empty(g, 0) {
        g.regions.retain(|r| !(r.r0 == 0 && r.r1 == 1));
        for r in &mut g.regions {
            r.r0 = r.r0.saturating_sub(1);
            r.r1 -= 1;
        }
        g.ys.remove(0);
    }
    g.regions.retain(|r| r.r1 > r.r0);
    // A sliver of a row between two rules a little apart (a merged cell's border drawn
    // off the row's), holding no cell of its own with text: not a row.
    let mut i = 0;
    while i < g.rows() {
        let thin = g.ys[i + 1] - g.ys[i] < 7.0;
        let own_empty = g
            .regions
            .iter()
            .filter(|r| r.r0 == i && r.r1 == i + 1)
            .all(|r| r.lines.iter().all(|l| l.trim().is_empty()));
        // Most columns covered by cells running through the row: a sliver too.
        let through: usize = g
            .regions
            .iter()
            .filter(|r| r.r0 < i && r.r1 > i)
            .map(|r| r.c1 - r.c0)
            .sum();
        let cols = g.xs.len() - 1;
        if (thin || through * 2 > cols) && own_empty && g.rows() > 1 {
            g.regions.retain(|r| !(r.r0 == i && r.r1 == i + 1));
            for r in &mut g.regions {
                if r.r0 > i {
                    r.r0 -= 1;
                }
                if r.r1 > i {
                    r.r1 -= 1;
                }
            }
            g.regions.retain(|r| r.r1 > r.r0);
            g.ys.remove(i + 1);
        } else {
            i += 1;
        }
    }
}

/// "- 3 -", "—3—", "第 3 页", "3 / 6", "3".
fn is_page_number(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '_' | '·' | '•' | '一'));
    if !inner.is_empty() && inner.len() <= 5 && inner.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some(rest) = inner.strip_prefix('第') {
        let body = rest.trim_end_matches('页');
        if rest.ends_with('页') {
            let body = body.split("页共").next().unwrap_or(body);
            return !body.is_empty() && body.chars().all(|c| c.is_ascii_digit());
        }
    }
    if let Some((a, b)) = inner.split_once('/') {
        let b = b.trim_end_matches('页');
        let a = a.trim_start_matches("第").trim_end_matches('页');
        return !a.is_empty()
            && !b.is_empty()
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit());
    }
    false
}

fn digits_blanked(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect()
}

/// The columns of a table not fully ruled that ends the page (nothing but its running
/// footer below it).
fn ending_columns(p: &PageBlocks, height: f64) -> Option<crate::unruled::Hint> {
    let last = p.blocks.iter().rposition(|(_, b)| match b {
        Block::Line(l) => l.base < height * 0.875,
        Block::Table(_) => true,
    })?;
    match &p.blocks[last].1 {
        Block::Table(g) if g.inferred => Some((g.xs.clone(), g.carry.clone())),
        _ => None,
    }
}

pub fn items(pages: Vec<PageContent>) -> Vec<Item> {
    let mut laid: Vec<(PageBlocks, f64)> = Vec::with_capacity(pages.len());
    let mut hint: Option<crate::unruled::Hint> = None;
    for pc in pages {
        let (p, h) = page_blocks(pc, hint.as_ref());
        hint = ending_columns(&p, h);
        laid.push((p, h));
    }
    let n = laid.len();
    // Running headers and footers: lines in the top or bottom eighth that recur on
    // many pages (page numbers blanked), and page numbers there.
    let band = |b: &Line, h: f64| b.base < h * 0.125 || b.top() > h * 0.875;
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for (p, h) in &laid {
        let mut seen = std::collections::HashSet::new();
        for (_, b) in &p.blocks {
            if let Block::Line(l) = b {
                if band(l, *h) && seen.insert(digits_blanked(&l.text)) {
                    *counts.entry(digits_blanked(&l.text)).or_default() += 1;
                }
            }
        }
    }
    let extent = |b: &Block| match b {
        Block::Line(l) => (l.top(), l.base + 0.2 * l.size),
        Block::Table(g) => (g.ys[0], g.ys[g.ys.len() - 1]),
    };
    for (p, h) in &mut laid {
        let extents: Vec<(f64, f64)> = p.blocks.iter().map(|(_, b)| extent(b)).collect();
        let mut k = 0;
        p.blocks.retain(|(_, b)| {
            let i = k;
            k += 1;
            match b {
                Block::Line(l) if band(l, *h) => {
                    // A bare number is the text's unless it stands apart, as a page
                    // number in the margin does ("- 3 -" is one anywhere in the band).
                    let bare = l.text.trim().chars().all(|c| c.is_ascii_digit());
                    let (t, bt) = extents[i];
                    let apart = extents.iter().enumerate().all(|(j, &(t2, b2))| {
                        j == i || t2 - bt > 1.5 * l.size || t - b2 > 1.5 * l.size
                    });
                    let recurring = n >= 2
                        && counts.get(&digits_blanked(&l.text)).copied().unwrap_or(0)
                            >= (n / 2).max(2);
                    !((is_page_number(&l.text) && (!bare || apart)) || recurring)
                }
                _ => true,
            }
        });
    }
    // Margins of the body text, robust to a stray line past them: the 10th percentile
    // of where lines start, the 90th of where the long lines end.
    let body: Vec<(f64, f64)> = laid
        .iter()
        .flat_map(|(p, _)| p.blocks.iter())
        .filter_map(|(_, b)| match b {
            Block::Line(l) => Some((l.x0, l.x1)),
            Block::Table(_) => None,
        })
        .collect();
    let percentile = |mut v: Vec<f64>, q: f64| -> f64 {
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 - 1.0) * q).round().max(0.0) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let left = percentile(body.iter().map(|b| b.0).collect(), 0.1);
    let widest = body.iter().map(|b| b.1).fold(0.0, f64::max) - left;
    let long: Vec<f64> = body
        .iter()
        .filter(|b| b.1 - b.0 > widest * 0.6)
        .map(|b| b.1)
        .collect();
    // Too few long lines to tell the margin: no line counts as full.
    let right = if long.len() >= 3 {
        percentile(long, 0.9)
    } else {
        f64::MAX
    };

    // Continued tables: merge into the previous page's last table.
    let mut flat: Vec<(usize, Block)> = Vec::new();
    for (page, (p, _)) in laid.into_iter().enumerate() {
        for (k, (_, b)) in p.blocks.into_iter().enumerate() {
            if k == 0 && page > 0 {
                if let Block::Table(g) = &b {
                    if let Some((prev_page, Block::Table(prev))) = flat.last_mut() {
                        if *prev_page + 1 == page
                            && prev.regions.len() < 50_000
                            && continues(prev, g)
                        {
                            append(prev, g.clone());
                            *prev_page = page;
                            continue;
                        }
                    }
                }
            }
            flat.push((page, b));
        }
    }

    let mut out = Vec::new();
    let mut page = 0usize;
    let mut para: Option<(String, Line)> = None;
    let flush = |para: &mut Option<(String, Line)>, out: &mut Vec<Item>| {
        if let Some((t, _)) = para.take() {
            out.push(Item::Para(t));
        }
    };
    for (p, b) in flat {
        match b {
            Block::Line(l) => {
                let cont = para.as_ref().is_some_and(|(t, prev)| {
                    // A line ends short of the margin by the word that did not fit:
                    // a number or Latin word starting the next line ("56.7%").
                    let word = l.text.chars().take_while(|c| c.is_ascii_graphic()).count();
                    // An opening bracket cannot end a line: it moves down with the
                    // character after it.
                    let opening = l
                        .text
                        .starts_with(['（', '《', '“', '‘', '〈', '【', '「', '『', '(', '[']);
                    let slack =
                        (1.5 + 0.6 * word as f64 + if opening { 1.2 } else { 0.0 }) * prev.size;
                    let full = prev.x1 >= right - slack;
                    let indented = l.x0 > left + 0.8 * l.size;
                    let same = (prev.size - l.size).abs() <= 0.2 * prev.size;
                    let near = p != page || (l.base - prev.base) < 2.2 * prev.size;
                    full && !indented && same && near && !new_item(t, &l.text)
                });
                if cont {
                    if let Some((t, last)) = para.as_mut() {
                        join(t, &l.text);
                        *last = l;
                    }
                } else {
                    flush(&mut para, &mut out);
                    while page < p {
                        out.push(Item::PageBreak);
                        page += 1;
                    }
                    para = Some((l.text.clone(), l));
                }
            }
            Block::Table(g) => {
                flush(&mut para, &mut out);
                emit_table(&g, &mut out, &mut page, p);
            }
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A line after one ending a sentence, starting like an item of a list or a heading.
fn new_item(prev: &str, next: &str) -> bool {
    let ends = prev.ends_with(['。', '：', ':', '；', ';', '！', '？']);
    ends && starts_item(next)
}

/// Text starting like an item of a list or a heading: "一、", "（一）", "1.", "第…".
fn starts_item(next: &str) -> bool {
    {
        let t = next.trim_start();
        let mut cs = t.chars();
        let c0 = cs.next().unwrap_or(' ');
        let head: String = t.chars().take(6).collect();
        (("一二三四五六七八九十".contains(c0)) && head.contains('、'))
            || t.starts_with('（') && head.contains('）')
            || t.starts_with('(') && head.contains(')')
            || c0.is_ascii_digit()
                && (head.contains('、') || head.contains('.') || head.contains('．'))
            || t.starts_with('第')
    }
}

fn continues(prev: &Grid, next: &Grid) -> bool {
    let (a0, a1) = (prev.xs[0], prev.xs[prev.xs.len() - 1]);
    let (b0, b1) = (next.xs[0], next.xs[next.xs.len() - 1]);
    (a0 - b0).abs() <= TOL * 2.0 && (a1 - b1).abs() <= TOL * 2.0
}

/// The region of the table above a page break that a region at the top of the
/// continuation lies under: same columns, reaching the break.
fn up_of(regions: &[Region], base: usize, r: &Region) -> Option<usize> {
    regions
        .iter()
        .position(|u| u.r1 == base && u.c0 == r.c0 && u.c1 == r.c1)
}

/// A cell's text that is not a number.
fn is_label(lines: &[String]) -> bool {
    let t = lines.concat();
    !t.trim().is_empty()
        && !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
}

fn row_texts(g: &Grid, row: usize) -> Vec<String> {
    let mut v: Vec<&Region> = g.regions.iter().filter(|r| r.r0 == row).collect();
    v.sort_by_key(|r| r.c0);
    v.iter().map(|r| r.lines.concat()).collect()
}

/// Appends `next` (the continuation on the next page) to `prev`.
fn append(prev: &mut Grid, mut next: Grid) {
    // Columns: the union of both grids' column boundaries.
    let xs = cluster(prev.xs.iter().chain(next.xs.iter()).copied().collect());
    let remap = |g: &mut Grid, xs: &[f64]| {
        let idx = |x: f64| {
            xs.iter()
                .enumerate()
                .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
                .map(|(i, _)| i)
                .unwrap_or(0)
        };
        let old = g.xs.clone();
        for r in &mut g.regions {
            r.c0 = idx(old[r.c0]);
            r.c1 = idx(old[r.c1]).max(r.c0 + 1);
        }
        g.xs = xs.to_vec();
    };
    remap(prev, &xs);
    remap(&mut next, &xs);
    // A repeated header: the continuation's first rows as the table's first rows.
    let mut skip = 0;
    while skip < next.rows()
        && skip < prev.rows() / 2
        && row_texts(&next, skip) == row_texts(prev, skip)
        && !row_texts(prev, skip).iter().all(|t| t.is_empty())
    {
        skip += 1;
    }
    let base = prev.rows();
    prev.page_rows.push(base);
    let is_empty = |lines: &[String]| lines.iter().all(|l| l.trim().is_empty());

    // A row cut by the page break: the continuation's first row holds only the rest of
    // its labels (no values), under cells of the same columns that reach the break.
    let first: Vec<&Region> = next.regions.iter().filter(|r| r.r0 == skip).collect();
    let up = |r: &Region| up_of(&prev.regions, base, r).map(|u| &prev.regions[u]);
    let aligned = !first.is_empty() && first.iter().all(|r| up(r).is_some());
    // Labels continue below the break, values stay above it.
    let rest_of_labels = first.iter().all(|r| {
        up(r).is_some_and(|u| is_empty(&r.lines) || is_label(&r.lines) && is_label(&u.lines))
    }) && first
        .iter()
        .any(|r| is_empty(&r.lines) && up(r).is_some_and(|u| !is_empty(&u.lines)))
        && first.iter().any(|r| !is_empty(&r.lines));
    // All of the cut row's text on one side of the break.
    let empty_below = first.iter().all(|r| is_empty(&r.lines));
    let empty_above = first
        .iter()
        .all(|r| up(r).is_some_and(|u| u.r0 + 1 < base || is_empty(&u.lines)))
        && first
            .iter()
            .any(|r| up(r).is_some_and(|u| u.r0 + 1 == base));
    let split_row = aligned && (rest_of_labels || empty_below || empty_above);
    // The cut row's rest is not a row of its own.
    let drop = usize::from(split_row);
    let added = next.rows().saturating_sub(skip + drop);
    let map = |i: usize| (i - skip).saturating_sub(drop) + base;
    for r in next.regions.into_iter().filter(|r| r.r0 >= skip) {
        let (r0, r1) = (map(r.r0), map(r.r1));
        // A merged cell cut by the page break: an empty cell at the top of the
        // continuation under a cell of the same columns that reaches the break.
        if r.r0 == skip {
            let empty = is_empty(&r.lines);
            if let Some(up) = up_of(&prev.regions, base, &r).map(|u| &mut prev.regions[u]) {
                // The rest of a label cut by the break: of a cut row, or of a vertically
                // merged label (both labels, one over several rows, the second not
                // starting a new item).
                let rest = is_label(&up.lines)
                    && is_label(&r.lines)
                    && (split_row
                        || (up.r1 - up.r0 > 1 || r.r1 - r.r0 > 1)
                            && !starts_item(&r.lines.concat()));
                if split_row || (empty && !up.lines.is_empty()) || rest {
                    if !empty {
                        let tail = r.lines.concat();
                        match up.lines.last_mut() {
                            Some(l) => join(l, &tail),
                            None => up.lines.push(tail),
                        }
                    }
                    up.r1 = up.r1.max(r1);
                    continue;
                }
            }
        }
        if r1 > r0 {
            prev.regions.push(Region { r0, r1, ..r });
        }
    }
    // Row boundaries: only their count matters from here on.
    let mut y = *prev.ys.last().unwrap_or(&0.0);
    for _ in 0..added {
        y += 1.0;
        prev.ys.push(y);
    }
}

fn emit_table(g: &Grid, out: &mut Vec<Item>, page: &mut usize, first_page: usize) {
    // The table starts on `first_page` minus the page breaks inside it.
    let start_page = first_page - g.page_rows.len();
    while *page < start_page {
        out.push(Item::PageBreak);
        *page += 1;
    }
    let mut rows: Vec<RowIn> = Vec::new();
    let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); g.rows()];
    for (k, r) in g.regions.iter().enumerate() {
        for row in by_row.iter_mut().take(r.r1).skip(r.r0) {
            row.push(k);
        }
    }
    for (i, in_row) in by_row.iter().enumerate() {
        if g.page_rows.contains(&i) {
            out.push(Item::Table(std::mem::take(&mut rows)));
            out.push(Item::PageBreak);
            *page += 1;
        }
        let mut cells: Vec<&Region> = in_row.iter().map(|&k| &g.regions[k]).collect();
        cells.sort_by_key(|r| r.c0);
        let row = RowIn {
            cells: cells
                .iter()
                .map(|r| {
                    let span = (r.c1 - r.c0) as u32;
                    if r.r0 == i {
                        CellIn::new(r.lines.clone(), span, (r.r1 - r.r0) as u32)
                    } else {
                        CellIn::placeholder(span)
                    }
                })
                .collect(),
        };
        rows.push(row);
    }
    out.push(Item::Table(rows));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["- 3 -", "—3—", "－ 12 －", "第 3 页", "3 / 6", "7"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["一、总体情况", "3月", "2024年"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
