//! Pretty JSON output: the bytes of `serde_json::to_writer_pretty`, written faster.
//!
//! A batch's JSON is mostly short strings (keys, messages, row labels), small integers
//! and line breaks with their indentation: about 500 strings and 500 lines a report.
//! serde_json spends its time per token there (a formatter call and a `write_all` through
//! the writer for each quote, run, escape, comma and indentation) and escapes strings one
//! byte at a time through a table. This serializer implements [`serde::Serializer`], so
//! every `#[derive(Serialize)]` and `#[serde(...)]` attribute (flatten,
//! skip_serializing_if, untagged, rename) keeps working unchanged, but it appends to a
//! `Vec<u8>` (handing it to the writer in large pieces) and scans strings eight bytes at
//! a time for the few bytes JSON must escape, copying the clean runs between them at once.
//!
//! The output is serde_json's byte for byte (the tests compare them): two-space indents,
//! `": "` between key and value, `[]` and `{}` for empty containers, integers as itoa
//! writes them, floats as zmij does (serde_json 1.0.154's float printer), NaN and
//! infinities as `null`, the escapes `\" \\ \b \f \n \r \t` and `\u00xx` (lowercase
//! hex) for the other control characters, and nothing else escaped (not `/`, not
//! non-ASCII). serde_json stays the parser and the compact printer elsewhere.

use std::fmt::{self, Display};
use std::io;

use serde::ser::{self, Impossible, Serialize};

use crate::diag::{Diagnostic, Value};

/// Writes `value` as pretty JSON at the end of `out`.
pub fn write_pretty_to_vec<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result {
    let start = out.len();
    let mut buf = std::mem::take(out);
    let len = buf.capacity().max(start + 4096);
    buf.resize(len, 0);
    let mut ser = Pretty {
        buf,
        pos: start,
        depth: 0,
        sink: None,
        error: None,
        keys: Vec::new(),
        object_keys: usize::MAX,
        diagnostic_keys: usize::MAX,
        evidence_keys: usize::MAX,
        cell_keys: usize::MAX,
    };
    let result = value.serialize(&mut ser);
    let Pretty { mut buf, pos, .. } = ser;
    buf.truncate(pos);
    *out = buf;
    result
}

/// Writes `value` as pretty JSON into `out`, in pieces of about [`CHUNK`] bytes (the
/// whole output of a large batch is never held in memory at once).
#[inline(never)]
pub fn write_pretty<W: io::Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut out = out;
    let mut ser = Pretty {
        buf: vec![0; CHUNK],
        pos: 0,
        depth: 0,
        sink: Some(&mut out),
        error: None,
        keys: Vec::new(),
        object_keys: usize::MAX,
        diagnostic_keys: usize::MAX,
        evidence_keys: usize::MAX,
        cell_keys: usize::MAX,
    };
    let result = value.serialize(&mut ser);
    let Pretty {
        buf, pos, error, ..
    } = ser;
    if let Some(e) = error {
        return Err(e);
    }
    result?;
    out.write_all(&buf[..pos])
}

/// The size of the pieces [`write_pretty`] hands to its writer: large, so that writes
/// are few.
pub const CHUNK: usize = 256 * 1024;

/// A number of a [`NumberTable`] or a blank, in eight bytes (a batch keeps thousands of
/// tables' numbers until it writes them): the number's bits, a blank as a NaN that no
/// arithmetic makes. JSON writes a whole number below 9e15 as an integer ([`whole`]),
/// another finite one by its shortest digits, a blank or a non-finite one as `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number(u64);

impl Number {
    /// A quiet NaN with a payload of its own.
    const BLANK: u64 = 0x7ff8_0000_6e62_0001;

    pub fn of(x: Option<f64>) -> Number {
        match x {
            // Every NaN is one NaN here, so none is taken for a blank.
            Some(x) if x.is_nan() => Number(f64::NAN.to_bits()),
            Some(x) => Number(x.to_bits()),
            None => Number(Self::BLANK),
        }
    }

    pub fn get(self) -> Option<f64> {
        (self.0 != Self::BLANK).then(|| f64::from_bits(self.0))
    }
}

/// `x` as an integer when it is one and below 9e15 in size: how the contract's JSON
/// writes a number (`Value::num`). Converting to an integer and back gives a whole
/// number again: `x.fract() == 0.0`, without the call to libm's `trunc` that `fract` is
/// on x86-64; NaN and the infinities are not below 9e15.
#[inline]
pub fn whole(x: f64) -> Option<i64> {
    (x.abs() < 9.0e15 && x as i64 as f64 == x).then_some(x as i64)
}

/// A map of maps of numbers under plain keys, `{ "<row>": { "<column>": number } }`: a
/// report's table. The printer writes it in one loop; through serde's calls (a key, an
/// `Option`, an untagged enum for every cell) the tables were half the cost of a
/// report's JSON.
pub struct NumberTable<'a> {
    /// Each row's key, in order.
    pub keys: &'a [&'static str],
    /// The rows' column keys: (rows in a run, their columns), in order; as many rows in
    /// all as `keys`.
    pub columns: &'a [(u32, &'static [&'static str])],
    /// The rows' values, row after row, one for each of a row's columns.
    pub numbers: Numbers<'a>,
}

/// The values of a [`NumberTable`].
#[derive(Clone, Copy, Debug)]
pub enum Numbers<'a> {
    /// Whole numbers 0..=65 534, [`SMALL_BLANK`] for a blank: nearly every table.
    Small(&'a [u16]),
    Any(&'a [Number]),
}

/// A blank among [`Numbers::Small`].
pub const SMALL_BLANK: u16 = u16::MAX;

/// The name of the newtype through which [`serialize_number_table`] offers the printer
/// its table (serde_json's `RawValue` reaches its printer the same way).
const NUMBER_TABLE: &str = "$nianbao::json::NumberTable";

thread_local! {
    /// The table being offered, while [`serialize_number_table`] runs.
    static OFFERED: std::cell::Cell<*const ()> = const { std::cell::Cell::new(std::ptr::null()) };
}

/// Serializes `table`: this printer writes it directly; any other serializer (serde_json,
/// the WebAssembly binding's) gets `same`, the same value through serde, inside a
/// newtype that serializers write as its content. `same` must serialize as `table` does
/// (a test compares).
pub fn serialize_number_table<S: ser::Serializer, T: Serialize + ?Sized>(
    s: S,
    table: &NumberTable<'_>,
    same: &T,
) -> std::result::Result<S::Ok, S::Error> {
    let previous = OFFERED.with(|o| o.replace(table as *const NumberTable<'_> as *const ()));
    let result = s.serialize_newtype_struct(NUMBER_TABLE, same);
    OFFERED.with(|o| o.set(previous));
    result
}

/// An object of unsigned integers under constant keys, `{ "<key>": integer, ... }`
/// (a diagnostic's place in the text, [`crate::span::Location`]): the printer writes
/// it in one loop, its keys copied as written before, as for a [`NumberTable`]'s rows.
pub struct IntegerObject<'a> {
    pub keys: &'static [&'static str],
    /// One for each key.
    pub values: &'a [u32],
}

/// The name of the newtype through which [`serialize_integer_object`] offers its object.
const INTEGER_OBJECT: &str = "$nianbao::json::IntegerObject";

thread_local! {
    /// The object being offered, while [`serialize_integer_object`] runs.
    static OFFERED_OBJECT: std::cell::Cell<*const ()> =
        const { std::cell::Cell::new(std::ptr::null()) };
}

/// Serializes `object` as [`serialize_number_table`] does a table: this printer writes
/// it directly; any other serializer gets `same`, which must serialize as `object` does
/// (a test compares).
pub fn serialize_integer_object<S: ser::Serializer, T: Serialize + ?Sized>(
    s: S,
    object: &IntegerObject<'_>,
    same: &T,
) -> std::result::Result<S::Ok, S::Error> {
    debug_assert_eq!(object.keys.len(), object.values.len());
    let previous =
        OFFERED_OBJECT.with(|o| o.replace(object as *const IntegerObject<'_> as *const ()));
    let result = s.serialize_newtype_struct(INTEGER_OBJECT, same);
    OFFERED_OBJECT.with(|o| o.set(previous));
    result
}

/// The name of the newtype through which [`Offered`] offers its diagnostic.
const DIAGNOSTIC: &str = "$nianbao::json::Diagnostic";

thread_local! {
    /// The diagnostic being offered, while [`Offered`] serializes.
    static OFFERED_DIAGNOSTIC: std::cell::Cell<*const Diagnostic> =
        const { std::cell::Cell::new(std::ptr::null()) };
}

/// A diagnostic offered to this printer as [`serialize_number_table`] offers a table:
/// the printer writes its fields itself, their keys copied as written before at this
/// depth (a batch writes thousands of diagnostics, and serde's call per field cost more
/// than the bytes written); any other serializer gets serde's derived fields (a test
/// compares).
pub struct Offered<'a>(pub &'a Diagnostic);

impl Serialize for Offered<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let previous = OFFERED_DIAGNOSTIC.with(|o| o.replace(self.0));
        let result = s.serialize_newtype_struct(DIAGNOSTIC, self.0);
        OFFERED_DIAGNOSTIC.with(|o| o.set(previous));
        result
    }
}

