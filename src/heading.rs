//! The six section headings as reports write them ("一、总体情况", "1、总体情况",
//! "第一部分 …", or a standard title on its own): which section a paragraph heads, and
//! whether its ordinal and wording are the template's.
//!
//! Between the model (the template's titles, [`crate::model::SECTION_TITLES`]) and the
//! readers and the extractor, which both use it: a reader ends a table cell at a heading,
//! the extractor finds the sections by them.

use crate::doc::{Block, Document};
use crate::model::SECTION_TITLES;
use crate::span::Span;

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

/// The key words [`classify_title`] looks for, by number.
const TITLE_WORDS: [&str; 13] = [
    "行政复议",
    "行政诉讼",
    "主动公开",
    "申请",
    "收到",
    "依申请公开",
    "存在的主要问题",
    "主要问题",
    "改进情况",
    "其他需要报告",
    "其他需报告",
    "其他事项",
    "总体情况",
];

/// Which standard section a title names, by its key words.
pub fn classify_title(title: &str) -> Option<usize> {
    classify_found(title_words().find(title).0, title)
}

/// The matcher of [`TITLE_WORDS`].
fn title_words() -> &'static crate::extract::scan::CjkKeywords {
    // One pass over the title finds every key word (this runs for every short
    // paragraph with an ordinal).
    static WORDS: std::sync::OnceLock<crate::extract::scan::CjkKeywords> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| crate::extract::scan::CjkKeywords::new(TITLE_WORDS.to_vec()))
}

/// [`classify_title`] of `t`, whose key words (bit `n` for `TITLE_WORDS[n]`) are `found`.
fn classify_found(found: u128, t: &str) -> Option<usize> {
    // In the order of TITLE_WORDS.
    let words: [bool; 13] = std::array::from_fn(|n| found & (1 << n) != 0);
    let [review, litigation, proactive, application, received, on_application] =
        [words[0], words[1], words[2], words[3], words[4], words[5]];
    let [problems_existing, problems, improvement] = [words[6], words[7], words[8]];
    let [other_to_report, other_report, other_matters, overall] =
        [words[9], words[10], words[11], words[12]];
    if review || litigation {
        Some(4)
    } else if proactive && !application {
        Some(2)
    } else if (received && application) || on_application {
        Some(3)
    } else if problems_existing || problems || improvement {
        Some(5)
    } else if other_to_report || other_report || other_matters {
        Some(6)
    } else if overall || t == "基本情况" || t == "概述" {
        Some(1)
    } else {
        None
    }
}

/// Recognises a section heading. Headings are short, carry no sentence punctuation and
/// start with an ordinal ("一、", "1、", "1.", …) or are a standard title on their own.
pub fn parse_heading(text: &str) -> Option<Heading> {
    let h = parse_parts(text)?;
    Some(Heading {
        number: h.number,
        written_ordinal: h.written.to_owned(),
        ordinal_ok: h.ordinal_ok,
        title: h.title.into_owned(),
        exact: h.exact,
    })
}

/// A [`Heading`] as [`parse_parts`] finds it, borrowing what it can from the text: the
/// readers and the extractor ask of every paragraph (and of lines after a table cell)
/// whether it is a heading, and most of what they ask needs no copy.
pub(crate) struct HeadingParts<'a> {
    pub number: usize,
    /// The ordinal as written (a piece of the text).
    pub written: &'a str,
    pub ordinal_ok: bool,
    /// The title without padding: the text's own when it has none.
    pub title: std::borrow::Cow<'a, str>,
    pub exact: bool,
}

