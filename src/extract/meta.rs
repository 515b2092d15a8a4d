//! Title, organ, year, statistical period and signature (落款).

use crate::dates::{dates_in, find_loose_period, find_range, whole_date};
use crate::doc::{Block, Document};
use crate::model::{Located, OrganKind, Report};
use crate::numbers::parse_year_digits;
use crate::span::Span;

/// A substring searcher for a literal, built once per call site: `str::find` and
/// `str::match_indices` build one on every call, and these run for every paragraph.
/// (Its matches are `str::match_indices`': non-overlapping, from the left.)
macro_rules! finder {
    ($lit:literal) => {{
        static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
            std::sync::OnceLock::new();
        FINDER.get_or_init(|| memchr::memmem::Finder::new($lit))
    }};
}

/// `text.find(literal)` with the searcher built once.
macro_rules! find {
    ($hay:expr, $lit:literal) => {
        finder!($lit).find($hay.as_bytes())
    };
}

pub fn extract_meta(doc: &Document, r: &mut Report) {
    extract_title(doc, r);
    extract_period(doc, r);
    extract_signature(doc, r);
    if r.year.is_none() {
        if let Some(p) = &r.period {
            r.year = Some(Located {
                value: p.value.1.year,
                span: p.span,
            });
        }
    }
    // Web pages often leave the title in the page header, outside the text copied; the
    // intro then names the report ("现公布区政府国资局2022年政府信息公开工作年度报告"),
    // and failing that the body says which year it speaks of ("2022年，我局…").
    if r.organ.is_none() || r.year.is_none() {
        organ_year_from_intro(doc, r);
    }
    if r.year.is_none() {
        year_from_body(doc, r);
    }
    if r.organ.is_none() {
        r.organ = r
            .signature_organ
            .as_ref()
            .map(|o| o.value.clone())
            .filter(|o| plausible_organ(o));
    }
    r.kind = r
        .organ
        .as_deref()
        .or(r.signature_organ.as_ref().map(|o| o.value.as_str()))
        .map(organ_kind);
}

/// The first "NNNN年" in a text: (year, byte start, byte end of the digits).
pub fn first_year(text: &str) -> Option<(i32, usize, usize)> {
    for (i, _) in text.match_indices('年') {
        let digits: Vec<(usize, char)> = text[..i].char_indices().rev().take(4).collect();
        if digits.len() < 4 {
            continue;
        }
        let start = digits[3].0;
        let run = &text[start..i];
        // Not part of a longer number.
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(crate::numbers::is_numeral_char)
        {
            continue;
        }
        if let Some(y) = parse_year_digits(run) {
            if (1990..=2200).contains(&y) {
                return Some((y, start, i));
            }
        }
    }
    None
}

fn is_title_line(text: &str) -> bool {
    let n = text.chars().count();
    // Half-width punctuation too: some pages (and normalised copies) use it throughout.
    n <= 60
        && !text.ends_with('。')
        && !text.contains(['，', '：', ',', ':', '；', ';'])
        && !is_breadcrumb(text)
}

/// A web page's navigation trail ("首页 > 政务公开 > 政府信息公开年报 > …"), which
/// often ends with the report's name but is not its title.
fn is_breadcrumb(text: &str) -> bool {
    crate::has!(text, " > ")
        || text.contains(['＞', '»', '›'])
        || ["首页", "当前位置", "您现在的位置", "您的位置", "当前的位置"]
            .iter()
            .any(|w| text.starts_with(w))
}

/// A four-digit year written without 年 straight before Chinese text ("2022政府信息公开
/// 工作年度报告"): (year, byte start, byte end of the digits).
fn bare_year(text: &str) -> Option<(i32, usize, usize)> {
    let mut start = None;
    for (i, c) in text.char_indices() {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        match (digit, start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(a)) => {
                start = None;
                let run = &text[a..i];
                if run.chars().count() == 4 && crate::text_util::has_cjk(&c.to_string()) {
                    if let Some(y) = parse_year_digits(run).filter(|y| (1990..=2200).contains(y)) {
                        return Some((y, a, i));
                    }
                }
            }
            (false, None) => {}
        }
    }
    None
}

