//! Stream filters: FlateDecode (with PNG and TIFF predictors), LZWDecode, ASCIIHexDecode,
//! ASCII85Decode, RunLengthDecode. Image filters are never needed for text and are
//! refused by name.

use crate::lex::{Dict, Obj};
use crate::Fail;

/// Decodes `data` through the filters `dict` names, producing at most `limit` bytes.
pub fn decode(dict: &Dict, data: Vec<u8>, limit: usize) -> Result<Vec<u8>, Fail> {
    let filters: Vec<&[u8]> = match dict.get(b"Filter").or_else(|| dict.get(b"F")) {
        Some(Obj::Name(n)) => vec![n.as_slice()],
        Some(Obj::Array(a)) => a.iter().filter_map(|o| o.as_name()).collect(),
        _ => Vec::new(),
    };
    if filters.len() > 8 {
        return Err(Fail::Unsupported("PDF 文件的数据流解码层数过多".into()));
    }
    let parms: Vec<Option<&Dict>> = match dict.get(b"DecodeParms").or_else(|| dict.get(b"DP")) {
        Some(Obj::Dict(d)) => vec![Some(d)],
        Some(Obj::Array(a)) => a.iter().map(|o| o.as_dict()).collect(),
        _ => Vec::new(),
    };
    let mut data = data;
    for (i, f) in filters.iter().enumerate() {
        let parm = parms.get(i).copied().flatten();
        data = match *f {
            b"FlateDecode" | b"Fl" => predict(parm, inflate(&data, limit)?, limit)?,
            b"LZWDecode" | b"LZW" => {
                let early = parm
                    .and_then(|p| p.get(b"EarlyChange"))
                    .and_then(Obj::as_i64)
                    .unwrap_or(1);
                predict(parm, lzw(&data, early != 0, limit)?, limit)?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data),
            b"ASCII85Decode" | b"A85" => ascii85(&data),
            b"RunLengthDecode" | b"RL" => run_length(&data, limit)?,
            b"Crypt" => data,
            other => {
                return Err(Fail::Unsupported(format!(
                    "PDF 文件使用了本工具不支持的数据压缩方式（{}）",
                    String::from_utf8_lossy(other)
                )))
            }
        };
        if data.len() > limit {
            return Err(Fail::Decoded);
        }
    }
    Ok(data)
}

fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, Fail> {
    use miniz_oxide::inflate::{self, TINFLStatus};
    let attempt = |zlib: bool| {
        if zlib {
            inflate::decompress_to_vec_zlib_with_limit(data, limit)
        } else {
            inflate::decompress_to_vec_with_limit(data, limit)
        }
    };
    match attempt(true) {
        Ok(v) => Ok(v),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(Fail::Decoded),
        // A stream cut short or with a damaged end: keep what inflated. A stream
        // without the zlib header: raw deflate.
        Err(e) if !e.output.is_empty() => Ok(e.output),
        Err(_) => match attempt(false) {
            Ok(v) => Ok(v),
            Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(Fail::Decoded),
            Err(e) => Ok(e.output),
        },
    }
}

