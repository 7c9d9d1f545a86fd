//! The project's own hand-written evaluator: the annual ruling of the shipped policy
//! (`policies/notice-2022.policy`, as notice-reading.md reads the notice) computed by plain
//! Rust, the rules hard-coded. It exists to measure what xueshi's interpretation costs and to
//! check xueshi's rulings against an independent implementation; it is not part of xueshi.
//!
//! Records are read with serde_json into borrowed, typed structs (enums for kinds, levels,
//! categories and issuers; evidence into a bit set; numbers kept as their text and read
//! exactly into integer units of 10⁻¹² hours). A record is invalid exactly when xueshi
//! finds it invalid: the spec's rules (notice-reading.md §1) plus xueshi's limits on numbers
//! (at most 10¹⁵, at most 12 decimal places, at most 30 significant digits, an exponent of
//! at most 30) and years (1 to 9999).

#![allow(dead_code)]

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// Units of an hour: every quantity is an integer count of 10⁻¹² hours (or months, or
/// subjects).
pub const UNIT: i128 = 1_000_000_000_000;
/// The largest magnitude of a number in a record (xueshi's limit).
const MAX_MAGNITUDE: i128 = 1_000_000_000_000_000 * UNIT;
/// The annual minimum (一、1), in units.
pub const ANNUAL_MINIMUM: i128 = 90 * UNIT;
/// The specialty minimum, ⅔ × 90 (一、1), in units.
pub const SPECIALTY_MINIMUM: i128 = 60 * UNIT;
/// One year's hours, the cap of a single activity (附件3 第1条).
const ONE_YEAR: i128 = ANNUAL_MINIMUM;

/// The exemption reasons of 二、3 (a closed list, 附件2 注3).
const EXEMPTION_REASONS: [&str; 7] = [
    "少数民族科技骨干特殊培养",
    "访惠聚驻村",
    "驻村管寺",
    "南疆学前教育支教",
    "内地服务管理",
    "第一书记",
    "村党组织书记",
];

// ------------------------------------------------------------------------- record types

/// An activity kind (附件3 第1–8条, 二、1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Training,
    Degree,
    Seminar,
    Conference,
    Study,
    Teaching,
    Exam,
    Online,
    Certificate,
}

impl Kind {
    /// The kind's name in records.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Training => "training",
            Kind::Degree => "degree",
            Kind::Seminar => "seminar",
            Kind::Conference => "conference",
            Kind::Study => "study",
            Kind::Teaching => "teaching",
            Kind::Exam => "exam",
            Kind::Online => "online",
            Kind::Certificate => "certificate",
        }
    }

    /// The clause the kind comes from.
    fn clause(self) -> &'static str {
        match self {
            Kind::Training => "附件3 第1条",
            Kind::Degree => "附件3 第2条",
            Kind::Seminar => "附件3 第3条",
            Kind::Conference => "附件3 第4条",
            Kind::Study => "附件3 第5条",
            Kind::Teaching => "附件3 第6条",
            Kind::Exam => "附件3 第7条",
            Kind::Online => "附件3 第8条",
            Kind::Certificate => "二、1",
        }
    }

    /// The fields the kind has, as a bit set of [`F_LEVEL`]….
    fn fields(self) -> u16 {
        match self {
            Kind::Training | Kind::Seminar => F_START | F_END,
            Kind::Conference => F_LEVEL | F_START | F_END,
            Kind::Degree => F_YEAR,
            Kind::Study => F_MONTHS | F_END,
            Kind::Teaching => F_DATE | F_HOURS,
            Kind::Exam => F_DATE | F_SUBJECTS,
            Kind::Online => F_DATE | F_HOURS | F_RECOGNIZED,
            Kind::Certificate => F_YEAR | F_HOURS | F_CATEGORY | F_ISSUER,
        }
    }

    /// The evidence the kind requires: (names as bits, all of them or one of them).
    fn evidence(self) -> Option<(u8, bool)> {
        const TRAINING: u8 = E_TRAINING | E_COMPLETION | E_QUALIFIED;
        match self {
            Kind::Training | Kind::Seminar | Kind::Study => Some((TRAINING, false)),
            Kind::Degree => Some((E_TRANSCRIPT, false)),
            Kind::Conference => Some((E_ATTENDANCE, false)),
            Kind::Teaching => Some((E_TEACHING | E_PREPARATION, true)),
            Kind::Exam | Kind::Online | Kind::Certificate => None,
        }
    }
}

