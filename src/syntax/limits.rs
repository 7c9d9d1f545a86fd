//! The bounds on a policy's size and nesting, and the checks of them that need no grammar:
//! brackets counted in the raw text, and the depth of an expression's tree.

use super::ast::{Expr, ExprKind};

/// How deep parentheses, brackets and braces may nest in a policy. With [`MAX_OPERATORS`]
/// it bounds the parser's recursion (prefix and right-associative operators recurse while
/// the enclosing expressions wait): 32 × 128 levels at most.
pub const MAX_NESTING: usize = 32;
/// How many operators one expression may have.
pub const MAX_OPERATORS: usize = 128;
/// The largest policy file read.
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// How deep an expression's tree may be (operators within operators). The checker, the
/// evaluator and the formatter recurse over expressions; this bound keeps them safe.
pub const MAX_DEPTH: usize = 256;

/// Reads a policy's text from `reader`, at most one byte past [`MAX_POLICY_BYTES`]: a file
/// longer than that is not read further, and its text, cut there (with any broken character
/// replaced), is longer than the limit, which the parser refuses before anything else
/// (`parse::too-large`). `Err` holds where a text within the limit stops being UTF-8.
pub fn read_policy_text(reader: impl std::io::Read) -> std::io::Result<Result<String, usize>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(MAX_POLICY_BYTES as u64 + 1), &mut bytes)?;
    if bytes.len() > MAX_POLICY_BYTES {
        return Ok(Ok(String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to()))
}

/// Whether `e` is deeper than `n` levels (recursing at most `n` levels).
pub(super) fn deeper_than(e: &Expr, n: usize) -> bool {
    if n == 0 {
        return true;
    }
    let deeper = |c: &Expr| deeper_than(c, n - 1);
    match &e.node {
        ExprKind::Number { .. }
        | ExprKind::Date(_)
        | ExprKind::Text(_)
        | ExprKind::Bool(_)
        | ExprKind::Name(_)
        | ExprKind::SumCredits { .. }
        | ExprKind::Quantifier { .. }
        | ExprKind::Previous { .. } => false,
        ExprKind::List(items) => items.iter().any(deeper),
        ExprKind::Call { args, .. } => args.iter().any(deeper),
        ExprKind::Unary { operand, .. } | ExprKind::Window { of: operand, .. } => deeper(operand),
        ExprKind::Binary { lhs, rhs, .. } => deeper(lhs) || deeper(rhs),
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => deeper(cond) || deeper(then) || deeper(otherwise),
        ExprKind::Match { scrutinee, arms } => {
            deeper(scrutinee) || arms.iter().any(|a| deeper(&a.value))
        }
    }
}

/// Where brackets first nest deeper than [`MAX_NESTING`], outside strings and comments.
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                // Skip the string, escapes included.
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