fn predict(parm: Option<&Dict>, data: Vec<u8>, limit: usize) -> Result<Vec<u8>, Fail> {
    let Some(p) = parm else { return Ok(data) };
    let get = |k: &[u8], d: i64| p.get(k).and_then(Obj::as_i64).unwrap_or(d);
    let predictor = get(b"Predictor", 1);
    if predictor < 2 {
        return Ok(data);
    }
    let colors = get(b"Colors", 1).clamp(1, 32) as usize;
    let bpc = get(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let columns = get(b"Columns", 1).clamp(1, 1 << 20) as usize;
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row = (colors * bpc * columns).div_ceil(8);
    if predictor == 2 {
        // TIFF predictor 2, 8-bit components only.
        let mut out = data;
        if bpc == 8 {
            for line in out.chunks_mut(row) {
                for i in bpp..line.len() {
                    line[i] = line[i].wrapping_add(line[i - bpp]);
                }
            }
        }
        return Ok(out);
    }
    let mut out = Vec::with_capacity(data.len().min(limit));
    let mut prev = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let kind = chunk[0];
        let mut cur = chunk[1..].to_vec();
        cur.resize(row, 0);
        for i in 0..row {
            let a = if i >= bpp { cur[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = match kind {
                1 => cur[i].wrapping_add(a),
                2 => cur[i].wrapping_add(b),
                3 => cur[i].wrapping_add(((a as u16 + b as u16) / 2) as u8),
                4 => {
                    let p = a as i16 + b as i16 - c as i16;
                    let (pa, pb, pc) = (
                        (p - a as i16).abs(),
                        (p - b as i16).abs(),
                        (p - c as i16).abs(),
                    );
                    let pred = if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    };
                    cur[i].wrapping_add(pred)
                }
                _ => cur[i],
            };
        }
        out.extend_from_slice(&cur);
        if out.len() > limit {
            return Err(Fail::Decoded);
        }
        prev = cur;
    }
    Ok(out)
}

fn lzw(data: &[u8], early: bool, limit: usize) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::new();
    let mut table: Vec<Vec<u8>> = Vec::new();
    let reset = |t: &mut Vec<Vec<u8>>| {
        t.clear();
        t.extend((0..=255u8).map(|b| vec![b]));
        t.push(Vec::new());
        t.push(Vec::new());
    };
    reset(&mut table);
    let mut width = 9;
    let (mut acc, mut nbits) = (0u32, 0u32);
    let mut prev: Option<usize> = None;
    for &byte in data {
        acc = (acc << 8) | byte as u32;
        nbits += 8;
        while nbits >= width {
            let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as usize;
            nbits -= width;
            match code {
                256 => {
                    reset(&mut table);
                    width = 9;
                    prev = None;
                    continue;
                }
                257 => return Ok(out),
                _ => {}
            }
            let entry = if code < table.len() {
                table[code].clone()
            } else if let Some(p) = prev {
                let mut e = table[p].clone();
                e.push(table[p][0]);
                e
            } else {
                return Ok(out);
            };
            if let Some(p) = prev {
                if table.len() < 4096 {
                    let mut n = table[p].clone();
                    n.push(entry[0]);
                    table.push(n);
                }
            }
            out.extend_from_slice(&entry);
            if out.len() > limit {
                return Err(Fail::Decoded);
            }
            prev = Some(code);
            let next = table.len() + usize::from(early);
            width = if next >= 2048 {
                12
            } else if next >= 1024 {
                11
            } else if next >= 512 {
                10
            } else {
                9
            };
        }
        acc &= (1 << nbits) - 1;
    }
    Ok(out)
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut hi = None;
    for &c in data {
        if c == b'>' {
            break;
        }
        if let Some(v) = crate::lex::hexval(c) {
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    out
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group = [0u8; 5];
    let mut n = 0;
    let mut i = 0;
    if data.starts_with(b"<~") {
        i = 2;
    }
    while i < data.len() {
        let c = data[i];
        i += 1;
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

fn run_length(data: &[u8], limit: usize) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let len = data[i] as usize;
        i += 1;
        if len < 128 {
            let end = (i + len + 1).min(data.len());
            out.extend_from_slice(&data[i..end]);
            i = end;
        } else if len > 128 {
            if let Some(&b) = data.get(i) {
                out.extend(std::iter::repeat_n(b, 257 - len));
            }
            i += 1;
        } else {
            break;
        }
        if out.len() > limit {
            return Err(Fail::Decoded);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii85_and_hex() {
        assert_eq!(ascii85(b"<~87cURDZ~>"), b"Hello");
        assert_eq!(ascii_hex(b"48 65 6c6c6F>"), b"Hello");
    }

    #[test]
    fn png_up_predictor() {
        let mut p = Dict::default();
        p.0.push((b"Predictor".to_vec(), Obj::Int(12)));
        p.0.push((b"Columns".to_vec(), Obj::Int(2)));
        let out = predict(Some(&p), vec![2, 1, 2, 2, 1, 1], 100).unwrap();
        assert_eq!(out, vec![1, 2, 2, 3]);
    }

    #[test]
    fn lzw_example() {
        // The example of the PDF reference: 45 45 45 45 45 65 45 45 45 66.
        let data = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(
            lzw(&data, true, 100).unwrap(),
            vec![45, 45, 45, 45, 45, 65, 45, 45, 45, 66]
        );
    }
}