/// The year of a title: "2022年" or, when 年 is missing, a bare "2022" before Chinese
/// text. Returns (year, byte start, byte end of the digits, written with 年).
pub fn title_year(text: &str) -> Option<(i32, usize, usize, bool)> {
    first_year(text)
        .map(|(y, a, z)| (y, a, z, true))
        .or_else(|| bare_year(text).map(|(y, a, z)| (y, a, z, false)))
}

/// Trims a candidate organ name: padding, a leading "关于" ("关于2022年度…的报告").
fn clean_organ(s: &str) -> &str {
    let s = s.trim_matches(crate::doc::is_padding);
    s.strip_prefix("关于")
        .unwrap_or(s)
        .trim_matches(crate::doc::is_padding)
}

/// Whether a candidate organ name can be one: Chinese, short, no sentence marks, and not
/// a pronoun ("我局", "本机关").
fn plausible_organ(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && crate::text_util::has_cjk(s)
        && !s.starts_with(['我', '本', '该'])
        && !s.contains(['，', '。', '：', ',', ':', '《', '》', '“', '”'])
        && !crate::has!(s, "关于")
        && !crate::has!(s, "做好")
}

/// The organ a title (or a report's name in the intro) names, around its year: before
/// it ("涞源县2022年…"), or after it in year-first titles ("2019年上海市人民政府办公厅
/// 政府信息公开…"), never the words "政府信息公开工作" themselves ("…外事办公室政府信息
/// 公开工作2022年度报告").
fn title_organ(text: &str, year: Option<(i32, usize, usize, bool)>) -> Option<String> {
    let gk = find!(text, "政府信息公开").or_else(|| find!(text, "信息公开"));
    let organ = match year {
        Some((_, a, z, nian)) => {
            let before = match gk {
                Some(g) if g < a => &text[..g],
                _ => &text[..a],
            };
            let before = clean_organ(before);
            if !before.is_empty() {
                before
            } else {
                let mut rest = &text[z..];
                if nian {
                    rest = rest.strip_prefix('年').unwrap_or(rest);
                    rest = rest.strip_prefix('度').unwrap_or(rest);
                }
                let end = find!(rest, "政府信息公开").or_else(|| find!(rest, "信息公开"))?;
                clean_organ(&rest[..end])
            }
        }
        None => clean_organ(&text[..gk?]),
    };
    plausible_organ(organ).then(|| organ.to_string())
}

fn extract_title(doc: &Document, r: &mut Report) {
    // The title is the first short line of the preamble that names a 报告; web pages
    // and some Word files put other lines first (索引号, 发布机构 …), so look a few
    // paragraphs down. A two-line title (organ on its own line, then "2022年…报告") is
    // joined when the second line names no organ of its own.
    let paras: Vec<&crate::doc::Paragraph> = doc.blocks[..r.body_start.min(doc.blocks.len())]
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .take(10)
        .collect();
    let Some(k) = paras
        .iter()
        .position(|p| is_title_line(&p.text) && crate::has!(p.text, "报告"))
    else {
        return;
    };
    let line = paras[k];
    let own_organ = {
        let sq = squeeze(&line.text).map_or_else(|| line.text.as_str().to_owned(), |s| s.0);
        title_organ(&sq, title_year(&sq)).is_some()
    };
    let organ_line = k
        .checked_sub(1)
        .map(|j| paras[j])
        .filter(|p| is_title_line(&p.text) && !crate::has!(p.text, "报告") && !own_organ);
    let (first, text, span) = match organ_line {
        Some(o) => (
            o.span,
            format!("{}{}", o.text, line.text),
            o.span.cover(line.span),
        ),
        None => (line.span, line.text.as_str().to_owned(), line.span),
    };
    // "2024 年" as a PDF viewer copies it reads as "2024年".
    let (text, map) = match squeeze(&text) {
        Some((sq, map)) => (sq, Some(map)),
        None => (text, None),
    };
    let year = title_year(&text);
    r.organ = title_organ(&text, year);
    if let Some((y, start, end, _)) = year {
        let (start, end) = match &map {
            Some(m) => (m[start], m[end]),
            None => (start, end),
        };
        let joined = match &map {
            Some(_) => match organ_line {
                Some(o) => format!("{}{}", o.text, line.text),
                None => line.text.as_str().to_owned(),
            },
            None => text.clone(),
        };
        // The span of the year digits in the source: the title text is the first
        // paragraph, or the first and second joined.
        let year_span = locate_in_title(doc, first, span, &joined, start, end);
        r.year = Some(Located {
            value: y,
            span: year_span,
        });
    }
    r.title = Some(Located { value: text, span });
}

