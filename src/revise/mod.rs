//! Revising a policy: its test cases ([`cases`], checked against the policy by
//! [`expectations`]), the differences a new revision makes to
//! rulings ([`diff`]) and to the policy's own rules ([`structure`]), and folders of revisions in force from their dates ([`revisions`]).

pub mod cases;
pub mod coverage;
pub mod diff;
pub mod expectations;
pub mod revisions;
pub mod structure;
pub mod update;
