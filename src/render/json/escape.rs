//! JSON string escaping as serde_json escapes, eight bytes at a time where nothing needs it.

/// Appends `s` as a JSON string literal.
pub(super) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_string_contents(out, s);
    out.push(b'"');
}

/// What a byte becomes inside a JSON string: `0` for itself, `u` for `\u00XX`, else the
/// letter after the backslash (serde_json's escapes).
#[allow(clippy::indexing_slicing)] // evaluated when compiling: an index out of range fails the build
static ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of eight bytes is a control character, a quote or a backslash.
fn any_to_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n ≤ 128) sets its high bit in `(word - n) & !word`.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGH != 0
}

/// Appends `s` escaped as the inside of a JSON string, as serde_json escapes it.
// In range: `chunks_exact(8)` gives chunks of eight bytes, a byte indexes a table of 256, and
// `start <= at + i <= bytes.len()` (each escape moves `start` just past it). The checks
// the compiler cannot remove cost a compare each, not a branch out of the loop.
#[allow(clippy::indexing_slicing)]
pub(super) fn write_string_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Bytes from `start` are still to be copied.
    let mut start = 0;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if any_to_escape(word) {
            for (i, &b) in chunk.iter().enumerate() {
                if ESCAPES[usize::from(b)] != 0 {
                    out.extend_from_slice(&bytes[start..at + i]);
                    write_escape(out, b);
                    start = at + i + 1;
                }
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if ESCAPES[usize::from(b)] != 0 {
            out.extend_from_slice(&bytes[start..at + i]);
            write_escape(out, b);
            start = at + i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Appends the escape of `b`, a byte [`ESCAPES`] escapes.
#[allow(clippy::indexing_slicing)] // a byte indexes a table of 256, a nibble one of 16
fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match ESCAPES[usize::from(b)] {
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xF)],
        ]),
        letter => out.extend_from_slice(&[b'\\', letter]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_character_is_escaped_as_serde_json_escapes_it() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("abcdefg{c}"),
                format!("abcdefgh{c}xyz"),
                format!("{c}abcdefghijklmno{c}{c}"),
            ] {
                assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in ".*") {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn control_heavy_strings_are_escaped_as_serde_json_escapes_them(
            s in "[\\x00-\\x1f\"\\\\a-z\u{80}-\u{10ffff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
