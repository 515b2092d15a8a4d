//! The standard security handler with the empty user password: RC4 40–128-bit (R2–R4),
//! AES-128 (V4, AESV2) and AES-256 (V5, R5/R6). Many government PDFs carry only an owner
//! password (against copying or printing); anyone may open them, and so may we. A file
//! that needs a user password is refused with a Chinese reason.

use crate::lex::{Dict, Obj};
use crate::Fail;
use aes::cipher::{generic_array::GenericArray, BlockDecrypt, BlockEncrypt, KeyInit};
use md5::{Digest, Md5};

const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Method {
    None,
    Rc4,
    Aes128,
    Aes256,
}

pub struct Crypt {
    key: Vec<u8>,
    stream: Method,
    string: Method,
}

fn need_password() -> Fail {
    Fail::Encrypted("PDF 文件设有打开密码（用户密码），没有密码无法读取其中的文字".into())
}

fn bytes(d: &Dict, k: &[u8]) -> Vec<u8> {
    match d.get(k) {
        Some(Obj::Str(s)) => s.clone(),
        _ => Vec::new(),
    }
}

fn method_of(d: &Dict, v: i64, which: &[u8]) -> Method {
    if v < 4 {
        return Method::Rc4;
    }
    let name = d.get(which).and_then(Obj::as_name).unwrap_or(b"Identity");
    if name == b"Identity" {
        return Method::None;
    }
    let cfm = d
        .get(b"CF")
        .and_then(Obj::as_dict)
        .and_then(|cf| cf.get(name))
        .and_then(Obj::as_dict)
        .and_then(|f| f.get(b"CFM"))
        .and_then(Obj::as_name)
        .unwrap_or(b"None");
    match cfm {
        b"V2" => Method::Rc4,
        b"AESV2" => Method::Aes128,
        b"AESV3" => Method::Aes256,
        _ => Method::None,
    }
}

impl Crypt {
    /// The handler for the trailer's /Encrypt dictionary and the file's first ID.
    pub fn new(enc: &Dict, id0: &[u8]) -> Result<Crypt, Fail> {
        let filter = enc.get(b"Filter").and_then(Obj::as_name).unwrap_or(b"");
        if filter != b"Standard" {
            return Err(Fail::Encrypted(format!(
                "PDF 文件使用了本工具不支持的加密方式（{}）",
                String::from_utf8_lossy(filter)
            )));
        }
        let v = enc.get(b"V").and_then(Obj::as_i64).unwrap_or(0);
        let r = enc.get(b"R").and_then(Obj::as_i64).unwrap_or(2);
        let o = bytes(enc, b"O");
        let u = bytes(enc, b"U");
        let stream = method_of(enc, v, b"StmF");
        let string = method_of(enc, v, b"StrF");
        if r >= 5 {
            let key = aes256_key(enc, &u, r).ok_or_else(need_password)?;
            return Ok(Crypt {
                key,
                stream,
                string,
            });
        }
        let p = enc.get(b"P").and_then(Obj::as_i64).unwrap_or(0) as i32;
        let len = if r == 2 {
            5
        } else {
            (enc.get(b"Length").and_then(Obj::as_i64).unwrap_or(40) / 8).clamp(5, 16) as usize
        };
        let meta = !matches!(enc.get(b"EncryptMetadata"), Some(Obj::Bool(false)));
        let mut h = Md5::new();
        h.update(PAD);
        h.update(&o[..o.len().min(32)]);
        h.update(p.to_le_bytes());
        h.update(id0);
        if r >= 4 && !meta {
            h.update([0xff; 4]);
        }
        let mut key = h.finalize().to_vec();
        if r >= 3 {
            for _ in 0..50 {
                key = Md5::digest(&key[..len]).to_vec();
            }
        }
        key.truncate(len);
        // The user password is empty if it reproduces /U.
        let ok = if r == 2 {
            let mut check = PAD.to_vec();
            rc4(&key, &mut check);
            u.len() >= 32 && check[..] == u[..32]
        } else {
            let mut h = Md5::new();
            h.update(PAD);
            h.update(id0);
            let mut check = h.finalize().to_vec();
            for i in 0..20u8 {
                let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
                rc4(&k, &mut check);
            }
            u.len() >= 16 && check[..16] == u[..16]
        };
        if !ok {
            return Err(need_password());
        }
        Ok(Crypt {
            key,
            stream,
            string,
        })
    }

    fn object_key(&self, num: u32, gen: u16, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&num.to_le_bytes()[..3]);
        h.update(gen.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let d = h.finalize();
        d[..(self.key.len() + 5).min(16)].to_vec()
    }