const F_LEVEL: u16 = 1;
const F_START: u16 = 1 << 1;
const F_END: u16 = 1 << 2;
const F_YEAR: u16 = 1 << 3;
const F_MONTHS: u16 = 1 << 4;
const F_HOURS: u16 = 1 << 5;
const F_DATE: u16 = 1 << 6;
const F_SUBJECTS: u16 = 1 << 7;
const F_RECOGNIZED: u16 = 1 << 8;
const F_CATEGORY: u16 = 1 << 9;
const F_ISSUER: u16 = 1 << 10;
const FIELD_NAMES: [&str; 11] = [
    "level",
    "start",
    "end",
    "year",
    "months",
    "hours",
    "date",
    "subjects",
    "recognized",
    "category",
    "issuer",
];

/// A conference's level (附件3 第4条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    International,
    National,
    Region,
    Prefecture,
}

/// A certificate's category (二、1 (1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Public,
    Specialty,
}

/// A certificate's issuer (二、1 (1)–(4)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Issuer {
    Hrss,
    Education,
    Health,
    Finance,
}

const E_TRAINING: u8 = 1; // 培训证
const E_COMPLETION: u8 = 1 << 1; // 结业证
const E_QUALIFIED: u8 = 1 << 2; // 合格证
const E_TRANSCRIPT: u8 = 1 << 3; // 成绩单
const E_ATTENDANCE: u8 = 1 << 4; // 参会证明
const E_TEACHING: u8 = 1 << 5; // 授课证明
const E_PREPARATION: u8 = 1 << 6; // 备课记录
const EVIDENCE_NAMES: [&str; 7] = [
    "培训证",
    "结业证",
    "合格证",
    "成绩单",
    "参会证明",
    "授课证明",
    "备课记录",
];

/// A field that may be absent, `null`, or given.
#[derive(Debug, Clone, Copy, Default)]
pub enum Maybe<T> {
    #[default]
    Absent,
    Null,
    Given(T),
}

impl<T> Maybe<T> {
    fn present(&self) -> bool {
        !matches!(self, Maybe::Absent)
    }

    fn value(&self) -> Option<&T> {
        match self {
            Maybe::Given(v) => Some(v),
            _ => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            Some(v) => Maybe::Given(v),
            None => Maybe::Null,
        })
    }
}

/// A number as written in the record (read exactly later).
#[derive(Debug, Clone, Copy)]
pub struct Num<'a>(&'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Num<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'a serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => Ok(Num(text)),
            _ => Err(de::Error::custom(format_args!(
                "expected a number, found {text}"
            ))),
        }
    }
}

/// A text field whose value the ruling does not need.
#[derive(Debug, Clone, Copy)]
pub struct AnyText;

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AnyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<AnyText, E> {
                Ok(AnyText)
            }
        }
        d.deserialize_str(V)
    }
}

/// An evidence list, as a bit set of the names the policy knows (other names are simply
/// not the required ones).
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence(u8);

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name(u8);
        impl<'de> Deserialize<'de> for Name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = Name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<Name, E> {
                        Ok(Name(match s {
                            "培训证" => E_TRAINING,
                            "结业证" => E_COMPLETION,
                            "合格证" => E_QUALIFIED,
                            "成绩单" => E_TRANSCRIPT,
                            "参会证明" => E_ATTENDANCE,
                            "授课证明" => E_TEACHING,
                            "备课记录" => E_PREPARATION,
                            _ => 0,
                        }))
                    }
                }
                d.deserialize_str(V)
            }
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Evidence;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Evidence, A::Error> {
                let mut bits = 0;
                while let Some(Name(b)) = seq.next_element()? {
                    bits |= b;
                }
                Ok(Evidence(bits))
            }
        }
        d.deserialize_seq(V)
    }
}

