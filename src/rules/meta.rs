//! META-YEAR, META-DATE-EARLY, META-DATE-LATE, META-SIGNATURE, META-TITLE, META-PERIOD:
//! title, year, period and signature.

use crate::diag::Finding;
use crate::doc::{Block, Document};
use crate::extract::meta_helpers::{first_year, title_year};
use crate::model::{Date, OrganKind, Report};
use crate::span::Span;

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    year(doc, report, out);
    dates(doc, report, out);
    title(doc, report, out);
    if report.period.is_none() {
        let year = report
            .year()
            .map(|y| y.to_string())
            .unwrap_or_else(|| "N".into());
        let at = report.sections.first().map(|s| s.span.start).unwrap_or(0);
        out.push(
            Finding::new("META-PERIOD")
                .arg("year", year)
                .span(Span::new(at, at)),
        );
    }
}

/// Where the report year was read: the title, the period, the intro's naming of the
/// report, or (failing all) the body itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum YearSource {
    Title,
    Period,
    Intro,
    Body,
}

fn year_source(report: &Report) -> Option<YearSource> {
    let y = report.year.as_ref()?;
    let within = |s: Span| s.start <= y.span.start && y.span.end <= s.end;
    Some(if report.title.as_ref().is_some_and(|t| within(t.span)) {
        YearSource::Title
    } else if report.period.as_ref().is_some_and(|p| within(p.span)) {
        YearSource::Period
    } else if report
        .sections
        .first()
        .is_none_or(|s| y.span.start < s.span.start)
    {
        YearSource::Intro
    } else {
        YearSource::Body
    })
}

fn year(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let Some(y) = &report.year else { return };
    let source = year_source(report);
    // A year read from the body is only a guess; it is no standard to hold the rest to.
    if source == Some(YearSource::Body) {
        return;
    }
    let from_title = source == Some(YearSource::Title);
    let label = match source {
        Some(YearSource::Title) => "标题",
        Some(YearSource::Period) => "统计期限",
        _ => "引言",
    };
    if let Some(p) = &report.period {
        let (from, to) = p.value;
        // A period spanning two years, or a title year the period contradicts.
        if from.year != to.year || (from_title && to.year != y.value) {
            let stated = if from.year == to.year {
                to.year.to_string()
            } else {
                format!("{}—{}", from.year, to.year)
            };
            out.push(
                Finding::new("META-YEAR")
                    .arg(
                        "a",
                        if from_title {
                            "标题"
                        } else {
                            "统计期限的起点"
                        },
                    )
                    .arg("year_a", if from_title { y.value } else { from.year })
                    .arg(
                        "b",
                        if from_title {
                            "统计期限"
                        } else {
                            "统计期限的终点"
                        },
                    )
                    .arg(
                        "year_b",
                        if from_title {
                            stated
                        } else {
                            to.year.to_string()
                        },
                    )
                    .evidence(y.value as i64, to.year as i64)
                    .span(p.span),
            );
            return;
        }
    }
    // The intro naming the report for another year ("编制了《某镇2020年政府信息公开工作
    // 年度报告》" in the 2021 report): last year's text copied.
    if let Some((named, span)) = named_report_year(doc, report) {
        if named != y.value {
            out.push(
                Finding::new("META-YEAR")
                    .arg("a", label)
                    .arg("year_a", y.value)
                    .arg("b", "引言所称的报告名称")
                    .arg("year_b", named)
                    .evidence(y.value as i64, named as i64)
                    .span(span),
            );
            return;
        }
    }
    // Paragraphs in sections 一 to 四 that open with "YYYY年，" speak of the report year
    // (section 五 may look ahead).
    for s in report.sections.iter().filter(|s| s.number <= 4) {
        for b in &doc.blocks[s.block + 1..s.end_block] {
            let Block::Paragraph(p) = b else { continue };
            // Only a year at the very start counts: its four characters and 年 are the
            // paragraph's first five, and `first_year` of those five finds it as
            // `first_year` of the whole paragraph would (it reads no further than a
            // year's 年), without searching the rest of the paragraph for 年.
            let head = p
                .text
                .char_indices()
                .nth(5)
                .map_or(p.text.len(), |(i, _)| i);
            let Some((py, a, z)) = first_year(&p.text[..head]) else {
                continue;
            };
            if a != 0 {
                continue;
            }
            let after = &p.text[z + '年'.len_utf8()..];
            let after = after.strip_prefix('度').unwrap_or(after);
            if !(after.starts_with('，') || after.starts_with(',')) {
                continue;
            }
            if py != y.value {
                out.push(
                    Finding::new("META-YEAR")
                        .arg("a", label)
                        .arg("year_a", y.value)
                        .arg("b", "正文")
                        .arg("year_b", py)
                        .evidence(y.value as i64, py as i64)
                        .span(Span::new(
                            p.span.start + a,
                            p.span.start + z + '年'.len_utf8(),
                        )),
                );
                return;
            }
        }
    }
}

