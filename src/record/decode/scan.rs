//! A cursor over one line of JSON for the fast way of decoding (`fast`): it reads the
//! tokens a clean record is made of — punctuation, strings (borrowed from the line when they
//! have no escape), numbers as their text, `true` and `false` — and the extent of any other
//! value, and answers `None` at the first thing it does not expect. It is strict (RFC 8259:
//! no control character in a string, no leading zero, no lone surrogate), so that whatever
//! it reads the tree's reader (`crate::input::json`) reads the same; the fast way gives up
//! on the rest, and the tree's decoding finds and reports what is wrong.

use std::borrow::Cow;

/// The most arrays and objects a value skipped by [`Scan::value`] may be nested in (the
/// tree's reader has its own limit, and reads such a value again).
const MAX_SKIP_DEPTH: usize = 64;

/// The bytes of `word` that are a quote, a backslash or a control character (below 0x20),
/// the bytes that end a plain run of a string, flagged by their high bit (0 when none is). (Bit tricks of "Bit Twiddling
/// Hacks": a byte is zero in `word ^ pattern` where it equals the pattern's byte; a byte
/// below `n` borrows when `n` is subtracted. Bytes of UTF-8 above 0x7F never match.)
#[inline]
fn special(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    quote | backslash | control
}

/// The index of the first byte from `i` on that ends a plain run of a string (a quote, a
/// backslash or a control character); `None` when the text ends first.
#[inline]
fn plain_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    // Eight bytes at a time while eight are left.
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let found = special(u64::from_le_bytes(*chunk));
        if found != 0 {
            // The lowest flagged byte is the first special one (a false flag can only be
            // above a true one).
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|at| i + at)
}

