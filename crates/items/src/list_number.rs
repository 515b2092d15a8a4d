//! How a list's automatic number is written, for the readers that find Word's list
//! numbers (.docx and .doc): the formats differ in how the files name them (`w:numFmt`,
//! MSONFC codes), not in how the numbers look, so both readers map their names here.

/// A list number's style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    Decimal,
    /// 01, 02 … 09, then 10.
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    /// 一, 二 … 十, 十一 … 九十九 (Chinese, Japanese and Taiwanese counting).
    Chinese,
    /// 甲乙丙丁戊己庚辛壬癸, round again after 癸.
    Zodiac,
    /// ① … ⑳; decimals past 20.
    Circled,
    /// No number at all.
    None,
}

/// Writes `n` in `format`.
pub fn format(n: u32, format: NumberFormat) -> String {
    use NumberFormat as F;
    match format {
        F::Decimal => n.to_string(),
        F::DecimalZero if n < 10 => format!("0{n}"),
        F::DecimalZero => n.to_string(),
        F::UpperRoman => roman(n, true),
        F::LowerRoman => roman(n, false),
        F::UpperLetter => letters(n, true),
        F::LowerLetter => letters(n, false),
        F::Chinese => chinese(n),
        F::Zodiac => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n.max(1) - 1) as usize % 10)
            .map(String::from)
            .unwrap_or_default(),
        F::Circled if (1..=20).contains(&n) => char::from_u32(0x2460 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        F::Circled => n.to_string(),
        F::None => String::new(),
    }
}

const CN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn chinese(n: u32) -> String {
    match n {
        0..=9 => CN[n as usize].to_string(),
        10..=99 => {
            let mut s = String::new();
            if n / 10 != 1 {
                s.push(CN[(n / 10) as usize]);
            }
            s.push('十');
            if n % 10 != 0 {
                s.push(CN[(n % 10) as usize]);
            }
            s
        }
        _ => n.to_string(),
    }
}

/// a … z, aa … zz, …: Word's letters; at most 100 of them, whatever a hostile file says.
fn letters(n: u32, upper: bool) -> String {
    if n == 0 {
        return String::new();
    }
    let base = if upper { b'A' } else { b'a' };
    let c = (base + ((n - 1) % 26) as u8) as char;
    c.to_string().repeat(((n - 1) / 26 + 1).min(100) as usize)
}

/// Roman numerals up to 3999; decimals beyond (no standard numeral, and a hostile count
/// would otherwise be written as thousands of Ms).
fn roman(mut n: u32, upper: bool) -> String {
    if n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper {
        s.to_ascii_uppercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberFormat as F;

    #[test]
    fn every_format() {
        let w = |n, f| format(n, f);
        assert_eq!(w(3, F::Decimal), "3");
        assert_eq!(
            (w(7, F::DecimalZero), w(12, F::DecimalZero)),
            ("07".into(), "12".into())
        );
        assert_eq!(
            (w(14, F::UpperRoman), w(1994, F::LowerRoman)),
            ("XIV".into(), "mcmxciv".into())
        );
        assert_eq!(w(4000, F::UpperRoman), "4000");
        assert_eq!(
            (w(1, F::LowerLetter), w(28, F::UpperLetter)),
            ("a".into(), "BB".into())
        );
        assert_eq!(w(u32::MAX, F::LowerLetter).len(), 100);
        let cn: Vec<String> = [1, 10, 11, 20, 21, 99, 100]
            .iter()
            .map(|&n| w(n, F::Chinese))
            .collect();
        assert_eq!(cn, ["一", "十", "十一", "二十", "二十一", "九十九", "100"]);
        assert_eq!(
            (w(1, F::Zodiac), w(11, F::Zodiac)),
            ("甲".into(), "甲".into())
        );
        assert_eq!(
            (w(1, F::Circled), w(20, F::Circled), w(21, F::Circled)),
            ("①".into(), "⑳".into(), "21".into())
        );
        assert_eq!(w(5, F::None), "");
    }
}
