//! Tables not fully ruled: a table with rules only between its rows (or only above and
//! below it, a "三线表"), or with no rule at all (a Word table whose borders were
//! removed, a web page's table without CSS borders printed to PDF).
//!
//! - Where: a stack of horizontal rules touching no vertical one bounds a table (a row
//!   cut by the page break above its first rule included); with no rule, a block of
//!   closely spaced lines of one size, two or more of them split into runs of text by
//!   wide gaps, is one, with the narrow lines of one run at its ends (a title row, a
//!   label's wrapped rest); lines that look like body text, a heading or a wide gap in
//!   the lines end it.
//! - Columns: text of two neighbouring cells on one line is apart by the cells' padding,
//!   wider than the space between words. Every such gap on every line of the table
//!   holds a column boundary; the fewest boundaries that lie in every gap (a greedy
//!   interval stabbing) are the columns, each in the widest stretch of its gaps no text
//!   of another line crosses. Text in one column standing apart, never overlapping, is
//!   two columns' (columns that never share a line). A run of text crossing a boundary
//!   is a cell spanning the columns; under a header spanning columns a value centred
//!   or against a side of them, or a label against their left side, spans them too; a
//!   blank stays a cell of its own.
//! - Rows: where rules separate the rows (nearly every row break the text shows has a
//!   rule), the rules are the rows, and a rule missing under a cell merges it downwards,
//!   as in a fully ruled table. Otherwise rows come from the text's flow: a line
//!   continues the row above when each of its runs continues a cell whose last line
//!   filled the cell's width (a wrapped label), or, while such a cell is still open,
//!   stands in columns the row has no text in yet; lines less than a line apart are one
//!   row's cells centred vertically beside each other (as browsers draw them). A number
//!   never wraps, nor is text under a number of the row the rest of anything; a line
//!   starting like an item ("1.", "（五）") is a label of its own; a rule or a wide gap
//!   between two lines always starts a row.
//! - Pages: a table continued at the top of the next page takes the columns it had and
//!   which of them its last row spanned, so a row cut by the break joins again
//!   (`layout` appends it as it does a ruled table's continuation).
//!
//! The grid built, cells are merged and glyphs placed as for a ruled table (`layout`).
//! Bounded: sorting, binary searches and passes over the lines; columns, lone rules and
//! stacks are capped, and the grid is checked against the layout's cell limit before it
//! is built.

use crate::content::Char;
use crate::layout::{
    baseline_groups, grid, has_rule, Grid, HRule, MAX_GRID_CELLS, MIN_TABLE_WIDTH,
};

/// The columns of a table not fully ruled ending a page and which of them its last
/// rows' cells spanned (see `Grid::carry`).
pub(crate) type Hint = (Vec<f64>, Vec<Option<bool>>);

/// Glyphs at least this many font sizes apart on a line are two cells' text: wider than
/// a space between words, narrower than two cells' padding.
const GAP: f64 = 0.45;
/// More columns than this: no report table.
const MAX_COLUMNS: usize = 64;
/// Horizontal rules touching no vertical one, on a page, past which none is read as a
/// table's; stacks of them read at most.
const MAX_RULES: usize = 10_000;
const MAX_STACKS: usize = 100;
/// Tables on a page at most (each glyph is looked up in each table).
const MAX_TABLES: usize = 100;
/// Rows ruled apart: at least this share of the row breaks the text shows have a rule.
const RULED_ROWS: f64 = 0.8;

struct Run {
    x0: f64,
    x1: f64,
    text: String,
}

impl Run {
    /// A number (a cell's value) never wraps onto a second line.
    fn numeric(&self) -> bool {
        self.text.chars().any(|c| c.is_ascii_digit())
            && self
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || ".,%-+－".contains(c))
    }
}

struct TLine {
    base: f64,
    size: f64,
    runs: Vec<Run>,
}

impl TLine {
    fn mid(&self) -> f64 {
        self.base - 0.35 * self.size
    }
    fn x0(&self) -> f64 {
        self.runs.first().map_or(0.0, |r| r.x0)
    }
    fn x1(&self) -> f64 {
        self.runs.last().map_or(0.0, |r| r.x1)
    }
    fn width(&self) -> f64 {
        self.x1() - self.x0()
    }
    /// Starts like a section heading ("三、…"): text, not a table's row.
    fn heading(&self) -> bool {
        let t = self.runs.first().map_or("", |r| r.text.as_str());
        let n = t
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .count();
        n > 0 && t.chars().nth(n) == Some('、')
    }
}

