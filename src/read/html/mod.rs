//! The HTML reader: saved pages (`.html`, `.htm`, in UTF-8, UTF-16 or GBK/GB2312/GB18030
//! as their `<meta charset>` says), Word's "save as web page", and what the clipboard
//! holds as `text/html` when a report is copied from a browser or from Word.

mod article;
mod entities;
mod flow;
mod tokenizer;
mod tree;

pub use tree::MAX_DEPTH;

use super::decode;
use super::legacy;
use super::render::Item;

/// Markup a document may start with. Checked on the first bytes after a BOM and
/// whitespace; reports in plain text never start like this.
const STARTS: [&str; 26] = [
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<meta",
    "<table",
    "<div",
    "<p>",
    "<p ",
    "<span",
    "<style",
    "<title",
    "<!--",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<font",
    "<center",
    "<br",
    "<link",
    "<script",
    "<section",
    "<article",
    "<tr",
    "<td",
];

fn starts_like_html(head: &str) -> bool {
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    // Every start below is '<' or "version:" (any case): the common answer, a report's
    // text, without lowering a copy of its first characters.
    if !head.starts_with(['<', 'v', 'V']) {
        return false;
    }
    let lower: String = head
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    // Windows' clipboard format: a header of offsets, then the markup.
    if lower.starts_with("version:") && head.contains("StartHTML:") {
        return true;
    }
    if lower.starts_with("<?xml") {
        return head
            .chars()
            .take(1024)
            .collect::<String>()
            .to_ascii_lowercase()
            .contains("<html");
    }
    STARTS.iter().any(|s| lower.starts_with(s))
}

/// Whether decoded text is HTML markup rather than a report's text.
pub fn looks_like_html(text: &str) -> bool {
    // The first 2 KB, cut back to a char boundary (no copy: this runs on every paste).
    let mut end = text.len().min(2048);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    starts_like_html(&text[..end])
}

/// Whether bytes in an ASCII-compatible encoding start like HTML.
pub fn sniff_bytes(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    // Every start `starts_like_html` knows is '<' or "version:" after the BOM and
    // whitespace it trims: anything else is answered from the bytes, without decoding
    // the head (most files: a report's text starts with its title).
    let mut i = 0;
    loop {
        match head[i..] {
            [b' ' | b'\t' | b'\r' | b'\n', ..] => i += 1,
            [0xEF, 0xBB, 0xBF, ..] => i += 3,
            _ => break,
        }
    }
    if !matches!(head.get(i), Some(b'<' | b'v' | b'V')) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(text) => starts_like_html(text),
        // Cut inside a character at the end: what comes before reads the same, and a
        // replacement character after it changes nothing the test looks at. No copy:
        // this runs on every file.
        Err(e) if e.error_len().is_none() => {
            starts_like_html(std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""))
        }
        Err(_) => starts_like_html(&String::from_utf8_lossy(head)),
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The encoding a page declares in its first 4 KB: `<meta charset=…>`,
/// `<meta http-equiv=Content-Type content="…; charset=…">` or `<?xml … encoding=…?>`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut from = 0;
    while let Some(i) = find_ci(&head[from..], b"<meta")
        .or_else(|| (from == 0).then(|| find_ci(head, b"<?xml")).flatten())
    {
        let tag_start = from + i;
        let tag_end = head[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        let key = find_ci(tag, b"charset").map(|k| k + 7).or_else(|| {
            tag.starts_with(b"<?xml")
                .then(|| find_ci(tag, b"encoding").map(|k| k + 8))
                .flatten()
        });
        if let Some(k) = key {
            let rest = &tag[k..];
            let rest = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .copied()
                .collect::<Vec<u8>>();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let label: String = rest
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')
                    })
                    .map(|&b| b as char)
                    .collect();
                if !label.is_empty() {
                    return Some(label.to_ascii_lowercase());
                }
            }
        }
        from = tag_end.max(tag_start + 1);
        if from >= head.len() {
            break;
        }
    }
    None
}

/// Decodes a page. A byte-order mark wins; then bytes that are valid UTF-8 are UTF-8
/// whatever the page declares (pages re-saved by a browser keep their old declaration);
/// then the declared encoding; then the text decoder's guess (UTF-16, GB18030).
pub fn decode(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return decode::decode_text(bytes).map(|(s, _)| s);
    }
    if let Some(s) = decode::utf8(bytes) {
        if !s.contains('\0') {
            return Some(s.to_string());
        }
    }
    if let Some(label) = declared_charset(bytes) {
        if label.starts_with("utf-8") || label == "utf8" || label.starts_with("utf-16") {
            return Some(String::from_utf8_lossy(bytes).into_owned());
        }
        if let Some(s) = legacy::decode(&label, bytes, false) {
            return Some(s);
        }
    }
    decode::decode_text(bytes).map(|(s, _)| s)
}

