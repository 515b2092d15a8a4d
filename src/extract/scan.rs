//! Searching table cells for Chinese key words, indexed by their first character.
//!
//! Typing the tables looks for some seventy key words in every Chinese cell (which table
//! it names, which column or row it heads). [`crate::keywords::Keywords`] filters by a
//! word's first bytes, then finds its candidates by a binary search over every word
//! sharing the first two bytes (a block of 64 characters): in table text, where most
//! characters are common ones, that search ran at most characters and was most of the
//! cost of extraction. Every key word here starts with a three-byte (BMP) character, so
//! its code point indexes the words directly, in a table with an entry per code point.
//! The same pass tells whether the text holds padding (which decides whether the cell
//! must be searched again without it).

/// A fixed set of key words, each starting with a three-byte UTF-8 character.
pub struct CjkKeywords {
    /// For each BMP code point: 0, [`PADDING`], or 1 + the number of the group of key
    /// words starting with it. 64 KB, but only the entries of the characters met are
    /// ever read, and one load per character is all the scan does for most of them.
    slot: Box<[u8; 65536]>,
    /// Group `g`'s words are `by_first[start[g]..start[g + 1]]`.
    start: Vec<u16>,
    /// The words by first code point, then by number: each as its number and its bytes
    /// after the first character.
    by_first: Vec<(u8, &'static [u8])>,
}

/// The slot of a three-byte padding character ([`crate::doc::is_padding`]).
const PADDING: u8 = u8::MAX;

/// The three-byte padding characters.
const PADDING_3: [u16; 6] = [0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF];

/// The code point of the three-byte UTF-8 character `b0 b1 b2`.
#[inline]
fn code_point(b0: u8, b1: u8, b2: u8) -> u16 {
    u16::from(b0 & 0x0f) << 12 | u16::from(b1 & 0x3f) << 6 | u16::from(b2 & 0x3f)
}

impl CjkKeywords {
    /// # Panics
    /// On a key word that does not start with a three-byte character or starts with
    /// padding, or on more than 128 words (programming errors: the lists are constants).
    pub fn new(words: Vec<&'static str>) -> Self {
        let firsts: Vec<u16> = words
            .iter()
            .map(|w| {
                let b = w.as_bytes();
                assert!(
                    b.len() >= 3 && (0xE0..0xF0).contains(&b[0]),
                    "key word must start with a three-byte character: {w}"
                );
                let c = code_point(b[0], b[1], b[2]);
                assert!(!PADDING_3.contains(&c), "key word starts with padding: {w}");
                c
            })
            .collect();
        assert!(words.len() <= 128, "more key words than bits");
        let mut order: Vec<usize> = (0..words.len()).collect();
        crate::sort::by_key(&mut order, |&n| (firsts[n], n));
        let mut slot = Box::new([0u8; 65536]);
        for c in PADDING_3 {
            slot[usize::from(c)] = PADDING;
        }
        let mut start = Vec::new();
        for (k, &n) in order.iter().enumerate() {
            let c = firsts[n];
            if k == 0 || firsts[order[k - 1]] != c {
                start.push(k as u16);
                // At most 128 groups: never PADDING.
                slot[usize::from(c)] = start.len() as u8;
            }
        }
        start.push(order.len() as u16);
        let by_first = order
            .iter()
            .map(|&n| (n as u8, &words[n].as_bytes()[3..]))
            .collect();
        CjkKeywords {
            slot,
            start,
            by_first,
        }
    }

    /// Which key words occur in `text` (bit `n` for word `n`), and whether the text holds
    /// padding ([`crate::doc::is_padding`]), seen on the way.
    #[inline]
    pub fn find(&self, text: &str) -> (u128, bool) {
        let b = text.as_bytes();
        let mut found = 0u128;
        let mut padding = false;
        // `rest` always starts at a character (the text is valid UTF-8); slice patterns
        // rather than indices leave no bounds to check in this loop over every character.
        let mut rest = b;
        loop {
            match rest {
                [lead @ 0xE0..=0xEF, b1, b2, tail @ ..] => {
                    match self.slot[usize::from(code_point(*lead, *b1, *b2))] {
                        0 => {}
                        PADDING => padding = true,
                        g => found |= self.group_at(tail, usize::from(g) - 1),
                    }
                    rest = tail;
                }
                [lead @ 0..=0x7F, tail @ ..] => {
                    padding |= matches!(lead, b' ' | b'\t' | b'\r' | b'\n');
                    rest = tail;
                }
                [0xC2, 0xA0, tail @ ..] => {
                    padding = true;
                    rest = tail;
                }
                // Other two-byte characters, and four-byte ones.
                [lead, ..] => rest = &rest[if *lead < 0xE0 { 2 } else { 4 }.min(rest.len())..],
                [] => break,
            }
        }
        (found, padding)
    }

    /// The key words of group `g` whose first character is followed by `after`.
    #[inline]
    fn group_at(&self, after: &[u8], g: usize) -> u128 {
        let mut found = 0;
        let (from, to) = (usize::from(self.start[g]), usize::from(self.start[g + 1]));
        for &(n, w) in &self.by_first[from..to] {
            // The first character is equal already. Compared byte by byte: the words
            // are short, and most differ in their first byte compared (a call of
            // `memcmp` cost more than the whole comparison).
            if after.len() >= w.len() && after.iter().zip(w).all(|(a, b)| a == b) {
                found |= 1 << n;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `str::contains` finds.
    fn naive(words: &[&str], text: &str) -> u128 {
        (0..words.len())
            .filter(|&n| text.contains(words[n]))
            .fold(0, |bits, n| bits | 1 << n)
    }

    #[test]
    fn finds_what_str_find_finds() {
        let words = vec![
            "本年新收",
            "本年",
            "本年新收",
            "年新",
            "（七）",
            "增/减",
            "规章",
            "行政",
            "行政许可",
            "\u{ffee}x",
            "\u{800}",
        ];
        let m = CjkKeywords::new(words.clone());
        let pieces = [
            "本", "年", "新", "收", "（", "七", "）", "增", "/", "减", "规", "章", "行", "政",
            "许", "可", "a", "0", "é", "😀", "\u{ffee}", "x", "\u{800}", "\u{801}", " ", "\t",
            "\r", "\n", "\u{a0}", "\u{a1}", "\u{2002}", "\u{2003}", "\u{2004}", "\u{2009}",
            "\u{200b}", "\u{3000}", "\u{3001}", "\u{feff}", "\u{fefe}",
        ];
        let mut rng = crate::test_rng::Rng::new(3);
        for _ in 0..5000 {
            let n = rng.below(16) as usize;
            let text: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            let (found, padding) = m.find(&text);
            assert_eq!(found, naive(&words, &text), "{text:?}");
            assert_eq!(
                padding,
                text.chars().any(crate::doc::is_padding),
                "{text:?}"
            );
        }
    }
}
