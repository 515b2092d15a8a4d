//! Automatic list numbers (MS-DOC 2.9.147 LSTF, LVL, LFO): a numbered paragraph names a
//! list instance (ilfo) and a level; the instance names a list (lsid) and may override
//! start values; the list's level gives the number format (nfc), the start value and the
//! number text, where characters 0–8 stand for the numbers of levels 0–8. Counted as
//! the .docx reader counts: per instance, a level restarting when a higher level moves
//! on. A paragraph is in a list through its own properties or through its style
//! (styles.rs); a level linked to a style only through the list's rgistdPara is not
//! read.

use std::collections::BTreeMap;

use crate::{u16_at, u32_at};

const MAX_LISTS: usize = 10_000;
/// The longest number text kept, in UTF-16 units.
const MAX_TEXT: usize = 32;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    nfc: u8,
    legal: bool,
    text: Vec<u16>,
}

#[derive(Default)]
pub struct Lists {
    /// lsid → levels (the first list of an lsid).
    lists: BTreeMap<u32, Vec<Level>>,
    /// Per instance (ilfo − 1): lsid and start overrides by level.
    instances: Vec<(u32, [Option<u32>; 9])>,
}

/// One LVL at `at`: the level and where the next begins.
fn level(b: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = b.get(at..at + 28)?;
    let chpx = lvlf[24] as usize;
    let papx = lvlf[25] as usize;
    let xst = at + 28 + papx + chpx;
    let cch = u16_at(b, xst) as usize;
    b.get(xst..xst + 2 + 2 * cch)?;
    // Word's number texts are short; a longer one is cut (it is put before every
    // paragraph of its level).
    let text: Vec<u16> = (0..cch.min(MAX_TEXT))
        .map(|i| u16_at(b, xst + 2 + 2 * i))
        .collect();
    Some((
        Level {
            start: u32_at(lvlf, 0).min(100_000),
            nfc: lvlf[4],
            legal: lvlf[5] & 4 != 0,
            text,
        },
        xst + 2 + 2 * cch,
    ))
}

impl Lists {
    /// From the table stream: the lists (PlfLst at `lst`, its LVLs following its
    /// `lst_len` bytes) and the instances (PlfLfo).
    pub fn parse(table: &[u8], lst: usize, lst_len: usize, lfo: &[u8]) -> Lists {
        let mut out = Lists::default();
        let b = table.get(lst..).unwrap_or(&[]);
        if lst_len >= 2 {
            let count = (u16_at(b, 0) as usize).min(MAX_LISTS);
            let mut at = lst_len;
            for i in 0..count {
                let lstf = 2 + 28 * i;
                if lstf + 28 > lst_len.min(b.len()) {
                    break;
                }
                let lsid = u32_at(b, lstf);
                let simple = b[lstf + 26] & 1 != 0;
                let mut levels = Vec::new();
                for _ in 0..if simple { 1 } else { 9 } {
                    let Some((lv, next)) = level(b, at) else {
                        break;
                    };
                    levels.push(lv);
                    at = next;
                }
                out.lists.entry(lsid).or_insert(levels);
            }
        }
        let count = (u32_at(lfo, 0) as usize).min(MAX_LISTS);
        if lfo.len() < 4 + count * 16 {
            return out;
        }
        let mut data = 4 + count * 16;
        for i in 0..count {
            let at = 4 + 16 * i;
            let lsid = u32_at(lfo, at);
            let levels = lfo[at + 12] as usize;
            let mut starts = [None; 9];
            // LFOData: a CP, then the level overrides.
            data += 4;
            for _ in 0..levels.min(9) {
                let Some(head) = lfo.get(data..data + 8) else {
                    break;
                };
                let start = u32_at(head, 0);
                let flags = u32_at(head, 4);
                data += 8;
                let ilvl = (flags & 0xF) as usize;
                if flags & 0x10 != 0 && ilvl < 9 {
                    starts[ilvl] = Some(start.min(100_000));
                }
                if flags & 0x20 != 0 {
                    match level(lfo, data) {
                        Some((_, next)) => data = next,
                        None => break,
                    }
                }
            }
            out.instances.push((lsid, starts));
        }
        out
    }

    fn level(&self, ilfo: u16, ilvl: usize) -> Option<(&Level, u32)> {
        let (lsid, starts) = self.instances.get(usize::from(ilfo).checked_sub(1)?)?;
        let levels = self.lists.get(lsid)?;
        let lv = levels.get(ilvl)?;
        Some((lv, starts[ilvl].unwrap_or(lv.start)))
    }
}

/// The counters of the list instances met so far.
#[derive(Default)]
pub struct Counters {
    counters: BTreeMap<u16, [Option<u32>; 9]>,
}

