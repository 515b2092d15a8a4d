//! Small text helpers shared by the reader, the extractor and the rules.

/// `hay.contains("literal")`, with the substring searcher built once per call site.
///
/// `str::contains` builds a Two-Way searcher on every call; native x86-64 hides that
/// with a SIMD path for short needles, but the WebAssembly build pays it in full: on
/// report text a prebuilt `memchr::memmem::Finder` is 6.5× faster there (and no slower
/// natively). Use it for literal key words in hot code.
#[macro_export]
macro_rules! has {
    ($hay:expr, $lit:literal) => {
        $crate::find_str!($hay, $lit).is_some()
    };
}

/// `hay.find("literal")`, with the substring searcher built once per call site (see
/// [`has!`]). Also for a single Chinese character: `str::find(char)` looks for the
/// character's last byte with a plain `memchr`, and in Chinese text that byte is
/// everywhere (a continuation byte); this searcher looks for all three at once.
#[macro_export]
macro_rules! find_str {
    ($hay:expr, $lit:literal) => {
        $crate::finder!($lit).find($crate::text_util::bytes_of(&$hay))
    };
}

/// The searcher for `literal`, built on first use and kept in a static of the call
/// site (each expansion has its own): what [`find_str!`] and `find_iter_str!` search
/// with.
#[doc(hidden)]
#[macro_export]
macro_rules! finder {
    ($lit:literal) => {{
        static FINDER: ::std::sync::OnceLock<::memchr::memmem::Finder<'static>> =
            ::std::sync::OnceLock::new();
        FINDER.get_or_init(|| ::memchr::memmem::Finder::new($lit))
    }};
}

/// Every place of `literal` in `hay`, as `hay.match_indices("literal")` gives them
/// (left to right, not overlapping), with the searcher built once per call site (see
/// [`has!`]): `match_indices` with a `&str` builds a Two-Way searcher on every call,
/// which on a short clause cost more than the search.
///
/// The WebAssembly build keeps `match_indices`: the prebuilt searchers pay natively, and
/// there each call site's iterator only made the browser's module bigger.
#[cfg(not(target_arch = "wasm32"))]
#[macro_export]
macro_rules! find_iter_str {
    ($hay:expr, $lit:literal) => {
        $crate::finder!($lit).find_iter($crate::text_util::bytes_of(&$hay))
    };
}

/// See the native `find_iter_str!`: `match_indices` in the WebAssembly build.
#[cfg(target_arch = "wasm32")]
#[macro_export]
macro_rules! find_iter_str {
    ($hay:expr, $lit:literal) => {
        $crate::text_util::str_of(&$hay)
            .match_indices($lit)
            .map(|(i, _)| i)
    };
}

/// A fixed list of words, each with its searcher built on first use: for the word lists
/// that rules look for in many short texts (see [`find_iter_str!`] for why not
/// `str::match_indices`). The WebAssembly build searches with `str` itself (see
/// [`Word`]).
pub struct Words {
    words: &'static [&'static str],
    #[cfg(not(target_arch = "wasm32"))]
    finders: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>>,
}

impl Words {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Words {
            words,
            #[cfg(not(target_arch = "wasm32"))]
            finders: std::sync::OnceLock::new(),
        }
    }

    /// Each word with its searcher, in the list's order.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn each(&self) -> impl Iterator<Item = (&'static str, Word<'_>)> {
        let finders = self.finders.get_or_init(|| {
            self.words
                .iter()
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
                .collect()
        });
        self.words.iter().copied().zip(finders.iter().map(Word))
    }

    /// Each word with its searcher, in the list's order.
    #[cfg(target_arch = "wasm32")]
    pub fn each(&self) -> impl Iterator<Item = (&'static str, Word<'_>)> {
        self.words.iter().map(|&w| (w, Word(w)))
    }

    /// Whether one of the words occurs in `hay` (`words.iter().any(|w| hay.contains(w))`).
    pub fn any_in(&self, hay: &str) -> bool {
        self.each().any(|(_, f)| f.find(hay).is_some())
    }
}