/// An exemption's reason: whether it is on the closed list.
#[derive(Debug, Clone, Copy)]
pub struct Reason {
    listed: bool,
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Reason;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Reason, E> {
                Ok(Reason {
                    listed: EXEMPTION_REASONS.contains(&s),
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// A person record (notice-reading.md §1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person<'a> {
    #[serde(borrow, default)]
    id: Maybe<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Maybe<Cow<'a, str>>,
    #[serde(default)]
    unit: Maybe<AnyText>,
    #[serde(default)]
    title: Maybe<AnyText>,
    #[serde(borrow, default)]
    title_since: Maybe<Num<'a>>,
    #[serde(borrow, default)]
    activities: Maybe<Vec<Activity<'a>>>,
    #[serde(borrow, default)]
    exemptions: Maybe<Vec<Exemption<'a>>>,
}

/// An activity: every kind's fields, checked against its kind after reading.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity<'a> {
    #[serde(default)]
    kind: Maybe<Kind>,
    #[serde(default)]
    evidence: Maybe<Evidence>,
    #[serde(default)]
    level: Maybe<Level>,
    #[serde(borrow, default)]
    start: Maybe<Cow<'a, str>>,
    #[serde(borrow, default)]
    end: Maybe<Cow<'a, str>>,
    #[serde(borrow, default)]
    year: Maybe<Num<'a>>,
    #[serde(borrow, default)]
    months: Maybe<Num<'a>>,
    #[serde(borrow, default)]
    hours: Maybe<Num<'a>>,
    #[serde(borrow, default)]
    date: Maybe<Cow<'a, str>>,
    #[serde(borrow, default)]
    subjects: Maybe<Num<'a>>,
    #[serde(default)]
    recognized: Maybe<bool>,
    #[serde(default)]
    category: Maybe<Category>,
    #[serde(default)]
    issuer: Maybe<Issuer>,
}

/// An exemption (二、3, 附件2).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exemption<'a> {
    #[serde(default)]
    reason: Maybe<Reason>,
    #[serde(borrow, default)]
    years: Maybe<Vec<Num<'a>>>,
    #[serde(default)]
    approved: Maybe<bool>,
}

// ------------------------------------------------------------------------- numbers, dates

/// Why a number is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// Larger than xueshi holds, or more than 12 decimal places.
    OutOfRange,
    /// Not a number.
    Malformed,
}

/// Reads a JSON number exactly, in units of 10⁻¹². Mirrors xueshi's limits: at most 30
/// significant digits, an exponent of at most 30, a scale of at most 38; the value must be
/// a whole number of units (at most 12 decimal places) and fit an i128 of units.
pub fn parse_units(text: &str) -> Result<i128, NumError> {
    let b = text.as_bytes();
    // The common case: plain digits with an optional fraction of at most 12 digits.
    if !b.is_empty() && b.len() <= 19 && b[0].is_ascii_digit() {
        let mut v: i128 = 0;
        let mut frac: Option<u32> = None;
        let mut plain = true;
        for &c in b {
            match c {
                b'0'..=b'9' => {
                    v = v * 10 + i128::from(c - b'0');
                    if let Some(f) = frac.as_mut() {
                        *f += 1;
                    }
                }
                b'.' if frac.is_none() => frac = Some(0),
                _ => {
                    plain = false;
                    break;
                }
            }
        }
        if plain {
            let places = frac.unwrap_or(0);
            if places <= 12 {
                return Ok(v * 10i128.pow(12 - places));
            }
        }
    }
    let (negative, body) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let mut i = 0;
    let mut mantissa: i128 = 0;
    let mut significant = 0usize;
    let mut frac_len: i64 = 0;
    let mut in_frac = false;
    // Zeros after the last significant digit say nothing of the value (as in xueshi):
    // they are counted only when a significant digit follows them.
    let mut pending: i64 = 0;
    while i < body.len() {
        match body[i] {
            b'0' if significant > 0 => {
                pending += 1;
                if in_frac {
                    frac_len += 1;
                }
            }
            c @ b'0'..=b'9' => {
                if c != b'0' {
                    significant += 1 + pending as usize;
                    if significant > 30 {
                        return Err(NumError::OutOfRange);
                    }
                    mantissa = mantissa * 10i128.pow(pending as u32 + 1) + i128::from(c - b'0');
                    pending = 0;
                }
                if in_frac {
                    frac_len += 1;
                }
            }
            b'.' if !in_frac => in_frac = true,
            b'e' | b'E' => break,
            _ => return Err(NumError::Malformed),
        }
        i += 1;
    }
    let mut exponent: i64 = 0;
    if i < body.len() {
        let e = &body[i + 1..];
        let (sign, digits) = match e.first() {
            Some(b'-') => (-1, &e[1..]),
            Some(b'+') => (1, &e[1..]),
            _ => (1, e),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Err(NumError::Malformed);
        }
        for &c in digits {
            exponent = exponent * 10 + i64::from(c - b'0');
            if exponent > 30 {
                return Err(NumError::OutOfRange);
            }
        }
        exponent *= sign;
    }
    if mantissa == 0 {
        return Ok(0);
    }
    let scale = exponent - frac_len + pending;
    if scale.abs() > 38 {
        return Err(NumError::OutOfRange);
    }
    let shift = scale + 12;
    let units = if shift >= 0 {
        match 10i128.checked_pow(shift as u32) {
            Some(p) => mantissa.checked_mul(p).ok_or(NumError::OutOfRange)?,
            None if mantissa == 0 => 0,
            None => return Err(NumError::OutOfRange),
        }
    } else {
        let p = 10i128.pow((-shift) as u32);
        if mantissa % p != 0 {
            return Err(NumError::OutOfRange);
        }
        mantissa / p
    };
    Ok(if negative { -units } else { units })
}

