//! The policy language's syntax: the spanned AST, the parser that builds it from text,
//! and the canonical formatter that prints it back.
//!
//! Parsing runs in stages, one module each: `grammar` (pest's parser, the only place its
//! rules are declared), `parse` (the item loop and the limits checked first), `recover`
//! (syntax errors worded and recovered from), `lower` (pest's pairs → the AST), with the
//! errors in `error` and the bounds in `limits`. Nothing outside this folder sees pest.

pub mod ast;
mod error;
mod format;
mod grammar;
mod limits;
mod lower;
mod parse;
mod recover;

pub use error::{Construct, Expected, ParseError, ParseErrorKind};
pub use format::format_policy;
pub use limits::{MAX_DEPTH, MAX_NESTING, MAX_OPERATORS, MAX_POLICY_BYTES, read_policy_text};
pub use parse::parse_policy;
