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

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;
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

/// Whether the character of code `v` is punctuation (weighs nothing in a passage).
#[inline]
fn is_punct(v: u32) -> bool {
    if v < 0x80 {
        return (v as u8).is_ascii_punctuation();
    }
    char::from_u32(v).is_some_and(|c| {
        matches!(
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
    })
}

/// How much a token counts towards a passage's length: 1 for a character other than
/// punctuation, 0 for punctuation, titles and breaks.
#[inline]
fn char_weight(v: u32) -> usize {
    if v.wrapping_sub(0x4e00) <= 0x9fff - 0x4e00 {
        return 1; // the common case: an ideograph
    }
    usize::from(v < TITLE && !is_punct(v))
}

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

/// The ideograph of the three bytes, when it is one that is a token on its own:
/// U+4E00..=U+9FFF other than 习 and 党, which may start a fixed name. Most of the
/// prose is such characters, decoded here in place.
#[inline(always)]
fn plain_ideograph(b0: u8, b1: u8, b2: u8) -> Option<u32> {
    if !(0xE4..=0xE9).contains(&b0) {
        return None;
    }
    let code = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
    (code >= 0x4e00 && code != '习' as u32 && code != '党' as u32).then_some(code)
}

/// The code of the character at byte `i` of `b` (valid UTF-8, `i` at a character's
/// start) and its length.
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let lead = u32::from(b[i]);
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    match lead {
        0..=0x7F => (lead, 1),
        0x80..=0xDF => (((lead & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    }
}

/// [`crate::doc::is_padding`] on a character's code.
#[inline(always)]
fn is_padding_code(v: u32) -> bool {
    matches!(
        v,
        0x20 | 0x09 | 0x0D | 0x0A | 0xA0 | 0x2002 | 0x2003 | 0x2009 | 0x200B | 0x3000 | 0xFEFF
    )
}

/// The title (《…》) or fixed name at byte `i` of `t`, whose first character has the
/// code `code` (《, 习 or 党 start one): its token and where it ends.
#[inline(never)]
fn title_or_name(t: &str, i: usize, code: u32) -> Option<(u32, usize)> {
    let (text, end) = if code == '《' as u32 {
        let close = t[i..].find('》')?;
        let end = i + close + '》'.len_utf8();
        (&t[i..end], end)
    } else {
        let name = FIXED_NAMES.iter().find(|n| t[i..].starts_with(**n))?;
        (*name, i + name.len())
    };
    Some((TITLE | (fnv(text) & (TITLE - 1)), end))
}

/// What the tokenizer's general way needs to know of a character: padding (dropped),
/// a possible start of a title or fixed name, a mark ending a sentence (weighing
/// nothing), or else its weight (see [`char_weight`]).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Padding,
    Opener,
    Ends,
    Weighs(bool),
}

/// The [`Class`] of the character of code `v`, in one match rather than a test after
/// another ([`is_padding_code`], [`opens_title_or_name`], [`char_weight`], the marks
/// ending a sentence): the general way is taken by every punctuation mark, and the
/// tests in turn were half its cost.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn class(v: u32) -> Class {
    const fn c(ch: char) -> u32 {
        ch as u32
    }
    const IDEOGRAPH_FIRST: u32 = 0x4e00;
    const IDEOGRAPH_LAST: u32 = 0x9fff;
    match v {
        0x20 | 0x09 | 0x0D | 0x0A | 0xA0 | 0x2002 | 0x2003 | 0x2009 | 0x200B | 0x3000 | 0xFEFF => {
            Class::Padding
        }
        x if x == c('《') || x == c('习') || x == c('党') => Class::Opener,
        x if x == c('。')
            || x == c('！')
            || x == c('？')
            || x == c('；')
            || x == c('!')
            || x == c('?')
            || x == c(';') =>
        {
            Class::Ends
        }
        0..=0x7F => Class::Weighs(!(v as u8).is_ascii_punctuation()),
        IDEOGRAPH_FIRST..=IDEOGRAPH_LAST => Class::Weighs(true),
        // The rest of `is_punct`'s marks, listed here so that all make one match.
        x if x == c('，')
            || x == c('、')
            || x == c('：')
            || x == c('“')
            || x == c('”')
            || x == c('‘')
            || x == c('’')
            || x == c('（')
            || x == c('）')
            || x == c('》')
            || x == c('〈')
            || x == c('〉')
            || x == c('【')
            || x == c('】')
            || x == c('—')
            || x == c('…')
            || x == c('·') =>
        {
            Class::Weighs(false)
        }
        _ => Class::Weighs(true),
    }
}

/// The marks ending a sentence.
#[cfg(any(target_arch = "wasm32", test))]
const ENDS: [char; 7] = ['。', '！', '？', '；', '!', '?', ';'];

/// Whether a character of code `v` may start a title or a fixed name.
#[inline(always)]
fn opens_title_or_name(v: u32) -> bool {
    v == '《' as u32 || v == '习' as u32 || v == '党' as u32
}

/// The token at byte `i` of a paragraph, the general way: its value (`None` for padding,
/// which is dropped) and where it ends. A character's value is its code; a 《…》 title or
/// a fixed name is one token (`TITLE | hash`) that the scan jumps past.
///
/// Inlined natively (a call per punctuation mark cost the tokenizer a tenth), not in
/// the size-optimised WebAssembly build.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn token_at(t: &str, i: usize) -> (Option<u32>, usize) {
    let (code, len) = decode(t.as_bytes(), i);
    if is_padding_code(code) {
        return (None, i + len);
    }
    match opens_title_or_name(code).then(|| title_or_name(t, i, code)) {
        Some(Some((value, end))) => (Some(value), end),
        _ => (Some(code), i + len),
    }
}

/// The prose as tokens, and its whole sentences.
///
/// A token's value is a character, a title or fixed name (`TITLE | hash`), or a
/// paragraph break (`BREAK | paragraph`). Where each token lies is worked out again
/// only for a report with a finding ([`token_starts`]).
struct Prose {
    /// The tokens' values, in `values[..len]`.
    values: Vec<u32>,
    len: usize,
    /// Sentences ending in their mark: (first token, end token).
    sentences: Vec<(u32, u32)>,
    /// The first token of each paragraph, for [`Starts`].
    firsts: Vec<u32>,
}