/// A decimal field: non-negative, at most 10¹⁵, at most 12 places.
fn decimal(text: &str) -> Result<i128, &'static str> {
    match parse_units(text) {
        Ok(u) if u < 0 => Err("is negative"),
        Ok(u) if u > MAX_MAGNITUDE => Err("is too large or has more than 12 decimal places"),
        Ok(u) => Ok(u),
        Err(NumError::OutOfRange) => Err("is too large or has more than 12 decimal places"),
        Err(NumError::Malformed) => Err("is not a number"),
    }
}

/// A year: a whole number from 1 to 9999.
fn year(text: &str) -> Result<i32, &'static str> {
    match parse_units(text) {
        Ok(u) if u % UNIT == 0 && (UNIT..=9999 * UNIT).contains(&u) => Ok((u / UNIT) as i32),
        _ => Err("is not a year"),
    }
}

/// A date written strictly `YYYY-MM-DD`: (days since 1970-01-01, year).
fn date(text: &str) -> Option<(i64, i32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut n = [0u32; 8];
    for (k, i) in [0, 1, 2, 3, 5, 6, 8, 9].into_iter().enumerate() {
        if !b[i].is_ascii_digit() {
            return None;
        }
        n[k] = u32::from(b[i] - b'0');
    }
    let y = (n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]) as i32;
    if y == 0 {
        // Years run from 1 to 9999, in dates as in year fields.
        return None;
    }
    let m = n[4] * 10 + n[5];
    let d = n[6] * 10 + n[7];
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days_in_month {
        return None;
    }
    // Days from civil (H. Hinnant).
    let yy = i64::from(if m <= 2 { y - 1 } else { y });
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468, y))
}

// ------------------------------------------------------------------------- rulings

/// The annual status (一、1, 二、2, 二、3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exempt,
    Compliant,
    Shortfall,
}

impl Status {
    /// The status's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Status::Exempt => "exempt",
            Status::Compliant => "compliant",
            Status::Shortfall => "shortfall",
        }
    }
}

/// Why an activity credits nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The evidence the kind requires is missing.
    Evidence,
    /// An online course whose website is not recognised.
    NotRecognized,
}

/// A credited or rejected activity of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Its index in the record's activities.
    pub index: u32,
    /// Its kind.
    pub kind: Kind,
    /// The hours it gives the year (or would give, when rejected), in units.
    pub hours: i128,
    /// Whether it counts in specialty (else public).
    pub specialty: bool,
    /// Why it is rejected; `None` when credited.
    pub rejection: Option<Rejection>,
}

/// The annual ruling of one person for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    pub status: Status,
    pub total: i128,
    pub specialty: i128,
    pub public: i128,
    pub shortfall: i128,
    /// Credited and rejected activities of the year, in record order (only when asked
    /// for).
    pub items: Vec<Item>,
}

/// One record's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// The record's `id` and `name` (the first text ones, even when invalid).
    pub id: Option<Cow<'a, str>>,
    pub name: Option<Cow<'a, str>>,
    /// The ruling, or the errors that make the record invalid.
    pub result: Result<Ruling, Vec<String>>,
}

/// Checks a resident ID (GB 11643, ISO 7064 MOD 11-2).
fn resident_id_ok(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b[17] == CHECK[(sum % 11) as usize]
}

/// What an activity gives: the year it counts in, its category, its hours (after caps), and
/// for study the part that goes to the next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit {
    kind: Kind,
    year: i32,
    specialty: bool,
    /// Hours of `year`, and of `year + 1` (study only).
    parts: [i128; 2],
    rejection: Option<Rejection>,
}

/// A valid record, read and checked once, ready to be ruled for any year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What each activity gives, in record order.
    credits: Vec<Credit>,
    /// The years covered by applicable exemptions (listed reason, approved).
    exempt_years: Vec<i32>,
}

