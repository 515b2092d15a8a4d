//! Binding key words to numbers: which count in a clause each key word states. The
//! same binding serves TXT-T3 and TXT-T4, each with its own key words, stop words and
//! joiners.

use super::scan::{countlike, is_clause_sep, only_words, Fillers, Lexicon, Num, Unit};

/// A key word bound to the count it states.
pub(super) struct Bound<K> {
    /// The key words, with their byte ranges in the sentence, first to last.
    pub(super) kws: Vec<(K, usize, usize)>,
    /// Byte offset of the first key word.
    pub(super) kw_start: usize,
    pub(super) num: Num,
    /// "各" before the count: each key word has that count, not their sum.
    pub(super) each: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tok<K> {
    Kw(K),
    Stop,
    /// A word that only keeps a shorter key word inside it from matching (继续办理).
    Skip,
}

/// Binds key words to counts in one clause `[c0, c1)` of `sentence`. Key words joined
/// only by `joiners` share the count that follows them; a count written straight before
/// a key word ("6件予以公开") is that key word's. A stop word between a key word and a
/// count unbinds it.
pub(super) fn bind<K: Copy + PartialEq>(
    sentence: &str,
    nums: &[Num],
    (c0, c1): (usize, usize),
    words: &Lexicon<Tok<K>>,
    joiners: &Fillers,
    glue: fn(K, &str) -> bool,
) -> Vec<Bound<K>> {
    let clause = &sentence[c0..c1];
    let hits = words.find(clause, c0);
    let nums: Vec<&Num> = nums
        .iter()
        .filter(|n| n.start >= c0 && n.unit_end <= c1)
        .collect();
    let mut out: Vec<Bound<K>> = Vec::new();
    let mut pending: Vec<(usize, usize, K)> = Vec::new();
    let mut hi = 0;
    let mut ni = 0;
    // The last count not bound to a key word before it, for "6件予以公开".
    let mut loose: Option<&Num> = None;
    while hi < hits.len() || ni < nums.len() {
        let take_hit = match (hits.get(hi), nums.get(ni)) {
            (Some(h), Some(n)) => h.0 < n.start,
            (Some(_), None) => true,
            _ => false,
        };
        if take_hit {
            let (hs, he, tok) = hits[hi];
            hi += 1;
            // Key words inside a number's unit span cannot happen; skip defensively.
            match tok {
                Tok::Skip => {}
                Tok::Stop => {
                    pending.clear();
                    loose = None;
                }
                Tok::Kw(k) => {
                    if let Some(n) = loose.take() {
                        let gap = &sentence[n.unit_end..hs];
                        if gap.chars().count() <= 2 && !gap.contains(is_clause_sep) {
                            out.push(Bound {
                                kws: vec![(k, hs, he)],
                                kw_start: hs,
                                num: *n,
                                each: false,
                            });
                            continue;
                        }
                    }
                    if let Some(&(_, pe, pk)) = pending.last() {
                        if pe == hs || glue(pk, &sentence[pe..hs]) {
                            // "予以公开答复966件": one compound word, named by its first;
                            // "结转2024年办理3件": one phrase, named by 结转.
                            continue;
                        }
                        if !only_words(&sentence[pe..hs], joiners) {
                            pending.clear();
                        }
                    }
                    pending.push((hs, he, k));
                }
            }
        } else {
            let n = nums[ni];
            ni += 1;
            if !countlike(sentence, n, c1) {
                // A percentage, date or approximation ends what the key words say.
                if n.unit != Unit::Year {
                    pending.clear();
                }
                loose = None;
                continue;
            }
            if pending.is_empty() {
                loose = Some(n);
                continue;
            }
            let last_end = pending.last().map(|p| p.1).unwrap_or(n.start);
            // "各1件", "均为0": each key word has the count, not their sum.
            let each = sentence[last_end..n.start].contains(['各', '均']);
            out.push(Bound {
                kws: pending.iter().map(|&(s, e, k)| (k, s, e)).collect(),
                kw_start: pending[0].0,
                num: *n,
                each,
            });
            pending.clear();
            loose = None;
        }
    }
    out
}
