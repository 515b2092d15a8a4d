//! CNT-DUPLICATE: the same passage stands twice in the prose, usually a copy-and-paste
//! leftover (fixture 000 repeats "通过巨鹿县人民政府网站主动公开内容17余条，开发区微信
//! 公众号公开信息134条" in two subsections).
//!
//! A passage counts when it is at least [`MIN_CHARS`] characters long, not counting
//! punctuation or the titles in 《》: a title is one opaque token, so common boilerplate
//! such as "按照《中华人民共和国政府信息公开条例》" is short, while a sentence that merely
//! cites the same title twice is still caught. A few fixed political names
//! (习近平新时代中国特色社会主义思想 …) are opaque tokens in the same way. A whole
//! sentence repeated verbatim counts from [`MIN_SENTENCE_CHARS`]. The later occurrence
//! is reported, with the line of the earlier one.
//!
//! Finding repeats without comparing every pair: the prose becomes a sequence of tokens
//! (characters, titles, and a unique token per paragraph break), and winnowing keeps the
//! minimum hash of every window of [`W`] consecutive [`K`]-grams. Any repeat of
//! K + W − 1 tokens shares at least one kept hash; a table of the kept hashes finds the
//! pairs, which are then extended to the full repeated passage. All linear.

use std::collections::HashMap;

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;
use crate::rules::cross_year::Premixed;
use crate::rules::prose::scan::{prose_paragraphs, section_label, ProsePara};
use crate::span::Span;

/// Minimum length of a repeated passage, in characters other than punctuation and
/// titles.
pub const MIN_CHARS: usize = 20;
/// Minimum length of a repeated whole sentence.
pub const MIN_SENTENCE_CHARS: usize = 12;
const K: usize = 8;
/// K + W − 1 = 20 tokens: every passage of MIN_CHARS counted characters is found.
const W: usize = 13;

/// Fixed political names that many reports repeat on purpose; like a title, each is
/// one token that does not count towards a passage's length.
const FIXED_NAMES: [&str; 8] = [
    "习近平新时代中国特色社会主义思想",
    "习近平法治思想",
    "习近平总书记",
    "党的二十届三中全会精神",
    "党的二十大精神",
    "党的十九大精神",
    "党的二十大",
    "党的十九大",
];

const TITLE: u32 = 0x4000_0000;
const BREAK: u32 = 0x8000_0000;

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '—'
                | '…'
                | '·'
        )
}

/// A token of the prose.
#[derive(Clone, Copy)]
struct Tok {
    value: u32,
    /// Byte range in the document text.
    start: u32,
    end: u32,
}

impl Tok {
    #[inline]
    fn weight(&self) -> usize {
        char_weight(self.value)
    }
}

/// How much a token counts towards a passage's length: 1 for a character other than
/// punctuation, 0 for punctuation, titles and breaks.
#[inline]
fn char_weight(v: u32) -> usize {
    if v.wrapping_sub(0x4e00) <= 0x9fff - 0x4e00 {
        return 1; // the common case: an ideograph
    }
    if v >= TITLE {
        return 0;
    }
    char::from_u32(v).map_or(0, |c| usize::from(!is_punct(c)))
}

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

/// The prose as tokens, and its whole sentences.
struct Prose {
    toks: Vec<Tok>,
    /// Sentences ending in their mark: (hash of their tokens, first token, end token).
    sentences: Vec<(u64, u32, u32)>,
}

