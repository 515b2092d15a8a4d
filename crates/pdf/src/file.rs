//! The file structure: cross-reference tables and streams (following /Prev through
//! incremental updates), object streams, a damaged cross-reference rebuilt by scanning
//! for `N G obj`, encryption, stream decoding within the limits, and the page tree.

use crate::crypt::Crypt;
use crate::lex::{Dict, Lexer, Obj, Stream};
use crate::{filter, Fail, Limits};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A decoded object stream: (object number, offset) pairs and the data.
type ObjStm = (Vec<(u32, usize)>, Vec<u8>);

#[derive(Clone, Copy, Debug)]
enum Entry {
    Offset(usize),
    InStream(u32, u32),
}

pub struct File<'a> {
    buf: &'a [u8],
    xref: HashMap<u32, Entry>,
    pub trailer: Dict,
    cache: RefCell<HashMap<u32, Rc<Obj>>>,
    /// Decoded object streams: (object number, offset) pairs, data start, data.
    objstms: RefCell<HashMap<u32, Rc<ObjStm>>>,
    loading: RefCell<HashSet<u32>>,
    crypt: Option<Crypt>,
    /// Decoded bytes still allowed.
    budget: Cell<usize>,
    /// Font map and width entries still allowed over all fonts (many hostile fonts
    /// with full-range maps must not add up to minutes).
    entries_left: Cell<usize>,
    limits: Limits,
}