/// Starts like an item of a list ("1.", "（五）", "三、", "第二十条"): a label of its
/// own, not the rest of the one above.
fn item(text: &str) -> bool {
    let t: Vec<char> = text.chars().take(6).collect();
    let digits = t.iter().take_while(|c| c.is_ascii_digit()).count();
    let numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let cjk = t.iter().take_while(|c| numeral(c)).count();
    (digits > 0 && t.get(digits).is_some_and(|c| ".．、".contains(*c)))
        || (cjk > 0 && t.get(cjk) == Some(&'、'))
        // "第二十条…": a group's title.
        || (t.first() == Some(&'第') && {
            let n = t[1..].iter().take_while(|c| numeral(c)).count();
            n > 0 && t.get(1 + n).is_some_and(|c| "条章".contains(*c))
        })
        || (t.first().is_some_and(|c| "（(".contains(*c)) && {
            let n = t[1..]
                .iter()
                .take_while(|c| numeral(c) || c.is_ascii_digit())
                .count();
            n > 0 && t.get(1 + n).is_some_and(|c| "）)".contains(*c))
        })
}

/// `v` ordered by `key` (by its first, then its second part), stably. The module's one
/// sort: in the wasm module each call site of the standard sort adds its own copy.
fn sorted<T>(v: Vec<T>, key: impl Fn(&T) -> (f64, f64)) -> Vec<T> {
    let keys: Vec<(f64, f64)> = v.iter().map(key).collect();
    let mut slots: Vec<Option<T>> = v.into_iter().map(Some).collect();
    order(&keys)
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect()
}