/// Reads decoded markup into the report's paragraphs and tables.
pub fn read(markup: &str) -> Vec<Item> {
    // Windows' clipboard header (Version:0.9 StartHTML:…) precedes the markup.
    let markup = match markup.find('<') {
        Some(i) if markup[..i].contains("StartHTML:") => &markup[i..],
        _ => markup,
    };
    let dom = tree::parse(markup);
    let placed = flow::flow(&dom);
    article::select(&dom, &placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_html() {
        assert!(sniff_bytes(b"\xEF\xBB\xBF\r\n<!DOCTYPE HTML PUBLIC"));
        assert!(sniff_bytes(
            b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        ));
        assert!(sniff_bytes(b"Version:0.9\r\nStartHTML:0000000105\r\n"));
        assert!(sniff_bytes(b"<?xml version=\"1.0\"?>\n<html>"));
        assert!(!sniff_bytes("一、总体情况\n<p>".as_bytes()));
        assert!(!sniff_bytes(b"<?xml version=\"1.0\"?><w:document>"));
        assert!(looks_like_html("  <table><tr><td>1</td></tr></table>"));
    }

    /// The answer taken from the bytes before decoding is the decoded test's answer: on
    /// heads of BOMs (whole or cut), whitespace, markup, text, bad bytes, and a character
    /// cut at the 2 KB mark.
    #[test]
    fn early_answer_agrees_with_decoding() {
        fn decoded(bytes: &[u8]) -> bool {
            let head = &bytes[..bytes.len().min(2048)];
            match std::str::from_utf8(head) {
                Ok(text) => starts_like_html(text),
                Err(e) if e.error_len().is_none() => {
                    starts_like_html(std::str::from_utf8(&head[..e.valid_up_to()]).unwrap())
                }
                Err(_) => starts_like_html(&String::from_utf8_lossy(head)),
            }
        }
        let leads: [&[u8]; 9] = [
            b"",
            b" \r\n\t",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF\xEF\xBB\xBF ",
            b"\xEF\xBB",
            b"\xFF",
            b"\x0c",
            "\u{3000}".as_bytes(),
            "\u{feff}\n".as_bytes(),
        ];
        let bodies: [&[u8]; 10] = [
            b"",
            b"<html>",
            b"<P>x",
            b"VERSION:1\nStartHTML:1",
            b"version:1",
            b"<?xml?><html>",
            b"<x",
            "一、总体情况\n<p>".as_bytes(),
            b"v",
            b"\xE4\xB8",
        ];
        for lead in leads {
            for body in bodies {
                let mut bytes = lead.to_vec();
                bytes.extend_from_slice(body);
                assert_eq!(sniff_bytes(&bytes), decoded(&bytes), "{bytes:?}");
                // Padded to the 2 KB mark, with a character cut there.
                let mut long = vec![b' '; 2047 - bytes.len().min(2047)];
                long.extend_from_slice(&bytes);
                long.extend_from_slice("一二".as_bytes());
                assert_eq!(sniff_bytes(&long), decoded(&long), "{long:?}");
            }
        }
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(b"<head><META CHARSET=\"GBK\">").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
            )
            .as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            declared_charset(b"<meta name=x content=y><meta charset='gb18030'>").as_deref(),
            Some("gb18030")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"GB2312\"?>").as_deref(),
            Some("gb2312")
        );
        assert_eq!(declared_charset(b"<meta name=viewport>"), None);
    }

    #[test]
    fn decodes_gbk_pages_and_mislabelled_utf8() {
        let mut page = b"<html><head><meta charset=gbk></head><body><p>".to_vec();
        page.extend([0xC4, 0xEA, 0xB1, 0xA8]); // 年报
        page.extend(b"</p></body></html>");
        assert!(decode(&page).unwrap().contains("<p>年报</p>"));
        let utf8 = "<meta charset=gb2312><p>年报</p>";
        assert_eq!(decode(utf8.as_bytes()).unwrap(), utf8);
        // No declaration at all: GB18030 is tried.
        let mut bare = b"<p>".to_vec();
        bare.extend([0xC4, 0xEA, 0xB1, 0xA8]);
        assert_eq!(decode(&bare).unwrap(), "<p>年报");
    }

    #[test]
    fn clipboard_header_is_skipped() {
        let clip = "Version:0.9\r\nStartHTML:0000000097\r\nEndHTML:0000000170\r\nStartFragment:0000000133\r\nEndFragment:0000000134\r\n<html><body><!--StartFragment--><p>一、总体情况</p><!--EndFragment--></body></html>";
        assert_eq!(read(clip), vec![Item::Para("一、总体情况".into())]);
    }
}
