//! Message catalogues: every sentence xueshi shows a person, in English (`en.rs`) and
//! Chinese (`zh.rs`). Code refers to messages by `Msg` key; each catalogue is an exhaustive
//! `match`, so a key missing from either language does not compile. Placeholders are
//! written `{name}` and filled by `fill`. A caller chooses the language, [`Lang`].

mod en;
mod keys;
mod zh;

pub(crate) use keys::Msg;

use std::fmt::Display;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

impl Lang {
    /// The language the environment asks for: `zh` when `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// (the first that is set) starts with `zh`, English otherwise.
    pub fn from_env() -> Lang {
        let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty());
        match var {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// `en` or `zh` (also `zh_CN`, `zh-Hans`, `en_US`…).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// The text of a message, placeholders unfilled.
pub(crate) fn text(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::En => en::text(msg),
        Lang::Zh => zh::text(msg),
    }
}

/// The text of a message with `{name}` placeholders filled from `args`.
pub(crate) fn fill(lang: Lang, msg: Msg, args: &[(&str, &dyn Display)]) -> String {
    let template = text(lang, msg);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match args.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A suggestion as a remark after a sentence, ` (did you mean `x`?)`; empty without one.
pub(crate) fn did_you_mean(lang: Lang, suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| {
            let hint = fill(lang, Msg::HelpDidYouMean, &[("suggestion", &s)]);
            fill(lang, Msg::Aside, &[("text", &hint)])
        })
        .unwrap_or_default()
}

/// Joins items as a sentence does: `a`, `a or b`, `a, b or c`.
pub(crate) fn join(lang: Lang, items: &[String], last: Msg) -> String {
    let word = text(lang, last);
    let sep = match lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => match lang {
            Lang::En => format!("{} {word} {tail}", init.join(sep)),
            Lang::Zh => format!("{}{word}{tail}", init.join(sep)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    out.insert(after[..close].to_string());
                    rest = &after[close + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn every_key_exists_in_both_catalogues_with_the_same_placeholders() {
        for &msg in Msg::ALL {
            let en = text(Lang::En, msg);
            let zh = text(Lang::Zh, msg);
            assert!(!en.is_empty(), "{msg:?} is empty in en");
            assert!(!zh.is_empty(), "{msg:?} is empty in zh");
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{msg:?} has different placeholders in en and zh"
            );
        }
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let s = fill(
            Lang::En,
            Msg::CheckUnknownName,
            &[("what", &"unit"), ("name", &"dai")],
        );
        assert_eq!(s, "unknown unit `dai`");
    }

    #[test]
    fn lists_read_as_sentences() {
        let items: Vec<String> = ["`a`", "`b`", "`c`"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(join(Lang::En, &items, Msg::Or), "`a`, `b` or `c`");
        assert_eq!(join(Lang::Zh, &items, Msg::Or), "`a`、`b`或`c`");
    }

    #[test]
    fn language_comes_from_the_locale() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
