//! SEC-MISSING, SEC-ORDER, SEC-ORDINAL, SEC-TITLE, TBL-MISSING: are the six sections and
//! the three tables there, in order, under the template's headings?

use crate::diag::Finding;
use crate::doc::Document;
use crate::heading::parse_heading;
use crate::model::{table_name_zh, Report, ORDINALS, SECTION_TITLES};
use crate::span::Span;

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    sections(doc, report, out);
    tables(doc, report, out);
}

fn sections(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    for n in 1..=6 {
        if report.section(n).is_some() {
            continue;
        }
        // Point where the section should have stood: at the next section present, or
        // at the end of the text.
        let at = report
            .sections
            .iter()
            .filter(|s| s.number > n)
            .map(|s| s.span.start)
            .min()
            .unwrap_or(doc.text.len());
        out.push(
            Finding::new("SEC-MISSING")
                .arg("ordinal", ORDINALS[n - 1])
                .arg("title", SECTION_TITLES[n - 1])
                .section(ORDINALS[n - 1])
                .span(Span::new(at, at)),
        );
    }
    let mut highest = 0;
    let mut seen = [false; 7];
    for s in &report.sections {
        let title = SECTION_TITLES[s.number - 1];
        if seen[s.number] {
            out.push(
                Finding::new("SEC-ORDER")
                    .variant("repeat")
                    .arg("title", title)
                    .section(ORDINALS[s.number - 1])
                    .span(s.span),
            );
        } else if s.number < highest {
            out.push(
                Finding::new("SEC-ORDER")
                    .arg("title", title)
                    .arg("prev", ORDINALS[highest - 1])
                    .section(ORDINALS[s.number - 1])
                    .span(s.span),
            );
        }
        seen[s.number] = true;
        highest = highest.max(s.number);

        // The extractor parsed the heading already: parse it again only to report it.
        if s.ordinal_ok && s.exact {
            continue;
        }
        let Some(h) = parse_heading(&s.heading) else {
            continue;
        };
        let ordinal = ORDINALS[s.number - 1];
        if !h.ordinal_ok {
            out.push(
                Finding::new("SEC-ORDINAL")
                    .arg("found", &s.heading)
                    .arg("expected", format!("{ordinal}、{}", h.title))
                    .section(ordinal)
                    .evidence(format!("{ordinal}、"), s.heading.clone())
                    .span(s.span),
            );
        }
        if !h.exact {
            out.push(
                Finding::new("SEC-TITLE")
                    .arg("found", &s.heading)
                    .arg("expected", format!("{ordinal}、{title}"))
                    .section(ordinal)
                    .evidence(title, h.title.clone())
                    .span(s.span),
            );
        }
    }
}

fn tables(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    for (key, number) in [("t2", 2), ("t3", 3), ("t4", 4)] {
        if report.table(key).is_some() {
            continue;
        }
        let at = report
            .section(number)
            .map(|s| s.span)
            .unwrap_or(Span::new(doc.text.len(), doc.text.len()));
        let mut f = Finding::new("TBL-MISSING")
            .arg("section", ORDINALS[number - 1])
            .arg("table", table_name_zh(key))
            .table(key)
            .span(at);
        let images = images_in_section(doc, report, number);
        if images > 0 {
            f = f.variant("picture").arg("images", images);
        }
        out.push(f);
    }
}

/// How many pictures stand in section `number`: between its heading and the next
/// section's heading (or the end of the text).
fn images_in_section(doc: &Document, report: &Report, number: usize) -> usize {
    let Some(s) = report.section(number) else {
        return 0;
    };
    let end = report
        .sections
        .iter()
        .map(|x| x.span.start)
        .filter(|&x| x > s.span.start)
        .min()
        .unwrap_or(doc.text.len());
    doc.images
        .iter()
        .filter(|&&at| at >= s.span.end && at <= end)
        .count()
}
