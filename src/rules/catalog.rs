//! The rule catalogue: one table with every rule's code, default severity, title,
//! explanation, legal basis and message templates. Everything the user reads about a
//! rule comes from here, and `docs/rules.md` is generated from it
//! (`nianbao rules --format markdown`).
//!
//! Codes are a contract (`rules.md`): never rename or reuse one; retire instead.

use serde::Serialize;
use Severity::{Error, Info, Warning};

/// How serious a finding is; each rule has a default. Here, with the rules, so the
/// catalogue depends on nothing above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// What the rule finds and why it matters.
    pub explanation: &'static str,
    /// The legal or documentary basis.
    pub basis: &'static str,
    /// Message templates by variant; the first is the default. `{name}` is replaced by
    /// the finding's argument of that name.
    pub messages: &'static [(&'static str, &'static str)],
    /// Whether the rule needs two reports (cross-year).
    pub cross_year: bool,
    pub retired: bool,
}

impl Rule {
    /// Renders the message of `variant` (or the default) with `args`.
    pub fn render(&self, variant: &str, args: &[(&'static str, String)]) -> String {
        let i = self
            .messages
            .iter()
            .position(|(v, _)| *v == variant)
            .unwrap_or(0);
        let Some(&(_, template)) = self.messages.get(i) else {
            return self.title.to_string();
        };
        // The catalogue's templates are split once; another rule's are split here.
        let split;
        let pieces = match self.index().and_then(|r| split_templates()[r].get(i)) {
            Some(pieces) => pieces.as_slice(),
            None => {
                split = split_template(template);
                split.as_slice()
            }
        };
        let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
        let len = pieces
            .iter()
            .map(|p| match *p {
                Piece::Text(t) => t.len(),
                Piece::Arg(name) => arg(name).map_or(name.len() + 2, |v| v.len()),
            })
            .sum();
        let mut out = String::with_capacity(len);
        for p in pieces {
            match *p {
                Piece::Text(t) => out.push_str(t),
                Piece::Arg(name) => match arg(name) {
                    Some(v) => out.push_str(v),
                    // A missing argument stays visible.
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
        out
    }

    /// This rule's place in [`RULES`], if it is one of them.
    fn index(&self) -> Option<usize> {
        let at = (self as *const Rule as usize).wrapping_sub(RULES.as_ptr() as usize);
        let i = at / std::mem::size_of::<Rule>();
        (i < RULES.len() && at % std::mem::size_of::<Rule>() == 0).then_some(i)
    }
}

/// A piece of a message template: text as it is, or the `{name}` of an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Text(&'static str),
    Arg(&'static str),
}

/// `template` in pieces: `{name}` is an argument; a `{` without a `}` after it is text.
fn split_template(template: &'static str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        pieces.push(Piece::Arg(&after[..close]));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Every template of [`RULES`] in pieces, by rule and variant: split once, not for
/// every message (a template is a few hundred bytes to search for its arguments).
fn split_templates() -> &'static [Vec<Vec<Piece>>] {
    static SPLIT: std::sync::OnceLock<Vec<Vec<Vec<Piece>>>> = std::sync::OnceLock::new();
    SPLIT.get_or_init(|| {
        RULES
            .iter()
            .map(|r| r.messages.iter().map(|(_, t)| split_template(t)).collect())
            .collect()
    })
}

pub static UNKNOWN: Rule = Rule {
    code: "UNKNOWN",
    severity: Error,
    title: "未知规则",
    explanation: "",
    basis: "",
    messages: &[("", "未知规则")],
    cross_year: false,
    retired: false,
};

const GESHI_2021: &str =
    "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）";

macro_rules! rule {
    ($code:literal, $sev:expr, $title:literal, $expl:expr, $basis:expr, [$(($v:literal, $t:literal)),+ $(,)?]) => {
        Rule {
            code: $code,
            severity: $sev,
            title: $title,
            explanation: $expl,
            basis: $basis,
            messages: &[$(($v, $t)),+],
            cross_year: false,
            retired: false,
        }
    };
}

pub static RULES: &[Rule] = &[
    rule!("IN-EMPTY", Error, "没有可检查的内容",
        "输入为空，或只有空白字符。",
        "—",
        [("", "输入为空：请粘贴或选择一份政府信息公开工作年度报告。")]),
    rule!("IN-NOT-REPORT", Error, "不是年度报告",
        "输入中既找不到年度报告的六个部分标题，也找不到统计表格，无法按年度报告检查。",
        GESHI_2021,
        [("", "未能识别为政府信息公开工作年度报告：没有找到“一、总体情况”等部分标题，也没有找到统计表格。请确认粘贴的是完整的年度报告正文。")]),
    rule!("IN-UNSUPPORTED", Error, "无法读取的文件类型或编码",
        "文件类型或编码无法读取（如 .doc、PDF、图片、加密或损坏的压缩包）。提示改用可读取的格式。",
        "—",
        [("", "无法读取“{name}”：{reason}。{advice}")]),
    rule!("IN-TOO-LARGE", Error, "输入超过大小限制",
        "输入超过文档规定的大小限制，为保护浏览器和计算机不被拖慢，不予检查。",
        "—",
        [("", "输入过大（{size}），超过 {limit} 的上限，未检查。年度报告正文通常不超过 1 MB，请确认粘贴或选择的内容。"),
         ("lines", "输入的行数过多（{size}），超过 {limit} 的上限，未检查。一份年度报告通常只有几百行，请确认粘贴或选择的内容。"),
         ("line", "第 {line} 行过长（{size}），超过{limit}的上限，未检查。请确认粘贴或选择的是年度报告正文。"),
         ("cells", "表格单元格过多（{size}），超过 {limit} 的上限，未检查。一份年度报告的三张统计表约有三百个单元格，请确认粘贴或选择的内容。"),
         ("reader", "“{name}”的{what}（{size}）超过 {limit} 的上限，未检查。请确认选择的是年度报告文件。")]),
    rule!("IN-SCANNED", Error, "没有可读取的文字层",
        "PDF 的页面只有图片（扫描件），或文字层无法解码成文字（如字体没有字符对照表）。检查程序不识别图片中的文字，这样的文件无法检查；不是对报告本身的结论。",
        "—",
        [("", "“{name}”的 {pages} 页都只有图片，没有文字层（可能是扫描件），无法检查。请使用报告的 Word 原稿或网页版本，或先用文字识别（OCR）软件转换成文字，核对后粘贴到检查框。"),
         ("undecodable", "“{name}”的文字层无法解码：{reason}。复制出的文字也会是乱码。请使用报告的 Word 原稿或网页版本；也可以在 PDF 阅读器中打开，确认能正确复制文字后粘贴到检查框。")]),
    rule!("IN-OMITTED", Info, "同类问题过多，只列出一部分",
        "同一条规则在一份输入中发现的问题超过 100 处时，只列出按位置排在前面的 100 处，其余只计数：同一问题重复成百上千次（如每行一个页码、表格整行重复）时，逐条列出对使用者没有帮助，还会使结果过大、拖慢页面。",
        "—",
        [("", "“{title}”（{code}）共发现 {total} 处，只列出前 {shown} 处，其余 {omitted} 处未列出。")]),
    rule!("SEC-MISSING", Error, "缺少部分",
        "年度报告应由六个部分组成：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。缺少任何一部分都不符合统一格式。",
        "条例第五十条；国办公开办函〔2021〕30号“年度报告内容……不能遗漏”",
        [("", "缺少第{ordinal}部分“{title}”。年度报告应包含全部六个部分。")]),
    rule!("SEC-ORDER", Error, "部分顺序错误或重复",
        "六个部分应按一至六的顺序各出现一次。",
        GESHI_2021,
        [("", "部分“{title}”出现在第{prev}部分之后，顺序错误。"),
         ("repeat", "部分“{title}”重复出现。")]),
    rule!("SEC-ORDINAL", Error, "部分序号错误",
        "部分标题应使用统一格式的中文序号“一、”至“六、”。",
        GESHI_2021,
        [("", "部分标题“{found}”的序号不规范，应为“{expected}”。")]),
    rule!("SEC-TITLE", Warning, "部分标题措辞不规范",
        "部分标题可以识别，但与统一格式的措辞不一致。",
        GESHI_2021,
        [("", "部分标题“{found}”与统一格式不一致，应为“{expected}”。")]),
    rule!("TBL-MISSING", Error, "缺少统计表",
        "第二、三、四部分各有一张统一格式的统计表，缺少即无法核对数据。网页或 Word 文档中该部分只有图片时，说明表格很可能是以图片形式发布的。",
        GESHI_2021,
        [("", "第{section}部分没有找到“{table}”统计表。"),
         ("picture", "第{section}部分没有找到“{table}”统计表，而这一部分有{images}张图片：表格很可能是以图片形式发布的，无法核对其中的数字。请以文字表格发布（读者才能复制、检索和无障碍阅读），或把表格的数字粘贴到检查框中。")]),
    rule!("TPL-LEGACY", Error, "沿用2019年以前的旧报告提纲",
        "2019年度起的年度报告应按统一格式的六个部分和三张统计表编写。仍按2019年以前的提纲（主动公开政府信息的情况、依申请公开政府信息和不予公开政府信息的情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议、提起行政诉讼的情况……）编写、没有统计表的报告，无法按统一格式核对，应重新编写。",
        "条例（2019年修订）第五十条；国办公开办函〔2021〕30号（2019年、2020年度为国办公开办函〔2019〕60号）",
        [("", "{year}年度报告仍按2019年以前的旧提纲编写（{headings}），没有统一格式的统计表。应按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）的六个部分和三张统计表重新编写。")]),
    rule!("TBL-SHAPE", Error, "统计表行列不完整",
        "统计表找到了，但行或单元格缺少或多余（例如第四部分表格只有14个数字）。",
        GESHI_2021,
        [("", "{table}：{detail}"),
         ("row-missing", "{table}缺少“{row}”一行。"),
         ("cells", "{table}“{row}”一行应有{expected}个数据单元格，实际为{found}个。"),
         ("extra-row", "{table}中有无法识别的数据行“{row}”。")]),
    rule!("TBL-UNDELIMITED", Warning, "统计表一行的数字连在一起，无法分开",
        "一行的数字之间没有分隔（如网页存档的正文把“1513000154”连成一串），而且没有唯一一种拆分能满足该行自身的勾稽关系（各项之和等于总计）。这些单元格不猜测数值，按空缺处理，需要它们的核对不予判断。请核对原文，或改用报告的 Word、网页或 PDF 原件检查。",
        GESHI_2021,
        [("", "{table}“{row}”一行的数字“{found}”连在一起，无法唯一地拆分为{expected}个单元格；这些单元格按空缺处理，相关核对不予判断。")]),
    rule!("TPL-OUTDATED", Error, "使用了已废止的2019年试行格式",
        "自2021年度报告起，应使用国办公开办函〔2021〕30号印发的修订格式；2019年试行格式（国办公开办函〔2019〕60号）已不再适用。",
        "国办公开办函〔2021〕30号；国办公开办函〔2019〕60号",
        [("", "{year}年度报告的{table}使用了2019年试行格式（{marker}），应改用2021年修订格式（{expected}）。")]),
    rule!("TPL-MIXED", Error, "新旧格式混用",
        "同一份报告中混用了2019年试行格式和2021年修订格式的表格或行。",
        GESHI_2021,
        [("", "新旧格式混用：{new_part}使用2021年修订格式，而{old_part}使用2019年试行格式（{marker}）。")]),
    rule!("TPL-LABEL", Warning, "行名称沿用2019年试行格式",
        "统计表按2021年修订格式填写（栏目、行都是修订格式的），只有个别行的名称仍是2019年试行格式的写法，如表二的“规范性文件”（修订格式为“行政规范性文件”）。这是措辞沿用，不是新旧格式混用（TPL-MIXED），应改用修订格式的名称。",
        GESHI_2021,
        [("", "{table}的“{found}”一行沿用了2019年试行格式的名称，2021年修订格式为“{expected}”。")]),
    rule!("CELL-BLANK", Warning, "数据单元格为空",
        "统计表的数据单元格留空。一张表的空白单元格合为一条，逐一列出。核算时按0处理，但应填写数字（没有发生的填0）。留空的总计不当作0：以它为合计的勾稽关系不予核对。",
        "国办公开办函〔2021〕30号附件表格（实务中审核要求不留空）",
        [("", "{table}“{row}”一行的{columns}单元格为空，核算时按0处理{note}；没有发生的应填0。"),
         ("rows", "{table}有{count}个单元格为空：{places}。核算时按0处理{note}；没有发生的应填0。")]),
    rule!("CELL-PLACEHOLDER", Warning, "数据单元格填写了占位符",
        "数字单元格中填写了“/”“-”“—”“无”“不适用”等，核算时按0处理。一张表的这类单元格合为一条，逐一列出。",
        "国办公开办函〔2021〕30号附件表格（实务中审核要求填写数字）",
        [("", "{table}“{row}”一行{column}单元格填写了“{found}”，核算时按0处理；没有发生的应填0。"),
         ("many", "{table}有{count}个单元格填写了占位符：{places}，核算时按0处理；没有发生的应填0。")]),
    rule!("CELL-NOT-NUMBER", Error, "数据单元格不是数字",
        "数字单元格中填写了无法识别为数字的文字。",
        GESHI_2021,
        [("", "{table}“{row}”一行{column}单元格“{found}”不是数字。")]),
    rule!("CELL-NEGATIVE", Error, "数据为负数",
        "件数、数量不可能为负数。",
        GESHI_2021,
        [("", "{table}“{row}”一行{column}单元格为负数（{found}）。")]),
    rule!("CELL-FRACTION", Error, "件数出现小数",
        "除“本年收费金额（万元）”外，统计表中的数字都是件数，应为整数。",
        GESHI_2021,
        [("", "{table}“{row}”一行{column}单元格为小数（{found}），件数应为整数。")]),
    rule!("T3-BALANCE", Error, "表三勾稽关系不成立",
        "表三每一列：第一项（本年新收）加第二项（上年结转）之和，应等于第三项（七）总计加第四项（结转下年度继续办理）之和。此关系印在表格左上角。若只改动一个（或两个）单元格就能使表三（表四）的全部勾稽关系成立、且只有这一种改法（改后的数不为负），消息指出很可能填错的单元格和它应有的数。",
        "国办公开办函〔2021〕30号附件表三“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”",
        [("", "表三“{column}”列：本年新收{new}＋上年结转{carried}＝{left}，而办理结果总计{total}＋结转下年度{next}＝{right}，两者不相等。{suspect}")]),
    rule!("T3-SUM", Error, "表三办理结果总计不等于各项之和",
        "表三（七）总计应等于（一）至（六）各项办理结果之和；“部分公开”的申请只计一次，所以每件申请恰好计入一项。若只改动一个（或两个）单元格就能使表三（表四）的全部勾稽关系成立、且只有这一种改法（改后的数不为负），消息指出很可能填错的单元格和它应有的数。",
        "国办公开办函〔2021〕30号附件表三（二）部分公开“区分处理的，只计这一情形，不计其他情形”",
        [("", "表三“{column}”列：办理结果（一）至（六）之和为{expected}，而（七）总计为{found}。{suspect}")]),
    rule!("T3-ROW-TOTAL", Error, "表三行合计不等于各申请人之和",
        "表三每一行的“总计”应等于自然人与五类法人或其他组织之和。若只改动一个（或两个）单元格就能使表三（表四）的全部勾稽关系成立、且只有这一种改法（改后的数不为负），消息指出很可能填错的单元格和它应有的数。",
        GESHI_2021,
        [("", "表三“{row}”一行：自然人与法人或其他组织之和为{expected}，而总计为{found}。{suspect}")]),
    rule!("T4-SUM", Error, "表四总计不等于各结果之和",
        "表四行政复议、未经复议直接起诉、复议后起诉三组中，总计应等于结果维持、结果纠正、其他结果、尚未审结之和。若只改动一个（或两个）单元格就能使表三（表四）的全部勾稽关系成立、且只有这一种改法（改后的数不为负），消息指出很可能填错的单元格和它应有的数。",
        GESHI_2021,
        [("", "表四“{group}”：结果维持、结果纠正、其他结果、尚未审结之和为{expected}，而总计为{found}。{suspect}")]),
    rule!("T2-AUTHORITY", Warning, "无权制定规章的机关填报了规章",
        "只有国务院各部、委员会、中国人民银行、审计署和具有行政管理职能的直属机构，以及省、自治区、直辖市和设区的市、自治州的人民政府可以制定规章。乡镇、街道，县、市辖区的人民政府及其部门，开发区、园区管理机构等不能制定规章；它们在表二“规章”一行填报本年制发或现行有效件数，多半是把规范性文件或上级的规章误填在这一行。按机关名称判断层级，名称看不出层级（如不知是设区的市还是县级市）时不核对。",
        "《中华人民共和国立法法》第九十一条、第九十三条",
        [("", "{organ}属于{level}，无权制定规章，但表二“规章”一行{what}。规章只能由国务院部门和省级、设区的市级人民政府制定；本机关制发的文件应填在“行政规范性文件”一行。")]),
    rule!("TXT-T2", Error, "正文与表二不一致",
        "正文中关于规章、规范性文件、行政许可、行政处罚、行政强制、行政事业性收费的数字，应与第二部分表格一致。",
        "国办公开办函〔2021〕30号二（四）“发布内容不准确”",
        [("", "正文说“{quote}”，即{what}为{found}，但表二中为{expected}。")]),
    rule!("TXT-T3", Error, "正文与表三不一致",
        "正文中关于收到、结转、办结、予以公开等申请数量的数字，应与第三部分表格一致。",
        "国办公开办函〔2021〕30号二（四）“发布内容不准确”",
        [("", "正文说“{quote}”，即{what}为{found}件，但表三“{row}”总计为{expected}件。"),
         ("received", "正文说“{quote}”，即收到申请{found}件，但表三本年新收{expected}件、上年结转{carried}件，收到申请应为{expected}件（或含上年结转{both}件）。"),
         ("none", "正文说“{quote}”，但表三“{row}”总计为{expected}件。")]),
    rule!("TXT-T4", Error, "正文与表四不一致",
        "正文中关于行政复议、行政诉讼的数字或“未发生”的说法，应与第四部分表格一致（行政诉讼＝未经复议直接起诉＋复议后起诉）。",
        "国办公开办函〔2021〕30号二（四）“发布内容不准确”",
        [("", "正文说“{quote}”，即{what}为{found}件，但表四中为{expected}件。"),
         ("none", "正文说“{quote}”，但表四中{what}总计为{expected}件。")]),
    rule!("TXT-PERCENT", Error, "百分比计算错误",
        "正文中的百分比应等于部分除以整体，按所写的精度四舍五入。",
        "国办公开办函〔2021〕30号二（四）“发布内容不准确”",
        [("", "正文说“{quote}”：{part}÷{whole}＝{exact}%，按所写精度应为{expected}%，而不是{found}%。")]),
    rule!("TXT-PARTS", Warning, "分项之和与总数不符",
        "正文列出的分项数字之和应等于所说的总数；列出全部分项的占比之和应为100%。",
        "国办公开办函〔2021〕30号二（四）“发布内容不准确”",
        [("", "正文说“{quote}”：总数为{whole}，但所列分项之和为{sum}（{parts}）。"),
         ("share", "正文说“{quote}”：所列各项占比之和为{sum}%（{parts}），考虑四舍五入后仍{relation}100%。")]),
    rule!("META-YEAR", Error, "报告年度前后不一致",
        "标题、统计期限和正文所说的报告年度应一致。",
        "条例第四十九条（报告上一年度工作）",
        [("", "报告年度不一致：{a}为{year_a}年，{b}为{year_b}年。")]),
    rule!("META-DATE-EARLY", Error, "落款日期早于统计期限结束",
        "年度报告总结的是整个年度，落款（发布）日期不可能早于该年12月31日。",
        "条例第四十九条",
        [("", "落款日期{date}早于{year}年度结束（{year}年12月31日），不可能；是否应为{suggest}？")]),
    rule!("META-DATE-LATE", Warning, "落款日期晚于法定期限",
        "县级以上人民政府部门应在每年1月31日前公布上一年度报告；县级以上地方人民政府的本级报告应在3月31日前公布。",
        "条例第四十九条",
        [("", "落款日期{date}晚于法定期限{deadline}（{who}）。")]),
    rule!("META-SIGNATURE", Warning, "缺少落款",
        "报告末尾没有落款机关和日期，读者无从核对发布主体和发布时间。",
        "实务审核要求（发布时间是按时发布的依据）",
        [("", "报告末尾没有落款{missing}。"),]),
    rule!("META-TITLE", Warning, "标题不规范",
        "标题应为“<机关名称><N>年（度）政府信息公开工作年度报告”。",
        GESHI_2021,
        [("", "标题“{found}”不规范，应为“{expected}”的形式{detail}。")]),
    rule!("META-PERIOD", Info, "未说明统计期限",
        "引言中通常说明“本报告中所列数据统计期限为N年1月1日至12月31日”。",
        "DB51/T 2660—2019 §2.1；各地通行写法",
        [("", "没有说明数据统计期限（如“本报告中所列数据统计期限为{year}年1月1日至12月31日”）。")]),
    rule!("CNT-OVERVIEW", Warning, "总体情况内容不全",
        "总体情况应综述主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面。",
        "国办公开办函〔2021〕30号一（一）",
        [("", "第一部分“总体情况”没有涉及：{missing}。")]),
    rule!("CNT-GOV-ASSESS", Warning, "缺少工作考核、社会评议和责任追究结果",
        "各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况。",
        "条例第五十条第（四）项",
        [("", "{organ}是人民政府，报告应包括工作考核、社会评议和责任追究结果情况，但没有找到{missing}。")]),
    rule!("CNT-PROBLEMS", Warning, "没有说明存在的主要问题",
        "第五部分应写明存在的主要问题及改进情况，不能为空、写“无”或只写下一步打算。",
        "条例第五十条第（四）项",
        [("", "第五部分{detail}，没有写明存在的主要问题。")]),
    rule!("CNT-FEE", Warning, "未说明信息处理费",
        "自2021年度起，第六部分通常报告依《政府信息公开信息处理费管理办法》（国办函〔2020〕109号，2021年1月1日起施行）收取信息处理费的情况（未收取也应说明）。“未发生收费情况”“未收取任何费用”“收取信息处理费120元”等写法都算说明；行政事业性收费等其他收费不算。",
        "国办函〔2020〕109号；国办公开办函〔2021〕30号",
        [("", "第六部分{detail}，没有说明信息处理费的收取情况（未收取也应写明）。")]),
    rule!("CNT-CITATION", Warning, "引用文件名称或文号有误",
        "引用年度报告格式通知时，文号应为“国办公开办函〔2021〕30号”，发文机关为“国务院办公厅政府信息与政务公开办公室”，书名号内再用书名号应为〈〉。",
        "国办公开办函〔2021〕30号",
        [("", "引用有误：“{found}”应为“{expected}”。")]),
    rule!("CNT-DUPLICATE", Info, "句子重复",
        "同一句话在报告中出现两次，多为复制粘贴遗留。",
        "国办公开办函〔2021〕30号二（四）“内容雷同、敷衍塞责”",
        [("", "“{quote}”在第{line}行已经出现过。")]),
    rule!("CNT-ARTIFACT", Info, "编辑遗留痕迹",
        "从 Word 或网页复制时带入的书签标记、页码、网页按钮等。",
        "—",
        [("", "{what}：“{found}”，发布前应删除。")]),
    Rule {
        cross_year: true,
        ..rule!("XY-CARRY", Warning, "上年结转与上年报告不一致",
            "本年表三“上年结转”应等于同一机关上一年度报告表三“结转下年度继续办理”（逐列核对）。两份报告一起检查时才能核对；不一致时本年报告记警告，上年报告记提示，因为错的可能是其中任何一份。",
            "国办公开办函〔2021〕30号附件表三；上年结转即上年报告的结转下年度继续办理",
            [("", "表三“{column}”列：本年上年结转{found}件，而{prev_year}年报告（{prev_source}）结转下年度继续办理{expected}件，两者应相等。"),
             ("next", "表三“{column}”列：本年结转下年度继续办理{found}件，而{next_year}年报告（{next_source}）上年结转{expected}件，两者应相等。"),
             ("draft", "表三“{column}”列：上年结转{found}件，而上年的表格结转下年度继续办理{expected}件，两者应相等。")])
    },
    Rule {
        cross_year: true,
        ..rule!("XY-IN-FORCE", Warning, "现行有效件数与上年不衔接",
            "规章、行政规范性文件的现行有效件数应等于上年现行有效件数加本年制发减本年废止。只在两年都使用2021年修订格式时核对；修订、到期失效可能使其不成立，故为警告。不一致时本年报告记警告，上年报告记提示。",
            GESHI_2021,
            [("", "表二“{row}”：{prev_year}年报告（{prev_source}）现行有效{prev}＋本年制发{issued}－本年废止{repealed}＝{expected}，而本年现行有效为{found}。"),
             ("next", "表二“{row}”：本年现行有效{found}，而按{next_year}年报告（{next_source}）现行有效{next}－制发{issued}＋废止{repealed}推算应为{expected}。"),
             ("draft", "表二“{row}”：上年的表格现行有效{prev}＋本年制发{issued}－本年废止{repealed}＝{expected}，而本年现行有效为{found}。")])
    },
    Rule {
        cross_year: true,
        ..rule!("XY-REUSE", Warning, "正文大量沿用上年报告",
            "正文（不含标题、部分标题、落款和统计表）与同一机关上一年度报告重复超过一半，属于“内容雷同”。重复率＝本年正文中落在与上年正文相同的连续12个字符片段内的字符所占比例；比较前去掉空白，数字一律视为相同，所以只改了数字的句子也算重复。正文不足200字的报告不核对。",
            "国办公开办函〔2021〕30号二（四）“内容雷同”；宿迁市政务公开监测指标“与上年度重复率大于50%”",
            [("", "正文有{percent}%与{prev_year}年报告（{prev_source}）相同（只改数字的也算相同），超过50%，属于内容雷同。")])
    },
];

/// Looks a rule up by code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    // Every diagnostic looks up its rule: by binary search in the codes' keys, sorted
    // once (comparing two numbers, where comparing the strings called `memcmp` at each
    // step), and the code found compared once.
    static BY_KEY: std::sync::OnceLock<Vec<(CodeKey<'static>, usize)>> = std::sync::OnceLock::new();
    let by_key = BY_KEY.get_or_init(|| {
        let mut keys: Vec<_> = RULES
            .iter()
            .enumerate()
            .map(|(i, r)| (code_key(r.code).expect("a code of at most 16 bytes"), i))
            .collect();
        keys.sort_unstable();
        keys
    });
    // Longer than any rule's code: none.
    let key = code_key(code)?;
    // The first of equal keys (codes are unique: a test).
    let &(k, i) = by_key.get(by_key.partition_point(|(k, _)| *k < key))?;
    // Equal keys are equal codes but for NUL bytes, which the key does not tell from
    // its padding.
    (k == key && RULES[i].code == code).then(|| &RULES[i])
}

/// A code of at most sixteen bytes as a number: its bytes, big-endian, padded with
/// zeros. Keys order as their codes do; `None` for a longer code.
#[cfg(not(target_arch = "wasm32"))]
fn code_key(code: &str) -> Option<CodeKey<'_>> {
    let b = code.as_bytes();
    let mut key = [0u8; 16];
    key.get_mut(..b.len())?.copy_from_slice(b);
    Some(u128::from_be_bytes(key))
}
#[cfg(not(target_arch = "wasm32"))]
type CodeKey<'a> = u128;

/// The WebAssembly build searches the codes themselves, as before: the 128-bit keys
/// pay natively, and there only made the browser's module bigger.
#[cfg(target_arch = "wasm32")]
fn code_key(code: &str) -> Option<CodeKey<'_>> {
    Some(code)
}
#[cfg(target_arch = "wasm32")]
type CodeKey<'a> = &'a str;

/// The catalogue as Markdown, for `docs/rules.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# 规则目录 (rule catalogue)\n\n");
    out.push_str("<!-- Generated by `nianbao rules --format markdown` from src/rules/catalog.rs. Do not edit by hand. -->\n\n");
    out.push_str("严重程度：`error` 错误（结论为不通过）· `warning` 警告 · `info` 提示。\n\n");
    out.push_str("| 代码 | 严重程度 | 名称 |\n|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {}{} |\n",
            r.code,
            r.code.to_lowercase(),
            r.severity.as_str(),
            r.title,
            if r.cross_year {
                "（需两年报告）"
            } else {
                ""
            }
        ));
    }
    for r in RULES {
        out.push_str(&format!("\n## {}\n\n", r.code));
        out.push_str(&format!(
            "**{}** · 默认严重程度：`{}`（{}）{}\n\n",
            r.title,
            r.severity.as_str(),
            r.severity.label_zh(),
            if r.retired { " · 已停用" } else { "" }
        ));
        out.push_str(&format!("{}\n\n", r.explanation));
        out.push_str(&format!("依据：{}\n\n", r.basis));
        out.push_str("消息模板：\n\n");
        for (_, t) in r.messages {
            out.push_str(&format!("- {t}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookup as it was: a binary search in the codes themselves.
    fn rule_by_code(code: &str) -> Option<&'static Rule> {
        let mut codes: Vec<_> = RULES.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
        codes.sort_unstable();
        let &(c, i) = codes.get(codes.partition_point(|(c, _)| *c < code))?;
        (c == code).then(|| &RULES[i])
    }

    /// Every code, every prefix and extension of one, codes with NUL bytes and random
    /// strings find the rule the search in the codes found, or none.
    #[test]
    fn rule_keys_find_what_codes_find() {
        let mut queries: Vec<String> = vec![String::new(), "UNKNOWN".into(), "x".repeat(40)];
        for r in RULES {
            let c = r.code;
            queries.push(c.to_string());
            for n in 0..c.len() {
                queries.push(c[..n].to_string());
            }
            for tail in ["\0", "A", "-", "\0\0", "ZZZZZZZZZZZZZZZZZZ"] {
                queries.push(format!("{c}{tail}"));
            }
        }
        let mut rng = crate::test_rng::Rng::new(9);
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-\0";
        for _ in 0..20_000 {
            let n = rng.below(18) as usize;
            queries.push((0..n).map(|_| char::from(*rng.pick(alphabet))).collect());
        }
        let mut found = 0;
        for q in &queries {
            let old = rule_by_code(q);
            assert_eq!(
                rule(q).map(|r| r as *const Rule),
                old.map(|r| r as *const Rule),
                "{q:?}"
            );
            found += usize::from(old.is_some());
        }
        assert!(found >= RULES.len(), "{found}");
    }

    #[test]
    fn codes_are_unique_and_messages_present() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            assert!(!r.messages.is_empty());
            assert!(!r.title.is_empty() && !r.explanation.is_empty());
        }
    }

    #[test]
    fn render_fills_named_arguments() {
        let r = rule("SEC-MISSING").unwrap();
        let m = r.render(
            "",
            &[
                ("ordinal", "三".into()),
                ("title", "收到和处理政府信息公开申请情况".into()),
            ],
        );
        assert_eq!(
            m,
            "缺少第三部分“收到和处理政府信息公开申请情况”。年度报告应包含全部六个部分。"
        );
        // Unknown variant falls back to the default; missing args stay visible.
        let m = r.render("nope", &[]);
        assert!(m.contains("{ordinal}"));
    }

    /// Every rule is found by its code, and nothing by another string.
    #[test]
    fn rules_are_found_by_code() {
        for r in RULES {
            assert!(std::ptr::eq(rule(r.code).unwrap(), r), "{}", r.code);
            assert!(rule(&r.code[1..]).is_none());
            assert!(rule(&format!("{}-", r.code)).is_none());
        }
        assert!(rule("").is_none() && rule("ZZZ").is_none() && rule("A").is_none());
    }

    /// Templates split once render as a search through the template does: every
    /// variant of every rule, with each argument given, with every other one given, and
    /// with none; and templates with braces that name nothing, for a rule outside the
    /// catalogue.
    #[test]
    fn split_templates_render_as_searching_the_template() {
        fn by_search(template: &str, args: &[(&'static str, String)]) -> String {
            let mut out = String::new();
            let mut rest = template;
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else {
                    out.push_str(&rest[open..]);
                    rest = "";
                    break;
                };
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&format!("{{{name}}}")),
                }
                rest = &after[close + 1..];
            }
            out + rest
        }
        let mut rendered = 0;
        for r in RULES {
            for (variant, template) in r.messages {
                let names: Vec<&'static str> = split_template(template)
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Arg(name) => Some(name),
                        Piece::Text(_) => None,
                    })
                    .collect();
                let all: Vec<(&'static str, String)> =
                    names.iter().map(|n| (*n, format!("<{n}>"))).collect();
                let some: Vec<_> = all.iter().step_by(2).cloned().collect();
                for args in [&all[..], &some[..], &[]] {
                    assert_eq!(r.render(variant, args), by_search(template, args));
                    rendered += 1;
                }
            }
        }
        assert!(rendered > 3 * RULES.len());
        let odd = Rule {
            messages: &[("", "{a}{b}x{{c}}{a{b}}{}{ unclosed {a"), ("end", "a}b{c}")],
            ..UNKNOWN
        };
        let args = [("a", "1".to_string()), ("c", "3".to_string())];
        for (variant, template) in odd.messages {
            assert_eq!(odd.render(variant, &args), by_search(template, &args));
            assert_eq!(odd.render(variant, &[]), by_search(template, &[]));
        }
        assert_eq!(odd.render("end", &args), "a}b3");
        let none = Rule {
            messages: &[],
            ..UNKNOWN
        };
        assert_eq!(none.render("", &args), UNKNOWN.title);
    }
}

/// A rule as data for JSON (`nianbao rules --format json`, the page).
#[derive(serde::Serialize)]
pub struct Entry {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explanation: &'static str,
    pub basis: &'static str,
    pub messages: Vec<&'static str>,
    pub cross_year: bool,
    pub retired: bool,
}

pub fn entries() -> Vec<Entry> {
    RULES
        .iter()
        .map(|r| Entry {
            code: r.code,
            severity: r.severity,
            title: r.title,
            explanation: r.explanation,
            basis: r.basis,
            messages: r.messages.iter().map(|(_, t)| *t).collect(),
            cross_year: r.cross_year,
            retired: r.retired,
        })
        .collect()
}
