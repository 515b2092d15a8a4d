//! T2-AUTHORITY: table 二 reports 规章 for a body that cannot make them.
//!
//! Under the 立法法 (第九十一条, 第九十三条) 部门规章 are made by the State Council's
//! ministries, commissions and bodies with administrative functions, 地方政府规章 by the
//! people's governments of provinces, autonomous regions, municipalities, cities with
//! districts (设区的市) and autonomous prefectures. A township or street, a county or
//! district (市辖区) government or any of its departments, a development zone or park
//! cannot. The organ's level is read from its name; where the name leaves it unclear (a
//! 市 may be a city with districts or a county-level city) nothing is said.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::{column_label, Report};

/// Why a body cannot make 规章, by the lowest unit its name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 乡、镇、街道, 苏木.
    Township,
    /// 县、自治县、旗、市辖区 (and their departments).
    County,
    /// 开发区、园区、高新区、新区、管理区 and their 管委会.
    Zone,
}

impl Level {
    fn label_zh(self) -> &'static str {
        match self {
            Level::Township => "乡镇（街道）一级的机关",
            Level::County => "县级（县、区）人民政府或其部门",
            Level::Zone => "开发区、园区一类的管理机构",
        }
    }
}

/// Words naming a zone or park (their 管委会 and offices alike).
const ZONES: [&str; 12] = [
    "开发区",
    "园区",
    "高新区",
    "新区",
    "管理区",
    "保税区",
    "试验区",
    "示范区",
    "合作区",
    "综合实验区",
    "自贸区",
    "产业集聚区",
];

/// The level of a body by its name, when the name settles it.
pub fn level(organ: &str) -> Option<Level> {
    let o: Vec<char> = organ.chars().collect();
    let s: String = o.iter().collect();
    if ZONES.iter().any(|z| s.contains(z)) {
        return Some(Level::Zone);
    }
    if s.contains("街道") || s.contains("苏木") {
        return Some(Level::Township);
    }
    // The administrative units the name runs through, each a place name (one or more
    // characters after the previous unit) and its unit character: 河北省 · 沧州市 ·
    // 巨鹿县 · 官亭镇. A unit character right after another unit is the start of a
    // department's name instead (县乡村振兴局), and one at the very start belongs to a
    // place name (镇江市).
    let mut lowest: Option<Level> = None;
    let mut last_end = 0usize;
    for (i, &c) in o.iter().enumerate() {
        let gap = i.saturating_sub(last_end);
        let unit = match c {
            '乡' | '镇' if gap >= 2 => Some(Some(Level::Township)),
            '县' | '旗' if gap >= 1 => Some(Some(Level::County)),
            '区' if gap >= 1 => {
                let before: String = o[i.saturating_sub(2)..i].iter().collect();
                if before.ends_with("自治") || before.ends_with('地') || before.ends_with("行政")
                {
                    // 自治区 (a province), 地区 (a prefecture), 特别行政区.
                    Some(None)
                } else {
                    Some(Some(Level::County))
                }
            }
            '省' | '市' | '州' | '盟' if gap >= 1 => Some(None),
            _ => None,
        };
        if let Some(l) = unit {
            lowest = l;
            last_end = i + 1;
        }
    }
    lowest
}

/// The 规章 columns that say it was made or is in force: 2021 本年制发 and 现行有效;
/// 2019 本年新制作, 本年新公开 and 对外公开总数.
const COLUMNS: [&str; 5] = [
    "issued",
    "in_force",
    "new_made",
    "new_published",
    "total_published",
];

pub fn check(_doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let Some(t2) = &report.t2 else { return };
    let Some(row) = t2.row("rules") else { return };
    let organ = report
        .organ
        .as_deref()
        .or(report.signature_organ.as_ref().map(|o| o.value.as_str()));
    let Some(organ) = organ else { return };
    let Some(level) = level(organ) else { return };
    let reported: Vec<(&'static str, f64, crate::span::Span)> = COLUMNS
        .iter()
        .filter_map(|c| {
            let cell = row.cell(c)?;
            match cell.num {
                crate::numbers::CellNumber::Number(x) if x > 0.0 => Some((*c, x, cell.span)),
                _ => None,
            }
        })
        .collect();
    let Some(&(first, value, span)) = reported.first() else {
        return;
    };
    let what = reported
        .iter()
        .map(|(c, x, _)| {
            format!(
                "“{}”为{}",
                column_label("t2", c),
                crate::diag::Value::num(*x)
            )
        })
        .collect::<Vec<_>>()
        .join("、");
    let mut f = Finding::new("T2-AUTHORITY")
        .arg("organ", organ)
        .arg("level", level.label_zh())
        .arg("what", what)
        .cell("t2", "rules", first)
        .found(value)
        .span(span);
    for (c, _, _) in &reported[1..] {
        f = f.also_cell("t2", "rules", c);
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_names() {
        use Level::*;
        for (name, want) in [
            ("巨鹿县官亭镇政府", Some(Township)),
            ("巨鹿县官亭镇人民政府", Some(Township)),
            ("某市某区某某街道办事处", Some(Township)),
            ("涞源县", Some(County)),
            ("涞源县人民政府", Some(County)),
            ("涞源县教育局", Some(County)),
            ("某县乡村振兴局", Some(County)),
            ("北京市朝阳区人民政府", Some(County)),
            ("北京市朝阳区卫生健康委员会", Some(County)),
            ("某某自治县民政局", Some(County)),
            ("侯马经济开发区", Some(Zone)),
            ("河北沧州经济开发区党政办公室", Some(Zone)),
            ("平潭综合实验区财政金融局", Some(Zone)),
            ("某某管理区管理委员会", Some(Zone)),
            // May make 规章, or the name does not say.
            ("上海市人民政府办公厅", None),
            ("淮安市人民政府", None),
            ("镇江市人民政府", None),
            ("镇江市教育局", None),
            ("河北省人民政府", None),
            ("新疆维吾尔自治区人民政府", None),
            ("阿克苏地区行政公署", None),
            ("某某自治州人民政府", None),
            ("上海市科学技术委员会", None),
            ("自然资源部", None),
            ("国家税务总局", None),
        ] {
            assert_eq!(level(name), want, "{name}");
        }
    }
}