/// Tokenizes the prose: characters (padding dropped), each 《…》 title as one token,
/// and a token that matches nothing between paragraphs. Sentences are hashed on the way.
fn tokenize(paras: &[ProsePara]) -> Prose {
    let mut toks = Vec::with_capacity(paras.iter().map(|p| p.text.len() / 3 + 1).sum());
    let mut sentences = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let t = p.text;
        let mut s_start = toks.len();
        let mut s_hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut s_weight = 0;
        let mut skip_to = 0; // inside a title already taken as one token
        for (i, c) in t.char_indices() {
            let code = c as u32;
            // The common case: an ideograph other than the first of a fixed name.
            if code.wrapping_sub(0x4e00) <= 0x9fff - 0x4e00 && c != '习' && c != '党' {
                if i < skip_to {
                    continue;
                }
                s_hash = (s_hash ^ code as u64).wrapping_mul(0x0100_0000_01b3);
                s_weight += 1;
                toks.push(Tok {
                    value: code,
                    start: (p.offset + i) as u32,
                    end: (p.offset + i + 3) as u32,
                });
                continue;
            }
            if i < skip_to || crate::doc::is_padding(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            let mut value = code;
            if c == '《' {
                if let Some(close) = t[i..].find('》') {
                    end = i + close + '》'.len_utf8();
                    value = TITLE | (fnv(&t[i..end]) & (TITLE - 1));
                    skip_to = end;
                }
            } else if c == '习' || c == '党' {
                if let Some(name) = FIXED_NAMES.iter().find(|n| t[i..].starts_with(**n)) {
                    end = i + name.len();
                    value = TITLE | (fnv(name) & (TITLE - 1));
                    skip_to = end;
                }
            }
            let tok = Tok {
                value,
                start: (p.offset + i) as u32,
                end: (p.offset + end) as u32,
            };
            s_hash = (s_hash ^ tok.value as u64).wrapping_mul(0x0100_0000_01b3);
            s_weight += tok.weight();
            toks.push(tok);
            if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
                if s_weight >= MIN_SENTENCE_CHARS {
                    sentences.push((s_hash, s_start as u32, toks.len() as u32));
                }
                s_start = toks.len();
                s_hash = 0xcbf2_9ce4_8422_2325;
                s_weight = 0;
            }
        }
        let end = (p.offset + t.len()) as u32;
        toks.push(Tok {
            value: BREAK | pi as u32,
            start: end,
            end,
        });
    }
    Prose { toks, sentences }
}

