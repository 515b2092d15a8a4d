//! .docx archives for the fuzz targets, made with the docx crate's own zip writer.

use nianbao_docx::{write_zip, NewEntry};

/// A .docx holding `document_xml` as `word/document.xml`, stored (so that mutations land
/// on the XML rather than on a deflate stream).
pub fn docx_stored(document_xml: &[u8]) -> Vec<u8> {
    write_zip(
        &[NewEntry {
            name: "word/document.xml",
            data: document_xml,
            ..NewEntry::default()
        }],
        0,
    )
}
