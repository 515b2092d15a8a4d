//! Reading parts out of a zip archive (a .docx) without trusting it: the sizes in its
//! headers are ignored, decompression stops at a limit, and every part's checksum is
//! verified, so a truncated, corrupted or "zip bomb" file gets a clear message instead
//! of a frozen page.

/// A size for a message: "3.0 MB", "12.5 KB", "800 字节".
fn human_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} 字节")
    }
}

/// The most a part may expand to. A report's `word/document.xml` is a few hundred KB;
/// the limit leaves room for very long reports with heavy formatting.
pub const MAX_UNPACKED_BYTES: usize = 32 * 1024 * 1024;
/// The most a part may expand relative to its compressed size (beyond
/// [`RATIO_FREE_BYTES`]). WordprocessingML compresses 5–30 times; deflate cannot exceed
/// about 1,000 times, which is what zip bombs use.
pub const MAX_EXPANSION_RATIO: usize = 200;
/// Parts up to this size are never refused for their ratio: a short, very regular XML
/// part may compress far better than a whole document.
pub const RATIO_FREE_BYTES: usize = 1024 * 1024;
/// The most entries looked at: a .docx has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Not a readable zip archive (truncated, corrupted, checksum wrong).
    Broken,
    Encrypted,
    /// A compression method other than store and deflate.
    Method(u16),
    /// The part would expand beyond the limit given (in bytes).
    TooBig {
        entry: String,
        limit: usize,
    },
    TooManyEntries,
}

impl ZipError {
    /// The reason, in Chinese, for an `IN-UNSUPPORTED` finding.
    pub fn reason(&self) -> String {
        match self {
            ZipError::Broken => "文件已损坏或不完整（无法作为 .docx 压缩包解开，或校验不符）".into(),
            ZipError::Encrypted => "压缩包已加密，无法读取其中的文字".into(),
            ZipError::Method(m) => format!("压缩包使用了不支持的压缩方式（编号 {m}）"),
            ZipError::TooBig { entry, limit } => format!(
                "其中的“{entry}”解压后超过 {} 的上限（解压后最多 {}，且超过 {} 时不得超过压缩前的 {} 倍），可能是损坏的文件或“压缩炸弹”",
                human_size(*limit),
                human_size(MAX_UNPACKED_BYTES),
                human_size(RATIO_FREE_BYTES),
                MAX_EXPANSION_RATIO
            ),
            ZipError::TooManyEntries => format!(
                "压缩包中的文件超过 {MAX_ENTRIES} 个，不是正常的 .docx 文档"
            ),
        }
    }
}

/// How far a part of `compressed` bytes may expand.
pub fn expansion_limit(compressed: usize) -> usize {
    compressed
        .saturating_mul(MAX_EXPANSION_RATIO)
        .clamp(RATIO_FREE_BYTES, MAX_UNPACKED_BYTES)
}

struct Entry {
    name: String,
    wayfinder: rawzip::ZipArchiveEntryWayfinder,
    encrypted: bool,
    method: u16,
    crc: u32,
}

pub struct Archive<'a> {
    zip: rawzip::ZipSliceArchive<&'a [u8]>,
    entries: Vec<Entry>,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ZipError> {
        let zip = rawzip::ZipArchive::from_slice(bytes).map_err(|_| ZipError::Broken)?;
        let mut entries = Vec::new();
        let mut iter = zip.entries();
        while let Some(e) = iter.next_entry().map_err(|_| ZipError::Broken)? {
            if entries.len() == MAX_ENTRIES {
                return Err(ZipError::TooManyEntries);
            }
            let name = String::from_utf8_lossy(e.file_path().as_ref()).into_owned();
            entries.push(Entry {
                name,
                wayfinder: e.wayfinder(),
                encrypted: e.flags().is_encrypted(),
                method: e.compression_method().as_u16(),
                crc: e.crc32(),
            });
        }
        Ok(Archive { zip, entries })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    pub fn any_encrypted(&self) -> bool {
        self.entries.iter().any(|e| e.encrypted)
    }

    /// The part named `name` (case-insensitively, as Office does), or `None` if absent.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, ZipError> {
        let name = name.trim_start_matches('/');
        let Some(e) = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        if e.encrypted {
            return Err(ZipError::Encrypted);
        }
        let entry = self
            .zip
            .get_entry(e.wayfinder)
            .map_err(|_| ZipError::Broken)?;
        let data = entry.data();
        let limit = expansion_limit(data.len());
        let out = match e.method {
            0 if data.len() > limit => {
                return Err(ZipError::TooBig {
                    entry: e.name.clone(),
                    limit,
                })
            }
            0 => data.to_vec(),
            8 => inflate(data, limit).map_err(|err| match err {
                ZipError::TooBig { limit, .. } => ZipError::TooBig {
                    entry: e.name.clone(),
                    limit,
                },
                other => other,
            })?,
            m => return Err(ZipError::Method(m)),
        };
        if crc32(&out) != e.crc {
            return Err(ZipError::Broken);
        }
        Ok(Some(out))
    }
}

/// CRC-32 (IEEE), a byte at a time. `rawzip::crc32` is faster but its 16 KB of tables
/// add 14 KB gzip to the WebAssembly module; a report's parts are checked in about a
/// millisecond this way.
pub fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in data {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// Inflates raw deflate data, refusing to produce more than `limit` bytes.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, ZipError> {
    use miniz_oxide::inflate::TINFLStatus;
    match miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit) {
        Ok(v) => Ok(v),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(ZipError::TooBig {
            entry: String::new(),
            limit,
        }),
        Err(_) => Err(ZipError::Broken),
    }
}