/// Tokenizes the prose: characters (padding dropped), each 《…》 title as one token,
/// and a token that matches nothing between paragraphs.
///
/// The text is read byte by byte: most of it is runs of three-byte ideographs, decoded
/// in place in a loop of their own ([`plain_ideograph`]); anything else goes through
/// [`token_at`]. Every token takes at least one byte, so `values` is first made at
/// least as long as the text (plus a break per paragraph), and the run's loop walks the
/// text's three-byte groups and the values together: a token is a store with no bounds
/// check and no `push` with its capacity check. `values` comes from [`SCRATCH`] and
/// should go back there.
fn tokenize(paras: &[ProsePara]) -> Prose {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        // SAFETY: the processor has SSSE3, the one feature `tokenize_ssse3` is compiled for.
        return unsafe { tokenize_ssse3(paras) };
    }
    tokenize_with::<false>(paras, |_, _| 0)
}

/// [`tokenize`] with four ideographs decoded at a time where the processor has SSSE3
/// (chosen at run time, as memchr chooses its loops): the same function, compiled for it,
/// with [`ideographs4`] before the byte-by-byte run loop. Native only; tested against the
/// portable path.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
fn tokenize_ssse3(paras: &[ProsePara]) -> Prose {
    tokenize_with::<true>(paras, |bytes, out| ideographs4(bytes, out))
}

/// How many of the four three-byte groups of `bytes[..12]` are plain ideographs (see
/// [`plain_ideograph`]) before the first that is not, their codes written in `out` (the
/// lanes after them too: the first of them holds the code of its group when that is a
/// character of three bytes, which the tokenizer then need not decode again). One shuffle puts each group's bytes
/// in a 32-bit lane, lead byte highest; the code and the tests are then lane-wise.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
#[inline]
fn ideographs4(bytes: &[u8; 16], out: &mut [u32; 4]) -> usize {
    use std::arch::x86_64::*;
    // SAFETY: both pointers are to 16 bytes (an array of 16 bytes, of four u32), which
    // the unaligned load and store read and write.
    let v = unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) };
    // Lane k: bytes 3k+2, 3k+1, 3k, then a zero (a negative index gives zero).
    let order = _mm_setr_epi8(2, 1, 0, -128, 5, 4, 3, -128, 8, 7, 6, -128, 11, 10, 9, -128);
    let x = _mm_shuffle_epi8(v, order);
    let code = _mm_or_si128(
        _mm_or_si128(
            _mm_and_si128(_mm_srli_epi32::<4>(x), _mm_set1_epi32(0xF000)),
            _mm_and_si128(_mm_srli_epi32::<2>(x), _mm_set1_epi32(0x0FC0)),
        ),
        _mm_and_si128(x, _mm_set1_epi32(0x3F)),
    );
    let lead = _mm_srli_epi32::<16>(x);
    let lead_ok = _mm_and_si128(
        _mm_cmpgt_epi32(lead, _mm_set1_epi32(0xE3)),
        _mm_cmpgt_epi32(_mm_set1_epi32(0xEA), lead),
    );
    let code_ok = _mm_andnot_si128(
        _mm_or_si128(
            _mm_cmpeq_epi32(code, _mm_set1_epi32('习' as i32)),
            _mm_cmpeq_epi32(code, _mm_set1_epi32('党' as i32)),
        ),
        _mm_cmpgt_epi32(code, _mm_set1_epi32(0x4DFF)),
    );
    let ok = _mm_movemask_ps(_mm_castsi128_ps(_mm_and_si128(lead_ok, code_ok))) as u32;
    // SAFETY: see the load.
    unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), code) };
    (!ok).trailing_zeros() as usize
}

/// [`tokenize`], with `quad` (when `QUAD`) decoding four ideographs at a time as
/// [`ideographs4`] does.
#[inline(always)]
fn tokenize_with<const QUAD: bool>(
    paras: &[ProsePara],
    quad: impl Fn(&[u8; 16], &mut [u32; 4]) -> usize,
) -> Prose {
    let room = paras.iter().map(|p| p.text.len() + 1).sum();
    let mut values = SCRATCH.take();
    if values.len() < room {
        values.resize(room, 0);
    }
    let mut n = 0;
    let mut sentences = Vec::new();
    let mut firsts = Vec::with_capacity(paras.len());
    for (pi, p) in paras.iter().enumerate() {
        firsts.push(n as u32);
        let bytes = p.text.as_bytes();
        let mut s_start = n;
        let mut s_weight = 0;
        let mut i = 0;
        'para: loop {
            // The common case: a run of ideographs, four at a time first where it can.
            // The code of the character at `i` when a run of four at a time stopped on
            // one of three bytes: `quad` decoded it already (its lane after the run's).
            let decoded: Option<u32> = 'run: {
                if QUAD {
                    while let (Some(group), Some(slots)) = (
                        bytes.get(i..i + 16).and_then(|b| b.try_into().ok()),
                        values
                            .get_mut(n..n + 4)
                            .and_then(|v| <&mut [u32; 4]>::try_from(v).ok()),
                    ) {
                        let run = quad(group, &mut *slots);
                        n += run;
                        s_weight += run;
                        i += 3 * run;
                        if run < 4 {
                            // The group at `i` is not a plain ideograph and the text
                            // goes on past it (16 bytes were there): straight to the
                            // general way, which the loop below would come to too.
                            break 'run (bytes[i] & 0xF0 == 0xE0).then(|| slots[run]);
                        }
                    }
                }
                let mut run = 0;
                let slots = values[n..].iter_mut();
                for (chunk, slot) in bytes[i..].chunks_exact(3).zip(slots) {
                    let Some(code) = plain_ideograph(chunk[0], chunk[1], chunk[2]) else {
                        break;
                    };
                    *slot = code;
                    run += 1;
                }
                n += run;
                s_weight += run;
                i += 3 * run;
                if i == bytes.len() {
                    break 'para;
                }
                None
            };
            // Anything else, the general way: what the character is, told by one match
            // (natively; the size-optimised WebAssembly build goes through `token_at`,
            // not inlined there, which the walk of token starts calls too).
            #[cfg(target_arch = "wasm32")]
            let (value, weight, ends) = {
                let _ = decoded;
                let (value, end) = token_at(p.text, i);
                i = end;
                let Some(value) = value else { continue };
                let weight = char_weight(value);
                (
                    value,
                    weight,
                    weight == 0 && ENDS.iter().any(|&c| c as u32 == value),
                )
            };
            #[cfg(not(target_arch = "wasm32"))]
            let (code, len) = match decoded {
                Some(code) => (code, 3),
                None => decode(bytes, i),
            };
            #[cfg(not(target_arch = "wasm32"))]
            let (value, weight, ends) = match class(code) {
                Class::Padding => {
                    i += len;
                    continue;
                }
                Class::Opener => match title_or_name(p.text, i, code) {
                    Some((value, end)) => {
                        i = end;
                        (value, 0, false)
                    }
                    None => {
                        i += len;
                        (code, char_weight(code), false)
                    }
                },
                Class::Ends => {
                    i += len;
                    (code, 0, true)
                }
                Class::Weighs(weight) => {
                    i += len;
                    (code, usize::from(weight), false)
                }
            };
            values[n] = value;
            n += 1;
            s_weight += weight;
            if ends {
                if s_weight >= MIN_SENTENCE_CHARS {
                    sentences.push((s_start as u32, n as u32));
                }
                s_start = n;
                s_weight = 0;
            }
        }
        values[n] = BREAK | pi as u32;
        n += 1;
    }
    Prose {
        values,
        len: n,
        sentences,
        firsts,
    }
}

