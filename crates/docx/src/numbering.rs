//! Word's automatic list numbers. A heading typed as "总体情况" in a list whose format is
//! "%1、" in Chinese counting shows (and copies) as "一、总体情况"; without the number the
//! section headings would be lost. Reads `word/numbering.xml` (abstract formats, the
//! numbering instances that use them, start overrides) and counts as Word does: per
//! instance, a level's counter restarting when a higher level moves on.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    counters: HashMap<String, [Option<u32>; 9]>,
}

fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().to_vec()
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

impl Numbering {
    /// Reads `numbering.xml`; anything unreadable just numbers nothing.
    pub fn parse(xml: &[u8]) -> Numbering {
        let mut n = Numbering::default();
        let mut r = quick_xml::Reader::from_reader(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        loop {
            let (e, empty) = match r.read_event() {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    match e.local_name().as_ref() {
                        b"abstractNum" => abstract_id = None,
                        b"num" => num_id = None,
                        b"lvl" | b"lvlOverride" => level = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => continue,
            };
            let name = local(&e);
            let val = attr(&e, b"val");
            match name.as_slice() {
                b"abstractNum" if !empty => abstract_id = attr(&e, b"abstractNumId"),
                b"num" if !empty => num_id = attr(&e, b"numId"),
                b"lvl" | b"lvlOverride" if !empty => {
                    level = attr(&e, b"ilvl")
                        .and_then(|v| v.parse().ok())
                        .filter(|&l| l < 9)
                }
                b"abstractNumId" => {
                    if let (Some(id), Some(v)) = (&num_id, val) {
                        n.nums.entry(id.clone()).or_default().0 = v;
                    }
                }
                b"startOverride" => {
                    if let (Some(id), Some(l), Some(v)) = (&num_id, level, val) {
                        let start = v.parse().unwrap_or(1);
                        n.nums.entry(id.clone()).or_default().1.insert(l, start);
                    }
                }
                b"start" | b"numFmt" | b"lvlText" if num_id.is_none() => {
                    if let (Some(id), Some(l), Some(v)) = (&abstract_id, level, val) {
                        let levels = n.abstracts.entry(id.clone()).or_default();
                        if levels.len() <= l {
                            levels.resize(l + 1, Level::default());
                        }
                        let lv = &mut levels[l];
                        match name.as_slice() {
                            b"start" => lv.start = v.parse().unwrap_or(1),
                            b"numFmt" => lv.format = v,
                            _ => lv.text = v,
                        }
                    }
                }
                _ => {}
            }
        }
        n
    }

    fn level(&self, num: &str, l: usize) -> Option<(Level, u32)> {
        let (abs, overrides) = self.nums.get(num)?;
        let lv = self.abstracts.get(abs)?.get(l)?.clone();
        let start = overrides.get(&l).copied().unwrap_or(lv.start);
        Some((lv, start))
    }

    /// The number of the next paragraph of list `num` at level `ilvl`, as Word shows it
    /// ("一、", "（二）", "3."), or `None` for bullets and unknown lists.
    pub fn next(&mut self, num: &str, ilvl: usize) -> Option<String> {
        if num == "0" || ilvl >= 9 {
            return None;
        }
        let (this, start) = self.level(num, ilvl)?;
        let counters = self.counters.entry(num.to_string()).or_insert([None; 9]);
        counters[ilvl] = Some(counters[ilvl].map_or(start, |c| c + 1));
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let counters = *counters;
        if this.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let l = d as usize - 1;
                    let (lv, start) = self.level(num, l).unwrap_or((this.clone(), 1));
                    label.push_str(&format_number(counters[l].unwrap_or(start), &lv.format));
                }
                (c, _) => label.push(c),
            }
        }
        Some(label)
    }
}

/// A number in one of Word's formats (`w:numFmt`); unknown formats as decimals.
fn format_number(n: u32, format: &str) -> String {
    use nianbao_items::list_number::{self, NumberFormat as F};
    let f = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => F::Chinese,
        "ideographTraditional" => F::Zodiac,
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => F::Circled,
        "decimalZero" => F::DecimalZero,
        "upperLetter" => F::UpperLetter,
        "lowerLetter" => F::LowerLetter,
        "upperRoman" => F::UpperRoman,
        "lowerRoman" => F::LowerRoman,
        "none" => F::None,
        _ => F::Decimal,
    };
    list_number::format(n, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
    </w:numbering>"#;

    #[test]
    fn counts_levels_and_formats() {
        let mut n = Numbering::parse(XML.as_bytes());
        let mut next = |num: &str, l: usize| n.next(num, l).unwrap_or_default();
        assert_eq!(next("1", 0), "一、");
        assert_eq!(next("1", 1), "（一）");
        assert_eq!(next("1", 1), "（二）");
        assert_eq!(next("1", 2), "一.1.");
        assert_eq!(next("1", 0), "二、");
        assert_eq!(next("1", 1), "（一）");
        assert_eq!(next("2", 0), "五、");
        assert_eq!(next("3", 0), "");
        assert_eq!(next("9", 0), "");
        assert_eq!(next("0", 0), "");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(10, "chineseCounting"), "十");
        assert_eq!(format_number(16, "chineseCounting"), "十六");
        assert_eq!(format_number(20, "chineseCounting"), "二十");
        assert_eq!(format_number(35, "chineseCounting"), "三十五");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
    }
}
