//! 中文目录。用户输入的内容放在反引号中。

use super::Msg;

/// `msg` 的中文文本。
pub fn text(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        Or => "或",
        And => "和",
        Here => "此处",
        EndOfFile => "文件末尾",
        ParseExpected => "此处应为 {expected}，实为 `{found}`",
        ParseExpectedAtEnd => "此处应为 {expected}，但文件已结束",
        ParseInvalidDate => "`{date}` 不是有效日期",
        ParseInvalidDateHelp => "日期写作 YYYY-MM-DD，且须是日历上存在的日期",
        ParseNumberTooLarge => "`{number}` 过大，无法精确表示",
        ParseNumberTooLargeHelp => "数最多可有 30 位有效数字",
        ParseInvalidEscape => "`{escape}` 不代表任何字符",
        NameValue => "名称",
        NameUnit => "单位",
        NameType => "类型",
        NameCategory => "类别",
        NameKind => "活动类型",
        NamePurpose => "用途",
        NameField => "字段",
        NameFunction => "函数",
        NameHeaderEntry => "表头项",
        NameEvidence => "证明材料",
        NameStatus => "状态",
        TypeNumberIn => "以 {unit} 计的数",
        TypeNumber => "不带单位的数",
        TypeBool => "`true` 或 `false`",
        TypeDate => "日期",
        TypeYear => "年份",
        TypeText => "文本",
        TypeOneOf => "{values} 之一",
        TypeList => "{item}的列表",
        TypeMaybe => "可缺省的{item}",
        TypeCategory => "类别",
        CheckUnknownName => "未知{what} `{name}`",
        HelpDidYouMean => "是否应为 `{suggestion}`？",
        CheckNotInScope => "此处不能使用 `{name}`",
        ScopeYearFigureInRange => {
            "该用途审查多个年度，单一年度的数值在此没有唯一取值；请用 `each year passes when …` 逐年判断，再用 `every year passes` 或 `some year passes`"
        }
        ScopeYearFigureOutsideYear => {
            "年度数值（`exempt`、`compliant` 及 `year` 块中的合计）只能在 `year` 块和用途中使用"
        }
        ScopeCompliantInYearBlock => "`exempt` 与 `compliant` 是 `year` 块的结果，请在用途中使用",
        ScopeJudgedYear => "`Y`（所评定的年度）只能在用途中使用",
        ScopeFieldInConstant => "常量不能读取记录中的字段",
        ScopeSumOutsideYear => "`sum of credits` 按年度合计，请在 `year` 块中使用",
        ScopeQuantifier => {
            "`every year passes` 与 `some year passes` 只能用在用途的 `status` 规则中"
        }
        ScopeFigureBeforeDefinition => "合计项只能使用在其上方定义的合计项",
        CheckDuplicateName => "{what} `{name}` 重复声明",
        LabelFirstDeclared => "首次声明于此",
        LabelDeclaredAgain => "此处再次声明",
        CheckUnknownType => "未知类型 `{name}`",
        HelpTypes => {
            "可用类型为 `text`、`integer`、`decimal`、`bool`、`date`、`year`、`resident_id`、`one of [\"a\", \"b\"]` 和 `list of <类型>`"
        }
        CheckUnknownEvidence => "证明材料 `{name}` 未声明",
        HelpDeclareEvidence => "请用 `evidence \"{name}\"` 声明",
        CheckUnknownValue => "`{value}` 不是 {allowed} 之一",
        CheckUnitMismatch => "不能对 {left} 与 {right} 使用 `{op}`",
        HelpUnitMismatch => "两边须以同一单位计",
        CheckTypeMismatch => "此处应为{expected}，实为{found}",
        CheckOptionalValue => "`{name}` 是可选字段，记录中可能没有",
        HelpOptionalValue => "请说明缺省时用什么值：`{name} otherwise <值>`",
        CheckNeedlessOtherwise => "`{name}` 总是存在，`otherwise` 永远不会生效",
        CheckMissingRule => "`{block}` 缺少 `{rule}` 规则",
        HelpMissingCredit => "请给出公式，例如 `credit 8 hours/day * days(start, end)`",
        HelpMissingCountsIn => "请说明计入哪一年度，例如 `counts in year_of(end)`",
        HelpMissingCountsAs => "请说明计入哪一类别，例如 `counts as specialty`",
        HelpMissingWindow => "请说明审查哪些年度：`year Y` 或 `years Y - 2 to Y - 1`",
        HelpMissingCovers => "请说明免除哪些年度，例如 `covers years`",
        CheckDuplicateRule => "`{rule}` 重复给出",
        LabelFirstGiven => "首次给出于此",
        CheckNonExhaustive => "此 `match` 缺少 {missing} 的分支",
        HelpNonExhaustive => "请为每个取值添加分支，或添加 `else =>` 分支",
        CheckUnreachableArm => "`{value}` 已被匹配，此分支永远不会执行",
        LabelFirstMatched => "首次匹配于此",
        CheckContradictoryCap => "上限为 {cap}，该活动类型无法认定任何学时",
        CheckUnreachableCap => "上限 {cap} 永远不会生效",
        LabelBoundFirst => "{bound} 先行生效",
        CheckSpreadLoses => {
            "此分摊最多安排 {years} × {per_year} = {placed}，但该活动类型最多可认定 {cap}"
        }
        CheckSpreadLosesNoCap => {
            "此分摊最多安排 {years} × {per_year} = {placed}，但该活动类型没有上限：超出部分将丢失"
        }
        HelpSpreadLoses => "请设置不超过 {placed} 的上限，或分摊到更多年度",
        CheckSpreadNeverSplits => "此分摊从不生效：单项活动最多认定 {cap}，不超过 {per_year}",
        CheckNotConstant => "{what}须在不读取记录时即可确定",
        ConstantFieldBound => "字段的取值界限",
        ConstantSpreadYears => "分摊的年数",
        ConstantConstant => "常量",
        CheckConstantFails => "无法计算此值：{reason}",
        ReasonOverflow => "结果过大",
        ReasonDivisionByZero => "除数为零",
        ReasonBadYear => "年份超出范围或加减了非整数",
        ReasonSpreadYears => "分摊年数须为 1 至 100 的整数，而不是 `{value}`",
        CheckConstantCycle => "常量 `{name}` 依赖自身",
        CheckRequirementNotComparison => "要求须比较两个数量",
        HelpRequirement => "例如写作 `require total >= annual_minimum`",
        CheckStatusNone => "用途 `{purpose}` 没有给出任何状态",
        CheckStatusNoOtherwise => "用途 `{purpose}` 的状态未覆盖所有情形",
        HelpStatusOtherwise => "请以覆盖其余情形的状态结尾：`status <名称> otherwise`",
        CheckStatusAfterOtherwise => "此状态位于 `otherwise` 之后，永远不会给出",
        CheckQuantifierWithoutTest => "`every year passes` 需要逐年判断的条件",
        HelpQuantifierWithoutTest => "请在该用途中添加 `each year passes when <条件>`",
        CheckFieldAttribute => "`{attribute}` 不适用于{ty}",
        CheckNotACategory => "`{field}` 不能给出类别：{values} 不是类别",
        CheckCreditUnit => "该活动类型以 {found} 认定，而认定单位是 {expected}",
        LabelCreditUnit => "自此公式起认定单位为 {expected}",
        CheckReservedName => "`{name}` 是保留名称",
        HelpReservedName => "请换一个名称",
        CheckHeaderMissing => "政策文件缺少表头",
        HelpHeaderMissing => {
            "请在文件开头写 `policy \"名称\" { version \"1.0\" effective 2022-07-01 }`"
        }
        CheckHeaderMissingEntry => "表头缺少 `{key}`",
        CheckHeaderUnknownEntry => "未知表头项 `{key}`",
        HelpHeaderEntries => "表头可含 `title`、`version`、`effective` 和 `source`",
        CheckHeaderWrongValue => "`{key}` 应为{expected}",
        CheckMissingItem => "政策文件缺少 `{item}` 块",
        HelpMissingYear => {
            "请添加 `year` 块以合计学时并写明要求，例如 `year { total = sum of credits  require total >= 90 hours }`"
        }
        HelpMissingPurpose => {
            "请添加用途，例如 `purpose annual { year Y  status ok when compliant  status short otherwise }`"
        }
        CheckArity => "`{function}` 接受 {expected} 个参数，实为 {found} 个",
        CheckMisplaced => "此语句不属于该块",
        CheckMissingCitation => "{what} 未引用通知的条款",
        HelpMissingCitation => "请添加 `cite \"<条款>\" \"<所引原文>\"`，以便裁定时引用",
        CheckUnused => "{what} `{name}` 从未使用",
        WordError => "错误",
        WordWarning => "警告",
        SummaryCheckFailed => "`{file}` 有 {errors}、{warnings}",
        SummaryCheckErrors => "`{file}` 有 {errors}",
        SummaryCheckWarnings => "`{file}` 有效，{warnings}",
        SummaryCheckClean => "`{file}` 有效",
        ErrorReadFile => "无法读取 `{file}`：{reason}",
        CountErrorOne => "{n} 个错误",
        CountErrorMany => "{n} 个错误",
        CountWarningOne => "{n} 个警告",
        CountWarningMany => "{n} 个警告",
    }
}
