//! Reading numbers as they are written in reports: ASCII or full-width digits, padding,
//! thousands separators, a trailing unit, placeholders for "nothing", Chinese numerals
//! in dates.

/// What a numeric table cell holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellNumber {
    Number(f64),
    Blank,
    Placeholder,
    NotNumber,
}

/// Placeholders people write for "nothing" in numeric cells.
const PLACEHOLDERS: &[&str] = &[
    "/",
    "／",
    "\\",
    "-",
    "－",
    "—",
    "——",
    "–",
    "─",
    "_",
    "无",
    "暂无",
    "空",
    "不适用",
    "无此项",
    "N/A",
    "n/a",
    "NA",
    "×",
    "*",
    "—/—",
];

/// Units a count or amount may carry inside its cell.
const UNITS: &[&str] = &["万元", "元", "件", "个", "项", "条", "宗", "起", "次"];

/// Parses a table cell that should hold a number.
pub fn parse_cell(text: &str) -> CellNumber {
    let t = crate::doc::trim_padding(text).0;
    if t.is_empty() {
        return CellNumber::Blank;
    }
    // Fast path: most cells are plain ASCII integers.
    if t.len() <= 15 && t.bytes().all(|b| b.is_ascii_digit()) {
        return CellNumber::Number(t.parse::<u64>().map(|v| v as f64).unwrap_or(f64::NAN));
    }
    if PLACEHOLDERS.contains(&t) {
        return CellNumber::Placeholder;
    }
    let mut s = t;
    for u in UNITS {
        if let Some(rest) = s.strip_suffix(u) {
            s = crate::doc::trim_padding(rest).0;
            break;
        }
    }
    match parse_number(s) {
        Some(x) => CellNumber::Number(x),
        None => CellNumber::NotNumber,
    }
}

/// Parses a plain decimal number with optional sign, full-width digits and thousands
/// separators. Returns `None` for anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let mut buf = String::with_capacity(s.len());
    let mut digits = 0;
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => {
                buf.push(c);
                digits += 1;
            }
            '０'..='９' => {
                buf.push(char::from(b'0' + (c as u32 - '０' as u32) as u8));
                digits += 1;
            }
            '.' | '．' => buf.push('.'),
            ',' | '，' if digits > 0 => {}
            '-' | '－' | '−' if i == 0 => buf.push('-'),
            '+' | '＋' if i == 0 => {}
            _ => return None,
        }
    }
    if digits == 0 || buf.matches('.').count() > 1 || buf.ends_with('.') {
        return None;
    }
    buf.parse().ok()
}

/// Formats a number without a needless fraction, and without float noise.
pub fn format_decimal(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Value of one Chinese numeral digit (〇 零 一 … 九, and ASCII/full-width digits).
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'О' | 'o' | 'O' | '0' | '０' => 0,
        '一' | '1' | '１' => 1,
        '二' | '两' | '2' | '２' => 2,
        '三' | '3' | '３' => 3,
        '四' | '4' | '４' => 4,
        '五' | '5' | '５' => 5,
        '六' | '6' | '６' => 6,
        '七' | '7' | '７' => 7,
        '八' | '8' | '８' => 8,
        '九' | '9' | '９' => 9,
        _ => return None,
    })
}

/// Reads a year written digit by digit: "2023", "二〇二三", "二0二三".
pub fn parse_year_digits(s: &str) -> Option<i32> {
    let mut v: i32 = 0;
    let mut n = 0;
    for c in s.chars() {
        // A year has four numerals; a longer run is no year (and would overflow).
        if n == 4 {
            return None;
        }
        v = v * 10 + digit(c)? as i32;
        n += 1;
    }
    (n == 4).then_some(v)
}

/// Reads a small number (months, days, counts up to 99) in ASCII or Chinese: "1", "12",
/// "十", "十二", "二十一", "三十".
pub fn parse_small(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if let Some(n) = parse_number(s) {
        return (n.fract() == 0.0 && (0.0..=100_000.0).contains(&n)).then_some(n as u32);
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Whether a character can be part of a date or number written in digits or Chinese.
pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二两三四五六七八九十Оo".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(parse_cell("\u{3000}\u{3000}0"), CellNumber::Number(0.0));
        assert_eq!(parse_cell("127.9     "), CellNumber::Number(127.9));
        assert_eq!(parse_cell("1,835"), CellNumber::Number(1835.0));
        assert_eq!(parse_cell("３"), CellNumber::Number(3.0));
        assert_eq!(parse_cell("-2"), CellNumber::Number(-2.0));
        assert_eq!(parse_cell("251000元"), CellNumber::Number(251000.0));
        assert_eq!(parse_cell(" "), CellNumber::Blank);
        assert_eq!(parse_cell("\u{a0}"), CellNumber::Blank);
        assert_eq!(parse_cell("—"), CellNumber::Placeholder);
        assert_eq!(parse_cell("无"), CellNumber::Placeholder);
        assert_eq!(parse_cell("五"), CellNumber::NotNumber);
        assert_eq!(parse_cell("1.2.3"), CellNumber::NotNumber);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_year_digits("二〇二三"), Some(2023));
        assert_eq!(parse_year_digits("2024"), Some(2024));
        assert_eq!(parse_small("十二"), Some(12));
        assert_eq!(parse_small("二十四"), Some(24));
        assert_eq!(parse_small("三十"), Some(30));
        assert_eq!(parse_small("9"), Some(9));
        assert_eq!(format_decimal(27.1), "27.1");
        assert_eq!(format_decimal(3.0), "3");
    }
}