/// A report's name in the intro ("现公布区政府国资局2022年政府信息公开工作年度报告",
/// "编制了《侯马经济开发区2022年政府信息公开工作年度报告》"): fills the organ and the
/// year the title did not give.
fn organ_year_from_intro(doc: &Document, r: &mut Report) {
    let end = r
        .sections
        .iter()
        .find(|s| s.number >= 2)
        .map(|s| s.block)
        .unwrap_or(doc.blocks.len());
    for b in doc.blocks[..end].iter().take(20) {
        let Block::Paragraph(p) = b else { continue };
        for i in finder!("政府信息公开").find_iter(p.text.as_bytes()) {
            // A report's name: "…政府信息公开(工作)(年度)报告" within a few characters.
            let names_report = p.text[i..]
                .chars()
                .take(14)
                .collect::<String>()
                .contains("报告");
            if !names_report {
                continue;
            }
            // The name runs back to the nearest mark or verb.
            let before = &p.text[..i];
            let from = before
                .rfind([
                    '，', '。', '：', '；', '、', '《', '“', '（', ',', ':', ';', '(', ' ',
                ])
                .map(|j| j + before[j..].chars().next().map_or(1, char::len_utf8))
                .unwrap_or(0);
            let mut name = &before[from..];
            loop {
                let stripped = [
                    "现将",
                    "现",
                    "特向社会",
                    "向社会",
                    "特",
                    "公布",
                    "发布",
                    "编制了",
                    "编制",
                    "形成",
                    "了",
                ]
                .iter()
                .find_map(|v| name.strip_prefix(v));
                match stripped {
                    Some(rest) => name = rest,
                    None => break,
                }
            }
            let name_at = p.span.start + (before.len() - name.len());
            let year = title_year(name);
            // The year must stand at the name's end ("…2022年") or start ("2022年…").
            let Some((y, a, z, _)) = year else { continue };
            let organ = title_organ(&format!("{name}政府信息公开"), year);
            if r.year.is_none() {
                r.year = Some(Located {
                    value: y,
                    span: Span::new(name_at + a, name_at + z),
                });
            }
            if r.organ.is_none() {
                r.organ = organ;
            }
            return;
        }
    }
}

