//! A reader's result as text, for the crossing from the browser's on-demand readers
//! module to the core's module: one record a line, fields separated by tabs, with `\`,
//! tab and line break escaped inside fields.
//!
//! ```text
//! V <producer>                        the program that made the file (optional, first)
//! P <text>                            a paragraph
//! H <text>                            page chrome
//! B                                   a page break
//! I                                   a picture
//! T                                   a table starts
//! R                                   a row of the current table starts
//! C <colspan> <rowspan> <line>…       a cell of the current row, with its paragraphs
//! E <kind> <field>…                   the reader's error instead of items
//! ```

use crate::{CellIn, Item, Items, ReadError, RowIn};

fn escape(out: &mut String, field: &str) {
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

fn record(out: &mut String, tag: &str, fields: &[&str]) {
    out.push_str(tag);
    for f in fields {
        out.push('\t');
        escape(out, f);
    }
    out.push('\n');
}

/// Writes a reader's result as text.
pub fn encode(result: &Result<Items, ReadError>) -> String {
    let mut out = String::new();
    let items = match result {
        Ok(items) => items,
        Err(e) => {
            match e {
                ReadError::TooLarge {
                    what,
                    found,
                    limit,
                    unit,
                } => record(
                    &mut out,
                    "E",
                    &[
                        "TooLarge",
                        what,
                        &found.to_string(),
                        &limit.to_string(),
                        unit,
                    ],
                ),
                ReadError::Scanned { pages } => {
                    record(&mut out, "E", &["Scanned", &pages.to_string()])
                }
                ReadError::Undecodable { reason } => {
                    record(&mut out, "E", &["Undecodable", reason])
                }
                ReadError::Encrypted { reason } => record(&mut out, "E", &["Encrypted", reason]),
                ReadError::Unsupported { reason } => {
                    record(&mut out, "E", &["Unsupported", reason])
                }
                ReadError::Refused { reason, advice } => {
                    record(&mut out, "E", &["Refused", reason, advice])
                }
            }
            return out;
        }
    };
    if let Some(p) = &items.producer {
        record(&mut out, "V", &[p]);
    }
    for item in &items.items {
        match item {
            Item::Para(t) => record(&mut out, "P", &[t]),
            Item::Chrome(t) => record(&mut out, "H", &[t]),
            Item::PageBreak => record(&mut out, "B", &[]),
            Item::Image => record(&mut out, "I", &[]),
            Item::Table(rows) => {
                record(&mut out, "T", &[]);
                for row in rows {
                    record(&mut out, "R", &[]);
                    for cell in &row.cells {
                        let spans = [cell.colspan.to_string(), cell.rowspan.to_string()];
                        let mut fields: Vec<&str> = vec![&spans[0], &spans[1]];
                        fields.extend(cell.lines.iter().map(String::as_str));
                        record(&mut out, "C", &fields);
                    }
                }
            }
        }
    }
    out
}

/// Reads what [`encode`] wrote; `None` when the text is not of that form.
pub fn decode(text: &str) -> Option<Result<Items, ReadError>> {
    let mut items = Items::default();
    for line in text.split_terminator('\n') {
        let mut fields = line.split('\t');
        let tag = fields.next()?;
        let mut next = || fields.next().map(unescape);
        match tag {
            "V" => items.producer = Some(next()??),
            "P" => items.items.push(Item::Para(next()??)),
            "H" => items.items.push(Item::Chrome(next()??)),
            "B" => items.items.push(Item::PageBreak),
            "I" => items.items.push(Item::Image),
            "T" => items.items.push(Item::Table(Vec::new())),
            "R" => match items.items.last_mut() {
                Some(Item::Table(rows)) => rows.push(RowIn::default()),
                _ => return None,
            },
            "C" => {
                let colspan = next()??.parse().ok()?;
                let rowspan = next()??.parse().ok()?;
                let mut lines = Vec::new();
                while let Some(l) = next() {
                    lines.push(l?);
                }
                match items.items.last_mut() {
                    Some(Item::Table(rows)) => rows
                        .last_mut()?
                        .cells
                        .push(CellIn::new(lines, colspan, rowspan)),
                    _ => return None,
                }
            }
            "E" => {
                let kind = next()??;
                let e = match kind.as_str() {
                    "TooLarge" => ReadError::TooLarge {
                        what: next()??,
                        found: next()??.parse().ok()?,
                        limit: next()??.parse().ok()?,
                        unit: next()??,
                    },
                    "Scanned" => ReadError::Scanned {
                        pages: next()??.parse().ok()?,
                    },
                    "Undecodable" => ReadError::Undecodable { reason: next()?? },
                    "Encrypted" => ReadError::Encrypted { reason: next()?? },
                    "Unsupported" => ReadError::Unsupported { reason: next()?? },
                    "Refused" => ReadError::Refused {
                        reason: next()??,
                        advice: next()??,
                    },
                    _ => return None,
                };
                return Some(Err(e));
            }
            _ => return None,
        }
    }
    Some(Ok(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_errors_round_trip() {
        let items = Items {
            items: vec![
                Item::Para("一、总体情况\t含制表符\\和反斜杠".into()),
                Item::PageBreak,
                Item::Image,
                Item::Table(vec![
                    RowIn {
                        cells: vec![
                            CellIn::new(vec!["（二）部分".into(), "公开".into()], 2, 1),
                            CellIn::new(vec![], 1, 1),
                            CellIn::placeholder(1),
                        ],
                    },
                    RowIn::default(),
                ]),
                Item::Chrome("【打印】\n第二行".into()),
                Item::Para(String::new()),
            ],
            producer: Some("WPS 文字".into()),
        };
        let ok: Result<Items, ReadError> = Ok(items);
        assert_eq!(decode(&encode(&ok)), Some(ok));
        for e in [
            ReadError::TooLarge {
                what: "页数".into(),
                found: 9000,
                limit: 2000,
                unit: "页".into(),
            },
            ReadError::Scanned { pages: 6 },
            ReadError::Undecodable {
                reason: "字体没有\t对照表".into(),
            },
            ReadError::Encrypted {
                reason: "需要密码".into(),
            },
            ReadError::Unsupported {
                reason: "文件已损坏".into(),
            },
            ReadError::Refused {
                reason: "压缩包已加密".into(),
                advice: "请解除加密后再检查。".into(),
            },
        ] {
            let err: Result<Items, ReadError> = Err(e);
            assert_eq!(decode(&encode(&err)), Some(err));
        }
        assert_eq!(decode(""), Some(Ok(Items::default())));
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [
            "X\ta",
            "R",
            "C\t1\t1\tx",
            "T\nC\t1\t1",
            "P\t\\q",
            "E\tNope",
            "T\nR\nC\tx\t1",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