/// Spreads a rolling hash so that the minimum of a window is a fair pick.
fn mix(x: u64) -> u64 {
    let x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// Winnowing fingerprints: (hash, position of its K-gram), the rightmost minimum of
/// every window of W K-grams. K-grams across a paragraph break are never kept.
fn fingerprints(toks: &[Tok]) -> Vec<(u64, u32)> {
    let n = toks.len();
    if n < K {
        return Vec::new();
    }
    const B: u64 = 0x100_0000_01b3;
    let bk = (0..K).fold(1u64, |a, _| a.wrapping_mul(B)); // B^K
    let m = n - K + 1;
    let w = W.min(m);
    let mut out = Vec::with_capacity(2 * m / (w + 1) + 1);
    // Ring buffer of the window's hashes; `min` is the slot of the rightmost minimum.
    let mut ring = [(u64::MAX, 0usize); W];
    let mut min = 0;
    let mut next_slot = 0;
    let mut h: u64 = 0;
    let mut breaks = 0; // paragraph breaks in the current K-gram
    for i in 0..n {
        h = h.wrapping_mul(B).wrapping_add(toks[i].value as u64 + 1);
        breaks += usize::from(toks[i].value >= BREAK);
        if i >= K {
            h = h.wrapping_sub((toks[i - K].value as u64 + 1).wrapping_mul(bk));
            breaks -= usize::from(toks[i - K].value >= BREAK);
        }
        if i + 1 < K {
            continue;
        }
        let g = i + 1 - K; // K-gram index
        let hv = if breaks > 0 { u64::MAX } else { mix(h) };
        let slot = next_slot;
        next_slot = if next_slot + 1 == w { 0 } else { next_slot + 1 };
        ring[slot] = (hv, g);
        if g + 1 < w {
            if hv <= ring[min].0 {
                min = slot;
            }
            continue;
        }
        if ring[min].1 + w <= g || g + 1 == w {
            // The minimum left the window (or the first full window): rescan it.
            // From the newest slot back to the oldest: strict < keeps the rightmost.
            min = slot;
            let mut s = slot;
            for _ in 1..w {
                s = if s == 0 { w - 1 } else { s - 1 };
                if ring[s].0 < ring[min].0 {
                    min = s;
                }
            }
        } else if hv <= ring[min].0 {
            min = slot;
        } else {
            continue;
        }
        let (fh, fp) = ring[min];
        if fh != u64::MAX && out.last().is_none_or(|&(_, p)| p as usize != fp) {
            out.push((fh, fp as u32));
        }
    }
    out
}

/// A repeat: the earlier passage at token `a`, the later at `b`, `len` tokens.
struct Repeat {
    a: usize,
    b: usize,
    len: usize,
}

fn passages(toks: &[Tok]) -> Vec<Repeat> {
    let fps = fingerprints(toks);
    let same =
        |x: usize, y: usize, l: usize| (0..l).all(|j| toks[x + j].value == toks[y + j].value);
    // Candidate pairs (earlier, later), by later position: for each fingerprint, the
    // first earlier one with the same hash and the same tokens. The fingerprints come by
    // position, so each hash's earlier ones are chained in that order as they come (a
    // table of first and last, and a link from each to the next): no sort of them all.
    const NONE: u32 = u32::MAX;
    let mut chains: HashMap<u64, (u32, u32), Premixed> =
        HashMap::with_capacity_and_hasher(fps.len(), Premixed);
    let mut next = vec![NONE; fps.len()];
    let mut cands: Vec<(usize, usize)> = Vec::new();
    for (j, &(h, q)) in fps.iter().enumerate() {
        debug_assert!(j == 0 || fps[j - 1].1 < q, "fingerprints by position");
        let Some((first, last)) = chains.get_mut(&h) else {
            chains.insert(h, (j as u32, j as u32));
            continue;
        };
        let mut k = *first;
        while k != NONE {
            let p = fps[k as usize].1 as usize;
            if same(p, q as usize, K) {
                cands.push((p, q as usize));
                break;
            }
            k = next[k as usize];
        }
        next[*last as usize] = j as u32;
        *last = j as u32;
    }
    let mut out = Vec::new();
    let mut covered = 0; // tokens before this are in a reported later passage
    for (p, q) in cands {
        if q < covered || p + K > q {
            continue;
        }
        let (mut a, mut b, mut len) = (p, q, K);
        while a > 0 && b > covered && toks[a - 1].value == toks[b - 1].value && a + len < b {
            a -= 1;
            b -= 1;
            len += 1;
        }
        while b + len < toks.len() && toks[a + len].value == toks[b + len].value && a + len < b {
            len += 1;
        }
        // Start on a word, not on punctuation.
        while len > 0 && toks[b].weight() == 0 && toks[b].value < TITLE {
            a += 1;
            b += 1;
            len -= 1;
        }
        let weight: usize = toks[b..b + len].iter().map(Tok::weight).sum();
        if weight >= MIN_CHARS {
            covered = b + len;
            out.push(Repeat { a, b, len });
        }
    }
    out
}

/// The 1-based line of byte `offset`, as [`crate::span::LineIndex`] counts lines.
fn line_of(text: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1
}

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let paras = prose_paragraphs(doc, report);
    let prose = tokenize(&paras);
    let toks = &prose.toks;
    let span =
        |from: usize, to: usize| Span::new(toks[from].start as usize, toks[to - 1].end as usize);
    let mut found: Vec<(Span, Span)> = passages(toks)
        .into_iter()
        .map(|r| (span(r.a, r.a + r.len), span(r.b, r.b + r.len)))
        .collect();
    // Whole sentences too short for a passage: equal hashes, then equal tokens.
    let mut sents = prose.sentences;
    crate::sort::natural(&mut sents);
    for (i, &(h, s, e)) in sents.iter().enumerate() {
        let Some(&(_, s0, e0)) = sents[..i].iter().rev().take_while(|x| x.0 == h).find(|x| {
            x.2 - x.1 == e - s
                && toks[x.1 as usize..x.2 as usize]
                    .iter()
                    .zip(&toks[s as usize..e as usize])
                    .all(|(a, b)| a.value == b.value)
        }) else {
            continue;
        };
        // Sorted by hash then position: the earlier occurrence comes first.
        let later = span(s as usize, e as usize);
        if !found
            .iter()
            .any(|(_, l)| l.start < later.end && later.start < l.end)
        {
            found.push((span(s0 as usize, e0 as usize), later));
        }
    }
    if found.is_empty() {
        return;
    }
    crate::sort::by_key(&mut found, |f| f.1.start);
    for (earlier, later) in found {
        let text = &doc.text[later.start..later.end];
        let mut f = Finding::new("CNT-DUPLICATE")
            .arg("quote", crate::text_util::quote(text, 40))
            .arg("line", line_of(&doc.text, earlier.start).to_string())
            .span(later);
        let section = paras
            .iter()
            .rev()
            .find(|p| p.offset <= later.start)
            .map_or(0, |p| p.section);
        if let Some(s) = section_label(section) {
            f = f.section(s);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    fn run(prose: &str) -> (String, Vec<Finding>) {
        let src = report_text(prose, &T3_004, &[0; 15]);
        let f = run_rule(&src, check, "CNT-DUPLICATE");
        (src, f)
    }

    #[test]
    fn a_repeated_passage_is_reported_once_at_its_second_place() {
        let prose = "（一）主动公开进一步加强。2022年通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条。同时建立健全制度。\n（二）政府信息管理进一步严格。有效解决信息公开不规范问题，通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条。";
        let (src, f) = run(prose);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            spanned(&src, &f[0]),
            "通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条。"
        );
        let line = f[0].args.iter().find(|a| a.0 == "line").unwrap();
        assert_eq!(line.1, "3");
        // Mended: the second occurrence rewritten.
        let mended = prose.replacen(
            "有效解决信息公开不规范问题，通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条。",
            "有效解决信息公开不规范问题。",
            1,
        );
        assert!(run(&mended).1.is_empty());
    }

    #[test]
    fn boilerplate_titles_do_not_count() {
        let prose = "按照《中华人民共和国政府信息公开条例》要求，做好公开工作。\n严格按照《中华人民共和国政府信息公开条例》规定，规范办理申请。";
        assert!(run(prose).1.is_empty());
    }

    #[test]
    fn political_boilerplate_does_not_count() {
        let prose = "2022年，坚持以习近平新时代中国特色社会主义思想为指导，做好公开工作。\n下一步，坚持以习近平新时代中国特色社会主义思想为指导，提升公开质量。";
        assert!(run(prose).1.is_empty());
    }

    #[test]
    fn a_repeated_short_sentence_counts_when_whole() {
        let prose = "我们将进一步加强政府信息公开工作。做好日常更新。\n下一步，继续完善制度。我们将进一步加强政府信息公开工作。";
        let (src, f) = run(prose);
        assert_eq!(f.len(), 1);
        assert_eq!(spanned(&src, &f[0]), "我们将进一步加强政府信息公开工作。");
        // The same words inside a longer sentence are no repeated sentence.
        let prose =
            "我们将进一步加强政府信息公开工作。\n今后我们将进一步加强政府信息公开工作和培训。";
        assert!(run(prose).1.is_empty());
    }

    #[test]
    fn three_copies_give_two_findings() {
        let s = "严格落实政府网站信息发布审核制度，积极做好政府信息公开更新工作。";
        let prose = format!("{s}\n其他内容一。\n{s}\n其他内容二。\n{s}");
        let (_, f) = run(&prose);
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn punctuation_runs_are_not_a_passage() {
        let prose = format!("{}\n{}", "—".repeat(60), "…".repeat(60));
        assert!(run(&prose).1.is_empty());
    }
}
