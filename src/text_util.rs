//! Small text helpers shared by the reader, the extractor and the rules.

use crate::model::SECTION_TITLES;

/// `hay.contains("literal")`, with the substring searcher built once per call site.
///
/// `str::contains` builds a Two-Way searcher on every call; native x86-64 hides that
/// with a SIMD path for short needles, but the WebAssembly build pays it in full: on
/// report text a prebuilt `memchr::memmem::Finder` is 6.5× faster there (and no slower
/// natively). Use it for literal key words in hot code.
#[macro_export]
macro_rules! has {
    ($hay:expr, $lit:literal) => {{
        static FINDER: ::std::sync::OnceLock<::memchr::memmem::Finder<'static>> =
            ::std::sync::OnceLock::new();
        FINDER
            .get_or_init(|| ::memchr::memmem::Finder::new($lit))
            .find($crate::text_util::bytes_of(&$hay))
            .is_some()
    }};
}

/// Groups of key words searched for together: one [`crate::keywords`] pass over a text tells
/// which groups occur. The automaton is built on first use.
pub struct Groups {
    groups: &'static [(&'static str, &'static [&'static str])],
    matcher: std::sync::OnceLock<(crate::keywords::Keywords, Vec<usize>)>,
}

impl Groups {
    pub const fn new(groups: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Groups {
            groups,
            matcher: std::sync::OnceLock::new(),
        }
    }

    /// Bit `i` set when a word of group `i` occurs in one of `texts`.
    pub fn found<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> u64 {
        let (ac, group_of) = self.matcher.get_or_init(|| {
            let mut words = Vec::new();
            let mut group_of = Vec::new();
            for (g, (_, ws)) in self.groups.iter().enumerate() {
                for w in *ws {
                    words.push(*w);
                    group_of.push(g);
                }
            }
            (crate::keywords::Keywords::new(words), group_of)
        });
        let all = (1u64 << self.groups.len()) - 1;
        let mut bits = 0u64;
        for t in texts {
            ac.overlapping(t, |h| bits |= 1 << group_of[h.word]);
            if bits == all {
                break;
            }
        }
        bits
    }

    /// The names of the groups with no word in `texts`.
    pub fn missing<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
        let bits = self.found(texts);
        (0..self.groups.len())
            .filter(|i| bits & (1 << i) == 0)
            .map(|i| self.groups[i].0)
            .collect()
    }
}

/// The lines of a text as `str::split('\n')` gives them (a text ending in a line end
/// has an empty last line), each without a `'\r'` before its line end, with the byte
/// offset where it starts. Found with memchr: `str::split` cost several times more
/// per line in the size-optimised WebAssembly build. Used by the text reader and by
/// `limits::measure`, which must count lines the way the reader reads them.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { text, next: 0 }
}

pub struct Lines<'a> {
    text: &'a str,
    /// Where the next line starts; past the end when there is none.
    next: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let start = self.next;
        if start > bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.next = end + 1;
        // '\n' and '\r' are never inside a UTF-8 sequence.
        let end_of_text = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, &self.text[start..end_of_text]))
    }
}

/// The bytes of anything string-like (for [`has!`]).
#[inline]
pub fn bytes_of<S: AsRef<str> + ?Sized>(s: &S) -> &[u8] {
    s.as_ref().as_bytes()
}

/// A paragraph recognised as one of the six section headings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1..=6: the standard section its title names.
    pub number: usize,
    /// The ordinal as written, without its punctuation ("一", "1", "" for none).
    pub written_ordinal: String,
    /// Whether the ordinal has the template's form: the right Chinese numeral and "、",
    /// with the title straight after it.
    pub ordinal_ok: bool,
    /// The title after the ordinal, padding removed.
    pub title: String,
    /// Whether the title is the template's wording exactly.
    pub exact: bool,
}