/// [`parse_heading`] without its copies.
pub(crate) fn parse_parts(text: &str) -> Option<HeadingParts<'_>> {
    // Which way the text could start a heading, from its first character: most
    // paragraphs start none of them and are turned away before anything is counted,
    // or even trimmed at their end. (Every test below must pass for a heading, so their
    // order changes no answer.) The first character after the padding is the first of
    // the trimmed text below, unless the trimming leaves nothing: then it is one of
    // "：:。", which starts no heading, and the answer is `None` either way.
    let b = text.as_bytes();
    let mut start = 0;
    while start < b.len() {
        match crate::doc::padding_at(b, start) {
            0 => break,
            n => start += n,
        }
    }
    let first = text[start..].chars().next()?;
    let cn_ordinal = CN_DIGITS.contains(&first);
    let digit_ordinal = first.is_ascii_digit() || ('０'..='９').contains(&first);
    let part = first == '第';
    if !cn_ordinal
        && !digit_ordinal
        && !part
        && !SECTION_TITLES.iter().any(|s| s.starts_with(first))
    {
        return None;
    }
    // A colon or full stop after a heading ("一、总体情况：") is punctuation, not wording.
    let t = crate::doc::trim_padding(text)
        .0
        .trim_end_matches(['：', ':', '。']);
    let t = crate::doc::trim_padding(t).0;
    if t.is_empty() {
        return None;
    }
    // More than 160 bytes is more than 40 characters: long paragraphs are turned away
    // without counting their characters.
    if t.len() > 160 || !short_without_stops(t) {
        return None;
    }
    let (written, rest, punct) = if cn_ordinal {
        let after = &t[first.len_utf8()..];
        let (p, rest) = split_ordinal_punct(after)?;
        (&t[..first.len_utf8()], rest, p)
    } else if digit_ordinal {
        let digits_len = t.len()
            - t.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                .len();
        let after = &t[digits_len..];
        let (p, rest) = split_ordinal_punct(after)?;
        (&t[..digits_len], rest, p)
    } else if let Some(after) = t.strip_prefix('第') {
        // 第一部分 …
        let c = after.chars().next()?;
        let after = after[c.len_utf8()..].strip_prefix("部分")?;
        let rest =
            after.trim_start_matches(|c: char| crate::doc::is_padding(c) || "、.．:：".contains(c));
        (&after_first(t)[..c.len_utf8()], rest, "")
    } else {
        // No ordinal at all: only an exact standard title counts.
        let compact = compact_borrowed(t);
        let number = SECTION_TITLES.iter().position(|s| *s == compact)? + 1;
        return Some(HeadingParts {
            number,
            written: "",
            ordinal_ok: false,
            title: compact,
            exact: true,
        });
    };
    let title_trimmed = rest.trim_start_matches(crate::doc::is_padding);
    // The one pass for the key words also tells whether the title holds padding: most
    // do not, and are their own compact form.
    let (found, padding) = title_words().find(title_trimmed);
    let (title, found) = if padding {
        let compact = crate::text_util::compact(title_trimmed);
        let found = title_words().find(&compact).0;
        (std::borrow::Cow::Owned(compact), found)
    } else {
        (std::borrow::Cow::Borrowed(title_trimmed), found)
    };
    let number = classify_found(found, &title)?;
    let exact = SECTION_TITLES[number - 1] == title;
    // A stray space after "、" is untidy but not a wrong ordinal; it is reported only
    // together with a real ordinal error (the message quotes the heading as written).
    // The template writes "一、"; "一．" has the right ordinal in other punctuation, a
    // nit rather than a wrong number.
    let ordinal_ok = matches!(punct, "、" | "．" | ".")
        && *written == *CN_DIGITS[number - 1].encode_utf8(&mut [0; 4]);
    Some(HeadingParts {
        number,
        written,
        ordinal_ok,
        title,
        exact,
    })
}

/// Whether `t` has at most 40 characters and neither '。' nor '；' (a heading is no
/// sentence), in one pass over its bytes that stops at the 41st character.
fn short_without_stops(t: &str) -> bool {
    let b = t.as_bytes();
    let mut chars = 0;
    for (i, &x) in b.iter().enumerate() {
        if x & 0xC0 == 0x80 {
            continue;
        }
        chars += 1;
        if chars > 40 {
            return false;
        }
        // '。' is E3 80 82 and '；' EF BC 9B in UTF-8 (a lead byte starts a character).
        let stop = match x {
            0xE3 => b.get(i + 1..i + 3) == Some(&[0x80, 0x82][..]),
            0xEF => b.get(i + 1..i + 3) == Some(&[0xBC, 0x9B][..]),
            _ => false,
        };
        if stop {
            return false;
        }
    }
    true
}

/// `t` after its first character ('第').
fn after_first(t: &str) -> &str {
    let mut c = t.chars();
    c.next();
    c.as_str()
}

/// [`crate::text_util::compact`], borrowing the text when it has no padding.
fn compact_borrowed(t: &str) -> std::borrow::Cow<'_, str> {
    if crate::text_util::has_padding(t) {
        std::borrow::Cow::Owned(crate::text_util::compact(t))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
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
    parse_parts(text).is_some_and(|h| !h.written.is_empty() || h.exact)
}

/// The headings only the pre-2019 outline has (条例 2007 第三十二条: see `TPL-LEGACY`), each with its kind (the same kind counts
/// once), as written, with their spans.
pub fn legacy_headings(doc: &Document) -> Vec<(usize, String, Span)> {
    let mut out: Vec<(usize, String, Span)> = Vec::new();
    for b in &doc.blocks {
        let Block::Paragraph(p) = b else { continue };
        let t = p.text.trim();
        if t.chars().count() > 40 || t.ends_with('。') || t.ends_with('；') {
            continue;
        }
        let kind = if t.contains("收费及减免") || t.contains("收费和减免") {
            0
        } else if t.contains("依申请公开") && t.contains("不予公开") {
            1
        } else if t.contains("因政府信息公开申请行政复议")
            || (t.contains("申请行政复议") && t.contains("提起行政诉讼"))
        {
            2
        } else if t.contains("主动公开政府信息的情况") {
            3
        } else {
            continue;
        };
        if out.iter().all(|h| h.0 != kind) {
            out.push((kind, t.to_string(), p.span));
        }
    }
    out
}

