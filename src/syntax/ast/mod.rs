//! The spanned syntax tree of a policy file, as written: nothing is resolved or checked here.
//!
//! Every node carries the [`Span`] it was read from, and spans take no part in equality, so
//! `parse(fmt(p)) == parse(p)` whatever the layout of `p`.

use crate::source::Span;
use chrono::NaiveDate;
use std::ops::Deref;

mod expr;

pub use expr::{
    BinaryOp, ExprKind, GIVEN_PRECEDENCE, MatchArm, NEG_PRECEDENCE, NOT_PRECEDENCE, RateCount,
    UnaryOp, UnitExpr, WindowAgg,
};

/// A node and the span of source text it was read from. Equality ignores the span.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `node`, read from `span`.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

/// A name as written: a unit, a constant, a field, a kind, a purpose…
pub type Ident = Spanned<String>;
/// A string literal, with escapes resolved.
pub type Str = Spanned<String>;
/// An expression.
pub type Expr = Spanned<ExprKind>;

/// A whole policy file: its items in order, and its comments (kept for the formatter).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyFile {
    /// Top-level items, in source order.
    pub items: Vec<Spanned<Item>>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
}

/// A `# …` comment. Equality compares the text only.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The comment, `#` included, without the line break.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

impl PartialEq for Comment {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `policy "name" { version "…" effective 2022-07-01 … }`
    Header(Header),
    /// `unit hour, hours "学时"`
    Unit(UnitDecl),
    /// `const minimum = 30 points`
    Const(ConstDecl),
    /// `category specialty "专业科目"`
    Category(CategoryDecl),
    /// `evidence "certificate", "transcript"`
    Evidence(EvidenceDecl),
    /// `person { id: resident_id, required … }`
    Person(PersonDecl),
    /// `kind training { … }`
    Kind(KindDecl),
    /// `exemption { … }`
    Exemption(ExemptionDecl),
    /// `year { … }`: what a year's ruling adds up and requires.
    Year(YearDecl),
    /// `purpose annual { … }`
    Purpose(PurposeDecl),
    /// `form registration "登记表" { field "姓名" = name … }`
    Form(FormDecl),
}

/// The policy header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The policy's name.
    pub name: Str,
    /// `key value` entries, in source order.
    pub entries: Vec<HeaderEntry>,
}

/// One header entry, such as `version "1.0.0"` or `effective 2022-07-01`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderEntry {
    /// The key.
    pub key: Ident,
    /// The value.
    pub value: Spanned<HeaderValue>,
}

/// A header value.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
    /// A date such as `2022-07-01`.
    Date(NaiveDate),
    /// A string.
    Text(String),
}

/// A unit of measure.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDecl {
    /// Singular name: `hour`.
    pub singular: Ident,
    /// Plural name: `hours`.
    pub plural: Option<Ident>,
    /// Display label: `"学时"`.
    pub label: Option<Label>,
}

/// A named constant.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstDecl {
    /// Its name.
    pub name: Ident,
    /// Its value.
    pub value: Expr,
    /// Citation and reading.
    pub meta: Meta,
}

/// A category of hours (such as public or specialty).
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryDecl {
    /// Its name.
    pub name: Ident,
    /// Display label.
    pub label: Option<Label>,
    /// `at most 20 hours each year`: the most its credits count in one year (the limit,
    /// spanning the whole clause from `at` to `year`).
    pub cap: Option<Spanned<Expr>>,
    /// Citation and reading.
    pub meta: Meta,
}

/// Declared evidence names.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceDecl {
    /// The names, as records write them.
    pub names: Vec<Str>,
    /// Citation and reading.
    pub meta: Meta,
}

/// The fields of a person record.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDecl {
    /// Field declarations.
    pub fields: Vec<Spanned<FieldDecl>>,
}

/// An activity kind and its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct KindDecl {
    /// The kind's name, as records write it in `kind`.
    pub name: Ident,
    /// Display label.
    pub label: Option<Label>,
    /// Statements.
    pub body: Vec<Spanned<Stmt>>,
}

