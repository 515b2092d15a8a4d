//! PDF objects and the lexer that reads them, for the file structure and for content
//! streams (whose operators come out as [`Obj::Op`]).

use std::rc::Rc;

/// How deep arrays and dictionaries nest before the parser gives up on the object.
pub const MAX_NESTING: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    /// A stream: its dictionary and its raw (still encoded, maybe encrypted) data.
    Stream(Rc<Stream>),
    Ref(u32, u16),
    /// A content-stream operator (or a stray keyword).
    Op(Kw),
}

/// A keyword, kept inline (no allocation per operator); longer ones are cut to 24 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kw {
    b: [u8; 24],
    n: u8,
}

impl Kw {
    pub fn new(w: &[u8]) -> Kw {
        let n = w.len().min(24);
        let mut b = [0; 24];
        b[..n].copy_from_slice(&w[..n]);
        Kw { b, n: n as u8 }
    }
    pub fn as_slice(&self) -> &[u8] {
        &self.b[..self.n as usize]
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Obj)>);

#[derive(Debug, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    pub data: Vec<u8>,
}

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl Obj {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Obj::Int(i) => Some(*i as f64),
            Obj::Real(r) => Some(*r),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            Obj::Real(r) if r.is_finite() => Some(*r as i64),
            _ => None,
        }
    }
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) => Some(d),
            Obj::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(a) => Some(a),
            _ => None,
        }
    }
}

pub fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0)
}

pub fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

