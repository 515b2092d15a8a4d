//! Fonts: how a string's bytes split into character codes, what each code means in
//! Unicode, and how wide its glyph is.
//!
//! Composite fonts (Type0): Identity-H/V (codes are CIDs, the meaning is only in the
//! ToUnicode map) and the predefined Chinese CMaps (GBK-EUC-H, GB-EUC-H, UniGB-UCS2-H,
//! UniGB-UTF16-H and their -V forms; also Big5, Shift-JIS and EUC-KR ones), decoded by
//! their encoding where no ToUnicode map is given. Simple fonts (TrueType, Type1, Type3):
//! one byte per code, WinAnsi/Standard base encodings with Differences, or ToUnicode.

use crate::file::File;
use crate::lex::{Dict, Lexer, Obj};
use crate::tables;
use std::collections::HashMap;
use std::rc::Rc;

/// Decodes bytes in a legacy encoding ("gbk", "gb18030", "big5", "shift_jis", "euc-kr")
/// to text; `None` if it cannot.
pub type Decoder<'d> = &'d dyn Fn(&str, &[u8]) -> Option<String>;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Split {
    One,
    Two,
    /// A predefined multi-byte CMap: lead bytes in `lo..=hi` start a two-byte code;
    /// `four`: GB18030's four-byte codes.
    Lead {
        lo: u8,
        hi: u8,
        four: bool,
    },
    Utf16,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Meaning {
    /// Only the ToUnicode map says (Identity, embedded CMaps, symbolic fonts).
    ToUnicodeOnly,
    /// The code is Unicode (UCS-2 / UTF-16 CMaps).
    Unicode,
    /// The code's bytes are text in this legacy encoding.
    Legacy(&'static str),
    /// A simple font's encoding table.
    Table,
}

pub struct Font {
    split: Split,
    /// Codespace ranges of an embedded CMap or of the ToUnicode map: (bytes, low, high).
    ranges: Vec<(u8, u32, u32)>,
    meaning: Meaning,
    to_unicode: HashMap<u32, Rc<str>>,
    table: Vec<Option<char>>,
    /// Glyph widths in glyph units (thousandths of the size, or Type3 units × matrix).
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Type3: the font matrix's horizontal scale (glyph units to text space), else 0.001.
    scale: f64,
    /// Embedded CMap: code → CID ranges (low, high, first CID).
    cid_ranges: Vec<(u32, u32, u32)>,
    pub name: String,
}

/// One character code of a shown string.
pub struct Glyph {
    /// Its advance in text space units per unit of font size.
    pub width: f64,
    /// Its text; `None` when the font cannot say.
    pub text: Option<Rc<str>>,
    /// A single-byte code 32: word spacing applies.
    pub word_space: bool,
}

fn utf16be(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// A PDF text string (Info entries): UTF-16 with a byte order mark, UTF-8 with one,
/// or PDFDocEncoding (read as Latin-1, or UTF-8 when it is valid UTF-8).
pub fn text_string(s: &[u8]) -> String {
    if let Some(b) = s.strip_prefix(&[0xFE, 0xFF]) {
        return utf16be(b);
    }
    if let Some(b) = s.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(b) = s.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(b).into_owned();
    }
    match std::str::from_utf8(s) {
        Ok(t) => t.to_string(),
        Err(_) => s.iter().map(|&b| b as char).collect(),
    }
}

/// Folds the radicals and compatibility ideographs fonts' maps give into the
/// characters a reader types.
pub fn fold(s: &str) -> Rc<str> {
    if s.chars()
        .all(|c| !matches!(c as u32, 0x2E80..=0x2FDF | 0xF900..=0xFAFF))
    {
        return Rc::from(s);
    }
    s.chars()
        .map(|c| {
            let u = c as u32;
            if u > 0xFFFF {
                return c;
            }
            match tables::CJK_FOLD.binary_search_by_key(&(u as u16), |&(a, _)| a) {
                Ok(i) => char::from_u32(tables::CJK_FOLD[i].1 as u32).unwrap_or(c),
                Err(_) => c,
            }
        })
        .collect::<String>()
        .into()
}

fn glyph_name(name: &[u8]) -> Option<char> {
    let n = std::str::from_utf8(name).ok()?;
    let base = n.split('.').next().unwrap_or(n);
    if base.len() == 1 {
        return base.chars().next();
    }
    if let Some((_, c)) = tables::GLYPH_NAMES.iter().find(|(g, _)| *g == base) {
        return Some(*c);
    }
    if let Some(h) = base.strip_prefix("uni") {
        if h.len() >= 4 && h.as_bytes()[..4].iter().all(u8::is_ascii_hexdigit) {
            return char::from_u32(u32::from_str_radix(&h[..4], 16).ok()?);
        }
    } else if let Some(h) = base.strip_prefix('u') {
        if (4..=6).contains(&h.len()) && h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return char::from_u32(u32::from_str_radix(h, 16).ok()?);
        }
    }
    None
}

impl Font {
    pub fn load(file: &File, dict: &Dict) -> Font {
        let subtype = dict.get(b"Subtype").and_then(Obj::as_name).unwrap_or(b"");
        let name = dict
            .get(b"BaseFont")
            .and_then(Obj::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let mut font = Font {
            split: Split::One,
            ranges: Vec::new(),
            meaning: Meaning::Table,
            to_unicode: HashMap::new(),
            table: Vec::new(),
            widths: HashMap::new(),
            default_width: 1000.0,
            scale: 0.001,
            cid_ranges: Vec::new(),
            name,
        };
        if subtype == b"Type0" {
            font.load_composite(file, dict);
        } else {
            font.load_simple(file, dict, subtype == b"Type3");
        }
        if let Some(tu) = file.key(dict, b"ToUnicode") {
            if let Obj::Stream(s) = tu.as_ref() {
                if let Ok(data) = file.decode(s) {
                    font.read_cmap(file, &data, true);
                }
            }
        }
        font
    }

    fn load_composite(&mut self, file: &File, dict: &Dict) {
        self.split = Split::Two;
        self.meaning = Meaning::ToUnicodeOnly;
        match file.key(dict, b"Encoding").as_deref() {
            Some(Obj::Name(n)) => self.predefined(n),
            Some(Obj::Stream(s)) => {
                if let Some(n) = s.dict.get(b"CMapName").and_then(Obj::as_name) {
                    self.predefined(n);
                }
                if let Ok(data) = file.decode(s) {
                    self.read_cmap(file, &data, false);
                }
            }
            _ => {}
        }
        let desc = file.key(dict, b"DescendantFonts").and_then(|d| {
            d.as_array()
                .and_then(|a| a.first())
                .map(|f| file.resolve(f))
        });
        if let Some(d) = desc.as_ref().and_then(|d| d.as_dict()) {
            self.default_width = file
                .key(d, b"DW")
                .and_then(|w| w.as_f64())
                .unwrap_or(1000.0);
            if let Some(w) = file.key(d, b"W") {
                if let Some(a) = w.as_array() {
                    self.read_w(file, a);
                }
            }
        }
    }

    fn read_w(&mut self, file: &File, a: &[Obj]) {
        let mut i = 0;
        while i + 1 < a.len() && self.widths.len() < 200_000 && file.charge(0) {
            let Some(first) = a[i].as_i64() else { break };
            let next = file.resolve(&a[i + 1]);
            if let Some(list) = next.as_array() {
                for (k, w) in list.iter().enumerate() {
                    if let Some(w) = w.as_f64() {
                        self.widths
                            .insert((first.max(0) as u32).wrapping_add(k as u32), w);
                    }
                }
                i += 2;
            } else if i + 2 < a.len() {
                let (Some(last), Some(w)) = (next.as_i64(), a[i + 2].as_f64()) else {
                    break;
                };
                let (first, last) = (first.max(0) as u32, last.max(0) as u32);
                if last >= first && last - first < 70_000 && file.charge((last - first) as usize) {
                    for c in first..=last {
                        self.widths.insert(c, w);
                    }
                }
                i += 3;
            } else {
                break;
            }
        }
    }

    fn predefined(&mut self, name: &[u8]) {
        let n = String::from_utf8_lossy(name);
        let (split, meaning) = if n.starts_with("Identity") {
            (Split::Two, Meaning::ToUnicodeOnly)
        } else if n.contains("UCS2") {
            (Split::Two, Meaning::Unicode)
        } else if n.contains("UTF16") {
            (Split::Utf16, Meaning::Unicode)
        } else if n.starts_with("GBK2K") {
            (
                Split::Lead {
                    lo: 0x81,
                    hi: 0xFE,
                    four: true,
                },
                Meaning::Legacy("gb18030"),
            )
        } else if n.starts_with("GBK") {
            (
                Split::Lead {
                    lo: 0x81,
                    hi: 0xFE,
                    four: false,
                },
                Meaning::Legacy("gbk"),
            )
        } else if n.starts_with("GB") {
            (
                Split::Lead {
                    lo: 0xA1,
                    hi: 0xFE,
                    four: false,
                },
                Meaning::Legacy("gbk"),
            )
        } else if n.starts_with("B5") || n.starts_with("ETen") || n.starts_with("HKscs") {
            (
                Split::Lead {
                    lo: 0x81,
                    hi: 0xFE,
                    four: false,
                },
                Meaning::Legacy("big5"),
            )
        } else if n.contains("RKSJ") {
            (
                Split::Lead {
                    lo: 0x81,
                    hi: 0xFC,
                    four: false,
                },
                Meaning::Legacy("shift_jis"),
            )
        } else if n.starts_with("KSC") {
            (
                Split::Lead {
                    lo: 0x81,
                    hi: 0xFE,
                    four: false,
                },
                Meaning::Legacy("euc-kr"),
            )
        } else {
            return;
        };
        self.split = split;
        self.meaning = meaning;
    }

    fn load_simple(&mut self, file: &File, dict: &Dict, type3: bool) {
        self.split = Split::One;
        self.meaning = Meaning::Table;
        self.default_width = 0.0;
        if type3 {
            if let Some(m) = file.key(dict, b"FontMatrix") {
                if let Some(a) = m.as_array().and_then(|a| a.first()).and_then(Obj::as_f64) {
                    self.scale = a;
                }
            }
        }
        let mut table: Vec<Option<char>> = tables::WIN_ANSI
            .iter()
            .map(|&u| {
                if u == 0 {
                    None
                } else {
                    char::from_u32(u as u32)
                }
            })
            .collect();
        let enc = file.key(dict, b"Encoding");
        let base = match enc.as_deref() {
            Some(Obj::Name(n)) => Some(n.clone()),
            Some(Obj::Dict(d)) => d
                .get(b"BaseEncoding")
                .and_then(Obj::as_name)
                .map(|n| n.to_vec()),
            _ => None,
        };
        if base.as_deref() == Some(b"StandardEncoding") {
            table[0x27] = Some('’');
            table[0x60] = Some('‘');
        }
        if let Some(Obj::Dict(d)) = enc.as_deref() {
            if let Some(diffs) = file.key(d, b"Differences") {
                let mut code = 0usize;
                for o in diffs.as_array().unwrap_or(&[]) {
                    match o {
                        Obj::Int(i) => code = (*i).clamp(0, 255) as usize,
                        Obj::Name(n) => {
                            if code < 256 {
                                table[code] = glyph_name(n);
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
        self.table = table;
        let first = file
            .key(dict, b"FirstChar")
            .and_then(|f| f.as_i64())
            .unwrap_or(0)
            .max(0) as u32;
        if let Some(w) = file.key(dict, b"Widths") {
            for (k, v) in w.as_array().unwrap_or(&[]).iter().enumerate().take(256) {
                if let Some(v) = file.resolve(v).as_f64() {
                    self.widths.insert(first.wrapping_add(k as u32), v);
                }
            }
        }
        let missing = file.key(dict, b"FontDescriptor").and_then(|d| {
            d.as_dict()
                .and_then(|d| d.get(b"MissingWidth"))
                .and_then(Obj::as_f64)
        });
        self.default_width = missing.unwrap_or(if self.widths.is_empty() { 500.0 } else { 0.0 });
        if self.widths.is_empty() && !type3 {
            // A standard font without widths: roughly Helvetica's.
            self.widths.insert(32, 278.0);
        }
    }

    /// Reads a CMap: codespace ranges, and either bfchar/bfrange (ToUnicode) or
    /// cidchar/cidrange (an embedded encoding CMap).
    fn read_cmap(&mut self, file: &File, data: &[u8], to_unicode: bool) {
        let mut l = Lexer::new(data, 0);
        let mut stack: Vec<Obj> = Vec::new();
        let mut ranges = Vec::new();
        let mut count = 0usize;
        let code = |o: &Obj| -> Option<(u8, u32)> {
            match o {
                Obj::Str(s) if !s.is_empty() && s.len() <= 4 => Some((
                    s.len() as u8,
                    s.iter().fold(0u32, |a, &b| a << 8 | b as u32),
                )),
                _ => None,
            }
        };
        let mut ops = 0usize;
        while let Some(o) = {
            let before = l.pos;
            let o = l.obj(false, 0);
            if o.is_none() && l.pos == before && l.pos < data.len() {
                l.pos += 1;
                Some(Obj::Null)
            } else {
                o
            }
        } {
            ops += 1;
            if ops > 2_000_000 {
                break;
            }
            let Obj::Op(op) = &o else {
                stack.push(o);
                if stack.len() > 100_000 {
                    stack.clear();
                }
                continue;
            };
            match op.as_slice() {
                b"endcodespacerange" => {
                    for p in stack.chunks(2) {
                        if let [a, b] = p {
                            if let (Some((n, lo)), Some((_, hi))) = (code(a), code(b)) {
                                ranges.push((n, lo, hi));
                            }
                        }
                    }
                }
                b"endbfchar" if to_unicode && file.charge(stack.len() / 2) => {
                    for p in stack.chunks(2) {
                        if let [a, Obj::Str(dst)] = p {
                            if let Some((_, c)) = code(a) {
                                self.to_unicode.insert(c, fold(&utf16be(dst)));
                            }
                        }
                    }
                }
                b"endbfrange" if to_unicode => {
                    for p in stack.chunks(3) {
                        let [a, b, dst] = p else { continue };
                        let (Some((_, lo)), Some((_, hi))) = (code(a), code(b)) else {
                            continue;
                        };
                        if hi < lo
                            || hi - lo > 65_535
                            || count > 500_000
                            || !file.charge((hi - lo) as usize)
                        {
                            continue;
                        }
                        count += (hi - lo) as usize;
                        match dst {
                            Obj::Str(d) if !d.is_empty() => {
                                let units: Vec<u16> = d
                                    .chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                    .collect();
                                for (k, c) in (lo..=hi).enumerate() {
                                    let mut u = units.clone();
                                    if let Some(last) = u.last_mut() {
                                        *last = last.wrapping_add(k as u16);
                                    }
                                    self.to_unicode
                                        .insert(c, fold(&String::from_utf16_lossy(&u)));
                                }
                            }
                            Obj::Array(list) => {
                                for (c, d) in (lo..=hi).zip(list) {
                                    if let Obj::Str(d) = d {
                                        self.to_unicode.insert(c, fold(&utf16be(d)));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endcidrange" if !to_unicode => {
                    for p in stack.chunks(3) {
                        if let [a, b, Obj::Int(cid)] = p {
                            if let (Some((_, lo)), Some((_, hi))) = (code(a), code(b)) {
                                self.cid_ranges.push((lo, hi, (*cid).max(0) as u32));
                            }
                        }
                    }
                }
                b"endcidchar" if !to_unicode => {
                    for p in stack.chunks(2) {
                        if let [a, Obj::Int(cid)] = p {
                            if let Some((_, c)) = code(a) {
                                self.cid_ranges.push((c, c, (*cid).max(0) as u32));
                            }
                        }
                    }
                }
                _ => {}
            }
            stack.clear();
        }
        // The codes split as the font's encoding says; a ToUnicode map's codespace only
        // decides for fonts whose encoding does not (an embedded CMap's does).
        if !to_unicode && !ranges.is_empty() {
            self.ranges = ranges;
        }
    }

    fn next_code(&self, b: &[u8]) -> (u32, usize) {
        if !self.ranges.is_empty() {
            for n in 1..=4usize {
                if b.len() < n {
                    break;
                }
                let c = b[..n].iter().fold(0u32, |a, &x| a << 8 | x as u32);
                if self
                    .ranges
                    .iter()
                    .any(|&(len, lo, hi)| len as usize == n && lo <= c && c <= hi)
                {
                    return (c, n);
                }
            }
        }
        let n = match self.split {
            Split::One => 1,
            Split::Two => 2,
            Split::Lead { lo, hi, four } => {
                if (lo..=hi).contains(&b[0]) {
                    if four && b.len() >= 4 && (0x30..=0x39).contains(&b[1]) {
                        4
                    } else {
                        2
                    }
                } else {
                    1
                }
            }
            Split::Utf16 => {
                if b.len() >= 4 && (0xD8..=0xDB).contains(&b[0]) {
                    4
                } else {
                    2
                }
            }
        };
        let n = n.min(b.len());
        (b[..n].iter().fold(0u32, |a, &x| a << 8 | x as u32), n)
    }

    fn cid(&self, code: u32, n: usize) -> u32 {
        if !self.cid_ranges.is_empty() {
            for &(lo, hi, cid) in &self.cid_ranges {
                if lo <= code && code <= hi {
                    return cid.wrapping_add(code - lo);
                }
            }
            return 0;
        }
        match self.meaning {
            // Adobe-GB1 (and the other orderings) put proportional ASCII at CIDs 1–95.
            Meaning::Legacy(_) | Meaning::Unicode if n <= 2 && (0x20..0x7F).contains(&code) => {
                code - 31
            }
            Meaning::Legacy(_) | Meaning::Unicode => u32::MAX,
            _ => code,
        }
    }

    /// Splits a shown string into glyphs.
    pub fn glyphs(&self, bytes: &[u8], decoder: Option<Decoder>, out: &mut Vec<Glyph>) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, n) = self.next_code(&bytes[i..]);
            let raw = &bytes[i..i + n.max(1)];
            i += n.max(1);
            let text: Option<Rc<str>> = match self.to_unicode.get(&code) {
                Some(t) => Some(t.clone()),
                None => match self.meaning {
                    Meaning::ToUnicodeOnly => None,
                    Meaning::Table => self
                        .table
                        .get(code as usize)
                        .copied()
                        .flatten()
                        .map(|c| Rc::from(c.to_string().as_str())),
                    Meaning::Unicode => {
                        if n == 4 {
                            Some(fold(&utf16be(raw)))
                        } else {
                            char::from_u32(code).map(|c| fold(&c.to_string()))
                        }
                    }
                    Meaning::Legacy(label) => {
                        if n == 1 && code < 0x80 {
                            char::from_u32(code).map(|c| Rc::from(c.to_string().as_str()))
                        } else {
                            decoder.and_then(|d| d(label, raw)).map(|s| fold(&s))
                        }
                    }
                },
            };
            let cid = if self.split == Split::One {
                code
            } else {
                self.cid(code, n)
            };
            let w = self.widths.get(&cid).copied().unwrap_or(self.default_width);
            out.push(Glyph {
                width: w * self.scale,
                text,
                word_space: n == 1 && code == 32,
            });
        }
    }
}

/// The decoder used when the caller gives none: natively encoding_rs; in WebAssembly
/// none (the page passes the browser's TextDecoder instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn native_decoder(label: &str, bytes: &[u8]) -> Option<String> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
    let (text, _, bad) = enc.decode(bytes);
    (!bad).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_and_folding() {
        assert_eq!(glyph_name(b"uni4E00"), Some('一'));
        assert_eq!(glyph_name(b"zero"), Some('0'));
        assert_eq!(glyph_name(b"A"), Some('A'));
        assert_eq!(&*fold("⼀、总体情况"), "一、总体情况");
    }
}
