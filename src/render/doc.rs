//! `xueshi doc`: the literate view of a policy. The notice's text, paragraph by paragraph,
//! each followed by the rules that cite a sentence of it (their line in the policy, their
//! text with values, units and labels, the reading they take); paragraphs no rule cites are
//! marked "not encoded", and citations whose sentence the text does not hold are listed at the
//! end. As Markdown or as one self-contained HTML page that prints well. The notice's text is
//! read by the caller from a file; nothing of it is in Rust.

use crate::messages::{Lang, Msg, text};
use crate::policy::{Origin, Policy};

/// One citing rule: where it is and what it says.
#[derive(Debug, Clone)]
struct Citing {
    clause: String,
    quote: Option<String>,
    line: usize,
    rule: String,
    reading: Option<String>,
}

/// Every rule of the policy that carries its own citation, in source order.
fn citing_rules(policy: &Policy) -> Vec<Citing> {
    let mut origins: Vec<&Origin> = Vec::new();
    origins.extend(policy.constants.iter().map(|c| &c.rule.origin));
    for k in &policy.kinds {
        origins.push(&k.origin);
        origins.extend(k.constraints.iter().map(|c| &c.rule.origin));
        origins.push(&k.credit.origin);
        origins.extend(k.caps.iter().map(|c| &c.origin));
        origins.extend(k.evidence.iter().map(|e| &e.origin));
        origins.extend(k.rejections.iter().map(|r| &r.rule.origin));
        origins.extend(k.locals.iter().map(|l| &l.rule.origin));
    }
    if let Some(x) = &policy.exemption {
        origins.push(&x.origin);
        origins.push(&x.covers.origin);
        origins.extend(x.constraints.iter().map(|c| &c.rule.origin));
        origins.extend(x.rejections.iter().map(|r| &r.rule.origin));
    }
    origins.push(&policy.year.origin);
    // A figure that cites a clause of its own (a carry-over, say); the others share the
    // block's, which is listed already.
    let block_cite = policy.year.origin.cite.as_ref();
    origins.extend(
        policy
            .year
            .figures
            .iter()
            .map(|f| &f.rule.origin)
            .filter(|o| o.cite.as_ref() != block_cite),
    );
    origins.extend(policy.year.requirements.iter().map(|r| &r.origin));
    for p in &policy.purposes {
        origins.push(&p.origin);
        origins.extend(p.periods.iter().map(|r| &r.origin));
        origins.extend(p.statuses.iter().map(|s| &s.origin));
    }
    let source = &policy.source;
    let mut out: Vec<Citing> = origins
        .into_iter()
        .filter_map(|o| {
            let cite = o.cite.as_ref()?;
            let rule = source.slice(o.span);
            // A block's citation is shown with its first line only.
            let rule = rule.lines().next().unwrap_or_default().trim().to_string();
            Some(Citing {
                clause: cite.clause.clone(),
                quote: cite.quote.clone(),
                line: source.line_of(o.span.start),
                rule,
                reading: o.reading.as_ref().map(|r| match &r.en {
                    Some(en) => format!("{} ({en})", r.text),
                    None => r.text.clone(),
                }),
            })
        })
        .collect();
    out.sort_by_key(|c| c.line);
    out.dedup_by(|a, b| a.line == b.line && a.rule == b.rule);
    out
}

/// The text without spaces, for finding a quotation in a paragraph whatever its line breaks.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `paragraph` holds the quotation: its longest piece between ellipses.
fn quotes(paragraph: &str, quote: &str) -> bool {
    let piece = quote
        .split(['…', '.'])
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || "，。；：、,;:".contains(c)))
        .max_by_key(|p| p.chars().count())
        .unwrap_or_default();
    !piece.is_empty() && squeeze(paragraph).contains(&squeeze(piece))
}

/// A paragraph of the notice and the rules citing it.
struct Section<'n> {
    text: &'n str,
    heading: bool,
    rules: Vec<Citing>,
}

fn sections<'n>(notice: &'n str, rules: &[Citing]) -> (Vec<Section<'n>>, Vec<Citing>) {
    let mut out: Vec<Section> = notice
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Section {
            text: p,
            heading: p.starts_with('#'),
            rules: Vec::new(),
        })
        .collect();
    let mut unplaced = Vec::new();
    for r in rules {
        let place = r
            .quote
            .as_deref()
            .and_then(|q| out.iter_mut().find(|s| !s.heading && quotes(s.text, q)));
        match place {
            Some(s) => s.rules.push(r.clone()),
            None => unplaced.push(r.clone()),
        }
    }
    (out, unplaced)
}