pub struct Lexer<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(buf: &'a [u8], pos: usize) -> Self {
        Lexer {
            buf,
            pos: pos.min(buf.len()),
        }
    }

    pub fn skip_ws(&mut self) {
        while self.pos < self.buf.len() {
            let c = self.buf[self.pos];
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.pos < self.buf.len() && !matches!(self.buf[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// A run of regular characters (a number or keyword).
    pub fn word(&mut self) -> &'a [u8] {
        self.pos = self.pos.min(self.buf.len());
        let start = self.pos;
        while self.pos < self.buf.len()
            && !is_white(self.buf[self.pos])
            && !is_delim(self.buf[self.pos])
        {
            self.pos += 1;
        }
        &self.buf[start..self.pos]
    }

    /// The next object. `refs`: whether `N G R` is read as a reference (not in content
    /// streams). `None` at the end of the buffer or on a closing delimiter.
    pub fn obj(&mut self, refs: bool, depth: usize) -> Option<Obj> {
        self.skip_ws();
        let c = self.peek()?;
        match c {
            b'/' => {
                self.pos += 1;
                Some(Obj::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Some(Obj::Str(self.literal()))
            }
            b'<' => {
                if self.buf.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    if depth >= MAX_NESTING {
                        return None;
                    }
                    Some(Obj::Dict(self.dict(refs, depth + 1)))
                } else {
                    self.pos += 1;
                    Some(Obj::Str(self.hex()))
                }
            }
            b'[' => {
                self.pos += 1;
                if depth >= MAX_NESTING {
                    return None;
                }
                let mut v = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => {}
                    }
                    let before = self.pos;
                    match self.obj(refs, depth + 1) {
                        Some(o) => v.push(o),
                        None => {
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Some(Obj::Array(v))
            }
            b']' | b'>' | b')' | b'{' | b'}' => None,
            _ => {
                let w = self.word();
                if w.is_empty() {
                    self.pos += 1;
                    return None;
                }
                Some(self.keyword_or_number(w, refs))
            }
        }
    }

    fn keyword_or_number(&mut self, w: &[u8], refs: bool) -> Obj {
        if let Some(n) = parse_number(w) {
            if refs {
                if let Obj::Int(num) = n {
                    // N G R
                    let save = self.pos;
                    self.skip_ws();
                    let g = self.word();
                    if !g.is_empty() && g.iter().all(u8::is_ascii_digit) {
                        self.skip_ws();
                        if self.peek() == Some(b'R')
                            && self
                                .buf
                                .get(self.pos + 1)
                                .is_none_or(|&c| is_white(c) || is_delim(c))
                        {
                            self.pos += 1;
                            let gen = parse_number(g).and_then(|g| g.as_i64()).unwrap_or(0);
                            if (0..=u32::MAX as i64).contains(&num) {
                                return Obj::Ref(num as u32, gen.clamp(0, 65535) as u16);
                            }
                            return Obj::Null;
                        }
                    }
                    self.pos = save;
                }
            }
            return n;
        }
        match w {
            b"true" => Obj::Bool(true),
            b"false" => Obj::Bool(false),
            b"null" => Obj::Null,
            _ => Obj::Op(Kw::new(w)),
        }
    }

    fn dict(&mut self, refs: bool, depth: usize) -> Dict {
        let mut d = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    let before = self.pos;
                    match self.obj(refs, depth) {
                        Some(Obj::Op(op))
                            if op.as_slice() == b"endobj" || op.as_slice() == b"stream" =>
                        {
                            self.pos = before;
                            break;
                        }
                        Some(v) => d.push((key, v)),
                        None => {
                            if self.pos == before && !matches!(self.peek(), Some(b'>')) {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Some(_) => {
                    // Junk where a key should be: skip it.
                    let before = self.pos;
                    match self.obj(refs, depth) {
                        Some(Obj::Op(op))
                            if op.as_slice() == b"endobj" || op.as_slice() == b"stream" =>
                        {
                            self.pos = before;
                            break;
                        }
                        _ => {}
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        Dict(d)
    }

    fn name(&mut self) -> Vec<u8> {
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' && i + 2 < raw.len() {
                if let (Some(h), Some(l)) = (hexval(raw[i + 1]), hexval(raw[i + 2])) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        _ => out.push(e),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hexval(c) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }
}

pub fn hexval(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

pub fn parse_number(w: &[u8]) -> Option<Obj> {
    if w.is_empty() || w.len() > 40 {
        return None;
    }
    let first = w[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let neg = first == b'-';
    // Signs inside ("--5", "5-") are skipped, as some writers produce them.
    let digits = || w.iter().copied().filter(|&c| c != b'-' && c != b'+');
    if !digits().all(|c| c.is_ascii_digit() || c == b'.') || digits().next().is_none() {
        return None;
    }
    let mut int: i64 = 0;
    let mut v = 0f64;
    let mut scale = 0f64;
    for c in digits() {
        if c == b'.' {
            if scale != 0.0 {
                break;
            }
            scale = 1.0;
            v = int as f64;
            continue;
        }
        let d = c - b'0';
        if scale == 0.0 {
            int = int.saturating_mul(10).saturating_add(d as i64);
        } else {
            scale /= 10.0;
            v += d as f64 * scale;
        }
    }
    if scale == 0.0 {
        return Some(Obj::Int(if neg { -int } else { int }));
    }
    Some(Obj::Real(if neg { -v } else { v }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects() {
        let mut l = Lexer::new(
            b"<</A [1 2.5 -3 (a\\)b) <4142> /N#41] /R 12 0 R /S (x(y)z)>>",
            0,
        );
        let o = l.obj(true, 0).unwrap();
        let d = o.as_dict().unwrap();
        assert_eq!(
            d.get(b"A").unwrap(),
            &Obj::Array(vec![
                Obj::Int(1),
                Obj::Real(2.5),
                Obj::Int(-3),
                Obj::Str(b"a)b".to_vec()),
                Obj::Str(b"AB".to_vec()),
                Obj::Name(b"NA".to_vec())
            ])
        );
        assert_eq!(d.get(b"R"), Some(&Obj::Ref(12, 0)));
        assert_eq!(d.get(b"S"), Some(&Obj::Str(b"x(y)z".to_vec())));
    }

    #[test]
    fn deep_nesting_stops() {
        let s = "[".repeat(100_000);
        let mut l = Lexer::new(s.as_bytes(), 0);
        let _ = l.obj(true, 0);
    }
}