/// A page: its content streams' objects, resources, and boxes.
pub struct Page {
    pub contents: Vec<Obj>,
    pub resources: Option<Rc<Obj>>,
    pub media: [f64; 4],
    pub rotate: i64,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|&c| c == first) {
            None => return None,
            Some(p) => {
                i += p;
                if hay[i..].starts_with(needle) {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

impl<'a> File<'a> {
    pub fn open(buf: &'a [u8], limits: Limits) -> Result<File<'a>, Fail> {
        let budget = (buf.len().saturating_mul(limits.max_ratio))
            .clamp(limits.min_decoded, limits.max_decoded);
        let mut f = File {
            buf,
            xref: HashMap::new(),
            trailer: Dict::default(),
            cache: RefCell::new(HashMap::new()),
            objstms: RefCell::new(HashMap::new()),
            loading: RefCell::new(HashSet::new()),
            crypt: None,
            budget: Cell::new(budget),
            entries_left: Cell::new(4_000_000),
            limits,
        };
        let ok = f.read_xref().is_ok() && f.trailer.get(b"Root").is_some() && f.xref_plausible();
        if !ok {
            f.recover()?;
        }
        if f.xref.len() > f.limits.max_objects {
            return Err(Fail::TooLarge(
                "对象数",
                f.xref.len() as u64,
                f.limits.max_objects as u64,
                "个",
            ));
        }
        if let Some(enc) = f.trailer.get(b"Encrypt").cloned() {
            let enc = f.resolve(&enc);
            let id0 = match f.trailer.get(b"ID") {
                Some(Obj::Array(a)) => match a.first() {
                    Some(Obj::Str(s)) => s.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            if let Some(d) = enc.as_dict() {
                f.crypt = Some(Crypt::new(d, &id0)?);
                // Objects read so far (the /Encrypt dictionary itself) were not decrypted
                // and need not be; anything else is read again.
                f.cache.borrow_mut().clear();
            }
        }
        Ok(f)
    }

    /// The catalog's object is where the table says.
    fn xref_plausible(&self) -> bool {
        match self.trailer.get(b"Root") {
            Some(Obj::Ref(n, _)) => matches!(self.get(*n).as_ref(), Obj::Dict(_)),
            _ => false,
        }
    }

    fn read_xref(&mut self) -> Result<(), ()> {
        let tail = self.buf.len().saturating_sub(4096);
        let at = rfind(&self.buf[tail..], b"startxref").ok_or(())? + tail;
        let mut l = Lexer::new(self.buf, at + 9);
        l.skip_ws();
        let mut next = std::str::from_utf8(l.word())
            .ok()
            .and_then(|s| s.parse::<usize>().ok());
        let mut seen = HashSet::new();
        let mut first = true;
        while let Some(off) = next.take() {
            if off >= self.buf.len() || !seen.insert(off) || seen.len() > 256 {
                break;
            }
            let trailer = self.read_section(off)?;
            if let Some(Obj::Int(x)) = trailer.get(b"XRefStm") {
                if *x >= 0 && seen.insert(*x as usize) {
                    let _ = self.read_section(*x as usize);
                }
            }
            next = trailer
                .get(b"Prev")
                .and_then(Obj::as_i64)
                .map(|p| p.max(0) as usize);
            for (k, v) in trailer.0 {
                if (first || self.trailer.get(&k).is_none()) && k != b"Prev" && k != b"XRefStm" {
                    self.trailer.0.push((k, v));
                }
            }
            first = false;
        }
        if self.xref.is_empty() {
            return Err(());
        }
        Ok(())
    }

    fn add(&mut self, num: u32, e: Entry) {
        self.xref.entry(num).or_insert(e);
    }

    fn read_section(&mut self, off: usize) -> Result<Dict, ()> {
        let mut l = Lexer::new(self.buf, off);
        l.skip_ws();
        if self.buf[l.pos..].starts_with(b"xref") {
            l.pos += 4;
            let mut free = Vec::new();
            loop {
                l.skip_ws();
                let w = l.word();
                if w == b"trailer" {
                    break;
                }
                let start = std::str::from_utf8(w)
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok());
                l.skip_ws();
                let count = std::str::from_utf8(l.word())
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok());
                let (Some(start), Some(count)) = (start, count) else {
                    // No "trailer" keyword where expected: give up on this table.
                    return Err(());
                };
                if count as usize > self.buf.len() / 18 + 1 {
                    return Err(());
                }
                for i in 0..count {
                    l.skip_ws();
                    let o = l.word();
                    l.skip_ws();
                    let _g = l.word();
                    l.skip_ws();
                    let t = l.word();
                    let num = start.wrapping_add(i);
                    match t {
                        b"n" => {
                            let o = std::str::from_utf8(o)
                                .ok()
                                .and_then(|s| s.parse::<usize>().ok());
                            if let Some(o) = o {
                                if !free.contains(&num) {
                                    self.add(num, Entry::Offset(o));
                                }
                            }
                        }
                        b"f" => {
                            if !self.xref.contains_key(&num) && free.len() < 10_000 {
                                free.push(num);
                            }
                        }
                        _ => return Err(()),
                    }
                }
            }
            match l.obj(true, 0) {
                Some(Obj::Dict(d)) => Ok(d),
                _ => Err(()),
            }
        } else {
            // A cross-reference stream.
            let (_, obj) = self.parse_at(off, None).ok_or(())?;
            let Obj::Stream(s) = obj else { return Err(()) };
            if s.dict.get(b"Type").and_then(Obj::as_name) != Some(b"XRef") {
                return Err(());
            }
            let data = self.decode_raw(&s).map_err(|_| ())?;
            let w: Vec<usize> = match s.dict.get(b"W") {
                Some(Obj::Array(a)) => a
                    .iter()
                    .map(|o| o.as_i64().unwrap_or(0).clamp(0, 8) as usize)
                    .collect(),
                _ => return Err(()),
            };
            if w.len() < 3 {
                return Err(());
            }
            let size = s
                .dict
                .get(b"Size")
                .and_then(Obj::as_i64)
                .unwrap_or(0)
                .max(0);
            let index: Vec<i64> = match s.dict.get(b"Index") {
                Some(Obj::Array(a)) => a.iter().filter_map(Obj::as_i64).collect(),
                _ => vec![0, size],
            };
            let width: usize = w.iter().sum();
            if width == 0 {
                return Err(());
            }
            let mut rows = data.chunks_exact(width);
            for pair in index.chunks(2) {
                let [start, count] = pair else { break };
                for i in 0..(*count).max(0) {
                    let Some(row) = rows.next() else { break };
                    let field = |k: usize| -> u64 {
                        let begin: usize = w[..k].iter().sum();
                        row[begin..begin + w[k]]
                            .iter()
                            .fold(0u64, |a, &b| a << 8 | b as u64)
                    };
                    let t = if w[0] == 0 { 1 } else { field(0) };
                    let num = start.saturating_add(i).clamp(0, u32::MAX as i64) as u32;
                    match t {
                        1 => self.add(num, Entry::Offset(field(1) as usize)),
                        2 => self.add(num, Entry::InStream(field(1) as u32, field(2) as u32)),
                        _ => {
                            self.xref.entry(num).or_insert(Entry::Offset(usize::MAX));
                        }
                    }
                }
            }
            Ok(s.dict.clone())
        }
    }

    /// Rebuilds the cross-reference table by scanning the file for `N G obj`.
    fn recover(&mut self) -> Result<(), Fail> {
        self.xref.clear();
        self.cache.borrow_mut().clear();
        let buf = self.buf;
        let mut found: Vec<(u32, usize)> = Vec::new();
        let mut i = 0;
        while let Some(p) = find(buf, b"obj", i) {
            i = p + 3;
            if buf
                .get(p + 3)
                .is_some_and(|&c| !crate::lex::is_white(c) && !crate::lex::is_delim(c))
            {
                continue;
            }
            // Back over " G " and "N".
            let mut j = p;
            let back_ws = |j: &mut usize| {
                while *j > 0 && crate::lex::is_white(buf[*j - 1]) {
                    *j -= 1;
                }
            };
            let back_digits = |j: &mut usize| -> usize {
                let end = *j;
                while *j > 0 && buf[*j - 1].is_ascii_digit() && end - *j < 10 {
                    *j -= 1;
                }
                end - *j
            };
            back_ws(&mut j);
            if back_digits(&mut j) == 0 {
                continue;
            }
            let gen_start = j;
            back_ws(&mut j);
            if j == gen_start {
                continue;
            }
            let num_end = j;
            if back_digits(&mut j) == 0 {
                continue;
            }
            if j > 0 && !crate::lex::is_white(buf[j - 1]) && !crate::lex::is_delim(buf[j - 1]) {
                continue;
            }
            if let Ok(n) = std::str::from_utf8(&buf[j..num_end])
                .unwrap_or("x")
                .parse::<u32>()
            {
                found.push((n, j));
                if found.len() > self.limits.max_objects {
                    return Err(Fail::TooLarge(
                        "对象数",
                        found.len() as u64,
                        self.limits.max_objects as u64,
                        "个",
                    ));
                }
            }
        }
        for &(n, off) in &found {
            self.xref.insert(n, Entry::Offset(off));
        }
        // Trailers: the last one naming a catalog.
        let mut trailer = Dict::default();
        let mut i = 0;
        while let Some(p) = find(buf, b"trailer", i) {
            i = p + 7;
            let mut l = Lexer::new(buf, i);
            if let Some(Obj::Dict(d)) = l.obj(true, 0) {
                if d.get(b"Root").is_some() {
                    trailer = d;
                }
            }
        }
        // Objects inside object streams, and a catalog or xref-stream trailer.
        let nums: Vec<u32> = self.xref.keys().copied().collect();
        let mut root = None;
        for n in nums {
            let o = self.get(n);
            let Some(d) = o.as_dict() else { continue };
            match d.get(b"Type").and_then(Obj::as_name) {
                Some(b"ObjStm") => {
                    if let Some(stm) = self.objstm(n) {
                        for (k, &(num, _)) in stm.0.iter().enumerate() {
                            self.xref.entry(num).or_insert(Entry::InStream(n, k as u32));
                        }
                    }
                }
                Some(b"XRef") if trailer.get(b"Root").is_none() && d.get(b"Root").is_some() => {
                    trailer = d.clone();
                }
                Some(b"Catalog") => root = Some(n),
                _ => {}
            }
        }
        if trailer.get(b"Root").is_none() {
            if root.is_none() {
                // A catalog inside an object stream.
                let nums: Vec<u32> = self.xref.keys().copied().collect();
                root = nums.into_iter().find(|&n| {
                    self.get(n)
                        .as_dict()
                        .and_then(|d| d.get(b"Type"))
                        .and_then(Obj::as_name)
                        == Some(b"Catalog")
                });
            }
            match root {
                Some(n) => trailer.0.push((b"Root".to_vec(), Obj::Ref(n, 0))),
                None => {
                    return Err(Fail::Unsupported(
                        "PDF 文件已损坏，找不到文档结构（目录对象）".into(),
                    ))
                }
            }
        }
        self.trailer = trailer;
        self.cache.borrow_mut().clear();
        Ok(())
    }

    /// Parses `N G obj …` at `off`; with `expect`, only that object number.
    fn parse_at(&self, off: usize, expect: Option<u32>) -> Option<(u16, Obj)> {
        if off >= self.buf.len() {
            return None;
        }
        let mut l = Lexer::new(self.buf, off);
        l.skip_ws();
        let n = std::str::from_utf8(l.word()).ok()?.parse::<u32>().ok()?;
        if expect.is_some_and(|e| e != n) {
            return None;
        }
        l.skip_ws();
        let g = std::str::from_utf8(l.word()).ok()?.parse::<u32>().ok()?;
        l.skip_ws();
        if l.word() != b"obj" {
            return None;
        }
        let gen = g.min(65535) as u16;
        let mut obj = l.obj(true, 0).unwrap_or(Obj::Null);
        if let Some(c) = &self.crypt {
            c.strings(n, gen, &mut obj);
        }
        let Obj::Dict(dict) = obj else {
            return Some((gen, obj));
        };
        l.skip_ws();
        if l.word() != b"stream" {
            return Some((gen, Obj::Dict(dict)));
        }
        if self.buf.get(l.pos) == Some(&b'\r') {
            l.pos += 1;
        }
        if self.buf.get(l.pos) == Some(&b'\n') {
            l.pos += 1;
        }
        let start = l.pos;
        let len = match dict.get(b"Length") {
            Some(Obj::Int(i)) => Some(*i),
            Some(r @ Obj::Ref(..)) => self.resolve(r).as_i64(),
            _ => None,
        };
        let ends_well = |end: usize| {
            let mut k = end;
            while k < self.buf.len() && crate::lex::is_white(self.buf[k]) {
                k += 1;
            }
            self.buf[k.min(self.buf.len())..].starts_with(b"endstream")
        };
        let end = match len {
            Some(len)
                if len >= 0
                    && start.saturating_add(len as usize) <= self.buf.len()
                    && ends_well(start + len as usize) =>
            {
                start + len as usize
            }
            _ => {
                let mut e = find(self.buf, b"endstream", start).unwrap_or(self.buf.len());
                if e > start && self.buf[e - 1] == b'\n' {
                    e -= 1;
                }
                if e > start && self.buf[e - 1] == b'\r' {
                    e -= 1;
                }
                e
            }
        };
        let mut data = self.buf[start..end].to_vec();
        if let Some(c) = &self.crypt {
            if dict.get(b"Type").and_then(Obj::as_name) != Some(b"XRef") {
                c.stream(n, gen, &mut data);
            }
        }
        Some((gen, Obj::Stream(Rc::new(Stream { dict, data }))))
    }

    /// An object by number (generation numbers are not checked: the newest wins).
    pub fn get(&self, num: u32) -> Rc<Obj> {
        if let Some(o) = self.cache.borrow().get(&num) {
            return o.clone();
        }
        if !self.loading.borrow_mut().insert(num) || self.loading.borrow().len() > 64 {
            self.loading.borrow_mut().remove(&num);
            return Rc::new(Obj::Null);
        }
        let obj = match self.xref.get(&num) {
            Some(&Entry::Offset(off)) => self
                .parse_at(off, Some(num))
                .map(|(_, o)| o)
                .or_else(|| {
                    // An offset a little off: look for the header nearby.
                    let from = off.saturating_sub(64);
                    let to = off.saturating_add(64).min(self.buf.len());
                    let head = format!("{num} ");
                    find(&self.buf[..to], head.as_bytes(), from)
                        .and_then(|p| self.parse_at(p, Some(num)).map(|(_, o)| o))
                })
                .unwrap_or(Obj::Null),
            Some(&Entry::InStream(stm, idx)) => self.in_objstm(stm, idx, num).unwrap_or(Obj::Null),
            None => Obj::Null,
        };
        self.loading.borrow_mut().remove(&num);
        let rc = Rc::new(obj);
        self.cache.borrow_mut().insert(num, rc.clone());
        rc
    }

    fn objstm(&self, stm: u32) -> Option<Rc<ObjStm>> {
        if let Some(s) = self.objstms.borrow().get(&stm) {
            return Some(s.clone());
        }
        let o = self.get(stm);
        let Obj::Stream(s) = o.as_ref() else {
            return None;
        };
        let n = s
            .dict
            .get(b"N")
            .and_then(Obj::as_i64)
            .unwrap_or(0)
            .clamp(0, 1_000_000) as usize;
        let first = s
            .dict
            .get(b"First")
            .and_then(Obj::as_i64)
            .unwrap_or(0)
            .max(0) as usize;
        let data = self.decode(s).ok()?;
        let mut l = Lexer::new(&data, 0);
        let mut heads = Vec::new();
        for _ in 0..n {
            let a = l.obj(false, 0).and_then(|o| o.as_i64());
            let b = l.obj(false, 0).and_then(|o| o.as_i64());
            match (a, b) {
                (Some(a), Some(b)) if a >= 0 && b >= 0 => {
                    heads.push((a as u32, first.saturating_add(b as usize)))
                }
                _ => break,
            }
        }
        let rc = Rc::new((heads, data));
        self.objstms.borrow_mut().insert(stm, rc.clone());
        Some(rc)
    }

    fn in_objstm(&self, stm: u32, idx: u32, num: u32) -> Option<Obj> {
        let s = self.objstm(stm)?;
        let (heads, data) = s.as_ref();
        let &(n, off) = heads
            .get(idx as usize)
            .filter(|(n, _)| *n == num)
            .or_else(|| heads.iter().find(|(n, _)| *n == num))?;
        debug_assert_eq!(n, num);
        let mut l = Lexer::new(data, off.min(data.len()));
        l.obj(true, 0)
    }

    pub fn resolve(&self, o: &Obj) -> Rc<Obj> {
        match o {
            Obj::Ref(n, _) => self.get(*n),
            other => Rc::new(other.clone()),
        }
    }

    /// Takes `n` font-map entries from the budget; false once it is spent.
    pub fn charge(&self, n: usize) -> bool {
        let left = self.entries_left.get();
        if left < n || left == 0 {
            return false;
        }
        self.entries_left.set(left - n);
        true
    }

    /// A dictionary entry, resolved.
    pub fn key(&self, d: &Dict, k: &[u8]) -> Option<Rc<Obj>> {
        d.get(k)
            .map(|o| self.resolve(o))
            .filter(|o| !matches!(o.as_ref(), Obj::Null))
    }

    fn decode_raw(&self, s: &Stream) -> Result<Vec<u8>, Fail> {
        filter::decode(&s.dict, s.data.clone(), self.budget.get())
    }

    /// A stream's data, decoded; counts against the decoded-size budget.
    pub fn decode(&self, s: &Stream) -> Result<Vec<u8>, Fail> {
        match self.decode_raw(s) {
            Ok(v) => {
                self.budget.set(self.budget.get().saturating_sub(v.len()));
                Ok(v)
            }
            Err(Fail::Decoded) => {
                let limit = (self.buf.len().saturating_mul(self.limits.max_ratio))
                    .clamp(self.limits.min_decoded, self.limits.max_decoded);
                Err(Fail::TooLarge(
                    "解压后的大小",
                    limit as u64 + 1,
                    limit as u64,
                    "字节",
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// The pages in order, with inherited attributes.
    pub fn pages(&self) -> Result<Vec<Page>, Fail> {
        let mut out = Vec::new();
        let root = self.key(&self.trailer, b"Root");
        let pages = root
            .as_ref()
            .and_then(|r| r.as_dict().and_then(|d| self.key(d, b"Pages")));
        let mut seen = HashSet::new();
        if let Some(p) = pages {
            let r = self.trailer.get(b"Root").cloned();
            let _ = r;
            self.walk(
                &p,
                None,
                [0.0, 0.0, 595.0, 842.0],
                0,
                &mut out,
                &mut seen,
                0,
            )?;
        }
        if out.is_empty() {
            // A broken page tree: every page object, in file order.
            let mut nums: Vec<(usize, u32)> = self
                .xref
                .iter()
                .map(|(n, e)| {
                    (
                        if let Entry::Offset(o) = e {
                            *o
                        } else {
                            usize::MAX
                        },
                        *n,
                    )
                })
                .collect();
            nums.sort();
            for (_, n) in nums {
                let o = self.get(n);
                if o.as_dict()
                    .and_then(|d| d.get(b"Type"))
                    .and_then(Obj::as_name)
                    == Some(b"Page")
                {
                    self.walk(
                        &o,
                        None,
                        [0.0, 0.0, 595.0, 842.0],
                        0,
                        &mut out,
                        &mut seen,
                        0,
                    )?;
                }
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        node: &Rc<Obj>,
        res: Option<Rc<Obj>>,
        media: [f64; 4],
        rotate: i64,
        out: &mut Vec<Page>,
        seen: &mut HashSet<*const Obj>,
        depth: usize,
    ) -> Result<(), Fail> {
        if depth > 64 || !seen.insert(Rc::as_ptr(node)) {
            return Ok(());
        }
        let Some(d) = node.as_dict() else {
            return Ok(());
        };
        let res = self.key(d, b"Resources").or(res);
        let media = self
            .key(d, b"CropBox")
            .or_else(|| self.key(d, b"MediaBox"))
            .and_then(|m| {
                let a: Vec<f64> = m.as_array()?.iter().filter_map(Obj::as_f64).collect();
                (a.len() == 4).then(|| {
                    [
                        a[0].min(a[2]),
                        a[1].min(a[3]),
                        a[0].max(a[2]),
                        a[1].max(a[3]),
                    ]
                })
            })
            .unwrap_or(media);
        let rotate = self
            .key(d, b"Rotate")
            .and_then(|r| r.as_i64())
            .unwrap_or(rotate);
        let kids = self.key(d, b"Kids");
        let is_page = d.get(b"Type").and_then(Obj::as_name) == Some(b"Page")
            || (kids.is_none() && d.get(b"Contents").is_some());
        if is_page {
            if out.len() >= self.limits.max_pages {
                return Err(Fail::TooLarge(
                    "页数",
                    out.len() as u64 + 1,
                    self.limits.max_pages as u64,
                    "页",
                ));
            }
            let contents = match d.get(b"Contents") {
                Some(Obj::Array(a)) => a.clone(),
                Some(r) => match self.resolve(r).as_ref() {
                    Obj::Array(a) => a.clone(),
                    _ => vec![r.clone()],
                },
                None => Vec::new(),
            };
            out.push(Page {
                contents,
                resources: res,
                media,
                rotate,
            });
            return Ok(());
        }
        if let Some(k) = kids {
            if let Some(a) = k.as_array() {
                for kid in a {
                    let kid = self.resolve(kid);
                    self.walk(&kid, res.clone(), media, rotate, out, seen, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    /// The producing program as the file's Info says ("WPS 文字", "Microsoft® Word …").
    pub fn producer(&self) -> Option<String> {
        let info = self.key(&self.trailer, b"Info")?;
        let d = info.as_dict()?;
        for k in [b"Creator".as_slice(), b"Producer"] {
            if let Some(Obj::Str(s)) = self.key(d, k).as_deref() {
                let t = crate::font::text_string(s);
                let t = t.trim();
                if !t.is_empty() {
                    return Some(t.to_string());
                }
            }
        }
        None
    }
}