/// One entry for [`write_zip`].
#[derive(Default)]
pub struct NewEntry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    /// Deflated (level 6) rather than stored.
    pub deflate: bool,
    /// The body padded with zero bytes (after the deflate stream, which readers ignore)
    /// to at least this size: tests of the expansion-ratio limit set an exact compressed
    /// size this way. 0 for none.
    pub pad_to: usize,
}

/// Bit 11 of the general-purpose flags: the names are UTF-8.
pub const FLAG_UTF8: u16 = 0x0800;

/// A zip archive of `entries` (no zip64: our parts are small): the .docx writer's, and
/// the tests' and fuzz targets' way to make archives. `flags` go into every header
/// ([`FLAG_UTF8`]; bit 0, "encrypted", only for tests of the reader's refusal). The date
/// is the zip epoch (1980-01-01), so the same entries always give the same bytes.
pub fn write_zip(entries: &[NewEntry], flags: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let mut body = if e.deflate {
            miniz_oxide::deflate::compress_to_vec(e.data, 6)
        } else {
            e.data.to_vec()
        };
        if body.len() < e.pad_to {
            body.resize(e.pad_to, 0);
        }
        let method: u16 = if e.deflate { 8 } else { 0 };
        let offset = out.len() as u32;
        // The fields the local and the central header share: version needed 2.0, flags,
        // method, time 00:00, date 1980-01-01, CRC, sizes, name length, extra length.
        let mut fixed = Vec::with_capacity(26);
        fixed.extend(20u16.to_le_bytes());
        fixed.extend(flags.to_le_bytes());
        fixed.extend(method.to_le_bytes());
        fixed.extend(0u16.to_le_bytes());
        fixed.extend(0x21u16.to_le_bytes());
        fixed.extend(crc32(e.data).to_le_bytes());
        fixed.extend((body.len() as u32).to_le_bytes());
        fixed.extend((e.data.len() as u32).to_le_bytes());
        fixed.extend((e.name.len() as u16).to_le_bytes());
        fixed.extend(0u16.to_le_bytes());
        out.extend(b"PK\x03\x04");
        out.extend(&fixed);
        out.extend(e.name.as_bytes());
        out.extend(&body);
        // Central header: version made by, the shared fields, then comment length, disk
        // number, internal and external attributes, and where the local header is.
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes());
        central.extend(&fixed);
        central.extend([0u8; 10]);
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Tests' shorthand: `(name, data, deflate)` entries, flagged as encrypted or not.
#[cfg(test)]
pub(crate) fn build(entries: &[(&str, &[u8], bool)], encrypted: bool) -> Vec<u8> {
    let entries: Vec<NewEntry> = entries
        .iter()
        .map(|&(name, data, deflate)| NewEntry {
            name,
            data,
            deflate,
            ..NewEntry::default()
        })
        .collect();
    write_zip(&entries, u16::from(encrypted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        assert_eq!(crc32(&data), rawzip::crc32(&data));
    }

    #[test]
    fn reads_stored_and_deflated_parts() {
        let zip = build(
            &[
                ("a.txt", b"hello", false),
                ("Word/Document.xml", &[b'x'; 5000], true),
            ],
            false,
        );
        let a = Archive::open(&zip).unwrap();
        assert_eq!(a.read("a.txt").unwrap().unwrap(), b"hello");
        assert_eq!(a.read("word/document.xml").unwrap().unwrap().len(), 5000);
        assert_eq!(a.read("missing").unwrap(), None);
    }

    #[test]
    fn limits_at_and_just_past_the_edge() {
        // The ratio-free size: allowed whatever the ratio, one byte more is not.
        let at = vec![0u8; RATIO_FREE_BYTES];
        let zip = build(&[("p", &at, true)], false);
        assert!(Archive::open(&zip).unwrap().read("p").unwrap().is_some());
        let past = vec![0u8; RATIO_FREE_BYTES + 1];
        let zip = build(&[("p", &past, true)], false);
        match Archive::open(&zip).unwrap().read("p") {
            Err(ZipError::TooBig { entry, limit }) => {
                assert_eq!(entry, "p");
                assert_eq!(limit, RATIO_FREE_BYTES);
            }
            other => panic!("{other:?}"),
        }
        // The limit itself, and inflation stopping exactly there.
        assert_eq!(expansion_limit(10), RATIO_FREE_BYTES);
        assert_eq!(expansion_limit(RATIO_FREE_BYTES), MAX_UNPACKED_BYTES);
        assert_eq!(
            expansion_limit(MAX_UNPACKED_BYTES.div_ceil(MAX_EXPANSION_RATIO)),
            MAX_UNPACKED_BYTES
        );
        let data = miniz_oxide::deflate::compress_to_vec(&[7u8; 1000], 6);
        assert_eq!(inflate(&data, 1000).unwrap().len(), 1000);
        assert!(matches!(
            inflate(&data, 999),
            Err(ZipError::TooBig { limit: 999, .. })
        ));
    }

    #[test]
    fn broken_and_encrypted_archives() {
        let zip = build(&[("p", b"some text that is long enough", true)], false);
        assert_eq!(
            Archive::open(&zip[..zip.len() - 10]).err(),
            Some(ZipError::Broken)
        );
        let mut corrupt = zip.clone();
        corrupt[40] ^= 0xFF;
        assert!(Archive::open(&corrupt).unwrap().read("p").is_err());
        let enc = build(&[("p", b"secret", false)], true);
        let a = Archive::open(&enc).unwrap();
        assert!(a.any_encrypted());
        assert_eq!(a.read("p").err(), Some(ZipError::Encrypted));
        assert!(ZipError::TooBig {
            entry: "word/document.xml".into(),
            limit: MAX_UNPACKED_BYTES
        }
        .reason()
        .contains("32.0 MB"));
    }
}
