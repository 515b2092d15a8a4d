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
    // Fast path, before any trimming: most cells are plain ASCII integers of a few
    // digits (readers trim cells already). Up to 15 digits fit a u64 and convert to f64
    // exactly, as `str::parse::<u64>` would give them.
    if !text.is_empty() && text.len() <= 15 {
        let mut v: u64 = 0;
        let all_digits = text.bytes().all(|b| {
            v = v * 10 + u64::from(b.wrapping_sub(b'0'));
            b.is_ascii_digit()
        });
        if all_digits {
            return CellNumber::Number(v as f64);
        }
    }
    let t = crate::doc::trim_padding(text).0;
    if t.is_empty() {
        return CellNumber::Blank;
    }
    // Padded integers.
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
///
/// Computed here rather than by `str::parse::<f64>`, whose tables are 5 KB gzip of the
/// WebAssembly module. Exact (the same double as `str::parse`) for up to 15 significant
/// digits and 22 decimals, i.e. every number a report has; longer ones may differ from
/// it in the last binary digit.
pub fn parse_number(s: &str) -> Option<f64> {
    let mut negative = false;
    // The first 38 significant digits, and what the rest and the point scale them by.
    let mut mantissa: u128 = 0;
    let mut kept = 0u32;
    let mut scale: i32 = 0;
    let mut digits = 0;
    let mut dot = false;
    let mut ends_with_dot = false;
    for (i, c) in s.chars().enumerate() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            '.' | '．' => {
                if dot {
                    return None;
                }
                dot = true;
                ends_with_dot = true;
                continue;
            }
            ',' | '，' if digits > 0 => continue,
            '-' | '－' | '−' if i == 0 => {
                negative = true;
                continue;
            }
            '+' | '＋' if i == 0 => continue,
            _ => return None,
        };
        digits += 1;
        ends_with_dot = false;
        if kept < 38 {
            mantissa = mantissa * 10 + u128::from(d);
            if mantissa > 0 {
                kept += 1;
            }
            if dot {
                scale -= 1;
            }
        } else if !dot {
            scale += 1;
        }
    }
    if digits == 0 || ends_with_dot {
        return None;
    }
    // Powers of ten that are exact doubles.
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    // Below 2^53 the mantissa is exact, and so is the power of ten: one correctly
    // rounded multiplication or division gives the correctly rounded value.
    let mut v = mantissa as f64;
    let mut left = scale;
    while left > 0 {
        let step = left.min(22);
        v *= POW10[step as usize];
        left -= step;
    }
    while left < 0 {
        let step = (-left).min(22);
        v /= POW10[step as usize];
        left += step;
    }
    Some(if negative { -v } else { v })
}

/// Formats a number without a needless fraction, and without float noise.
pub fn format_decimal(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return format!("{}", x as i64);
    }
    let s = fixed(x, 6);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// `x` with exactly `decimals` digits after the point, as `format!("{x:.decimals$}")`