/// A record read: its `id` and `name` (the first text ones, even when invalid), and the
/// record or the errors that make it invalid.
pub type Read<'a> = (
    Option<Cow<'a, str>>,
    Option<Cow<'a, str>>,
    Result<Record, Vec<String>>,
);

/// Rules one JSON line for the annual purpose and `year`. `items` asks for the credited
/// and rejected activities too (JSONL output); without it only the figures are kept.
pub fn rule_line(line: &str, judged: i32, items: bool) -> Outcome<'_> {
    let (id, name, record) = read_line(line);
    Outcome {
        id,
        name,
        result: record.map(|r| rule(&r, judged, items)),
    }
}

/// Reads and checks one JSON line.
pub fn read_line(line: &str) -> Read<'_> {
    let person: Person = match serde_json::from_str(line) {
        Ok(p) => p,
        Err(e) => {
            let (id, name) = first_texts(line);
            return (id, name, Err(vec![e.to_string()]));
        }
    };
    let mut errors = Vec::new();
    let id = match &person.id {
        Maybe::Given(id) => {
            if !resident_id_ok(id) {
                errors.push("id: not a valid resident ID (length, digits or checksum)".to_string());
            }
            Some(id.clone())
        }
        _ => {
            errors.push("id: required field is missing".into());
            None
        }
    };
    let name = match &person.name {
        Maybe::Given(n) => {
            if n.trim().is_empty() {
                errors.push("name: is empty".into());
            }
            Some(n.clone())
        }
        _ => {
            errors.push("name: required field is missing".into());
            None
        }
    };
    if let Maybe::Given(n) = person.title_since
        && year(n.0).is_err()
    {
        errors.push(format!("title_since: {} is not a year", n.0));
    }
    let mut credits: Vec<Credit> = Vec::new();
    if let Maybe::Given(activities) = &person.activities {
        credits.reserve_exact(activities.len());
        for (i, a) in activities.iter().enumerate() {
            match credit(a) {
                Ok(c) => credits.push(c),
                Err(e) => errors.push(format!("activities[{i}].{e}")),
            }
        }
    }
    let mut exempt_years = Vec::new();
    if let Maybe::Given(list) = &person.exemptions {
        for (i, e) in list.iter().enumerate() {
            let (Maybe::Given(reason), Maybe::Given(years), Maybe::Given(approved)) =
                (&e.reason, &e.years, &e.approved)
            else {
                errors.push(format!(
                    "exemptions[{i}]: reason, years and approved are required"
                ));
                continue;
            };
            for (k, y) in years.iter().enumerate() {
                match year(y.0) {
                    Ok(y) if reason.listed && *approved => exempt_years.push(y),
                    Ok(_) => {}
                    Err(m) => errors.push(format!("exemptions[{i}].years[{k}]: {} {m}", y.0)),
                }
            }
        }
    }
    if !errors.is_empty() {
        return (id, name, Err(errors));
    }
    (
        id,
        name,
        Ok(Record {
            credits,
            exempt_years,
        }),
    )
}

/// The annual ruling of a record for `judged`.
pub fn rule(record: &Record, judged: i32, items: bool) -> Ruling {
    let mut ruling = Ruling {
        status: Status::Shortfall,
        total: 0,
        specialty: 0,
        public: 0,
        shortfall: 0,
        items: Vec::new(),
    };
    for (i, c) in record.credits.iter().enumerate() {
        let hours = if c.year == judged {
            c.parts[0]
        } else if c.year.checked_add(1) == Some(judged) && c.parts[1] > 0 {
            c.parts[1]
        } else {
            continue;
        };
        if c.rejection.is_none() {
            ruling.total += hours;
            if c.specialty {
                ruling.specialty += hours;
            } else {
                ruling.public += hours;
            }
        }
        if items {
            ruling.items.push(Item {
                index: i as u32,
                kind: c.kind,
                hours,
                specialty: c.specialty,
                rejection: c.rejection,
            });
        }
    }
    let compliant = ruling.total >= ANNUAL_MINIMUM && ruling.specialty >= SPECIALTY_MINIMUM;
    ruling.status = if record.exempt_years.contains(&judged) {
        Status::Exempt
    } else if compliant {
        Status::Compliant
    } else {
        ruling.shortfall = (ANNUAL_MINIMUM - ruling.total)
            .max(SPECIALTY_MINIMUM - ruling.specialty)
            .max(0);
        Status::Shortfall
    };
    ruling
}