impl Counters {
    /// The number of the next paragraph of instance `ilfo` at level `ilvl`, with the
    /// separator that puts it before the text ("一、", "1. "), or `None` for bullets
    /// and unknown lists.
    pub fn label(&mut self, lists: &Lists, ilfo: u16, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl.min(8));
        let (this, start) = lists.level(ilfo, ilvl)?;
        let counters = self.counters.entry(ilfo).or_insert([None; 9]);
        counters[ilvl] = Some(counters[ilvl].map_or(start, |c| c.saturating_add(1)));
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let counters = *counters;
        if this.nfc == 0x17 {
            return None;
        }
        let mut label = String::new();
        for &u in &this.text {
            if u < 9 {
                let l = u as usize;
                let (lv, start) = lists.level(ilfo, l).unwrap_or((this, 1));
                let nfc = if this.legal { 0 } else { lv.nfc };
                label.push_str(&format_number(counters[l].unwrap_or(start), nfc));
            } else {
                label.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'));
            }
        }
        let joined = label.is_empty() || label.ends_with(['、', '.', '．', '）', ')', '：', ':']);
        if !joined {
            label.push(' ');
        }
        Some(label)
    }
}

/// A number in an MS-DOC number format (MSONFC); the others as decimals, the same
/// choices as the .docx reader's.
fn format_number(n: u32, nfc: u8) -> String {
    use nianbao_items::list_number::{self, NumberFormat as F};
    let f = match nfc {
        1 => F::UpperRoman,
        2 => F::LowerRoman,
        3 => F::UpperLetter,
        4 => F::LowerLetter,
        // Chinese and Japanese counting (DbNum1/2, the Taiwanese and Chinese DbNums).
        0x0A | 0x0B | 0x21 | 0x23 | 0x24 | 0x25 | 0x26 | 0x27 | 0x28 => F::Chinese,
        // Circled numbers (also the Chinese circled).
        0x12 | 0x1C => F::Circled,
        0x16 => F::DecimalZero,
        // Zodiac (甲乙丙 …).
        0x1E => F::Zodiac,
        0xFF => F::None,
        _ => F::Decimal,
    };
    list_number::format(n, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lvl(start: u32, nfc: u8, text: &str) -> Vec<u8> {
        let mut b = vec![0u8; 28];
        b[0..4].copy_from_slice(&start.to_le_bytes());
        b[4] = nfc;
        let units: Vec<u16> = text
            .chars()
            .map(|c| match c {
                '0'..='8' => c as u16 - '0' as u16,
                c => c as u16,
            })
            .collect();
        b.extend((units.len() as u16).to_le_bytes());
        for u in units {
            b.extend(u.to_le_bytes());
        }
        b
    }

    #[test]
    fn counts_levels_and_formats() {
        // One list (lsid 7) of nine levels: 一、 （一） 1.
        let mut lst = vec![1, 0];
        let mut lstf = vec![0u8; 28];
        lstf[0..4].copy_from_slice(&7u32.to_le_bytes());
        lst.extend(lstf);
        let len = lst.len();
        lst.extend(lvl(1, 0x27, "0、"));
        lst.extend(lvl(1, 0x27, "（1）"));
        for _ in 2..9 {
            lst.extend(lvl(1, 0, "0.2."));
        }
        // Two instances of it, the second starting level 0 at 5.
        let mut lfo = 2u32.to_le_bytes().to_vec();
        for overrides in [0u8, 1] {
            let mut l = vec![0u8; 16];
            l[0..4].copy_from_slice(&7u32.to_le_bytes());
            l[12] = overrides;
            lfo.extend(l);
        }
        lfo.extend([0u8; 4]);
        lfo.extend([0u8; 4]);
        lfo.extend(5u32.to_le_bytes());
        lfo.extend(0x10u32.to_le_bytes());
        let lists = Lists::parse(&lst, 0, len, &lfo);
        let mut c = Counters::default();
        let mut next = |ilfo: u16, l: u8| c.label(&lists, ilfo, l).unwrap_or_default();
        assert_eq!(next(1, 0), "一、");
        assert_eq!(next(1, 1), "（一）");
        assert_eq!(next(1, 1), "（二）");
        assert_eq!(next(1, 2), "一.1.");
        assert_eq!(next(1, 0), "二、");
        assert_eq!(next(1, 1), "（一）");
        assert_eq!(next(2, 0), "五、");
        assert_eq!(next(3, 0), "");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(10, 0x0A), "十");
        assert_eq!(format_number(16, 0x0A), "十六");
        assert_eq!(format_number(20, 0x0A), "二十");
        assert_eq!(format_number(35, 0x0A), "三十五");
        assert_eq!(format_number(3, 0x12), "③");
        assert_eq!(format_number(4, 1), "IV");
        assert_eq!(format_number(28, 4), "bb");
    }
}
