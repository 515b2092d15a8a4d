//! Plain-text decoding: UTF-8 (with or without a byte-order mark), UTF-16 (with a BOM,
//! or without one when the bytes leave no doubt) and GB18030/GBK, which Windows still
//! uses for "ANSI" text in Chinese. Binary data is refused rather than decoded into
//! noise.

use super::legacy;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// At most this many bytes are looked at to guess a BOM-less encoding.
const SAMPLE: usize = 64 * 1024;

/// Decodes text, or `None` when the bytes are not text in a known encoding.
pub fn decode_text(bytes: &[u8]) -> Option<(String, TextEncoding)> {
    match sort(bytes) {
        Sorted::Utf8(s) => is_text(s, true).then(|| (s.to_string(), TextEncoding::Utf8)),
        Sorted::Decoded(decoded) => decoded,
    }
}

/// [`decode_text`] of bytes the caller gives up (a file read for a batch): UTF-8 as it
/// stands, nearly every text file, becomes the text without a copy.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_vec(bytes: Vec<u8>) -> Option<(String, TextEncoding)> {
    match sort(&bytes) {
        Sorted::Utf8(s) => {
            if !is_text(s, true) {
                return None;
            }
        }
        Sorted::Decoded(decoded) => return decoded,
    }
    // SAFETY: `sort` found these very bytes to be valid UTF-8 (`Sorted::Utf8`); checking
    // them again (`String::from_utf8`) would cost what their validation did, several
    // times over (std checks Chinese text a byte at a time).
    Some((
        unsafe { String::from_utf8_unchecked(bytes) },
        TextEncoding::Utf8,
    ))
}

/// What [`sort`] makes of some bytes.
enum Sorted<'a> {
    /// UTF-8 as it stands (no byte-order mark, no zero byte), not yet checked for control
    /// characters: the caller takes the text as it is.
    Utf8(&'a str),
    /// Anything else, decoded and checked; `None` when it is not text.
    Decoded(Option<(String, TextEncoding)>),
}

/// The encoding of the bytes: plain UTF-8 is left to the caller, to copy or to take
/// over; anything else is decoded.
fn sort(bytes: &[u8]) -> Sorted<'_> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Sorted::Decoded(
            utf8(rest).and_then(|s| text_only(s.to_string(), TextEncoding::Utf8Bom)),
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Sorted::Decoded(
            utf16(rest, true).and_then(|s| text_only(s, TextEncoding::Utf16Le)),
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Sorted::Decoded(
            utf16(rest, false).and_then(|s| text_only(s, TextEncoding::Utf16Be)),
        );
    }
    let utf8 = utf8(bytes);
    // Valid UTF-8 without a zero byte is never read as UTF-16 (see `utf16_without_bom`):
    // answered by one memchr instead of counting zeros.
    if let Some(s) = utf8 {
        if memchr::memchr(0, bytes).is_none() {
            return Sorted::Utf8(s);
        }
    }
    Sorted::Decoded(decode_other(bytes, utf8))
}

