//! `xueshi explain-error CODE`: the explanation of a stable error code, from
//! `docs/errors.md` (embedded in the binary); `--list` lists every code.

use super::{Context, FINDINGS, OK, print_error};
use crate::diagnostics::finding::{error_codes, find_error_code};

/// Arguments of `xueshi explain-error`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The code (`X0201`) or its name (`check::unknown-name`, or `unknown-name` when only
    /// one stage has it)
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub(crate) code: Option<String>,

    /// List every code with its name
    #[arg(long, conflicts_with = "code")]
    pub(crate) list: bool,
}

/// Runs `xueshi explain-error`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let text = if args.list {
        error_codes()
            .iter()
            .map(|c| format!("{}  {}\n", c.code, c.name))
            .collect::<String>()
    } else {
        let query = args.code.unwrap_or_default();
        match find_error_code(&query) {
            Some(c) => format!("{} `{}`\n\n{}\n", c.code, c.name, c.explanation),
            None => {
                print_error(
                    context,
                    &crate::messages::fill(
                        context.lang,
                        crate::messages::Msg::ToolsUnknownErrorCode,
                        &[("code", &query)],
                    ),
                );
                return FINDINGS;
            }
        }
    };
    let written = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    super::output_status(written, OK, context)
}