fn dates(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let year = report.year();
    match (&report.signature_date, &report.signature_organ) {
        (Some(d), organ) => {
            if organ.is_none() {
                out.push(
                    Finding::new("META-SIGNATURE")
                        .arg("missing", "机关")
                        .span(d.span),
                );
            }
            let Some(year) = year else { return };
            let date = d.value;
            let period_end = Date {
                year,
                month: 12,
                day: 31,
            };
            if date <= period_end {
                let suggest = Date {
                    year: year + 1,
                    ..date
                };
                out.push(
                    Finding::new("META-DATE-EARLY")
                        .arg("date", date.zh())
                        .arg("year", year)
                        .arg("suggest", suggest.zh())
                        .evidence(format!("{}-01-01 及以后", year + 1), date.to_string())
                        .span(d.span),
                );
                return;
            }
            let government = report.kind == Some(OrganKind::Government);
            let deadline = Date {
                year: year + 1,
                month: if government { 3 } else { 1 },
                day: 31,
            };
            if date > deadline {
                out.push(
                    Finding::new("META-DATE-LATE")
                        .arg("date", date.zh())
                        .arg("deadline", deadline.zh())
                        .arg(
                            "who",
                            if government {
                                "本级人民政府年度报告应在3月31日前公布"
                            } else {
                                "县级以上人民政府部门应在1月31日前公布"
                            },
                        )
                        .evidence(deadline.to_string(), date.to_string())
                        .span(d.span),
                );
            }
        }
        (None, organ) => {
            let end = doc.text.trim_end_matches(crate::doc::is_padding).len();
            let span = organ
                .as_ref()
                .map(|o| o.span)
                .unwrap_or(Span::new(end, end));
            out.push(
                Finding::new("META-SIGNATURE")
                    .arg(
                        "missing",
                        if organ.is_some() {
                            "日期"
                        } else {
                            "（发布机关和日期）"
                        },
                    )
                    .span(span),
            );
        }
    }
}

const CANONICAL: &str = "政府信息公开工作年度报告";

fn title(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let organ = report.organ.clone().unwrap_or_else(|| "<机关名称>".into());
    let year = report
        .year()
        .map(|y| y.to_string())
        .unwrap_or_else(|| "N".into());
    let expected = format!("{organ}{year}年{CANONICAL}");
    let Some(t) = &report.title else {
        let at = doc.blocks.first().map(|b| match b {
            Block::Paragraph(p) => p.span.start,
            Block::Table(t) => t.span.start,
        });
        out.push(
            Finding::new("META-TITLE")
                .arg("found", "（没有找到标题）")
                .arg("expected", &expected)
                .arg("detail", "")
                .span(Span::new(at.unwrap_or(0), at.unwrap_or(0))),
        );
        return;
    };
    let text = &t.value;
    let has_year = first_year(text).is_some();
    let ok = has_year && report.organ.is_some() && text.ends_with(CANONICAL) && {
        let (_, a, z) = first_year(text).expect("checked");
        let mid = &text[z..text.len() - CANONICAL.len()];
        // Between the year and the canonical ending only 年 or 年度 may stand; or the
        // year comes first and the organ after it ("2019年上海市人民政府办公厅政府信息
        // 公开工作年度报告"), as many governments title their reports.
        mid == "年"
            || mid == "年度"
            || (a == 0 && {
                let organ = mid.strip_prefix('年').unwrap_or(mid);
                let organ = organ.strip_prefix('度').unwrap_or(organ);
                report.organ.as_deref() == Some(organ)
            })
    };
    if ok {
        return;
    }
    let mut missing = Vec::new();
    if !crate::has!(text, "政府信息公开") {
        missing.push("“政府”");
    }
    if !crate::has!(text, "工作") {
        missing.push("“工作”");
    }
    if !has_year {
        // "2022政府信息公开…": the year is there, its 年 is not.
        missing.push(if title_year(text).is_some() {
            "“年”"
        } else {
            "年度"
        });
    }
    let mut detail = if missing.is_empty() {
        String::new()
    } else {
        format!("（缺少{}）", missing.join("、"))
    };
    // The intro often names the report by its proper title; say so when it differs.
    if let Some(named) = named_title(doc, report) {
        if named != *text {
            detail.push_str(&format!("；引言中称之为《{named}》"));
        }
    }
    out.push(
        Finding::new("META-TITLE")
            .arg("found", text)
            .arg("expected", &expected)
            .arg("detail", detail)
            .evidence(expected.clone(), text.clone())
            .span(t.span),
    );
}

/// The year of the report the preamble or intro names in 《…年度报告》, with its span.
fn named_report_year(doc: &Document, report: &Report) -> Option<(i32, Span)> {
    let end = report
        .sections
        .get(1)
        .map(|s| s.block)
        .unwrap_or(report.body_start);
    for b in &doc.blocks[..end.min(doc.blocks.len())] {
        let Block::Paragraph(p) = b else { continue };
        let mut from = 0;
        while let Some(open) = crate::find_str!(p.text[from..], "《").map(|i| from + i) {
            let inner_at = open + '《'.len_utf8();
            let Some(close) = crate::find_str!(p.text[inner_at..], "》").map(|i| inner_at + i)
            else {
                break;
            };
            let inner = &p.text[inner_at..close];
            if inner.ends_with("年度报告") && !inner.contains('《') && !inner.starts_with("关于")
            {
                if let Some((y, a, z)) = first_year(inner) {
                    let at = p.span.start + inner_at;
                    return Some((y, Span::new(at + a, at + z)));
                }
            }
            from = close;
        }
    }
    None
}

/// A 《…年度报告》 the preamble or intro names.
fn named_title(doc: &Document, report: &Report) -> Option<String> {
    let end = report
        .sections
        .get(1)
        .map(|s| s.block)
        .unwrap_or(report.body_start);
    for b in &doc.blocks[..end.min(doc.blocks.len())] {
        let Block::Paragraph(p) = b else { continue };
        let mut rest = p.text.as_str();
        while let Some(open) = crate::find_str!(rest, "《") {
            let after = &rest[open + '《'.len_utf8()..];
            let Some(close) = crate::find_str!(after, "》") else {
                break;
            };
            let inner = &after[..close];
            if inner.ends_with("年度报告") && first_year(inner).is_some() && !inner.contains('《')
            {
                return Some(inner.to_string());
            }
            rest = &after[close..];
        }
    }
    None
}