/// One word of [`Words`] to search for: natively its prebuilt searcher; in the
/// WebAssembly build the word itself, searched for with `str`'s methods, as the
/// searchers only pay natively and there made the browser's module bigger.
#[derive(Clone, Copy)]
pub struct Word<'a>(
    #[cfg(not(target_arch = "wasm32"))] &'a memchr::memmem::Finder<'static>,
    #[cfg(target_arch = "wasm32")] &'a str,
);

impl<'a> Word<'a> {
    /// `hay.find(word)`.
    #[inline]
    pub fn find(self, hay: &str) -> Option<usize> {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.find(hay.as_bytes());
        #[cfg(target_arch = "wasm32")]
        return hay.find(self.0);
    }

    /// `hay.match_indices(word)`'s places.
    #[inline]
    pub fn find_iter<'h>(self, hay: &'h str) -> impl Iterator<Item = usize> + use<'a, 'h> {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.find_iter(hay.as_bytes());
        #[cfg(target_arch = "wasm32")]
        return hay.match_indices(self.0).map(|(i, _)| i);
    }
}

/// Groups of key words searched for together: which groups have a word in the texts.
/// Each word is searched for with its own memchr searcher (SIMD, many bytes at a time)
/// over all the texts at once, only while its group is not yet found: the groups are a
/// few short lists, and one pass of [`crate::keywords`] over the whole text stepped
/// through every character (the content rules' scans of sections 一 and 五 were 4 % of
/// a batch). The searchers are built on first use.
pub struct Groups {
    groups: &'static [(&'static str, &'static [&'static str])],
    finders: std::sync::OnceLock<Vec<Vec<memchr::memmem::Finder<'static>>>>,
}

impl Groups {
    pub const fn new(groups: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Groups {
            groups,
            finders: std::sync::OnceLock::new(),
        }
    }

    /// Bit `i` set when a word of group `i` occurs in one of `texts`.
    pub fn found<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> u64 {
        // The texts joined by line feeds, which no word holds (so a word found in the
        // whole is found in one text): one search per word, not one per word and text,
        // which for the many short paragraphs of a report cost more in setting up each
        // search than in searching.
        let mut texts = texts.into_iter();
        let first = texts.next().unwrap_or("");
        match texts.next() {
            None => self.found_in(first),
            Some(second) => {
                let mut all = String::with_capacity(first.len() + second.len() + 1);
                all.push_str(first);
                all.push('\n');
                all.push_str(second);
                for t in texts {
                    all.push('\n');
                    all.push_str(t);
                }
                self.found_in(&all)
            }
        }
    }

    /// Bit `i` set when a word of group `i` occurs in `hay` (texts already joined by
    /// line feeds, which no word holds, are searched as one).
    pub fn found_in(&self, hay: &str) -> u64 {
        let finders = self.finders.get_or_init(|| {
            self.groups
                .iter()
                .map(|(_, words)| {
                    words
                        .iter()
                        .map(|w| {
                            debug_assert!(!w.contains('\n'));
                            memchr::memmem::Finder::new(w.as_bytes())
                        })
                        .collect()
                })
                .collect()
        });
        let mut bits = 0u64;
        for (g, words) in finders.iter().enumerate() {
            if words.iter().any(|f| f.find(hay.as_bytes()).is_some()) {
                bits |= 1 << g;
            }
        }
        bits
    }

    /// The names of the groups with no word in `texts`.
    pub fn missing<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
        self.missing_of(self.found(texts))
    }

    /// The names of the groups whose bit is not set in `bits` (from [`Groups::found`]).
    pub fn missing_of(&self, bits: u64) -> Vec<&'static str> {
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

/// The text of `s`, for the WebAssembly `find_iter_str!`.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
#[inline]
pub fn str_of<S: AsRef<str> + ?Sized>(s: &S) -> &str {
    s.as_ref()
}

