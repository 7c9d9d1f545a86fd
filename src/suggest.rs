//! "Did you mean …?": the closest of a set of names, offered only when it is close enough
//! to be a likely typo.

/// The candidate closest to `name`, if it is similar enough to suggest.
pub(crate) fn closest<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    let lowered_name = name.to_lowercase();
    let length = name.chars().count();
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        // A score of 0.6 needs an edit distance of at most 0.4 × the longer length, and the
        // distance is at least the difference of lengths: most candidates stop here, so a
        // policy with thousands of names is not slowed down by its own typos.
        let other = candidate.chars().count();
        if length.abs_diff(other) * 5 > length.max(other) * 2 {
            continue;
        }
        let mut score = strsim::normalized_damerau_levenshtein(name, candidate);
        if candidate.chars().any(char::is_uppercase) || lowered_name != name {
            let lowered =
                strsim::normalized_damerau_levenshtein(&lowered_name, &candidate.to_lowercase());
            score = score.max(lowered);
        }
        // A name of two characters one edit away (`时树` for `时数`: Chinese names are short)
        // is close enough too, though its score is 0.5.
        let one_edit =
            length >= 2 && length == other && strsim::damerau_levenshtein(name, candidate) == 1;
        if (score >= 0.6 || one_edit) && best.is_none_or(|(s, _)| score > s) {
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
        assert_eq!(closest("时树", ["时数", "天数"]), Some("时数".into()));
        assert_eq!(closest("时", ["天"]), None);
        assert_eq!(closest("开会", ["结业"]), None);
    }
}
