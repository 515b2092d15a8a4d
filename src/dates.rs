//! Finding dates in Chinese text: "2023年1月16日", "二〇二三年一月十六日", and ranges
//! such as "2022年1月1日至12月31日".

use crate::numbers::{is_numeral_char, parse_small, parse_year_digits};

/// A date found in a text, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub date: Date,
    pub start: usize,
    pub end: usize,
}

/// Reads a run of numeral characters ending at byte `end` (exclusive), returning its start.
fn numeral_run_before(text: &str, end: usize) -> usize {
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev() {
        if is_numeral_char(c) {
            start = i;
        } else {
            break;
        }
    }
    start
}

/// Reads a run of numeral characters starting at byte `start`, returning its end.
fn numeral_run_after(text: &str, start: usize) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if is_numeral_char(c) {
            end = start + i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn valid(year: i32, month: u32, day: u32) -> bool {
    (1900..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Reads "M月D日" at `at`; returns (month, day, end).
fn month_day_at(text: &str, at: usize) -> Option<(u32, u32, usize)> {
    let m_end = numeral_run_after(text, at);
    let month = parse_small(&text[at..m_end])?;
    let rest = text[m_end..].strip_prefix('月')?;
    let d_start = m_end + '月'.len_utf8();
    let d_end = numeral_run_after(text, d_start);
    let day = parse_small(&text[d_start..d_end])?;
    let after = &text[d_end..];
    let end = if after.starts_with('日') || after.starts_with('号') {
        d_end + '日'.len_utf8()
    } else {
        return None;
    };
    let _ = rest;
    Some((month, day, end))
}

/// A full date starting exactly at byte `at`.
fn date_at(text: &str, at: usize) -> Option<FoundDate> {
    let y_end = numeral_run_after(text, at);
    let run = &text[at..y_end];
    if run.chars().count() != 4 || !text[y_end..].starts_with('年') {
        return None;
    }
    let year = parse_year_digits(run)?;
    let (month, day, end) = month_day_at(text, y_end + '年'.len_utf8())?;
    valid(year, month, day).then_some(FoundDate {
        date: Date { year, month, day },
        start: at,
        end,
    })
}

/// All full dates (year, month and day) in `text`, in order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    dates_in(text).collect()
}

/// [`find_dates`] one at a time: [`find_range`] mostly stops at the first, and most
/// texts hold none, so nothing is collected. 年 is found by its three bytes with one
/// searcher built once: `match_indices('年')` stops at every byte like its last one, a
/// continuation byte, which is everywhere in Chinese text.
pub fn dates_in(text: &str) -> impl Iterator<Item = FoundDate> + '_ {
    static NIAN: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let nian = NIAN.get_or_init(|| memchr::memmem::Finder::new("年"));
    nian.find_iter(text.as_bytes()).filter_map(move |i| {
        let y_start = numeral_run_before(text, i);
        if i - y_start < 4 {
            return None;
        }
        // Take the last four numerals (a longer run is not a year).
        let run = &text[y_start..i];
        if run.chars().count() != 4 {
            return None;
        }
        let year = parse_year_digits(run)?;
        let (month, day, end) = month_day_at(text, i + '年'.len_utf8())?;
        valid(year, month, day).then_some(FoundDate {
            date: Date { year, month, day },
            start: y_start,
            end,
        })
    })
}

/// A date range "A至B" where B may leave out its year. Returns (from, to, start, end).
pub fn find_range(text: &str) -> Option<(Date, Date, usize, usize)> {
    for d in dates_in(text) {
        let mut rest_at = d.end;
        let after = &text[rest_at..];
        let skip = after.len() - after.trim_start_matches(['起', ' ']).len();
        rest_at += skip;
        let after = &text[rest_at..];
        let Some(sep) = ["至", "到", "—", "－", "-", "～", "~"]
            .iter()
            .find(|s| after.starts_with(**s))
        else {
            continue;
        };
        let b_at = rest_at + sep.len();
        // Either a full date, or month and day of the same year. (Read in place: searching
        // the rest of the text for dates here made long runs of ranges quadratic.)
        if let Some(full) = date_at(text, b_at) {
            return Some((d.date, full.date, d.start, full.end));
        }
        if let Some((month, day, end)) = month_day_at(text, b_at) {
            if valid(d.date.year, month, day) {
                let to = Date {
                    year: d.date.year,
                    month,
                    day,
                };
                return Some((d.date, to, d.start, end));
            }
        }
    }
    None
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const RANGE_SEPARATORS: [&str; 7] = ["至", "到", "—", "－", "-", "～", "~"];

/// Skips "起", spaces and one range separator at `at`; returns where the second end
/// of the range starts.
fn after_separator(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let skip = rest.len() - rest.trim_start_matches(['起', ' ']).len();
    let at = at + skip;
    let sep = RANGE_SEPARATORS
        .iter()
        .find(|s| text[at..].starts_with(**s))?;
    Some(at + sep.len())
}

/// "2023年1月至12月", "2023年1月—2023年12月": a range of whole months.
fn month_range(text: &str) -> Option<(Date, Date, usize, usize)> {
    for (i, _) in text.match_indices('年') {
        let y_start = numeral_run_before(text, i);
        let Some(year) = parse_year_digits(&text[y_start..i]) else {
            continue;
        };
        let m_at = i + '年'.len_utf8();
        let m_end = numeral_run_after(text, m_at);
        let Some(m1) = parse_small(&text[m_at..m_end]) else {
            continue;
        };
        let Some(mut at) = text[m_end..]
            .strip_prefix('月')
            .map(|_| m_end + '月'.len_utf8())
        else {
            continue;
        };
        // "1月1日至…" with a day is find_range's business; here only "1月份" may follow.
        if text[at..].starts_with('份') {
            at += '份'.len_utf8();
        }
        let Some(mut b) = after_separator(text, at) else {
            continue;
        };
        let mut year2 = year;
        let y2_end = numeral_run_after(text, b);
        if text[y2_end..].starts_with('年') {
            year2 = parse_year_digits(&text[b..y2_end])?;
            b = y2_end + '年'.len_utf8();
        }
        let m2_end = numeral_run_after(text, b);
        let Some(m2) = parse_small(&text[b..m2_end]) else {
            continue;
        };
        if !text[m2_end..].starts_with('月') {
            continue;
        }
        let mut end = m2_end + '月'.len_utf8();
        if text[end..].starts_with('份') {
            end += '份'.len_utf8();
        }
        if !((1..=12).contains(&m2) && valid(year, m1, 1)) {
            continue;
        }
        let from = Date {
            year,
            month: m1,
            day: 1,
        };
        let to = Date {
            year: year2,
            month: m2,
            day: days_in_month(year2, m2),
        };
        return Some((from, to, y_start, end));
    }
    None
}

/// A date written with dots, dashes or slashes ("2023.1.1", "2023-12-31") at `at`:
/// (date, end).
fn numeric_date_at(text: &str, at: usize) -> Option<(Date, usize)> {
    let bytes = text.as_bytes();
    let mut parts = [0u32; 3];
    let mut i = at;
    let mut sep = 0u8;
    for (k, part) in parts.iter_mut().enumerate() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() && i - start < 4 {
            i += 1;
        }
        let run = &text[start..i];
        if run.is_empty() || (k == 0 && run.len() != 4) || (k > 0 && run.len() > 2) {
            return None;
        }
        *part = run.parse().ok()?;
        if k < 2 {
            let s = *bytes.get(i)?;
            if !matches!(s, b'.' | b'-' | b'/') || (k == 1 && s != sep) {
                return None;
            }
            sep = s;
            i += 1;
        }
    }
    // Not part of a longer number.
    if bytes.get(i).is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let [y, m, d] = parts;
    valid(y as i32, m, d).then_some((
        Date {
            year: y as i32,
            month: m,
            day: d,
        },
        i,
    ))
}

/// "2023.1.1-2023.12.31", "2023/01/01至2023/12/31".
fn numeric_range(text: &str) -> Option<(Date, Date, usize, usize)> {
    let bytes = text.as_bytes();
    for a in 0..bytes.len() {
        if !bytes[a].is_ascii_digit() || (a > 0 && bytes[a - 1].is_ascii_digit()) {
            continue;
        }
        let Some((from, end)) = numeric_date_at(text, a) else {
            continue;
        };
        let Some(b) = after_separator(text, end) else {
            continue;
        };
        if let Some((to, z)) = numeric_date_at(text, b) {
            return Some((from, to, a, z));
        }
    }
    None
}

/// "2023年度", "2023年全年": a whole year.
fn whole_year(text: &str) -> Option<(Date, Date, usize, usize)> {
    for (i, _) in text.match_indices('年') {
        let y_start = numeral_run_before(text, i);
        let Some(year) = parse_year_digits(&text[y_start..i]) else {
            continue;
        };
        let rest = &text[i + '年'.len_utf8()..];
        let tail = ["度", "全年"].iter().find(|t| rest.starts_with(**t));
        if let Some(t) = tail {
            let from = Date {
                year,
                month: 1,
                day: 1,
            };
            let to = Date {
                year,
                month: 12,
                day: 31,
            };
            return Some((from, to, y_start, i + '年'.len_utf8() + t.len()));
        }
    }
    None
}

/// A statistical period written loosely: whole months ("2023年1月至12月"), dates with
/// dots or dashes ("2023.1.1-2023.12.31"), or a whole year ("2023年度"). The caller makes
/// sure the text states the period (统计期限 …): these forms mean other things elsewhere.
pub fn find_loose_period(text: &str) -> Option<(Date, Date, usize, usize)> {
    month_range(text)
        .or_else(|| numeric_range(text))
        .or_else(|| whole_year(text))
}

/// A paragraph that is nothing but a date (a signature line).
pub fn whole_date(text: &str) -> Option<FoundDate> {
    // A full stop after the date is a slip, not more text.
    let t = text
        .trim_matches(crate::doc::is_padding)
        .trim_end_matches(['。', '.', '．'])
        .trim_end_matches(crate::doc::is_padding);
    let dates = find_dates(t);
    let d = dates.first()?;
    let lead = text.len() - text.trim_start_matches(crate::doc::is_padding).len();
    (d.start == 0 && d.end == t.len()).then_some(FoundDate {
        date: d.date,
        start: d.start + lead,
        end: d.end + lead,
    })
}

/// A calendar date (of a signature, a period's ends). Here, with the date reading, so
/// that reading dates needs nothing of the report model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn zh(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_numeral_systems() {
        let ds = find_dates("落款：2023年1月16日；又二〇二四年十二月三十一日。");
        assert_eq!(ds.len(), 2);
        assert_eq!(
            (ds[0].date.year, ds[0].date.month, ds[0].date.day),
            (2023, 1, 16)
        );
        assert_eq!(
            (ds[1].date.year, ds[1].date.month, ds[1].date.day),
            (2024, 12, 31)
        );
        assert!(find_dates("2022年度报告").is_empty());
        assert!(find_dates("12022年1月1日").is_empty());
    }

    #[test]
    fn ranges() {
        let (a, b, _, _) = find_range("统计期限为2022年1月1日至12月31日。").unwrap();
        assert_eq!((a.year, b.year, b.month, b.day), (2022, 2022, 12, 31));
        let (a, b, _, _) = find_range("自2022年1月1日起至2022年12月31日止").unwrap();
        assert_eq!((a.month, b.year), (1, 2022));
        assert!(whole_date("  2024年1月24日").is_some());
        assert!(whole_date("2024年1月24日发布").is_none());
        assert!(whole_date("2024年1月24日。").is_some());
    }

    #[test]
    fn loose_periods() {
        let p = |t: &str| find_loose_period(t).map(|(a, b, _, _)| (a.to_string(), b.to_string()));
        let year = Some(("2023-01-01".to_string(), "2023-12-31".to_string()));
        assert_eq!(p("统计期限为2023年1月至12月。"), year);
        assert_eq!(p("统计期限为2023年1月份至2023年12月份。"), year);
        assert_eq!(p("统计期限为2023.1.1-2023.12.31。"), year);
        assert_eq!(p("统计期限为2023/01/01至2023/12/31。"), year);
        assert_eq!(p("统计期限为2023年度。"), year);
        assert_eq!(
            p("统计时限为2024年1月至2月").map(|x| x.1),
            Some("2024-02-29".to_string())
        );
        assert_eq!(p("统计期限为2023.1.1起"), None);
        assert_eq!(p("电话0351-4031583"), None);
    }
}