fn order(keys: &[(f64, f64)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by(|&a, &b| {
        keys[a]
            .0
            .total_cmp(&keys[b].0)
            .then(keys[a].1.total_cmp(&keys[b].1))
    });
    idx
}

fn blank(c: &Char) -> bool {
    c.text.chars().all(char::is_whitespace)
}

/// The glyphs' lines (by baseline, as `layout::lines` groups them), each split into runs
/// at wide gaps.
fn text_lines(chars: &[Char]) -> Vec<TLine> {
    let v: Vec<&Char> = chars.iter().filter(|c| !blank(c)).collect();
    let v = sorted(v, |c| (c.base, c.x0));
    let groups = baseline_groups(v);
    let mut out = Vec::with_capacity(groups.len());
    for g in groups {
        let g = sorted(g, |c| (c.x0, 0.0));
        let size = g.iter().map(|c| c.size).fold(1.0, f64::max);
        let base = g[g.len() / 2].base;
        let mut runs: Vec<Run> = Vec::new();
        for c in g {
            match runs.last_mut() {
                Some(r) if c.x0 - r.x1 <= GAP * size => {
                    r.x1 = r.x1.max(c.x1);
                    r.text.push_str(&c.text);
                }
                _ => runs.push(Run {
                    x0: c.x0,
                    x1: c.x1,
                    text: c.text.to_string(),
                }),
            }
        }
        out.push(TLine { base, size, runs });
    }
    out
}

/// Horizontal rules stacked over each other (overlapping across most of the narrower
/// one's width): (x0, x1, rules).
fn stacks(lone: &[HRule]) -> Vec<(f64, f64, Vec<HRule>)> {
    let hs: Vec<HRule> = lone
        .iter()
        .copied()
        .filter(|h| h.2 - h.1 >= MIN_TABLE_WIDTH)
        .collect();
    let hs = sorted(hs, |h| (h.0, 0.0));
    let mut out: Vec<(f64, f64, Vec<HRule>)> = Vec::new();
    for h in hs {
        let fits = out.iter_mut().rev().take(8).find(|s| {
            let overlap = s.1.min(h.2) - s.0.max(h.1);
            overlap >= 0.5 * (h.2 - h.1).min(s.1 - s.0)
        });
        match fits {
            Some(s) => {
                s.0 = s.0.min(h.1);
                s.1 = s.1.max(h.2);
                s.2.push(h);
            }
            None => out.push((h.1, h.2, vec![h])),
        }
    }
    out.retain(|s| s.2.len() >= 2);
    out
}

/// Tables from the glyphs outside ruled tables and the horizontal rules touching no
/// vertical one.
/// `hint`: the columns of a table not fully ruled ending the page before, for a table
/// at this page's top (its continuation: a few rows may not show all its columns).
pub(crate) fn tables(chars: &[Char], lone: &[HRule], hint: Option<&Hint>) -> Vec<Grid> {
    let lines = text_lines(chars);
    if lines.len() < 2 {
        return Vec::new();
    }
    let mut used = vec![false; lines.len()];
    let mut out = Vec::new();
    let page_x0 = lines.iter().map(TLine::x0).fold(f64::MAX, f64::min);
    let page_w = lines.iter().map(TLine::x1).fold(f64::MIN, f64::max) - page_x0;
    // Body text: a single run across most of the page (or the table).
    let body = |l: &TLine, width: f64| l.runs.len() == 1 && l.width() >= 0.75 * width;
    // A stack's rules up to a band between two of them holding a heading or body
    // text: two tables, the text between them.
    // Lines by their middle, so the lines between two rules are a lookup.
    let by_mid: Vec<(f64, usize)> = lines.iter().map(TLine::mid).zip(0..).collect();
    let by_mid = sorted(by_mid, |m| (m.0, 0.0));
    let between = |y0: f64, y1: f64| {
        let from = by_mid.partition_point(|m| m.0 <= y0);
        by_mid[from..]
            .iter()
            .take_while(move |m| m.0 < y1)
            .map(|m| m.1)
    };
    // The page's line pitch.
    let mut deltas: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].base - w[0].base)
        .filter(|d| *d > 0.0)
        .collect();
    deltas.sort_by(f64::total_cmp);
    let pitch = deltas.get(deltas.len() / 2).copied().unwrap_or(0.0);
    let mut split: Vec<(f64, f64, Vec<HRule>)> = Vec::new();
    // Hostile pages with thousands of rules: a report page has a few tables.
    let lone = if lone.len() > MAX_RULES {
        &[][..]
    } else {
        lone
    };
    for (x0, x1, rules) in stacks(lone).into_iter().take(MAX_STACKS) {
        let mut part: Vec<HRule> = Vec::new();
        for h in rules {
            let outside = part.last().is_some_and(|p: &HRule| {
                between(p.0, h.0).any(|i| {
                    let l = &lines[i];
                    body(l, x1 - x0) || (l.runs.len() == 1 && l.heading())
                })
            });
            if outside {
                split.push((x0, x1, std::mem::take(&mut part)));
            }
            part.push(h);
        }
        split.push((x0, x1, part));
    }
    split.retain(|s| s.2.len() >= 2);
    for (_, _, rules) in split {
        let x0 = rules.iter().map(|h| h.1).fold(f64::MAX, f64::min);
        let x1 = rules.iter().map(|h| h.2).fold(f64::MIN, f64::max);
        let (mut y0, y1) = (rules[0].0, rules[rules.len() - 1].0);
        let idx: Vec<usize> = between(y0, y1)
            .filter(|&i| {
                let l = &lines[i];
                let cx = (l.x0() + l.x1()) / 2.0;
                !used[i] && cx > x0 && cx < x1
            })
            .collect();
        let mut idx = sorted(idx, |&i| (i as f64, 0.0));
        // A row cut by the page break above has its rule on the page before: lines
        // over the first rule, one right under the other from the page's top, are it.
        if let Some(&first) = idx.first() {
            let mut k = first;
            while k > 0 {
                let (a, b) = (&lines[k - 1], &lines[k]);
                let cx = (a.x0() + a.x1()) / 2.0;
                let apart = b.base - a.base > 1.7 * pitch.max(b.size)
                    || (a.size - b.size).abs() > 0.2 * a.size.max(b.size);
                if used[k - 1]
                    || apart
                    || body(a, x1 - x0)
                    || (a.runs.len() == 1 && a.heading())
                    || cx <= x0
                    || cx >= x1
                {
                    break;
                }
                k -= 1;
            }
            if k < first && k <= 1 {
                y0 = lines[k].mid() - 0.8 * lines[k].size;
                idx.splice(0..0, k..first);
            }
        }
        if idx.iter().any(|&i| body(&lines[i], x1 - x0)) {
            continue;
        }
        // Rules bound it: one row of a table continued on this page is enough.
        let hint = hint.filter(|_| idx.first().is_some_and(|&i| i <= 1));
        if let Some(g) = build(&lines, &idx, Some((x0, x1, y0, y1)), &rules, 1, hint) {
            for &i in &idx {
                used[i] = true;
            }
            out.push(g);
        }
    }
    // Blocks of closely spaced lines.
    let mut block: Vec<usize> = Vec::new();
    let flush = |block: &mut Vec<usize>, out: &mut Vec<Grid>| {
        // Lines of one run at either end are the table's (a title row, a label's
        // wrapped rest) when they stand narrow within its extent, else text around it
        // (a lone number: a page number).
        let multi = || block.iter().filter(|&&i| lines[i].runs.len() >= 2);
        let mut x0 = multi().map(|&i| lines[i].x0()).fold(f64::MAX, f64::min);
        let mut x1 = multi().map(|&i| lines[i].x1()).fold(f64::MIN, f64::max);
        let has_multi = x0 <= x1;
        // At the top of a page after a table: a wrapped label's rest may be all there is
        // of it, in that table's extent.
        let hinted = hint.filter(|_| block.first().is_some_and(|&i| i <= 1));
        if let Some((h, _)) = hinted.filter(|_| x0 > x1) {
            (x0, x1) = (h[0], h[h.len() - 1]);
        }
        let inside = |i: usize| {
            let l = &lines[i];
            l.runs.len() >= 2
                || (!l.runs[0].numeric()
                    && l.x0() >= x0 - 0.5 * l.size
                    && l.x1() <= x1 + 0.5 * l.size
                    && l.width() <= 0.6 * (x1 - x0))
        };
        while block.last().is_some_and(|&i| !inside(i)) {
            block.pop();
        }
        let start = block.iter().position(|&i| inside(i)).unwrap_or(block.len());
        // One row is a table at the top of a page (the rest of one continued there)
        // when it is a row of numbers, under at most a label.
        let top = block.get(start).is_some_and(|&i| i <= 1) && {
            let l = &lines[block[start]];
            l.runs.len() >= 2 && l.runs[1..].iter().all(Run::numeric)
        };
        let at_top = block.get(start).is_some_and(|&i| i <= 1);
        let hint = hint.filter(|_| at_top);
        // A report's tables hold numbers in cells of their own: in two rows, or two in one
        // (table 四 has a single row of them). With no rule around it and no table to
        // continue, a block without is text set in two columns (a contact block, 地址…
        // 邮编… over 电话… 邮箱…), not a table: read as a table it would also take the
        // paragraph under it as a row.
        let numbers = |i: &usize| lines[*i].runs.iter().filter(|r| r.numeric()).count();
        let numbered = block[start..].iter().filter(|i| numbers(i) > 0).count();
        let row_of_numbers = block[start..].iter().any(|i| numbers(i) >= 2);
        if hint.is_none() && numbered < 2 && !row_of_numbers {
            block.clear();
            return;
        }
        let least = if hint.is_some() && !has_multi {
            0
        } else if top {
            1
        } else {
            2
        };
        if out.len() < MAX_TABLES {
            out.extend(build(&lines, &block[start..], None, &[], least, hint));
        }
        block.clear();
    };
    for i in 0..lines.len() {
        let l = &lines[i];
        let breaks = used[i] || body(l, page_w) || (l.runs.len() == 1 && l.heading());
        // A table's text is of one size; a running header's is smaller.
        let far = block.last().is_some_and(|&p| {
            let d = l.base - lines[p].base;
            d > 1.7 * pitch.max(l.size)
                || p + 1 != i
                || (l.size - lines[p].size).abs() > 0.2 * l.size.max(lines[p].size)
        });
        if breaks || far {
            flush(&mut block, &mut out);
        }
        if !breaks {
            block.push(i);
        }
    }
    flush(&mut block, &mut out);
    out
}