const CN_DIGITS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Which standard section a title names, by its key words.
pub fn classify_title(title: &str) -> Option<usize> {
    let t = title;
    if crate::has!(t, "行政复议") || crate::has!(t, "行政诉讼") {
        Some(4)
    } else if crate::has!(t, "主动公开") && !crate::has!(t, "申请") {
        Some(2)
    } else if (crate::has!(t, "收到") && crate::has!(t, "申请")) || crate::has!(t, "依申请公开")
    {
        Some(3)
    } else if crate::has!(t, "存在的主要问题")
        || crate::has!(t, "主要问题")
        || crate::has!(t, "改进情况")
    {
        Some(5)
    } else if crate::has!(t, "其他需要报告")
        || crate::has!(t, "其他需报告")
        || crate::has!(t, "其他事项")
    {
        Some(6)
    } else if crate::has!(t, "总体情况") || t == "基本情况" || t == "概述" {
        Some(1)
    } else {
        None
    }
}

/// Recognises a section heading. Headings are short, carry no sentence punctuation and
/// start with an ordinal ("一、", "1、", "1.", …) or are a standard title on their own.
pub fn parse_heading(text: &str) -> Option<Heading> {
    // A colon or full stop after a heading ("一、总体情况：") is punctuation, not wording.
    let t = crate::doc::trim_padding(text)
        .0
        .trim_end_matches(['：', ':', '。']);
    let t = crate::doc::trim_padding(t).0;
    // More than 160 bytes is more than 40 characters: long paragraphs are turned away
    // without counting their characters (this runs for every paragraph).
    if t.is_empty()
        || t.len() > 160
        || t.chars().count() > 40
        || t.contains('。')
        || t.contains('；')
    {
        return None;
    }
    let first = t.chars().next()?;
    let (written, rest, punct) = if let Some(i) = CN_DIGITS.iter().position(|&c| c == first) {
        let after = &t[first.len_utf8()..];
        let (p, rest) = split_ordinal_punct(after)?;
        let _ = i;
        (first.to_string(), rest, p)
    } else if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let digits: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .collect();
        let after = &t[digits.len()..];
        let (p, rest) = split_ordinal_punct(after)?;
        (digits, rest, p)
    } else if let Some(after) = t.strip_prefix('第') {
        // 第一部分 …
        let c = after.chars().next()?;
        let after = after[c.len_utf8()..].strip_prefix("部分")?;
        let rest =
            after.trim_start_matches(|c: char| crate::doc::is_padding(c) || "、.．:：".contains(c));
        (c.to_string(), rest, "")
    } else {
        // No ordinal at all: only an exact standard title counts. Most texts (every table
        // cell comes here) do not even start like one, and need no copy.
        if !SECTION_TITLES.iter().any(|s| s.starts_with(first)) {
            return None;
        }
        let compact: String = t.chars().filter(|c| !crate::doc::is_padding(*c)).collect();
        let number = SECTION_TITLES.iter().position(|s| *s == compact)? + 1;
        return Some(Heading {
            number,
            written_ordinal: String::new(),
            ordinal_ok: false,
            title: compact,
            exact: true,
        });
    };
    let title_trimmed = rest.trim_start_matches(crate::doc::is_padding);
    let padded = title_trimmed.len() != rest.len();
    let title: String = title_trimmed
        .chars()
        .filter(|c| !crate::doc::is_padding(*c))
        .collect();
    let number = classify_title(&title)?;
    let exact = SECTION_TITLES[number - 1] == title;
    // A stray space after "、" is untidy but not a wrong ordinal; it is reported only
    // together with a real ordinal error (the message quotes the heading as written).
    let _ = padded;
    // The template writes "一、"; "一．" has the right ordinal in other punctuation, a
    // nit rather than a wrong number.
    let ordinal_ok =
        matches!(punct, "、" | "．" | ".") && written == CN_DIGITS[number - 1].to_string();
    Some(Heading {
        number,
        written_ordinal: written,
        ordinal_ok,
        title,
        exact,
    })
}

