//! Text safe to show on a terminal. Names, units, titles, field names and values come from
//! records and are shown in tables, explanations, error lists, summaries, diffs and test
//! reports; a control character among them (ESC, CR, an OSC sequence) could redraw the
//! screen — a name `"Mallory\e[2K\r… compliant"` would draw a fake row — and a bidi control
//! could reorder what is read ("Trojan source"). Every human-readable output passes the text
//! it did not write itself through [`printable`] (one line, a table cell) or
//! [`printable_lines`] (text of several lines), which write each such character as its code
//! point, `<U+001B>`. JSON escapes them by itself; CSV and XLSX keep values exact.

use std::borrow::Cow;

/// Whether `c` is shown as its code point: the C0 controls (U+0000–001F, with line break and
/// tab), DEL, the C1 controls (U+0080–009F), the line and paragraph separators U+2028 and
/// U+2029 (which some terminals and viewers break a line at), and the bidi controls U+061C,
/// U+200E, U+200F, U+202A–202E and U+2066–2069.
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character [`is_escaped`] says is unsafe written `<U+XXXX>`; borrowed
/// when there is none (the usual case).
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, is_escaped)
}

/// As [`printable`], but line breaks are kept: for texts of several lines (an explanation,
/// a list of errors, a diff).
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && is_escaped(c))
}

fn escape(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_as_code_points() {
        assert_eq!(
            printable("Mallory\u{1b}[2K\r ok\u{202E}x\u{9b}"),
            "Mallory<U+001B>[2K<U+000D> ok<U+202E>x<U+009B>"
        );
        assert_eq!(printable("a\nb\tc"), "a<U+000A>b<U+0009>c");
        assert_eq!(printable_lines("a\nb\u{7}"), "a\nb<U+0007>");
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{2028}', '\u{2029}', '\u{2066}', '\u{2069}',
            '\u{7f}',
        ] {
            assert!(is_escaped(c), "{c:?}");
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(printable("张三 Zhang"), Cow::Borrowed(_)));
        assert!(matches!(printable_lines("one\ntwo"), Cow::Borrowed(_)));
    }
}