/// The table of lines `idx` (top to bottom), within `bounds` (x0, x1, y0, y1) when rules
/// bound it, rows ruled by `rules` where they are; with `least` lines of two runs or more.
fn build(
    lines: &[TLine],
    idx: &[usize],
    bounds: Option<(f64, f64, f64, f64)>,
    rules: &[HRule],
    least: usize,
    hint: Option<&Hint>,
) -> Option<Grid> {
    let ls: Vec<&TLine> = idx.iter().map(|&i| &lines[i]).collect();
    if ls.iter().filter(|l| l.runs.len() >= 2).count() < least {
        return None;
    }
    // Columns: the fewest boundaries, one in each gap between two runs of a line.
    let gaps: Vec<(f64, f64)> = ls
        .iter()
        .flat_map(|l| l.runs.windows(2).map(|w| (w[0].x1, w[1].x0)))
        .collect();
    let gaps = sorted(gaps, |g| (g.1, 0.0));
    let mut groups: Vec<(f64, f64)> = Vec::new();
    let mut cur: Option<(f64, f64)> = None;
    for (a, b) in gaps {
        match cur.as_mut() {
            Some((lo, hi)) if a <= *hi => *lo = lo.max(a),
            _ => {
                groups.extend(cur);
                cur = Some((a, b));
            }
        }
    }
    groups.extend(cur);
    if groups.len() > MAX_COLUMNS {
        return None;
    }
    let size = ls.iter().map(|l| l.size).fold(1.0, f64::max);
    // Each boundary in the middle of the widest stretch of its gaps that no text of
    // another line crosses (a long label centred in a wide cell reaching into them).
    let all: Vec<(f64, f64)> = ls
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| (r.x0, r.x1)))
        .collect();
    let all = sorted(all, |r| (r.0, 0.0));
    let bounds_x: Vec<f64> = groups
        .iter()
        .map(|&(lo, hi)| {
            // (a sliver between two runs is no stretch: the gaps' middle then)
            let mut best = ((lo + hi) / 2.0, 0.25 * size);
            let mut at = lo;
            let upto = all.partition_point(|r| r.0 < hi);
            for &(x0, x1) in all[..upto].iter().filter(|r| r.1 > lo) {
                if x0 > at && x0 - at > best.1 {
                    best = ((at + x0) / 2.0, x0 - at);
                }
                at = at.max(x1);
            }
            if hi > at && hi - at > best.1 {
                best = ((at + hi) / 2.0, hi - at);
            }
            best.0
        })
        .collect();
    let (left, right) = match bounds {
        Some((x0, x1, _, _)) => (x0, x1),
        None => (
            ls.iter().map(|l| l.x0()).fold(f64::MAX, f64::min) - 2.0,
            ls.iter().map(|l| l.x1()).fold(f64::MIN, f64::max) + 2.0,
        ),
    };
    let (mut left, mut right) = (left, right);
    let mut bounds_x = bounds_x;
    // The table continued from the page before, where it spans that one's columns.
    let mut carried: Vec<(f64, Option<bool>)> = Vec::new();
    if let Some((h, carry)) = hint.filter(|h| h.0.len() >= 2 && h.1.len() + 2 == h.0.len()) {
        let (h0, h1) = (h[0], h[h.len() - 1]);
        let inner = &h[1..h.len() - 1];
        let overlap = right.min(h1) - left.max(h0);
        let tol = GAP * ls[0].size;
        let within = |x: f64, g: &(f64, f64)| x >= g.0 - tol && x <= g.1 + tol;
        let agree = groups
            .iter()
            .filter(|g| inner.iter().any(|&x| within(x, g)))
            .count();
        // The same table: as wide, its own boundaries' gaps (if any) mostly holding
        // that one's.
        if overlap >= 0.8 * (right - left).min(h1 - h0) && agree * 5 >= groups.len() * 4 {
            left = left.min(h0);
            right = right.max(h1);
            // A boundary whose gaps hold one of the page before is that one.
            for (b, g) in bounds_x.iter_mut().zip(&groups) {
                if let Some(&x) = inner
                    .iter()
                    .filter(|&&x| within(x, g))
                    .min_by(|x, y| (*x - *b).abs().total_cmp(&(*y - *b).abs()))
                {
                    *b = x;
                }
            }
            for (&x, &c) in inner.iter().zip(carry) {
                if !bounds_x.iter().any(|b| (b - x).abs() <= 0.5) {
                    bounds_x.push(x);
                }
                carried.push((x, c));
            }
            bounds_x.sort_by(f64::total_cmp);
            bounds_x.dedup_by(|a, b| (*a - *b).abs() <= 0.5);
        }
    }
    let mut xs = vec![left];
    xs.extend(bounds_x.into_iter().filter(|&x| x > left && x < right));
    xs.push(right);
    if xs.len() - 1 > MAX_COLUMNS {
        return None;
    }
    // Columns that never share a line (a label spanning rows beside a group's label,
    // both beside the sub-items): runs within one column standing apart from each
    // other, never overlapping, are two columns' text.
    let mut within: Vec<Vec<(f64, f64)>> = vec![Vec::new(); xs.len() - 1];
    for l in &ls {
        for r in &l.runs {
            let c = xs
                .partition_point(|&b| b <= r.x0 + 0.5)
                .clamp(1, xs.len() - 1)
                - 1;
            if r.x1 - 0.5 < xs[c + 1] {
                within[c].push((r.x0, r.x1));
            }
        }
    }
    for v in within {
        let v = sorted(v, |r| (r.0, 0.0));
        let mut end = f64::MAX;
        for (x0, x1) in v {
            if end != f64::MAX && x0 - end >= GAP * size {
                xs.push((end + x0) / 2.0);
            }
            end = if end == f64::MAX { x1 } else { end.max(x1) };
        }
    }
    xs.sort_by(f64::total_cmp);
    let cols = xs.len() - 1;
    if !(2..=MAX_COLUMNS).contains(&cols) || right - left < MIN_TABLE_WIDTH {
        return None;
    }
    // Each run's columns.
    let col = |x: f64| xs.partition_point(|&b| b <= x).clamp(1, cols) - 1;
    let spans: Vec<Vec<(usize, usize)>> = ls
        .iter()
        .map(|l| {
            l.runs
                .iter()
                .map(|r| {
                    // A run narrower than a point (or drawn right to left) can end in a
                    // column before the one it starts in: its span is the pair in order.
                    let (a, b) = (col(r.x0 + 0.5), col(r.x1 - 0.5));
                    (a.min(b), a.max(b))
                })
                .collect()
        })
        .collect();

    let breaks = text_breaks(&ls, &spans, &xs);
    // Rules between two lines.
    let ruled: Vec<bool> = (0..ls.len())
        .map(|i| {
            i > 0
                && rules.iter().any(|h| {
                    h.0 > ls[i - 1].mid() && h.0 < ls[i].mid() && h.2 - h.1 >= 0.3 * (right - left)
                })
        })
        .collect();
    let n_breaks = breaks.iter().filter(|b| **b).count();
    let on_rules = breaks
        .iter()
        .zip(&ruled)
        .filter(|(b, r)| **b && **r)
        .count();
    let n_ruled = ruled.iter().filter(|r| **r).count();
    let by_rules = n_ruled >= 2 && on_rules as f64 >= RULED_ROWS * n_breaks as f64;

    let (top, bottom) = match bounds {
        Some((_, _, y0, y1)) => (y0, y1),
        None => (
            ls[0].mid() - 0.8 * ls[0].size,
            ls[ls.len() - 1].mid() + 0.8 * ls[ls.len() - 1].size,
        ),
    };
    let mut ys = vec![top];
    if by_rules {
        let mut r: Vec<f64> = rules
            .iter()
            .map(|h| h.0)
            .filter(|&y| y > top + 1.0 && y < bottom - 1.0)
            .collect();
        r.sort_by(f64::total_cmp);
        for y in r {
            if ys.last().is_some_and(|&l| y - l > 1.0) {
                ys.push(y);
            }
        }
    } else {
        for i in 1..ls.len() {
            if breaks[i] || ruled[i] {
                ys.push((ls[i - 1].mid() + ls[i].mid()) / 2.0);
            }
        }
    }
    ys.push(bottom);
    if cols * (ys.len() - 1) > MAX_GRID_CELLS {
        return None;
    }
    // Each boundary in each row: cut where text stands on both sides of it, not where a
    // run crosses it; where neither (a side empty) as in the nearest row above that
    // tells, so a value centred in a cell spanning columns under a header spanning
    // them spans them too, and a blank value stays a cell of its own.
    let rows = ys.len() - 1;
    let mut cut = vec![true; rows * (cols - 1)];
    // Continued from the page before: its last rows' spans hold until this page's say.
    let mut known: Vec<Option<bool>> = (1..cols)
        .map(|j| {
            carried
                .iter()
                .find(|c| (c.0 - xs[j]).abs() <= 0.5)
                .and_then(|c| c.1)
        })
        .collect();
    let mut k = 0;
    // (line middle, columns, x0, x1, a number)
    type Placed = (f64, (usize, usize), f64, f64, bool);
    let runs: Vec<Placed> = ls
        .iter()
        .zip(&spans)
        .flat_map(|(l, sp)| {
            l.runs
                .iter()
                .zip(sp)
                .map(move |(r, s)| (l.mid(), *s, r.x0, r.x1, r.numeric()))
        })
        .collect();
    let runs = sorted(runs, |r| (r.0, 0.0));
    for i in 0..rows {
        let mut occupied = vec![false; cols];
        let mut crossed = vec![false; cols - 1];
        let from = k;
        while k < runs.len() && runs[k].0 < ys[i + 1] {
            let (a, b) = runs[k].1;
            occupied[a..=b].fill(true);
            crossed[a..b].fill(true);
            k += 1;
        }
        let row = &mut cut[i * (cols - 1)..(i + 1) * (cols - 1)];
        for j in 0..cols - 1 {
            if crossed[j] {
                known[j] = Some(false);
            } else if occupied[j] && occupied[j + 1] {
                known[j] = Some(true);
            }
            row[j] = known[j].unwrap_or(true);
        }
        // A merge taken from above holds only for a value placed in the merged cell,
        // or, in the first row of a table continued from the page before (a row cut
        // by the break), for no text at all (an empty column beside a label may be a
        // cell's whose text stands in another row, beside a value a blank).
        let mut a = 0;
        while a < cols {
            let mut b = a;
            while b + 1 < cols && !row[b] {
                b += 1;
            }
            if b > a && (a..b).any(|j| !crossed[j]) {
                let inside: Vec<&Placed> = runs[from..k]
                    .iter()
                    .filter(|r| r.1 .0 >= a && r.1 .1 <= b)
                    .collect();
                let (x0, x1) = inside
                    .iter()
                    .fold((f64::MAX, f64::MIN), |m, r| (m.0.min(r.2), m.1.max(r.3)));
                let numbers = inside.iter().all(|r| r.4);
                // Values centred, or against either side of the merged cell (aligned
                // left or right in it, as the header over it); a label against its
                // left side, where rules do not say the rows (one standing right of an
                // empty column may be beside a cell whose text is in another row, and
                // under rules that cell runs down the rows).
                let w = xs[b + 1] - xs[a];
                let left = (x0 - xs[a]).abs() <= 0.15 * w;
                let placed = left && (numbers || !by_rules)
                    || numbers
                        && (((x0 + x1) / 2.0 - (xs[a] + xs[b + 1]) / 2.0).abs() <= 0.15 * w
                            || (xs[b + 1] - x1).abs() <= 0.15 * w);
                let centred = (inside.is_empty() && i == 0 && !carried.is_empty())
                    || !inside.is_empty() && placed;
                if !centred {
                    for j in a..b {
                        row[j] = !crossed[j];
                    }
                }
            }
            a = b + 1;
        }
    }
    let has_v = |x: f64, ya: f64, _: f64| {
        let i = ys.partition_point(|&y| y <= ya).saturating_sub(1);
        let j = xs.partition_point(|&b| b < x).saturating_sub(1);
        cut.get(i * (cols - 1) + j).copied().unwrap_or(true)
    };
    let ruled = |y: f64, xa: f64, xb: f64| !by_rules || has_rule(rules, y, xa, xb);
    let g = grid(xs.clone(), ys.clone(), (false, false), &has_v, &ruled);
    g.map(|mut g| {
        g.inferred = true;
        g.carry = known;
        g
    })
}

