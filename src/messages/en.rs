//! The English catalogue. Style: lowercase, no final period, user input in backticks.

use super::Msg;

/// The English text of `msg`.
pub(crate) fn text(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        Or => "or",
        And => "and",
        Aside => " ({text})",
        FormField => "{label}: {value}",
        Here => "here",
        ParseExpected => "expected {expected}, found `{found}`",
        ParseExpectedAtEnd => "expected {expected}, found the end of the file",
        ParseInvalidDate => "`{date}` is not a date",
        ParseInvalidDateHelp => "dates are written YYYY-MM-DD and must exist in the calendar",
        ParseNumberTooLarge => "`{number}` is too large to hold exactly",
        ParseNumberOutOfRange => "number out of range: `{number}`",
        ParseNumberOutOfRangeHelp => {
            "a number is held exactly: at most 30 significant digits, an exponent from -30 to 30"
        }
        ParseZeroRateCount => "the rate `{rate}` is counted per zero units",
        ParseZeroRateCountHelp => {
            "write the count of units a credit is given for, such as `1 credit per 3 hours`"
        }
        ParseNumberTooLargeHelp => "a number may have at most 30 significant digits",
        ParseInvalidEscape => "`{escape}` names no character",
        ParseUnexpected => "unexpected `{found}`",
        ParseUnexpectedEnd => "unexpected end of the file",
        ExpectEndOfFile => "the end of the file",
        ExpectItem => {
            "an item (`policy`, `unit`, `const`, `category`, `evidence`, `person`, `kind`, `exemption`, `year` or `purpose`)"
        }
        ExpectStatement => "a statement",
        ExpectFieldAttribute => {
            "a field attribute (`required`, `nonempty`, `at least`, `at most`, `the id`, `the name`)"
        }
        ExpectType => "a type",
        ExpectValue => "a value",
        ExpectHeader => "a policy header",
        ExpectHeaderEntry => "a header entry such as `version \"1.0\"`",
        ExpectUnitDecl => "a unit declaration",
        ExpectConstant => "a constant",
        ExpectCategory => "a category",
        ExpectEvidenceDecl => "an evidence declaration",
        ExpectPersonSchema => "a person schema",
        ExpectKind => "an activity kind",
        ExpectExemptionBlock => "an exemption block",
        ExpectYearBlock => "a year block",
        ExpectPurpose => "a purpose",
        ExpectForm => "a form",
        ExpectLabel => "a quoted label",
        ExpectField => "a field such as `start: date, required`",
        ExpectEvidenceMode => "`one of` or `all of`",
        ExpectFigure => "a figure such as `total = sum of credits`",
        ExpectExpression => "an expression",
        ExpectMatchArm => "a match arm such as `\"a\" => 1`",
        ExpectFigureOverYears => "a figure over the years such as `sum of total over years`",
        ExpectCall => "a function call",
        ExpectNumber => "a number",
        ExpectUnit => "a unit",
        ExpectRate => "a rate such as `per 3 hours`",
        ExpectList => "a list `[…]`",
        ExpectBoolean => "`true` or `false`",
        ExpectName => "a name",
        ExpectDate => "a date such as `2022-07-01`",
        ExpectString => "a quoted string",
        ExpectOperator => "an operator",
        NameConstant => "constant",
        NameLocal => "`let` value",
        TypeAnyNumber => "a number",
        CheckNotACategoryOne => "`{field}` cannot give the category: {values} is not a category",
        CheckRepeatedValue => "`{value}` is listed twice",
        LabelFirstListed => "first listed here",
        CheckUselessElse => "this `else` arm is never taken: every value is matched above",
        CitedConstant => "constant `{name}`",
        CitedPurpose => "purpose `{name}`",
        CitedRule => "this `{name}` rule",
        CheckContradictoryBounds => "no value is at least {least} and at most {most}",
        TypeAnyOneOf => "a `one of [...]` value",
        TypeAnyList => "a list",
        ReasonYearFraction => "a year moves by whole years",
        ParseTooDeep => {
            "this expression nests too deeply (brackets more than {max} levels, or operators within operators)"
        }
        ParseTooManyOperators => "this expression has more than {max} operators",
        HelpTooManyOperators => "name parts of it with `const` or `let`",
        ParseTooLarge => "the policy file is larger than {max} bytes",
        NameValue => "name",
        NameUnit => "unit",
        NameType => "type",
        NameCategory => "category",
        NameKind => "kind",
        NamePurpose => "purpose",
        NameField => "field",
        NameFunction => "function",
        NameHeaderEntry => "header entry",
        NameEvidence => "evidence",
        NameForm => "form",
        NameStatus => "status",
        TypeNumberIn => "a number of {unit}",
        TypeNumber => "a plain number",
        TypeBool => "`true` or `false`",
        TypeDate => "a date",
        TypeYear => "a year",
        TypeText => "text",
        TypeOneOf => "one of {values}",
        TypeList => "a list of {item}",
        TypeMaybe => "an optional {item}",
        TypeCategory => "a category",
        CheckUnknownName => "unknown {what} `{name}`",
        HelpDidYouMean => "did you mean `{suggestion}`?",
        CheckNotInScope => "`{name}` cannot be used here",
        ScopeYearFigureInRange => {
            "this purpose examines several years, so a figure of one year has no single value; test each year with `each year passes when …` and use `every year passes` or `some year passes`"
        }
        ScopeYearFigureOutsideYear => {
            "figures of a year (`exempt`, `compliant`, the `year` block's figures) exist only in the `year` block and in purposes"
        }
        ScopeCompliantInYearBlock => {
            "`exempt` and `compliant` are results of the `year` block; use them in purposes"
        }
        ScopeJudgedYear => "`Y`, the year a ruling is asked for, exists only in purposes",
        ScopeFieldInConstant => "a constant cannot read a record's fields",
        ScopeSumOutsideYear => "`sum of credits` adds up one year: use it in the `year` block",
        ScopeQuantifier => {
            "`every year passes` and `some year passes` belong in a purpose's `status` rules"
        }
        ScopeWindow => {
            "figures over the purpose's years (`sum of … over years`, `total in Y - 1`) belong in a purpose's `status` rules"
        }
        ScopeFigureBeforeDefinition => "a figure can only use the figures defined above it",
        ScopePreviousOutsideYear => {
            "`… in previous year` reads the year judged before the one being judged: use it in the `year` block or in `each year passes when`; in a purpose's `status` rules write `total in Y - 1`"
        }
        ScopePreviousAlone => {
            "`previous year` names the year to read a figure in: write `total in previous year`"
        }
        ScopeLocalInConstraint => {
            "`invalid when` is checked before `let` values are computed: write the condition with the fields themselves"
        }
        CheckDuplicateName => "{what} `{name}` is declared twice",
        LabelFirstDeclared => "first declared here",
        LabelDeclaredAgain => "declared again here",
        CheckUnknownType => "unknown type `{name}`",
        HelpTypes => {
            "the types are `text`, `integer`, `decimal`, `bool`, `date`, `year`, `resident_id`, `one of [\"a\", \"b\"]` and `list of <type>`"
        }
        CheckUnknownEvidence => "evidence `{name}` is not declared",
        HelpDeclareEvidence => "declare it with `evidence \"{name}\"`",
        CheckUnknownValue => "`{value}` is not one of {allowed}",
        CheckUnitMismatch => "cannot use `{op}` on {left} and {right}",
        HelpUnitMismatch => "both sides must be counted in the same unit",
        CheckTypeMismatch => "expected {expected}, found {found}",
        CheckOptionalValue => "`{name}` is optional and a record may not give it",
        CheckOptionalPrevious => {
            "`{name}` has no value in the first year a purpose examines, which has no year before it"
        }
        HelpOptionalValue => "say what to use when it is absent: `{name} otherwise <value>`",
        CheckAlwaysGiven => "`{name}` is always present, so this test of presence never changes",
        HelpAlwaysGiven => "only an optional field (one not marked `required`) can be absent",
        CheckNeedlessOtherwise => "`{name}` is always present, so `otherwise` never applies",
        CheckMissingRule => "`{block}` has no `{rule}` rule",
        HelpMissingCredit => "add a formula, such as `credit 8 hours/day * days(start, end)`",
        HelpMissingCountsIn => "say which year it counts in, such as `counts in year_of(end)`",
        HelpMissingCountsAs => "say which category it counts as, such as `counts as specialty`",
        HelpMissingWindow => "say which years it examines: `year Y` or `years Y - 2 to Y - 1`",
        HelpMissingCovers => "say which years it covers, such as `covers years`",
        CheckDuplicateRule => "`{rule}` is given twice",
        LabelFirstGiven => "first given here",
        CheckNonExhaustive => "this `match` has no arm for {missing}",
        HelpNonExhaustive => "add an arm for each value, or an `else =>` arm",
        CheckUnreachableArm => "`{value}` is already matched, so this arm is never taken",
        LabelFirstMatched => "matched here first",
        CheckContradictoryCap => "a cap of {cap} lets this kind credit nothing",
        CheckContradictoryCategoryCap => {
            "a yearly cap of {cap} lets category `{category}` count nothing"
        }
        CheckUnreachableCap => "this cap of {cap} never applies",
        LabelBoundFirst => "{bound} applies first",
        CheckSpreadLoses => {
            "this spread places at most {years} × {per_year} = {placed}, but the kind can credit up to {cap}"
        }
        CheckSpreadLosesNoCap => {
            "this spread places at most {years} × {per_year} = {placed}, but the kind has no cap: hours above it would be lost"
        }
        HelpSpreadLoses => "add a cap of at most {placed}, or spread over more years",
        CheckSpreadNeverSplits => {
            "this spread never splits anything: the most one activity credits ({cap}) fits within {per_year}"
        }
        CheckNotConstant => "the number of years of a spread must be known without a record",
        CheckConstantFails => "this value cannot be computed: {reason}",
        ReasonOverflow => "the result is too large",
        ReasonDivisionByZero => "it divides by zero",
        ReasonYearOutsideWindow => "the year {year} is not among the years the purpose examines",
        ReasonBadYear => "the year is out of the range 1 to 9999",
        ReasonSpreadYears => "a spread covers a whole number of years from 1 to 100, not `{value}`",
        CheckConstantCycle => "constant `{name}` depends on itself",
        CheckBidiControl => {
            "bidirectional control character {code_point} ({name}): the text may show in another \
             order than the one xueshi reads (\"Trojan source\")"
        }
        HelpBidiControl => {
            "remove it; where a string must hold it, write it as the escape `{escape}`"
        }
        CheckNotAUnit => "a unit is expected here; `{name}` is a {what}",
        HelpNotAUnit => {
            "a name after a number, and after `/` or `per` in its unit, is read as part of the \
             unit; to divide by `{name}`, put the number in parentheses: `(…) / {name}`"
        }
        CheckDivisionByZero => "this divides by zero: `{divisor}` is zero whatever the record",
        HelpDivisionByZero => {
            "every record would fail on this rule; divide by a value that cannot be zero, or \
             test it first with `if … then … else …`"
        }
        LabelAlwaysZero => "always zero",
        CheckRequirementNotComparison => "a requirement must compare two amounts",
        HelpRequirement => "write, for example, `require total >= annual_minimum`",
        CheckStrictMakeUp => {
            "a strict comparison has no least amount that meets it, so the amount to make up \
             cannot be solved from it"
        }
        HelpStrictMakeUp => {
            "with exact numbers, every amount above the boundary meets `>` and none is the \
             least; write `>=` (or `<=`), or give `shortfall =` a formula"
        }
        LabelMakeUpRule => "the amount to make up is solved from the requirements here",
        CheckMakeUpUnreachable => "credits added in `{category}` never change this requirement",
        HelpMakeUpUnreachable => {
            "a year that fails it cannot be made compliant with credits in `{category}`: its \
             ruling is an evaluation error (`record::policy-error`), not an amount to make up"
        }
        CheckStatusNone => "purpose `{purpose}` reports no status",
        CheckStatusNoOtherwise => "the statuses of purpose `{purpose}` do not cover every case",
        HelpStatusOtherwise => "end with a status for every other case: `status <name> otherwise`",
        CheckStatusAfterOtherwise => "this status follows `otherwise` and is never reported",
        CheckQuantifierWithoutTest => "`every year passes` needs a test of each year",
        HelpQuantifierWithoutTest => "add `each year passes when <condition>` to the purpose",
        CheckPeriodsOneYear => {
            "`periods of {years} years` cuts a range of years, but purpose `{purpose}` examines one year"
        }
        HelpPeriodsOneYear => "write the purpose's window as `years A to B`",
        CheckPeriodsLength => "a period of `{years}` years cannot be judged",
        HelpPeriodsLength => "a period is a whole number of years, from 1 to 200",
        CheckNothingCarried => {
            "purpose `{purpose}` examines one year, which has no previous year: `{figure}` never reads one there"
        }
        HelpNothingCarried => {
            "examine the years the carry runs through (`years A to Y`) and read the year asked for with `compliant in Y`"
        }
        CheckFieldAttribute => "`{attribute}` does not apply to {ty}",
        CheckNotACategory => "`{field}` cannot give the category: {values} are not categories",
        CheckCreditUnit => "this kind credits {found}, but credits are {expected}",
        LabelCreditUnit => "credits are {expected} since this formula",
        CheckReservedName => "`{name}` is reserved",
        HelpReservedName => "choose another name",
        CheckHeaderMissing => "the policy has no header",
        HelpHeaderMissing => {
            "start the file with `policy \"name\" { version \"1.0\" effective 2022-07-01 }`"
        }
        CheckHeaderMissingEntry => "the header has no `{key}`",
        CheckHeaderUnknownEntry => "unknown header entry `{key}`",
        HelpHeaderEntries => "the header takes `title`, `version`, `effective` and `source`",
        CheckHeaderWrongValue => "`{key}` must be {expected}",
        CheckMissingItem => "the policy has no `{item}` block",
        HelpMissingYear => {
            "add a `year` block that adds up the credits and states the requirements, such as `year { total = sum of credits  require total >= 90 hours }`"
        }
        HelpMissingPurpose => {
            "add a purpose, such as `purpose annual { year Y  status ok when compliant  status short otherwise }`"
        }
        CheckArity => "`{function}` takes {expected} arguments, found {found}",
        CheckMisplaced => "this statement does not belong in this block",
        CheckMissingCitation => "{what} cites no clause of the notice",
        HelpMissingCitation => {
            "add `cite \"<clause>\" \"<the sentence quoted>\"` so that rulings can quote it"
        }
        CheckUnused => "{what} `{name}` is never used",
        JsonEofList => "EOF while parsing a list",
        JsonEofObject => "EOF while parsing an object",
        JsonEofString => "EOF while parsing a string",
        JsonEofValue => "EOF while parsing a value",
        JsonExpectedColon => "expected `:`",
        JsonExpectedListEnd => "expected `,` or `]`",
        JsonExpectedObjectEnd => "expected `,` or `}`",
        JsonExpectedIdent => "expected ident",
        JsonExpectedValue => "expected value",
        JsonInvalidEscape => "invalid escape",
        JsonInvalidNumber => "invalid number",
        JsonNumberOutOfRange => "number out of range",
        JsonInvalidUnicode => "invalid unicode code point",
        JsonControlCharacter => "control character (\\u0000-\\u001F) found while parsing a string",
        JsonKeyNotString => "key must be a string",
        JsonLoneSurrogate => "lone leading surrogate in hex escape",
        JsonTrailingComma => "trailing comma",
        JsonTrailingCharacters => "trailing characters",
        JsonEndOfHexEscape => "unexpected end of hex escape",
        JsonRecursionLimit => "recursion limit exceeded",
        JsonOther => "invalid JSON",
        TomlDuplicateKey => "duplicate key",
        TomlTooDeep => "cannot recurse further; max recursion depth met",
        TomlBadString => "invalid string",
        TomlBadValue => "invalid value",
        TomlMissingValue => "missing value",
        TomlUnclosed => "unclosed table or array",
        TomlOther => "invalid TOML",
        ReadTooDeep => "nested more than {max} levels deep",
        ReadKeyNotUtf8 => "a key is not UTF-8 text",
        ReadFileNotUtf8 => "the file is not UTF-8 text (byte {byte})",
        ReadLineNotUtf8 => "the line is not UTF-8 text (byte {byte})",
        ReadLineTooLong => "the line is longer than {max} bytes",
        ReadElementTooLong => "the array's element is longer than {max} bytes",
        ReadUnreadable => "cannot read the input{error}",
        ReadOsError => " (os error {code})",
        PlaceLine => "line {line}",
        PlaceSheetRow => "{sheet}!row {row}",
        PlaceColumn => "column {column}",
        PlaceRowColumn => "{row}, {column}",
        PlaceThen => "{place}: {message}",
        RowCellNotUtf8 => {
            "the cell is not UTF-8 text (byte {byte} of the cell): save the file as CSV in UTF-8"
        }
        RowCellTooLong => "the cell has {bytes} bytes; a cell holds at most {max}",
        RowTooLong => "the row is longer than {max} bytes",
        RowCellTwice => {
            "the sheet gives this cell twice (its row is written twice): neither value is taken"
        }
        RowPersonTooLarge => {
            "the person's {rows} rows hold more than {max} bytes, the most one person may have (as a JSONL line); they are read as one invalid record"
        }
        RowUnclosed => {
            "a quote opens a cell on this line that does not close {why}; the lines after it are read as rows of their own"
        }
        RowUnclosedAtEnd => "before the end of the file",
        RowUnclosedLines => "within {max} lines",
        RowUnclosedBytes => "within {max} bytes",
        RowUnclosedTextAfter => {
            "(the quote on line {line} is followed by text, not by a comma or the end of the line)"
        }
        RowCellError => "the cell holds the error {error}",
        RowNotFinite => "the cell holds a number that is not finite",
        RowInexactNumber => {
            "the number {value} is too large for a spreadsheet to keep exactly: store it as text (a resident ID, for one)"
        }
        RowCellCount => "the row has {found} cells, the header {expected}",
        RowUnnamedColumn => "a value in a column without a name in the header",
        RowBadEntry => "`{value}` in column `{entry}` is neither `{activity}` nor `{exemption}`",
        RowRestUnreadable => "the rest of the file cannot be read{error}",
        InputNotFound => "no such file (os error {code})",
        InputPermissionDenied => "permission denied (os error {code})",
        InputIoError => "cannot be read (os error {code})",
        InputFolder => "it is a folder, not a record file",
        InputUnknownFormat => {
            "unknown format: use a .json, .jsonl, .toml, .csv or .xlsx file, or `-` for JSONL on stdin"
        }
        InputNeedsColumns => {
            "CSV and XLSX records are read with the policy's columns (read_records_with)"
        }
        InputDocumentTooLarge => {
            "the document is larger than {limit} bytes, the most read whole (--max-document-size raises it; JSONL, CSV and a JSON file's array are streamed, without this limit)"
        }
        InputWorkbookTooLarge => {
            "the workbook is larger than {limit} bytes (its entries counted decompressed), the most read whole (--max-document-size raises it; CSV is streamed, without this limit)"
        }
        InputNotXlsx => "cannot read the file as an XLSX workbook: {words}",
        InputNoSheet => "the workbook has no sheet",
        InputSheetUnreadable => "cannot read sheet `{sheet}`: {words}",
        InputTooManyCells => {
            "sheet `{sheet}` has more than {max} cells with a value and its rows out of order, the most read out of order (a sheet in row order, as spreadsheet programs save it, is streamed): save it again, or use CSV"
        }
        InputTooManyColumns => {
            "the cells of sheet `{sheet}` span {width} columns, from {from} to {to}; at most {max} are read: delete the stray cells"
        }
        InputTooManyStrings => {
            "the workbook's shared-string table announces more than {max} strings, the most read"
        }
        InputNoHeader => "the file is empty: a header row naming the columns is required",
        InputHeaderEmpty => "the header row names no column",
        InputHeaderUnreadable => "{row} (the header): {message}",
        InputUnknownColumn => "unknown column `{name}` ({column})",
        InputColumnDidYouMean => ": did you mean `{suggestion}`?",
        InputColumnsAre => {
            "; the first row must name the columns, which for this policy are {columns}"
        }
        InputColumnTwice => "column `{name}` is named twice ({first} and {second})",
        InputColumnClash => {
            "column `{name}` ({column}) is both a person field and {with} of the policy: a table cannot tell them apart; use JSON, JSONL or TOML records"
        }
        InputClashEntry => "the column saying what a row holds",
        InputClashActivity => "a field of an activity",
        InputClashExemption => "a field of an exemption",
        InputClashItem => "a field of an activity or an exemption",
        RecordMalformed => "the record is not valid {format}: {message}",
        RecordUnknownField => "unknown field",
        RecordMissingField => "required field is missing",
        RecordDuplicateKey => "this key is given twice",
        RecordWrongType => "expected {expected}, found {found}",
        RecordUnknownKind => "unknown activity kind `{kind}`",
        RecordKnownKinds => "the policy's kinds are {kinds}",
        RecordUnknownValue => "`{value}` is not one of {allowed}",
        RecordNotWhole => "`{value}` is not a whole number",
        RecordNumberTooLarge => {
            "`{value}` is too large or too precise (at most 10^15, with at most 12 decimals)"
        }
        RecordNotANumber => "`{value}` is not a number",
        RecordNotABool => "`{value}` is neither `true` nor `false`",
        RecordBadDate => "`{value}` is not a date written YYYY-MM-DD",
        RecordBadYear => "`{value}` is not a year from 1 to 9999",
        RecordIdLength => "a resident ID has 18 characters, not {n}",
        RecordIdCharacter => {
            "character {position} of the resident ID, `{found}`, must be a digit (the last may be `X`)"
        }
        RecordIdChecksum => {
            "the resident ID's check character is `{found}`, but its first 17 digits give `{expected}`"
        }
        RecordEmpty => "must not be empty",
        RecordBelowMinimum => "{value} is less than the least allowed, {min}",
        RecordAboveMaximum => "{value} is more than the most allowed, {max}",
        RecordConstraint => "{message}",
        RecordEvaluation => {
            "policy error at {place}: the policy cannot compute `{rule}` for this record: {reason}"
        }
        ReasonEndBeforeStart => "{end} is before {start}",
        ReasonNegative => "the result is below zero",
        ReasonInternal => "an internal error of xueshi ({what}); please report it",
        ReasonNoMakeUp => "no credits added in `{category}` make this requirement hold",
        ReasonMakeUpNotFound => {
            "the least credits that make the year compliant were not found within {steps} steps"
        }
        RecordNoExemptions => {
            "the policy has no exemption rules, so a record cannot list exemptions"
        }
        RecordWindowTooLarge => {
            "the purpose would examine the years {from} to {to}, more than 200 years"
        }
        WordString => "a string",
        WordNumber => "a number",
        WordInteger => "a whole number",
        WordBool => "`true` or `false`",
        WordDateText => "a date written YYYY-MM-DD",
        WordYearNumber => "a year (a whole number)",
        WordArray => "a list",
        WordObject => "an object",
        WordNull => "`null`",
        WordDate => "a date",
        ReasonMissingOneOf => "missing evidence: {names}",
        ReasonMissingAllOf => "missing evidence: {names}",
        ColumnId => "id",
        ColumnName => "name",
        ColumnStatus => "status",
        ColumnShortfall => "shortfall",
        AmountWord => "amount",
        ColumnMakeUp => "{unit} to make up",
        ColumnYears => "years",
        ColumnFailing => "failing years",
        ColumnErrors => "errors",
        StatusInvalid => "invalid",
        TableShort => "{year} (short {hours})",
        TableNoYears => "none",
        TablePeople => "{n} people",
        TableInvalidHeading => "invalid records:",
        TableRecordAt => "record {record} of {file}",
        TableLine => ", line {line}",
        SheetRulings => "rulings",
        SheetActivities => "activities",
        SheetCredits => "{unit} credited",
        SheetErrors => "invalid records",
        ColumnYear => "year",
        ColumnIndex => "activity",
        ColumnKind => "kind",
        ColumnCategory => "category",
        ColumnRule => "rule",
        ColumnClause => "clause",
        ColumnComputed => "{unit} before caps",
        ColumnCredited => "credited {unit}",
        ColumnResult => "result",
        ColumnReason => "reason",
        ResultCredited => "credited",
        ResultRejected => "rejected",
        ColumnFile => "file",
        ColumnRecord => "record",
        ColumnLine => "line",
        ColumnColumn => "column",
        ColumnPath => "field",
        ColumnCode => "code",
        ColumnMessage => "message",
        ErrorXlsxNeedsOutput => {
            "`--format xlsx` writes a workbook: name its file with `--output FILE` (for example `--output rulings.xlsx`)"
        }
        ErrorXlsxNotAFile => {
            "`{file}` is not a regular file: `--format xlsx` writes a workbook to a file"
        }
        TestNoExpectations => {
            "a case must expect something: add `expect` with a `status`, a figure, `activities`, \
             `errors` or `years` (a case without expectations cannot fail)"
        }
        TestUnknownExpectation => "unknown expectation `{name}` {within}: it takes {keys}",
        TestWithinExpect => "in `expect`",
        TestWithinYear => "for a year",
        TestWithinActivity => "for an activity",
        TestFigureNotANumber => "`{name}` must be a number",
        ErrorYearOutOfReach => {
            "`--year {year}` cannot be ruled for purpose `{purpose}`: its years `{window}` fall \
             outside the years xueshi rules ({min} to {max})"
        }
        ErrorYearWindowTooWide => {
            "`--year {year}` cannot be ruled for purpose `{purpose}`: its years `{window}` span \
             {span} years or more"
        }
        ErrorYearAllowed => "; for this purpose `--year` must be from {from} to {to}",
        ErrorYearNoneAllowed => "; no `--year` can be ruled for this purpose",
        ErrorOutputIsInput => {
            "`--output {output}` is the input `{input}`: writing it would destroy the input; choose another file"
        }
        DiffPolicies => "policy {old} ({old_file}) → {new} ({new_file})",
        DiffNoRuleChanged => "no rule changed",
        DiffLines => " (line {old} → {new})",
        DiffLineNew => " (new, line {line})",
        DiffLineRemoved => " (removed, line {line})",
        DiffSummary => "{purpose} {year}: {changed} of {total} rulings changed",
        DiffRequirementsOnlyCount => {
            "requirements only: {count} (the same status, figures and credits; other requirements met)"
        }
        DiffHours => "{unit} credited: +{gained} gained, −{lost} lost",
        DiffChangedHeading => "changed rulings",
        DiffRequirementsOnlyHeading => {
            "requirements only (the same status, figures and credits; other requirements met)"
        }
        DiffPerson => "{person} (record {record} of {file})",
        DiffStatus => "status {old} → {new}",
        DiffYearStatus => "{year} status of the year {old} → {new}",
        DiffPasses => "{year} test of the year: {old} → {new}",
        DiffWordPasses => "passes",
        DiffWordFails => "does not pass",
        DiffCredit => "{year} [{index}] {kind}: {old} → {new} {unit}",
        DiffCreditRejected => "{year} [{index}] {kind}: {old} → {new}",
        DiffHoursOf => "{hours} {unit}",
        DiffWordRejected => "rejected",
        DiffOldRule => "old: {place}",
        DiffNewRule => "new: {place}",
        DiffRuleChanged => "rule changed: {rule}{lines}",
        DiffRequirement => "{year} {rule}: {old} → {new}",
        DiffWordMet => "met",
        DiffWordNotMet => "not met",
        ErrorUnknownPurpose => "the policy has no purpose `{name}`; it declares {purposes}",
        ExplainPerson => "{name} ({id})",
        ExplainRuling => "{purpose} {year}: {status}",
        ExplainMakeUp => "{hours} to make up",
        ExplainShortIn => "{figure} {hours} short",
        ExplainPolicy => "policy {name} {version} (sha256 {sha})",
        ExplainYear => "{year}: {status}",
        ExplainYearPasses => "passes the purpose's test",
        ExplainYearFails => "fails the purpose's test",
        ExplainYearLacking => ", {amount} short",
        YearExempt => "exempt",
        YearCompliant => "compliant",
        YearShortfall => "shortfall",
        ExplainCredited => "credited",
        ExplainRejected => "rejected (credit nothing)",
        ExplainOutside => "not in the years examined",
        ExplainExemptions => "exemptions",
        ExplainRequirements => "requirements",
        ExplainFigures => "figures",
        ExplainCreditOf => "{hours} of {category}",
        ExplainCapped => "{before} capped at {cap}",
        ExplainCategoryCut => {
            "{before} this year, {cut} cut: {category} counts at most {limit} each year"
        }
        ExplainSpread => "{total} spread: {parts}",
        ExplainSpreadPart => "{hours} in {year}",
        ExplainSpreadRule => "spread over {years} years, at most {limit} each year",
        ExplainUnplaced => "{hours} could not be placed",
        ExplainWouldHave => "would have credited {hours}",
        ExplainCountsIn => "counts in {year}",
        ExplainReading => "reading: {text}",
        ExplainMet => "met",
        ExplainNotMet => "not met, {gap} short",
        ExplainExemptionApplies => "applies to {years}",
        ExplainExemptionRejected => "does not apply: {reason}",
        ExplainDecidedBy => "decided by `{rule}`",
        ExplainEvidenceGiven => "the record gives {names}",
        ExplainNoEvidence => "the record gives no evidence",
        ExplainInvalid => "invalid record: {errors}",
        ExplainNoYears => "no year to examine: the window from {from} to {to} is empty",
        ExplainWindow => "years examined: {years}",
        ExplainShortfall => "to make up",
        ExplainLeastMakeUp => {
            "{amount}, the least added in {category} that makes the year compliant"
        }
        ExplainMakeUpWith => "with {amount} more in {category}:",
        ExplainNothing => "nothing",
        ExplainRuleAt => "the rule",
        ExplainActivityAt => "activities[{index}] in the record",
        ExplainErrorAt => "{path}: {message}",
        ExplainNoRecordFound => "no record has the id `{id}`",
        TraceGiven => "given: {value}",
        TraceNotGiven => "not given",
        TraceNotEvaluated => "not evaluated",
        TraceDecidedBy => "decided by operand {n}",
        ExplainNoForm => "the policy declares no form",
        ExplainUnknownForm => "the policy has no form `{name}`; it declares {forms}",
        DiagnosticsNotDrawn => "… and {n} more, not shown (the count below includes them)",
        ToolsDocNoNotice => {
            "no notice text for `{policy}`: put it in `{expected}` or pass --notice FILE"
        }
        ToolsDocCounts => "{rules} rules cite the notice; {paragraphs} paragraphs are not encoded.",
        ToolsDocUnplaced => "Citations whose quotation is not found in the text",
        ToolsDocNotEncoded => "not encoded",
        ToolsDocIntro => {
            "The notice paragraph by paragraph, each followed by the rules of `{file}` that quote it; paragraphs no rule quotes are marked."
        }
        ToolsCoverageColumns => "line|rule|records",
        ToolsCoverageExemptionApplies => "exemption applies",
        ToolsCoverageBelow => "coverage {percent}% is below --min-coverage {min}%",
        ToolsCoverageNever => "never reached",
        ToolsCoverageHeader => {
            "coverage of `{file}`: {reached} of {total} rules reached by {records} records ({percent}%)"
        }
        ToolsUpdateLeft => {
            "cannot update `{what}` of case `{case}` (expected {expected}, got {got}): edit it by hand"
        }
        ToolsUpdateWritten => "updated {n} case(s) in `{file}`",
        ToolsReviewPrompt => "update this case? [y]es, [n]o, [q]uit: ",
        ToolsReviewNeedsTerminal => {
            "--review asks on a terminal, and stdin is not one; use --update to accept every change"
        }
        ToolsUpdateNoCaseTables => {
            "the cases are not written as `[[case]]` tables, so they cannot be rewritten"
        }
        ToolsUpdateNotToml => "the test file cannot be edited as TOML: {reason}",
        ToolsFmtWouldChange => {
            "`{file}` is not in the canonical layout; `xueshi fmt {file}` rewrites it"
        }
        ToolsTestNothingToMakeUp => {
            "case `{case}`: {year} is in shortfall (a requirement is not met), but the policy's shortfall gives nothing to make up: the `shortfall` rule and the requirements disagree"
        }
        ToolsTestMismatch => "case `{case}`: {what}: expected {expected}, got {got}",
        ToolsTestCaseError => "case `{case}`: {message}",
        ToolsTestNoPolicy => {
            "no policy to test: write `policy = \"…\"` in the file or pass --policy"
        }
        ToolsUnknownErrorCode => "no error code `{code}`; `xueshi explain-error --list` lists them",
        PolicyNotInForce => {
            "`{file}` takes effect on {effective}, after the date asked for (--as-of {date})"
        }
        RevisionUsed => {
            "using {name} {version} ({file}, effective {effective}, sha256 {sha}), in force on {date}"
        }
        EvalSummary => "{records} records in {seconds} s ({rate}/s): {counts}",
        WordError => "error",
        SummaryCheckFailed => "`{file}` has {errors} and {warnings}",
        SummaryCheckErrors => "`{file}` has {errors}",
        SummaryCheckWarnings => "`{file}` is valid, with {warnings}",
        SummaryCheckClean => "`{file}` is valid",
        ErrorReadFile => "cannot read `{file}`: {reason}",
        CountErrorOne => "{n} error",
        CountErrorMany => "{n} errors",
        CountWarningOne => "{n} warning",
        CountWarningMany => "{n} warnings",
        ServeBodyTooLarge => {
            "the request body is larger than the limit of {limit} bytes (--max-body-bytes)"
        }
        ServeTooManyRecords => {
            "the request holds more than {limit} records (--max-records); send them in smaller batches"
        }
        ServeTimeout => {
            "the request took longer than {seconds} s (--request-timeout) and was stopped"
        }
        ServeBusy => {
            "the server is already running {limit} evaluations (--max-concurrent); try again shortly"
        }
        ServeUnsupportedType => "cannot read a body of type `{type}`: send {types}",
        ServeNotAcceptable => "cannot answer in `{type}`: ask for {types}",
        ServeMissingParam => "the parameter `{name}` is required (in the query or the JSON body)",
        ServeBadParam => "the parameter `{name}` cannot be `{value}`: {reason}",
        ServeUnknownPolicy => "no policy `{id}` is served; the server serves {policies}",
        ServeChoosePolicy => {
            "the server serves several policies: choose one with `policy` ({policies})"
        }
        ServeNotUtf8 => "the body is not UTF-8 text (byte {byte})",
        ServeUnreadable => "cannot read the records: {reason}",
        ServeInternal => "internal error: the request could not be completed ({reason})",
        ServeNotFound => "no such endpoint `{path}`; see /v1/openapi.json",
        ServeNoRecordWithId => "no record has the id `{id}`",
        ServeListening => "serving {policies} on http://{addr} (the page at http://{addr}/)",
        ServeReloaded => "reloaded `{file}` ({name} {version}, sha256 {sha})",
        ServeReloadFailed => {
            "`{file}` changed but cannot be used; still serving the previous version: {reason}"
        }
        ServeBindFailed => "cannot listen on `{addr}`: {reason}",
        ServeShuttingDown => "shutting down: finishing the requests in flight",
    }
}
