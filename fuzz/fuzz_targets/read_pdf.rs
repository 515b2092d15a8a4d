//! The PDF reader (crates/pdf) and the whole check on a dropped `.pdf`. The first byte
//! picks what the rest is: even, a whole file (file structure, filters, encryption,
//! fonts); odd, a content stream placed in a fixed one-page PDF with a simple and an
//! Identity-H font (the interpreter and the layout: lines, tables, paragraphs). Never
//! panics, never hangs; the result satisfies the core's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
1 begincodespacerange <0000> <FFFF> endcodespacerange \
2 beginbfchar <0001> <4E00> <0002> <3001> endbfchar \
1 beginbfrange <0010> <0019> <0030> endbfrange endcmap end end";

/// A one-page PDF around `content` (uncompressed).
fn wrap(content: &[u8]) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 /DW 1000 >>] /ToUnicode 7 0 R >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", TO_UNICODE.len()).as_bytes(), TO_UNICODE, b"\nendstream"].concat(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let file = if pick & 1 == 0 { rest.to_vec() } else { wrap(rest) };
    let _ = nianbao_pdf::read(&file);
    let analysis = nianbao::pipeline::analyse("fuzz.pdf", &file);
    invariants::assert_analysis(&analysis);
    let report = analysis.finish();
    invariants::assert_file_report("", &report);
});