/// Where a new row starts (the first line's flag is unused), from the text's flow.
fn text_breaks(ls: &[&TLine], spans: &[Vec<(usize, usize)>], xs: &[f64]) -> Vec<bool> {
    let cols = xs.len() - 1;
    // The widest text seen in each span of columns: what a full line of it measures.
    // Text across columns (a title across the table) or alone in its column fills it
    // only if it nearly reaches across.
    let mut widest: Vec<(f64, usize)> = vec![(0.0, 0); cols * cols];
    for (l, sp) in ls.iter().zip(spans) {
        for (r, &(a, b)) in l.runs.iter().zip(sp) {
            let w = &mut widest[a * cols + b];
            w.0 = w.0.max(r.x1 - r.x0);
            w.1 += 1;
        }
    }
    let full = |r: &Run, s: (usize, usize), size: f64| {
        let (w, n) = widest[s.0 * cols + s.1];
        let cap = if n < 2 || s.0 < s.1 {
            w.max(xs[s.1 + 1] - xs[s.0] - 2.5 * size)
        } else {
            w
        };
        !r.numeric() && r.x1 - r.x0 + 0.8 * size >= cap
    };
    let mut deltas: Vec<f64> = ls.windows(2).map(|w| w[1].base - w[0].base).collect();
    deltas.sort_by(f64::total_cmp);
    let pitch = deltas.get(deltas.len() / 2).copied().unwrap_or(0.0);
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Empty,
        Closed,
        Open,
        Number,
    }
    let mut state = vec![S::Empty; cols];
    let mut breaks = vec![false; ls.len()];
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            let near = l.base - ls[i - 1].base <= 1.7 * pitch.max(0.5 * l.size);
            let cont = near
                && state.contains(&S::Open)
                && l.runs.iter().zip(&spans[i]).all(|(r, &(a, b))| {
                    // A number is no label's wrapped rest.
                    (!r.numeric() && !item(&r.text) && state[a..=b].iter().all(|s| *s == S::Open))
                        || state[a..=b].iter().all(|s| *s == S::Empty)
                });
            // Two rows' lines are a line apart at least; closer, they are cells of one
            // row centred vertically beside each other (a value beside a label's two
            // lines), unless text stands under a number of the row (a number never
            // wraps: that is the next row, a label centred over both between them).
            let beside = l.base - ls[i - 1].base < 0.9 * l.size.min(ls[i - 1].size)
                && spans[i]
                    .iter()
                    .all(|&(a, b)| state[a..=b].iter().all(|s| *s != S::Number));
            if !cont && !beside {
                breaks[i] = true;
                state.fill(S::Empty);
            }
        }
        for (r, &(a, b)) in l.runs.iter().zip(&spans[i]) {
            let s = if r.numeric() {
                S::Number
            } else if full(r, (a, b), l.size) {
                S::Open
            } else {
                S::Closed
            };
            state[a..=b].fill(s);
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn glyph(x: f64, base: f64, text: &str) -> Char {
        Char {
            x0: x,
            x1: x + 10.0,
            base,
            size: 10.0,
            text: Rc::from(text),
        }
    }

    #[test]
    fn a_borderless_grid_of_labels_and_numbers() {
        let mut chars = Vec::new();
        for (row, label) in ["规章", "规范性文件"].iter().enumerate() {
            let base = 100.0 + 14.0 * row as f64;
            for (i, c) in label.chars().enumerate() {
                chars.push(glyph(50.0 + 10.0 * i as f64, base, &c.to_string()));
            }
            for col in 0..3 {
                chars.push(glyph(150.0 + 60.0 * col as f64, base, &format!("{col}")));
            }
        }
        let g = tables(&chars, &[], None);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].xs.len(), 5, "four columns: {:?}", g[0].xs);
        assert_eq!(g[0].rows(), 2);
    }

    #[test]
    fn hostile_pages_stay_bounded() {
        // A thousand lines of two hundred runs each, and thousands of lone rules.
        let mut chars = Vec::new();
        for row in 0..1000 {
            for col in 0..200 {
                chars.push(glyph(20.0 * col as f64, 12.0 * row as f64, "0"));
            }
        }
        let rules: Vec<HRule> = (0..20_000).map(|i| (i as f64, 0.0, 100.0)).collect();
        assert!(tables(&chars, &rules, None).is_empty());
        let few: Vec<HRule> = (0..5_000).map(|i| (3.0 * i as f64, 0.0, 100.0)).collect();
        let _ = tables(&chars[..20_000], &few, None);
        // Thousands of little two-row tables, far apart: a page's worth at most.
        let mut many = Vec::new();
        for t in 0..5_000 {
            for row in 0..2 {
                let base = 100.0 * t as f64 + 12.0 * row as f64;
                many.push(glyph(0.0, base, "甲"));
                many.push(glyph(60.0, base, "1"));
            }
        }
        assert_eq!(tables(&many, &[], None).len(), MAX_TABLES);
    }

    /// Text runs of one line, each `(x, text)`, glyph by glyph.
    fn line(chars: &mut Vec<Char>, base: f64, runs: &[(f64, &str)]) {
        for (x, text) in runs {
            for (i, c) in text.chars().enumerate() {
                chars.push(glyph(x + 10.0 * i as f64, base, &c.to_string()));
            }
        }
    }

    #[test]
    fn two_columns_of_words_are_no_table() {
        // A contact block set in two columns, then a paragraph: no number stands alone
        // in a cell, so it is text, and the paragraph stays a paragraph.
        let mut chars = Vec::new();
        line(
            &mut chars,
            100.0,
            &[
                (50.0, "联系地址：开发区管委会"),
                (300.0, "邮政编码：055250"),
            ],
        );
        line(
            &mut chars,
            114.0,
            &[
                (50.0, "联系电话：0319-4321000"),
                (300.0, "电子邮箱：a@b.cn"),
            ],
        );
        line(
            &mut chars,
            128.0,
            &[(50.0, "二〇二二年，开发区认真落实条例")],
        );
        assert!(tables(&chars, &[], None).is_empty());
        // The same block with numbers in cells of their own is a table.
        let mut chars = Vec::new();
        line(
            &mut chars,
            100.0,
            &[(50.0, "规章"), (300.0, "1"), (400.0, "0")],
        );
        line(
            &mut chars,
            114.0,
            &[(50.0, "规范性文件"), (300.0, "8"), (400.0, "2")],
        );
        assert_eq!(tables(&chars, &[], None).len(), 1);
    }
}