/// A list of diagnostics, each [`Offered`] (for `#[serde(serialize_with)]`).
pub fn serialize_diagnostics<S: ser::Serializer>(
    list: &[Diagnostic],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(Offered))
}

/// The keys of [`crate::diag::CellRef`]'s fields, in order.
const CELL_KEYS: &[&str] = &["table", "row", "column", "span"];

/// The keys of [`crate::diag::Evidence`]'s fields, in order.
const EVIDENCE_KEYS: &[&str] = &["expected", "found"];

/// The keys of [`Diagnostic`]'s fields, in order, as serde's derived fields have them.
const DIAGNOSTIC_KEYS: &[&str] = &[
    "code",
    "severity",
    "title",
    "message",
    "evidence",
    "section",
    "table",
    "row",
    "column",
    "cells",
    "suspects",
    "span",
    "compared_with",
];

/// An error while serializing: the writer's, or a value JSON cannot represent (a map key
/// that is not a string or a number), or one a `Serialize` implementation raised. Boxed,
/// as serde_json's: every serializer call returns a `Result`, which a pointer keeps in a
/// register.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

#[derive(Debug)]
pub enum ErrorKind {
    Io(io::Error),
    KeyMustBeAString,
    FloatKeyMustBeFinite,
    Custom(String),
}

impl Error {
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    #[cold]
    fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::Io(e) => Display::fmt(e, f),
            ErrorKind::KeyMustBeAString => f.write_str("key must be a string"),
            ErrorKind::FloatKeyMustBeFinite => {
                f.write_str("float key must be finite (got NaN or +/-inf)")
            }
            ErrorKind::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        match *e.0 {
            ErrorKind::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, Error::new(other)),
        }
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// The serializer. The output so far is `buf[..pos]`; `buf` is initialised beyond it, so
/// that short pieces (a string of a word or two, an indentation, a number's digits) are
/// written as fixed-size stores that may overrun what they mean to write, the next piece
/// overwriting the excess. Every write first makes sure of [`SLACK`] bytes of room
/// beyond what it counts. When writing to a writer, a full buffer goes to `sink`. The
/// writer's first error is kept in `error` and returned at the end; the rest of the
/// output is discarded (serialization itself has no error to stop for, and checking for
/// one after every value would cost more than finishing).
struct Pretty<'a> {
    buf: Vec<u8>,
    pos: usize,
    /// The nesting depth: the indentation is two spaces per level.
    depth: usize,
    sink: Option<&'a mut dyn io::Write>,
    error: Option<io::Error>,
    /// The column keys of [`NumberTable`] rows and [`IntegerObject`]s already written,
    /// as written (see [`ColumnKeys`]).
    keys: Vec<ColumnKeys>,
    /// The index in `keys` of the last [`IntegerObject`]'s keys, tried first for the
    /// next one.
    object_keys: usize,
    /// The same for [`DIAGNOSTIC_KEYS`], [`EVIDENCE_KEYS`] and [`CELL_KEYS`].
    diagnostic_keys: usize,
    evidence_keys: usize,
    cell_keys: usize,
}

/// A row's column keys at one depth, each as [`Pretty::key`] writes it after a comma:
/// `,\n`, the indentation, the quoted key and `": "`. A batch writes thousands of rows
/// with the same few lists of columns: copying a key's bytes is a fraction of writing
/// it anew (checking it for escapes, placing the indentation and the quotes).
struct ColumnKeys {
    /// The list of columns (its address and length) and the depth it was written at.
    columns: (usize, usize),
    depth: usize,
    /// Each key as written (the first without its comma) at the start of a block of
    /// [`KEY`] bytes, so that it is copied as one fixed-size block, and its length.
    /// Empty when a key does not fit in a block: such a row's keys are written anew.
    blocks: Vec<([u8; KEY], usize)>,
    /// The row with every value 0, as written (most rows of most tables): one copy.
    zeros: Vec<u8>,
    /// The most bytes a row under these keys writes: each key, each value at its
    /// longest ([`CELL`]), and a block's worth for the last fixed-size store.
    most: usize,
}

/// The bytes a [`ColumnKeys`] block holds: a key as written, at a depth of up to 15,
/// of up to 28 bytes.
const KEY: usize = 64;

/// The most bytes a value of a [`Cell`] takes, fixed-size stores included.
const CELL: usize = 32;

/// A value of a row the printer writes in its own loop ([`Pretty::row`]).
trait Cell: Copy {
    /// Whether rows of these values are often all zeros, worth looking for.
    const ZEROS: bool;

    /// Whether the value is written as `0`.
    fn is_zero(self) -> bool;

    /// Writes the value at `out[at..]`, which holds [`CELL`] bytes more, and returns
    /// where it ends.
    fn write(self, out: &mut [u8], at: usize) -> usize;
}

/// A count of [`Numbers::Small`].
impl Cell for u16 {
    const ZEROS: bool = true;

    #[inline(always)]
    fn is_zero(self) -> bool {
        self == 0
    }

    #[inline(always)]
    fn write(self, out: &mut [u8], at: usize) -> usize {
        if self == SMALL_BLANK {
            out[at..at + 4].copy_from_slice(b"null");
            return at + 4;
        }
        write_unsigned(out, at, self.into())
    }
}

/// A number of [`Numbers::Any`]: a whole one as an integer, another finite one by its
/// shortest digits, a blank or a non-finite one as `null`.
impl Cell for Number {
    const ZEROS: bool = true;

    #[inline(always)]
    fn is_zero(self) -> bool {
        self.0 == 0
    }

    #[inline(always)]
    fn write(self, out: &mut [u8], at: usize) -> usize {
        if self.0 == 0 {
            out[at] = b'0';
            return at + 1;
        }
        match self.get() {
            Some(x) => match whole(x) {
                Some(v) => write_signed(out, at, v),
                None if x.is_finite() => {
                    let mut digits = zmij::Buffer::new();
                    let s = digits.format_finite(x).as_bytes();
                    out[at..at + s.len()].copy_from_slice(s);
                    at + s.len()
                }
                None => {
                    out[at..at + 4].copy_from_slice(b"null");
                    at + 4
                }
            },
            None => {
                out[at..at + 4].copy_from_slice(b"null");
                at + 4
            }
        }
    }
}

/// A value of an [`IntegerObject`].
impl Cell for u32 {
    /// A place in the text: its line and column are never zero.
    const ZEROS: bool = false;

    #[inline(always)]
    fn is_zero(self) -> bool {
        self == 0
    }

    #[inline(always)]
    fn write(self, out: &mut [u8], at: usize) -> usize {
        write_unsigned(out, at, self.into())
    }
}

/// Writes `v` in decimal at `out[at..]`, which holds [`CELL`] bytes more; returns where
/// it ends. Below 10⁸ as one word of digits, otherwise by itoa.
#[inline(always)]
fn write_unsigned(out: &mut [u8], at: usize, v: u64) -> usize {
    if v < 100_000_000 {
        let (w, n) = digits(v as u32);
        out[at..at + 8].copy_from_slice(&w.to_le_bytes());
        at + n
    } else {
        let mut digits = itoa::Buffer::new();
        let s = digits.format(v).as_bytes();
        out[at..at + s.len()].copy_from_slice(s);
        at + s.len()
    }
}

/// [`write_unsigned`] for a signed integer.
#[inline(always)]
fn write_signed(out: &mut [u8], mut at: usize, v: i64) -> usize {
    if v < 0 {
        out[at] = b'-';
        at += 1;
    }
    write_unsigned(out, at, v.unsigned_abs())
}

/// Room kept beyond what a write counts, for its fixed-size stores.
const SLACK: usize = 64;

/// A line break and up to 31 spaces (the indentation of 15 levels), written at once.
const LINE: &[u8; 32] = b"\n                               ";