/// The decoding of bytes that are not UTF-8 as they stand: UTF-16 without a byte-order
/// mark, UTF-8 with zero bytes, or GB18030.
fn decode_other(bytes: &[u8], utf8: Option<&str>) -> Option<(String, TextEncoding)> {
    if let Some(le) = utf16_without_bom(bytes, utf8.is_some()) {
        let enc = if le {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        return text_only(utf16(bytes, le)?, enc);
    }
    if let Some(s) = utf8 {
        return text_only(s.to_string(), TextEncoding::Utf8);
    }
    let gb = legacy::decode("gb18030", bytes, true).or_else(|| {
        // A few bad bytes (a file cut in the middle of a character) should not lose the
        // whole report: accept them as U+FFFD when they are rare.
        let s = legacy::decode("gb18030", bytes, false)?;
        let bad = s.matches('\u{fffd}').count();
        (bad <= 3 || bad * 1000 <= s.chars().count()).then_some(s)
    })?;
    if !mostly_chinese_or_ascii(&gb) {
        return None;
    }
    text_only(gb, TextEncoding::Gb18030)
}

/// The bytes as UTF-8 text, if they are: the check every whole text and web page goes
/// through (the web-page reader too).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The bytes as UTF-8 text, if they are.
#[cfg(target_arch = "wasm32")]
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

/// Refuses decoded "text" that is really binary (NULs, control characters).
fn text_only(s: String, enc: TextEncoding) -> Option<(String, TextEncoding)> {
    is_text(&s, false).then_some((s, enc))
}

/// Whether decoded text is text rather than binary: no NUL and few control characters
/// among its first [`SAMPLE`] characters. `no_nul`: the caller knows it has no NUL.
fn is_text(s: &str, no_nul: bool) -> bool {
    if s.len() <= SAMPLE {
        // Every character is at most four bytes, so a text has at least `len / 4` of
        // them: with few enough control characters for that, the exact count of
        // characters is not needed (the usual case: none at all).
        let bytes = s.as_bytes();
        if (no_nul || memchr::memchr(0, bytes).is_none())
            && count_controls(bytes) * 200 <= bytes.len() / 4
        {
            return true;
        }
    }
    let counted = if s.len() <= SAMPLE {
        controls_by_bytes(s)
    } else {
        controls_by_chars(s)
    };
    counted.is_some_and(|(controls, total)| controls * 200 <= total)
}

/// [`controls_in`] with 32 bytes at a time where the processor has AVX2 (as memchr and
/// simdutf8 do): the same loop, compiled for it, half the instructions.
#[cfg(target_arch = "x86_64")]
fn count_controls(bytes: &[u8]) -> usize {
    #[target_feature(enable = "avx2")]
    fn with_avx2(bytes: &[u8]) -> usize {
        controls_in(bytes)
    }
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, the one feature `with_avx2` is compiled for.
        unsafe { with_avx2(bytes) }
    } else {
        controls_in(bytes)
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
fn count_controls(bytes: &[u8]) -> usize {
    controls_in(bytes)
}

/// The WebAssembly build keeps the chunked count: the block-wise one pays with vector
/// registers, and there only made the browser's module bigger.
#[cfg(target_arch = "wasm32")]
fn count_controls(bytes: &[u8]) -> usize {
    controls_in_chunks(bytes)
}

/// [`controls_in`] as it was (chunks of 224 bytes, the last byte alone): the WebAssembly
/// build's count, and the reference for the block-wise one.
#[cfg(any(test, target_arch = "wasm32"))]
fn controls_in_chunks(bytes: &[u8]) -> usize {
    let low = |b: u8| b < 9 || b.wrapping_sub(14) < 18 || b == 0x7f;
    let Some((&last, _)) = bytes.split_last() else {
        return 0;
    };
    let mut controls = usize::from(low(last));
    let (firsts, seconds) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    for (a, b) in firsts.chunks(224).zip(seconds.chunks(224)) {
        let mut n = 0u8;
        for (&x, &y) in a.iter().zip(b) {
            n += u8::from(low(x)) | u8::from(x == 0xc2 && y & 0xe0 == 0x80);
        }
        controls += usize::from(n);
    }
    controls
}

/// The control characters of [`controls_by_bytes`] in UTF-8 text (without its check
/// for NUL), in one pass that the compiler turns into vector instructions: 32 bytes at a
/// time into 32 u8 counters (one AVX2 register, two SSE2 ones), summed before they could
/// overflow, each byte looked at together with the next for U+0080–U+009F (0xC2
/// 0x80–0x9F), where a memchr call per 0xC2 (every no-break space) cost more than the
/// rest. Whole blocks of 32 leave the compiler no remainder loop to run within each
/// group (chunks of 224 bytes spent a third of the count in one); the text's last bytes
/// are one block padded with spaces, which are no control and start no pair.
#[cfg(any(test, not(target_arch = "wasm32")))]
#[inline(always)]
fn controls_in(bytes: &[u8]) -> usize {
    const STEP: usize = 32;
    /// Steps before a u8 counter, which each step adds at most one to, could overflow.
    const STEPS: usize = 255;
    /// Counts the controls of the bytes `xs`, each followed by the byte in `ys`.
    #[inline(always)]
    fn add_block(counts: &mut [u8; STEP], xs: &[u8; STEP], ys: &[u8; STEP]) {
        for k in 0..STEP {
            let (x, y) = (xs[k], ys[k]);
            // U+0000–U+0008, U+000E–U+001F, U+007F (see `controls_by_bytes`), and the
            // two-byte U+0080–U+009F.
            let low = x < 9 || x.wrapping_sub(14) < 18 || x == 0x7f;
            counts[k] += u8::from(low) | u8::from(x == 0xc2 && y & 0xe0 == 0x80);
        }
    }
    let block = |b: &[u8]| -> [u8; STEP] { b.try_into().expect("32 bytes") };
    let sum = |counts: &[u8; STEP]| counts.iter().map(|&n| usize::from(n)).sum::<usize>();
    let Some(pairs) = bytes.len().checked_sub(1) else {
        return 0;
    };
    // The bytes in whole blocks of 32 that have a byte after them (so at least the last
    // byte is left for the padded block).
    let whole = pairs / STEP * STEP;
    let (firsts, seconds) = (&bytes[..whole], &bytes[1..whole + 1]);
    let mut controls = 0;
    for (xs, ys) in firsts
        .chunks(STEP * STEPS)
        .zip(seconds.chunks(STEP * STEPS))
    {
        let mut counts = [0u8; STEP];
        for (x, y) in xs.chunks_exact(STEP).zip(ys.chunks_exact(STEP)) {
            add_block(&mut counts, &block(x), &block(y));
        }
        controls += sum(&counts);
    }
    // The rest (1 to 32 bytes), padded.
    let mut rest = [b' '; STEP + 1];
    rest[..bytes.len() - whole].copy_from_slice(&bytes[whole..]);
    let mut counts = [0u8; STEP];
    add_block(&mut counts, &block(&rest[..STEP]), &block(&rest[1..]));
    controls + sum(&counts)
}

/// Control characters other than whitespace among the first [`SAMPLE`] characters, and
/// how many characters were looked at; `None` at a NUL.
fn controls_by_chars(s: &str) -> Option<(usize, usize)> {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in s.chars().take(SAMPLE) {
        total += 1;
        if c == '\0' {
            return None;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') {
            controls += 1;
        }
    }
    Some((controls, total))
}

/// [`controls_by_chars`] for a text of at most [`SAMPLE`] bytes (so every character is
/// in the sample), counted on the bytes: a control character is U+0000–U+001F or U+007F
/// (one byte) or U+0080–U+009F (0xC2 0x80–0x9F).
fn controls_by_bytes(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let (mut total, mut controls, mut nul) = (0usize, 0usize, false);
    // Counted in chunks of 128 bytes into u8 counters, which the compiler turns into
    // vector instructions (a byte-at-a-time loop cost more than decoding the chars).
    for chunk in bytes.chunks(128) {
        let (mut starts, mut low, mut zero) = (0u8, 0u8, 0u8);
        for &b in chunk {
            // Not a continuation byte (0b10xx_xxxx): a character starts here.
            starts += u8::from((b as i8) >= -0x40);
            // U+0000–U+0008, U+000E–U+001F, U+007F: tab, line feed, vertical tab, form
            // feed and carriage return (9–13) are whitespace, not controls.
            low += u8::from(b < 9 || b.wrapping_sub(14) < 18 || b == 0x7f);
            zero |= u8::from(b == 0);
        }
        total += usize::from(starts);
        controls += usize::from(low);
        nul |= zero != 0;
    }
    if nul {
        return None;
    }
    controls += memchr::memchr_iter(0xc2, bytes)
        .filter(|&i| matches!(bytes.get(i + 1), Some(0x80..=0x9f)))
        .count();
    Some((controls, total))
}

fn utf16(bytes: &[u8], le: bool) -> Option<String> {
    // A stray last byte (a file cut short) is dropped rather than failing the whole file.
    let units = bytes.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Recognises UTF-16 without a byte-order mark: the byte order whose decoding is
/// plausible text (ASCII, Chinese, common punctuation and symbols). UTF-8 and GBK read as
/// UTF-16 decode to Hangul, private-use and rare characters instead. Plain ASCII read as
/// UTF-16 looks like Chinese, so bytes that are valid UTF-8 count as UTF-16 only when
/// they hold the zero bytes every ASCII character (digits, tabs, line breaks) has there.
/// Returns whether it is little-endian.
fn utf16_without_bom(bytes: &[u8], valid_utf8: bool) -> Option<bool> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE) & !1];
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    if valid_utf8 && zeros * 40 < sample.len() {
        return None;
    }
    let score = |le: bool| -> usize {
        let Some(s) = utf16(sample, le) else { return 0 };
        let n = s.chars().count();
        let good = s.chars().filter(|&c| plausible(c)).count();
        // Text uses many different characters; a run of one byte value does not.
        if n == 0 || !varied(&s) {
            return 0;
        }
        good * 1000 / n
    };
    let (le, be) = (score(true), score(false));
    let (best, ok) = if le >= be { (true, le) } else { (false, be) };
    (ok >= 950).then_some(best)
}