/// Whether the document reads as the old outline: two kinds of its headings at least.
pub fn looks_legacy(doc: &Document) -> bool {
    legacy_headings(doc).len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_heading` as it was before it borrowed its parts and turned most texts away
    /// by their first character.
    fn parse_heading_reference(text: &str) -> Option<Heading> {
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
            let digits_len = t.len()
                - t.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                    .len();
            let after = &t[digits_len..];
            let (p, rest) = split_ordinal_punct(after)?;
            (t[..digits_len].to_string(), rest, p)
        } else if let Some(after) = t.strip_prefix('第') {
            // 第一部分 …
            let c = after.chars().next()?;
            let after = after[c.len_utf8()..].strip_prefix("部分")?;
            let rest = after
                .trim_start_matches(|c: char| crate::doc::is_padding(c) || "、.．:：".contains(c));
            (c.to_string(), rest, "")
        } else {
            // No ordinal at all: only an exact standard title counts. Most texts (every table
            // cell comes here) do not even start like one, and need no copy.
            if !SECTION_TITLES.iter().any(|s| s.starts_with(first)) {
                return None;
            }
            let compact = crate::text_util::compact(t);
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
        let title = crate::text_util::compact(title_trimmed);
        let number = classify_title(&title)?;
        let exact = SECTION_TITLES[number - 1] == title;
        // A stray space after "、" is untidy but not a wrong ordinal; it is reported only
        // together with a real ordinal error (the message quotes the heading as written).
        let _ = padded;
        // The template writes "一、"; "一．" has the right ordinal in other punctuation, a
        // nit rather than a wrong number.
        let ordinal_ok = matches!(punct, "、" | "．" | ".")
            && *written == *CN_DIGITS[number - 1].encode_utf8(&mut [0; 4]);
        Some(Heading {
            number,
            written_ordinal: written,
            ordinal_ok,
            title,
            exact,
        })
    }

    /// Random texts of heading pieces, padding and sentence punctuation parse as they did.
    #[test]
    fn parse_heading_matches_reference() {
        let mut pieces: Vec<&str> = vec![
            "一",
            "二",
            "六",
            "七",
            "1",
            "12",
            "１",
            "第",
            "部分",
            "、",
            "．",
            ".",
            "，",
            ",",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\u{feff}",
            "\t",
            "。",
            "；",
            "：",
            ":",
            "基本情况",
            "概述",
            "和",
            "政府信息",
            "a",
            "的",
            "（一）",
            "总",
            "其",
            "主要",
            "情况情况情况情况",
        ];
        pieces.extend(SECTION_TITLES);
        for w in TITLE_WORDS {
            let mid = w.char_indices().nth(1).map_or(w.len(), |(i, _)| i);
            pieces.extend([w, &w[..mid], &w[mid..]]);
        }
        let mut rng = crate::test_rng::Rng::new(17);
        for round in 0..20000 {
            let n = rng.below(if round % 5 == 0 { 24 } else { 6 }) as usize;
            let t: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            let expected = parse_heading_reference(&t);
            assert_eq!(parse_heading(&t), expected, "{t:?}");
            assert_eq!(
                looks_like_section_heading(&t),
                expected.is_some_and(|h| !h.written_ordinal.is_empty() || h.exact),
                "{t:?}"
            );
        }
    }

    /// `classify_title` as it was written with `str::contains`, before its one pass.
    fn classify_title_contains(t: &str) -> Option<usize> {
        let has = |w: &str| t.contains(w);
        if has("行政复议") || has("行政诉讼") {
            Some(4)
        } else if has("主动公开") && !has("申请") {
            Some(2)
        } else if (has("收到") && has("申请")) || has("依申请公开") {
            Some(3)
        } else if has("存在的主要问题") || has("主要问题") || has("改进情况") {
            Some(5)
        } else if has("其他需要报告") || has("其他需报告") || has("其他事项") {
            Some(6)
        } else if has("总体情况") || t == "基本情况" || t == "概述" {
            Some(1)
        } else {
            None
        }
    }

    #[test]
    fn classify_title_matches_contains() {
        let mut pieces: Vec<&str> = vec!["基本情况", "概述", "、", "和", "政府信息", "a"];
        for w in TITLE_WORDS {
            let mid = w.char_indices().nth(1).map_or(w.len(), |(i, _)| i);
            pieces.extend([w, &w[..mid], &w[mid..]]);
        }
        let mut rng = crate::test_rng::Rng::new(9);
        for _ in 0..5000 {
            let n = rng.below(5) as usize;
            let t: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(classify_title(&t), classify_title_contains(&t), "{t:?}");
        }
    }

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
}