/// The literate view as Markdown.
pub fn doc_markdown(policy: &Policy, notice: &str, lang: Lang) -> String {
    let rules = citing_rules(policy);
    let (sections, unplaced) = sections(notice, &rules);
    let file = policy.source.name();
    let mut out = format!(
        "# {} {}\n\n{}\n\n",
        policy.info.title.as_deref().unwrap_or(&policy.info.name),
        policy.info.version,
        crate::messages::fill(lang, Msg::ToolsDocIntro, &[("file", &file)])
    );
    let mut not_encoded = 0;
    for s in &sections {
        if s.heading {
            out.push_str(&format!("{}\n\n", s.text));
            continue;
        }
        for line in s.text.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        out.push('\n');
        if s.rules.is_empty() {
            not_encoded += 1;
            out.push_str(&format!("*{}*\n\n", text(lang, Msg::ToolsDocNotEncoded)));
        }
        for r in &s.rules {
            out.push_str(&rule_markdown(r, file));
        }
        out.push('\n');
    }
    if !unplaced.is_empty() {
        out.push_str(&format!("## {}\n\n", text(lang, Msg::ToolsDocUnplaced)));
        for r in &unplaced {
            out.push_str(&rule_markdown(r, file));
        }
        out.push('\n');
    }
    out.push_str(&crate::messages::fill(
        lang,
        Msg::ToolsDocCounts,
        &[("rules", &rules.len()), ("paragraphs", &not_encoded)],
    ));
    out.push('\n');
    out
}

fn rule_markdown(r: &Citing, file: &str) -> String {
    let mut s = format!(
        "- [{file}:{}]({file}#L{}) **{}** `{}`\n",
        r.line, r.line, r.clause, r.rule
    );
    if let Some(reading) = &r.reading {
        s.push_str(&format!("  - reading: {reading}\n"));
    }
    s
}

/// HTML text with `<`, `>`, `&` and quotes escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The literate view as one self-contained HTML page (styles inline, no script), with the
/// policy's text at the end, its lines numbered and linked from each rule.
pub fn doc_html(policy: &Policy, notice: &str, lang: Lang) -> String {
    let rules = citing_rules(policy);
    let (sections, unplaced) = sections(notice, &rules);
    let file = policy.source.name();
    let title = escape(policy.info.title.as_deref().unwrap_or(&policy.info.name));
    let mut body = String::new();
    let mut not_encoded = 0;
    for s in &sections {
        if s.heading {
            let level = s.text.chars().take_while(|c| *c == '#').count().clamp(2, 4);
            let words = escape(s.text.trim_start_matches('#').trim());
            body.push_str(&format!("<h{level}>{words}</h{level}>\n"));
            continue;
        }
        body.push_str("<section class=\"clause\"><blockquote>");
        body.push_str(&escape(s.text).replace('\n', "<br>"));
        body.push_str("</blockquote>\n");
        if s.rules.is_empty() {
            not_encoded += 1;
            body.push_str(&format!(
                "<p class=\"not-encoded\">{}</p>\n",
                escape(text(lang, Msg::ToolsDocNotEncoded))
            ));
        }
        body.push_str(&rules_html(&s.rules));
        body.push_str("</section>\n");
    }
    if !unplaced.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>\n<section class=\"clause\">{}</section>\n",
            escape(text(lang, Msg::ToolsDocUnplaced)),
            rules_html(&unplaced)
        ));
    }
    let mut listing = String::new();
    for (i, line) in policy.source.text().lines().enumerate() {
        listing.push_str(&format!(
            "<span id=\"L{n}\"><a href=\"#L{n}\">{n:>4}</a>  {}</span>\n",
            escape(line),
            n = i + 1
        ));
    }
    let lang_tag = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    let intro = escape(&crate::messages::fill(
        lang,
        Msg::ToolsDocIntro,
        &[("file", &file)],
    ));
    let counts = escape(&crate::messages::fill(
        lang,
        Msg::ToolsDocCounts,
        &[("rules", &rules.len()), ("paragraphs", &not_encoded)],
    ));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} {version}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title} {version}</h1>\n<p>{intro}</p>\n{body}<p class=\"counts\">{counts}</p>\n<h2>{file_name}</h2>\n<pre class=\"policy\">{listing}</pre>\n</body>\n</html>\n",
        version = escape(&policy.info.version),
        file_name = escape(file),
    )
}

fn rules_html(rules: &[Citing]) -> String {
    let mut out = String::from("<ul class=\"rules\">\n");
    for r in rules {
        out.push_str(&format!(
            "<li><a href=\"#L{line}\">L{line}</a> <b>{}</b> <code>{}</code>",
            escape(&r.clause),
            escape(&r.rule),
            line = r.line
        ));
        if let Some(reading) = &r.reading {
            out.push_str(&format!("<br><i>reading:</i> {}", escape(reading)));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    out
}

const STYLE: &str =
    "body { font-family: serif; max-width: 48em; margin: 2em auto; line-height: 1.5; }
blockquote { margin: 0; padding: 0.5em 1em; border-left: 3px solid #888; background: #f6f6f6; }
.clause { margin: 1em 0; break-inside: avoid; }
.not-encoded { color: #a00; font-style: italic; }
ul.rules { margin: 0.3em 0; }
code, pre { font-family: monospace; font-size: 0.9em; }
pre.policy { white-space: pre-wrap; }
pre.policy a { color: #888; text-decoration: none; }
@media print { a { color: inherit; text-decoration: none; } pre.policy { font-size: 8pt; } }
";
