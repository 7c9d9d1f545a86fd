//! Resident identity numbers (GB 11643-1999): 17 digits and a check character computed with
//! ISO 7064 MOD 11-2.

/// Why a text is not a valid resident ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 18 characters long.
    Length(usize),
    /// A character that is not a digit where a digit must be (or not a digit or `X` last).
    Character {
        /// 1-based position.
        position: usize,
        /// The character.
        found: char,
    },
    /// The check character does not match the first 17 digits.
    Checksum {
        /// The check character the digits give.
        expected: char,
        /// The check character written.
        found: char,
    },
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for 17 digits.
#[allow(clippy::indexing_slicing)] // a remainder of 11 is below 11, CHECK's length
pub(crate) fn check_character(digits: &[u32; 17]) -> char {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK[(sum % 11) as usize]
}

/// Checks a resident ID.
pub(crate) fn validate(id: &str) -> Result<(), IdProblem> {
    // The common case, 18 ASCII characters, needs no allocation.
    if let Ok([head @ .., last]) = <&[u8; 18]>::try_from(id.as_bytes())
        && head.iter().all(u8::is_ascii_digit)
    {
        let digits: [u32; 17] = head.map(|b| u32::from(b - b'0'));
        let last = char::from(*last);
        let expected = check_character(&digits);
        return if expected == last {
            Ok(())
        } else if last.is_ascii_digit() || last == 'X' {
            Err(IdProblem::Checksum {
                expected,
                found: last,
            })
        } else {
            Err(IdProblem::Character {
                position: 18,
                found: last,
            })
        };
    }
    let chars: Vec<char> = id.chars().collect();
    let count = chars.len();
    let Ok([head @ .., last]) = <[char; 18]>::try_from(chars) else {
        return Err(IdProblem::Length(count));
    };
    let mut digits = [0u32; 17];
    for (i, (digit, c)) in digits.iter_mut().zip(&head).enumerate() {
        *digit = c
            .to_digit(10)
            .filter(|_| c.is_ascii_digit())
            .ok_or(IdProblem::Character {
                position: i + 1,
                found: *c,
            })?;
    }
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdProblem::Character {
            position: 18,
            found: last,
        });
    }
    let expected = check_character(&digits);
    if expected != last {
        return Err(IdProblem::Checksum {
            expected,
            found: last,
        });
    }
    Ok(())
}

/// The ID with its middle masked: `650102********1234`.
pub(crate) fn redact(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(6).collect();
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// `text` with every resident ID in it masked as [`redact`] masks one, for texts that quote
/// records (a snippet of a record's line, an error message, a field's path, a value echoed):
/// each occurrence of `id` (the record's own ID, whatever it holds) and each run of 15 to 18
/// characters, digits but for an `X` (or `x`) that may end it, that no other digit touches.
/// The masked text has the same length in bytes: each hidden character becomes as many `*`,
/// so byte offsets into the text stay valid. A text with nothing to mask is borrowed, and
/// nothing is allocated for it.
pub(crate) fn mask_in<'t>(text: &'t str, id: Option<&str>) -> std::borrow::Cow<'t, str> {
    // The runs to hide, each where it starts and its text: most texts have none.
    let mut runs: Vec<(usize, &str)> = Vec::new();
    if let Some(id) = id.filter(|id| !id.is_empty()) {
        runs.extend(text.match_indices(id));
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes
            .iter()
            .skip(i)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            i += 1;
            continue;
        }
        let check = digits < 18 && matches!(bytes.get(i + digits), Some(b'X' | b'x'));
        let run = digits + usize::from(check);
        let before = i.checked_sub(1).and_then(|j| bytes.get(j));
        let alone = |b: Option<&u8>| !b.is_some_and(|b| b.is_ascii_digit());
        if (15..=18).contains(&run) && alone(before) && alone(bytes.get(i + run)) {
            runs.push((i, text.get(i..i + run).unwrap_or_default()));
        }
        i += run;
    }
    if runs.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut hidden = vec![false; text.len()];
    for (start, run) in runs {
        let n = run.chars().count();
        for (i, (at, c)) in run.char_indices().enumerate() {
            if n <= 10 || (6..n - 4).contains(&i) {
                for b in hidden.iter_mut().skip(start + at).take(c.len_utf8()) {
                    *b = true;
                }
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if hidden.get(at).copied().unwrap_or(false) {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_a_text_are_masked_in_place() {
        let line = r#"{"id": "650102198001011234", "n": 12, "x": "1101051949123100211"}"#;
        let masked = mask_in(line, None);
        assert_eq!(
            masked,
            r#"{"id": "650102********1234", "n": 12, "x": "1101051949123100211"}"#
        );
        assert_eq!(masked.len(), line.len());
        assert_eq!(
            mask_in("id 身份证号码 end", Some("身份证号码")),
            "id *************** end"
        );
        assert_eq!(mask_in("no id here 2023", None), "no id here 2023");
        assert!(matches!(
            mask_in("no id here 2023", None),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn ids_among_words_and_paths_are_masked() {
        // In a field's path, after a word, and a check character that ends a run.
        assert_eq!(
            mask_in("activities[0].650102198001011234", None),
            "activities[0].650102********1234"
        );
        assert_eq!(
            mask_in("ID 11010519491231002X", None),
            "ID 110105********002X"
        );
        assert_eq!(
            mask_in("box11010519491231002x", None),
            "box110105********002x"
        );
        // An 18-digit run followed by a letter X: the digits are the ID.
        assert_eq!(mask_in("650102198001011234X", None), "650102********1234X");
        // Too short, too long, or a part of a longer number: not an ID.
        assert_eq!(mask_in("12345678901234", None), "12345678901234");
        assert_eq!(mask_in("1234567890123456789", None), "1234567890123456789");
    }

    #[test]
    fn known_ids() {
        // The worked example of GB 11643-1999.
        assert_eq!(validate("11010519491231002X"), Ok(()));
        assert_eq!(
            validate("650102198001011234").is_ok(),
            check_ok("65010219800101123")
        );
        assert_eq!(
            validate("110105194912310021"),
            Err(IdProblem::Checksum {
                expected: 'X',
                found: '1'
            })
        );
    }

    fn check_ok(first17: &str) -> bool {
        let mut d = [0u32; 17];
        for (i, c) in first17.chars().enumerate() {
            d[i] = c.to_digit(10).unwrap();
        }
        check_character(&d) == '4'
    }

    #[test]
    fn shape_errors() {
        assert_eq!(validate("123"), Err(IdProblem::Length(3)));
        assert!(matches!(
            validate("11010519491231002x"),
            Err(IdProblem::Character { position: 18, .. })
        ));
        assert!(matches!(
            validate("1101051949123100２X"),
            Err(IdProblem::Character { position: 17, .. })
        ));
    }

    #[test]
    fn redaction_keeps_region_and_tail() {
        assert_eq!(redact("650102198001011234"), "650102********1234");
    }
}