/// Checks one activity and computes what it gives.
fn credit(a: &Activity) -> Result<Credit, String> {
    let Maybe::Given(kind) = a.kind else {
        return Err("kind: required field is missing".into());
    };
    let given = [
        a.level.present(),
        a.start.present(),
        a.end.present(),
        a.year.present(),
        a.months.present(),
        a.hours.present(),
        a.date.present(),
        a.subjects.present(),
        a.recognized.present(),
        a.category.present(),
        a.issuer.present(),
    ];
    let allowed = kind.fields();
    for (bit, present) in given.iter().enumerate() {
        if *present && allowed & (1 << bit) == 0 {
            return Err(format!(
                "{}: unknown field for {}",
                FIELD_NAMES[bit],
                kind.name()
            ));
        }
    }
    let missing = |f: &str| format!("{f}: required field is missing");
    let get_date = |m: &Maybe<Cow<str>>, f: &str| -> Result<(i64, i32), String> {
        match m {
            Maybe::Given(t) => {
                date(t).ok_or_else(|| format!("{f}: `{t}` is not a date written YYYY-MM-DD"))
            }
            _ => Err(missing(f)),
        }
    };
    let get_decimal = |m: &Maybe<Num>, f: &str| -> Result<i128, String> {
        match m {
            Maybe::Given(n) => decimal(n.0).map_err(|e| format!("{f}: {} {e}", n.0)),
            _ => Err(missing(f)),
        }
    };
    let get_year = |m: &Maybe<Num>, f: &str| -> Result<i32, String> {
        match m {
            Maybe::Given(n) => year(n.0).map_err(|e| format!("{f}: {} {e}", n.0)),
            _ => Err(missing(f)),
        }
    };
    let days = |f: &str| -> Result<(i128, i32), String> {
        let start = get_date(&a.start, "start");
        let end = get_date(&a.end, "end");
        let (start, end) = (start?, end?);
        if start.0 > end.0 {
            return Err(format!("start: start is after end ({f})"));
        }
        Ok((i128::from(end.0 - start.0 + 1), end.1))
    };
    let rejected = |names: Option<(u8, bool)>| match (names, a.evidence) {
        (None, _) => None,
        (Some((need, all)), ev) => {
            let have = match ev {
                Maybe::Given(Evidence(b)) => b,
                _ => 0,
            };
            let ok = if all {
                have & need == need
            } else {
                have & need != 0
            };
            (!ok).then_some(Rejection::Evidence)
        }
    };
    let evidence = rejected(kind.evidence());
    let single = |year: i32, hours: i128, specialty: bool, rejection: Option<Rejection>| Credit {
        kind,
        year,
        specialty,
        parts: [hours, 0],
        rejection,
    };
    Ok(match kind {
        Kind::Training | Kind::Seminar | Kind::Conference => {
            let rate = match kind {
                Kind::Training => 8,
                Kind::Seminar => 12,
                _ => match a.level {
                    Maybe::Given(Level::International | Level::National) => 12,
                    Maybe::Given(Level::Region) => 10,
                    Maybe::Given(Level::Prefecture) => 8,
                    _ => return Err(missing("level")),
                },
            };
            let (days, year) = days(kind.clause())?;
            single(year, (rate * days * UNIT).min(ONE_YEAR), true, evidence)
        }
        Kind::Degree => single(get_year(&a.year, "year")?, 60 * UNIT, true, evidence),
        Kind::Study => {
            let months = get_decimal(&a.months, "months");
            let end = get_date(&a.end, "end");
            let (months, end) = (months?, end?);
            let year = end.1;
            let hours = (60 * months).min(2 * ONE_YEAR);
            let first = hours.min(ONE_YEAR);
            Credit {
                kind,
                year,
                specialty: true,
                parts: [first, hours - first],
                rejection: evidence,
            }
        }
        Kind::Teaching => {
            let d = get_date(&a.date, "date");
            let h = get_decimal(&a.hours, "hours");
            let (d, h) = (d?, h?);
            single(d.1, 2 * h, true, evidence)
        }
        Kind::Exam => {
            let d = get_date(&a.date, "date");
            let s = get_decimal(&a.subjects, "subjects");
            let (d, s) = (d?, s?);
            if s % UNIT != 0 {
                return Err("subjects: is not a whole number".into());
            }
            single(d.1, 30 * s, true, None)
        }
        Kind::Online => {
            let d = get_date(&a.date, "date");
            let h = get_decimal(&a.hours, "hours");
            let recognized = match a.recognized {
                Maybe::Given(r) => Ok(r),
                _ => Err(missing("recognized")),
            };
            let (d, h, recognized) = (d?, h?, recognized?);
            let rejection = (!recognized).then_some(Rejection::NotRecognized);
            single(d.1, h, true, rejection)
        }
        Kind::Certificate => {
            let y = get_year(&a.year, "year");
            let h = get_decimal(&a.hours, "hours");
            let (y, h) = (y?, h?);
            let Maybe::Given(category) = a.category else {
                return Err(missing("category"));
            };
            let Maybe::Given(issuer) = a.issuer else {
                return Err(missing("issuer"));
            };
            if category == Category::Public && matches!(issuer, Issuer::Health | Issuer::Finance) {
                return Err(
                    "category: a health or finance certificate proves specialty hours (二、1 (3)(4))"
                        .into(),
                );
            }
            single(y, h, category == Category::Specialty, None)
        }
    })
}