/// The year the body speaks of, when nothing else says: the first paragraph of section
/// 一 or the preamble that opens with "2022年，" or states "截至2022年12月31日".
fn year_from_body(doc: &Document, r: &mut Report) {
    let end = r
        .sections
        .iter()
        .find(|s| s.number >= 2)
        .map(|s| s.block)
        .unwrap_or(doc.blocks.len());
    for b in &doc.blocks[..end] {
        let Block::Paragraph(p) = b else { continue };
        if let Some((y, a, z)) = first_year(&p.text).filter(|y| y.1 == 0) {
            let after = &p.text[z + '年'.len_utf8()..];
            let after = after.strip_prefix('度').unwrap_or(after);
            if after.starts_with(['，', ',']) {
                r.year = Some(Located {
                    value: y,
                    span: Span::new(p.span.start + a, p.span.start + z),
                });
                return;
            }
        }
        for d in dates_in(&p.text) {
            let lead = &p.text[..d.start];
            if (d.date.month, d.date.day) == (12, 31)
                && (lead.ends_with("截至") || lead.ends_with("截止"))
            {
                r.year = Some(Located {
                    value: d.date.year,
                    // The year's digits end at its 年 (Chinese numerals are 3 bytes each).
                    span: Span::new(
                        p.span.start + d.start,
                        p.span.start + d.start + p.text[d.start..].find('年').unwrap_or(0),
                    ),
                });
                return;
            }
        }
    }
}

/// Maps a byte range of the joined title back to the source.
fn locate_in_title(
    doc: &Document,
    first: Span,
    whole: Span,
    joined: &str,
    a: usize,
    b: usize,
) -> Span {
    let first_len = first.end - first.start;
    if b <= first_len {
        return Span::new(first.start + a, first.start + b);
    }
    // In the second line: find the same text there.
    let needle = &joined[a..b];
    doc.text[whole.start..whole.end]
        .rfind(needle)
        .map(|i| Span::new(whole.start + i, whole.start + i + needle.len()))
        .unwrap_or(whole)
}

fn extract_period(doc: &Document, r: &mut Report) {
    // The period is stated in the intro or early in section 一; look before section 二.
    let end = r
        .sections
        .iter()
        .find(|s| s.number >= 2)
        .map(|s| s.block)
        .unwrap_or(doc.blocks.len());
    for b in &doc.blocks[..end] {
        let Block::Paragraph(p) = b else { continue };
        if let Some((from, to, a, z)) = find_range_loose(&p.text) {
            r.period = Some(Located {
                value: (from, to),
                span: Span::new(p.span.start + a, p.span.start + z),
            });
            return;
        }
    }
    // Looser forms ("2023年1月至12月", "2023.1.1-2023.12.31", "2023年度") only where the
    // sentence says it states the period: elsewhere they mean other things.
    for b in &doc.blocks[..end] {
        let Block::Paragraph(p) = b else { continue };
        for i in finder!("统计").find_iter(p.text.as_bytes()) {
            let key = &p.text[i + "统计".len()..];
            if !["期限", "时限", "时间", "周期", "区间", "时段"]
                .iter()
                .any(|k| key.starts_with(k))
            {
                continue;
            }
            let sentence_end = p.text[i..]
                .find(['。', '；', ';'])
                .map_or(p.text.len(), |e| i + e);
            let sentence = &p.text[i..sentence_end];
            // The period follows its key closely ("统计期限为2023年度").
            let near = |a: usize| sentence[..a].chars().count() <= 12;
            if let Some((from, to, a, z)) = find_loose_period(sentence).filter(|x| near(x.2)) {
                r.period = Some(Located {
                    value: (from, to),
                    span: Span::new(p.span.start + i + a, p.span.start + i + z),
                });
                return;
            }
        }
    }
}

fn is_page_number(text: &str) -> bool {
    // "- 12 -", "第3页", "3/12": short by nature and with a digit; most paragraphs are
    // neither, and a byte scan for a digit turns the short ones away sooner than a
    // character-by-character test of the marks.
    if text.len() > 24 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // One to three ASCII digits besides padding and the marks around them, counted
    // without collecting them (the rules ask this of every paragraph).
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !crate::doc::is_padding(c) && !"-—－第页/".contains(c) {
            return false;
        }
    }
    (1..=3).contains(&digits)
}

pub fn is_page_number_text(text: &str) -> bool {
    is_page_number(text)
}

