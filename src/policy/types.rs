//! Types and units of the policy language. Units are checked statically: `8 hours/day ×
//! days(start, end)` is a number of hours, and adding hours to days is a type error.
//! Values at run time carry no units; the compiled expression keeps its type for display.

use std::fmt;

/// Index of a unit in [`crate::policy::Policy::units`].
pub type UnitId = u16;
/// The built-in calendar day (`days(start, end)` counts them).
pub const DAY: UnitId = 0;
/// The built-in year, as a duration (`spread over 2 years`).
pub const YEAR: UnitId = 1;

/// A product of units with integer powers: `hours/day` is `hour¹·day⁻¹`. The empty product
/// is a plain number.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Dim(Vec<(UnitId, i8)>);

impl Dim {
    /// A plain number.
    pub fn none() -> Dim {
        Dim(Vec::new())
    }

    /// One unit.
    pub fn unit(id: UnitId) -> Dim {
        Dim(vec![(id, 1)])
    }

    /// Whether this is a plain number.
    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }

    /// The units and their powers, sorted by unit.
    pub fn powers(&self) -> &[(UnitId, i8)] {
        &self.0
    }

    /// `self × other`.
    pub(crate) fn mul(&self, other: &Dim) -> Dim {
        self.combine(other, 1)
    }

    /// `self ÷ other`.
    pub(crate) fn div(&self, other: &Dim) -> Dim {
        self.combine(other, -1)
    }

    fn combine(&self, other: &Dim, sign: i8) -> Dim {
        let mut out: Vec<(UnitId, i8)> = self.0.clone();
        for &(u, p) in &other.0 {
            match out.iter_mut().find(|(v, _)| *v == u) {
                Some(entry) => entry.1 = entry.1.saturating_add(sign.saturating_mul(p)),
                None => out.push((u, sign.saturating_mul(p))),
            }
        }
        out.retain(|(_, p)| *p != 0);
        out.sort_by_key(|(u, _)| *u);
        Dim(out)
    }
}

/// Index of an enumeration type in [`crate::policy::Policy::enums`].
pub type EnumId = u16;

/// The static type of an expression.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Ty {
    /// The type of an expression that already has an error (reported once, not again).
    Error,
    /// `true` or `false`.
    Bool,
    /// A number in a unit.
    Number(Dim),
    /// A calendar date.
    Date,
    /// A calendar year.
    Year,
    /// Text.
    Text,
    /// One of a closed set of values.
    Enum(EnumId),
    /// A list.
    List(Box<Ty>),
    /// A value an optional field may not have; `otherwise` gives a default.
    Maybe(Box<Ty>),
    /// A category of hours.
    Category,
}

impl Ty {
    /// Whether the type is [`Ty::Error`] or holds it.
    pub(crate) fn is_error(&self) -> bool {
        match self {
            Ty::Error => true,
            Ty::List(t) | Ty::Maybe(t) => t.is_error(),
            _ => false,
        }
    }
}

/// A unit's names, for display and look-up.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInfo {
    /// Singular: `hour`.
    pub singular: String,
    /// Plural: `hours` (the singular when none is declared).
    pub plural: String,
    /// Label in the policy's language: `学时`.
    pub label: Option<String>,
}

/// Writes a dimension with unit names: `hours/day`, `hours`, `days`.
pub(crate) struct DimName<'a> {
    /// The dimension.
    pub(crate) dim: &'a Dim,
    /// The policy's units.
    pub(crate) units: &'a [UnitInfo],
    /// Use Chinese labels where the policy gives them.
    pub(crate) labels: bool,
}

impl DimName<'_> {
    /// The name for exactly one of the unit (`1 hour/day`, not `1 hours/day`).
    pub(crate) fn singular(&self) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, true);
        out
    }

    /// Writes the name; with `singular`, a lone unit on top takes its singular name.
    fn write(&self, f: &mut impl fmt::Write, singular: bool) -> fmt::Result {
        let name = |u: UnitId, plural: bool| -> &str {
            match self.units.get(usize::from(u)) {
                Some(i) if self.labels => i.label.as_deref().unwrap_or(&i.singular),
                Some(i) if plural => &i.plural,
                Some(i) => &i.singular,
                None => "?",
            }
        };
        let ups = || self.dim.0.iter().filter(|(_, p)| *p > 0);
        let lone = singular && ups().count() == 1 && ups().all(|(_, p)| *p == 1);
        let mut first = true;
        for (u, p) in ups() {
            if !first {
                f.write_str("·")?;
            }
            first = false;
            f.write_str(name(*u, !lone))?;
            if *p > 1 {
                write!(f, "^{p}")?;
            }
        }
        if first {
            f.write_str("1")?;
        }
        for (u, p) in self.dim.0.iter().filter(|(_, p)| *p < 0) {
            f.write_str("/")?;
            f.write_str(name(*u, false))?;
            if *p < -1 {
                write!(f, "^{}", -p)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for DimName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_times_durations_cancel() {
        let hour = Dim::unit(2);
        let per_day = hour.div(&Dim::unit(DAY));
        assert_eq!(per_day.mul(&Dim::unit(DAY)), hour);
        assert!(hour.div(&hour).is_none());
    }

    #[test]
    fn names_read_as_written() {
        let units = vec![
            UnitInfo {
                singular: "day".into(),
                plural: "days".into(),
                label: Some("天".into()),
            },
            UnitInfo {
                singular: "year".into(),
                plural: "years".into(),
                label: None,
            },
            UnitInfo {
                singular: "hour".into(),
                plural: "hours".into(),
                label: Some("学时".into()),
            },
        ];
        let dim = Dim::unit(2).div(&Dim::unit(DAY));
        let name = |labels| {
            DimName {
                dim: &dim,
                units: &units,
                labels,
            }
            .to_string()
        };
        assert_eq!(name(false), "hours/day");
        assert_eq!(name(true), "学时/天");
    }
}