thread_local! {
    /// [`tokenize`]'s values, kept from one report to the next: made as long as the
    /// text, they would otherwise be filled with zeros for every report (more work than
    /// the tokenizing). Only the tokens written for a report are read.
    static SCRATCH: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
    /// [`fingerprints`]' buffer, kept from one report to the next like [`SCRATCH`].
    static FINGERPRINTS: std::cell::Cell<Vec<(u64, u32)>> = const {
        std::cell::Cell::new(Vec::new())
    };
}

/// Where each token of [`tokenize`] starts in the document text (a break: at its
/// paragraph's end). Worked out only for a report with a finding.
fn token_starts(paras: &[ProsePara]) -> Vec<u32> {
    let mut starts = Vec::new();
    for p in paras {
        para_starts(p, &mut starts);
    }
    starts
}

/// [`token_starts`] for the tokens of one paragraph, its break last, pushed on `starts`.
fn para_starts(p: &ProsePara, starts: &mut Vec<u32>) {
    let mut i = 0;
    while i < p.text.len() {
        let (value, end) = token_at(p.text, i);
        if value.is_some() {
            starts.push((p.offset + i) as u32);
        }
        i = end;
    }
    starts.push((p.offset + p.text.len()) as u32);
}

/// Where tokens start, worked out a paragraph at a time as they are asked for: a report
/// with a finding asks for those of a few paragraphs, and walking all of its text again
/// (as [`token_starts`] does) cost more than the search for repeats. Each paragraph is
/// walked once at most, however many findings lie in it.
struct Starts<'a> {
    paras: &'a [ProsePara<'a>],
    /// The first token of each paragraph (see [`Prose::firsts`]).
    firsts: &'a [u32],
    /// The starts of each paragraph's tokens, once asked for (empty before: a walked
    /// paragraph has at least its break).
    known: Vec<Vec<u32>>,
}

impl<'a> Starts<'a> {
    fn new(paras: &'a [ProsePara<'a>], firsts: &'a [u32]) -> Self {
        Starts {
            paras,
            firsts,
            known: vec![Vec::new(); paras.len()],
        }
    }

    /// Where token `t` starts.
    fn of(&mut self, t: usize) -> u32 {
        let p = self.firsts.partition_point(|&f| f as usize <= t) - 1;
        let known = &mut self.known[p];
        if known.is_empty() {
            para_starts(&self.paras[p], known);
        }
        known[t - self.firsts[p] as usize]
    }
}

/// The end of the token of `value` that starts at byte `start`, as [`tokenize`] made it:
/// a character's, a title's (its 》) or a fixed name's; a break is empty.
fn token_end(paras: &[ProsePara], value: u32, start: u32) -> usize {
    let start = start as usize;
    if value >= BREAK {
        return start;
    }
    if value < TITLE {
        return start + char::from_u32(value).map_or(1, char::len_utf8);
    }
    // The paragraph the title or name lies in (paragraphs come by offset).
    let p = &paras[paras.partition_point(|p| p.offset <= start) - 1];
    let rest = &p.text[start - p.offset..];
    let len = match rest.find('》') {
        Some(close) if rest.starts_with('《') => close + '》'.len_utf8(),
        _ => FIXED_NAMES
            .iter()
            .find(|n| rest.starts_with(**n))
            .map_or(0, |n| n.len()),
    };
    start + len
}

/// Spreads a rolling hash so that the minimum of a window is a fair pick.
#[inline(always)]
fn mix(x: u64) -> u64 {
    let x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// Whether the K-gram at token `g` holds a paragraph break (the only tokens with the
/// top bit).
#[inline(always)]
fn crosses_break(toks: &[u32], g: usize) -> bool {
    // Each token tested and the answers or-ed (not the tokens, then tested): the
    // compiler makes this one compare and a mask of sign bits, not a reduction.
    toks[g..g + K].iter().fold(false, |a, &t| a | (t >= BREAK))
}

/// Winnowing fingerprints: (hash, position of its K-gram), K-grams across a paragraph
/// break never kept. The rightmost minimum of the first window of W K-grams is kept;
/// after it, the kept K-gram moves on to a new one when that one's hash is at or below
/// the kept hash, or when the kept K-gram is W K-grams old (the new one is then kept
/// whatever its hash).
///
/// So every W consecutive K-grams hold a kept one (at least a fingerprint every W
/// K-grams). This is what the earlier ring-buffer implementation did (its test of
/// "the minimum left the window" ran after the leaving slot was overwritten, so it never
/// held): kept exactly, so that the findings stay as they were. Unlike a true minimum of
/// every window, the choice depends on what came before the window, so two copies of a
/// passage agree on their fingerprints only from where their choices meet.
///
/// One pass and no window stored: each K-gram's hash is rolled on from the previous one
/// and compared with the kept one. A K-gram with a break counts as the largest hash
/// (never written); whether it has one is asked only when its own hash would replace
/// the kept one, which few do.
///
/// Written into `out[..count]`, the count returned: at most one fingerprint per K-gram,
/// so `out` is first made at least that long (a buffer kept from report to report, see
/// [`FINGERPRINTS`], so not filled with zeros each time), and the loop stores into it
/// with an index rather than pushing: no call to grow a vector in the loop, whose state
/// then stays in registers (it runs once per token, and was the rule's largest cost).
fn fingerprints(toks: &[u32], out: &mut Vec<(u64, u32)>) -> usize {
    let n = toks.len();
    if n < K {
        return 0;
    }
    const B: u64 = 0x100_0000_01b3;
    let bk = (0..K).fold(1u64, |a, _| a.wrapping_mul(B)); // B^K
    let m = n - K + 1;
    let w = W.min(m);
    if out.len() < m {
        out.resize(m, (0, 0));
    }
    let out = &mut out[..m];
    let mut kept = 0;
    let mut h: u64 = 0;
    for &t in &toks[..K - 1] {
        h = h.wrapping_mul(B).wrapping_add(t as u64 + 1);
    }
    // The kept K-gram and its hash (u64::MAX: one with a break, never output).
    let (mut min, mut min_h) = (0, u64::MAX);
    // The first window: its rightmost minimum.
    for g in 0..w {
        let v = toks[g + K - 1];
        h = h.wrapping_mul(B).wrapping_add(v as u64 + 1);
        if g > 0 {
            h = h.wrapping_sub((toks[g - 1] as u64 + 1).wrapping_mul(bk));
        }
        let hv = if crosses_break(toks, g) {
            u64::MAX
        } else {
            mix(h)
        };
        if hv <= min_h {
            min = g;
            min_h = hv;
        }
    }
    if min_h != u64::MAX {
        out[0] = (min_h, min as u32);
        kept = 1;
    }
    // The K-gram at which the kept one has been W K-grams old.
    let mut expiry = min + w;
    // Then each next K-gram: its last token enters the hash as the token before it leaves.
    let roll = |h: u64, gone: u32, new: u32| {
        h.wrapping_mul(B)
            .wrapping_add(new as u64 + 1)
            .wrapping_sub((gone as u64 + 1).wrapping_mul(bk))
    };
    let mut keep = |g: usize, hv: u64, expiry: &mut usize, min_h: &mut u64| {
        *expiry = g + w;
        *min_h = hv;
        if hv != u64::MAX {
            out[kept] = (hv, g as u32);
            kept += 1;
        }
    };
    let mut g = w;
    'kept: while g < m {
        // Before the kept K-gram leaves the window, one at or below its hash replaces
        // it. A K-gram with a break is never below a hash, so the test is asked again
        // for those. The loop runs to the expiry over the tokens leaving and entering.
        let stop = expiry.min(m);
        let leaving = &toks[g - 1..stop - 1];
        let entering = &toks[g + K - 1..stop + K - 1];
        for (&gone, &new) in leaving.iter().zip(entering) {
            h = roll(h, gone, new);
            let hv = mix(h);
            if hv <= min_h {
                let hv = if crosses_break(toks, g) { u64::MAX } else { hv };
                if hv <= min_h {
                    keep(g, hv, &mut expiry, &mut min_h);
                    g += 1;
                    continue 'kept;
                }
            }
            g += 1;
        }
        // The kept K-gram leaves the window: the next is kept whatever its hash.
        if g < m {
            h = roll(h, toks[g - 1], toks[g + K - 1]);
            let hv = if crosses_break(toks, g) {
                u64::MAX
            } else {
                mix(h)
            };
            keep(g, hv, &mut expiry, &mut min_h);
            g += 1;
        }
    }
    kept
}