/// A position in the text of one line of JSON.
pub(super) struct Scan<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Scan<'t> {
    /// A cursor at the start of `text`.
    pub(super) fn new(text: &'t str) -> Self {
        Scan { text, pos: 0 }
    }

    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    /// Skips JSON whitespace.
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    pub(super) fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes().get(self.pos).copied()
    }

    /// The next byte after whitespace, consumed.
    #[inline]
    pub(super) fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `byte` (after whitespace), or `None`.
    #[inline]
    pub(super) fn eat(&mut self, byte: u8) -> Option<()> {
        (self.next_byte()? == byte).then_some(())
    }

    /// Whether only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// Opens an object or an array (`open` is `{` or `[`): `Some(true)` when it has a first
    /// member, `Some(false)` when it is empty (and closed).
    #[inline]
    pub(super) fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.eat(open)?;
        if self.peek()? == close {
            self.pos += 1;
            return Some(false);
        }
        Some(true)
    }

    /// After a member of an object or array: `Some(true)` after a comma (another member
    /// follows), `Some(false)` at `close`.
    #[inline]
    pub(super) fn more(&mut self, close: u8) -> Option<bool> {
        match self.next_byte()? {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }

    /// A key and its colon.
    #[inline]
    pub(super) fn key(&mut self) -> Option<Cow<'t, str>> {
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// A string (after whitespace), unescaped: borrowed from the text when it has no escape.
    /// (Inlined where it is called: a call's saving and restoring of registers cost as much
    /// as reading a short string.)
    #[inline(always)]
    pub(super) fn string(&mut self) -> Option<Cow<'t, str>> {
        let bytes = self.bytes();
        if bytes.get(self.pos) != Some(&b'"') {
            self.ws();
            if bytes.get(self.pos) != Some(&b'"') {
                return None;
            }
        }
        let start = self.pos + 1;
        let end = plain_end(bytes, start)?;
        if bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return self.text.get(start..end).map(Cow::Borrowed);
        }
        self.escaped(start, end)
    }

    /// The rest of a string that starts at `start` and whose plain run ends at `i`, not
    /// at its closing quote: unescaped into a new text (`None` at a control character).
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize, mut i: usize) -> Option<Cow<'t, str>> {
        let bytes = self.bytes();
        let mut out = String::from(self.text.get(start..i)?);
        loop {
            match *bytes.get(i)? {
                b'"' => {
                    self.pos = i + 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    let escaped = *bytes.get(i + 1)?;
                    i += 2;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4(i)?;
                            i += 4;
                            if (0xD800..0xDC00).contains(&high) {
                                // A surrogate pair: `\uD83D\uDE00`.
                                if bytes.get(i..i + 2)? != b"\\u" {
                                    return None;
                                }
                                let low = self.hex4(i + 2)?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                i += 6;
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                            } else {
                                char::from_u32(high)?
                            }
                        }
                        _ => return None,
                    };
                    out.push(c);
                }
                0..0x20 => return None,
                _ => {
                    // Copies up to the next special byte (a run of whole characters: the
                    // special bytes are ASCII).
                    let run = plain_end(bytes, i)?;
                    out.push_str(self.text.get(i..run)?);
                    i = run;
                }
            }
        }
    }

    /// The four hexadecimal digits at `at`.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number (after whitespace), as written: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    pub(super) fn number(&mut self) -> Option<&'t str> {
        self.ws();
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.pos = i;
        self.text.get(start..i)
    }

    /// `true` or `false` (after whitespace).
    pub(super) fn boolean(&mut self) -> Option<bool> {
        self.ws();
        let rest = self.bytes().get(self.pos..)?;
        if rest.starts_with(b"true") {
            self.pos += 4;
            Some(true)
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Some(false)
        } else {
            None
        }
    }

    /// The text of the value that starts here (after whitespace), skipped.
    pub(super) fn value(&mut self) -> Option<&'t str> {
        self.ws();
        let start = self.pos;
        self.skip(0)?;
        self.text.get(start..self.pos)
    }

    /// Skips one value, nested in `depth` arrays and objects.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_SKIP_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b't' | b'f' => self.boolean().map(drop),
            b'n' => {
                let rest = self.bytes().get(self.pos..)?;
                rest.starts_with(b"null").then(|| self.pos += 4)
            }
            b'[' => {
                let mut more = self.open(b'[', b']')?;
                while more {
                    self.skip(depth + 1)?;
                    more = self.more(b']')?;
                }
                Some(())
            }
            b'{' => {
                let mut more = self.open(b'{', b'}')?;
                while more {
                    self.key()?;
                    self.skip(depth + 1)?;
                    more = self.more(b'}')?;
                }
                Some(())
            }
            _ => self.number().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Scan;

    #[test]
    fn strings_are_unescaped_and_borrowed_when_plain() {
        let mut s = Scan::new(r#" "abc" "a\"b\\c\/\n\u00e9\ud83d\ude00z" "#);
        assert!(matches!(
            s.string(),
            Some(std::borrow::Cow::Borrowed("abc"))
        ));
        assert_eq!(s.string().as_deref(), Some("a\"b\\c/\né😀z"));
        assert!(s.at_end());
        for bad in [
            "\"a\u{1}\"",
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\x""#,
            r#""\u12""#,
            "\"abc",
        ] {
            assert_eq!(Scan::new(bad).string(), None, "{bad}");
        }
    }

    #[test]
    fn special_bytes_are_found_in_any_place() {
        for at in 0..8 {
            for b in [b'"', b'\\', 0, 0x1f, b'\n'] {
                let mut word = *b"abcd\xe9fgh";
                word[at] = b;
                let found = super::special(u64::from_le_bytes(word));
                assert_eq!(found.trailing_zeros() / 8, at as u32, "{b} at {at}");
            }
        }
        assert_eq!(super::special(u64::from_le_bytes(*b" ~\x7f\x80\xff!#[")), 0);
    }

    #[test]
    fn numbers_are_strict() {
        for good in ["0", "-0", "12", "12.50", "-3e2", "1E+2", "0.5e-1"] {
            let mut s = Scan::new(good);
            assert_eq!(s.number(), Some(good), "{good}");
            assert!(s.at_end());
        }
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1e+"] {
            let mut s = Scan::new(bad);
            assert!(s.number().is_none() || !s.at_end(), "{bad}");
        }
    }

    #[test]
    fn values_are_skipped_whole() {
        let mut s = Scan::new(r#"[1, "x", {"a": [true, null]}, []] ,"#);
        assert_eq!(s.value(), Some(r#"[1, "x", {"a": [true, null]}, []]"#));
        assert_eq!(s.next_byte(), Some(b','));
        assert_eq!(Scan::new("[1,]").value(), None);
        assert_eq!(Scan::new(&"[".repeat(100)).value(), None);
    }
}