/// The exemption rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemptionDecl {
    /// Display label.
    pub label: Option<Label>,
    /// Statements.
    pub body: Vec<Spanned<Stmt>>,
}

/// What a year's ruling adds up and requires.
#[derive(Debug, Clone, PartialEq)]
pub struct YearDecl {
    /// Statements.
    pub body: Vec<Spanned<Stmt>>,
}

/// A purpose a ruling can be asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct PurposeDecl {
    /// Its name, as `--purpose` gives it.
    pub name: Ident,
    /// Display label.
    pub label: Option<Label>,
    /// Statements.
    pub body: Vec<Spanned<Stmt>>,
}

/// A form a ruling fills in (such as the notice's registration form).
#[derive(Debug, Clone, PartialEq)]
pub struct FormDecl {
    /// Its name, as `--form` gives it.
    pub name: Ident,
    /// Its title.
    pub label: Option<Label>,
    /// Statements: citations and fields.
    pub body: Vec<Spanned<Stmt>>,
}

/// The citation and reading that may follow a rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// `cite "clause" "quotation"`
    pub cite: Option<Spanned<Citation>>,
    /// `reading "…" en "…"`: how an ambiguous sentence is read.
    pub reading: Option<Label>,
}

/// A reference to the notice: the clause and, optionally, the sentence quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Clause reference, such as `§ 3.1`.
    pub clause: Str,
    /// The quoted sentence.
    pub quote: Option<Str>,
}

/// A display text with an optional English variant: `"专业科目" en "specialty"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The text in the policy's own language.
    pub text: Str,
    /// The English text.
    pub en: Option<Str>,
}

/// A field of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    /// The field's key in records.
    pub name: Ident,
    /// Its type.
    pub ty: Spanned<TypeExpr>,
    /// `required`, `nonempty`, `at least …`, `at most …`.
    pub attrs: Vec<Spanned<FieldAttr>>,
}

/// A field type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// `text`, `date`, `decimal hours`…
    Named {
        /// The type's name.
        name: Ident,
        /// For numbers, the unit.
        unit: Option<Ident>,
    },
    /// `list of year`
    List(Box<Spanned<TypeExpr>>),
    /// `one of ["public", "specialty"]`
    OneOf(Vec<Str>),
}

/// A field attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldAttr {
    /// The record must give the field.
    Required,
    /// A text must not be blank, a list not empty.
    NonEmpty,
    /// `at least 0 hours`
    AtLeast(Expr),
    /// `at most 100 hours`
    AtMost(Expr),
    /// `the id`, `the name`: the person field a ruling is identified or named by.
    Identity(Identity),
}

/// What a person field stands for in a ruling ([`FieldAttr::Identity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// `the id`: the ruling's `id`, and what `explain --id` looks for.
    Id,
    /// `the name`: the ruling's `name`.
    Name,
}

impl Identity {
    /// The attribute as written: `the id`, `the name`.
    pub fn written(self) -> &'static str {
        match self {
            Identity::Id => "the id",
            Identity::Name => "the name",
        }
    }
}

/// How a list of evidence is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceMode {
    /// At least one of the names.
    OneOf,
    /// Every one of the names.
    AllOf,
}