/// The first text values of `id` and `name` in a record that did not read (for the output
/// of an invalid record); nothing when the line is not a JSON object.
fn first_texts(line: &str) -> (Option<Cow<'_, str>>, Option<Cow<'_, str>>) {
    struct Texts<'a>(Option<Cow<'a, str>>, Option<Cow<'a, str>>);
    struct MaybeText<'a>(Option<Cow<'a, str>>);
    impl<'de> Deserialize<'de> for MaybeText<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = MaybeText<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("any value")
                }
                fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                    Ok(MaybeText(Some(Cow::Borrowed(s))))
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                    Ok(MaybeText(Some(Cow::Owned(s.to_string()))))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(MaybeText(None))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                    while s.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(MaybeText(None))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                    while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(MaybeText(None))
                }
            }
            d.deserialize_any(V)
        }
    }
    impl<'de> Deserialize<'de> for Texts<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Texts<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                    let mut t = Texts(None, None);
                    while let Some(key) = m.next_key::<Cow<'de, str>>()? {
                        let MaybeText(v) = m.next_value()?;
                        match &*key {
                            "id" if t.0.is_none() => t.0 = v,
                            "name" if t.1.is_none() => t.1 = v,
                            _ => {}
                        }
                    }
                    Ok(t)
                }
            }
            d.deserialize_map(V)
        }
    }
    match serde_json::from_str::<Texts>(line) {
        Ok(Texts(id, name)) => (id, name),
        Err(_) => (None, None),
    }
}

// ------------------------------------------------------------------------- output

/// Writes units as an exact decimal (`12.5`, `0`).
pub fn write_units(out: &mut Vec<u8>, units: i128) {
    let (int, frac) = (units / UNIT, (units % UNIT).unsigned_abs());
    if units < 0 {
        out.push(b'-');
    }
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(buf.format(int.unsigned_abs()).as_bytes());
    if frac != 0 {
        let mut digits = [b'0'; 12];
        let mut f = frac;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (f % 10) as u8;
            f /= 10;
        }
        let len = 12 - digits.iter().rev().take_while(|&&d| d == b'0').count();
        out.push(b'.');
        out.extend_from_slice(&digits[..len]);
    }
}

/// Units as exact decimal text.
pub fn units_text(units: i128) -> String {
    let mut v = Vec::new();
    write_units(&mut v, units);
    String::from_utf8(v).unwrap_or_default()
}

/// The CSV header, the columns of `xueshi eval --format csv` for the annual purpose.
pub const CSV_HEADER: &str = "id,name,status,total,specialty,public,shortfall,errors\n";