fn split_ordinal_punct(s: &str) -> Option<(&'static str, &str)> {
    for p in ["、", "．", ".", "，", ",", " ", "\u{3000}"] {
        if let Some(rest) = s.strip_prefix(p) {
            let p: &'static str = match p {
                "、" => "、",
                "．" => "．",
                "." => ".",
                "，" | "," => "，",
                _ => " ",
            };
            return Some((p, rest));
        }
    }
    None
}

/// Whether a line of text looks like a section heading (so it cannot continue a cell).
pub fn looks_like_section_heading(text: &str) -> bool {
    parse_heading(text).is_some_and(|h| !h.written_ordinal.is_empty() || h.exact)
}

/// Whether a text holds any CJK ideograph: labels do, numbers and blanks do not, so
/// label matching can skip data cells cheaply.
pub fn has_cjk(s: &str) -> bool {
    // Every CJK ideograph is three bytes in UTF-8 with a lead byte 0xE3..=0xE9.
    s.bytes().any(|b| (0xE3..=0xE9).contains(&b))
}

/// Removes all padding and line breaks (for comparing labels that Word wrapped).
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !crate::doc::is_padding(*c)).collect()
}

/// [`compact`] without a copy when there is nothing to remove (most labels).
pub fn compact_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // Padding is ASCII whitespace or starts with one of the lead bytes C2 (NBSP), E2
    // (U+2002 …), E3 (U+3000); text without those bytes has none.
    let maybe = s
        .bytes()
        .any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3));
    if maybe && s.chars().any(crate::doc::is_padding) {
        std::borrow::Cow::Owned(compact(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Shortens a quote for a message, on a char boundary.
pub fn quote(s: &str, max_chars: usize) -> String {
    let s = s.trim_matches(crate::doc::is_padding);
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut q: String = s.chars().take(max_chars).collect();
        q.push('…');
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let h = parse_heading("一、总体情况").unwrap();
        assert!(h.ordinal_ok && h.exact && h.number == 1);
        assert!(parse_heading("一、 总体情况").unwrap().ordinal_ok);
        assert!(parse_heading("一．总体情况").unwrap().ordinal_ok);
        assert!(!parse_heading("一，总体情况").unwrap().ordinal_ok);
        let h = parse_heading("1、 总体情况").unwrap();
        assert!(!h.ordinal_ok && h.number == 1 && h.written_ordinal == "1");
        let h = parse_heading("五、政府信息公开工作存在的主要问题及改进情况").unwrap();
        assert!(h.ordinal_ok && !h.exact && h.number == 5);
        let h = parse_heading("三、主动公开政府信息情况").unwrap();
        assert!(!h.ordinal_ok && h.number == 2);
        assert!(parse_heading("一是强化组织领导。").is_none());
        assert!(parse_heading("（一）主动公开政府信息").is_none());
        assert!(parse_heading("一、加强组织领导").is_none());
        assert_eq!(parse_heading("其他需要报告的事项").unwrap().number, 6);
        let h = parse_heading("一、总体情况：").unwrap();
        assert!(h.ordinal_ok && h.exact && h.number == 1);
        assert!(parse_heading("二、主动公开政府信息情况。").unwrap().exact);
        assert!(parse_heading("一、总体情况。今年工作如下。").is_none());
    }

    #[test]
    fn compact_borrows_when_it_can() {
        assert!(matches!(compact_cow("规章"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(
            compact_cow("一、本年新收"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(compact_cow("本年新\n制作 数量\u{3000}"), "本年新制作数量");
        assert_eq!(compact_cow("\u{a0}0\u{2002}"), "0");
    }

    #[test]
    fn has_macro_matches_str_contains() {
        let owned = String::from("本年新收政府信息公开申请数量");
        assert!(crate::has!(owned, "新收"));
        assert!(crate::has!(&owned[3..], "政府"));
        assert!(!crate::has!("上年结转", "新收"));
        let cow: std::borrow::Cow<str> = std::borrow::Cow::Borrowed("予以公开");
        assert!(crate::has!(cow, "公开"));
        assert!(crate::has!("", ""));
    }
}