/// A repeat: the earlier passage at token `a`, the later at `b`, `len` tokens.
#[derive(Debug, PartialEq)]
struct Repeat {
    a: usize,
    b: usize,
    len: usize,
}

fn passages(toks: &[u32]) -> Vec<Repeat> {
    let mut buffer = FINGERPRINTS.take();
    let count = fingerprints(toks, &mut buffer);
    let fps = &buffer[..count];
    let same = |x: usize, y: usize, l: usize| toks[x..x + l] == toks[y..y + l];
    // Candidate pairs (earlier, later), by later position: for each fingerprint, the
    // first earlier one with the same hash and the same tokens. The fingerprints come by
    // position, so each hash's earlier ones are chained in that order as they come (a
    // table from each hash to the first of its chain, and a link from each to the next):
    // no sort of them all. The table is open addressing, at most half full, placed by
    // the low bits of the (already mixed) hash, masked: no multiplication to spread it
    // again. Not its high bits as they are: the kept hashes are window minima, whose
    // high bits are mostly zero (placed so, the search cost 30 K more per report).
    const NONE: u32 = u32::MAX;
    let cap = (2 * fps.len()).next_power_of_two().max(16);
    let mask = cap - 1;
    // The first fingerprint of each hash, plus one (0: an empty slot).
    let mut heads = vec![0u32; cap];
    // For the first fingerprint of a chain: the last one; for any: the next one.
    let mut tail = vec![NONE; fps.len()];
    let mut next = vec![NONE; fps.len()];
    let mut cands: Vec<(usize, usize)> = Vec::new();
    for (j, &(h, q)) in fps.iter().enumerate() {
        debug_assert!(j == 0 || fps[j - 1].1 < q, "fingerprints by position");
        let mut s = h as usize & mask;
        let first = loop {
            match heads[s] {
                0 => break None,
                e if fps[e as usize - 1].0 == h => break Some(e as usize - 1),
                _ => s = (s + 1) & mask,
            }
        };
        let Some(first) = first else {
            heads[s] = j as u32 + 1;
            tail[j] = j as u32;
            continue;
        };
        let mut k = first as u32;
        while k != NONE {
            let p = fps[k as usize].1 as usize;
            if same(p, q as usize, K) {
                cands.push((p, q as usize));
                break;
            }
            k = next[k as usize];
        }
        next[tail[first] as usize] = j as u32;
        tail[first] = j as u32;
    }
    FINGERPRINTS.set(buffer);
    let mut out = Vec::new();
    let mut covered = 0; // tokens before this are in a reported later passage
    for (p, q) in cands {
        if q < covered || p + K > q {
            continue;
        }
        let (mut a, mut b, mut len) = (p, q, K);
        while a > 0 && b > covered && toks[a - 1] == toks[b - 1] && a + len < b {
            a -= 1;
            b -= 1;
            len += 1;
        }
        while b + len < toks.len() && toks[a + len] == toks[b + len] && a + len < b {
            len += 1;
        }
        // Start on a word, not on punctuation.
        while len > 0 && char_weight(toks[b]) == 0 && toks[b] < TITLE {
            a += 1;
            b += 1;
            len -= 1;
        }
        let weight: usize = toks[b..b + len].iter().map(|&v| char_weight(v)).sum();
        if weight >= MIN_CHARS {
            covered = b + len;
            out.push(Repeat { a, b, len });
        }
    }
    out
}

/// The 1-based line of byte `offset`, as [`crate::span::LineIndex`] counts lines.
/// The 1-based line of each offset (the line feeds before it, plus one), in one pass
/// over the text: a pasted file of repeats gives 100 000s of findings, and counting from
/// the start for each made it quadratic.
fn lines_of(text: &str, offsets: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut lines = vec![0; offsets.len()];
    let (mut at, mut line) = (0, 1);
    for i in order {
        let to = offsets[i].min(bytes.len());
        line += memchr::memchr_iter(b'\n', &bytes[at..to]).count();
        at = to;
        lines[i] = line;
    }
    lines
}