impl Pretty<'_> {
    /// Makes room for `n` bytes and [`SLACK`] more.
    #[inline(always)]
    fn reserve(&mut self, n: usize) {
        if self.buf.len() - self.pos < n + SLACK {
            self.make_room(n + SLACK);
        }
    }

    /// Hands the output so far to the writer, if any (after an error, drops it), and
    /// grows the buffer if that is not room enough.
    #[cold]
    #[inline(never)]
    fn make_room(&mut self, need: usize) {
        if let Some(sink) = self.sink.as_mut() {
            if self.error.is_none() {
                if let Err(e) = sink.write_all(&self.buf[..self.pos]) {
                    self.error = Some(e);
                }
            }
            self.pos = 0;
        }
        if self.buf.len() - self.pos < need {
            let len = (2 * self.buf.len()).max(self.pos + need);
            self.buf.resize(len, 0);
        }
    }

    /// Appends `bytes` (constant ones become fixed-size stores once inlined).
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len());
        let pos = self.pos;
        self.buf[pos..pos + bytes.len()].copy_from_slice(bytes);
        self.pos = pos + bytes.len();
    }

    /// A line break and the current indentation, after a comma if `comma`: where an
    /// array's element or an object's key starts, and a non-empty one's closing bracket.
    #[inline(always)]
    fn newline(&mut self, comma: bool) {
        let indent = 2 * self.depth;
        if indent >= LINE.len() {
            return self.deep_newline(comma);
        }
        self.reserve(1 + LINE.len());
        let pos = self.pos;
        let out = &mut self.buf[pos..pos + 1 + LINE.len()];
        out[0] = b',';
        let at = usize::from(comma);
        out[at..at + LINE.len()].copy_from_slice(LINE);
        self.pos = pos + at + 1 + indent;
    }

    #[cold]
    fn deep_newline(&mut self, comma: bool) {
        if comma {
            self.put(b",");
        }
        let n = 1 + 2 * self.depth;
        self.reserve(n);
        self.buf[self.pos] = b'\n';
        self.buf[self.pos + 1..self.pos + n].fill(b' ');
        self.pos += n;
    }

    /// Opens an array or an object (`[` or `{`).
    #[inline]
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.put(&[bracket]);
    }

    /// Closes an array or an object: on a line of its own unless it is empty.
    #[inline]
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            self.newline(false);
        }
        self.put(&[bracket]);
    }

    /// An object's key and the `": "` after it, on a new line (after a comma unless it
    /// is the first). The usual case, a key of up to sixteen bytes with nothing to escape
    /// at a depth of up to fifteen, is one window of stores, as in [`Pretty::string`].
    #[inline(always)]
    fn key(&mut self, first: bool, key: &str) {
        let s = key.as_bytes();
        let n = s.len();
        let indent = 2 * self.depth;
        if n <= 16 && indent < LINE.len() {
            self.reserve(64);
            let pos = self.pos;
            let out: &mut [u8; 64] = (&mut self.buf[pos..pos + 64]).try_into().unwrap();
            out[0] = b',';
            let at = usize::from(!first);
            out[at..at + LINE.len()].copy_from_slice(LINE);
            // The opening quote.
            let q = at + 1 + indent;
            let clean = if n < 8 {
                let w = short_word(s);
                out[q + 1..q + 9].copy_from_slice(&w.to_le_bytes());
                special(w | SPACES << (8 * n)) == 0
            } else {
                let (a, b) = (word(s, 0), word(s, n - 8));
                out[q + 1..q + 9].copy_from_slice(&a.to_le_bytes());
                out[q + n - 7..q + n + 1].copy_from_slice(&b.to_le_bytes());
                special(a) | special(b) == 0
            };
            if clean {
                out[q] = b'"';
                out[q + n + 1..q + n + 4].copy_from_slice(b"\": ");
                self.pos = pos + q + n + 4;
                return;
            }
            self.pos = pos + q;
            self.long_string(s);
        } else {
            self.newline(!first);
            self.string(key);
        }
        self.put(b": ");
    }

    /// `{ "variant": ` before an enum variant's content.
    fn open_variant(&mut self, variant: &str) {
        self.open(b'{');
        self.key(true, variant);
    }

    /// Appends `s` as a JSON string: quoted, with `"`, `\` and control characters
    /// escaped. A string of up to sixteen bytes with nothing to escape (keys, labels,
    /// dates) is checked and stored as one or two words; others go to
    /// [`Pretty::long_string`].
    #[inline(always)]
    fn string(&mut self, s: &str) {
        let s = s.as_bytes();
        let n = s.len();
        if n <= 16 {
            self.reserve(18);
            let pos = self.pos;
            // A fixed-size window: the stores below need no bounds checks of their own.
            let out: &mut [u8; 26] = (&mut self.buf[pos..pos + 26]).try_into().unwrap();
            let clean = if n < 8 {
                let w = short_word(s);
                let clean = special(w | SPACES << (8 * n)) == 0;
                out[1..9].copy_from_slice(&w.to_le_bytes());
                clean
            } else {
                // The first and the last eight bytes, overlapping.
                let (a, b) = (word(s, 0), word(s, n - 8));
                out[1..9].copy_from_slice(&a.to_le_bytes());
                out[n - 7..n + 1].copy_from_slice(&b.to_le_bytes());
                special(a) | special(b) == 0
            };
            if clean {
                out[0] = b'"';
                out[n + 1] = b'"';
                self.pos = pos + n + 2;
                return;
            }
        }
        self.long_string(s);
    }

    /// A string that is longer than sixteen bytes or has bytes to escape.
    ///
    /// On x86-64, a string of sixteen bytes or more is first copied sixteen bytes at a
    /// time while SSE2 checks each block: nearly all of them (a report's messages and
    /// titles, about 65 bytes) have nothing to escape, and are then written without a
    /// call to `memcpy` or the set-up of the escaping loop. At the first byte to
    /// escape, [`Pretty::escaped_string`] writes the string anew.
    #[inline(never)]
    fn long_string(&mut self, s: &[u8]) {
        #[cfg(target_arch = "x86_64")]
        if s.len() >= 16 {
            let n = s.len();
            self.reserve(n + 2);
            let pos = self.pos;
            let out = &mut self.buf[pos..pos + n + 2];
            out[0] = b'"';
            let mut i = 0;
            let clean = loop {
                if i + 16 > n {
                    // The last, partial block: the sixteen bytes that end `s`, over
                    // bytes copied as they are.
                    out[n - 15..n + 1].copy_from_slice(&s[n - 16..]);
                    break escapes16(s, n - 16) == 0;
                }
                out[i + 1..i + 17].copy_from_slice(&s[i..i + 16]);
                if escapes16(s, i) != 0 {
                    break false;
                }
                i += 16;
            };
            if clean {
                out[n + 1] = b'"';
                self.pos = pos + n + 2;
                return;
            }
        }
        self.escaped_string(s);
    }

    /// A string with the runs between the bytes to escape copied whole. Room for the
    /// string and its quotes is reserved first; each escape reserves room for itself
    /// and the rest.
    #[inline(never)]
    fn escaped_string(&mut self, s: &[u8]) {
        self.reserve(s.len() + 2);
        self.buf[self.pos] = b'"';
        self.pos += 1;
        let mut i = 0;
        loop {
            let j = find_special(s, i);
            let pos = self.pos;
            self.buf[pos..pos + (j - i)].copy_from_slice(&s[i..j]);
            self.pos = pos + (j - i);
            if j == s.len() {
                break;
            }
            self.escape(s[j], s.len() - j);
            i = j + 1;
        }
        self.buf[self.pos] = b'"';
        self.pos += 1;
    }

    /// The escape of a byte [`needs_escape`] holds for, and room for the `rest` of the
    /// string and its closing quote.
    fn escape(&mut self, b: u8, rest: usize) {
        self.reserve(6 + rest);
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let pos = self.pos;
                self.buf[pos..pos + 6].copy_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 0xf) as usize],
                ]);
                self.pos = pos + 6;
                return;
            }
        };
        let pos = self.pos;
        self.buf[pos..pos + 2].copy_from_slice(&[b'\\', short]);
        self.pos = pos + 2;
    }

    /// An unsigned integer in decimal (see [`write_unsigned`]).
    #[inline(always)]
    fn unsigned(&mut self, v: u64) {
        self.reserve(CELL);
        let pos = self.pos;
        self.pos = write_unsigned(&mut self.buf, pos, v);
    }

    #[inline(always)]
    fn signed(&mut self, v: i64) {
        self.reserve(CELL);
        let pos = self.pos;
        self.pos = write_signed(&mut self.buf, pos, v);
    }

    /// A [`NumberTable`], as serde's calls for a map of maps write it (see [`compound`]).
    fn number_table(&mut self, t: &NumberTable<'_>) {
        self.open(b'{');
        if t.keys.is_empty() {
            return self.close(b'}', true);
        }
        match t.numbers {
            Numbers::Small(values) => self.number_rows(t, values),
            Numbers::Any(values) => self.number_rows(t, values),
        }
        self.close(b'}', false);
    }

    /// The rows of a [`NumberTable`] with these values, each under its key.
    fn number_rows<T: Cell>(&mut self, t: &NumberTable<'_>, values: &[T]) {
        // The index in `self.keys` of the columns of the row before.
        let mut hint = usize::MAX;
        let (mut r, mut start) = (0, 0);
        for &(n, columns) in t.columns {
            for key in t.keys.iter().skip(r).take(n as usize) {
                self.key(r == 0, key);
                let end = start + columns.len();
                hint = self.row(columns, &values[start..end], hint);
                (r, start) = (r + 1, end);
            }
        }
    }

    /// An [`IntegerObject`], as serde's calls for a struct of integers write it.
    fn integer_object(&mut self, o: &IntegerObject<'_>) {
        self.object_keys = self.row(o.keys, o.values, self.object_keys);
    }

    /// An object of `values` under the keys `columns`: the keys copied as written
    /// before at this depth (`self.keys[hint]` is tried first), a row of zeros copied
    /// whole. Returns the index of the keys in `self.keys` (or `hint` when there are
    /// none).
    #[inline(always)]
    fn row<T: Cell>(
        &mut self,
        columns: &'static [&'static str],
        values: &[T],
        hint: usize,
    ) -> usize {
        self.open(b'{');
        if columns.is_empty() {
            self.close(b'}', true);
            return hint;
        }
        let i = self.column_keys(columns, hint);
        let most = self.keys[i].most;
        if self.keys[i].blocks.len() != columns.len() {
            self.row_anew(columns, values);
        } else {
            self.reserve(most);
            // The buffer and the keys borrowed apart, and the row written in a window
            // of its largest size: the loop keeps its place in a register and checks
            // for room once.
            let Pretty { buf, pos, keys, .. } = &mut *self;
            let k = &keys[i];
            let out = &mut buf[*pos..*pos + most];
            let mut at = 0;
            if T::ZEROS && values.len() == k.blocks.len() && values.iter().all(|v| v.is_zero()) {
                at = k.zeros.len();
                out[..at].copy_from_slice(&k.zeros);
            } else {
                for (&v, (block, len)) in values.iter().zip(&k.blocks) {
                    out[at..at + KEY].copy_from_slice(block);
                    at = v.write(out, at + len);
                }
            }
            *pos += at;
        }
        self.close(b'}', false);
        i
    }

    /// A row whose keys do not fit in [`ColumnKeys`]' blocks: each key written anew.
    #[cold]
    #[inline(never)]
    fn row_anew<T: Cell>(&mut self, columns: &'static [&'static str], values: &[T]) {
        for (c, (column, &v)) in columns.iter().zip(values).enumerate() {
            self.key(c == 0, column);
            self.reserve(CELL);
            let pos = self.pos;
            self.pos = v.write(&mut self.buf, pos);
        }
    }

    /// The index in `self.keys` of `columns` as written at the current depth: `hint`
    /// if that is it, else found, else written now.
    #[inline(always)]
    fn column_keys(&mut self, columns: &'static [&'static str], hint: usize) -> usize {
        let same = |k: &ColumnKeys, depth| {
            k.columns == (columns.as_ptr() as usize, columns.len()) && k.depth == depth
        };
        if self.keys.get(hint).is_some_and(|k| same(k, self.depth)) {
            return hint;
        }
        let depth = self.depth;
        match self.keys.iter().position(|k| same(k, depth)) {
            Some(i) => i,
            None => self.new_column_keys(columns),
        }
    }

    /// Writes `columns` as keys at the current depth, each after a comma, into a new
    /// [`ColumnKeys`] and returns its index in `self.keys`.
    #[cold]
    #[inline(never)]
    fn new_column_keys(&mut self, columns: &'static [&'static str]) -> usize {
        let mut blocks = Vec::with_capacity(columns.len());
        let mut zeros = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let mut scratch = Pretty {
                buf: vec![0; 4096],
                pos: 0,
                depth: self.depth,
                sink: None,
                error: None,
                keys: Vec::new(),
                object_keys: usize::MAX,
                diagnostic_keys: usize::MAX,
                evidence_keys: usize::MAX,
                cell_keys: usize::MAX,
            };
            scratch.key(false, column);
            // The first key of a row has no comma before it.
            let key = &scratch.buf[usize::from(c == 0)..scratch.pos];
            zeros.extend_from_slice(key);
            zeros.push(b'0');
            if key.len() <= KEY {
                let mut block = [0; KEY];
                block[..key.len()].copy_from_slice(key);
                blocks.push((block, key.len()));
            }
        }
        if blocks.len() != columns.len() {
            blocks.clear();
        }
        let most = blocks.iter().map(|(_, len)| len + CELL).sum::<usize>() + KEY;
        self.keys.push(ColumnKeys {
            columns: (columns.as_ptr() as usize, columns.len()),
            depth: self.depth,
            blocks,
            zeros,
            most,
        });
        self.keys.len() - 1
    }

    /// The key of field `k` of [`DIAGNOSTIC_KEYS`], copied from `self.keys[keys]` (the
    /// first without a comma: `code` is always written, first).
    #[inline(always)]
    fn diagnostic_key(&mut self, keys: usize, k: usize) {
        self.known_key(DIAGNOSTIC_KEYS, keys, k);
    }

    /// Key `k` of `list`, copied from `self.keys[keys]`, its [`ColumnKeys`] at this
    /// depth (the first key without a comma), or written anew when they do not fit.
    #[inline(always)]
    fn known_key(&mut self, list: &'static [&'static str], keys: usize, k: usize) {
        self.reserve(KEY);
        // The buffer and the keys borrowed apart: the block copied from where it is.
        let Pretty {
            buf,
            pos,
            keys: all,
            ..
        } = &mut *self;
        let Some((block, len)) = all[keys].blocks.get(k) else {
            return self.key(k == 0, list[k]);
        };
        let out: &mut [u8; KEY] = (&mut buf[*pos..*pos + KEY]).try_into().unwrap();
        *out = *block;
        *pos += len;
    }

    /// A diagnostic, as serde's derived fields write it; the suspects (rare) and the
    /// places (an [`IntegerObject`] already) through serde.
    fn diagnostic(&mut self, d: &Diagnostic) -> Result {
        self.open(b'{');
        let keys = self.column_keys(DIAGNOSTIC_KEYS, self.diagnostic_keys);
        self.diagnostic_keys = keys;
        self.diagnostic_key(keys, 0);
        self.string(d.code);
        self.diagnostic_key(keys, 1);
        self.string(d.severity.as_str());
        self.diagnostic_key(keys, 2);
        self.string(d.title);
        self.diagnostic_key(keys, 3);
        self.string(&d.message);
        if let Some(e) = &d.evidence {
            self.diagnostic_key(keys, 4);
            self.open(b'{');
            let keys = self.column_keys(EVIDENCE_KEYS, self.evidence_keys);
            self.evidence_keys = keys;
            if let Some(v) = &e.expected {
                self.known_key(EVIDENCE_KEYS, keys, 0);
                self.value(v);
            }
            if let Some(v) = &e.found {
                // The first key has no comma before it: written anew when it is first.
                match e.expected {
                    Some(_) => self.known_key(EVIDENCE_KEYS, keys, 1),
                    None => self.key(true, EVIDENCE_KEYS[1]),
                }
                self.value(v);
            }
            self.close(b'}', e.expected.is_none() && e.found.is_none());
        }
        for (k, s) in [(5, d.section), (6, d.table)] {
            if let Some(s) = s {
                self.diagnostic_key(keys, k);
                self.string(s);
            }
        }
        if let Some(s) = &d.row {
            self.diagnostic_key(keys, 7);
            self.string(s);
        }
        if let Some(s) = d.column {
            self.diagnostic_key(keys, 8);
            self.string(s);
        }
        if !d.cells.is_empty() {
            self.diagnostic_key(keys, 9);
            self.open(b'[');
            for (i, c) in d.cells.iter().enumerate() {
                self.newline(i > 0);
                self.open(b'{');
                let keys = self.column_keys(CELL_KEYS, self.cell_keys);
                self.cell_keys = keys;
                self.known_key(CELL_KEYS, keys, 0);
                self.string(c.table);
                self.known_key(CELL_KEYS, keys, 1);
                self.string(&c.row);
                self.known_key(CELL_KEYS, keys, 2);
                self.string(c.column);
                if let Some(l) = &c.span {
                    self.known_key(CELL_KEYS, keys, 3);
                    l.serialize(&mut *self)?;
                }
                self.close(b'}', false);
            }
            self.close(b']', false);
        }
        if !d.suspects.is_empty() {
            self.diagnostic_key(keys, 10);
            d.suspects.serialize(&mut *self)?;
        }
        if let Some(l) = &d.span {
            self.diagnostic_key(keys, 11);
            l.serialize(&mut *self)?;
        }
        if let Some(c) = &d.compared_with {
            self.diagnostic_key(keys, 12);
            self.open(b'{');
            self.key(true, "source");
            self.string(&c.source);
            self.key(false, "year");
            self.signed(c.year.into());
            self.close(b'}', false);
        }
        self.close(b'}', false);
        Ok(())
    }

    /// A [`Value`], as its untagged derived `Serialize` writes it.
    fn value(&mut self, v: &Value) {
        match v {
            Value::Int(i) => self.signed(*i),
            Value::Num(x) if x.is_finite() => self.float(*x),
            Value::Num(_) => self.put(b"null"),
            Value::Text(s) => self.string(s),
        }
    }

    fn float<F: zmij::Float>(&mut self, v: F) {
        self.put(zmij::Buffer::new().format_finite(v).as_bytes());
    }
}

