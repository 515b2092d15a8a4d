//! `nianbao::keywords::Keywords` against aho-corasick, the well-kept crate it replaces
//! in the checker (for size): on the checker's own key words over real report text, and
//! on random words over random text made of the same few characters (so that words
//! overlap, share prefixes and repeat).

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use nianbao::keywords::{Hit, Keywords};
use proptest::prelude::*;

fn hit(m: aho_corasick::Match) -> Hit {
    Hit {
        word: m.pattern().as_usize(),
        start: m.start(),
        end: m.end(),
    }
}

fn hits_ac(ac: &AhoCorasick, text: &str) -> Vec<Hit> {
    let mut v: Vec<Hit> = ac.find_overlapping_iter(text).map(hit).collect();
    v.sort_by_key(|h| (h.start, h.word));
    v
}

fn hits(k: &Keywords, text: &str) -> Vec<Hit> {
    let mut v = Vec::new();
    k.overlapping(text, |h| v.push(h));
    v.sort_by_key(|h| (h.start, h.word));
    v
}

/// Every search of `Keywords` gives what aho-corasick gives for the same words.
fn assert_same(words: &[String], text: &str) {
    let k = Keywords::new(words.iter().map(String::as_str));
    let overlapping = AhoCorasick::new(words).unwrap();
    assert_eq!(hits(&k, text), hits_ac(&overlapping, text), "overlapping");
    assert_eq!(k.is_match(text), overlapping.is_match(text), "is_match");

    let longest = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(words)
        .unwrap();
    let expected: Vec<Hit> = longest.find_iter(text).map(hit).collect();
    assert_eq!(k.leftmost_longest(text), expected, "leftmost-longest");

    let anchored = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(words)
        .unwrap();
    for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        let expected = anchored.find(input).map(hit);
        assert_eq!(k.longest_at(text, at), expected, "anchored at {at}");
    }
}

#[test]
fn report_key_words_over_the_fixtures() {
    // Key words of the kinds the rules use: table labels, outcome words, fillers.
    let words: Vec<String> = [
        "政府信息公开",
        "信息公开",
        "公开",
        "申请",
        "本年新收",
        "上年结转",
        "予以公开",
        "部分公开",
        "不予公开",
        "行政复议",
        "行政诉讼",
        "结果纠正",
        "总计",
        "件",
        "0",
        "12",
        "、",
        "（一）",
        "（",
        "一",
        "一、总体情况",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for name in [
        "000-julu-kaifaqu-2022.txt",
        "001-houma-kaifaqu-2022.txt",
        "004-laiyuan-xian-2022.txt",
    ] {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        // Whole lines keep the anchored check (every position) affordable.
        for line in text.lines().take(400) {
            assert_same(&words, line);
        }
        let k = Keywords::new(words.iter().map(String::as_str));
        let ac = AhoCorasick::new(&words).unwrap();
        assert_eq!(hits(&k, &text), hits_ac(&ac, &text), "{name}");
    }
}

/// Words and text from a small alphabet of one-, two-, three- and four-byte characters.
fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "é", "公", "开", "件", "\u{3000}", "𠀀"])
        .prop_map(str::to_string)
}

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..4).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6b65_7977_6f72_6473),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_words_over_random_text(
        words in prop::collection::vec(word(), 1..8),
        text in prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat()),
    ) {
        // One-byte words repeated are reported once (see Keywords::new); keep them
        // distinct so the comparison is exact.
        let mut seen = std::collections::HashSet::new();
        let words: Vec<String> = words
            .into_iter()
            .filter(|w| w.len() > 1 || seen.insert(w.clone()))
            .collect();
        assert_same(&words, &text);
    }
}