/// writes it: the exact binary value rounded half to even. Written out because the
/// standard library's float formatting is 6 KB gzip of the WebAssembly module, and the
/// checker formats floats only here. Numbers of 2^127 (1.7e38) and more, which no report
/// has, are written as 2^127 − 1; more than 22 decimals as 22.
pub fn fixed(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    // 10^22 × 2^53 fits in 128 bits; no message shows more than 8 decimals.
    let decimals = decimals.min(22);
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // x = m × 2^e exactly.
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let pow10 = 10u128.pow(decimals as u32);
    // round_half_even(m × 10^d × 2^e), or 2^127 − 1 when that does not fit.
    let scaled: u128 = if e >= 0 {
        let m = u128::from(m);
        if m.leading_zeros() as i32 > e {
            (m << e).checked_mul(pow10).unwrap_or(u128::MAX >> 1)
        } else {
            u128::MAX >> 1
        }
    } else {
        // m < 2^53 and 10^d < 2^100: the product fits; shifting by 128 or more leaves 0
        // with a remainder under half, which rounds to 0.
        let wide = u128::from(m) * pow10;
        let shift = (-e) as u32;
        if shift >= 128 {
            0
        } else {
            let q = wide >> shift;
            let r = wide & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    let int = scaled / pow10;
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    let fraction = (scaled % pow10).to_string();
    let zeros = "0".repeat(decimals - fraction.len());
    format!("{sign}{int}.{zeros}{fraction}")
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

/// A value in a finding's evidence or a table cell of the result: a number where the
/// rule compared numbers, text otherwise. Here, with numbers, so the report model and the
/// diagnostics share it without the model depending on the diagnostics.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Num(f64),
    Text(String),
}

impl Value {
    /// An integer when `x` is a whole number below 9e15 ([`crate::json::whole`], which
    /// the JSON printer's tables use too).
    pub fn num(x: f64) -> Value {
        match crate::json::whole(x) {
            Some(i) => Value::Int(i),
            None => Value::Num(x),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Num(x) => write!(f, "{}", format_decimal(*x)),
            Value::Text(s) => f.write_str(s),
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::num(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<crate::doc::Text> for Value {
    fn from(v: crate::doc::Text) -> Self {
        Value::Text(v.into())
    }
}

#[cfg(test)]
mod tests {

    /// `parse_number` gives `str::parse`'s double for every number of up to 15
    /// significant digits, and one within a unit in the last place for longer ones.
    #[test]
    fn parse_number_agrees_with_str_parse() {
        let mut rng = crate::test_rng::Rng::new(0x1319_8a2e_0370_7344);
        let mut next = |n: u64| rng.below(n);
        for _ in 0..50_000 {
            let int_len = next(16) as usize;
            let frac_len = if next(2) == 0 {
                0
            } else {
                1 + next(12) as usize
            };
            let mut s = String::new();
            if next(4) == 0 {
                s.push('-');
            }
            for _ in 0..int_len {
                s.push(char::from(b'0' + next(10) as u8));
            }
            if frac_len > 0 {
                s.push('.');
                for _ in 0..frac_len {
                    s.push(char::from(b'0' + next(10) as u8));
                }
            }
            let expected: Option<f64> = s.parse().ok();
            let got = parse_number(&s);
            let significant = s.trim_start_matches(['-', '0', '.']).replace('.', "").len();
            match (got, expected) {
                (Some(g), Some(e)) if significant <= 15 => {
                    assert_eq!(g.to_bits(), e.to_bits(), "{s}")
                }
                (Some(g), Some(e)) => assert!((g - e).abs() <= e.abs() * 2.3e-16, "{s}"),
                (g, e) => assert_eq!(g.is_some(), e.is_some(), "{s}"),
            }
        }
        for (s, v) in [
            ("1,234.5", Some(1234.5)),
            ("１２３", Some(123.0)),
            ("－５．５", Some(-5.5)),
            ("+7", Some(7.0)),
            (".5", Some(0.5)),
            ("5.", None),
            ("1.2.3", None),
            ("-", None),
            (",5", None),
            ("5-", None),
            ("1e5", None),
        ] {
            assert_eq!(parse_number(s), v, "{s}");
        }
        assert!(parse_number("-0").unwrap().is_sign_negative());
        // 45 digits: the first 38 are kept, the rest scale them.
        let long = parse_number("123456789012345678901234567890123456789012345").unwrap();
        assert!((long / 1.2345678901234568e44 - 1.0).abs() < 1e-15, "{long}");
    }

    /// `fixed` writes what `format!("{x:.d$}")` writes: random doubles of every size,
    /// exact ties (k / 2^n, where half to even decides), and the special values.
    #[test]
    fn fixed_matches_the_standard_formatting() {
        let mut rng = crate::test_rng::Rng::new(0x243f_6a88_85a3_08d3);
        let mut next = || rng.next();
        let mut xs = vec![
            0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 1.5625, 27.65, 2.675, 1e-300,
        ];
        xs.extend([
            f64::MIN_POSITIVE,
            5e-324,
            1e15,
            9.999_999_999_999e14,
            123_456.789,
        ]);
        for _ in 0..20_000 {
            // Any sign and mantissa, exponents from 2^-80 to 2^80.
            let exp = 1023 - 80 + next() % 161;
            xs.push(f64::from_bits(
                (next() & ((1 << 52) - 1)) | (exp << 52) | (next() & (1 << 63)),
            ));
            // Ties at some number of decimals: k / 2^n.
            xs.push((next() % 100_000) as f64 / f64::from(1u32 << (next() % 12)));
        }
        for x in xs {
            for d in 0..=10 {
                assert_eq!(fixed(x, d), format!("{x:.d$}"), "{x:e} to {d} decimals");
            }
        }
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 1), "-inf");
    }

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