fn extract_signature(doc: &Document, r: &mut Report) {
    // The signature stands at the very end: an organ line and a date line, after the
    // last section heading's content. Page numbers after it are skipped.
    let last_heading = r.sections.last().map(|s| s.block).unwrap_or(0);
    let mut paras: Vec<(usize, &crate::doc::Paragraph)> = doc
        .blocks
        .iter()
        .enumerate()
        .skip(last_heading + 1)
        .filter_map(|(i, b)| match b {
            Block::Paragraph(p) => Some((i, p)),
            Block::Table(_) => None,
        })
        .collect();
    while paras.last().is_some_and(|(_, p)| is_page_number(&p.text)) {
        paras.pop();
    }
    // The date is one of the last two paragraphs (organ then date, or date then organ).
    let n = paras.len();
    for k in (n.saturating_sub(2)..n).rev() {
        let (_, p) = paras[k];
        let Some(d) = signature_date(&p.text) else {
            continue;
        };
        r.signature_date = Some(Located {
            value: d.date,
            span: Span::new(p.span.start + d.start, p.span.start + d.end),
        });
        // The organ: the paragraph before the date, or (when the date line itself
        // starts with a name) that name.
        let organ_para = if k > 0 { Some(paras[k - 1].1) } else { None };
        if let Some(op) = organ_para.filter(|op| is_organ_line(&op.text)) {
            r.signature_organ = Some(Located {
                value: op.text.as_str().to_owned(),
                span: op.span,
            });
        } else if d.start > 0 {
            let name = p.text[..d.start].trim_matches(crate::doc::is_padding);
            if is_organ_line(name) {
                r.signature_organ = Some(Located {
                    value: name.to_string(),
                    span: Span::new(p.span.start, p.span.start + name.len()),
                });
            }
        } else if k + 1 < n && is_organ_line(&paras[k + 1].1.text) {
            let op = paras[k + 1].1;
            r.signature_organ = Some(Located {
                value: op.text.as_str().to_owned(),
                span: op.span,
            });
        }
        return;
    }
    // No date: an organ line alone at the end still counts as half a signature.
    if let Some((_, p)) = paras.last() {
        let looks_like_organ = is_organ_line(&p.text)
            && [
                "政府",
                "委员会",
                "局",
                "办公室",
                "办",
                "部",
                "中心",
                "管委会",
                "委",
                "厅",
                "院",
                "处",
            ]
            .iter()
            .any(|s| p.text.ends_with(s));
        if looks_like_organ && paras.len() >= 2 {
            r.signature_organ = Some(Located {
                value: p.text.as_str().to_owned(),
                span: p.span,
            });
        }
    }
}

/// A text with the spaces a PDF viewer puts between numbers and Chinese removed
/// ("至 2024 年 1 月 1 日" reads as "至2024年1月1日"), with the byte offset in `text` of every byte of the result
/// (and of its end), so what is found in it maps back to the source. `None` when there
/// is nothing to remove (most text).
pub fn squeeze(text: &str) -> Option<(String, Vec<usize>)> {
    let joins = |a: char, b: char| {
        let num = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        (num(a) && han(b)) || (han(a) && num(b))
    };
    // Only padding after the first character is removed: text with none (most lines)
    // is answered from its bytes, without decoding it.
    let first = text.chars().next().map_or(0, char::len_utf8);
    if !crate::text_util::has_padding(&text[first..]) {
        return None;
    }
    // One pass over the characters: a run of padding goes when the characters either
    // side of it join; the result is built from the first run that goes (none is, for
    // most padded text), without a list of the characters.
    let mut built: Option<(String, Vec<usize>)> = None;
    // Bytes before `from` are in the result already (or dropped).
    let mut from = 0;
    let mut prev = '\0';
    // A padding run being read: where it starts and the character before it.
    let mut run: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        // Padding leading the text is kept, as a character like any other.
        if at > 0 && crate::doc::is_padding(c) {
            if run.is_none() {
                run = Some((at, prev));
            }
        } else if let Some((start, before)) = run.take() {
            if joins(before, c) {
                let (out, map) = built.get_or_insert_with(|| {
                    (
                        String::with_capacity(text.len()),
                        Vec::with_capacity(text.len() + 1),
                    )
                });
                out.push_str(&text[from..start]);
                map.extend(from..start);
                from = at;
            }
        }
        prev = c;
    }
    let (mut out, mut map) = built?;
    out.push_str(&text[from..]);
    map.extend(from..text.len());
    map.push(text.len());
    Some((out, map))
}

