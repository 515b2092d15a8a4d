//! Helpers for the fuzz targets: the invariants every result must satisfy.

pub mod invariants;
pub mod zip_writer;

/// Text from fuzz bytes: lossless when they are UTF-8, otherwise with replacement
/// characters (so every input exercises the check rather than being thrown away).
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
