//! Telling the report from the page around it. A saved government page holds the
//! article among menus, breadcrumbs, a "发布时间 / 来源 / 字号" bar, print and close
//! buttons, related links and a footer. The article is the smallest element holding all
//! of the report's section headings and tables; its title, often set apart above it, and
//! a signature set apart below it are taken along. What lies outside is left out, and
//! so is the page's bar between title and article; chrome inside the article (pasted
//! into the report itself) is kept as page-chrome artifacts, so it can be pointed out,
//! rather than as paragraphs of the report.

use super::flow::Placed;
use super::tree::Dom;
use crate::heading::looks_like_section_heading;
use crate::read::render::{Item, RowIn};

/// Words of page tools; a line made only of these (and brackets, bars, colons) is chrome.
const TOOL_WORDS: [&str; 40] = [
    "扫一扫在手机打开当前页",
    "在手机上打开当前页",
    "视力保护色",
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭窗口",
    "关闭本页",
    "关闭此页",
    "返回顶部",
    "返回首页",
    "返回列表",
    "加入收藏",
    "分享到",
    "扫一扫",
    "字号",
    "字体",
    "打印",
    "关闭",
    "返回",
    "收藏",
    "分享",
    "默认",
    "微信",
    "微博",
    "保存",
    "纠错",
    "繁体",
    "简体",
    "无障碍",
    "上一篇",
    "下一篇",
    "放大",
    "缩小",
    "大",
    "中",
    "小",
    "顶部",
    "阅读",
    "朗读",
];

/// Labels of the metadata a page shows above or below the article.
const META_KEYS: [&str; 32] = [
    "发布时间",
    "发布日期",
    "发布机构",
    "发文机关",
    "来源",
    "信息来源",
    "文章来源",
    "作者",
    "责任编辑",
    "编辑",
    "浏览次数",
    "浏览量",
    "阅读次数",
    "点击数",
    "点击量",
    "访问量",
    "索引号",
    "文号",
    "发文字号",
    "主题分类",
    "生成日期",
    "成文日期",
    "公开方式",
    "当前位置",
    "您当前的位置",
    "您的位置",
    "版权所有",
    "主办单位",
    "承办单位",
    "网站标识码",
    "联系电话",
    "技术支持",
];

fn tool_only(text: &str) -> bool {
    let mut rest: String = text
        .chars()
        .filter(|c| {
            !crate::doc::is_padding(*c)
                && !matches!(
                    c,
                    '【' | '】'
                        | '['
                        | ']'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '|'
                        | '｜'
                        | '·'
                        | '/'
                        | ':'
                        | '：'
                        | '>'
                        | '<'
                        | '》'
                        | '《'
                        | '-'
                        | '—'
                )
        })
        .collect();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        match TOOL_WORDS.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => rest.drain(..w.len()),
            None => return false,
        };
    }
    true
}

/// A metadata line: starts with (after brackets) one of the page's labels and a colon.
fn meta_line(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| crate::doc::is_padding(c) || matches!(c, '【' | '['));
    text.chars().count() <= 150
        && META_KEYS.iter().any(|k| {
            t.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(['：', ':']))
        })
}

pub fn is_chrome(text: &str) -> bool {
    tool_only(text) || meta_line(text)
}

fn is_title(text: &str) -> bool {
    let n = text.chars().count();
    (6..=80).contains(&n) && (text.contains("报告") || text.contains("年报"))
}

/// The report's title in a page's <title>, without the site's name around it.
fn title_from_head(head: &str) -> Option<String> {
    let head = head.trim_matches(crate::doc::is_padding);
    head.split(['_', '|', '｜'])
        .flat_map(|part| part.split(" - "))
        .map(|part| part.trim_matches(crate::doc::is_padding))
        .find(|part| is_title(part) && !part.contains('\n'))
        .map(str::to_string)
}

fn is_date(text: &str) -> bool {
    let t = text.trim_matches(crate::doc::is_padding);
    t.ends_with('日') && t.contains('年') && t.contains('月') && t.chars().count() <= 20
}

/// A short line that names an organ: a signature.
fn is_organ(text: &str) -> bool {
    const ENDS: [&str; 16] = [
        "政府",
        "委员会",
        "管委会",
        "办公室",
        "办公厅",
        "局",
        "部",
        "厅",
        "委",
        "院",
        "中心",
        "镇",
        "乡",
        "街道",
        "处",
        "所",
    ];
    let t = text.trim_matches(crate::doc::is_padding);
    t.chars().count() <= 40 && !t.contains(['：', ':']) && ENDS.iter().any(|e| t.ends_with(e))
}

fn numeric_cells(rows: &[RowIn]) -> usize {
    rows.iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| {
            let t: String = c.lines.concat();
            let t = t.trim_matches(crate::doc::is_padding);
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .count()
}

/// A table of page metadata (索引号, 发布机构 …) rather than of the report.
fn meta_table(rows: &[RowIn]) -> bool {
    let keys = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| {
            let t = c.lines.concat();
            META_KEYS.iter().any(|k| t.trim_start().starts_with(k))
        })
        .count();
    keys >= 2
}

