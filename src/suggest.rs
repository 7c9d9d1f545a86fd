//! "Did you mean …?": the closest of a set of names, offered only when it is close enough
//! to be a likely typo.

/// The candidate closest to `name`, if it is similar enough to suggest.
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(name, candidate);
        let lowered =
            strsim::normalized_damerau_levenshtein(&name.to_lowercase(), &candidate.to_lowercase());
        let score = score.max(lowered);
        if score >= 0.6 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["specialty", "public", "total"];
        assert_eq!(closest("speciality", names), Some("specialty".into()));
        assert_eq!(closest("Total", names), Some("total".into()));
        assert_eq!(closest("conference", names), None);
        assert_eq!(
            closest("培训证书", ["培训证", "结业证"]),
            Some("培训证".into())
        );
    }
}
