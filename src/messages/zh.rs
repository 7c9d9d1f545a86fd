//! 中文目录。用户输入的内容放在反引号中。

use super::Msg;

/// `msg` 的中文文本。
pub(crate) fn text(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        Or => "或",
        And => "和",
        Aside => "（{text}）",
        FormField => "{label}：{value}",
        Here => "此处",
        ParseExpected => "此处应为{expected}，实为 `{found}`",
        ParseExpectedAtEnd => "此处应为{expected}，但文件已结束",
        ParseInvalidDate => "`{date}` 不是有效日期",
        ParseInvalidDateHelp => "日期写作 YYYY-MM-DD，且须是日历上存在的日期",
        ParseNumberTooLarge => "`{number}` 过大，无法精确表示",
        ParseNumberOutOfRange => "数超出范围：`{number}`",
        ParseNumberOutOfRangeHelp => "数须精确表示：最多 30 位有效数字，指数在 -30 到 30 之间",
        ParseZeroRateCount => "比率 `{rate}` 按零个单位计",
        ParseZeroRateCountHelp => "写明多少单位折合一个学分，例如 `1 credit per 3 hours`",
        ParseNumberTooLargeHelp => "数最多可有 30 位有效数字",
        ParseInvalidEscape => "`{escape}` 不代表任何字符",
        ParseUnexpected => "此处不应出现 `{found}`",
        ParseUnexpectedEnd => "文件意外结束",
        ExpectEndOfFile => "文件末尾",
        ExpectItem => {
            "一项声明（`policy`、`unit`、`const`、`category`、`evidence`、`person`、`kind`、`exemption`、`year` 或 `purpose`）"
        }
        ExpectStatement => "一条语句",
        ExpectFieldAttribute => {
            "字段属性（`required`、`nonempty`、`at least`、`at most`、`the id`、`the name`）"
        }
        ExpectType => "一个类型",
        ExpectValue => "一个值",
        ExpectHeader => "政策表头",
        ExpectHeaderEntry => "表头项（如 `version \"1.0\"`）",
        ExpectUnitDecl => "单位声明",
        ExpectConstant => "一个常量",
        ExpectCategory => "一个类别",
        ExpectEvidenceDecl => "证明材料声明",
        ExpectPersonSchema => "人员字段声明",
        ExpectKind => "一个活动类型",
        ExpectExemptionBlock => "`exemption` 块",
        ExpectYearBlock => "`year` 块",
        ExpectPurpose => "一个用途",
        ExpectForm => "一个表单",
        ExpectLabel => "带引号的标签",
        ExpectField => "字段（如 `start: date, required`）",
        ExpectEvidenceMode => "`one of` 或 `all of`",
        ExpectFigure => "合计项（如 `total = sum of credits`）",
        ExpectExpression => "一个表达式",
        ExpectMatchArm => "`match` 分支（如 `\"a\" => 1`）",
        ExpectFigureOverYears => "跨年度的合计项（如 `sum of total over years`）",
        ExpectCall => "函数调用",
        ExpectNumber => "一个数",
        ExpectUnit => "一个单位",
        ExpectRate => "比率（如 `per 3 hours`）",
        ExpectList => "列表 `[…]`",
        ExpectBoolean => "`true` 或 `false`",
        ExpectName => "一个名称",
        ExpectDate => "日期（如 `2022-07-01`）",
        ExpectString => "带引号的文本",
        ExpectOperator => "运算符",
        NameConstant => "常量",
        NameLocal => "`let` 值",
        TypeAnyNumber => "数",
        CheckNotACategoryOne => "`{field}` 不能给出类别：{values} 不是类别",
        CheckRepeatedValue => "`{value}` 重复列出",
        LabelFirstListed => "首次列出于此",
        CheckUselessElse => "此 `else` 分支永远不会执行：所有取值已在上方匹配",
        CitedConstant => "常量 `{name}`",
        CitedPurpose => "用途 `{name}`",
        CitedRule => "此 `{name}` 规则",
        CheckContradictoryBounds => "没有值能同时不小于 {least} 且不大于 {most}",
        TypeAnyOneOf => "`one of [...]` 取值",
        TypeAnyList => "列表",
        ReasonYearFraction => "年份只能按整年加减",
        ParseTooDeep => "此表达式嵌套过深（括号超过 {max} 层，或运算符层层嵌套）",
        ParseTooManyOperators => "此表达式的运算符超过 {max} 个",
        HelpTooManyOperators => "请用 `const` 或 `let` 为其中的部分命名",
        ParseTooLarge => "政策文件超过 {max} 字节",
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
        NameForm => "表单",
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
        ScopeWindow => {
            "跨年度的数（`sum of … over years`、`total in Y - 1`）只能用在用途的 `status` 规则中"
        }
        ScopeFigureBeforeDefinition => "合计项只能使用在其上方定义的合计项",
        ScopePreviousOutsideYear => {
            "`… in previous year` 读取上一个评定年度的数：请在 `year` 块或 `each year passes when` 中使用；在用途的 `status` 规则中请写 `total in Y - 1`"
        }
        ScopePreviousAlone => "`previous year` 指读取数值的年度，请写作 `total in previous year`",
        ScopeLocalInConstraint => "`invalid when` 在计算 `let` 值之前检查：请直接用字段写条件",
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
        CheckOptionalPrevious => "用途评定的第一个年度没有上一年度，`{name}` 在其中没有值",
        HelpOptionalValue => "请说明缺省时用什么值：`{name} otherwise <值>`",
        CheckAlwaysGiven => "`{name}` 总是存在，这一是否填写的判断结果永远不变",
        HelpAlwaysGiven => "只有可选字段（未标 `required` 的字段）才可能缺失",
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
        CheckContradictoryCategoryCap => "每年上限为 {cap}，类别 `{category}` 无法计入任何学时",
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
        CheckNotConstant => "分摊的年数须在不读取记录时即可确定",
        CheckConstantFails => "无法计算此值：{reason}",
        ReasonOverflow => "结果过大",
        ReasonDivisionByZero => "除数为零",
        ReasonYearOutsideWindow => "{year} 年不在该用途审查的年度之内",
        ReasonBadYear => "年份超出 1 至 9999 的范围",
        ReasonSpreadYears => "分摊年数须为 1 至 100 的整数，而不是 `{value}`",
        CheckConstantCycle => "常量 `{name}` 依赖自身",
        CheckBidiControl => {
            "双向控制字符 {code_point}（{name}）：文本显示的顺序可能与 xueshi 读取的顺序不同（“特洛伊源码”）"
        }
        HelpBidiControl => "请删除它；字符串确需包含它时，请写成转义 `{escape}`",
        CheckNotAUnit => "此处应为单位；`{name}` 是{what}",
        HelpNotAUnit => {
            "数后面的名称，以及其单位中 `/` 或 `per` 后面的名称，都被读作单位；\
             要除以 `{name}`，请给数加括号：`(…) / {name}`"
        }
        CheckDivisionByZero => "此处除数为零：无论记录如何，`{divisor}` 都为零",
        HelpDivisionByZero => {
            "每条记录都会在此规则上失败；请除以不可能为零的值，或先用 `if … then … else …` 判断"
        }
        LabelAlwaysZero => "恒为零",
        CheckRequirementNotComparison => "要求须比较两个数量",
        HelpRequirement => "例如写作 `require total >= annual_minimum`",
        CheckStrictMakeUp => "严格比较没有使其成立的最小数量，需补学的数量无法由它求解",
        HelpStrictMakeUp => {
            "按精确数值，凡大于界值者均满足 `>`，其中没有最小者；请写 `>=`（或 `<=`），或为 `shortfall =` 给出公式"
        }
        LabelMakeUpRule => "需补学的数量在此由各项要求求解",
        CheckMakeUpUnreachable => "在 `{category}` 中增加的数量不会改变这一要求",
        HelpMakeUpUnreachable => {
            "未达到该要求的年度无法靠 `{category}` 补足：其裁定为计算错误（`record::policy-error`），而非需补学的数量"
        }
        CheckStatusNone => "用途 `{purpose}` 没有给出任何状态",
        CheckStatusNoOtherwise => "用途 `{purpose}` 的状态未覆盖所有情形",
        HelpStatusOtherwise => "请以覆盖其余情形的状态结尾：`status <名称> otherwise`",
        CheckStatusAfterOtherwise => "此状态位于 `otherwise` 之后，永远不会给出",
        CheckQuantifierWithoutTest => "`every year passes` 需要逐年判断的条件",
        HelpQuantifierWithoutTest => "请在该用途中添加 `each year passes when <条件>`",
        CheckPeriodsOneYear => {
            "`periods of {years} years` 用于把多个年度分成周期，但用途 `{purpose}` 只评定一个年度"
        }
        HelpPeriodsOneYear => "请把该用途的评定范围写作 `years A to B`",
        CheckPeriodsLength => "无法按 `{years}` 年的周期评定",
        HelpPeriodsLength => "周期须为 1 至 200 的整年数",
        CheckNothingCarried => {
            "用途 `{purpose}` 只评定一个年度，没有上一年度：`{figure}` 在其中读不到上一年度"
        }
        HelpNothingCarried => {
            "请评定结转所经的各年度（`years A to Y`），并用 `compliant in Y` 读取所评定的年度"
        }
        CheckFieldAttribute => "`{attribute}` 不适用于{ty}",
        CheckNotACategory => "`{field}` 不能给出类别：{values} 不是类别",
        CheckCreditUnit => "该活动类型认定的是{found}，而认定的学时应为{expected}",
        LabelCreditUnit => "自此公式起，认定的学时为{expected}",
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
        JsonEofList => "列表未结束，文本就已结束",
        JsonEofObject => "对象未结束，文本就已结束",
        JsonEofString => "字符串未结束，文本就已结束",
        JsonEofValue => "应有一个值，文本却已结束",
        JsonExpectedColon => "此处应为 `:`",
        JsonExpectedListEnd => "此处应为 `,` 或 `]`",
        JsonExpectedObjectEnd => "此处应为 `,` 或 `}`",
        JsonExpectedIdent => "此处应为 `true`、`false` 或 `null`",
        JsonExpectedValue => "此处应为一个值",
        JsonInvalidEscape => "无效的转义序列",
        JsonInvalidNumber => "无效的数字",
        JsonNumberOutOfRange => "数字超出范围",
        JsonInvalidUnicode => "无效的 Unicode 码点",
        JsonControlCharacter => "字符串中有控制字符（\\u0000–\\u001F），须转义",
        JsonKeyNotString => "键必须是字符串",
        JsonLoneSurrogate => "十六进制转义中有孤立的前导代理项",
        JsonTrailingComma => "最后一个值之后多了逗号",
        JsonTrailingCharacters => "值之后还有多余的字符",
        JsonEndOfHexEscape => "十六进制转义意外结束",
        JsonRecursionLimit => "嵌套层数超出限制",
        JsonOther => "无效的 JSON",
        TomlDuplicateKey => "键重复",
        TomlTooDeep => "嵌套层数超出限制",
        TomlBadString => "字符串无效或未结束",
        TomlBadValue => "值无效（数字、日期或布尔值）",
        TomlMissingValue => "缺少值或 `=`",
        TomlUnclosed => "表头或数组未闭合",
        TomlOther => "TOML 语法错误",
        ReadTooDeep => "嵌套超过 {max} 层",
        ReadKeyNotUtf8 => "键不是 UTF-8 文本",
        ReadFileNotUtf8 => "文件不是 UTF-8 文本（第 {byte} 字节）",
        ReadLineNotUtf8 => "该行不是 UTF-8 文本（第 {byte} 字节）",
        ReadLineTooLong => "该行超过 {max} 字节",
        ReadElementTooLong => "数组的该元素超过 {max} 字节",
        ReadUnreadable => "无法读取输入{error}",
        ReadOsError => "（系统错误 {code}）",
        PlaceLine => "第 {line} 行",
        PlaceSheetRow => "{sheet}!第 {row} 行",
        PlaceColumn => "第 {column} 列",
        PlaceRowColumn => "{row}，{column}",
        PlaceThen => "{place}：{message}",
        RowCellNotUtf8 => {
            "单元格不是 UTF-8 文本（单元格第 {byte} 字节）：请将文件另存为 UTF-8 编码的 CSV"
        }
        RowCellTooLong => "单元格有 {bytes} 字节；单元格最多 {max} 字节",
        RowTooLong => "该行超过 {max} 字节",
        RowCellTwice => "工作表两次给出此单元格（该行写了两次），两个值均不采用",
        RowPersonTooLarge => {
            "此人的 {rows} 行超过 {max} 字节，即一人最多可有的大小（与一行 JSONL 相同）；这些行作为一条无效记录读取"
        }
        RowUnclosed => "此行有引号开启的单元格未闭合{why}；其后的各行按各自的行读取",
        RowUnclosedAtEnd => "（直到文件末尾）",
        RowUnclosedLines => "（{max} 行之内）",
        RowUnclosedBytes => "（{max} 字节之内）",
        RowUnclosedTextAfter => "（第 {line} 行的引号后跟的是文字，而非逗号或行尾）",
        RowCellError => "单元格含错误值 {error}",
        RowNotFinite => "单元格中的数不是有限数",
        RowInexactNumber => "数 {value} 太大，电子表格无法精确保存：请以文本存储（例如身份证号）",
        RowCellCount => "该行有 {found} 个单元格，表头有 {expected} 个",
        RowUnnamedColumn => "表头中没有名称的列里有值",
        RowBadEntry => "`{entry}` 列中的 `{value}` 既不是 `{activity}` 也不是 `{exemption}`",
        RowRestUnreadable => "文件的其余部分无法读取{error}",
        InputNotFound => "没有该文件或目录（系统错误 {code}）",
        InputPermissionDenied => "无权读取（系统错误 {code}）",
        InputIoError => "无法读取（系统错误 {code}）",
        InputFolder => "这是文件夹，不是记录文件",
        InputUnknownFormat => {
            "未知格式：请使用 .json、.jsonl、.toml、.csv 或 .xlsx 文件，或用 `-` 从标准输入读取 JSONL"
        }
        InputNeedsColumns => "CSV 和 XLSX 记录须按政策的列读取（read_records_with）",
        InputDocumentTooLarge => {
            "文档超过 {limit} 字节，即整体读取的上限（可用 --max-document-size 提高；JSONL、CSV 和 JSON 文件中的数组流式读取，不受此限）"
        }
        InputWorkbookTooLarge => {
            "工作簿超过 {limit} 字节（按解压后的大小计），即整体读取的上限（可用 --max-document-size 提高；CSV 流式读取，不受此限）"
        }
        InputNotXlsx => "无法将文件读作 XLSX 工作簿{words}",
        InputNoSheet => "工作簿中没有工作表",
        InputSheetUnreadable => "无法读取工作表 `{sheet}`{words}",
        InputTooManyCells => {
            "工作表 `{sheet}` 有值的单元格超过 {max} 个且各行未按顺序排列，即乱序时的读取上限（按行顺序排列的工作表——电子表格程序都这样保存——流式读取）：请重新保存，或改用 CSV"
        }
        InputTooManyColumns => {
            "工作表 `{sheet}` 的单元格跨 {width} 列（从 {from} 到 {to}）；最多读取 {max} 列：请删除多余的单元格"
        }
        InputTooManyStrings => "工作簿的共享字符串表声明超过 {max} 个字符串，即读取上限",
        InputNoHeader => "文件为空：须有一行表头写明各列",
        InputHeaderEmpty => "表头未写任何列名",
        InputHeaderUnreadable => "{row}（表头）：{message}",
        InputUnknownColumn => "未知列 `{name}`（{column}）",
        InputColumnDidYouMean => "：是否应为 `{suggestion}`？",
        InputColumnsAre => "；第一行须写明各列，本政策的列为 {columns}",
        InputColumnTwice => "列 `{name}` 出现两次（{first} 和 {second}）",
        InputColumnClash => {
            "列 `{name}`（{column}）既是人员字段，又是政策的{with}：表格无法区分二者；请使用 JSON、JSONL 或 TOML 记录"
        }
        InputClashEntry => "说明行内容的列",
        InputClashActivity => "活动字段",
        InputClashExemption => "免除字段",
        InputClashItem => "活动或免除字段",
        RecordMalformed => "记录不是有效的 {format}：{message}",
        RecordUnknownField => "未知字段",
        RecordMissingField => "缺少必填字段",
        RecordDuplicateKey => "该键重复出现",
        RecordWrongType => "应为{expected}，实为{found}",
        RecordUnknownKind => "未知活动类型 `{kind}`",
        RecordKnownKinds => "政策中的活动类型有 {kinds}",
        RecordUnknownValue => "`{value}` 不是 {allowed} 之一",
        RecordNotWhole => "`{value}` 不是整数",
        RecordNumberTooLarge => "`{value}` 过大或小数位过多（最大 10^15，最多 12 位小数）",
        RecordNotANumber => "`{value}` 不是数",
        RecordNotABool => "`{value}` 既不是 `true` 也不是 `false`",
        RecordBadDate => "`{value}` 不是 YYYY-MM-DD 格式的有效日期",
        RecordBadYear => "`{value}` 不是 1 至 9999 之间的年份",
        RecordIdLength => "居民身份号码应为 18 位，而不是 {n} 位",
        RecordIdCharacter => "居民身份号码第 {position} 位 `{found}` 应为数字（末位可为 `X`）",
        RecordIdChecksum => "居民身份号码校验码为 `{found}`，但前 17 位算得 `{expected}`",
        RecordEmpty => "不能为空",
        RecordBelowMinimum => "{value} 小于允许的最小值 {min}",
        RecordAboveMaximum => "{value} 大于允许的最大值 {max}",
        RecordConstraint => "{message}",
        RecordEvaluation => "政策错误（{place}）：政策无法为该记录计算 `{rule}`：{reason}",
        ReasonEndBeforeStart => "{end} 早于 {start}",
        ReasonNegative => "结果小于零",
        ReasonInternal => "xueshi 内部错误（{what}），请报告",
        ReasonNoMakeUp => "在 `{category}` 中增加多少都不能使这一要求成立",
        ReasonMakeUpNotFound => "在 {steps} 步内未求得使当年达标的最少数量",
        RecordNoExemptions => "政策没有免除规则，记录不能列出免除事项",
        RecordWindowTooLarge => "该用途将审查 {from} 至 {to} 年，超过 200 年",
        WordString => "字符串",
        WordNumber => "数",
        WordInteger => "整数",
        WordBool => "`true` 或 `false`",
        WordDateText => "YYYY-MM-DD 格式的日期",
        WordYearNumber => "年份（整数）",
        WordArray => "列表",
        WordObject => "对象",
        WordNull => "`null`",
        WordDate => "日期",
        ReasonMissingOneOf => "缺少证明材料：{names}（任一即可）",
        ReasonMissingAllOf => "缺少证明材料：{names}",
        ColumnId => "身份证号",
        ColumnName => "姓名",
        ColumnStatus => "状态",
        ColumnShortfall => "需补学时",
        AmountWord => "数量",
        ColumnMakeUp => "需补{unit}",
        ColumnYears => "审查年度",
        ColumnFailing => "未通过年度",
        ColumnErrors => "错误",
        StatusInvalid => "无效",
        TableShort => "{year}（差 {hours}）",
        TableNoYears => "无",
        TablePeople => "共 {n} 人",
        TableInvalidHeading => "无效记录：",
        TableRecordAt => "{file} 第 {record} 条记录",
        TableLine => "，第 {line} 行",
        SheetRulings => "裁定",
        SheetActivities => "学时认定",
        SheetCredits => "{unit}认定",
        SheetErrors => "无效记录",
        ColumnYear => "年度",
        ColumnIndex => "活动序号",
        ColumnKind => "活动类型",
        ColumnCategory => "类别",
        ColumnRule => "规则",
        ColumnClause => "条款",
        ColumnComputed => "封顶前{unit}",
        ColumnCredited => "认定{unit}",
        ColumnResult => "结果",
        ColumnReason => "原因",
        ResultCredited => "认定",
        ResultRejected => "不予认定",
        ColumnFile => "文件",
        ColumnRecord => "记录序号",
        ColumnLine => "行",
        ColumnColumn => "列",
        ColumnPath => "字段",
        ColumnCode => "代码",
        ColumnMessage => "说明",
        ErrorXlsxNeedsOutput => {
            "`--format xlsx` 输出工作簿：请用 `--output 文件` 指定文件（例如 `--output rulings.xlsx`）"
        }
        ErrorXlsxNotAFile => "`{file}` 不是普通文件：`--format xlsx` 只能把工作簿写入文件",
        TestNoExpectations => {
            "用例必须有预期：请添加 `expect`，写明 `status`、某个数值、`activities`、`errors` 或 `years`（没有预期的用例不会失败）"
        }
        TestUnknownExpectation => "未知的预期 `{name}`（{within}）：可用的键有 {keys}",
        TestWithinExpect => "位于 `expect` 中",
        TestWithinYear => "位于某一年度中",
        TestWithinActivity => "位于某项活动中",
        TestFigureNotANumber => "`{name}` 必须是数",
        ErrorYearOutOfReach => {
            "无法按用途 `{purpose}` 审查 `--year {year}`：其审查年度 `{window}` 超出 xueshi 可审查的年份（{min} 至 {max}）"
        }
        ErrorYearWindowTooWide => {
            "无法按用途 `{purpose}` 审查 `--year {year}`：其审查年度 `{window}` 跨越 {span} 年及以上"
        }
        ErrorYearAllowed => "；此用途的 `--year` 须在 {from} 至 {to} 之间",
        ErrorYearNoneAllowed => "；此用途没有可审查的 `--year`",
        ErrorOutputIsInput => {
            "`--output {output}` 就是输入文件 `{input}`：写入会毁掉输入；请另选文件"
        }
        DiffPolicies => "政策 {old}（{old_file}）→ {new}（{new_file}）",
        DiffNoRuleChanged => "规则无变化",
        DiffLines => "（第 {old} 行 → 第 {new} 行）",
        DiffLineNew => "（新增，第 {line} 行）",
        DiffLineRemoved => "（删除，原第 {line} 行）",
        DiffSummary => "{purpose} {year}：{total} 条结论中 {changed} 条有变化",
        DiffRequirementsOnlyCount => {
            "仅要求满足情况变化：{count} 条（状态、各项学时与认定均相同，满足的要求不同）"
        }
        DiffHours => "认定{unit}：增加 +{gained}，减少 −{lost}",
        DiffChangedHeading => "有变化的结论",
        DiffRequirementsOnlyHeading => {
            "仅要求满足情况变化（状态、各项学时与认定均相同，满足的要求不同）"
        }
        DiffPerson => "{person}（{file} 第 {record} 条记录）",
        DiffStatus => "状态 {old} → {new}",
        DiffYearStatus => "{year} 年度状态 {old} → {new}",
        DiffPasses => "{year} 年度检验：{old} → {new}",
        DiffWordPasses => "通过",
        DiffWordFails => "未通过",
        DiffCredit => "{year} [{index}] {kind}：{old} → {new} {unit}",
        DiffCreditRejected => "{year} [{index}] {kind}：{old} → {new}",
        DiffHoursOf => "{hours} {unit}",
        DiffWordRejected => "不予认定",
        DiffOldRule => "原：{place}",
        DiffNewRule => "新：{place}",
        DiffRuleChanged => "规则有变化：{rule}{lines}",
        DiffRequirement => "{year} {rule}：{old} → {new}",
        DiffWordMet => "满足",
        DiffWordNotMet => "未满足",
        ErrorUnknownPurpose => "政策中没有用途 `{name}`；已声明的用途有 {purposes}",
        ExplainPerson => "{name}（{id}）",
        ExplainRuling => "{purpose} {year} 年：{status}",
        ExplainMakeUp => "需补学 {hours}",
        ExplainShortIn => "{figure}差 {hours}",
        ExplainPolicy => "政策 {name} {version}（sha256 {sha}）",
        ExplainYear => "{year} 年：{status}",
        ExplainYearPasses => "通过该用途的逐年判断",
        ExplainYearFails => "未通过该用途的逐年判断",
        ExplainYearLacking => "，差 {amount}",
        YearExempt => "免除",
        YearCompliant => "达标",
        YearShortfall => "不足",
        ExplainCredited => "认定",
        ExplainRejected => "不予认定",
        ExplainOutside => "不在所审查的年度",
        ExplainExemptions => "免除事项",
        ExplainRequirements => "要求",
        ExplainFigures => "合计项",
        ExplainCreditOf => "{category} {hours}",
        ExplainCapped => "{before}，以上限 {cap} 计",
        ExplainCategoryCut => "本年 {before}，核减 {cut}：{category}每年至多计 {limit}",
        ExplainSpread => "{total} 分摊：{parts}",
        ExplainSpreadPart => "{year} 年 {hours}",
        ExplainSpreadRule => "分摊 {years} 年，每年至多 {limit}",
        ExplainUnplaced => "{hours} 无法安排",
        ExplainWouldHave => "否则可认定 {hours}",
        ExplainCountsIn => "计入 {year} 年",
        ExplainReading => "解读：{text}",
        ExplainMet => "达到",
        ExplainNotMet => "未达到，差 {gap}",
        ExplainExemptionApplies => "免除 {years} 年",
        ExplainExemptionRejected => "不予免除：{reason}",
        ExplainDecidedBy => "由 `{rule}` 决定",
        ExplainEvidenceGiven => "记录提供了 {names}",
        ExplainNoEvidence => "记录未提供证明材料",
        ExplainInvalid => "无效记录：{errors}",
        ExplainNoYears => "没有需审查的年度：{from} 至 {to} 的区间为空",
        ExplainWindow => "审查年度：{years}",
        ExplainShortfall => "需补学",
        ExplainLeastMakeUp => "{amount}，即为使当年达标须在{category}中增加的最少数量",
        ExplainMakeUpWith => "在{category}中增加 {amount}后：",
        ExplainNothing => "无",
        ExplainRuleAt => "规则",
        ExplainActivityAt => "记录中的 activities[{index}]",
        ExplainErrorAt => "{path}：{message}",
        ExplainNoRecordFound => "没有 id 为 `{id}` 的记录",
        TraceGiven => "已给出：{value}",
        TraceNotGiven => "未给出",
        TraceNotEvaluated => "未求值",
        TraceDecidedBy => "由第 {n} 项决定",
        ExplainNoForm => "政策未声明表单",
        ExplainUnknownForm => "政策中没有表单 `{name}`；已声明的表单有 {forms}",
        DiagnosticsNotDrawn => "……另有 {n} 条未显示（下面的计数包括它们）",
        ToolsDocNoNotice => "`{policy}` 没有通知文本：请放在 `{expected}` 或使用 --notice FILE",
        ToolsDocCounts => "共 {rules} 条规则引用通知；{paragraphs} 段未编码。",
        ToolsDocUnplaced => "引文未在通知文本中找到的规则",
        ToolsDocNotEncoded => "未编码",
        ToolsDocIntro => {
            "通知逐段列出，每段之后是 `{file}` 中引用该段的规则；未被任何规则引用的段落另行标出。"
        }
        ToolsCoverageColumns => "行|规则|记录数",
        ToolsCoverageExemptionApplies => "免除适用",
        ToolsCoverageBelow => "覆盖率 {percent}% 低于 --min-coverage {min}%",
        ToolsCoverageNever => "从未触及",
        ToolsCoverageHeader => {
            "`{file}` 的覆盖率：{records} 条记录触及 {total} 条规则中的 {reached} 条（{percent}%）"
        }
        ToolsUpdateLeft => {
            "无法更新用例 `{case}` 的 `{what}`（应为 {expected}，实为 {got}）：请手工修改"
        }
        ToolsUpdateWritten => "已更新 `{file}` 中的 {n} 个用例",
        ToolsReviewPrompt => "更新此用例？[y] 是，[n] 否，[q] 退出：",
        ToolsReviewNeedsTerminal => {
            "--review 需要在终端上询问，而标准输入不是终端；用 --update 接受全部更改"
        }
        ToolsUpdateNoCaseTables => "用例不是以 `[[case]]` 表书写的，无法改写",
        ToolsUpdateNotToml => "无法以 TOML 编辑该测试文件：{reason}",
        ToolsFmtWouldChange => "`{file}` 不符合规范格式；`xueshi fmt {file}` 可将其改写",
        ToolsTestNothingToMakeUp => {
            "用例 `{case}`：{year} 年未达标（有要求未满足），但政策的 shortfall 规则算出无需补学：shortfall 规则与各项要求不一致"
        }
        ToolsTestMismatch => "用例 `{case}`：{what}：应为 {expected}，实为 {got}",
        ToolsTestCaseError => "用例 `{case}`：{message}",
        ToolsTestNoPolicy => "没有要测试的政策：请在文件中写 `policy = \"…\"` 或使用 --policy",
        ToolsUnknownErrorCode => {
            "没有错误代码 `{code}`；`xueshi explain-error --list` 列出全部代码"
        }
        PolicyNotInForce => "`{file}` 自 {effective} 起施行，晚于所指定的日期（--as-of {date}）",
        RevisionUsed => {
            "使用 {name} {version}（{file}，{effective} 起施行，sha256 {sha}），{date} 有效"
        }
        EvalSummary => "{records} 条记录，用时 {seconds} 秒（每秒 {rate} 条）：{counts}",
        WordError => "错误",
        SummaryCheckFailed => "`{file}` 有 {errors}、{warnings}",
        SummaryCheckErrors => "`{file}` 有 {errors}",
        SummaryCheckWarnings => "`{file}` 有效，{warnings}",
        SummaryCheckClean => "`{file}` 有效",
        ErrorReadFile => "无法读取 `{file}`：{reason}",
        CountErrorOne => "{n} 个错误",
        CountErrorMany => "{n} 个错误",
        CountWarningOne => "{n} 个警告",
        CountWarningMany => "{n} 个警告",
        ServeBodyTooLarge => "请求体超过了 {limit} 字节的上限（--max-body-bytes）",
        ServeTooManyRecords => "请求中的记录超过 {limit} 条（--max-records）；请分批发送",
        ServeTimeout => "请求用时超过 {seconds} 秒（--request-timeout），已停止",
        ServeBusy => "服务器已在进行 {limit} 项评估（--max-concurrent）；请稍后重试",
        ServeUnsupportedType => "无法读取类型为 `{type}` 的请求体：请发送 {types}",
        ServeNotAcceptable => "无法以 `{type}` 作答：可请求 {types}",
        ServeMissingParam => "缺少参数 `{name}`（可在查询串或 JSON 请求体中给出）",
        ServeBadParam => "参数 `{name}` 不能为 `{value}`：{reason}",
        ServeUnknownPolicy => "服务器上没有政策 `{id}`；现有政策为 {policies}",
        ServeChoosePolicy => "服务器上有多项政策：请用 `policy` 参数选择其一（{policies}）",
        ServeNotUtf8 => "请求体不是 UTF-8 文本（第 {byte} 字节）",
        ServeUnreadable => "无法读取记录：{reason}",
        ServeInternal => "内部错误：请求未能完成（{reason}）",
        ServeNotFound => "没有端点 `{path}`；参见 /v1/openapi.json",
        ServeNoRecordWithId => "没有记录的 id 为 `{id}`",
        ServeListening => "正在 http://{addr} 上提供 {policies}（网页：http://{addr}/）",
        ServeReloaded => "已重新加载 `{file}`（{name} {version}，sha256 {sha}）",
        ServeReloadFailed => "`{file}` 已更改但无法使用，仍沿用先前的版本：{reason}",
        ServeBindFailed => "无法在 `{addr}` 上监听：{reason}",
        ServeShuttingDown => "正在关闭：等待进行中的请求完成",
    }
}
