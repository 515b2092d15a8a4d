//! An HTML tokenizer after the WHATWG tokenization rules, cut down to what reading a
//! report needs: start and end tags with their attributes, text with character
//! references decoded, and everything else (comments, doctypes, Word's `<![if …]>`
//! conditionals, processing instructions) skipped. The contents of `script`, `style`
//! and the other raw-text elements are skipped whole, so markup inside them cannot leak
//! into the report. It never fails: any input is some tokens.
//!
//! Why not a crate: the maintained tokenizers carry the full table of 2,231 HTML5
//! character references and a generic state machine; `html5gum` alone added 56 KB gzip
//! to the WebAssembly module, a quarter of the whole budget (see the commit notes).

use std::borrow::Cow;

use super::entities;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    Start {
        /// ASCII-lowercased.
        name: String,
        /// Names ASCII-lowercased, values with character references decoded.
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    Text(Cow<'a, str>),
}

/// Elements whose content is not markup.
const RAW_TEXT: [&str; 9] = [
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Inside a raw-text element: skip to its end tag.
    raw: Option<String>,
    /// The text of the first `<title>`, entities decoded: the report's title when the
    /// article body does not repeat it.
    pub title: Option<String>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokenizer {
            src,
            pos: 0,
            raw: None,
            title: None,
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn skip_past(&mut self, end: &str) {
        match self.rest().find(end) {
            Some(i) => self.pos += i + end.len(),
            None => self.pos = self.src.len(),
        }
    }

    fn skip_raw(&mut self, name: &str) {
        let bytes = self.src.as_bytes();
        let mut from = self.pos;
        while let Some(i) = self.src[from..].find("</") {
            let at = from + i;
            let after = at + 2 + name.len();
            if after <= bytes.len()
                && bytes[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
                && (after == bytes.len()
                    || matches!(
                        bytes[after],
                        b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
                    ))
            {
                self.pos = at;
                return;
            }
            from = at + 2;
        }
        self.pos = self.src.len();
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches(is_ws).len();
    }

    fn tag_name(&mut self) -> String {
        let rest = self.rest();
        let end = rest
            .find(|c: char| is_ws(c) || c == '/' || c == '>')
            .unwrap_or(rest.len());
        self.pos += end;
        rest[..end].to_ascii_lowercase()
    }

    fn start_tag(&mut self) -> Option<Token<'a>> {
        let name = self.tag_name();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            self.skip_ws();
            let rest = self.rest();
            let Some(c) = rest.chars().next() else {
                // A tag cut off by the end of the input is dropped.
                return None;
            };
            if c == '>' {
                self.pos += 1;
                break;
            }
            if c == '/' {
                self.pos += 1;
                if self.rest().starts_with('>') {
                    self.pos += 1;
                    self_closing = true;
                    break;
                }
                continue;
            }
            // An attribute name may start with '=' (a parse error browsers accept).
            // The first char may be several bytes long (an attribute named in Chinese).
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..]
                .find(|c: char| is_ws(c) || c == '/' || c == '>' || c == '=')
                .map_or(rest.len(), |i| i + first);
            let attr = rest[..end].to_ascii_lowercase();
            self.pos += end;
            self.skip_ws();
            let mut value = String::new();
            if self.rest().starts_with('=') {
                self.pos += 1;
                self.skip_ws();
                let rest = self.rest();
                let raw = match rest.chars().next() {
                    Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                        Some(i) => {
                            self.pos += i + 2;
                            &rest[1..i + 1]
                        }
                        None => {
                            self.pos = self.src.len();
                            &rest[1..]
                        }
                    },
                    _ => {
                        let end = rest
                            .find(|c: char| is_ws(c) || c == '>')
                            .unwrap_or(rest.len());
                        self.pos += end;
                        &rest[..end]
                    }
                };
                value = decode_refs(raw, true).into_owned();
            }
            if !attrs.iter().any(|(n, _): &(String, String)| *n == attr) {
                attrs.push((attr, value));
            }
        }
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            self.raw = Some(name.clone());
        }
        Some(Token::Start {
            name,
            attrs,
            self_closing,
        })
    }
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(name) = self.raw.take() {
                let from = self.pos;
                self.skip_raw(&name);
                if name == "title" && self.title.is_none() {
                    self.title = Some(decode_refs(&self.src[from..self.pos], false).into_owned());
                }
            }
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.pos += end;
                return Some(Token::Text(decode_refs(&rest[..end], false)));
            }
            let next = rest[1..].chars().next();
            match next {
                Some('!') => {
                    if rest.starts_with("<!--") {
                        self.pos += 4;
                        if self.rest().starts_with('>') {
                            self.pos += 1;
                        } else if self.rest().starts_with("->") {
                            self.pos += 2;
                        } else {
                            self.skip_past("-->");
                        }
                    } else {
                        self.skip_past(">");
                    }
                }
                Some('?') => self.skip_past(">"),
                Some('/') => {
                    let after = rest[2..].chars().next();
                    match after {
                        Some(c) if c.is_ascii_alphabetic() => {
                            self.pos += 2;
                            let name = self.tag_name();
                            self.skip_past(">");
                            return Some(Token::End { name });
                        }
                        Some('>') => self.pos += 3,
                        None => {
                            self.pos = self.src.len();
                            return Some(Token::Text(Cow::Borrowed("</")));
                        }
                        _ => self.skip_past(">"),
                    }
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    self.pos += 1;
                    if let Some(t) = self.start_tag() {
                        return Some(t);
                    }
                }
                _ => {
                    self.pos += 1;
                    return Some(Token::Text(Cow::Borrowed("<")));
                }
            }
        }
    }
}

