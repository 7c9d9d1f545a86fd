//! The policy's text itself: bidirectional control characters (U+202A–U+202E, U+2066–U+2069)
//! in strings or comments make an editor show the text in another order than the one xueshi
//! reads ("Trojan source", CVE-2021-42574). Each is a located warning.

use super::Checker;
use super::error::CheckErrorKind;
use crate::source::Span;

/// The bidirectional embedding, override and isolate controls, with their Unicode names.
const BIDI_CONTROLS: [(char, &str); 9] = [
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
];

/// The Unicode name of `c` when it is a bidirectional control.
pub(crate) fn bidi_control_name(c: char) -> Option<&'static str> {
    BIDI_CONTROLS
        .iter()
        .find(|(control, _)| *control == c)
        .map(|(_, name)| *name)
}

impl Checker<'_> {
    /// Warns at every bidirectional control character of the text.
    pub(super) fn bidi_controls(&mut self) {
        let source = self.source.clone();
        for (offset, c) in source.text().char_indices() {
            if let Some(name) = bidi_control_name(c) {
                self.error(
                    CheckErrorKind::BidiControl {
                        code_point: format!("U+{:04X}", u32::from(c)),
                        name,
                    },
                    Span::new(offset, offset + c.len_utf8()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_nine_controls_and_nothing_else() {
        assert_eq!(
            bidi_control_name('\u{202E}'),
            Some("RIGHT-TO-LEFT OVERRIDE")
        );
        assert_eq!(
            bidi_control_name('\u{2069}'),
            Some("POP DIRECTIONAL ISOLATE")
        );
        assert_eq!(bidi_control_name('a'), None);
        assert_eq!(bidi_control_name('\u{200F}'), None);
        assert_eq!(bidi_control_name('学'), None);
    }
}