    fn decrypt(&self, method: Method, num: u32, gen: u16, data: &mut Vec<u8>) {
        match method {
            Method::None => {}
            Method::Rc4 => rc4(&self.object_key(num, gen, false), data),
            Method::Aes128 => {
                let k = self.object_key(num, gen, true);
                *data = aes_cbc_decrypt(&k, data);
            }
            Method::Aes256 => *data = aes_cbc_decrypt(&self.key, data),
        }
    }

    pub fn stream(&self, num: u32, gen: u16, data: &mut Vec<u8>) {
        self.decrypt(self.stream, num, gen, data)
    }

    /// Decrypts every string inside an object read from the file.
    pub fn strings(&self, num: u32, gen: u16, obj: &mut Obj) {
        match obj {
            Obj::Str(s) => self.decrypt(self.string, num, gen, s),
            Obj::Array(a) => a.iter_mut().for_each(|o| self.strings(num, gen, o)),
            Obj::Dict(d) => d.0.iter_mut().for_each(|(_, o)| self.strings(num, gen, o)),
            _ => {}
        }
    }
}

fn aes256_key(enc: &Dict, u: &[u8], r: i64) -> Option<Vec<u8>> {
    if u.len() < 48 {
        return None;
    }
    let ue = bytes(enc, b"UE");
    let (hash, vsalt, ksalt) = (&u[..32], &u[32..40], &u[40..48]);
    let check = hash_r6(vsalt, r);
    if check[..] != hash[..] {
        return None;
    }
    let ik = hash_r6(ksalt, r);
    if ue.len() < 32 {
        return None;
    }
    let cipher = aes::Aes256::new(GenericArray::from_slice(&ik));
    let mut prev = [0u8; 16];
    let mut key = Vec::with_capacity(32);
    for chunk in ue[..32].chunks(16) {
        let mut b = GenericArray::clone_from_slice(chunk);
        cipher.decrypt_block(&mut b);
        key.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
        prev.copy_from_slice(chunk);
    }
    Some(key)
}

/// Algorithm 2.B (R6) for the empty password, or plain SHA-256 (R5).
fn hash_r6(salt: &[u8], r: i64) -> Vec<u8> {
    use sha2::{Sha256, Sha384, Sha512};
    let mut k = Sha256::digest(salt).to_vec();
    if r == 5 {
        return k;
    }
    let mut round = 0u32;
    loop {
        let k1: Vec<u8> = k.repeat(64);
        let cipher = aes::Aes128::new(GenericArray::from_slice(&k[..16]));
        let mut prev: [u8; 16] = k[16..32].try_into().unwrap_or([0; 16]);
        let mut e = Vec::with_capacity(k1.len());
        for chunk in k1.chunks(16) {
            let mut b = GenericArray::clone_from_slice(chunk);
            for (x, p) in b.iter_mut().zip(prev) {
                *x ^= p;
            }
            cipher.encrypt_block(&mut b);
            prev.copy_from_slice(&b);
            e.extend_from_slice(&b);
        }
        let sum: u32 = e[..16].iter().map(|&b| b as u32).sum();
        k = match sum % 3 {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        let last = *e.last().unwrap_or(&0) as u32;
        if round >= 64 && last + 32 <= round {
            break;
        }
        if round > 1000 {
            break;
        }
    }
    k.truncate(32);
    k
}

pub fn rc4(key: &[u8], data: &mut [u8]) {
    if key.is_empty() {
        return;
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    for b in data.iter_mut() {
        i = i.wrapping_add(1);
        j = j.wrapping_add(s[i as usize]);
        s.swap(i as usize, j as usize);
        *b ^= s[s[i as usize].wrapping_add(s[j as usize]) as usize];
    }
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding (removed when valid).
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Vec<u8> {
    if data.len() < 32 {
        return Vec::new();
    }
    let body = &data[16..data.len() - data.len() % 16];
    let mut prev: [u8; 16] = data[..16].try_into().unwrap_or([0; 16]);
    let mut out = Vec::with_capacity(body.len());
    macro_rules! run {
        ($c:expr) => {{
            let cipher = $c;
            for chunk in body.chunks(16) {
                let mut b = GenericArray::clone_from_slice(chunk);
                cipher.decrypt_block(&mut b);
                out.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
                prev.copy_from_slice(chunk);
            }
        }};
    }
    match key.len() {
        16 => run!(aes::Aes128::new(GenericArray::from_slice(key))),
        32 => run!(aes::Aes256::new(GenericArray::from_slice(key))),
        _ => return Vec::new(),
    }
    if let Some(&n) = out.last() {
        let n = n as usize;
        if (1..=16).contains(&n)
            && out.len() >= n
            && out[out.len() - n..].iter().all(|&b| b as usize == n)
        {
            out.truncate(out.len() - n);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        let mut d = b"Plaintext".to_vec();
        rc4(b"Key", &mut d);
        assert_eq!(d, [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]);
    }
}
