//! The keys of the record format that no policy declares: the lists of a person's
//! activities and exemptions, and an activity's kind and evidence. Every other key is a
//! field of the policy's schema.

/// Key of a person's activities.
pub(crate) const ACTIVITIES: &str = "activities";
/// Key of a person's exemptions.
pub(crate) const EXEMPTIONS: &str = "exemptions";
/// Key of an activity's kind.
pub(crate) const KIND: &str = "kind";
/// Key of an activity's evidence.
pub(crate) const EVIDENCE: &str = "evidence";
