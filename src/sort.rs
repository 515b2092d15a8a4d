//! One small stable sort for the crate's own code.
//!
//! The standard library's sorts are fast but large: every call site instantiates its own
//! driftsort or ipnsort, 2–8 KB of WebAssembly each, and the page's module carried about
//! 96 KB of them. This merge sort over indices is a few hundred bytes per call site and
//! gives exactly what `slice::sort_by` gives (a stable sort's order is unique); for the
//! `sort_unstable` call sites it replaced, equal elements were equal values, so their
//! order did not matter either. Sorting here is never hot: findings, spans and
//! fingerprints of one report.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably, as `v.sort_by(cmp)`.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if let Some(idx) = order(v.len(), |a, b| cmp(&v[a], &v[b])) {
        permute(v, idx);
    }
}

/// Sorts `v` by the key `key` gives, stably, as `v.sort_by_key(key)`. Each key is
/// computed once (a sort compares each element about log n times).
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    if let Some(idx) = order(keys.len(), |a, b| keys[a].cmp(&keys[b])) {
        permute(v, idx);
    }
}

/// Sorts `v` in its natural order, as `v.sort()`.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The stable order of the positions `0..n` under `cmp` (which compares two positions),
/// or `None` when they are in order already (the common case for findings and rows,
/// found in one pass).
fn order(n: usize, mut cmp: impl FnMut(usize, usize) -> Ordering) -> Option<Vec<usize>> {
    if (1..n).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return None;
    }
    // Bottom-up merge sort of the positions; the caller moves the elements once.
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut a, mut b, mut k) = (lo, mid, lo);
            while a < mid && b < hi {
                // Ties take the left run first: stable.
                if cmp(idx[b], idx[a]) == Ordering::Less {
                    buf[k] = idx[b];
                    b += 1;
                } else {
                    buf[k] = idx[a];
                    a += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - a)].copy_from_slice(&idx[a..mid]);
            k += mid - a;
            buf[k..k + (hi - b)].copy_from_slice(&idx[b..hi]);
            lo = hi;
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    Some(idx)
}

/// Puts the element at `idx[i]` at `i`, following each cycle of the permutation.
fn permute<T>(v: &mut [T], mut idx: Vec<usize>) {
    for i in 0..v.len() {
        let mut j = i;
        loop {
            let k = idx[j];
            idx[j] = j;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Exactly the standard library's stable sort, ties included (the key is coarse,
        /// so many elements tie and their original order shows).
        #[test]
        fn sorts_as_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u32>()), 0..300)) {
            let mut mine = v.clone();
            super::by_key(&mut mine, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(&mine, &std);
            let mut mine = v.clone();
            super::natural(&mut mine);
            let mut std = v.clone();
            std.sort();
            prop_assert_eq!(mine, std);
            // Inputs already in order (ties included) and nearly in order.
            let mut sorted = v.clone();
            sorted.sort_by_key(|x| x.0);
            let mut mine = sorted.clone();
            super::by_key(&mut mine, |x| x.0);
            prop_assert_eq!(&mine, &sorted);
            if sorted.len() > 2 {
                let last = sorted.len() - 1;
                sorted.swap(last / 2, last);
                let mut mine = sorted.clone();
                super::by_key(&mut mine, |x| x.0);
                let mut std = sorted;
                std.sort_by_key(|x| x.0);
                prop_assert_eq!(mine, std);
            }
        }
    }

    #[test]
    fn sorts_reversed_and_long_inputs() {
        let mut v: Vec<u32> = (0..10_000).rev().collect();
        super::natural(&mut v);
        assert!(v.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(v.len(), 10_000);
    }
}