/// Windows-1252 for the C1 range, as browsers decode `&#128;`–`&#159;`.
const C1: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

fn numeric(n: u32) -> char {
    match n {
        0 => '\u{fffd}',
        0x80..=0x9F => char::from_u32(C1[(n - 0x80) as usize] as u32).unwrap_or('\u{fffd}'),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    }
}

/// Decodes character references (`&nbsp;`, `&#12288;`, `&#x3000;` …). Unknown names stay
/// as written.
pub fn decode_refs(s: &str, in_attr: bool) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let (c, used) = reference(rest, in_attr);
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `s` (just after `&`): the character and the bytes used.
fn reference(s: &str, in_attr: bool) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 0);
        }
        let text = &s[start..start + digits];
        let n = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return (Some(numeric(n)), used);
    }
    let run = b
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if run == 0 {
        return (None, 0);
    }
    if b.get(run) == Some(&b';') {
        if let Some(c) = entities::lookup(&s[..run]) {
            return (Some(c), run + 1);
        }
    }
    // Legacy names without a semicolon, longest first; in an attribute not when a
    // letter, digit or '=' follows (`href="?a=1&copy=2"`).
    for len in (2..=run.min(8)).rev() {
        let name = &s[..len];
        if entities::legacy(name) {
            let next = b.get(len).copied();
            if in_attr && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'=') {
                return (None, 0);
            }
            return (entities::lookup(name), len);
        }
    }
    (None, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<Token<'_>> {
        Tokenizer::new(s).collect()
    }

    fn start(name: &str, attrs: &[(&str, &str)]) -> Token<'static> {
        Token::Start {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            self_closing: false,
        }
    }

    #[test]
    fn tags_attributes_and_text() {
        let t = tokens("<TD colspan=3 ROWSPAN='2' nowrap class=\"a b\">规章&nbsp;0</td>");
        assert_eq!(
            t[0],
            start(
                "td",
                &[
                    ("colspan", "3"),
                    ("rowspan", "2"),
                    ("nowrap", ""),
                    ("class", "a b")
                ]
            )
        );
        assert_eq!(t[1], Token::Text(Cow::Owned("规章\u{a0}0".into())));
        assert_eq!(t[2], Token::End { name: "td".into() });
    }

    #[test]
    fn comments_conditionals_and_raw_text_are_skipped() {
        let t = tokens(
            "<!DOCTYPE html><!--[if gte mso 9]><xml>x</xml><![endif]--><![if !supportLists]>1.<![endif]><script>if (a<b) document.write('<p>x</p>')</script><style>p{}</style><o:p></o:p>",
        );
        assert_eq!(
            t,
            vec![
                Token::Text(Cow::Borrowed("1.")),
                start("script", &[]),
                Token::End {
                    name: "script".into()
                },
                start("style", &[]),
                Token::End {
                    name: "style".into()
                },
                start("o:p", &[]),
                Token::End { name: "o:p".into() },
            ]
        );
    }

    #[test]
    fn stray_angle_brackets_and_cut_off_tags_are_text_or_dropped() {
        let t = tokens("a < b <3 </ c> d<br/><td");
        let text: String = t
            .iter()
            .filter_map(|t| match t {
                Token::Text(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "a < b <3  d");
        assert!(t
            .iter()
            .any(|t| matches!(t, Token::Start { name, self_closing: true, .. } if name == "br")));
    }

    #[test]
    fn character_references() {
        assert_eq!(
            decode_refs("&#12288;&#x3000;&#X3000&amp;&lt;&ldquo;&hellip;", false),
            "\u{3000}\u{3000}\u{3000}&<“…"
        );
        assert_eq!(
            decode_refs("&nbsp0 &copy2022 &unknown; & &#; &#128;", false),
            "\u{a0}0 ©2022 &unknown; & &#; €"
        );
        assert_eq!(decode_refs("?a=1&copy=2", true), "?a=1&copy=2");
        assert_eq!(
            decode_refs("&#0;&#xD800;&#x110000;", false),
            "\u{fffd}\u{fffd}\u{fffd}"
        );
    }
}