/// Whether a later span overlaps one already found (`l.start < later.end && later.start
/// < l.end` for some `l`). A report has a handful, searched in turn; a pasted file of
/// repeats has 100 000s, so past [`Overlaps::LINEAR`] of them their ends are kept in a
/// prefix-maximum tree (Fenwick) keyed by the token each starts at: the spans starting
/// before `later.end` are those of the tokens before a point, and one of them overlaps
/// exactly when the largest of their ends passes `later.start`.
#[derive(Default)]
struct Overlaps {
    /// The tokens' starts, in order (not decreasing), and the 1-based Fenwick tree of the
    /// largest end (0: none) over token ranges; both made when the found spans first
    /// pass `LINEAR`.
    tree: Option<(Vec<u32>, Vec<u32>)>,
    /// How many of the found spans are in `tree`.
    added: usize,
}

impl Overlaps {
    const LINEAR: usize = 64;

    /// `starts` gives every token's start (only asked for when the tree is made).
    fn any(
        &mut self,
        found: &[(Span, Span, usize)],
        later: Span,
        starts: impl FnOnce() -> Vec<u32>,
    ) -> bool {
        if self.tree.is_none() {
            if found.len() <= Self::LINEAR {
                return found
                    .iter()
                    .any(|(_, l, _)| l.start < later.end && later.start < l.end);
            }
            let starts = starts();
            let tree = vec![0; starts.len() + 1];
            self.tree = Some((starts, tree));
        }
        let (starts, tree) = self.tree.as_mut().expect("built above");
        for &(_, l, token) in &found[self.added..] {
            let mut i = token + 1;
            while i < tree.len() {
                tree[i] = tree[i].max(l.end as u32);
                i += i & i.wrapping_neg();
            }
        }
        self.added = found.len();
        let mut i = starts.partition_point(|&s| (s as usize) < later.end);
        let mut end = 0;
        while i > 0 {
            end = end.max(tree[i]);
            i &= i - 1;
        }
        end as usize > later.start
    }
}

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    check_paras(doc, &prose_paragraphs(doc, report), out);
}

/// [`check`] over the prose paragraphs [`crate::rules::run`] found once for every rule.
pub(super) fn check_paras(doc: &Document, paras: &[ProsePara], out: &mut Vec<Finding>) {
    let found = repeats(paras);
    if found.is_empty() {
        return;
    }
    let earlier_starts: Vec<usize> = found.iter().map(|f| f.0.start).collect();
    let lines = lines_of(&doc.text, &earlier_starts);
    debug_assert!(paras.windows(2).all(|w| w[0].offset <= w[1].offset));
    for ((_, later), line) in found.into_iter().zip(lines) {
        let text = &doc.text[later.start..later.end];
        let mut f = Finding::new("CNT-DUPLICATE")
            .arg("quote", crate::text_util::quote(text, 40))
            .arg("line", line.to_string())
            .span(later);
        // The last paragraph starting at or before the passage (paragraphs come by
        // offset): a search, since a pasted file of repeats gives 100 000s of findings.
        let section = match paras.partition_point(|p| p.offset <= later.start) {
            0 => 0,
            n => paras[n - 1].section,
        };
        if let Some(s) = section_label(section) {
            f = f.section(s);
        }
        out.push(f);
    }
}

/// The repeats in the prose: (earlier, later) passages or whole sentences, by the later
/// one's place.
fn repeats(paras: &[ProsePara]) -> Vec<(Span, Span)> {
    let prose = tokenize(paras);
    let toks = &prose.values[..prose.len];
    let reps = passages(toks);
    let same_sentences = same_sentences(toks, &prose.sentences);
    let found = if reps.is_empty() && same_sentences.is_empty() {
        Vec::new()
    } else {
        placed(paras, toks, &prose.firsts, reps, same_sentences)
    };
    SCRATCH.set(prose.values);
    found
}

/// Whole sentences too short for a passage, repeated: for each sentence, the latest
/// earlier one with the same tokens, as (earlier, later) pairs of (first token, end
/// token), by the later one's place.
///
/// Equal keys, then equal tokens. A key needs only to be equal for equal sentences:
/// their length and a few of their tokens (a sentence has at least
/// MIN_SENTENCE_CHARS). The sentences of each key are chained as they come (a table
/// from each key to its latest sentence, open addressing at most half full, and a
/// link from each sentence to the one before of its key), so the latest earlier ones
/// are met first: no sort of them all (a merge sort of indices cost more than the
/// search).
fn same_sentences(toks: &[u32], sentences: &[(u32, u32)]) -> Vec<((u32, u32), (u32, u32))> {
    let mut same = Vec::new();
    if sentences.len() < 2 {
        return same;
    }
    const NONE: u32 = u32::MAX;
    let cap = (2 * sentences.len()).next_power_of_two();
    let shift = 64 - cap.trailing_zeros();
    // The latest sentence of each key, plus one (0: an empty slot).
    let mut latest = vec![0u32; cap];
    let mut keys = Vec::with_capacity(sentences.len());
    let mut before = vec![NONE; sentences.len()];
    for (i, &(s, e)) in sentences.iter().enumerate() {
        let at = |i: u32| u64::from(toks[i as usize]);
        let key = ((u64::from(e - s) << 32 | at(s)) ^ at(e - 2) << 11)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ at(s + 1);
        keys.push(key);
        let mut slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
        while latest[slot] != 0 && keys[latest[slot] as usize - 1] != key {
            slot = (slot + 1) & (cap - 1);
        }
        let mut k = latest[slot].wrapping_sub(1);
        latest[slot] = i as u32 + 1;
        before[i] = k;
        while k != NONE {
            let (s0, e0) = sentences[k as usize];
            if e0 - s0 == e - s && toks[s0 as usize..e0 as usize] == toks[s as usize..e as usize] {
                same.push(((s0, e0), (s, e)));
                break;
            }
            k = before[k as usize];
        }
    }
    same
}

