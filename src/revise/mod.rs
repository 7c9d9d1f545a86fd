//! Revising a policy: its test cases ([`cases`], checked against the policy by
//! [`expectations`]), the differences a new revision makes to
//! rulings ([`diff`]), and folders of revisions in force from their dates ([`revisions`]).

pub mod cases;
pub mod coverage;
pub mod diff;
pub mod expectations;
pub mod revisions;
pub mod update;
