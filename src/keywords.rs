//! Searching text for many fixed key words at once.
//!
//! The rules look for a few dozen Chinese key words at a time, in cells and sentences
//! a few hundred bytes long. The aho-corasick crate did this before, but its three
//! automata and their builders were 60 KB of the WebAssembly module (about a tenth of
//! its code, and 250 KB gzip is the page's whole budget). This is the small version:
//! a bitmap over the first two bytes of every key word tells, at each byte, whether any
//! key word can start there; only then are the key words with those two bytes compared.
//! Two bytes of a Chinese character's three still let through every character of the
//! same block of 64, so a second bitmap over the first three bytes (for a Chinese
//! character, exactly its code point) filters again before any word is compared: the
//! batch spent 9 % of its time in these searches before it. `tests/keywords.rs` checks
//! every search against aho-corasick.

/// A fixed set of key words (UTF-8, non-empty), numbered in the order given.
pub struct Keywords {
    words: Vec<Box<str>>,
    /// Bit `k` set when some key word of two or more bytes starts with the two bytes
    /// `k >> 8`, `k & 0xff`.
    starts: Box<[u64; 1024]>,
    /// Bit `key3(…)` set when some key word of three or more bytes starts with those
    /// three bytes.
    starts3: Box<[u64; 1024]>,
    /// Bit `k` (as in `starts`) set when some key word is exactly those two bytes: the
    /// third byte cannot filter there.
    exactly2: Box<[u64; 1024]>,
    /// Key words of two or more bytes as (first two bytes, word), sorted.
    by_start: Vec<(u16, u32)>,
    /// Key words of one byte (ASCII), by that byte.
    single: Box<[u8; 256]>,
    /// Whether there is any key word of one byte (most lists have none).
    has_single: bool,
}

/// The key of the two bytes at `i` (the caller checks `i + 1 < len`).
#[inline]
fn key(b: &[u8], i: usize) -> u16 {
    u16::from(b[i]) << 8 | u16::from(b[i + 1])
}

/// A 16-bit key of the three bytes `b0 b1 b2`: for a Chinese (3-byte) character its code
/// point, so different characters never share a bit; other bytes merely may.
#[inline]
fn key3(b0: u8, b1: u8, b2: u8) -> u16 {
    u16::from(b0 & 0x0f) << 12 | u16::from(b1 & 0x3f) << 6 | u16::from(b2 & 0x3f)
}

#[inline]
fn set(bits: &mut [u64; 1024], k: u16) {
    bits[usize::from(k >> 6)] |= 1 << (k & 63);
}

#[inline]
fn has(bits: &[u64; 1024], k: u16) -> bool {
    bits[usize::from(k >> 6)] & (1 << (k & 63)) != 0
}

/// The length of the UTF-8 character whose first byte is `lead` (valid text assumed).
/// A key word is valid UTF-8 too, so it can only start where a character does: the
/// searches step from character to character (a third of the bytes of Chinese text).
#[inline]
fn width(lead: u8) -> usize {
    ((!lead).leading_zeros() as usize).max(1)
}

/// A match: the key word's number and its byte range in the text searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub word: usize,
    pub start: usize,
    pub end: usize,
}

impl Keywords {
    /// # Panics
    /// On an empty key word (a programming error: the lists are constants).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<Box<str>> = words.into_iter().map(Box::from).collect();
        let mut starts = Box::new([0u64; 1024]);
        let mut starts3 = Box::new([0u64; 1024]);
        let mut exactly2 = Box::new([0u64; 1024]);
        let mut by_start = Vec::new();
        // 0 means none; else the word's number + 1 (the first of equal words).
        let mut single = Box::new([0u8; 256]);
        for (n, w) in words.iter().enumerate() {
            let b = w.as_bytes();
            assert!(!b.is_empty(), "empty key word");
            if b.len() == 1 {
                if single[usize::from(b[0])] == 0 {
                    single[usize::from(b[0])] = u8::try_from(n + 1).expect("few one-byte words");
                }
            } else {
                let k = key(b, 0);
                set(&mut starts, k);
                match b.get(2) {
                    Some(&third) => set(&mut starts3, key3(b[0], b[1], third)),
                    None => set(&mut exactly2, k),
                }
                by_start.push((k, n as u32));
            }
        }
        crate::sort::natural(&mut by_start);
        Keywords {
            words,
            starts,
            starts3,
            exactly2,
            by_start,
            has_single: single.iter().any(|&s| s != 0),
            single,
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Calls `f` with the number of every key word that starts at byte `i` of `text`
    /// (one-byte words first, then by first two bytes and number).
    #[inline]
    fn at(&self, text: &[u8], i: usize, mut f: impl FnMut(usize, usize)) {
        let lead = text[i];
        if self.has_single {
            let s = self.single[usize::from(lead)];
            if s != 0 {
                f(usize::from(s) - 1, 1);
            }
        }
        let Some(&second) = text.get(i + 1) else {
            return;
        };
        let k = u16::from(lead) << 8 | u16::from(second);
        if !has(&self.starts, k) {
            return;
        }
        let third_passes = text
            .get(i + 2)
            .is_some_and(|&third| has(&self.starts3, key3(lead, second, third)));
        if third_passes || has(&self.exactly2, k) {
            self.longer_at(text, i, k, f);
        }
    }

    /// The key words of two or more bytes starting at byte `i`, whose first two bytes
    /// are `k` (passed the bitmap): rare, so kept out of the scanning loops.
    #[inline(never)]
    fn longer_at(&self, text: &[u8], i: usize, k: u16, mut f: impl FnMut(usize, usize)) {
        let from = self.by_start.partition_point(|&(s, _)| s < k);
        for &(s, n) in &self.by_start[from..] {
            if s != k {
                break;
            }
            let w = self.words[n as usize].as_bytes();
            if text[i..].starts_with(w) {
                f(n as usize, w.len());
            }
        }
    }

    /// Every occurrence of every key word, overlapping ones included, by start.
    pub fn overlapping(&self, text: &str, mut f: impl FnMut(Hit)) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            self.at(b, i, |word, len| {
                f(Hit {
                    word,
                    start: i,
                    end: i + len,
                })
            });
            i += width(b[i]);
        }
    }

    /// The longest key word starting exactly at byte `at` (the first given of equals).
    pub fn longest_at(&self, text: &str, at: usize) -> Option<Hit> {
        let b = text.as_bytes();
        if at >= b.len() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        self.at(b, at, |word, len| {
            if best.is_none_or(|(bw, bl)| len > bl || (len == bl && word < bw)) {
                best = Some((word, len));
            }
        });
        best.map(|(word, len)| Hit {
            word,
            start: at,
            end: at + len,
        })
    }

    /// Non-overlapping matches from the left: at each place the longest key word.
    pub fn leftmost_longest(&self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            match self.longest_at(text, i) {
                Some(h) => {
                    out.push(h);
                    i = h.end;
                }
                // No key word starts inside a character.
                None => i += width(text.as_bytes()[i]),
            }
        }
        out
    }

    /// Whether any key word occurs in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let b = text.as_bytes();
        let mut found = false;
        let mut i = 0;
        while i < b.len() {
            self.at(b, i, |_, _| found = true);
            if found {
                return true;
            }
            i += width(b[i]);
        }
        false
    }
}