/// [`find_range`] on a paragraph, also with its numbers' spaces removed; offsets are
/// the paragraph's.
fn find_range_loose(text: &str) -> Option<(crate::model::Date, crate::model::Date, usize, usize)> {
    // A range holds a full date, and so a 月 (which removing spaces keeps): most
    // paragraphs of the preamble and section 一 have none, and are turned away by one
    // search instead of a search for dates and one for padding.
    find!(text, "月")?;
    find_range(text).or_else(|| {
        let (sq, map) = squeeze(text)?;
        let (a, b, x, y) = find_range(&sq)?;
        Some((a, b, map[x], map[y]))
    })
}

/// A date a paragraph is (or ends with), also with its numbers' spaces removed.
fn signature_date(text: &str) -> Option<crate::dates::FoundDate> {
    let plain = whole_date(text).or_else(|| trailing_date(text));
    plain.or_else(|| {
        let (sq, map) = squeeze(text)?;
        let d = whole_date(&sq).or_else(|| trailing_date(&sq))?;
        Some(crate::dates::FoundDate {
            date: d.date,
            start: map[d.start],
            end: map[d.end],
        })
    })
}

/// A paragraph ending with a date ("某某局 2023年1月16日").
fn trailing_date(text: &str) -> Option<crate::dates::FoundDate> {
    let t = text.trim_end_matches(crate::doc::is_padding);
    let d = dates_in(t).last()?;
    (d.end == t.len() && t.chars().count() <= 40).then_some(d)
}

