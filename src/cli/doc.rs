//! `xueshi doc POLICY`: the literate view of a policy beside the notice's text, as one HTML
//! page or as Markdown (see [`crate::render::doc`]).

use super::{Context, FAILURE, OK, print_error, read_text};
use clap::ValueEnum;

/// Formats of `doc`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DocFormat {
    /// One self-contained HTML page
    Html,
    /// Markdown
    Md,
}

/// Arguments of `xueshi doc`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The policy file
    #[arg(value_name = "POLICY")]
    pub(crate) policy: String,

    /// The notice's text (Markdown or plain text, paragraphs apart by blank lines)
    /// [default: the policy's name with .notice.md instead of .policy, beside it]
    #[arg(long, value_name = "FILE")]
    pub(crate) notice: Option<String>,

    /// Output format [default: md for an --output ending in .md, html otherwise]
    #[arg(long, value_enum)]
    pub(crate) format: Option<DocFormat>,

    /// Write to FILE (atomically) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<String>,
}

/// Runs `xueshi doc`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let Some(policy) = super::load_policy(&args.policy, context) else {
        return FAILURE;
    };
    let notice_path = args.notice.clone().unwrap_or_else(|| {
        let p = std::path::Path::new(&args.policy);
        p.with_extension("notice.md").display().to_string()
    });
    if args.notice.is_none() && !std::path::Path::new(&notice_path).exists() {
        print_error(
            context,
            &crate::messages::fill(
                context.lang,
                crate::messages::Msg::ToolsDocNoNotice,
                &[("policy", &args.policy), ("expected", &notice_path)],
            ),
        );
        return FAILURE;
    }
    let notice = match read_text(&notice_path, context.lang) {
        Ok(t) => t.replace("\r\n", "\n"),
        Err(message) => {
            print_error(context, &message);
            return FAILURE;
        }
    };
    if let Some(output) = &args.output
        && !super::output_is_not_an_input(output, &[&args.policy, &notice_path], context)
    {
        return FAILURE;
    }
    let format = args.format.unwrap_or(match &args.output {
        Some(o) if o.ends_with(".md") => DocFormat::Md,
        _ => DocFormat::Html,
    });
    let page = match format {
        DocFormat::Html => crate::render::doc::doc_html(&policy, &notice, context.lang),
        DocFormat::Md => crate::render::doc::doc_markdown(&policy, &notice, context.lang),
    };
    let written = match &args.output {
        Some(path) => super::eval::write_atomically(path, |out| out.write_all(page.as_bytes())),
        None => std::io::Write::write_all(&mut std::io::stdout(), page.as_bytes()),
    };
    match written {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            print_error(context, &e.to_string());
            FAILURE
        }
    }
}