/// Whether a text holds any CJK ideograph: labels do, numbers and blanks do not, so
/// label matching can skip data cells cheaply.
#[inline]
pub fn has_cjk(s: &str) -> bool {
    // Every CJK ideograph is three bytes in UTF-8 with a lead byte 0xE3..=0xE9.
    s.bytes().any(|b| (0xE3..=0xE9).contains(&b))
}

/// Removes all padding and line breaks (for comparing labels that Word wrapped).
pub fn compact(s: &str) -> String {
    // The runs between padding characters copied whole, found on the bytes
    // (`padding_at` is `is_padding` on UTF-8, and no padding starts inside a character):
    // collecting the chars one by one cost several times more.
    // The scan steps from character to character (a third of the bytes of Chinese
    // text), and asks `padding_at` only at a lead byte a padding character can have.
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        let lead = b[i];
        let n = if matches!(
            lead,
            b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3 | 0xEF
        ) {
            crate::doc::padding_at(b, i)
        } else {
            0
        };
        if n == 0 {
            // The width of the character from its lead byte (valid UTF-8).
            i += match lead {
                0..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        } else {
            out.push_str(&s[run..i]);
            i += n;
            run = i;
        }
    }
    out.push_str(&s[run..]);
    out
}

/// Whether `s` holds any padding character ([`crate::doc::is_padding`]).
///
/// Scanned on the bytes: a padding character is ASCII whitespace or starts with one of
/// the lead bytes C2, E2, E3, EF, and a lead byte is never inside another character.
/// Long texts (paragraphs) are searched with memchr, short ones (cells) byte by byte.
pub fn has_padding(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 64 {
        return (0..b.len()).any(|i| {
            matches!(
                b[i],
                b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3 | 0xEF
            ) && crate::doc::padding_at(b, i) != 0
        });
    }
    memchr::memchr3(b' ', b'\t', b'\n', b).is_some()
        || memchr::memchr(b'\r', b).is_some()
        || memchr::memchr3_iter(0xC2, 0xE2, 0xE3, b).any(|i| crate::doc::padding_at(b, i) != 0)
        || crate::has!(s, "\u{feff}")
}