fn is_organ_line(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !text.contains('。')
        && !text.contains('，')
        && !text.contains('；')
        && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Whether the organ is a people's government reporting for itself.
pub fn organ_kind(organ: &str) -> OrganKind {
    let o = organ.trim_matches(crate::doc::is_padding);
    if o.ends_with("人民政府") || o.ends_with("政府") {
        return OrganKind::Government;
    }
    const DEPARTMENT_MARKS: [&str; 16] = [
        "局",
        "委",
        "办",
        "厅",
        "部",
        "中心",
        "开发区",
        "管委会",
        "公司",
        "院",
        "所",
        "站",
        "队",
        "街道",
        "园区",
        "署",
    ];
    if DEPARTMENT_MARKS.iter().any(|m| o.contains(m)) {
        return OrganKind::Department;
    }
    if ["省", "市", "县", "区", "旗", "镇", "乡", "州", "盟"]
        .iter()
        .any(|s| o.ends_with(s))
    {
        return OrganKind::Government;
    }
    OrganKind::Department
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organ_kinds() {
        assert_eq!(organ_kind("涞源县"), OrganKind::Government);
        assert_eq!(organ_kind("巨鹿县官亭镇政府"), OrganKind::Government);
        assert_eq!(
            organ_kind("河北沧州经济开发区党政办公室"),
            OrganKind::Department
        );
        assert_eq!(organ_kind("侯马经济开发区"), OrganKind::Department);
        assert_eq!(organ_kind("北京市朝阳区"), OrganKind::Government);
        assert_eq!(organ_kind("某某市教育局"), OrganKind::Department);
    }

    #[test]
    fn squeezed_periods_and_titles() {
        let t = "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。";
        assert_eq!(
            squeeze(t).unwrap().0,
            "制。报告所列统计期限自2024年1月1日至2024年12月31日。"
        );
        let (_, _, a, z) = find_range_loose(t).expect("period");
        assert_eq!(&t[a..z], "2024 年 1 月 1 日至 2024 年 12 月 31 日");
        assert!(squeeze("第 1 页").is_some());
        assert!(squeeze("12 31").is_none());
        let (sq, _) = squeeze("2024 年政府信息公开工作年度报告").unwrap();
        assert_eq!(sq, "2024年政府信息公开工作年度报告");
        assert!(squeeze("2024年").is_none());
        // Punctuation that shares padding's lead bytes, and padding only in front.
        assert!(squeeze("制。报告“2024”年、\u{fefe}1日").is_none());
        assert!(squeeze("\u{3000} 2024年").is_none());
        assert!(squeeze("2024\u{feff}年").is_some());
    }

    /// `is_page_number` counts digits as they come; the same as collecting what is left
    /// of the text without padding and marks, on texts of digits, marks, padding and
    /// other characters.
    #[test]
    fn page_numbers_match_collected() {
        let collected = |text: &str| {
            if text.len() > 24 {
                return false;
            }
            let t: String = text
                .chars()
                .filter(|c| !crate::doc::is_padding(*c) && !"-—－第页/".contains(*c))
                .collect();
            !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
        };
        let pieces = [
            "1", "0", "12", "-", "—", "－", "第", "页", "/", " ", "\u{3000}", "\u{a0}", "a", "年",
            "１", "。", "\n",
        ];
        let mut rng = crate::test_rng::Rng::new(31);
        for _ in 0..20000 {
            let n = rng.below(10) as usize;
            let t: String = (0..n).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(is_page_number(&t), collected(&t), "{t:?}");
        }
        assert!(is_page_number("- 12 -") && is_page_number("第3页") && !is_page_number("1234"));
    }

    /// `find_range_loose` turns texts without 月 away first; on texts of date pieces,
    /// padding and other text it finds what it found without that test.
    #[test]
    fn find_range_loose_matches_without_month_test() {
        let reference = |t: &str| {
            find_range(t).or_else(|| {
                let (sq, map) = squeeze(t)?;
                let (a, b, x, y) = find_range(&sq)?;
                Some((a, b, map[x], map[y]))
            })
        };
        let pieces = [
            "2024",
            "2023",
            "年",
            "1",
            "12",
            "31",
            "月",
            "日",
            "号",
            "至",
            "到",
            "-",
            "起",
            " ",
            "\u{3000}",
            "\u{a0}",
            "，",
            "本",
            "二〇二四",
            "一",
            "十二",
            "三十一",
            "统计",
        ];
        // A range's pieces in order, each kept or not, with pieces between them.
        let range = [
            "2024", "年", "1", "月", "1", "日", "至", "2024", "年", "12", "月", "31", "日",
        ];
        let mut rng = crate::test_rng::Rng::new(29);
        let mut found = 0;
        for round in 0..20000 {
            let mut t = String::new();
            if round % 2 == 0 {
                for _ in 0..rng.below(14) {
                    t.push_str(pieces[rng.below(pieces.len() as u64) as usize]);
                }
            } else {
                for p in range {
                    if rng.below(8) != 0 {
                        t.push_str(p);
                    }
                    if rng.below(4) == 0 {
                        t.push_str(pieces[rng.below(pieces.len() as u64) as usize]);
                    }
                }
            }
            let expected = reference(&t);
            found += usize::from(expected.is_some());
            assert_eq!(find_range_loose(&t), expected, "{t:?}");
        }
        // The texts hold ranges too, not only texts turned away.
        assert!(found > 20, "{found}");
    }

    #[test]
    fn years() {
        assert_eq!(first_year("涞源县2022年政府").map(|y| y.0), Some(2022));
        assert_eq!(first_year("12022年").map(|y| y.0), None);
    }
}