/// Characters a report is made of.
fn plausible(c: char) -> bool {
    c.is_ascii_graphic()
        || matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{a0}'..='\u{ff}' | '\u{2000}'..='\u{27ff}')
        || is_common_cjk(c)
}

fn is_common_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// GB18030 decodes almost any byte soup without error; real Chinese text is mostly
/// common hanzi, punctuation and ASCII, and uses many different characters.
fn mostly_chinese_or_ascii(s: &str) -> bool {
    let (mut n, mut good) = (0usize, 0usize);
    for c in s.chars().take(SAMPLE) {
        n += 1;
        good += usize::from(plausible(c));
    }
    good * 10 >= n * 9 && varied(s)
}

/// Whether the text's first 200 characters are varied enough to be text.
fn varied(s: &str) -> bool {
    let mut seen: Vec<char> = Vec::new();
    let mut n = 0;
    for c in s.chars().take(200) {
        n += 1;
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.len() >= (n / 4).min(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_counted_on_bytes_as_on_chars() {
        let pieces = [
            "年", "a", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1}", "\u{1f}", "\u{7f}", "\u{80}",
            "\u{9f}", "\u{a0}", "\u{c2}", "é", "😀", "\u{85}",
        ];
        let mut s = String::new();
        for i in 0..2000 {
            s.push_str(pieces[(i * 7 + i / 5) % pieces.len()]);
            let from = (s.len().saturating_sub(64)..=s.len())
                .find(|&j| s.is_char_boundary(j))
                .unwrap_or(0);
            let t = &s[from..];
            assert_eq!(controls_by_bytes(t), controls_by_chars(t), "{t:?}");
        }
        assert_eq!(controls_by_bytes(REPORT), Some((0, REPORT.chars().count())));
        // The count without the NUL check, on every prefix of a text of all the pieces.
        for end in (0..=s.len()).filter(|&e| s.is_char_boundary(e)).step_by(7) {
            let t = &s[..end];
            assert_eq!(
                Some(controls_in(t.as_bytes())),
                controls_by_chars(t).map(|c| c.0),
                "{t:?}"
            );
            // With AVX2 where the processor has it: the same count.
            assert_eq!(
                count_controls(t.as_bytes()),
                controls_in(t.as_bytes()),
                "{t:?}"
            );
        }
        assert_eq!(controls_by_bytes("年\u{1}\0"), None);
        assert_eq!(controls_by_bytes("年\u{1}\u{85}"), Some((2, 3)));
    }

    /// The block-wise count agrees with the chunked one on random bytes of every length
    /// up to a few blocks, and on long texts where every byte counts (each u8 counter
    /// reaches its limit before it is summed).
    #[test]
    fn controls_counted_in_blocks_as_in_chunks() {
        let mut rng = crate::test_rng::Rng::new(3);
        let interesting = [
            0, 1, 8, 9, 13, 14, 31, 32, 0x7f, 0x80, 0x9f, 0xa0, 0xc2, 0xe0,
        ];
        for round in 0..3000 {
            let len = rng.below(if round % 10 == 0 { 600 } else { 100 }) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.below(2) == 0 {
                        *rng.pick(&interesting)
                    } else {
                        rng.below(256) as u8
                    }
                })
                .collect();
            assert_eq!(controls_in(&bytes), controls_in_chunks(&bytes), "{bytes:?}");
            assert_eq!(
                count_controls(&bytes),
                controls_in_chunks(&bytes),
                "{bytes:?}"
            );
        }
        for len in [8159, 8160, 8161, 8192, 8193, 16320, 16321, 20000] {
            for fill in [&[1u8][..], &[0xc2, 0x85], b"a", &[0xc2]] {
                let bytes: Vec<u8> = fill.iter().copied().cycle().take(len).collect();
                assert_eq!(controls_in(&bytes), controls_in_chunks(&bytes), "{len}");
                assert_eq!(count_controls(&bytes), controls_in_chunks(&bytes), "{len}");
            }
        }
    }

    const REPORT: &str = "一、总体情况\n\t规章\n\t0\n\n（二）部分公开\n";

    fn utf16_bytes(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (s, e) = decode_text(REPORT.as_bytes()).unwrap();
        assert_eq!((s.as_str(), e), (REPORT, TextEncoding::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(REPORT.as_bytes());
        let (s, e) = decode_text(&bom).unwrap();
        assert_eq!((s.as_str(), e), (REPORT, TextEncoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for le in [true, false] {
            for bom in [true, false] {
                let (s, e) = decode_text(&utf16_bytes(REPORT, le, bom)).unwrap();
                assert_eq!(s, REPORT, "le={le} bom={bom}");
                let want = if le {
                    TextEncoding::Utf16Le
                } else {
                    TextEncoding::Utf16Be
                };
                assert_eq!(e, want);
            }
        }
        // Only Chinese, no ASCII at all: still recognised.
        let hanzi = "政府信息公开工作年度报告总体情况主动公开";
        assert_eq!(
            decode_text(&utf16_bytes(hanzi, true, false)).unwrap().0,
            hanzi
        );
    }

    #[test]
    fn gbk_text() {
        let gbk: Vec<u8> = [
            0xD2, 0xBB, 0xA1, 0xA2, 0xD7, 0xDC, 0xCC, 0xE5, 0xC7, 0xE9, 0xBF, 0xF6, b'\n', b'\t',
            b'0', b'\n',
        ]
        .to_vec();
        let (s, e) = decode_text(&gbk).unwrap();
        assert_eq!(
            (s.as_str(), e),
            ("一、总体情况\n\t0\n", TextEncoding::Gb18030)
        );
        // Cut in the middle of the last character: one U+FFFD, the rest kept.
        let mut long = Vec::new();
        for _ in 0..4 {
            long.extend(&gbk);
        }
        let (s, _) = decode_text(&long[..long.len() - 5]).unwrap();
        assert!(
            s.starts_with("一、总体情况\n\t0\n") && s.ends_with("情\u{fffd}"),
            "{s:?}"
        );
    }

    /// The batch's way (the bytes handed over) decodes every input as the borrowed way.
    #[test]
    fn bytes_handed_over_decode_the_same() {
        let mut inputs: Vec<Vec<u8>> = vec![
            REPORT.as_bytes().to_vec(),
            b"".to_vec(),
            b"abc\x00def".to_vec(),
            "年\u{1}\u{85}\u{7f}".as_bytes().to_vec(),
            REPORT.repeat(3000).into_bytes(),
            [b"\xEF\xBB\xBF".as_slice(), REPORT.as_bytes()].concat(),
            vec![0xD2, 0xBB, 0xA1, 0xA2, 0xD7, 0xDC, b'\n'],
            vec![0x80; 64],
        ];
        for le in [true, false] {
            for bom in [true, false] {
                inputs.push(utf16_bytes(REPORT, le, bom));
            }
        }
        for bytes in inputs {
            assert_eq!(decode_vec(bytes.clone()), decode_text(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode_text(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01").is_none());
        assert!(decode_text(&[0x80; 64]).is_none());
        assert!(decode_text(b"abc\x00def").is_none());
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(decode_text(&noise).is_none());
    }
}