/// The decimal digits of `v` (below 10⁸), first digit in the lowest byte, and their
/// count (line numbers, columns and offsets are most of a report's numbers). Below 10⁴
/// (nearly all of them) from a table of the hundred pairs of digits; otherwise all
/// eight digits (with leading zeros) at once in the lanes of a word, by multiplications
/// that divide each lane by 100, then by 10, without a loop or a division per digit.
#[inline]
fn digits(v: u32) -> (u64, usize) {
    if v < 10 {
        return (u64::from(b'0') + u64::from(v), 1);
    }
    if v < 100 {
        return (u64::from(u16::from_le_bytes(PAIRS[v as usize])), 2);
    }
    if v < 10_000 {
        let (high, low) = (v / 100, v % 100);
        let w = u64::from(u16::from_le_bytes(PAIRS[high as usize]))
            | u64::from(u16::from_le_bytes(PAIRS[low as usize])) << 16;
        // Below 1 000, the leading zero goes.
        return if high < 10 { (w >> 8, 3) } else { (w, 4) };
    }
    debug_assert!(v < 100_000_000);
    let v = u64::from(v);
    // Two lanes of 32 bits, the first four digits first: each below 10⁴.
    let fours = (v / 10_000) | ((v % 10_000) << 32);
    // x / 100 = (x · 5243) >> 19 for x < 43 699: four lanes of 16 bits, each below 100.
    let hundreds = ((fours * 5243) >> 19) & 0x0000_007f_0000_007f;
    let twos = hundreds | ((fours - 100 * hundreds) << 16);
    // x / 10 = (x · 103) >> 10 for x < 179: eight lanes of 8 bits, each a digit.
    let tens = ((twos * 103) >> 10) & 0x000f_000f_000f_000f;
    let digits = tens | ((twos - 10 * tens) << 8);
    // The leading zeros are the lowest lanes that are zero (`v` ≥ 10: not all).
    let zeros = (digits.trailing_zeros() / 8) as usize;
    ((digits + ONES * u64::from(b'0')) >> (8 * zeros), 8 - zeros)
}

