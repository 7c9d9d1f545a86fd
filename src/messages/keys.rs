//! The message keys: one `Msg` variant per sentence xueshi shows a person, grouped by the
//! stage that says it. Each catalogue (`en.rs`, `zh.rs`) matches on every key.

macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident),* $(,)?) => {
        /// A message key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Msg {
            $($(#[$doc])* $key),*
        }

        impl Msg {
            /// Every key.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Msg] = &[$(Msg::$key),*];
        }
    };
}

keys! {
    // ---------------------------------------------------------------- words
    /// "or" joining the last two items of a list.
    Or,
    /// "and" joining the last two items of a list.
    And,
    /// A remark in parentheses after a sentence: " ({text})".
    Aside,
    /// A field of a form and its value: "{label}: {value}".
    FormField,
    /// Label of a span without more to say.
    Here,
    // ---------------------------------------------------------------- parse errors
    /// Syntax error.
    ParseExpected,
    /// Syntax error at the end of the file.
    ParseExpectedAtEnd,
    /// Impossible date.
    ParseInvalidDate,
    /// Help for dates.
    ParseInvalidDateHelp,
    /// A number too large.
    ParseNumberTooLarge,
    /// A number whose exponent is out of range.
    ParseNumberOutOfRange,
    /// Help: the range of numbers.
    ParseNumberOutOfRangeHelp,
    /// Help for large numbers.
    ParseNumberTooLargeHelp,
    /// A rate in words counted per zero units.
    ParseZeroRateCount,
    /// Help for a rate counted per zero units.
    ParseZeroRateCountHelp,
    /// A bad `\u{…}` escape.
    ParseInvalidEscape,
    /// Nesting too deep.
    ParseTooDeep,
    /// Too many operators.
    ParseTooManyOperators,
    /// Help for long expressions.
    HelpTooManyOperators,
    /// Policy too large.
    ParseTooLarge,
    // ---------------------------------------------------------------- parse errors: expected
    /// Expected: the end of the file.
    ExpectEndOfFile,
    /// Expected: a top-level item, its keywords listed.
    ExpectItem,
    /// Expected: a statement of a block.
    ExpectStatement,
    /// Expected: a field attribute, the attributes listed.
    ExpectFieldAttribute,
    /// Expected: a type.
    ExpectType,
    /// Expected: a value (an operand of an expression).
    ExpectValue,
    /// Expected: the policy header.
    ExpectHeader,
    /// Expected: an entry of the policy header.
    ExpectHeaderEntry,
    /// Expected: a unit declaration.
    ExpectUnitDecl,
    /// Expected: a constant.
    ExpectConstant,
    /// Expected: a category.
    ExpectCategory,
    /// Expected: an evidence declaration.
    ExpectEvidenceDecl,
    /// Expected: the fields of a person.
    ExpectPersonSchema,
    /// Expected: an activity kind.
    ExpectKind,
    /// Expected: an `exemption` block.
    ExpectExemptionBlock,
    /// Expected: a `year` block.
    ExpectYearBlock,
    /// Expected: a purpose.
    ExpectPurpose,
    /// Expected: a form.
    ExpectForm,
    /// Expected: a label in quotes.
    ExpectLabel,
    /// Expected: a field declaration.
    ExpectField,
    /// Expected: how evidence is required, `one of` or `all of`.
    ExpectEvidenceMode,
    /// Expected: a figure of a `year` block.
    ExpectFigure,
    /// Expected: an expression.
    ExpectExpression,
    /// Expected: an arm of a `match`.
    ExpectMatchArm,
    /// Expected: a figure over several years.
    ExpectFigureOverYears,
    /// Expected: a function call.
    ExpectCall,
    /// Expected: a number.
    ExpectNumber,
    /// Expected: a unit.
    ExpectUnit,
    /// Expected: a rate in words.
    ExpectRate,
    /// Expected: a list.
    ExpectList,
    /// Expected: `true` or `false`.
    ExpectBoolean,
    /// Expected: a name.
    ExpectName,
    /// Expected: a date.
    ExpectDate,
    /// Expected: a quoted string.
    ExpectString,
    /// Expected: any operator, all of them named as one.
    ExpectOperator,

    /// Unexpected token.
    ParseUnexpected,
    /// The file ends where nothing said what was expected.
    ParseUnexpectedEnd,
    /// A constant.
    NameConstant,
    /// A let.
    NameLocal,
    /// A number of any unit.
    TypeAnyNumber,
    /// One value not a category.
    CheckNotACategoryOne,
    /// Repeated value.
    CheckRepeatedValue,
    /// First listed.
    LabelFirstListed,
    /// Else never taken.
    CheckUselessElse,
    /// A constant cites nothing.
    CitedConstant,
    /// A purpose cites nothing.
    CitedPurpose,
    /// A rule cites nothing.
    CitedRule,
    /// Bounds contradict.
    CheckContradictoryBounds,
    /// Any enumeration.
    TypeAnyOneOf,
    /// A list.
    TypeAnyList,
    /// Year moved by a fraction.
    ReasonYearFraction,
    // ---------------------------------------------------------------- name kinds
    /// "name" (a value).
    NameValue,
    /// "unit"
    NameUnit,
    /// "type"
    NameType,
    /// "category"
    NameCategory,
    /// "kind"
    NameKind,
    /// "purpose"
    NamePurpose,
    /// "field"
    NameField,
    /// "function"
    NameFunction,
    /// "header entry"
    NameHeaderEntry,
    /// "evidence"
    NameEvidence,
    /// "status"
    NameStatus,
    /// A form.
    NameForm,

    // ---------------------------------------------------------------- type names
    /// A number in a unit.
    TypeNumberIn,
    /// A plain number.
    TypeNumber,
    /// A boolean.
    TypeBool,
    /// A date.
    TypeDate,
    /// A year.
    TypeYear,
    /// Text.
    TypeText,
    /// One of some values.
    TypeOneOf,
    /// A list.
    TypeList,
    /// An optional value.
    TypeMaybe,
    /// A category.
    TypeCategory,
    // ---------------------------------------------------------------- check findings
    /// Unknown name.
    CheckUnknownName,
    /// "did you mean"
    HelpDidYouMean,
    /// Name out of scope.
    CheckNotInScope,
    /// Help: a year figure in a range purpose.
    ScopeYearFigureInRange,
    /// Help: a year figure outside the year block.
    ScopeYearFigureOutsideYear,
    /// Help: `compliant` in the year block.
    ScopeCompliantInYearBlock,
    /// Help: `Y` outside purposes.
    ScopeJudgedYear,
    /// Help: a field in a constant.
    ScopeFieldInConstant,
    /// Help: a sum outside the year block.
    ScopeSumOutsideYear,
    /// Help: a quantifier outside statuses.
    ScopeQuantifier,
    /// Help: a figure before its definition.
    ScopeFigureBeforeDefinition,
    /// A figure over the purpose's years outside its statuses.
    ScopeWindow,
    /// Help: a local in a constraint.
    ScopeLocalInConstraint,
    /// Help: `… in previous year` where no year is judged.
    ScopePreviousOutsideYear,
    /// Help: `previous year` on its own.
    ScopePreviousAlone,
    /// Duplicate name.
    CheckDuplicateName,
    /// Label at the first declaration.
    LabelFirstDeclared,
    /// Label at the second declaration.
    LabelDeclaredAgain,
    /// Unknown type.
    CheckUnknownType,
    /// Help: the types.
    HelpTypes,
    /// Unknown evidence.
    CheckUnknownEvidence,
    /// Help: declare evidence.
    HelpDeclareEvidence,
    /// Unknown enum value.
    CheckUnknownValue,
    /// Unit mismatch.
    CheckUnitMismatch,
    /// Help for unit mismatches.
    HelpUnitMismatch,
    /// Type mismatch.
    CheckTypeMismatch,
    /// Optional value used.
    CheckOptionalValue,
    /// `total in previous year` used without `otherwise`.
    CheckOptionalPrevious,
    /// Help for optional values.
    HelpOptionalValue,
    /// Needless `otherwise`.
    CheckNeedlessOtherwise,
    /// `x is given` where `x` is always present.
    CheckAlwaysGiven,
    /// Help for a presence test that never fails.
    HelpAlwaysGiven,
    /// Missing rule.
    CheckMissingRule,
    /// Help: add a credit.
    HelpMissingCredit,
    /// Help: add counts in.
    HelpMissingCountsIn,
    /// Help: add counts as.
    HelpMissingCountsAs,
    /// Help: add a window.
    HelpMissingWindow,
    /// Help: add covers.
    HelpMissingCovers,
    /// Duplicate rule.
    CheckDuplicateRule,
    /// Label at the first rule.
    LabelFirstGiven,
    /// Non-exhaustive match.
    CheckNonExhaustive,
    /// Help for non-exhaustive matches.
    HelpNonExhaustive,
    /// Unreachable arm.
    CheckUnreachableArm,
    /// Label at the first arm.
    LabelFirstMatched,
    /// Contradictory cap.
    CheckContradictoryCap,
    /// A category's yearly cap of zero.
    CheckContradictoryCategoryCap,
    /// Unreachable cap.
    CheckUnreachableCap,
    /// Label at the bound.
    LabelBoundFirst,
    /// Spread loses hours, with a cap.
    CheckSpreadLoses,
    /// Spread loses hours, without a cap.
    CheckSpreadLosesNoCap,
    /// Help for spreads.
    HelpSpreadLoses,
    /// Spread never splits.
    CheckSpreadNeverSplits,
    /// Not constant.
    CheckNotConstant,
    /// Constant fails.
    CheckConstantFails,
    /// Reason: overflow.
    ReasonOverflow,
    /// Reason: division by zero.
    ReasonDivisionByZero,
    /// Reason: bad year.
    ReasonBadYear,
    /// A year's figure asked for a year the purpose does not examine.
    ReasonYearOutsideWindow,
    /// Reason: spread years.
    ReasonSpreadYears,
    /// Constant cycle.
    CheckConstantCycle,
    /// A bidirectional control character in the policy's text.
    CheckBidiControl,
    /// Help: a bidirectional control character.
    HelpBidiControl,
    /// A name read as a unit names something else.
    CheckNotAUnit,
    /// Help: a name after a number is read as its unit.
    HelpNotAUnit,
    /// A division by a divisor that is always zero.
    CheckDivisionByZero,
    /// Help: a divisor that is always zero.
    HelpDivisionByZero,
    /// Label: the divisor that is always zero.
    LabelAlwaysZero,
    /// Requirement not a comparison.
    CheckRequirementNotComparison,
    /// Help for requirements.
    HelpRequirement,
    /// A strict requirement the hours to make up are solved from.
    CheckStrictMakeUp,
    /// Help: a strict requirement has no least amount.
    HelpStrictMakeUp,
    /// Label: the rule that solves the hours to make up.
    LabelMakeUpRule,
    /// A requirement the added hours never change.
    CheckMakeUpUnreachable,
    /// Help: a year that fails such a requirement has no hours to make up.
    HelpMakeUpUnreachable,
    /// Purpose without statuses.
    CheckStatusNone,
    /// Purpose without otherwise.
    CheckStatusNoOtherwise,
    /// Help: add otherwise.
    HelpStatusOtherwise,
    /// Status after otherwise.
    CheckStatusAfterOtherwise,
    /// Quantifier without test.
    CheckQuantifierWithoutTest,
    /// Help: add a test.
    HelpQuantifierWithoutTest,
    /// `periods of … years` in a purpose of one year.
    CheckPeriodsOneYear,
    /// Help: write a range.
    HelpPeriodsOneYear,
    /// A period's length that is not a whole number of years in range.
    CheckPeriodsLength,
    /// Help: the lengths a period may have.
    HelpPeriodsLength,
    /// A purpose of one year in a policy that carries figures over.
    CheckNothingCarried,
    /// Help: examine the years the carry runs through.
    HelpNothingCarried,
    /// Field attribute misapplied.
    CheckFieldAttribute,
    /// Field values not categories.
    CheckNotACategory,
    /// Credit unit mismatch.
    CheckCreditUnit,
    /// Label: credit unit set here.
    LabelCreditUnit,
    /// Reserved name.
    CheckReservedName,
    /// Help: choose another name.
    HelpReservedName,
    /// No header.
    CheckHeaderMissing,
    /// Help: write a header.
    HelpHeaderMissing,
    /// Header entry missing.
    CheckHeaderMissingEntry,
    /// Unknown header entry.
    CheckHeaderUnknownEntry,
    /// Help: header entries.
    HelpHeaderEntries,
    /// Header value of the wrong form.
    CheckHeaderWrongValue,
    /// Missing item.
    CheckMissingItem,
    /// Help: add a year block.
    HelpMissingYear,
    /// Help: add a purpose.
    HelpMissingPurpose,
    /// Wrong number of arguments.
    CheckArity,
    /// Misplaced statement.
    CheckMisplaced,
    /// Missing citation.
    CheckMissingCitation,
    /// Help: add a citation.
    HelpMissingCitation,
    /// Unused declaration.
    CheckUnused,
    // ---------------------------------------------------------------- records
    // ---------------------------------------------------------------- reading records
    /// JSON: the text ends in a list.
    JsonEofList,
    /// JSON: the text ends in an object.
    JsonEofObject,
    /// JSON: the text ends in a string.
    JsonEofString,
    /// JSON: the text ends where a value is due.
    JsonEofValue,
    /// JSON: `:` expected.
    JsonExpectedColon,
    /// JSON: `,` or `]` expected.
    JsonExpectedListEnd,
    /// JSON: `,` or `}` expected.
    JsonExpectedObjectEnd,
    /// JSON: `true`, `false` or `null` expected.
    JsonExpectedIdent,
    /// JSON: a value expected.
    JsonExpectedValue,
    /// JSON: a bad escape.
    JsonInvalidEscape,
    /// JSON: a bad number.
    JsonInvalidNumber,
    /// JSON: a number out of range.
    JsonNumberOutOfRange,
    /// JSON: a bad code point.
    JsonInvalidUnicode,
    /// JSON: a control character in a string.
    JsonControlCharacter,
    /// JSON: a key that is not a string.
    JsonKeyNotString,
    /// JSON: a lone surrogate.
    JsonLoneSurrogate,
    /// JSON: a comma after the last value.
    JsonTrailingComma,
    /// JSON: text after the value.
    JsonTrailingCharacters,
    /// JSON: a cut hex escape.
    JsonEndOfHexEscape,
    /// JSON: nested too deeply.
    JsonRecursionLimit,
    /// JSON: another error.
    JsonOther,
    /// TOML: a key given twice.
    TomlDuplicateKey,
    /// TOML: nested too deeply.
    TomlTooDeep,
    /// TOML: a bad or unclosed string.
    TomlBadString,
    /// TOML: a bad number, date or boolean.
    TomlBadValue,
    /// TOML: a value or `=` missing.
    TomlMissingValue,
    /// TOML: a table header or an array not closed.
    TomlUnclosed,
    /// TOML: another error.
    TomlOther,
    /// Nested too deeply.
    ReadTooDeep,
    /// A key not UTF-8.
    ReadKeyNotUtf8,
    /// The file not UTF-8.
    ReadFileNotUtf8,
    /// A line not UTF-8.
    ReadLineNotUtf8,
    /// A line too long.
    ReadLineTooLong,
    /// An element of a JSON array too long.
    ReadElementTooLong,
    /// The input cannot be read.
    ReadUnreadable,
    /// A system error number, after a sentence.
    ReadOsError,
    /// A line of a file.
    PlaceLine,
    /// A row of a sheet.
    PlaceSheetRow,
    /// A column of a table.
    PlaceColumn,
    /// A row and a column.
    PlaceRowColumn,
    /// A place and what is wrong there.
    PlaceThen,
    /// A cell not UTF-8.
    RowCellNotUtf8,
    /// A cell too long.
    RowCellTooLong,
    /// A CSV row too long.
    RowTooLong,
    /// One person's rows of a table are too large: `{rows}` rows, more than `{max}` bytes.
    RowPersonTooLarge,
    /// A sheet gives a cell twice.
    RowCellTwice,
    /// A quote not closed.
    RowUnclosed,
    /// Not closed before the end.
    RowUnclosedAtEnd,
    /// Not closed within lines.
    RowUnclosedLines,
    /// Not closed within bytes.
    RowUnclosedBytes,
    /// A later quote followed by text.
    RowUnclosedTextAfter,
    /// A cell holding an error.
    RowCellError,
    /// A number not finite.
    RowNotFinite,
    /// A number too large for a spreadsheet.
    RowInexactNumber,
    /// Cells unlike the header.
    RowCellCount,
    /// A value in an unnamed column.
    RowUnnamedColumn,
    /// A bad `entry` word.
    RowBadEntry,
    /// The rest of a table cannot be read.
    RowRestUnreadable,
    /// A file not found.
    InputNotFound,
    /// A file that may not be read.
    InputPermissionDenied,
    /// A file the system cannot read.
    InputIoError,
    /// A folder given as records.
    InputFolder,
    /// An extension of no record format.
    InputUnknownFormat,
    /// A table read without columns.
    InputNeedsColumns,
    /// A document over the limit.
    InputDocumentTooLarge,
    /// A workbook over the limit.
    InputWorkbookTooLarge,
    /// Not a workbook.
    InputNotXlsx,
    /// A workbook without sheets.
    InputNoSheet,
    /// A sheet that cannot be read.
    InputSheetUnreadable,
    /// A sheet with too many cells.
    InputTooManyCells,
    /// A sheet spanning too many columns.
    InputTooManyColumns,
    /// Too many shared strings.
    InputTooManyStrings,
    /// A table without a header.
    InputNoHeader,
    /// A header naming nothing.
    InputHeaderEmpty,
    /// A header that cannot be read.
    InputHeaderUnreadable,
    /// A column the policy lacks.
    InputUnknownColumn,
    /// A suggested column, after InputUnknownColumn.
    InputColumnDidYouMean,
    /// The policy's columns, after InputUnknownColumn.
    InputColumnsAre,
    /// A column named twice.
    InputColumnTwice,
    /// A column of two roles.
    InputColumnClash,
    /// The `entry` column, in InputColumnClash.
    InputClashEntry,
    /// An activity field, in InputColumnClash.
    InputClashActivity,
    /// An exemption field, in InputColumnClash.
    InputClashExemption,
    /// An activity or exemption field, in InputColumnClash.
    InputClashItem,
    /// The record's text is malformed.
    RecordMalformed,
    /// Unknown field.
    RecordUnknownField,
    /// Missing field.
    RecordMissingField,
    /// Duplicate key.
    RecordDuplicateKey,
    /// Wrong type.
    RecordWrongType,
    /// Unknown kind.
    RecordUnknownKind,
    /// Help: the kinds.
    RecordKnownKinds,
    /// Value not allowed.
    RecordUnknownValue,
    /// Not a whole number.
    RecordNotWhole,
    /// Number too large.
    RecordNumberTooLarge,
    /// Not a number.
    RecordNotANumber,
    /// Not a bool.
    RecordNotABool,
    /// Bad date.
    RecordBadDate,
    /// Bad year.
    RecordBadYear,
    /// ID length.
    RecordIdLength,
    /// ID character.
    RecordIdCharacter,
    /// ID checksum.
    RecordIdChecksum,
    /// Empty.
    RecordEmpty,
    /// Below minimum.
    RecordBelowMinimum,
    /// Above maximum.
    RecordAboveMaximum,
    /// Constraint.
    RecordConstraint,
    /// Evaluation failure.
    RecordEvaluation,
    /// End before start.
    ReasonEndBeforeStart,
    /// Negative amount.
    ReasonNegative,
    /// Internal.
    ReasonInternal,
    /// Hours added in a category never meet a requirement.
    ReasonNoMakeUp,
    /// The least hours to make up were not found.
    ReasonMakeUpNotFound,
    /// No exemptions.
    RecordNoExemptions,
    /// Window too large.
    RecordWindowTooLarge,
    /// a string
    WordString,
    /// a number
    WordNumber,
    /// a whole number
    WordInteger,
    /// true or false
    WordBool,
    /// a date
    WordDateText,
    /// a year
    WordYearNumber,
    /// a list
    WordArray,
    /// an object
    WordObject,
    /// null
    WordNull,
    /// a date
    WordDate,
    /// Missing one-of evidence.
    ReasonMissingOneOf,
    /// Missing all-of evidence.
    ReasonMissingAllOf,
    // ---------------------------------------------------------------- explanations
    /// Person heading.
    ExplainPerson,
    /// The ruling.
    ExplainRuling,
    /// Hours to make up.
    ExplainMakeUp,
    /// A figure short.
    ExplainShortIn,
    /// Policy identity.
    ExplainPolicy,
    /// Year heading.
    ExplainYear,
    /// Year passes.
    ExplainYearPasses,
    /// Year fails.
    ExplainYearFails,
    /// What a year lacks to pass the purpose's test, after [`Msg::ExplainYearFails`].
    ExplainYearLacking,
    /// Year exempt.
    YearExempt,
    /// Year compliant.
    YearCompliant,
    /// Year short.
    YearShortfall,
    /// Credited heading.
    ExplainCredited,
    /// Rejected heading.
    ExplainRejected,
    /// Outside heading.
    ExplainOutside,
    /// Exemptions heading.
    ExplainExemptions,
    /// Requirements heading.
    ExplainRequirements,
    /// Heading: the year block's figures, with their workings.
    ExplainFigures,
    /// Hours of a category.
    ExplainCreditOf,
    /// Capped.
    ExplainCapped,
    /// Cut by the category's yearly cap.
    ExplainCategoryCut,
    /// Spread.
    ExplainSpread,
    /// Spread part.
    ExplainSpreadPart,
    /// Spread rule.
    ExplainSpreadRule,
    /// Unplaced.
    ExplainUnplaced,
    /// Would have credited.
    ExplainWouldHave,
    /// Counts in.
    ExplainCountsIn,
    /// A reading.
    ExplainReading,
    /// Requirement met.
    ExplainMet,
    /// Requirement not met.
    ExplainNotMet,
    /// Exemption applies.
    ExplainExemptionApplies,
    /// Exemption rejected.
    ExplainExemptionRejected,
    /// Status rule.
    ExplainDecidedBy,
    /// Evidence given.
    ExplainEvidenceGiven,
    /// No evidence.
    ExplainNoEvidence,
    /// Invalid record.
    ExplainInvalid,
    /// Empty window.
    ExplainNoYears,
    /// Window.
    ExplainWindow,
    /// Shortfall line.
    ExplainShortfall,
    /// The shortfall solved from the requirements: what it is.
    ExplainLeastMakeUp,
    /// The requirements checked with the hours made up.
    ExplainMakeUpWith,
    /// Nothing credited.
    ExplainNothing,
    /// Snippet label for a rule.
    ExplainRuleAt,
    /// Snippet label for an activity.
    ExplainActivityAt,
    /// Snippet label for an error.
    ExplainErrorAt,
    /// No record with the id.
    ExplainNoRecordFound,
    /// No form.
    ExplainNoForm,
    /// Unknown form.
    ExplainUnknownForm,
    // ---------------------------------------------------------------- traces of booleans
    /// The value of an optional name the record gives, beside the name: "given: {value}".
    TraceGiven,
    /// An optional name the record does not give: "not given".
    TraceNotGiven,
    /// An operand of `and`/`or` the evaluator did not reach: "not evaluated".
    TraceNotEvaluated,
    /// Which operand of `and`/`or` decided, counting from 1: "decided by operand {n}".
    TraceDecidedBy,
    // ---------------------------------------------------------------- tables
    /// Column id.
    ColumnId,
    /// Column name.
    ColumnName,
    /// Column status.
    ColumnStatus,
    /// Column shortfall: in English the figure's key, `shortfall`.
    ColumnShortfall,
    /// Column shortfall in Chinese, named by the credited amount's word (`{unit}`: `需补学分`).
    ColumnMakeUp,
    /// The word for a credited amount when the policy's credit is not one declared unit.
    AmountWord,
    /// Column years.
    ColumnYears,
    /// Column failing years.
    ColumnFailing,
    /// Column errors.
    ColumnErrors,
    /// Status invalid.
    StatusInvalid,
    /// Short by.
    TableShort,
    /// No years.
    TableNoYears,
    /// People count.
    TablePeople,
    /// Invalid heading.
    TableInvalidHeading,
    /// Record at.
    TableRecordAt,
    /// The line of a record, appended to its place.
    TableLine,
    // ---------------------------------------------------------------- workbooks
    /// Sheet of rulings.
    SheetRulings,
    /// Sheet of credits and rejections.
    SheetActivities,
    /// The activities sheet in Chinese, named by the credited amount's word (`学分认定`).
    SheetCredits,
    /// Sheet of invalid records.
    SheetErrors,
    /// Column year.
    ColumnYear,
    /// Column activity index.
    ColumnIndex,
    /// Column kind.
    ColumnKind,
    /// Column category.
    ColumnCategory,
    /// Column rule.
    ColumnRule,
    /// Column clause.
    ColumnClause,
    /// Column hours before caps.
    ColumnComputed,
    /// Column credited hours.
    ColumnCredited,
    /// Column credited or rejected.
    ColumnResult,
    /// Column reason.
    ColumnReason,
    /// An activity credited.
    ResultCredited,
    /// An activity rejected.
    ResultRejected,
    /// Column file.
    ColumnFile,
    /// Column record number.
    ColumnRecord,
    /// Column line (or sheet row).
    ColumnLine,
    /// Column column.
    ColumnColumn,
    /// Column field path.
    ColumnPath,
    /// Column error code.
    ColumnCode,
    /// Column message.
    ColumnMessage,
    /// XLSX without --output.
    ErrorXlsxNeedsOutput,
    /// XLSX output to something else than a file.
    ErrorXlsxNotAFile,
    /// `--output` names one of the command's inputs.
    ErrorOutputIsInput,
    // ---------------------------------------------------------------- summaries
    /// "error"
    WordError,
    /// Summary of a failed check.
    SummaryCheckFailed,
    /// Summary of a failed check without warnings.
    SummaryCheckErrors,
    /// Summary of a clean check with warnings.
    SummaryCheckWarnings,
    /// Summary of a clean check.
    SummaryCheckClean,
    /// Could not read a file.
    ErrorReadFile,
    /// Summary of a run.
    EvalSummary,

    /// The revision used.
    RevisionUsed,
    /// A single policy file asked for on a date before it takes effect.
    PolicyNotInForce,
    /// Diagnostics counted but not drawn.
    DiagnosticsNotDrawn,
    /// doc without a notice text.
    ToolsDocNoNotice,
    /// The doc page's closing count.
    ToolsDocCounts,
    /// Citations whose sentence the notice text lacks.
    ToolsDocUnplaced,
    /// A paragraph no rule cites.
    ToolsDocNotEncoded,
    /// The doc page's introduction.
    ToolsDocIntro,
    /// The coverage table's column heads, split at |.
    ToolsCoverageColumns,
    /// The exemption applied, as a covered rule.
    ToolsCoverageExemptionApplies,
    /// Coverage under --min-coverage.
    ToolsCoverageBelow,
    /// A rule no record reached.
    ToolsCoverageNever,
    /// The first line of a coverage report.
    ToolsCoverageHeader,
    /// An expectation --update cannot rewrite.
    ToolsUpdateLeft,
    /// Test file rewritten.
    ToolsUpdateWritten,
    /// The question of --review.
    ToolsReviewPrompt,
    /// --review without a terminal.
    ToolsReviewNeedsTerminal,
    /// A test file whose cases are not [[case]] tables.
    ToolsUpdateNoCaseTables,
    /// A test file toml_edit cannot read.
    ToolsUpdateNotToml,
    /// fmt --check found a file to reformat.
    ToolsFmtWouldChange,
    /// A test case whose ruling differs.
    ToolsTestMismatch,
    /// A test case's year in shortfall whose shortfall rule gives nothing to make up.
    ToolsTestNothingToMakeUp,
    /// A test case that cannot run.
    ToolsTestCaseError,
    /// A test file names no policy.
    ToolsTestNoPolicy,
    /// An unknown code given to explain-error.
    ToolsUnknownErrorCode,

    /// diff: the two policies compared.
    DiffPolicies,
    /// diff: the two policies have the same rules.
    DiffNoRuleChanged,
    /// diff: the lines of a part in the old and the new policy.
    DiffLines,
    /// diff: the line of a rule only the new policy has.
    DiffLineNew,
    /// diff: the line of a rule only the old policy had.
    DiffLineRemoved,
    /// diff: how many rulings changed.
    DiffSummary,
    /// diff: how many rulings changed in their requirements only.
    DiffRequirementsOnlyCount,
    /// diff: hours gained and lost over the corpus.
    DiffHours,
    /// diff: the heading of the changed rulings.
    DiffChangedHeading,
    /// diff: the heading of the rulings that changed in their requirements only.
    DiffRequirementsOnlyHeading,
    /// diff: a person and where the record is.
    DiffPerson,
    /// diff: a status that changed.
    DiffStatus,
    /// diff: the status of one year that changed.
    DiffYearStatus,
    /// diff: whether a year passes the purpose's test changed.
    DiffPasses,
    /// diff: "passes" (a year, the purpose's test).
    DiffWordPasses,
    /// diff: "does not pass".
    DiffWordFails,
    /// diff: what an activity credits changed.
    DiffCredit,
    /// diff: an activity credited and then rejected, or the reverse.
    DiffCreditRejected,
    /// diff: hours credited, one side of DiffCreditRejected.
    DiffHoursOf,
    /// diff: "rejected" (an activity).
    DiffWordRejected,
    /// diff: the old policy's rule.
    DiffOldRule,
    /// diff: the new policy's rule.
    DiffNewRule,
    /// diff: a rule of the kind that changed.
    DiffRuleChanged,
    /// diff: a requirement met in one policy and not the other.
    DiffRequirement,
    /// diff: "met" (a requirement).
    DiffWordMet,
    /// diff: "not met".
    DiffWordNotMet,

    /// Unknown purpose.
    ErrorUnknownPurpose,
    /// A policy test case that expects nothing.
    TestNoExpectations,
    /// An expectation key that is neither a fixed key nor a figure of the policy.
    TestUnknownExpectation,
    /// Where an unknown expectation key stands: in `expect`.
    TestWithinExpect,
    /// Where an unknown expectation key stands: in a year of `expect.years`.
    TestWithinYear,
    /// Where an unknown key is: an activity of `expect`.
    TestWithinActivity,
    /// An expected figure that is not a number.
    TestFigureNotANumber,
    /// `--year` for which a purpose's window cannot be ruled.
    ErrorYearOutOfReach,
    /// `--year` for which a purpose's window spans too many years.
    ErrorYearWindowTooWide,
    /// The judged years a purpose's window can be ruled for.
    ErrorYearAllowed,
    /// No judged year lets a purpose's window be ruled.
    ErrorYearNoneAllowed,

    /// "1 error"
    CountErrorOne,
    /// "N errors"
    CountErrorMany,
    /// "1 warning"
    CountWarningOne,
    /// "N warnings"
    CountWarningMany,

    // ---------------------------------------------------------------- xueshi serve
    /// A request body over the size limit.
    ServeBodyTooLarge,
    /// A request with more records than allowed.
    ServeTooManyRecords,
    /// A request that took too long.
    ServeTimeout,
    /// Every evaluation slot is taken.
    ServeBusy,
    /// A body of a media type the endpoint does not read.
    ServeUnsupportedType,
    /// An Accept header no output format meets.
    ServeNotAcceptable,
    /// A required parameter not given.
    ServeMissingParam,
    /// A parameter whose value cannot be used.
    ServeBadParam,
    /// A policy id the server does not serve.
    ServeUnknownPolicy,
    /// Several policies and none chosen.
    ServeChoosePolicy,
    /// A text body that is not UTF-8.
    ServeNotUtf8,
    /// A body that cannot be read as records at all.
    ServeUnreadable,
    /// An internal error.
    ServeInternal,
    /// No such route.
    ServeNotFound,
    /// No record has the id asked for.
    ServeNoRecordWithId,
    /// The server has started.
    ServeListening,
    /// Policies reloaded.
    ServeReloaded,
    /// A changed policy that cannot be used; the old one stays.
    ServeReloadFailed,
    /// The address cannot be bound.
    ServeBindFailed,
    /// Shutting down.
    ServeShuttingDown,
}