/// The repeats found in the tokens `toks` placed in the text: `reps` the repeated
/// passages and `sents` the repeated whole sentences that no passage overlaps, by the
/// later one's place. Where the tokens are is worked out here, for the few reports
/// with a repeat, and only in the paragraphs they lie in ([`Starts`]).
fn placed(
    paras: &[ProsePara],
    toks: &[u32],
    firsts: &[u32],
    reps: Vec<Repeat>,
    sents: Vec<((u32, u32), (u32, u32))>,
) -> Vec<(Span, Span)> {
    let mut starts = Starts::new(paras, firsts);
    let mut span = |from: usize, to: usize| {
        let end = token_end(paras, toks[to - 1], starts.of(to - 1));
        Span::new(starts.of(from) as usize, end)
    };
    // Each later span with the token it starts at (the key of `Overlaps`).
    let mut found: Vec<(Span, Span, usize)> = reps
        .into_iter()
        .map(|r| (span(r.a, r.a + r.len), span(r.b, r.b + r.len), r.b))
        .collect();
    let mut overlaps = Overlaps::default();
    for ((s0, e0), (s, e)) in sents {
        let later = span(s as usize, e as usize);
        if !overlaps.any(&found, later, || token_starts(paras)) {
            found.push((span(s0 as usize, e0 as usize), later, s as usize));
        }
    }
    crate::sort::by_key(&mut found, |f| f.1.start);
    found.into_iter().map(|(a, b, _)| (a, b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    /// A token as the reference implementation keeps it.
    #[derive(Clone, Copy)]
    struct Tok {
        value: u32,
        /// Byte range in the document text.
        start: u32,
        end: u32,
    }

    impl Tok {
        fn weight(&self) -> usize {
            char_weight(self.value)
        }
    }

    /// The reference tokenizer's result.
    struct RefProse {
        toks: Vec<Tok>,
        sentences: Vec<(u64, u32, u32)>,
    }

    /// The implementation before the byte-level tokenizer and the array-based winnowing
    /// (a ring buffer, a breaks counter, a `HashMap` of chains): the new one must give the
    /// very same tokens, fingerprints and passages.
    mod reference {
        use super::super::*;
        use super::{RefProse, Tok};
        use std::collections::HashMap;

        /// Tokenizes the prose: characters (padding dropped), each 《…》 title as one token,
        /// and a token that matches nothing between paragraphs. Sentences are hashed on the way.
        pub(super) fn tokenize(paras: &[ProsePara]) -> RefProse {
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
            RefProse { toks, sentences }
        }

        /// Winnowing fingerprints: (hash, position of its K-gram), the rightmost minimum of
        /// every window of W K-grams. K-grams across a paragraph break are never kept.
        pub(super) fn fingerprints(toks: &[Tok]) -> Vec<(u64, u32)> {
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

        pub(super) fn passages(toks: &[Tok]) -> Vec<Repeat> {
            let fps = fingerprints(toks);
            let same = |x: usize, y: usize, l: usize| {
                (0..l).all(|j| toks[x + j].value == toks[y + j].value)
            };
            // Candidate pairs (earlier, later), by later position: for each fingerprint, the
            // first earlier one with the same hash and the same tokens. The fingerprints come by
            // position, so each hash's earlier ones are chained in that order as they come (a
            // table of first and last, and a link from each to the next): no sort of them all.
            const NONE: u32 = u32::MAX;
            let mut chains: HashMap<u64, (u32, u32)> = HashMap::with_capacity(fps.len());
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
                while a > 0 && b > covered && toks[a - 1].value == toks[b - 1].value && a + len < b
                {
                    a -= 1;
                    b -= 1;
                    len += 1;
                }
                while b + len < toks.len()
                    && toks[a + len].value == toks[b + len].value
                    && a + len < b
                {
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
    }

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

    fn toks_of(values: &[u32]) -> Vec<Tok> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Tok {
                value,
                start: 3 * i as u32,
                end: 3 * i as u32 + 3,
            })
            .collect()
    }

    /// Random token values from a small alphabet (so repeats are common), with
    /// punctuation, titles, paragraph breaks and planted copies of earlier stretches.
    fn random_values(rng: &mut crate::test_rng::Rng, n: usize, alphabet: u64) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::with_capacity(n);
        let mut paras = 0;
        while v.len() < n {
            match rng.below(40) {
                0 => {
                    v.push(BREAK | paras);
                    paras += 1;
                }
                1 => v.push('，' as u32),
                2 => v.push(TITLE | rng.below(3) as u32),
                3 | 4 if v.len() > 30 => {
                    // A copy of an earlier stretch, perhaps across a break.
                    let from = rng.below(v.len() as u64 - 20) as usize;
                    let len = 5 + rng.below(40) as usize;
                    let end = (from + len).min(v.len());
                    v.extend_from_within(from..end);
                }
                _ => v.push(0x4e00 + rng.below(alphabet) as u32),
            }
        }
        v
    }

    /// [`fingerprints`] as a list, written over a buffer left full of another's.
    fn fingerprint_list(values: &[u32]) -> Vec<(u64, u32)> {
        let mut buffer = vec![(7, 7); values.len() / 2];
        let count = fingerprints(values, &mut buffer);
        buffer.truncate(count);
        buffer
    }

    #[test]
    fn fingerprints_and_passages_are_the_reference_ones() {
        let mut rng = crate::test_rng::Rng::new(7);
        for case in 0..400 {
            let n = [0, 1, K - 1, K, K + 3, W + K - 2, W + K, 60, 300][case % 9];
            let alphabet = [2, 3, 30][case % 3];
            let values = random_values(&mut rng, n, alphabet);
            let toks = toks_of(&values);
            assert_eq!(
                fingerprint_list(&values),
                reference::fingerprints(&toks),
                "case {case}"
            );
            let mine: Vec<_> = passages(&values)
                .iter()
                .map(|r| (r.a, r.b, r.len))
                .collect();
            let theirs: Vec<_> = reference::passages(&toks)
                .iter()
                .map(|r| (r.a, r.b, r.len))
                .collect();
            assert_eq!(mine, theirs, "case {case}");
        }
    }

    /// Against a quadratic search: every W consecutive K-grams without a paragraph
    /// break hold a fingerprint, and every fingerprint is the hash of its K-gram, equal
    /// for equal K-grams.
    #[test]
    fn every_window_of_w_k_grams_holds_a_fingerprint() {
        let mut rng = crate::test_rng::Rng::new(23);
        for case in 0..200 {
            let n = [K, W + K - 1, 40, 200][case % 4];
            let values = random_values(&mut rng, n, [2, 4, 30][case % 3]);
            let fps = fingerprint_list(&values);
            let gram = |g: usize| &values[g..g + K];
            for &(h, p) in &fps {
                assert!(gram(p as usize).iter().all(|&v| v < BREAK), "case {case}");
                for &(h2, p2) in &fps {
                    assert_eq!(
                        gram(p as usize) == gram(p2 as usize),
                        h == h2,
                        "case {case}"
                    );
                }
            }
            let m = values.len() + 1 - K;
            for start in 0..=m.saturating_sub(W) {
                let window = start..(start + W).min(m);
                if values[window.start..window.end + K - 1]
                    .iter()
                    .all(|&v| v < BREAK)
                {
                    assert!(
                        fps.iter().any(|&(_, p)| window.contains(&(p as usize))),
                        "case {case}: no fingerprint in {window:?}"
                    );
                }
            }
        }
    }

    /// The byte-level tokenizer reads as the `char` one did: on the fixtures' prose and on
    /// text mixing ideographs, titles (nested, unclosed), fixed names, padding, ASCII,
    /// ideographs at the edges of the fast range and characters outside the BMP.
    #[test]
    fn tokens_are_the_reference_ones() {
        let fixtures = [
            include_str!("../../tests/fixtures/000-julu-kaifaqu-2022.txt"),
            include_str!("../../tests/fixtures/001-houma-kaifaqu-2022.txt"),
            include_str!("../../tests/fixtures/003-cangzhou-kaifaqu-2024.txt"),
        ];
        let pieces = [
            "一",
            "丁",
            "\u{4dff}",
            "\u{9fff}",
            "\u{a000}",
            "习",
            "党",
            "习近平法治思想",
            "党的二十大",
            "党的十九",
            "《条例》",
            "《河北省〈条例〉办法》",
            "《未闭",
            "》",
            "，",
            "。",
            "；",
            "!",
            " ",
            "\u{3000}",
            "\t",
            "a",
            "7",
            "１",
            "𠀀",
            "😀",
            "é",
            "政府信息公开",
        ];
        let mut rng = crate::test_rng::Rng::new(5);
        let mut texts: Vec<String> = fixtures.iter().map(|t| t.to_string()).collect();
        for _ in 0..300 {
            let n = rng.below(40) as usize;
            texts.push((0..n).map(|_| *rng.pick(&pieces)).collect());
        }
        let paras = paras_of(&texts);
        let (mine, theirs) = (tokenize(&paras), reference::tokenize(&paras));
        let key = |t: &Tok| (t.value, t.start, t.end);
        let starts = token_starts(&paras);
        assert_eq!(starts.len(), mine.len);
        // Paragraph by paragraph as asked for, in any order: the same starts.
        let mut lazy = Starts::new(&paras, &mine.firsts);
        for _ in 0..2 * starts.len() {
            let t = rng.below(starts.len() as u64) as usize;
            assert_eq!(lazy.of(t), starts[t], "token {t}");
        }
        let lazy: Vec<u32> = (0..starts.len()).map(|t| lazy.of(t)).collect();
        assert_eq!(lazy, starts);
        let mine_toks: Vec<_> = (mine.values[..mine.len].iter().zip(&starts))
            .map(|(&v, &s)| (v, s, token_end(&paras, v, s) as u32))
            .collect();
        assert_eq!(mine_toks, theirs.toks.iter().map(key).collect::<Vec<_>>());
        let theirs_sentences: Vec<_> = theirs.sentences.iter().map(|s| (s.1, s.2)).collect();
        assert_eq!(mine.sentences, theirs_sentences);
        // And the fingerprints of the text's tokens are the reference's.
        let values = &mine.values[..mine.len];
        assert_eq!(
            fingerprint_list(values),
            reference::fingerprints(&theirs.toks)
        );
        assert!(fingerprint_list(values).len() > 100, "a real test");
        SCRATCH.set(mine.values);
    }

    /// The tokenizer chosen at run time (four ideographs at a time with SSSE3) gives the
    /// portable one's tokens and sentences, on the fixtures and on random texts with runs
    /// of ideographs broken by every kind of character at every place.
    #[test]
    fn the_fast_tokenizer_is_the_portable_one() {
        let pieces = [
            "一",
            "丁",
            "\u{4dff}",
            "\u{4e00}",
            "\u{9fff}",
            "\u{a000}",
            "习",
            "党",
            "习近平总书记",
            "《条例》",
            "，",
            "。",
            " ",
            "\u{3000}",
            "a",
            "１",
            "𠀀",
            "é",
            "政府信息公开工作",
            "龥",
        ];
        let mut rng = crate::test_rng::Rng::new(23);
        let mut texts: Vec<String> = [
            include_str!("../../tests/fixtures/000-julu-kaifaqu-2022.txt"),
            include_str!("../../tests/fixtures/003-cangzhou-kaifaqu-2024.txt"),
        ]
        .iter()
        .flat_map(|t| t.lines().map(str::to_string))
        .collect();
        for _ in 0..2000 {
            let n = rng.below(30) as usize;
            texts.push((0..n).map(|_| *rng.pick(&pieces)).collect());
        }
        let paras = paras_of(&texts);
        let fast = tokenize(&paras);
        let fast_values = fast.values[..fast.len].to_vec();
        SCRATCH.set(fast.values);
        let portable = tokenize_with::<false>(&paras, |_, _| 0);
        assert_eq!(fast_values, portable.values[..portable.len]);
        assert_eq!(fast.sentences, portable.sentences);
        assert!(fast_values.len() > 20_000, "a real test");
    }

    /// One match tells every character as the tests one after another did (the general
    /// way's before): padding, start of a title or name, weight, end of a sentence.
    #[test]
    fn class_is_the_tests_in_turn() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let v = c as u32;
            let expected = if is_padding_code(v) {
                Class::Padding
            } else if opens_title_or_name(v) {
                Class::Opener
            } else if char_weight(v) == 0 && ENDS.contains(&c) {
                Class::Ends
            } else {
                Class::Weighs(char_weight(v) == 1)
            };
            assert_eq!(class(v), expected, "{c:?}");
        }
    }

    /// Four groups at a time are told and decoded as `plain_ideograph` does one, for
    /// characters of one, two, three and four bytes around every limit.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn ideographs4_is_plain_ideograph_four_times() {
        if !std::arch::is_x86_feature_detected!("ssse3") {
            return;
        }
        let chars = [
            'a', 'é', '\u{3000}', '\u{4dff}', '\u{4e00}', '\u{4e01}', '习', '党', '政', '\u{9fff}',
            '\u{a000}', '\u{e000}', '\u{ffff}', '《', '，', '𠀀',
        ];
        let mut rng = crate::test_rng::Rng::new(29);
        for _ in 0..20_000 {
            let text: String = (0..16).map(|_| *rng.pick(&chars)).collect();
            let bytes: [u8; 16] = text.as_bytes()[..16].try_into().expect("16 bytes");
            let mut out = [0u32; 4];
            // SAFETY: the processor has SSSE3 (tested above).
            let run = unsafe { ideographs4(&bytes, &mut out) };
            let expected: Vec<u32> = bytes[..12]
                .chunks_exact(3)
                .map_while(|c| plain_ideograph(c[0], c[1], c[2]))
                .collect();
            assert_eq!(&out[..run], &expected[..], "{text}");
            // The lane after the run holds the code of a character of three bytes there
            // (the tokenizer's general way takes it from there).
            if run < 4 && bytes[3 * run] & 0xF0 == 0xE0 {
                assert_eq!(out[run], decode(&bytes, 3 * run).0, "{text}");
            }
        }
    }

    /// The repeats as the implementation before the one-pass tokenizer placed them: the
    /// reference tokens (with their places), passages and hash-sorted sentences.
    fn reference_repeats(paras: &[ProsePara]) -> Vec<(Span, Span)> {
        let RefProse {
            toks,
            mut sentences,
        } = reference::tokenize(paras);
        let span = |from: usize, to: usize| {
            Span::new(toks[from].start as usize, toks[to - 1].end as usize)
        };
        let mut found: Vec<(Span, Span)> = reference::passages(&toks)
            .iter()
            .map(|r| (span(r.a, r.a + r.len), span(r.b, r.b + r.len)))
            .collect();
        crate::sort::natural(&mut sentences);
        for (i, &(h, s, e)) in sentences.iter().enumerate() {
            let same = |x: &&(u64, u32, u32)| {
                let (a, b) = (
                    &toks[x.1 as usize..x.2 as usize],
                    &toks[s as usize..e as usize],
                );
                a.len() == b.len() && a.iter().zip(b).all(|(p, q)| p.value == q.value)
            };
            let earlier = sentences[..i].iter().rev().take_while(|x| x.0 == h);
            let Some(&(_, s0, e0)) = earlier.clone().find(same) else {
                continue;
            };
            let later = span(s as usize, e as usize);
            if !found
                .iter()
                .any(|(_, l)| l.start < later.end && later.start < l.end)
            {
                found.push((span(s0 as usize, e0 as usize), later));
            }
        }
        crate::sort::by_key(&mut found, |f| f.1.start);
        found
    }

    /// Paragraphs of `texts`, placed one after the other.
    fn paras_of(texts: &[String]) -> Vec<ProsePara<'_>> {
        texts
            .iter()
            .scan(0, |offset, t| {
                let p = ProsePara {
                    text: t,
                    offset: *offset,
                    section: 0,
                };
                *offset += t.len() + 1;
                Some(p)
            })
            .collect()
    }

    /// The repeats are the reference's, on the fixtures' prose and on texts made of a
    /// few sentences and pieces drawn again and again (so that passages and sentences
    /// repeat, with titles, fixed names, padding, ASCII and fullwidth characters).
    #[test]
    fn repeats_are_the_reference_ones() {
        let pieces = [
            "我们将进一步加强政府信息公开工作。",
            "严格落实《中华人民共和国政府信息公开条例》规定，规范办理申请。",
            "坚持以习近平新时代中国特色社会主义思想为指导，做好公开工作；",
            "全年共收到政府信息公开申请12件，办结12件！",
            "通过政府网站主动公开信息１３４条，\u{3000}公众号公开信息20条？",
            "做好日常更新。",
            "党的二十大精神深入人心，习近平总书记强调",
            "(一) 主动公开情况: 2022年\u{a0}公开文件3件;",
            "政府信息",
            "公开",
            "，",
        ];
        let mut rng = crate::test_rng::Rng::new(11);
        let mut cases: Vec<Vec<String>> = [
            include_str!("../../tests/fixtures/000-julu-kaifaqu-2022.txt"),
            include_str!("../../tests/fixtures/001-houma-kaifaqu-2022.txt"),
        ]
        .iter()
        .map(|t| t.lines().map(str::to_string).collect())
        .collect();
        for _ in 0..300 {
            let paras = 1 + rng.below(6) as usize;
            cases.push(
                (0..paras)
                    .map(|_| (0..rng.below(12)).map(|_| *rng.pick(&pieces)).collect())
                    .collect(),
            );
        }
        let mut any = 0;
        for (case, texts) in cases.iter().enumerate() {
            let paras = paras_of(texts);
            let mine = repeats(&paras);
            assert_eq!(mine, reference_repeats(&paras), "case {case}");
            any += mine.len();
        }
        assert!(any > 300, "repeats found: {any}");
    }

    /// The tree of `Overlaps` answers as the search of every span does, on random
    /// spans over random token starts, as the found spans grow past the linear limit.
    #[test]
    fn overlaps_answers_as_the_search_of_every_span() {
        let mut rng = crate::test_rng::Rng::new(17);
        for round in 0..40 {
            let n = 50 + rng.below(400) as usize;
            let mut starts = Vec::with_capacity(n);
            let mut at = 0u32;
            for _ in 0..n {
                at += rng.below(4) as u32; // equal starts too (breaks)
                starts.push(at);
            }
            let mut overlaps = Overlaps::default();
            let mut found: Vec<(Span, Span, usize)> = Vec::new();
            for _ in 0..(100 + round * 10) {
                let token = rng.below(n as u64) as usize;
                let start = starts[token] as usize;
                let later = Span::new(start, start + rng.below(30) as usize);
                let expected = found
                    .iter()
                    .any(|(_, l, _)| l.start < later.end && later.start < l.end);
                let all = || starts.clone();
                assert_eq!(overlaps.any(&found, later, all), expected, "{later:?}");
                if !expected || rng.below(2) == 0 {
                    found.push((later, later, token));
                }
            }
            assert!(overlaps.tree.is_some(), "the tree was tried");
        }
    }

    /// Lines in one pass are the line feeds before each offset, plus one, in any order
    /// of offsets and past the end.
    #[test]
    fn lines_of_counts_line_feeds_before_each_offset() {
        let text = "一行\n第二行\r\n\n第四行：重复的内容\n";
        let offsets = [text.len() + 5, 0, 7, 3, text.len(), 6, 7, 20];
        let lines = lines_of(text, &offsets);
        for (&o, line) in offsets.iter().zip(lines) {
            let naive = text.as_bytes()[..o.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            assert_eq!(line, naive, "offset {o}");
        }
    }

    /// A paste of the same paragraphs over and over gives one finding per copy, each on
    /// the line of the copy before, in the section it is in (the path a 10 MB paste
    /// takes through the tree of `Overlaps`).
    #[test]
    fn many_copies_each_point_at_the_copy_before() {
        let unit = "我单位认真贯彻落实政府信息公开条例，持续推进政务公开标准化规范化建设。\n";
        let prose = unit.repeat(300);
        let (text, findings) = run(&prose);
        assert!(findings.len() > Overlaps::LINEAR, "{}", findings.len());
        let mut previous = 0;
        for f in &findings {
            let span = f.span.expect("a place");
            assert!(span.start > previous);
            previous = span.start;
            let line = text[..span.start].matches('\n').count() + 1;
            let said: usize = f
                .args
                .iter()
                .find(|(k, _)| *k == "line")
                .unwrap()
                .1
                .parse()
                .unwrap();
            assert!(said < line, "the earlier copy is above: {said} < {line}");
        }
    }
}
