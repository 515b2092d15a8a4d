//! The style sheet (MS-DOC STSH), for one thing: list numbers that a paragraph has
//! through its style (a heading style linked to a numbered list) rather than in its
//! own properties. Each paragraph style's list instance and level, its base styles'
//! first, are worked out once when the file is opened.

use crate::{sprm, u16_at};

/// The most styles read (Word allows 4 095).
const MAX_STYLES: usize = 4096;
/// How deep styles may be based on one another before the chain is cut.
const MAX_BASES: usize = 16;

/// Each style's list (ilfo, ilvl), by istd: (0, 0) for none.
#[derive(Default)]
pub struct Styles {
    numbering: Vec<(u16, u8)>,
}

impl Styles {
    pub fn parse(stsh: &[u8]) -> Styles {
        let cb_stshi = u16_at(stsh, 0) as usize;
        let cstd = (u16_at(stsh, 2) as usize).min(MAX_STYLES);
        let base_size = u16_at(stsh, 4) as usize;
        // Per style: its base (0x0FFF for none) and its own numbering sprms.
        let mut own: Vec<(usize, Option<u16>, Option<u8>)> = Vec::with_capacity(cstd);
        let mut at = 2 + cb_stshi;
        for _ in 0..cstd {
            let cb = u16_at(stsh, at) as usize;
            let std = stsh.get(at + 2..at + 2 + cb).unwrap_or(&[]);
            at += 2 + cb;
            own.push(style(std, base_size));
            if at >= stsh.len() {
                break;
            }
        }
        let numbering = (0..own.len())
            .map(|istd| {
                // The chain of bases, nearest first, cut when it loops or runs long.
                let mut chain = vec![istd];
                while let Some(&(base, _, _)) = own.get(*chain.last().unwrap_or(&0)) {
                    if base >= own.len() || chain.contains(&base) || chain.len() > MAX_BASES {
                        break;
                    }
                    chain.push(base);
                }
                let (mut ilfo, mut ilvl) = (0, 0);
                for &s in chain.iter().rev() {
                    let (_, f, l) = own[s];
                    ilfo = f.unwrap_or(ilfo);
                    ilvl = l.unwrap_or(ilvl);
                }
                (ilfo, ilvl)
            })
            .collect();
        Styles { numbering }
    }

    /// The list a paragraph of style `istd` is in: (0, 0) for none.
    pub fn numbering(&self, istd: u16) -> (u16, u8) {
        self.numbering.get(istd as usize).copied().unwrap_or((0, 0))
    }
}

/// One STD: its base style and the numbering sprms of its paragraph properties.
fn style(std: &[u8], base_size: usize) -> (usize, Option<u16>, Option<u8>) {
    let none = (usize::MAX, None, None);
    if std.len() < 10 {
        return none;
    }
    let stk = u16_at(std, 2) & 0xF;
    let base = (u16_at(std, 2) >> 4) as usize;
    // Only paragraph styles (stk 1) carry paragraph properties.
    if stk != 1 {
        return (base, None, None);
    }
    // The name (a length, UTF-16, a terminating zero), then the UPXs, the paragraph
    // properties first: a size, the style's istd, the sprms.
    let name = base_size;
    let upx = name + 2 + 2 * u16_at(std, name) as usize + 2;
    let cb = u16_at(std, upx) as usize;
    let Some(papx) = std.get(upx + 2..upx + 2 + cb) else {
        return (base, None, None);
    };
    let (mut ilfo, mut ilvl) = (None, None);
    for (op, arg) in sprm::iter(papx.get(2..).unwrap_or(&[])) {
        match op {
            sprm::P_ILFO => ilfo = Some(sprm::word(arg)),
            sprm::P_ILVL => ilvl = Some(sprm::byte(arg).min(8)),
            _ => {}
        }
    }
    (base, ilfo, ilvl)
}