/// "00" to "99".
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const SPACES: u64 = ONES * b' ' as u64;

/// The bytes of the little-endian word `w` that JSON escapes (below 0x20, `"`, `\`),
/// as their high bits. Each term subtracts per byte and keeps the high bit of the bytes
/// that wrapped: a byte below 0x20 minus 0x20, and a byte equal to `"` or `\` xor-ed to 0
/// minus 1. `& !w` drops bytes of 0x80 and above, which never need escaping (and would
/// otherwise look wrapped). A wrapped byte borrows from the next, so bytes above the first
/// flagged one may be flagged wrongly, never those below it: the lowest flag is exact, which
/// is all the scan uses (and zero means a clean word).
#[inline]
fn special(w: u64) -> u64 {
    let control = w.wrapping_sub(ONES * 0x20);
    let quote = (w ^ (ONES * b'"' as u64)).wrapping_sub(ONES);
    let backslash = (w ^ (ONES * b'\\' as u64)).wrapping_sub(ONES);
    (control | quote | backslash) & !w & HIGHS
}

/// The index of the first byte of `s` from `i` on that JSON escapes, or the length of
/// `s`: a word at a time; the last, partial word is the word that ends `s`, its bytes
/// already checked replaced by spaces (see [`special`]: one of them needing escape
/// would flag the next).
///
/// On x86-64, sixteen bytes at a time with SSE2 (part of every x86-64 processor): a
/// report's messages are long Chinese strings, and the word scan costs a dozen
/// instructions per eight bytes where SSE2 takes as many for sixteen. The last, partial
/// block is the sixteen bytes that end `s`, its flags for bytes already checked cleared.
/// The bytes of the sixteen of `s` from `at` that JSON escapes, as bits (SSE2, part of
/// every x86-64 processor).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn escapes16(s: &[u8], at: usize) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let block = &s[at..at + 16];
    // SAFETY: SSE2 is always there on x86-64; the unaligned load reads `block`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        // A byte below 0x20 is its own minimum with 0x1f.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(control, quote), backslash)) as u32
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn find_special(s: &[u8], mut i: usize) -> usize {
    let n = s.len();
    if n < 16 {
        return find_special_words(s, i);
    }
    let flags = |at: usize| escapes16(s, at);
    while i + 16 <= n {
        let m = flags(i);
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 16;
    }
    if i == n {
        return n;
    }
    let m = flags(n - 16) & (!0u32 << (i - (n - 16)));
    if m == 0 {
        n
    } else {
        n - 16 + m.trailing_zeros() as usize
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn find_special(s: &[u8], i: usize) -> usize {
    find_special_words(s, i)
}

/// [`find_special`] a word at a time.
#[inline]
fn find_special_words(s: &[u8], mut i: usize) -> usize {
    let n = s.len();
    while i + 8 <= n {
        let m = special(word(s, i));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    if i == n {
        return n;
    }
    if n >= 8 {
        let checked = !0u64 >> (8 * (n - i));
        let m = special((word(s, n - 8) & !checked) | (SPACES & checked));
        if m == 0 {
            n
        } else {
            n - 8 + (m.trailing_zeros() / 8) as usize
        }
    } else {
        i + s[i..]
            .iter()
            .position(|&b| needs_escape(b))
            .unwrap_or(n - i)
    }
}

#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The eight bytes of `s` from `at`, as a little-endian word.
#[inline]
fn word(s: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&s[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The bytes of `s` (fewer than eight) as a little-endian word, zero above them: from
/// two overlapping loads of four bytes, or of one.
#[inline]
fn short_word(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let mut lo = [0; 4];
        let mut hi = [0; 4];
        lo.copy_from_slice(&s[..4]);
        hi.copy_from_slice(&s[n - 4..]);
        u64::from(u32::from_le_bytes(lo)) | u64::from(u32::from_le_bytes(hi)) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(s[0])
            | u64::from(s[n / 2]) << (8 * (n / 2))
            | u64::from(s[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

impl<'a, 'b> ser::Serializer for &'a mut Pretty<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result {
        self.put(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.signed(v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result {
        self.put(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result {
        self.put(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    /// As serde_json: NaN and the infinities as `null`.
    fn serialize_f32(self, v: f32) -> Result {
        if v.is_finite() {
            self.float(v);
        } else {
            self.put(b"null");
        }
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result {
        if v.is_finite() {
            self.float(v);
        } else {
            self.put(b"null");
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    /// As serde_json: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.open(b'[');
        for (i, b) in v.iter().enumerate() {
            self.newline(i > 0);
            self.unsigned((*b).into());
        }
        self.close(b']', v.is_empty());
        Ok(())
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.put(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        if name == NUMBER_TABLE {
            let offered = OFFERED.with(|o| o.replace(std::ptr::null()));
            if !offered.is_null() {
                // SAFETY: `serialize_number_table` offered a `NumberTable` that outlives
                // this call (it waits for it), and took it back from no one else: the
                // pointer was replaced by null above, so it is used once.
                let table = unsafe { &*(offered as *const NumberTable<'_>) };
                self.number_table(table);
                return Ok(());
            }
        }
        if name == DIAGNOSTIC {
            let offered = OFFERED_DIAGNOSTIC.with(|o| o.replace(std::ptr::null()));
            if !offered.is_null() {
                // SAFETY: as for the table above: `Offered` offered a diagnostic that
                // outlives this call, and only this call takes it.
                return self.diagnostic(unsafe { &*offered });
            }
        }
        if name == INTEGER_OBJECT {
            let offered = OFFERED_OBJECT.with(|o| o.replace(std::ptr::null()));
            if !offered.is_null() {
                // SAFETY: as for the table above: `serialize_integer_object` offered an
                // `IntegerObject` that outlives this call, and only this call takes it.
                let object = unsafe { &*(offered as *const IntegerObject<'_>) };
                self.integer_object(object);
                return Ok(());
            }
        }
        value.serialize(self)
    }

    /// `{ "variant": value }`.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close(b'}', false);
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'b>> {
        Ok(compound(self, b'[', b']', len))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_seq(Some(len))
    }

    /// `{ "variant": [ ... ] }`.
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>> {
        self.open_variant(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'b>> {
        Ok(compound(self, b'{', b'}', len))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_map(Some(len))
    }

    /// `{ "variant": { ... } }`.
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>> {
        self.open_variant(variant);
        self.serialize_map(Some(len))
    }

    /// Formatted first: escaping is byte by byte, so escaping the whole is escaping the
    /// pieces serde_json escapes one by one.
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        self.string(&value.to_string());
        Ok(())
    }
}

/// Opens an array or object of `len` elements (serde_json's `serialize_seq` and
/// `serialize_map`): one known to be empty is closed at once.
#[inline]
fn compound<'a, 'b>(
    ser: &'a mut Pretty<'b>,
    open: u8,
    close: u8,
    len: Option<usize>,
) -> Compound<'a, 'b> {
    ser.open(open);
    let state = if len == Some(0) {
        ser.close(close, true);
        State::Empty
    } else {
        State::First
    };
    Compound { ser, state }
}

/// serde_json's states of an array or object: `Empty` when closed at once (known to
/// have no elements), `First` before its first element, `Rest` after it.
#[derive(PartialEq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An open array or object.
struct Compound<'a, 'b> {
    ser: &'a mut Pretty<'b>,
    state: State,
}

impl Compound<'_, '_> {
    /// Whether the next element or key is the first.
    #[inline(always)]
    fn first(&mut self) -> bool {
        let first = self.state == State::First;
        self.state = State::Rest;
        first
    }

    /// Closes with `bracket` unless closed already.
    #[inline]
    fn end_with(self, bracket: u8) -> Result {
        if self.state != State::Empty {
            self.ser.close(bracket, self.state == State::First);
        }
        Ok(())
    }

    /// Closes the array or object of a tuple or struct variant, then the object around
    /// it.
    fn end_variant(self, bracket: u8) -> Result {
        let ser = &mut *self.ser;
        if self.state != State::Empty {
            ser.close(bracket, self.state == State::First);
        }
        ser.close(b'}', false);
        Ok(())
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        let first = self.first();
        self.ser.newline(!first);
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        let first = self.first();
        self.ser.key(first, key);
        value.serialize(&mut *self.ser)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        self.end_with(b']')
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        self.end_with(b']')
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        self.end_with(b']')
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        self.end_variant(b']')
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    /// The key with the `": "` after it (see [`KeySerializer`]).
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let first = self.first();
        key.serialize(KeySerializer {
            ser: &mut *self.ser,
            first,
        })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result {
        self.end_with(b'}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    fn end(self) -> Result {
        self.end_with(b'}')
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    fn end(self) -> Result {
        self.end_variant(b'}')
    }
}

/// A map's key: a string as it is; a number or bool quoted, as serde_json writes them;
/// anything else an error, as in serde_json. It starts the entry (line break, comma
/// unless `first`) and ends it with `": "`, as [`Pretty::key`] does for a struct's field.
struct KeySerializer<'a, 'b> {
    ser: &'a mut Pretty<'b>,
    first: bool,
}

impl KeySerializer<'_, '_> {
    fn quoted(self, write: impl FnOnce(&mut Pretty<'_>)) -> Result {
        self.ser.newline(!self.first);
        self.ser.put(b"\"");
        write(self.ser);
        self.ser.put(b"\": ");
        Ok(())
    }
}

impl ser::Serializer for KeySerializer<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result {
        self.ser.key(self.first, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(|s| s.put(if v { b"true" } else { b"false" }))
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.quoted(|s| s.signed(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.quoted(|s| s.signed(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.quoted(|s| s.signed(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.quoted(|s| s.signed(v))
    }

    fn serialize_i128(self, v: i128) -> Result {
        self.quoted(|s| s.put(itoa::Buffer::new().format(v).as_bytes()))
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.quoted(|s| s.unsigned(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.quoted(|s| s.unsigned(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.quoted(|s| s.unsigned(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.quoted(|s| s.unsigned(v))
    }

    fn serialize_u128(self, v: u128) -> Result {
        self.quoted(|s| s.put(itoa::Buffer::new().format(v).as_bytes()))
    }

    fn serialize_f32(self, v: f32) -> Result {
        if !v.is_finite() {
            return Err(Error::new(ErrorKind::FloatKeyMustBeFinite));
        }
        self.quoted(|s| s.float(v))
    }

    fn serialize_f64(self, v: f64) -> Result {
        if !v.is_finite() {
            return Err(Error::new(ErrorKind::FloatKeyMustBeFinite));
        }
        self.quoted(|s| s.float(v))
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result {
        self.serialize_str(&value.to_string())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_none(self) -> Result {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_unit(self) -> Result {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_tuple(self, _: usize) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<(), Error>> {
        Err(Error::new(ErrorKind::KeyMustBeAString))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;

    /// Our bytes, through both entry points, and serde_json's must agree.
    fn same<T: Serialize + ?Sized>(value: &T) {
        let theirs = serde_json::to_vec_pretty(value).unwrap();
        let mut ours = b"previous ".to_vec();
        write_pretty_to_vec(&mut ours, value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours[9..]),
            String::from_utf8_lossy(&theirs)
        );
        assert_eq!(&ours[..9], b"previous ");
        let mut written = Vec::new();
        write_pretty(&mut written, value).unwrap();
        assert_eq!(written, theirs);
    }

    #[test]
    fn strings_escape_as_serde_json() {
        for s in [
            "",
            "a",
            "\"",
            "\\",
            "\u{0}",
            "\u{1f}",
            " ",
            "\u{7f}",
            "/",
            "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{b}i\u{1}j\u{1b}k\u{1f}",
            "年报检查：政府信息公开工作年度报告",
            "“引号”与‘单引号’、\n换行\t制表",
            "😀 emoji 🇨🇳 and 𠀀 outside the BMP",
            "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
            "\\\\\\\\\\\\\\\\\\",
            "\n\n\n\n\n\n\n\n\n\n\n\n\n",
            "ends with a quote\"",
            "ends with a backslash\\",
            "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{e}\u{f}",
            "\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1a}\u{1b}\u{1c}\u{1d}",
        ] {
            same(s);
            same(&[s, s]);
            let mut m = BTreeMap::new();
            m.insert(s, s);
            same(&m);
        }
        // Every byte JSON escapes (and its neighbours), at every position of strings as
        // long as one to three words, among ASCII and among Chinese.
        for special in [
            0u8, 7, 8, 9, 10, 12, 13, 0x1f, b' ', b'!', b'"', b'#', b'\\', b']', 0x7f,
        ] {
            for len in 0..26 {
                for at in 0..len {
                    for fill in ["x", "é", "中", "😀"] {
                        let mut s = fill.repeat(len);
                        let byte_at = s.char_indices().nth(at).unwrap().0;
                        s.insert(byte_at, special as char);
                        same(&s);
                    }
                }
            }
        }
    }

    /// The scan for bytes to escape, from every start, against a byte at a time: every
    /// such byte (and neighbours that need none) at every place of strings up to five
    /// SSE2 blocks long, alone and two together.
    #[test]
    fn find_special_finds_the_first_byte_to_escape() {
        for special in [
            0u8, 0x1f, b'"', b'\\', b'\n', b' ', b'!', 0x7f, 0x80, 0xe4, 0xff,
        ] {
            for len in 0..80 {
                for at in 0..len {
                    for second in [None, Some(at + 1), Some(len - 1)] {
                        let mut s = vec![b'x'; len];
                        s[at] = special;
                        if let Some(j) = second.filter(|&j| j < len) {
                            s[j] = b'"';
                        }
                        for i in 0..=len {
                            let naive = (i..len).find(|&k| needs_escape(s[k])).unwrap_or(len);
                            assert_eq!(find_special(&s, i), naive, "{s:?} from {i}");
                            assert_eq!(find_special_words(&s, i), naive, "{s:?} from {i}");
                        }
                    }
                }
            }
        }
    }

    /// The digits of every number below 200 000, and of numbers up to 10⁸ around each
    /// power of ten and in steps.
    #[test]
    fn digits_are_the_decimal_digits() {
        let powers = (1..=8).flat_map(|k| {
            let p = 10u32.pow(k);
            [p - 1, p, p + 1]
        });
        let values = (0..200_000)
            .chain((0..100_000_000).step_by(9_973))
            .chain(powers)
            .filter(|&v| v < 100_000_000);
        for v in values {
            let (w, n) = digits(v);
            let text = v.to_string();
            assert_eq!(n, text.len(), "{v}");
            assert_eq!(&w.to_le_bytes()[..n], text.as_bytes(), "{v}");
        }
    }

    #[test]
    fn numbers_are_serde_jsons() {
        for x in [
            0.0,
            -0.0,
            0.1,
            0.3,
            1.5,
            -2.25,
            100.0,
            1e15,
            1e16,
            1e21,
            1e22,
            1.0e-7,
            123456.789,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same(&x);
            same(&(x as f32));
            same(&Some(x));
        }
        same(&(i64::MIN, i64::MAX, u64::MAX, 0u8, -1i8, i16::MIN, u32::MAX));
        same(&(i128::MIN, i128::MAX, u128::MAX));
        same(&(true, false, (), 'x', '"', '\n', '中'));
        let mut keys = BTreeMap::new();
        keys.insert(-3i64, "negative");
        keys.insert(7, "seven");
        same(&keys);
        let mut keys = BTreeMap::new();
        keys.insert(true, 1);
        keys.insert(false, 0);
        same(&keys);
        let mut keys = BTreeMap::new();
        keys.insert('k', [1u128]);
        same(&keys);
        same(&serde_json::json!({ "1.5": 1.5, "n": null, "a": [1, -1, 2.5e-8] }));
    }

    #[derive(Serialize)]
    struct Inner {
        a: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        c: Vec<u8>,
    }

    #[derive(Serialize)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        #[serde(flatten)]
        more: BTreeMap<String, Inner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        none: Option<u8>,
        null: Option<u8>,
        empty_vec: Vec<Inner>,
        empty_map: BTreeMap<String, u8>,
        unit: (),
        unit_struct: UnitStruct,
        newtype: Newtype,
        tuple_struct: TupleStruct,
        #[serde(rename = "renamed \"key\"")]
        kinds: Vec<Kind>,
        untagged: Vec<Untagged>,
        nested: Vec<Vec<Vec<u8>>>,
    }

    #[derive(Serialize)]
    struct UnitStruct;

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Newtype(&'static str);

    #[derive(Serialize)]
    struct TupleStruct(u8, &'static str);

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Unit,
        Newtype(i32),
        EmptyTuple(),
        Tuple(u8, String),
        EmptyStruct {},
        Struct { x: f64, y: Vec<u8> },
        NewtypeEmpty(Vec<u8>),
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    enum Untagged {
        Int(i64),
        Num(f64),
        Text(String),
    }

    #[derive(Serialize)]
    #[serde(tag = "type")]
    enum Tagged {
        A { v: u8 },
        B,
    }

    /// Bytes, as serde_json writes them (an array of numbers).
    struct Bytes(&'static [u8]);
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    /// A value written through `collect_str`, in pieces that need escaping.
    struct Displayed;
    impl Display for Displayed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a\"b{}c\\", 5)?;
            f.write_str("\n中文")
        }
    }
    impl Serialize for Displayed {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    #[test]
    fn derived_shapes_are_serde_jsons() {
        let inner = |a, b: Option<&str>, c: Vec<u8>| Inner {
            a,
            b: b.map(str::to_string),
            c,
        };
        let mut more = BTreeMap::new();
        more.insert("x\"y".to_string(), inner(1, None, vec![]));
        more.insert("z".to_string(), inner(2, Some("是"), vec![3, 4]));
        let value = Outer {
            inner: inner(7, Some("b\n"), vec![]),
            more,
            none: None,
            null: None,
            empty_vec: vec![],
            empty_map: BTreeMap::new(),
            unit: (),
            unit_struct: UnitStruct,
            newtype: Newtype("new"),
            tuple_struct: TupleStruct(1, "two"),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(-5),
                Kind::EmptyTuple(),
                Kind::Tuple(9, "九".into()),
                Kind::EmptyStruct {},
                Kind::Struct { x: 0.1, y: vec![] },
                Kind::NewtypeEmpty(vec![]),
            ],
            untagged: vec![
                Untagged::Int(3),
                Untagged::Num(2.5),
                Untagged::Text("文本".into()),
            ],
            nested: vec![vec![], vec![vec![], vec![1]], vec![vec![2, 3]]],
        };
        same(&value);
        same(&[value]);
        same(&Empty {});
        same(&[Empty {}]);
        same(&inner(0, None, vec![]));
        same(&vec![Tagged::A { v: 1 }, Tagged::B]);
        same(&(Bytes(b""), Bytes(b"\x00\xff"), [Bytes(b"a")]));
        same(&(Displayed, [Displayed]));
        let mut m = BTreeMap::new();
        m.insert(Newtype("k"), Displayed);
        same(&m);
        let mut deep = serde_json::json!([]);
        for i in 0..40 {
            deep = serde_json::json!({ "k": [deep, i, {}, [], ""] });
        }
        same(&deep);
    }

    #[test]
    fn large_values_are_written_in_chunks_as_serde_json() {
        let text = "第一行\n第二行 \"quoted\" \\ 第三行\t".repeat(2000);
        // Strings of every length modulo eight, cut at character boundaries.
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let value: Vec<(usize, &str)> = (0..200)
            .map(|i| (i, &text[..ends[ends.len() - 1 - i]]))
            .collect();
        let mut written = Vec::new();
        write_pretty(&mut written, &value).unwrap();
        assert!(written.len() > 2 * CHUNK);
        assert_eq!(written, serde_json::to_vec_pretty(&value).unwrap());
    }

    #[test]
    fn errors_are_serde_jsons() {
        let mut m = BTreeMap::new();
        m.insert(vec![1], 1);
        assert!(serde_json::to_vec_pretty(&m).is_err());
        let e = write_pretty_to_vec(&mut Vec::new(), &m).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::KeyMustBeAString));
        let mut m = BTreeMap::new();
        m.insert(Some(()), 1);
        assert!(serde_json::to_vec_pretty(&m).is_err());
        assert!(write_pretty_to_vec(&mut Vec::new(), &m).is_err());

        /// A writer that fails: the error reaches the caller.
        struct Broken;
        impl io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("broken"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let e = write_pretty(Broken, &[1, 2, 3]).unwrap_err();
        assert_eq!(e.to_string(), "broken");
        // Failing at the first full buffer: the rest is dropped, the error returned.
        let big = vec!["年度报告 \"x\"\n"; 40_000];
        let e = write_pretty(Broken, &big).unwrap_err();
        assert_eq!(e.to_string(), "broken");

        /// A writer that takes `room` bytes, then fails.
        struct Short {
            got: Vec<u8>,
            room: usize,
        }
        impl io::Write for Short {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                if self.got.len() + b.len() > self.room {
                    return Err(io::Error::other("full"));
                }
                self.got.extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut short = Short {
            got: Vec::new(),
            room: 2 * CHUNK,
        };
        let e = write_pretty(&mut short, &[&big, &big, &big]).unwrap_err();
        assert_eq!(e.to_string(), "full");
        // What was written is the start of the JSON.
        let whole = serde_json::to_vec_pretty(&[&big, &big, &big]).unwrap();
        assert!(!short.got.is_empty() && whole.starts_with(&short.got));
    }

    /// A table of numbers, written by the printer's own loop and, for serde_json,
    /// through serde's calls.
    struct Table {
        keys: Vec<&'static str>,
        columns: Vec<(u32, &'static [&'static str])>,
        numbers: Vec<Number>,
        /// The same numbers as counts, if they are.
        small: Option<Vec<u16>>,
    }

    impl Table {
        /// A table of these rows (key, columns), their values taken in turn from
        /// `numbers`, held as counts when they are.
        fn new(rows: &[(&'static str, &'static [&'static str])], numbers: &[Number]) -> Table {
            let mut columns: Vec<(u32, &'static [&'static str])> = Vec::new();
            for &(_, c) in rows {
                match columns.last_mut() {
                    Some((n, last)) if std::ptr::eq(*last, c) => *n += 1,
                    _ => columns.push((1, c)),
                }
            }
            let count = rows.iter().map(|r| r.1.len()).sum();
            let numbers: Vec<Number> = numbers.iter().copied().cycle().take(count).collect();
            let small = numbers
                .iter()
                .map(|n| match n.get() {
                    None => Some(SMALL_BLANK),
                    Some(x) => {
                        let u = x as u16;
                        (u != SMALL_BLANK && f64::from(u).to_bits() == x.to_bits()).then_some(u)
                    }
                })
                .collect();
            Table {
                keys: rows.iter().map(|r| r.0).collect(),
                columns,
                numbers,
                small,
            }
        }
    }

    impl Serialize for Table {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            struct Row<'a>(&'a [&'static str], &'a [Number]);
            impl Serialize for Row<'_> {
                fn serialize<S: serde::Serializer>(
                    &self,
                    s: S,
                ) -> std::result::Result<S::Ok, S::Error> {
                    use serde::ser::SerializeMap;
                    let mut m = s.serialize_map(Some(self.0.len()))?;
                    for (column, n) in self.0.iter().zip(self.1) {
                        match n.get() {
                            Some(x) => match whole(x) {
                                Some(v) => m.serialize_entry(column, &v)?,
                                None => m.serialize_entry(column, &x)?,
                            },
                            None => m.serialize_entry(column, &())?,
                        }
                    }
                    m.end()
                }
            }
            struct Same<'a>(&'a Table);
            impl Serialize for Same<'_> {
                fn serialize<S: serde::Serializer>(
                    &self,
                    s: S,
                ) -> std::result::Result<S::Ok, S::Error> {
                    use serde::ser::SerializeMap;
                    let t = self.0;
                    let mut m = s.serialize_map(Some(t.keys.len()))?;
                    let mut keys = t.keys.iter();
                    let mut start = 0;
                    for &(n, columns) in &t.columns {
                        for key in keys.by_ref().take(n as usize) {
                            let row = Row(columns, &t.numbers[start..start + columns.len()]);
                            m.serialize_entry(key, &row)?;
                            start += columns.len();
                        }
                    }
                    m.end()
                }
            }
            let table = NumberTable {
                keys: &self.keys,
                columns: &self.columns,
                numbers: match &self.small {
                    Some(small) => Numbers::Small(small),
                    None => Numbers::Any(&self.numbers),
                },
            };
            serialize_number_table(s, &table, &Same(self))
        }
    }

    /// The printer keeps the keys of a row's columns as written once per depth: rows
    /// that share their columns, the same columns at other depths (deeper than the
    /// indentation it writes at once), other lists of columns in between, keys to
    /// escape, keys longer than a fixed-size copy, rows of zeros (-0 is not one), with
    /// values as counts and as any numbers.
    #[test]
    fn number_tables_are_serde_jsons() {
        const A: &[&str] = &["natural_person", "total"];
        const B: &[&str] = &["q\"uote", "back\\slash\n", "中文列"];
        const LONG: &[&str] = &[
            "a_column_key_much_longer_than_the_sixty_four_bytes_a_fixed_copy_takes_at_once",
            "x",
        ];
        const NONE: &[&str] = &[];
        let rows = [
            ("1", A),
            ("2", A),
            ("b", B),
            ("3", A),
            ("long", LONG),
            ("b again", B),
            ("4", A),
            ("none", NONE),
            ("5", A),
        ];
        let zeros = [Some(0.0), Some(0.0), Some(0.0)].map(Number::of);
        let counts = [
            Some(0.0),
            Some(7.0),
            None,
            Some(65_534.0),
            Some(0.0),
            Some(0.0),
        ]
        .map(Number::of);
        let any = [
            Some(0.0),
            Some(-0.0),
            Some(7.0),
            Some(-12.0),
            Some(0.5),
            None,
            Some(1e21),
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(123456789.0),
            Some(0.0),
            Some(0.0),
            Some(-9.0e15),
            Some(65_535.0),
        ]
        .map(Number::of);
        for numbers in [&zeros[..], &counts, &any] {
            let table = Table::new(&rows, numbers);
            assert_eq!(table.small.is_some(), !std::ptr::eq(numbers, &any[..]));
            same(&table);
            /// `[[[..., table], table], table]`: the table at every depth up to `.0`.
            struct Deep<'a>(usize, &'a Table);
            impl Serialize for Deep<'_> {
                fn serialize<S: serde::Serializer>(
                    &self,
                    s: S,
                ) -> std::result::Result<S::Ok, S::Error> {
                    match self.0 {
                        0 => self.1.serialize(s),
                        n => (Deep(n - 1, self.1), self.1).serialize(s),
                    }
                }
            }
            same(&Deep(20, &table));
        }
        same(&Table::new(&[], &any));
    }

    /// Random tables, at random depths among other values, as serde_json writes them:
    /// rows of few and many columns, mostly zeros (rows of zeros are copied whole),
    /// blanks, counts, and now and then a number that is not a count.
    #[test]
    fn random_number_tables_are_serde_jsons() {
        const COLUMNS: &[&[&str]] = &[
            &[
                "natural_person",
                "commercial",
                "research",
                "public_interest",
                "total",
            ],
            &["x"],
            &["previous", "change", "decisions"],
            &[],
            &["键", "a\tb"],
        ];
        let mut rng = crate::test_rng::Rng::new(7);
        for round in 0..300 {
            let rows: Vec<(&'static str, &'static [&'static str])> = (0..rng.below(8))
                .map(|_| (*rng.pick(&["1", "2", "3.1", "rules"]), *rng.pick(COLUMNS)))
                .collect();
            let numbers: Vec<Number> = (0..1 + rng.below(40))
                .map(|_| match rng.below(12) {
                    0 => Number::of(None),
                    1 => Number::of(Some(rng.below(70_000) as f64)),
                    2 if round % 3 == 0 => Number::of(Some(*rng.pick(&[-0.0, 0.25, -3.0, 1e17]))),
                    _ => Number::of(Some(0.0)),
                })
                .collect();
            let table = Table::new(&rows, &numbers);
            let depth = rng.below(12) as usize;
            same(&table);
            // The table itself at that depth, after other values.
            struct Nest<'a>(usize, &'a Table);
            impl Serialize for Nest<'_> {
                fn serialize<S: serde::Serializer>(
                    &self,
                    s: S,
                ) -> std::result::Result<S::Ok, S::Error> {
                    match self.0 {
                        0 => self.1.serialize(s),
                        n => (n, Nest(n - 1, self.1), [self.1]).serialize(s),
                    }
                }
            }
            same(&Nest(depth, &table));
        }
    }

    /// `long_string` (copying clean blocks as it checks them) writes what
    /// `escaped_string` (the escaping loop it falls back on) writes, and what serde_json
    /// does: strings of every length around the blocks of sixteen, Chinese and ASCII,
    /// with a byte to escape at random places or none.
    #[test]
    fn long_strings_are_escaped_strings() {
        let mut rng = crate::test_rng::Rng::new(11);
        let pieces = [
            "中",
            "a",
            "年度报告",
            "\"",
            "\\",
            "\n",
            "\u{1}",
            "é",
            " ",
            "😀",
        ];
        for round in 0..3000 {
            let mut text = String::new();
            let len = rng.below(90) as usize;
            while text.len() < len {
                // Mostly clean: escapes in one string of three.
                let piece = *rng.pick(&pieces[..if round % 3 == 0 { 10 } else { 3 }]);
                text.push_str(if piece == "a" && round % 2 == 0 {
                    "中"
                } else {
                    piece
                });
            }
            let write = |fast: bool| {
                let mut p = Pretty {
                    buf: vec![0; 64],
                    pos: 0,
                    depth: 0,
                    sink: None,
                    error: None,
                    keys: Vec::new(),
                    object_keys: usize::MAX,
                    diagnostic_keys: usize::MAX,
                    evidence_keys: usize::MAX,
                    cell_keys: usize::MAX,
                };
                if fast {
                    p.long_string(text.as_bytes());
                } else {
                    p.escaped_string(text.as_bytes());
                }
                p.buf.truncate(p.pos);
                String::from_utf8(p.buf).unwrap()
            };
            let fast = write(true);
            assert_eq!(fast, write(false), "{text:?}");
            assert_eq!(fast, serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    /// A string larger than the writer's pieces: the buffer grows to hold it.
    #[test]
    fn strings_larger_than_a_piece_are_written_whole() {
        let text = "一二三\n\"四\"\t五 six seven ".repeat(CHUNK / 8);
        assert!(text.len() > 2 * CHUNK);
        let value = (1, &text, [&text[..100]]);
        let mut written = Vec::new();
        write_pretty(&mut written, &value).unwrap();
        assert_eq!(written, serde_json::to_vec_pretty(&value).unwrap());
        same(&value);
    }

    /// Pieces of the diagnostics' strings: `&'static str` fields take one of them as it
    /// is, `String` fields a few joined. Escapes, Chinese, and lengths on both sides of
    /// sixteen bytes.
    const PIECES: &[&str] = &[
        "",
        "a",
        "\"",
        "\\",
        "\n",
        "\u{1}",
        "\u{1f}",
        "T3-SUM",
        "META-TITLE-MISSING",
        "标题",
        "年度报告的表二",
        "a\"b\\c\nd",
        "😀",
        "sixteen bytes!!!",
        "中文\t制表符与“引号”",
    ];

    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(PIECES)
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(piece(), 0..12).prop_map(|p| p.concat())
    }

    fn location() -> impl Strategy<Value = crate::span::Location> {
        let n = prop_oneof![0..20u32, any::<u32>()];
        (
            proptest::array::uniform6(n),
            proptest::option::of(any::<u32>()),
        )
            .prop_map(|(v, page)| crate::span::Location {
                line: v[0],
                column: v[1],
                end_line: v[2],
                end_column: v[3],
                start_utf16: v[4],
                end_utf16: v[5],
                page,
            })
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::Int),
            (-1000..1000i64).prop_map(Value::Int),
            any::<f64>().prop_map(Value::Num),
            Just(Value::Num(f64::NAN)),
            Just(Value::Num(f64::INFINITY)),
            Just(Value::Num(0.25)),
            text().prop_map(Value::Text),
        ]
    }

    fn diagnostic() -> impl Strategy<Value = Diagnostic> {
        use crate::diag::{CellRef, ComparedWith, Evidence, Severity, Suspect};
        let severity =
            proptest::sample::select(vec![Severity::Error, Severity::Warning, Severity::Info]);
        let evidence = proptest::option::of(
            (proptest::option::of(value()), proptest::option::of(value()))
                .prop_map(|(expected, found)| Evidence { expected, found }),
        );
        let cells = proptest::collection::vec(
            (piece(), text(), piece(), proptest::option::of(location())).prop_map(
                |(table, row, column, span)| CellRef {
                    table,
                    row,
                    column,
                    span,
                },
            ),
            0..3,
        );
        let suspects = proptest::collection::vec(
            (piece(), text(), piece(), value(), value()).prop_map(
                |(table, row, column, found, expected)| Suspect {
                    table,
                    row,
                    column,
                    found,
                    expected,
                },
            ),
            0..3,
        );
        let compared_with = proptest::option::of(
            (text(), any::<i32>()).prop_map(|(source, year)| ComparedWith { source, year }),
        );
        let places = (
            proptest::option::of(piece()),
            proptest::option::of(piece()),
            proptest::option::of(text()),
            proptest::option::of(piece()),
        );
        (
            (piece(), severity, piece(), text(), evidence),
            places,
            (
                cells,
                suspects,
                proptest::option::of(location()),
                compared_with,
            ),
        )
            .prop_map(
                |(
                    (code, severity, title, message, evidence),
                    (section, table, row, column),
                    (cells, suspects, span, compared_with),
                )| Diagnostic {
                    code,
                    severity,
                    title,
                    message,
                    evidence,
                    section,
                    table,
                    row,
                    column,
                    cells,
                    suspects,
                    span,
                    compared_with,
                },
            )
    }

    /// The printer's own diagnostics ([`Offered`]) against serde_json's bytes for the
    /// derived fields: alone, in lists (the keys kept from one to the next) and at other
    /// depths (the keys written anew for each), deep enough that the keys no longer fit
    /// their blocks.
    fn same_diagnostics(list: &[Diagnostic]) {
        #[derive(Serialize)]
        struct Wrapped<'a> {
            #[serde(serialize_with = "serialize_diagnostics")]
            diagnostics: &'a [Diagnostic],
        }
        for d in list {
            let ours = {
                let mut out = Vec::new();
                write_pretty_to_vec(&mut out, &Offered(d)).unwrap();
                out
            };
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string_pretty(d).unwrap()
            );
            same(&Offered(d));
        }
        // serde_json writes `Offered` as the derived fields; and so the plain list.
        #[derive(Serialize)]
        struct Plain<'a> {
            diagnostics: &'a [Diagnostic],
        }
        let wrapped = Wrapped { diagnostics: list };
        let plain = Plain { diagnostics: list };
        let mut ours = Vec::new();
        write_pretty_to_vec(&mut ours, &(&wrapped, [[&wrapped]])).unwrap();
        let theirs = serde_json::to_string_pretty(&(&plain, [[&plain]])).unwrap();
        assert_eq!(String::from_utf8_lossy(&ours), theirs);
        same(&wrapped);
        same(&[[[[[[[[[[[[[[[&wrapped]]]]]]]]]]]]]]]);
        same(&[[[[[[[[[[[[[[[[[[[[[[[[[&wrapped]]]]]]]]]]]]]]]]]]]]]]]]]);
    }

    proptest! {
        #[test]
        fn any_string_escapes_as_serde_json(s in any::<String>()) {
            same(&s);
        }

        #[test]
        fn strings_of_special_pieces_escape_as_serde_json(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\"", "\\", "\n", "\r\n", "\t", "\u{0}", "\u{1f}", "\u{7f}", "a", "abcdefg",
                    "中", "年度报告", "😀", "/", " ", "é",
                ]),
                0..40,
            )
        ) {
            same(&pieces.concat());
            same(&pieces);
        }

        #[test]
        fn diagnostics_write_as_serde_json(list in proptest::collection::vec(diagnostic(), 0..4)) {
            same_diagnostics(&list);
        }
    }
}
