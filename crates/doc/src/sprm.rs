//! Property modifiers (sprms, MS-DOC 2.6): an opcode and an operand whose size the
//! opcode tells. Walked, never trusted: a list that runs past its end just stops.

pub const P_ILVL: u16 = 0x260A;
/// Properties too large for their page, kept in the Data stream (an offset there).
pub const P_HUGE_PAPX: u16 = 0x6646;
pub const P_ILFO: u16 = 0x460B;
pub const P_IN_TABLE: u16 = 0x2416;
pub const P_TTP: u16 = 0x2417;
pub const P_ITAP: u16 = 0x6649;
pub const P_DTAP: u16 = 0x664A;
pub const P_INNER_TTP: u16 = 0x244C;
pub const T_DEF_TABLE: u16 = 0xD608;
pub const T_MERGE: u16 = 0x5624;
pub const T_SPLIT: u16 = 0x5625;
pub const T_VERT_MERGE: u16 = 0xD62B;
pub const C_VANISH: u16 = 0x083C;
pub const C_RMARK_DEL: u16 = 0x0800;

const P_CHG_TABS: u16 = 0xC615;
const T_DEF_TABLE10: u16 = 0xD606;

/// The sprms in `grpprl`, in order: (opcode, operand).
pub fn iter(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let op = u16::from_le_bytes([*grpprl.get(at)?, *grpprl.get(at + 1)?]);
        let start = at + 2;
        let (skip, len) = match op >> 13 {
            0 | 1 => (0, 1),
            2 | 4 | 5 => (0, 2),
            3 => (0, 4),
            7 => (0, 3),
            _ => match op {
                // A two-byte size, counting itself less one.
                T_DEF_TABLE | T_DEF_TABLE10 => {
                    let cb = u16::from_le_bytes([*grpprl.get(start)?, *grpprl.get(start + 1)?]);
                    (2, (cb as usize).saturating_sub(1))
                }
                // 255: the size is worked out from the content (deleted and added tabs).
                P_CHG_TABS if *grpprl.get(start)? == 255 => {
                    let del = *grpprl.get(start + 1)? as usize;
                    let add_at = start + 2 + del * 4;
                    let add = *grpprl.get(add_at)? as usize;
                    (1, 1 + del * 4 + 1 + add * 3)
                }
                _ => (1, *grpprl.get(start)? as usize),
            },
        };
        let from = start + skip;
        let to = from.checked_add(len)?;
        let operand = grpprl.get(from..to)?;
        at = to;
        Some((op, operand))
    })
}

pub fn byte(operand: &[u8]) -> u8 {
    operand.first().copied().unwrap_or(0)
}

pub fn word(operand: &[u8]) -> u16 {
    u16::from_le_bytes([byte(operand), operand.get(1).copied().unwrap_or(0)])
}

pub fn long(operand: &[u8]) -> i32 {
    let b = |i: usize| operand.get(i).copied().unwrap_or(0);
    i32::from_le_bytes([b(0), b(1), b(2), b(3)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_by_kind() {
        let g = [
            0x16, 0x24, 1, // PFInTable
            0x49, 0x66, 2, 0, 0, 0, // PItap
            0x08, 0xD6, 3, 0, 9, 8, // TDefTable, cb 3 → two bytes
            0x2B, 0xD6, 2, 1, 3, // TVertMerge
            0x17, 0x24, // truncated
        ];
        let v: Vec<(u16, Vec<u8>)> = iter(&g).map(|(o, b)| (o, b.to_vec())).collect();
        assert_eq!(
            v,
            vec![
                (P_IN_TABLE, vec![1]),
                (P_ITAP, vec![2, 0, 0, 0]),
                (T_DEF_TABLE, vec![9, 8]),
                (T_VERT_MERGE, vec![1, 3]),
            ]
        );
    }
}