/// [`compact`] without a copy when there is nothing to remove (most labels).
pub fn compact_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if compact_cow_copies(s) {
        std::borrow::Cow::Owned(compact(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether [`compact_cow`] compacts `s` (rather than borrowing it).
pub fn compact_cow_copies(s: &str) -> bool {
    // Padding is ASCII whitespace or starts with one of the lead bytes C2 (NBSP), E2
    // (U+2002 …), E3 (U+3000); text without those bytes has none. (Nor is a text with
    // U+FEFF as its only padding compacted: its lead byte is not among these.)
    let maybe = s
        .bytes()
        .any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3));
    maybe && has_padding(s)
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

    /// The prebuilt searchers find what `match_indices` and `contains` find, on texts
    /// of the words, their parts and other characters (words that repeat, nest, and
    /// stand side by side).
    #[test]
    fn words_find_what_match_indices_finds() {
        static W: Words = Words::new(&["没有", "未", "无", "处理费", "aa", "中心"]);
        let pieces = [
            "没有",
            "没",
            "有",
            "未",
            "无",
            "处理",
            "费",
            "处理费",
            "a",
            "aa",
            "中",
            "心",
            "，",
            "信息",
            "x",
        ];
        let mut rng = crate::test_rng::Rng::new(11);
        let mut found = 0;
        for _ in 0..5_000 {
            let n = rng.below(12) as usize;
            let t: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            for (w, f) in W.each() {
                let want: Vec<usize> = t.match_indices(w).map(|(i, _)| i).collect();
                let got: Vec<usize> = f.find_iter(&t).collect();
                assert_eq!(got, want, "{w} in {t}");
                found += want.len();
            }
            assert_eq!(W.any_in(&t), W.words.iter().any(|w| t.contains(w)), "{t}");
            let fee: Vec<usize> = crate::find_iter_str!(t, "处理费").collect();
            let want: Vec<usize> = t.match_indices("处理费").map(|(i, _)| i).collect();
            assert_eq!(fee, want, "{t}");
        }
        assert!(found > 5_000, "{found}");
    }

    /// Which groups are found is what `str::contains` says of every word and text, on
    /// texts built from the words, parts of them (a word's first character without the
    /// rest), words nested in others, and other characters, in many combinations.
    #[test]
    fn groups_find_what_contains_finds() {
        static G: Groups = Groups::new(&[
            ("一", &["信息管理", "保密审查"]),
            ("二", &["平台", "网站", "政务微博"]),
            ("三", &["审查"]),
            ("四", &["a", "30号"]),
        ]);
        let pieces = [
            "信息",
            "管理",
            "信息管理",
            "保密",
            "审查",
            "平台",
            "网",
            "站",
            "网站",
            "政务微博",
            "政务",
            "a",
            "30",
            "号",
            "30号",
            "，",
            "。",
            "\n",
            "公开",
            "",
        ];
        let mut rng = crate::test_rng::Rng::new(11);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        for _ in 0..2000 {
            let texts: Vec<String> = (0..1 + next(3))
                .map(|_| (0..next(8)).map(|_| pieces[next(pieces.len())]).collect())
                .collect();
            let expected = G
                .groups
                .iter()
                .enumerate()
                .filter(|(_, (_, words))| texts.iter().any(|t| words.iter().any(|w| t.contains(w))))
                .fold(0u64, |bits, (i, _)| bits | 1 << i);
            assert_eq!(
                G.found(texts.iter().map(String::as_str)),
                expected,
                "{texts:?}"
            );
        }
        assert_eq!(G.missing(["信息管理在网站上", "审查"]), vec!["四"]);
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

    /// Every padding character, their neighbours in UTF-8, Chinese text and
    /// punctuation, and a character outside the BMP: the pieces random texts are made of.
    const PADDING_AND_NEIGHBOURS: [&str; 20] = [
        " ",
        "\t",
        "\r",
        "\n",
        "\u{a0}",
        "\u{a1}",
        "\u{2002}",
        "\u{2003}",
        "\u{2009}",
        "\u{200b}",
        "\u{2004}",
        "\u{3000}",
        "\u{3001}",
        "\u{feff}",
        "\u{fefe}",
        "一",
        "0",
        "，",
        "“",
        "\u{1f600}",
    ];

    /// `compact` drops exactly the characters `is_padding` names, on texts made of
    /// every padding character, their neighbours in UTF-8 and Chinese.
    #[test]
    fn compact_drops_what_is_padding_names() {
        let pieces = PADDING_AND_NEIGHBOURS;
        let mut rng = crate::test_rng::Rng::new(7);
        for _ in 0..2000 {
            let n = rng.below(12) as usize;
            let s: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            let plain: String = s.chars().filter(|c| !crate::doc::is_padding(*c)).collect();
            assert_eq!(compact(&s), plain, "{s:?}");
        }
    }

    /// `has_padding` against the obvious `char` version, short texts and long ones.
    #[test]
    fn has_padding_matches_is_padding() {
        let pieces = PADDING_AND_NEIGHBOURS;
        let plain = [
            "一", "0", "，", "“", "\u{a1}", "\u{2004}", "\u{3001}", "\u{fefe}",
        ];
        let mut rng = crate::test_rng::Rng::new(11);
        for _ in 0..4000 {
            let n = rng.below(40) as usize;
            let mut s: String = (0..n).map(|_| *rng.pick(&plain)).collect();
            // At most one piece that may be padding, anywhere.
            if rng.below(2) == 0 {
                let at = s
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng.below(n as u64 + 1) as usize)
                    .unwrap_or(s.len());
                s.insert_str(at, rng.pick::<&str>(&pieces));
            }
            let expected = s.chars().any(crate::doc::is_padding);
            assert_eq!(has_padding(&s), expected, "{s:?}");
        }
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
