//! Finding dates in Chinese text: "2023年1月16日", "二〇二三年一月十六日", and ranges
//! such as "2022年1月1日至12月31日".

use crate::model::Date;
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

/// All full dates (year, month and day) in `text`, in order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('年') {
        let y_start = numeral_run_before(text, i);
        if i - y_start < 4 {
            continue;
        }
        // Take the last four numerals (a longer run is not a year).
        let run = &text[y_start..i];
        if run.chars().count() != 4 {
            continue;
        }
        let Some(year) = parse_year_digits(run) else {
            continue;
        };
        let Some((month, day, end)) = month_day_at(text, i + '年'.len_utf8()) else {
            continue;
        };
        if valid(year, month, day) {
            out.push(FoundDate {
                date: Date { year, month, day },
                start: y_start,
                end,
            });
        }
    }
    out
}

/// A date range "A至B" where B may leave out its year. Returns (from, to, start, end).
pub fn find_range(text: &str) -> Option<(Date, Date, usize, usize)> {
    for d in find_dates(text) {
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
        // Either a full date, or month and day of the same year.
        if let Some(full) = find_dates(&text[b_at..]).into_iter().find(|f| f.start == 0) {
            return Some((d.date, full.date, d.start, b_at + full.end));
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

/// A paragraph that is nothing but a date (a signature line).
pub fn whole_date(text: &str) -> Option<FoundDate> {
    let t = text.trim_matches(crate::doc::is_padding);
    let dates = find_dates(t);
    let d = dates.first()?;
    let lead = text.len() - text.trim_start_matches(crate::doc::is_padding).len();
    (d.start == 0 && d.end == t.len()).then_some(FoundDate {
        date: d.date,
        start: d.start + lead,
        end: d.end + lead,
    })
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
    }
}