fn csv_field(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Writes one CSV row.
pub fn write_csv(out: &mut Vec<u8>, o: &Outcome) {
    csv_field(out, o.id.as_deref().unwrap_or(""));
    out.push(b',');
    csv_field(out, o.name.as_deref().unwrap_or(""));
    out.push(b',');
    match &o.result {
        Ok(r) => {
            out.extend_from_slice(r.status.name().as_bytes());
            for v in [r.total, r.specialty, r.public, r.shortfall] {
                out.push(b',');
                write_units(out, v);
            }
            out.extend_from_slice(b",\n");
        }
        Err(errors) => {
            out.extend_from_slice(b"invalid,,,,,");
            csv_field(out, &errors.join("; "));
            out.push(b'\n');
        }
    }
}

fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(ByteWriter(out), "\\u{:04x}", c as u32);
            }
            c => {
                let mut b = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

struct ByteWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for ByteWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn json_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Writes one JSONL ruling: the summary fields of `xueshi eval --format jsonl`.
pub fn write_jsonl(out: &mut Vec<u8>, o: &Outcome, year: i32, line: usize) {
    out.extend_from_slice(b"{\"id\":");
    json_opt(out, o.id.as_deref());
    out.extend_from_slice(b",\"name\":");
    json_opt(out, o.name.as_deref());
    out.extend_from_slice(b",\"purpose\":\"annual\",\"year\":");
    out.extend_from_slice(itoa::Buffer::new().format(year).as_bytes());
    match &o.result {
        Err(errors) => {
            out.extend_from_slice(b",\"status\":\"invalid\",\"position\":{\"line\":");
            out.extend_from_slice(itoa::Buffer::new().format(line).as_bytes());
            out.extend_from_slice(b"},\"errors\":[");
            for (i, e) in errors.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"message\":");
                json_string(out, e);
                out.push(b'}');
            }
            out.extend_from_slice(b"]}\n");
        }
        Ok(r) => {
            out.extend_from_slice(b",\"status\":\"");
            out.extend_from_slice(r.status.name().as_bytes());
            for (k, v) in [
                ("\",\"total\":", r.total),
                (",\"specialty\":", r.specialty),
                (",\"public\":", r.public),
                (",\"shortfall\":", r.shortfall),
            ] {
                out.extend_from_slice(k.as_bytes());
                write_units(out, v);
            }
            for (key, credited) in [(",\"credits\":[", true), ("],\"rejected\":[", false)] {
                out.extend_from_slice(key.as_bytes());
                let mut first = true;
                for item in r.items.iter().filter(|i| i.rejection.is_none() == credited) {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend_from_slice(b"{\"index\":");
                    out.extend_from_slice(itoa::Buffer::new().format(item.index).as_bytes());
                    out.extend_from_slice(b",\"kind\":\"");
                    out.extend_from_slice(item.kind.name().as_bytes());
                    if credited {
                        out.extend_from_slice(b"\",\"hours\":");
                        write_units(out, item.hours);
                        out.extend_from_slice(if item.specialty {
                            b",\"category\":\"specialty\""
                        } else {
                            b",\"category\":\"public\""
                        });
                    } else {
                        out.extend_from_slice(b"\",\"reason\":");
                        json_string(out, &rejection_text(item));
                        out.extend_from_slice(b",\"hours_if_accepted\":");
                        write_units(out, item.hours);
                    }
                    out.extend_from_slice(b",\"clause\":\"");
                    out.extend_from_slice(item.kind.clause().as_bytes());
                    out.extend_from_slice(b"\"}");
                }
            }
            out.extend_from_slice(b"]}\n");
        }
    }
}

fn rejection_text(item: &Item) -> String {
    match item.rejection {
        Some(Rejection::NotRecognized) => {
            "the course's website is not recognised by a human resources and social security department".into()
        }
        _ => {
            let (bits, all) = item.kind.evidence().unwrap_or((0, false));
            let names: Vec<&str> = (0..7)
                .filter(|b| bits & (1 << b) != 0)
                .map(|b| EVIDENCE_NAMES[b])
                .collect();
            if all {
                format!("missing evidence: all of {}", names.join(", "))
            } else {
                format!("missing evidence: one of {}", names.join(", "))
            }
        }
    }
}

// ------------------------------------------------------------------------- batches

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

/// Rules the lines of `text` (whole lines) and appends their output to `out`; `first_line`
/// is the 1-based number of the first line. Returns how many records (non-blank lines)
/// there were and how many were invalid.
pub fn rule_lines(
    text: &[u8],
    first_line: usize,
    year: i32,
    format: Format,
    out: &mut Vec<u8>,
) -> (usize, usize) {
    let mut records = 0;
    let mut invalid = 0;
    for (n, raw) in (first_line..).zip(text.split(|&b| b == b'\n')) {
        let mut raw = raw;
        while let [rest @ .., b'\r'] = raw {
            raw = rest;
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let outcome = match std::str::from_utf8(raw) {
            Ok(line) => rule_line(line, year, format == Format::Jsonl),
            Err(e) => Outcome {
                id: None,
                name: None,
                result: Err(vec![format!("the line is not UTF-8 text ({e})")]),
            },
        };
        invalid += usize::from(outcome.result.is_err());
        match format {
            Format::Csv => write_csv(out, &outcome),
            Format::Jsonl => write_jsonl(out, &outcome, year, n),
        }
    }
    (records, invalid)
}
