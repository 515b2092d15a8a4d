//! A minimal zip writer, for building .docx files in fuzz targets and tests: stored or
//! deflated entries, an exact compressed size when asked (padding after the deflate
//! stream, which readers ignore), no zip64.

/// One entry: its name, its bytes, and how to store them.
pub struct Entry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    pub method: Method,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    /// Deflated, then padded with zero bytes to at least this compressed size.
    Deflated {
        pad_to: usize,
    },
}

/// CRC-32 (IEEE).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                0xEDB8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The compressed body of an entry as written.
pub fn body(e: &Entry) -> Vec<u8> {
    match e.method {
        Method::Stored => e.data.to_vec(),
        Method::Deflated { pad_to } => {
            let mut b = miniz_oxide::deflate::compress_to_vec(e.data, 9);
            if b.len() < pad_to {
                b.resize(pad_to, 0);
            }
            b
        }
    }
}

pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let data = body(e);
        let method: u16 = match e.method {
            Method::Stored => 0,
            Method::Deflated { .. } => 8,
        };
        let crc = crc32(e.data);
        let offset = out.len() as u32;
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 0);
        u16le(&mut out, method);
        u16le(&mut out, 0);
        u16le(&mut out, 0x21);
        u32le(&mut out, crc);
        u32le(&mut out, data.len() as u32);
        u32le(&mut out, e.data.len() as u32);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&data);

        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20);
        u16le(&mut central, 20);
        u16le(&mut central, 0);
        u16le(&mut central, method);
        u16le(&mut central, 0);
        u16le(&mut central, 0x21);
        u32le(&mut central, crc);
        u32le(&mut central, data.len() as u32);
        u32le(&mut central, e.data.len() as u32);
        u16le(&mut central, e.name.len() as u16);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

/// A .docx holding `document_xml` as `word/document.xml`, stored.
pub fn docx_stored(document_xml: &[u8]) -> Vec<u8> {
    zip(&[Entry {
        name: "word/document.xml",
        data: document_xml,
        method: Method::Stored,
    }])
}