fn chrome_of(item: &Item) -> Option<Item> {
    match item {
        Item::Para(t) if is_chrome(t) => Some(Item::Chrome(t.clone())),
        Item::Table(rows) if meta_table(rows) => Some(Item::Chrome(
            rows.iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.lines.join(" "))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" "),
        )),
        _ => None,
    }
}

/// Keeps an item of the article, turning chrome into chrome.
fn keep(out: &mut Vec<Item>, p: &Placed) {
    out.push(chrome_of(&p.item).unwrap_or_else(|| p.item.clone()));
}

/// The report's items out of the page's.
pub fn select(dom: &Dom, placed: &[Placed]) -> Vec<Item> {
    let anchors: Vec<usize> = placed
        .iter()
        .enumerate()
        .filter(|(_, p)| match &p.item {
            Item::Para(t) => !p.link_only && looks_like_section_heading(t.trim()),
            Item::Table(rows) => numeric_cells(rows) >= 3 && !meta_table(rows),
            Item::Chrome(_) | Item::PageBreak | Item::Image => false,
        })
        .map(|(i, _)| i)
        .collect();
    if anchors.len() < 2 {
        // Not recognisably a report (or a fragment of one): keep everything.
        let mut out = Vec::new();
        for p in placed {
            keep(&mut out, p);
        }
        return out;
    }
    let root = anchors
        .iter()
        .map(|&i| placed[i].node)
        .reduce(|a, b| dom.common_ancestor(a, b))
        .unwrap_or(0);
    let inside: Vec<usize> = (0..placed.len())
        .filter(|&i| dom.within(placed[i].node, root))
        .collect();
    let (first, last) = (inside[0], inside[inside.len() - 1]);
    let mut start = first;
    // The title, set apart above the article (a heading, a "title" block).
    let look_back = first.saturating_sub(12);
    if let Some(t) = (look_back..first).rev().find(|&i| match &placed[i].item {
        Item::Para(text) => !placed[i].link_only && is_title(text) && !is_chrome(text),
        _ => false,
    }) {
        start = t;
        // A title broken over lines: short lines just above it in the same block.
        let parent = dom.nodes[placed[t].node].parent;
        for _ in 0..2 {
            let Some(prev) = start.checked_sub(1) else {
                break;
            };
            let p = &placed[prev];
            let fits = match &p.item {
                Item::Para(text) => {
                    !p.link_only
                        && !is_chrome(text)
                        && text.chars().count() <= 30
                        && (p.node == placed[t].node || dom.nodes[p.node].parent == parent)
                }
                _ => false,
            };
            if !fits {
                break;
            }
            start = prev;
        }
    }
    let mut end = last;
    // The signature (organ, date) set apart below the article.
    while end + 1 < placed.len() && end < last + 3 {
        let p = &placed[end + 1];
        let fits = match &p.item {
            Item::Para(t) => !p.link_only && !is_chrome(t) && (is_date(t) || is_organ(t)),
            _ => false,
        };
        if !fits {
            break;
        }
        end += 1;
    }
    let mut out = Vec::new();
    // No title above the article: many portals show it only in the page header, which
    // is chrome here; the page's <title> names the report ("…年度报告_某某市人民政府").
    let has_title = (start..first).any(|i| matches!(&placed[i].item, Item::Para(t) if is_title(t)))
        || matches!(&placed[first].item, Item::Para(t) if is_title(t));
    if !has_title {
        if let Some(t) = dom.title.as_deref().and_then(title_from_head) {
            out.push(Item::Para(t));
        }
    }
    for (i, p) in placed.iter().enumerate().take(end + 1).skip(start) {
        // Between the title and the article: the page's own bar (date, source, font
        // size), not the report's; left out rather than reported.
        if i < first && (p.link_only || chrome_of(&p.item).is_some()) {
            continue;
        }
        keep(&mut out, p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_the_page_head() {
        assert_eq!(
            title_from_head("某某局2023年政府信息公开工作年度报告_某某市人民政府").as_deref(),
            Some("某某局2023年政府信息公开工作年度报告")
        );
        assert_eq!(
            title_from_head("首页 | 某某县2022年度政府信息公开工作年度报告").as_deref(),
            Some("某某县2022年度政府信息公开工作年度报告")
        );
        assert_eq!(title_from_head("某某市人民政府门户网站"), None);
    }

    #[test]
    fn chrome_lines() {
        for t in [
            "【打印本页】【关闭窗口】",
            "字号：[ 大 中 小 ]",
            "发布时间：2023-01-16 来源：开发区 浏览次数：120",
            "【字体：大 中 小】",
            "扫一扫在手机打开当前页",
            "当前位置：首页 > 政务公开 > 年度报告",
        ] {
            assert!(is_chrome(t), "{t}");
        }
        for t in [
            "一、总体情况",
            "大力推进政务公开",
            "来源于群众的意见",
            "无",
            "2023年1月16日",
            "关闭了3个网站",
        ] {
            assert!(!is_chrome(t), "{t}");
        }
    }
}
