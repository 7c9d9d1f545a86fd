//! The policy language's syntax: the spanned AST, the parser that builds it from text,
//! and the canonical formatter that prints it back.

pub mod ast;
pub mod format;
pub mod parse;

pub use format::format_policy;
pub use parse::{ParseError, ParseErrorKind, parse_policy};
