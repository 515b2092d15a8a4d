//! The OLE compound file ("Compound File Binary", MS-CFB) that holds a .doc or .wps:
//! a small FAT file system of 512-byte (version 3) or 4096-byte (version 4) sectors.
//! Only reading, and only what a Word reader needs: the header, the sector allocation
//! table (FAT, found through the DIFAT), the mini stream and its MiniFAT, and the
//! directory, whose root storage's streams are looked up by name.
//!
//! Tolerant where writers are sloppy: WPS leaves the file's last sector unpadded, so a
//! sector that the file ends inside reads as its bytes followed by zeros. Strict where
//! a hostile file could make reading hang or explode: every chain is followed at most
//! once per sector of the file (a cycle is an error), and every count is checked
//! against the file's size before anything is allocated.

use crate::{damaged, Error};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector "numbers" at or above this are markers (free, end of chain, FAT, DIFAT).
const MAX_REG_SECT: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const NO_STREAM: u32 = 0xFFFF_FFFF;

pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

pub struct Entry {
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    kind: u8,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    size: u64,
}

pub struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    /// Sectors the file has room for, the last one possibly short (WPS).
    sectors: u32,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    mini_stream: Vec<u8>,
    cutoff: u64,
    entries: Vec<Entry>,
}

impl<'a> Cfb<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Cfb<'a>, Error> {
        if !is_cfb(bytes) || bytes.len() < 512 {
            return Err(damaged("文件头不完整"));
        }
        let shift = u32::from(u16_at(bytes, 0x1E));
        let mini_shift = u32::from(u16_at(bytes, 0x20));
        if !(shift == 9 || shift == 12) || mini_shift != 6 {
            return Err(damaged("复合文档的扇区大小无效"));
        }
        let sector_size = 1usize << shift;
        // Sector n starts at (n + 1) << shift: the header takes sector "-1".
        let body = bytes.len().saturating_sub(sector_size);
        let sectors = u32::try_from(body.div_ceil(sector_size)).unwrap_or(u32::MAX);
        let mut cfb = Cfb {
            bytes,
            shift,
            sectors,
            fat: Vec::new(),
            minifat: Vec::new(),
            mini_stream: Vec::new(),
            cutoff: u64::from(u32_at(bytes, 0x38)),
            entries: Vec::new(),
        };
        cfb.read_fat()?;
        let dir = cfb.chain(u32_at(bytes, 0x30), None)?;
        cfb.entries = dir
            .chunks_exact(128)
            .map(|e| {
                let len = (u16_at(e, 0x40) as usize).min(64) / 2;
                let units: Vec<u16> = (0..len.saturating_sub(1))
                    .map(|i| u16_at(e, i * 2))
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[0x42],
                    left: u32_at(e, 0x44),
                    right: u32_at(e, 0x48),
                    child: u32_at(e, 0x4C),
                    start: u32_at(e, 0x74),
                    // Version 3 files may leave garbage in the high half.
                    size: if shift == 9 {
                        u64::from(u32_at(e, 0x78))
                    } else {
                        u64::from(u32_at(e, 0x78)) | (u64::from(u32_at(e, 0x7C)) << 32)
                    },
                }
            })
            .collect();
        let root = cfb
            .entries
            .first()
            .ok_or_else(|| damaged("复合文档没有目录"))?;
        if root.kind != 5 {
            return Err(damaged("复合文档的根目录无效"));
        }
        let (root_start, root_size) = (root.start, root.size);
        let minifat_start = u32_at(bytes, 0x3C);
        if minifat_start <= MAX_REG_SECT && root_start <= MAX_REG_SECT {
            let raw = cfb.chain(minifat_start, None)?;
            cfb.minifat = raw.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
            cfb.mini_stream = cfb.chain(root_start, Some(root_size))?;
        }
        Ok(cfb)
    }

    /// The FAT: the sectors the DIFAT (109 entries in the header, then a chain of DIFAT
    /// sectors) lists, concatenated.
    fn read_fat(&mut self) -> Result<(), Error> {
        let per_sector = (1usize << self.shift) / 4;
        let declared = u32_at(self.bytes, 0x2C) as usize;
        if declared > self.sectors as usize {
            return Err(damaged("复合文档的扇区分配表大小超出文件"));
        }
        let mut fat_sectors: Vec<u32> = (0..109)
            .map(|i| u32_at(self.bytes, 0x4C + 4 * i))
            .filter(|&s| s <= MAX_REG_SECT)
            .collect();
        let mut next = u32_at(self.bytes, 0x44);
        let mut hops = 0u32;
        while next <= MAX_REG_SECT && fat_sectors.len() < declared {
            hops += 1;
            if hops > self.sectors {
                return Err(damaged("复合文档的分配表链成环"));
            }
            let s = self.sector(next)?;
            fat_sectors.extend(
                (0..per_sector - 1)
                    .map(|i| u32_at(s, 4 * i))
                    .filter(|&s| s <= MAX_REG_SECT),
            );
            next = u32_at(s, 4 * (per_sector - 1));
        }
        fat_sectors.truncate(declared.max(1));
        let mut fat = Vec::with_capacity(fat_sectors.len() * per_sector);
        for n in fat_sectors {
            let s = self.sector(n)?;
            fat.extend((0..per_sector).map(|i| u32_at(s, 4 * i)));
        }
        self.fat = fat;
        Ok(())
    }

    /// Sector `n`'s bytes; the file's last sector may be short (zeros are implied).
    fn sector(&self, n: u32) -> Result<&'a [u8], Error> {
        if n >= self.sectors {
            return Err(damaged("文件不完整（扇区超出文件末尾）"));
        }
        let size = 1usize << self.shift;
        let at = (n as usize + 1) * size;
        Ok(&self.bytes[at..(at + size).min(self.bytes.len())])
    }

    /// The bytes of the chain of (regular) sectors starting at `start`, cut to `size`
    /// when given.
    fn chain(&self, start: u32, size: Option<u64>) -> Result<Vec<u8>, Error> {
        let sector_size = 1usize << self.shift;
        let want = size.map(|s| s as usize);
        if let Some(w) = want {
            if w > self.bytes.len() {
                return Err(damaged("流的大小超出文件"));
            }
        }
        let mut out = Vec::with_capacity(want.unwrap_or(0));
        let mut at = start;
        // A sector met twice: the chain loops (its data would repeat or never end).
        let mut seen = vec![false; self.sectors as usize];
        while at != END_OF_CHAIN {
            if want.is_some_and(|w| out.len() >= w) {
                break;
            }
            if at > MAX_REG_SECT {
                return Err(damaged("复合文档的分配链无效"));
            }
            let s = self.sector(at)?;
            if std::mem::replace(&mut seen[at as usize], true) {
                return Err(damaged("复合文档的分配链成环"));
            }
            out.extend_from_slice(s);
            out.resize(out.len() + (sector_size - s.len()), 0);
            at = *self
                .fat
                .get(at as usize)
                .ok_or_else(|| damaged("复合文档的分配链超出分配表"))?;
        }
        if let Some(w) = want {
            if out.len() < w {
                return Err(damaged("流比记录的短"));
            }
            out.truncate(w);
        }
        Ok(out)
    }

    /// A stream in the mini stream (64-byte mini sectors chained by the MiniFAT).
    fn mini_chain(&self, start: u32, size: u64) -> Result<Vec<u8>, Error> {
        let want = size as usize;
        let mut out = Vec::with_capacity(want.min(self.mini_stream.len()));
        let mut at = start;
        let mut seen = vec![false; self.minifat.len()];
        while out.len() < want {
            if at > MAX_REG_SECT {
                return Err(damaged("复合文档的小流分配链无效"));
            }
            match seen.get_mut(at as usize) {
                Some(s) if !*s => *s = true,
                Some(_) => return Err(damaged("复合文档的小流分配链成环")),
                None => return Err(damaged("小流扇区超出分配表")),
            }
            let from = at as usize * 64;
            let s = self
                .mini_stream
                .get(from..from + 64)
                .ok_or_else(|| damaged("小流扇区超出范围"))?;
            out.extend_from_slice(s);
            at = self.minifat[at as usize];
        }
        out.truncate(want);
        Ok(out)
    }

    /// The streams and storages directly in the root storage (its children's
    /// red-black tree), each visited once however the links point.
    pub fn root_children(&self) -> Vec<&Entry> {
        let mut seen = vec![false; self.entries.len()];
        let mut stack = vec![self.entries[0].child];
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            let i = i as usize;
            if i >= self.entries.len() || seen[i] {
                continue;
            }
            seen[i] = true;
            let e = &self.entries[i];
            if e.kind == 1 || e.kind == 2 {
                out.push(e);
            }
            stack.push(e.left);
            stack.push(e.right);
        }
        out
    }

    /// The root stream named `name` (case-insensitive, as CFB compares names).
    pub fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(e) = self
            .root_children()
            .into_iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        if e.start == NO_STREAM || e.size == 0 {
            return Ok(Some(Vec::new()));
        }
        if e.size > self.bytes.len() as u64 {
            return Err(damaged("流的大小超出文件"));
        }
        if e.size < self.cutoff {
            self.mini_chain(e.start, e.size).map(Some)
        } else {
            self.chain(e.start, Some(e.size)).map(Some)
        }
    }

    /// Whether the root has a stream or storage of this name.
    pub fn has(&self, name: &str) -> bool {
        self.root_children()
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }
}
