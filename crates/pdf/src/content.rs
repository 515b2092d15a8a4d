//! The content-stream interpreter: runs a page's operators with the graphics state
//! (q/Q/cm) and the text state (Tf Tc Tw Tz TL Ts Td TD Tm T* Tj TJ ' "), and collects
//! what layout needs: every glyph placed on the page, the straight lines and thin
//! rectangles that may rule a table, and how many pictures were drawn.
//!
//! Coordinates out of here are the page as displayed (rotation applied), in points,
//! with y growing downwards.

use crate::file::{File, Page};
use crate::font::{Decoder, Font, Glyph};
use crate::lex::{Lexer, Obj};
use crate::Fail;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct M([f64; 6]);

impl M {
    const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    /// `self` then `o`.
    fn then(&self, o: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
    fn translate(x: f64, y: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

/// A glyph as placed: its horizontal extent, baseline and size.
#[derive(Clone, Debug)]
pub struct Char {
    pub x0: f64,
    pub x1: f64,
    pub base: f64,
    pub size: f64,
    pub text: Rc<str>,
}

impl Char {
    pub fn is_space(&self) -> bool {
        self.text.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
    pub fn mid_y(&self) -> f64 {
        self.base - self.size * 0.35
    }
}

/// A straight ruling: horizontal (`y0 == y1` roughly) or vertical.
#[derive(Clone, Copy, Debug)]
pub struct Seg {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Default)]
pub struct PageContent {
    pub chars: Vec<Char>,
    pub segs: Vec<Seg>,
    pub images: usize,
    /// Glyphs whose font gives no text for them.
    pub undecoded: usize,
    pub undecoded_font: Option<String>,
    pub height: f64,
}

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

#[derive(Hash, PartialEq, Eq)]
enum FontKey {
    Ref(u32),
    Direct(usize, Vec<u8>),
}

pub struct Interp<'f, 'a, 'd> {
    file: &'f File<'a>,
    decoder: Option<Decoder<'d>>,
    fonts: HashMap<FontKey, Option<Rc<Font>>>,
    /// Operators still allowed in the whole document.
    pub ops_left: u64,
    pub chars_left: usize,
    glyphs: Vec<Glyph>,
}

/// A subpath: its points, whether it has curves, whether it is closed.
type Subpath = (Vec<(f64, f64)>, bool, bool);

struct Path {
    subs: Vec<Subpath>,
}

impl<'f, 'a, 'd> Interp<'f, 'a, 'd> {
    pub fn new(file: &'f File<'a>, decoder: Option<Decoder<'d>>, ops: u64, chars: usize) -> Self {
        Interp {
            file,
            decoder,
            fonts: HashMap::new(),
            ops_left: ops,
            chars_left: chars,
            glyphs: Vec::new(),
        }
    }

    pub fn page(&mut self, page: &Page) -> Result<PageContent, Fail> {
        let [x0, y0, x1, y1] = page.media;
        let (w, h) = (x1 - x0, y1 - y0);
        let rot = page.rotate.rem_euclid(360);
        let base = match rot {
            90 => M([0.0, -1.0, 1.0, 0.0, -y0, w + x0]),
            180 => M([-1.0, 0.0, 0.0, -1.0, w + x0, h + y0]),
            270 => M([0.0, 1.0, -1.0, 0.0, h + y0, -x0]),
            _ => M([1.0, 0.0, 0.0, 1.0, -x0, -y0]),
        };
        let (dw, dh) = if rot == 90 || rot == 270 {
            (h, w)
        } else {
            (w, h)
        };
        // Flip to y downwards.
        let ctm = base.then(&M([1.0, 0.0, 0.0, -1.0, 0.0, dh]));
        let mut out = PageContent {
            height: dh,
            ..Default::default()
        };
        let mut data = Vec::new();
        for c in &page.contents {
            let o = self.file.resolve(c);
            if let Obj::Stream(s) = o.as_ref() {
                match self.file.decode(s) {
                    Ok(d) => {
                        data.extend_from_slice(&d);
                        data.push(b'\n');
                    }
                    Err(e @ (Fail::TooLarge(..) | Fail::Unsupported(_))) => return Err(e),
                    Err(_) => {}
                }
            }
        }
        let state = State {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let res = page.resources.clone();
        self.run(&data, res, state, &mut out, 0)?;
        out.chars.retain(|c| {
            c.x1 >= -1.0 && c.x0 <= dw + 1.0 && c.base >= -1.0 && c.base <= dh + c.size
        });
        Ok(out)
    }

    fn font(&mut self, res: &Option<Rc<Obj>>, name: &[u8]) -> Option<Rc<Font>> {
        let res = res.as_ref()?;
        let fonts = self.file.key(res.as_dict()?, b"Font")?;
        let entry = fonts.as_dict()?.get(name)?.clone();
        let key = match entry {
            Obj::Ref(n, _) => FontKey::Ref(n),
            _ => FontKey::Direct(Rc::as_ptr(res) as usize, name.to_vec()),
        };
        if let Some(f) = self.fonts.get(&key) {
            return f.clone();
        }
        let obj = self.file.resolve(&entry);
        let f = obj.as_dict().map(|d| Rc::new(Font::load(self.file, d)));
        self.fonts.insert(key, f.clone());
        f
    }

    fn run(
        &mut self,
        data: &[u8],
        res: Option<Rc<Obj>>,
        mut st: State,
        out: &mut PageContent,
        depth: usize,
    ) -> Result<(), Fail> {
        let mut l = Lexer::new(data, 0);
        let mut args: Vec<Obj> = Vec::new();
        let mut stack: Vec<State> = Vec::new();
        let mut tm = M::ID;
        let mut tlm = M::ID;
        let mut path = Path { subs: Vec::new() };
        loop {
            let before = l.pos;
            let Some(o) = l.obj(false, 0) else {
                if l.pos >= data.len() {
                    break;
                }
                if l.pos == before {
                    l.pos += 1;
                }
                continue;
            };
            let Obj::Op(op) = o else {
                if args.len() < 64 {
                    args.push(o);
                }
                continue;
            };
            if self.ops_left == 0 {
                return Err(Fail::TooLarge(
                    "绘制指令数",
                    crate::MAX_OPS + 1,
                    crate::MAX_OPS,
                    "条",
                ));
            }
            self.ops_left -= 1;
            let num = |i: usize| args.get(i).and_then(Obj::as_f64).unwrap_or(0.0);
            let n = args.len();
            let last = |k: usize| if n >= k { num(n - k) } else { 0.0 };
            match op.as_slice() {
                b"q" if stack.len() < 256 => stack.push(st.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                b"cm" if n >= 6 => {
                    let m = M([last(6), last(5), last(4), last(3), last(2), last(1)]);
                    st.ctm = m.then(&st.ctm);
                }
                b"BT" => {
                    tm = M::ID;
                    tlm = M::ID;
                }
                b"Tf" => {
                    if let Some(Obj::Name(name)) = args.get(n.saturating_sub(2)) {
                        st.font = self.font(&res, name);
                    }
                    st.size = last(1);
                }
                b"Tc" => st.char_space = last(1),
                b"Tw" => st.word_space = last(1),
                b"Tz" => st.scale = last(1) / 100.0,
                b"TL" => st.leading = last(1),
                b"Ts" => st.rise = last(1),
                b"Td" => {
                    tlm = M::translate(last(2), last(1)).then(&tlm);
                    tm = tlm;
                }
                b"TD" => {
                    st.leading = -last(1);
                    tlm = M::translate(last(2), last(1)).then(&tlm);
                    tm = tlm;
                }
                b"Tm" if n >= 6 => {
                    tlm = M([last(6), last(5), last(4), last(3), last(2), last(1)]);
                    tm = tlm;
                }
                b"T*" => {
                    tlm = M::translate(0.0, -st.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op.as_slice() == b"'" || op.as_slice() == b"\"" {
                        if op.as_slice() == b"\"" && n >= 3 {
                            st.word_space = num(n - 3);
                            st.char_space = num(n - 2);
                        }
                        tlm = M::translate(0.0, -st.leading).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Obj::Str(s)) = args.last() {
                        self.show(s, &st, &mut tm, out)?;
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Array(a)) = args.last() {
                        for item in a {
                            match item {
                                Obj::Str(s) => self.show(s, &st, &mut tm, out)?,
                                other => {
                                    if let Some(adj) = other.as_f64() {
                                        let tx = -adj / 1000.0 * st.size * st.scale;
                                        tm = M::translate(tx, 0.0).then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"m" => {
                    let p = st.ctm.apply(last(2), last(1));
                    if path.subs.len() < 100_000 {
                        path.subs.push((vec![p], false, false));
                    }
                }
                b"l" => {
                    let p = st.ctm.apply(last(2), last(1));
                    if let Some(s) = path.subs.last_mut() {
                        if s.0.len() < 10_000 {
                            s.0.push(p);
                        }
                    }
                }
                b"c" | b"v" | b"y" => {
                    let p = st.ctm.apply(last(2), last(1));
                    if let Some(s) = path.subs.last_mut() {
                        s.1 = true;
                        s.0.push(p);
                    }
                }
                b"h" => {
                    if let Some(s) = path.subs.last_mut() {
                        s.2 = true;
                    }
                }
                b"re" if n >= 4 => {
                    let (x, y, w, h) = (last(4), last(3), last(2), last(1));
                    let pts = vec![
                        st.ctm.apply(x, y),
                        st.ctm.apply(x + w, y),
                        st.ctm.apply(x + w, y + h),
                        st.ctm.apply(x, y + h),
                    ];
                    if path.subs.len() < 100_000 {
                        path.subs.push((pts, false, true));
                    }
                }
                b"S" | b"s" => {
                    let close = op.as_slice() == b"s";
                    for (pts, curved, closed) in path.subs.drain(..) {
                        if !curved {
                            stroke(&pts, closed || close, out);
                        }
                    }
                }
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    let stroked =
                        op.as_slice().starts_with(b"B") || op.as_slice().starts_with(b"b");
                    for (pts, curved, closed) in path.subs.drain(..) {
                        if curved {
                            continue;
                        }
                        if stroked {
                            stroke(&pts, true, out);
                        } else {
                            fill(&pts, closed, out);
                        }
                    }
                }
                b"n" => path.subs.clear(),
                b"Do" => {
                    if let Some(Obj::Name(name)) = args.last() {
                        self.xobject(&res, name, &st, out, depth)?;
                    }
                }
                b"BI" => {
                    // An inline image: skip its data to "EI".
                    out.images += 1;
                    if let Some(p) = find_id(data, l.pos) {
                        l.pos = p;
                    }
                    let mut k = l.pos;
                    loop {
                        match data[k.min(data.len())..]
                            .windows(2)
                            .position(|w| w == b"EI")
                        {
                            None => {
                                l.pos = data.len();
                                break;
                            }
                            Some(p) => {
                                k += p + 2;
                                let before_ok = k >= 3 && crate::lex::is_white(data[k - 3]);
                                let after_ok = data.get(k).is_none_or(|&c| crate::lex::is_white(c));
                                if before_ok && after_ok {
                                    l.pos = k.min(data.len());
                                    break;
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            args.clear();
            if out.segs.len() > 200_000 {
                out.segs.truncate(200_000);
            }
        }
        Ok(())
    }

    fn xobject(
        &mut self,
        res: &Option<Rc<Obj>>,
        name: &[u8],
        st: &State,
        out: &mut PageContent,
        depth: usize,
    ) -> Result<(), Fail> {
        let Some(r) = res else { return Ok(()) };
        let Some(xo) = r.as_dict().and_then(|d| self.file.key(d, b"XObject")) else {
            return Ok(());
        };
        let Some(o) = xo.as_dict().and_then(|d| self.file.key(d, name)) else {
            return Ok(());
        };
        let Obj::Stream(s) = o.as_ref() else {
            return Ok(());
        };
        match s.dict.get(b"Subtype").and_then(Obj::as_name) {
            Some(b"Image") => out.images += 1,
            Some(b"Form") if depth < 12 => {
                let data = match self.file.decode(s) {
                    Ok(d) => d,
                    Err(e @ (Fail::TooLarge(..) | Fail::Unsupported(_))) => return Err(e),
                    Err(_) => return Ok(()),
                };
                let mut st2 = st.clone();
                if let Some(m) = self.file.key(&s.dict, b"Matrix") {
                    let a: Vec<f64> = m
                        .as_array()
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(Obj::as_f64)
                        .collect();
                    if a.len() == 6 {
                        st2.ctm = M([a[0], a[1], a[2], a[3], a[4], a[5]]).then(&st.ctm);
                    }
                }
                let res2 = self.file.key(&s.dict, b"Resources").or_else(|| res.clone());
                self.run(&data, res2, st2, out, depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn show(
        &mut self,
        s: &[u8],
        st: &State,
        tm: &mut M,
        out: &mut PageContent,
    ) -> Result<(), Fail> {
        let Some(font) = st.font.clone() else {
            return Ok(());
        };
        self.glyphs.clear();
        let mut glyphs = std::mem::take(&mut self.glyphs);
        font.glyphs(s, self.decoder, &mut glyphs);
        for g in &glyphs {
            let m = tm.then(&st.ctm);
            let w = g.width * st.size * st.scale;
            let (sx, sy) = m.apply(0.0, st.rise);
            let (ex, ey) = m.apply(w, st.rise);
            let size = st.size.abs() * (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt();
            // Upright text only (in the displayed page, y grows downwards): rotated
            // watermarks and vertical stamps are not the report's text.
            let [a, b, c, d, _, _] = m.0;
            let upright = a > 0.0 && d < 0.0 && b.abs() <= 0.2 * a && c.abs() <= 0.2 * -d;
            let _ = ey;
            match &g.text {
                None => {
                    out.undecoded += 1;
                    if out.undecoded_font.is_none() {
                        out.undecoded_font = Some(font.name.clone());
                    }
                }
                Some(t)
                    if upright
                        && !t.is_empty()
                        && size > 0.5
                        && size < 10_000.0
                        && sx.is_finite()
                        && ex.is_finite()
                        && sy.is_finite() =>
                {
                    if self.chars_left == 0 {
                        return Err(Fail::TooLarge(
                            "文字数",
                            crate::MAX_CHARS as u64 + 1,
                            crate::MAX_CHARS as u64,
                            "个",
                        ));
                    }
                    self.chars_left -= 1;
                    out.chars.push(Char {
                        x0: sx.min(ex),
                        x1: sx.max(ex),
                        base: sy,
                        size,
                        text: t.clone(),
                    });
                }
                _ => {}
            }
            let tx = (g.width * st.size
                + st.char_space
                + if g.word_space { st.word_space } else { 0.0 })
                * st.scale;
            *tm = M::translate(tx, 0.0).then(tm);
        }
        self.glyphs = glyphs;
        Ok(())
    }
}

fn find_id(data: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    while k + 2 <= data.len() {
        let p = data[k..].windows(2).position(|w| w == b"ID")?;
        k += p;
        let before = k == 0 || crate::lex::is_white(data[k - 1]);
        let after = data.get(k + 2).is_none_or(|&c| crate::lex::is_white(c));
        if before && after {
            return Some((k + 3).min(data.len()));
        }
        k += 2;
    }
    None
}

fn push_seg(out: &mut PageContent, a: (f64, f64), b: (f64, f64)) {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return;
    }
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if (dy <= 1.0 && dx > 1.0) || (dx <= 1.0 && dy > 1.0) {
        out.segs.push(Seg {
            x0: a.0.min(b.0),
            y0: a.1.min(b.1),
            x1: a.0.max(b.0),
            y1: a.1.max(b.1),
        });
    }
}

fn stroke(pts: &[(f64, f64)], closed: bool, out: &mut PageContent) {
    for w in pts.windows(2) {
        push_seg(out, w[0], w[1]);
    }
    if closed && pts.len() > 2 {
        push_seg(out, pts[pts.len() - 1], pts[0]);
    }
}

/// A filled rectangle thin enough to be a rule becomes a segment along its middle.
fn fill(pts: &[(f64, f64)], _closed: bool, out: &mut PageContent) {
    if pts.len() < 4 || pts.len() > 5 {
        return;
    }
    let xs = pts.iter().map(|p| p.0);
    let ys = pts.iter().map(|p| p.1);
    let (x0, x1) = (
        xs.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f64::MAX, f64::min),
        ys.fold(f64::MIN, f64::max),
    );
    // Axis-aligned: every point on the box's edge.
    if !pts.iter().all(|p| {
        ((p.0 - x0).abs() < 0.5 || (p.0 - x1).abs() < 0.5)
            && ((p.1 - y0).abs() < 0.5 || (p.1 - y1).abs() < 0.5)
    }) {
        return;
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w.is_finite() && h.is_finite()) {
        return;
    }
    if h <= 2.5 && w > h {
        let y = (y0 + y1) / 2.0;
        out.segs.push(Seg {
            x0,
            y0: y,
            x1,
            y1: y,
        });
    } else if w <= 2.5 && h > w {
        let x = (x0 + x1) / 2.0;
        out.segs.push(Seg {
            x0: x,
            y0,
            x1: x,
            y1,
        });
    }
}