/// A statement inside a block. The grammar decides which statements each block admits.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// A citation for the whole block.
    Cite(Spanned<Citation>),
    /// A reading for the whole block.
    Reading(Label),
    /// `fields { … }`
    Fields(Vec<Spanned<FieldDecl>>),
    /// `let rate = …`
    Let {
        /// The local name.
        name: Ident,
        /// Its value.
        value: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `counts in year_of(end)`: the year an activity is attributed to.
    CountsIn {
        /// A year.
        year: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `counts as specialty`: the category of an activity's hours (`counts as level,
    /// class_i`: several categories at once).
    CountsAs {
        /// A category, or a field whose values are categories.
        category: Expr,
        /// The further categories it counts in at the same time (each a category or such a
        /// field), in the order written.
        also: Vec<Expr>,
        /// Citation and reading.
        meta: Meta,
    },
    /// `credit 8 hours/day * days(start, end)`
    Credit {
        /// The formula.
        formula: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `cap one_year_hours`
    Cap {
        /// The most one activity credits.
        limit: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `spread over 2 years, at most 90 hours each year`
    Spread {
        /// How many consecutive years.
        over: Expr,
        /// The most any one year receives.
        per_year: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `requires one of "certificate", "transcript"`
    Requires {
        /// One of, or all of.
        mode: EvidenceMode,
        /// The evidence names.
        names: Vec<Str>,
        /// Citation and reading.
        meta: Meta,
    },
    /// `reject when not recognized "…"`: the activity credits nothing.
    Reject {
        /// The condition.
        when: Expr,
        /// Why, as reported.
        reason: Label,
        /// Citation and reading.
        meta: Meta,
    },
    /// `invalid when start > end "…" at start`: the record is invalid.
    Invalid {
        /// The condition.
        when: Expr,
        /// The error message.
        message: Label,
        /// The field the error is reported at.
        at: Option<Ident>,
        /// Citation and reading.
        meta: Meta,
    },
    /// `covers years`: the years an exemption covers.
    Covers {
        /// A list of years.
        years: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `total "总学时" = sum of credits`: a named figure of a year's ruling.
    Value {
        /// The figure's name.
        name: Ident,
        /// Its display label.
        label: Option<Label>,
        /// Its value.
        value: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `require total >= annual_minimum`
    Require {
        /// A comparison.
        condition: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `shortfall = max(…)`: the hours a year must make up when it fails.
    Shortfall {
        /// The amount.
        value: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `shortfall = least credits in specialty that make the year compliant`: the hours to
    /// make up, solved from the year's requirements.
    MakeUp {
        /// The category the added hours count in.
        category: Ident,
        /// Citation and reading.
        meta: Meta,
    },
    /// `year Y`: a purpose that examines one year.
    Year {
        /// The year.
        year: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `years A to B`: a purpose that examines a range of years.
    Years {
        /// First year.
        from: Expr,
        /// Last year.
        to: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `periods of 2 years`: the window's years judged in periods of that many years.
    Periods {
        /// The length of a period in years, the digits as written (a whole number of years
        /// is checked by the checker).
        years: Spanned<String>,
        /// Citation and reading.
        meta: Meta,
    },
    /// `each year passes when …`
    Passes {
        /// The test of one year.
        when: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `field "姓名" = name`: a field of a form.
    FormField {
        /// The field's label.
        label: Str,
        /// Its value: an expression, or a text with `{name}` placeholders.
        value: Expr,
        /// Citation and reading.
        meta: Meta,
    },
    /// `status eligible when …` or `status ineligible otherwise`
    Status {
        /// The status reported.
        label: Ident,
        /// Its display label: `status shortfall "不足" otherwise`.
        display: Option<Label>,
        /// The condition; `None` for `otherwise`.
        when: Option<Expr>,
        /// Citation and reading.
        meta: Meta,
    },
}

impl Stmt {
    /// The citation and reading that follow the statement, if it can have them.
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            Stmt::Cite(_) | Stmt::Reading(_) | Stmt::Fields(_) => None,
            Stmt::Let { meta, .. }
            | Stmt::CountsIn { meta, .. }
            | Stmt::CountsAs { meta, .. }
            | Stmt::Credit { meta, .. }
            | Stmt::Cap { meta, .. }
            | Stmt::Spread { meta, .. }
            | Stmt::Requires { meta, .. }
            | Stmt::Reject { meta, .. }
            | Stmt::Invalid { meta, .. }
            | Stmt::Covers { meta, .. }
            | Stmt::Value { meta, .. }
            | Stmt::Require { meta, .. }
            | Stmt::Shortfall { meta, .. }
            | Stmt::MakeUp { meta, .. }
            | Stmt::Year { meta, .. }
            | Stmt::Years { meta, .. }
            | Stmt::Periods { meta, .. }
            | Stmt::Passes { meta, .. }
            | Stmt::FormField { meta, .. }
            | Stmt::Status { meta, .. } => Some(meta),
        }
    }
}
